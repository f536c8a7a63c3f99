//! The header (the tabs, the counts, the help key) and the search line
//! with the filters that are on as chips.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Theme, help_label, layout, truncate, width};
use crate::app::{App, Command, Mode, Tab};
use crate::text::width::tail;

/// How many are shown of how many, in full and short.
fn counts(app: &App) -> (String, String) {
    let t = app.current();
    let shown = t.outcome.hits.len();
    match app.tab {
        Tab::Networks => {
            let total = if app.bookmarks_only {
                app.bookmarks.len()
            } else {
                app.catalogue.networks.len()
            };
            (
                format!("{shown} of {total} · {} bookmarked", app.bookmarks.len()),
                format!("{shown} of {total}"),
            )
        }
        Tab::Learning if app.learning_opening() => (
            "opening the opportunities…".to_owned(),
            "opening…".to_owned(),
        ),
        Tab::Learning => (
            format!("{shown} of {} opportunities", t.index.len()),
            format!("{shown} of {}", t.index.len()),
        ),
    }
}

/// The header: the name, the tabs, what narrows the list, the counts where
/// they fit, the help key, and the catalogue's name where it fits whole.
pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let (counts, short) = counts(app);
    let tab = |label: String, active: bool| {
        if active {
            Span::styled(label, theme.tab_active)
        } else {
            Span::styled(label, theme.dim)
        }
    };
    let [networks, learning] = layout::tab_labels(&app.keymap, area.width);
    let mut left = vec![
        Span::styled(" hinet ", theme.title),
        Span::raw(" "),
        tab(networks, app.tab == Tab::Networks),
        Span::raw("  "),
        tab(learning, app.tab == Tab::Learning),
    ];
    let aw = usize::from(area.width);
    // `? help` is always there; the counts shrink, then go, before it does.
    let help = help_label(app).map(|k| (k, " help "));
    let help_w = help.as_ref().map_or(1, |(k, h)| width(k) + width(h) + 1);
    let left_w = Line::from(left.clone()).width();
    let mut marker = String::new();
    if app.bookmarks_only && app.tab == Tab::Networks {
        marker.push_str("  ★ bookmarks only");
    }
    if app.fits_only {
        marker.push_str("  ● fits you");
    }
    let want_marker = !marker.is_empty();
    let marker_w = if want_marker { width(&marker) } else { 0 };
    let room = aw.saturating_sub(left_w + help_w);
    let counts = [counts, short]
        .into_iter()
        .find(|c| width(c) + 3 + marker_w <= room)
        .or_else(|| (marker_w > 0).then_some(String::new()));
    if want_marker && room >= marker_w {
        left.push(Span::styled(marker, theme.star));
    }
    let left_w = Line::from(left.clone()).width();
    Paragraph::new(Line::from(left)).render(area, buf);
    let mut right = Vec::new();
    if let Some(c) = counts.filter(|c| !c.is_empty()) {
        right.push(Span::styled(c, theme.text));
        right.push(Span::raw("   "));
    }
    if let Some((k, h)) = help {
        right.push(Span::styled(k, theme.key));
        right.push(Span::raw(h));
    }
    let right = Line::from(right);
    let right_w = right.width().min(aw) as u16;
    let r = Rect::new(area.x + area.width - right_w, area.y, right_w, 1);
    Clear.render(r, buf);
    Paragraph::new(right).render(r, buf);
    catalogue_name(app, theme, area, left_w + 3, usize::from(right_w), buf);
}

/// The catalogue's name, from column `x`, only where it fits whole before
/// the `right` cells at the end of the line.
fn catalogue_name(app: &App, theme: &Theme, area: Rect, x: usize, right: usize, buf: &mut Buffer) {
    let name = &app.catalogue.info.name;
    let name_w = width(name);
    if usize::from(area.width) >= right + x + name_w + 2 {
        let r = Rect::new(area.x + x as u16, area.y, name_w as u16, 1);
        Paragraph::new(Line::styled(name.clone(), theme.dim)).render(r, buf);
    }
}

/// The search line: the box (with its cursor while typing) and the
/// filters that are on, as chips, where there is room.
pub(super) fn search_line(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    // The cursor shows only where typing goes.
    let typing = app.mode() == Mode::Search;
    // The box is marked with the key that comes back to it.
    let search_key = app.keymap.key_label(Command::Search);
    let mut spans = vec![Span::styled(
        format!(" {search_key} "),
        if typing { theme.chip } else { theme.dim },
    )];
    let aw = usize::from(area.width);
    if typing {
        let (before, after) = t.query.split_at(t.query_cursor.min(t.query.len()));
        // Keep the cursor on screen: show the end of what is before it.
        let room = aw.saturating_sub(4).max(1);
        let before = tail(before, room.saturating_sub(width(after).min(room / 2)));
        spans.push(Span::raw(before.to_string()));
        spans.push(Span::styled("▏", theme.chip));
        spans.push(Span::raw(after.to_string()));
        if t.query.is_empty() {
            spans.push(Span::styled("type to search", theme.dim));
        }
    } else if t.query.is_empty() {
        spans = vec![
            Span::raw(" "),
            Span::styled(search_key, theme.key),
            Span::styled(" to search", theme.dim),
        ];
    } else {
        spans.push(Span::raw(truncate(&t.query, aw.saturating_sub(4))));
    }
    let chips = chips(app, theme);
    let line = Line::from(spans);
    let qw = line.width() as u16 + 2;
    Paragraph::new(line).render(area, buf);
    if !chips.is_empty() && area.width > qw + 10 {
        let r = Rect::new(area.x + qw, area.y, area.width - qw, 1);
        Paragraph::new(Line::from(chips)).render(r, buf);
    }
}

/// A chip for each filter that is on.
fn chips<'a>(app: &'a App, theme: &Theme) -> Vec<Span<'a>> {
    let t = app.current();
    let mut out = Vec::new();
    for (f, v) in t.filters.active() {
        let facet = &t.index.facets[f];
        out.push(Span::styled(
            format!(" {}: {} ×", facet.key, facet.values[v].label),
            theme.chip,
        ));
    }
    out
}
