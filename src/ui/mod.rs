//! Drawing only: the screen is a function of the app's state. Nothing here
//! changes state.

pub mod detail;
pub mod fit;
pub mod message;
pub mod svg;
pub mod theme;
pub mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_segmentation::UnicodeSegmentation;

use crate::app::geometry::centered;
use crate::app::keymap::QUIT_ANYWHERE;
use crate::app::{
    App, Command, Context, FacetRow, Focus, Layer, Layout, Mode, Overlay, Tab, geometry, help,
};
use crate::bookmarks::BookmarkStatus;
use crate::catalogue::{CostClass, Status};
use crate::query::{DocRef, Query, highlight};
use crate::text::width::tail;
/// Display width lives in `text::width`; the drawing code names it here.
pub use crate::text::width::{truncate, width};

pub use theme::Theme;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    render(app, theme, area, frame.buffer_mut());
}

/// Hand the app what it needs from the drawing: how tall the detail is, so
/// that scrolling stops at its end. Call once after making the app.
pub fn install(app: &mut App) {
    app.detail_measure = Some(detail::measure);
}

/// Draw into a buffer (what `draw` does, usable without a terminal).
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if Layout::for_size(area.width, area.height) == Layout::TooSmall {
        too_small(app, theme, area, buf);
        return;
    }
    let p = geometry::panes(area);
    header(app, theme, p.header, buf);
    search_line(app, theme, p.search, buf);
    main_area(app, theme, &p, buf);
    footer(app, theme, p.footer, buf);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => help(app, theme, area, buf),
        Overlay::Facets => {
            let r = geometry::facets_overlay(area);
            Clear.render(r, buf);
            facets(app, theme, r, buf, true);
        }
        Overlay::Detail => {
            let r = p.main;
            Clear.render(r, buf);
            detail::render(app, theme, r, buf, true);
        }
        Overlay::Note { id, text, cursor } => note_editor(app, theme, area, buf, id, text, *cursor),
    }
    message::render(app, theme, p.main, buf);
    if let Some(w) = &app.welcome {
        welcome::render(app, w, theme, area, buf);
    }
}

fn too_small(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::styled("Terminal too small", theme.title),
        Line::styled("hinet needs 40x10 or more", theme.dim),
        Line::styled(
            match app
                .keymap
                .binding(Command::Quit)
                .and_then(|b| b.keys.first())
            {
                Some(k) => format!("{k} or {QUIT_ANYWHERE} quits"),
                None => format!("{QUIT_ANYWHERE} quits"),
            },
            theme.dim,
        ),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The key that quits in the mode in force: the command's first key among
/// the commands, Ctrl-C while typing (or when `quit` has no key).
fn quit_label(app: &App) -> String {
    let km = &app.keymap;
    match (
        app.mode(),
        km.binding(Command::Quit).and_then(|b| b.keys.first()),
    ) {
        (Mode::Commands, Some(k)) => k.to_string(),
        _ => QUIT_ANYWHERE.to_string(),
    }
}

/// The key that opens the help in the mode in force (`?`, or F1 while
/// typing in the search box).
fn help_label(app: &App) -> Option<String> {
    let layer = match app.mode() {
        Mode::Search => Layer::Search,
        Mode::Find => Layer::Find,
        Mode::Commands => Layer::Panes,
        // The note editor is a dialog of its own: Enter or Esc first.
        Mode::Note => return None,
    };
    app.keymap
        .binding_in(layer, Command::Help)
        .and_then(|b| b.keys.first())
        .map(|k| k.to_string())
}

fn header(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    let shown = t.outcome.hits.len();
    let (counts, short) = match app.tab {
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
        Tab::Learning => (
            format!("{shown} of {} opportunities", t.index.len()),
            format!("{shown} of {}", t.index.len()),
        ),
    };
    let tab = |label: String, active: bool| {
        if active {
            Span::styled(label, theme.tab_active)
        } else {
            Span::styled(label, theme.dim)
        }
    };
    let [networks, learning] = geometry::tab_labels(&app.keymap, area.width);
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
    // The catalogue's name after the tabs, only where it fits whole.
    let name = &app.catalogue.info.name;
    let name_w = width(name);
    let name_x = left_w + 3;
    if aw >= usize::from(right_w) + name_x + name_w + 2 {
        let r = Rect::new(area.x + name_x as u16, area.y, name_w as u16, 1);
        Paragraph::new(Line::styled(name.clone(), theme.dim)).render(r, buf);
    }
}

fn search_line(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
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

fn pane_block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        })
        .title(Span::styled(
            format!(" {title} "),
            if focused { theme.title } else { theme.text },
        ))
}

fn main_area(app: &App, theme: &Theme, p: &geometry::Panes, buf: &mut Buffer) {
    if let Some(r) = p.facets {
        facets(app, theme, r, buf, app.focus == Focus::Facets);
    }
    results(app, theme, p.results, buf);
    if let Some(r) = p.detail {
        detail::render(app, theme, r, buf, app.focus == Focus::Detail);
    }
}

fn facets(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, focused: bool) {
    let t = app.current();
    let finding = app.mode() == Mode::Find;
    let find = &t.facet_find;
    let block = pane_block("Filters", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    // While narrowing (or narrowed), the first row is the finder.
    let shown = app.facet_finder_shown();
    let list = geometry::facet_list(inner, shown);
    let find_row = shown.then(|| Rect::new(inner.x, inner.y, inner.width, inner.height.min(1)));
    if let Some(r) = find_row {
        let (before, after) = find.split();
        let mut spans = vec![Span::styled(
            format!("{} ", app.keymap.key_label(Command::FindFilter)),
            theme.key,
        )];
        spans.push(Span::raw(tail(before, w.saturating_sub(4)).to_string()));
        if finding {
            spans.push(Span::styled("▏", theme.chip));
        }
        spans.push(Span::raw(after.to_string()));
        Paragraph::new(Line::from(spans)).render(r, buf);
    }
    let rows = t.facet_rows();
    if rows.is_empty() {
        Paragraph::new(Line::styled(
            format!("No filter value has \"{}\"", find.text.trim()),
            theme.dim,
        ))
        .wrap(Wrap { trim: true })
        .render(list, buf);
        return;
    }
    let cursor_value = t.facet_at_cursor();
    let open_group = t.cursor_group();
    // Keep the cursor visible: scroll so that its row is on screen.
    let h = list.height as usize;
    let first = geometry::facet_first_row(t, h);
    let mut lines = Vec::new();
    for row in rows.iter().skip(first).take(h) {
        match *row {
            FacetRow::Heading(f) => {
                let facet = &t.index.facets[f];
                let mut title = facet.title.to_string();
                if t.facet_fold && find.text.trim().is_empty() {
                    let on = t.filters.active().iter().filter(|(g, _)| *g == f).count();
                    title = if Some(f) == open_group {
                        format!("▾ {title}")
                    } else if on > 0 {
                        format!("▸ {title} ({on} on)")
                    } else {
                        format!("▸ {title}")
                    };
                }
                lines.push(Line::styled(truncate(&title, w), theme.heading))
            }
            FacetRow::Value(f, v) => {
                let on = t.filters.is_selected(f, v);
                let count = t
                    .outcome
                    .counts
                    .get(f)
                    .and_then(|c| c.get(v))
                    .copied()
                    .unwrap_or(0);
                let mark = if on { "[x] " } else { "[ ] " };
                let label = &t.index.facets[f].values[v].label;
                let count_s = count.to_string();
                let room = w.saturating_sub(4 + count_s.len() + 1);
                let label = truncate(label, room);
                let pad = w.saturating_sub(4 + width(&label) + count_s.len());
                let mut style = if count == 0 && !on {
                    theme.dim
                } else {
                    theme.text
                };
                let is_cursor = focused && cursor_value == Some((f, v));
                if is_cursor {
                    style = style.patch(theme.selected);
                }
                if on {
                    style = style.add_modifier(Modifier::BOLD);
                }
                lines.push(Line::from(vec![
                    Span::styled(format!("{mark}{label}{}", " ".repeat(pad)), style),
                    Span::styled(count_s, style),
                ]));
            }
        }
    }
    Paragraph::new(lines).render(list, buf);
}

fn results(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    let title = match app.tab {
        Tab::Networks => "Networks",
        Tab::Learning if app.first_steps => "First steps: free, for your stage",
        Tab::Learning => "Learning and training",
    };
    let focused = matches!(app.focus, Focus::Results | Focus::Search);
    let block = pane_block(title, focused && app.overlay == Overlay::None, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let missing = missing_bookmarks(app, theme, inner.width as usize);
    if t.outcome.hits.is_empty() && !missing.is_empty() {
        Paragraph::new(missing).render(inner, buf);
        return;
    }
    if t.outcome.hits.is_empty() {
        Paragraph::new(Line::from(nothing_matches(app, theme)))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let query = Query::parse(&t.query);
    let h = inner.height as usize;
    let sel = t.selected_row();
    let narrow = inner.width < 36;
    // The partial matches start below a divider row, which takes one line:
    // when it is in view, one row fewer is shown (the top one when the
    // selection is on the last line, so the selection stays in view).
    let divider = t.outcome.divider().map(|d| {
        let mut text = format!("── {d}");
        if let Some(note) = t.outcome.unmatched_note() {
            text.push_str(&format!(" · {note}"));
        }
        (t.outcome.full, text)
    });
    let mut first = t.offset;
    let mut rows = h;
    if let Some((at, _)) = &divider
        && *at >= t.offset
        && *at < t.offset + h
    {
        rows = h.saturating_sub(1);
        if sel == Some(t.offset + h - 1) {
            first += 1;
        }
    }
    let mut lines = Vec::new();
    for (row, hit) in t.outcome.hits.iter().enumerate().skip(first).take(rows) {
        let Some(doc) = t.index.refs.get(hit.doc as usize).copied() else {
            continue;
        };
        if let Some((at, text)) = &divider
            && *at == row
        {
            let text: String = text.chars().take(inner.width as usize).collect();
            lines.push(Line::styled(text, theme.dim));
        }
        let selected = sel == Some(row);
        let fit = app.fit_of(app_tab(app), hit.doc);
        lines.push(result_line(
            app,
            theme,
            doc,
            &query,
            selected,
            narrow,
            inner.width as usize,
            fit,
        ));
    }
    // Bookmarks whose network has left the catalogue follow the list.
    let room = h.saturating_sub(lines.len());
    if t.offset + lines.len() >= t.outcome.hits.len() {
        lines.extend(missing.into_iter().take(room));
    }
    Paragraph::new(lines).render(inner, buf);
}

fn app_tab(app: &App) -> usize {
    match app.tab {
        Tab::Networks => 0,
        Tab::Learning => 1,
    }
}

/// What to say when the list is empty: only the ways out that apply now,
/// with the keys in force.
fn nothing_matches(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    let t = app.current();
    let km = &app.keymap;
    let key = |c: Command| Span::styled(km.key_label(c), theme.key);
    let dim = |s: &str| Span::styled(s.to_string(), theme.dim);
    let only = app.bookmarks_only && app.tab == Tab::Networks;
    if only && app.bookmarks.is_empty() {
        return vec![
            dim("No bookmarks yet: press "),
            key(Command::Bookmark),
            dim(" on a network to keep it here; "),
            key(Command::BookmarksOnly),
            dim(" shows them all again."),
        ];
    }
    // The words that matched nothing, with a "did you mean" where one is close.
    let mut out = match t.outcome.unmatched_note() {
        Some(note) => vec![dim(&format!("Nothing matches: {note}."))],
        None => vec![dim("Nothing matches.")],
    };
    // From the search box a command key would be typed: say to leave it.
    let typing = app.mode() == Mode::Search;
    let then = |out: &mut Vec<Span<'static>>| {
        if typing {
            out.push(Span::styled(
                km.label_in(Layer::Search, Command::Back),
                theme.key,
            ));
            out.push(dim(" then "));
        }
    };
    if !t.query.trim().is_empty() {
        out.push(dim(" Try fewer words"));
        if typing {
            out.push(dim(" ("));
            out.push(Span::styled(
                km.label_in(Layer::Input, Command::ClearLine),
                theme.key,
            ));
            out.push(dim(" clears the search)"));
        }
        out.push(dim("."));
    }
    if !t.filters.active().is_empty() {
        out.push(dim(" "));
        then(&mut out);
        out.push(key(Command::ClearFilters));
        out.push(dim(" clears the filters."));
    }
    if only {
        out.push(dim(" "));
        then(&mut out);
        out.push(key(Command::BookmarksOnly));
        out.push(dim(" shows every network, not just bookmarks."));
    }
    out
}

/// In the bookmarks-only view, a row for each bookmark whose network is not
/// in the catalogue: kept, and shown as missing (never dropped silently).
fn missing_bookmarks<'a>(app: &'a App, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    if !(app.bookmarks_only && app.tab == Tab::Networks) {
        return Vec::new();
    }
    app.bookmarks
        .iter()
        .filter(|b| app.catalogue.network(&b.id).is_none())
        .map(|b| {
            let mut text = format!("{} (missing from the catalogue)", b.id);
            if let Some(n) = &b.note {
                text.push_str(" — ");
                text.push_str(n);
            }
            Line::from(vec![
                Span::raw(" "),
                Span::styled("?", theme.star),
                Span::styled(truncate(&text, width.saturating_sub(2)), theme.dim),
            ])
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn result_line<'a>(
    app: &'a App,
    theme: &Theme,
    doc: DocRef,
    query: &Query,
    selected: bool,
    narrow: bool,
    width: usize,
    fit: Option<crate::profile::fit::Fit>,
) -> Line<'a> {
    let Some(net) = app.network_of(doc) else {
        return Line::raw("");
    };
    let mut spans = Vec::new();
    let marker = if selected { "▶" } else { " " };
    spans.push(Span::raw(marker));
    let bm = app.bookmark(&net.id);
    match (doc, bm) {
        (DocRef::Network(_), Some(b)) => spans.push(Span::styled(
            if b.status == BookmarkStatus::Joined {
                "✓"
            } else {
                "★"
            },
            theme.star,
        )),
        _ => spans.push(Span::raw(" ")),
    }
    // The fit mark: one symbol per field of the profile.
    let full = width;
    let mut width = width;
    if let Some(f) = fit.filter(|f| f.max() > 0) {
        let marks = format!("{} ", f.marks());
        width = width.saturating_sub(marks.chars().count());
        spans.push(Span::styled(
            marks,
            if selected { theme.selected } else { theme.star },
        ));
    }
    let (name, suffixes) = match doc {
        DocRef::Network(_) => {
            let name = if narrow {
                net.display_short()
            } else {
                net.name.as_str()
            };
            let mut suffix = String::new();
            match net.status {
                Status::Active => {}
                Status::Merged => suffix.push_str(" [merged]"),
                Status::Closed => suffix.push_str(" [closed]"),
            }
            if let Some((_, through)) = app.place_through(net) {
                suffix.push_str(" · ");
                suffix.push_str(&through);
            }
            if net.local {
                suffix.push_str(" [local]");
            }
            if let Some(note) = bm.and_then(|b| b.note.as_deref()) {
                suffix.push_str(" — ");
                suffix.push_str(note);
            }
            (name.to_string(), vec![suffix])
        }
        DocRef::Opportunity(_, o) => {
            let opp = &net.opportunities[o as usize];
            let cost = match CostClass::of(opp.cost.as_ref()) {
                CostClass::Free => "free",
                CostClass::Paid => "paid",
                CostClass::Unknown => "cost ?",
            };
            let kind = app
                .catalogue
                .vocab
                .label(crate::catalogue::VocabKind::OpportunityType, &opp.kind);
            // The title comes first: the network goes before the title is
            // cut, then the type, then the cost. A place shown only through
            // a broader one ("UK-wide") is said first, and kept.
            let place = app
                .place_through(net)
                .map(|(_, through)| format!("{through} · "))
                .unwrap_or_default();
            (
                opp.title.clone(),
                vec![
                    format!(" — {place}{} · {} · {}", net.display_short(), kind, cost),
                    format!(" — {place}{kind} · {cost}"),
                    format!(" — {place}{cost}"),
                ],
            )
        }
    };
    let name_w = self::width(&name);
    let suffix = suffixes
        .iter()
        .find(|s| 2 + name_w + self::width(s) <= width)
        .or_else(|| suffixes.first().filter(|_| suffixes.len() == 1))
        .cloned()
        .unwrap_or_default();
    let room = width.saturating_sub(2 + self::width(&suffix).min(width / 2));
    let shown = truncate(&name, room);
    let marks = highlight(&shown, query);
    let base = if selected { theme.selected } else { theme.text };
    let mut cur = String::new();
    let mut cur_hl = false;
    // Marks are by character; a cluster is lit whole, so that no span starts
    // or ends inside one (a joiner or combining mark alone in a cell).
    let mut i = 0;
    for g in shown.graphemes(true) {
        let n = g.chars().count();
        let hl = (i..i + n).any(|c| marks.binary_search(&c).is_ok());
        i += n;
        if hl != cur_hl && !cur.is_empty() {
            let style = if cur_hl {
                base.patch(theme.matched)
            } else {
                base
            };
            spans.push(Span::styled(std::mem::take(&mut cur), style));
        }
        cur_hl = hl;
        cur.push_str(g);
    }
    if !cur.is_empty() {
        let style = if cur_hl {
            base.patch(theme.matched)
        } else {
            base
        };
        spans.push(Span::styled(cur, style));
    }
    let suffix_room = width.saturating_sub(2 + self::width(&shown));
    spans.push(Span::styled(
        truncate(&suffix, suffix_room),
        if selected { base } else { theme.dim },
    ));
    if selected {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::styled(" ".repeat(full.saturating_sub(used)), base));
    }
    Line::from(spans)
}

/// A key and what it does, for the footer.
type Hint = (String, String);

fn hint(key: String, what: &str) -> Hint {
    (key, what.to_string())
}

/// The footer: which mode the keyboard is in and the key to switch, the
/// hints for where the keyboard is, and the help and quit keys. Hints that
/// do not fit are dropped from the end, as television's status bar does;
/// the mode, help and quit stay.
fn footer(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if app.welcome.is_some() {
        let skip = app.keymap.key_label(crate::app::Command::Back);
        Paragraph::new(Line::from(vec![
            Span::raw(" The welcome questions: "),
            Span::styled(skip, theme.key),
            Span::raw(" keeps what you picked and skips the rest"),
        ]))
        .render(area, buf);
        return;
    }
    let km = &app.keymap;
    let aw = usize::from(area.width);
    let input = |c: Command| km.label_in(Layer::Input, c);
    // (mode, the key to switch, what switching does)
    let (mode, switch, middle): (&str, Hint, Vec<Hint>) = match app.mode() {
        Mode::Search => (
            "typing",
            hint(km.label_in(Layer::Search, Command::Back), "for commands"),
            vec![
                hint(
                    format!(
                        "{}{}",
                        km.label_in(Layer::Search, Command::Down),
                        km.label_in(Layer::Search, Command::Up)
                    ),
                    "move",
                ),
                hint(km.label_in(Layer::Search, Command::Open), "detail"),
                hint(km.label_in(Layer::Search, Command::NextPane), "pane"),
                hint(input(Command::ClearLine), "clear"),
            ],
        ),
        Mode::Note => (
            "note",
            hint(km.label_in(Layer::Note, Command::Accept), "saves"),
            vec![
                hint(km.label_in(Layer::Note, Command::Back), "cancels"),
                hint(input(Command::ClearLine), "clears"),
            ],
        ),
        Mode::Find => (
            "finding",
            hint(km.label_in(Layer::Find, Command::Accept), "done"),
            vec![
                hint(km.label_in(Layer::Find, Command::Back), "shows all"),
                hint(
                    format!(
                        "{}{}",
                        km.label_in(Layer::Find, Command::Down),
                        km.label_in(Layer::Find, Command::Up)
                    ),
                    "move",
                ),
            ],
        ),
        Mode::Commands => (
            "commands",
            hint(km.key_label(Command::Search), "to search"),
            command_hints(app),
        ),
    };
    let mut tail = Vec::new();
    if let Some(k) = help_label(app) {
        tail.push(hint(k, "help"));
    }
    tail.push(hint(quit_label(app), "quit"));

    let spans_of = |hints: &[Hint]| -> Vec<Span<'static>> {
        let mut out = Vec::new();
        for (k, what) in hints {
            out.push(Span::raw("  "));
            out.push(Span::styled(k.clone(), theme.key));
            out.push(Span::raw(format!(" {what}")));
        }
        out
    };
    let mut lead = vec![
        Span::raw(" "),
        Span::styled(format!("{mode}:"), theme.chip),
        Span::raw(" "),
        Span::styled(switch.0.clone(), theme.key),
        Span::raw(format!(" {}", switch.1)),
    ];
    if app.fits_only {
        // The narrowing to what fits is on: say so, and how to undo it.
        lead.extend([
            Span::raw("  "),
            Span::styled("● only what fits you", theme.star),
            Span::raw(" ("),
            Span::styled(km.key_label(Command::FitsOnly), theme.key),
            Span::raw(" all)"),
        ]);
    }
    let lead_w = Line::from(lead.clone()).width();
    let quit_only = spans_of(&tail[tail.len() - 1..]);
    let mut tail_spans = spans_of(&tail);
    if lead_w + Line::from(tail_spans.clone()).width() > aw {
        tail_spans = quit_only;
    }
    let tail_w = Line::from(tail_spans.clone()).width();

    // A message takes the room of the hints.
    // A message that stays is drawn whole in its own box (`message`).
    let message = app
        .status
        .as_ref()
        .filter(|_| !app.status_sticky)
        .map(|s| s.to_string())
        .or_else(|| {
            app.read_only
                .as_ref()
                .map(|w| format!("bookmarks read-only: {w}"))
        });
    let mut spans = Vec::new();
    if let Some(m) = message {
        // The message first; the mode after it where there is room.
        let m = truncate(&m, aw.saturating_sub(tail_w + 1));
        let used = 1 + width(&m);
        spans.push(Span::styled(format!(" {m}"), theme.warning));
        if used + 1 + lead_w + tail_w <= aw {
            spans.push(Span::raw(" "));
            spans.extend(lead);
        }
    } else {
        spans.extend(lead);
        let mut used = lead_w;
        for h in &middle {
            let s = spans_of(std::slice::from_ref(h));
            let w = Line::from(s.clone()).width();
            if used + w + tail_w > aw {
                break;
            }
            used += w;
            spans.extend(s);
        }
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
    let tw = (tail_w as u16).min(area.width);
    let r = Rect::new(area.x + area.width - tw, area.y, tw, 1);
    Clear.render(r, buf);
    Paragraph::new(Line::from(tail_spans)).render(r, buf);
}

/// The footer's hints among the commands, for the pane with the keyboard
/// and the state it is in (`x` only when filters are on).
fn command_hints(app: &App) -> Vec<Hint> {
    let km = &app.keymap;
    let focus = match app.overlay {
        Overlay::Facets => Focus::Facets,
        Overlay::Detail => Focus::Detail,
        _ => app.focus,
    };
    let context = match focus {
        Focus::Facets => Context::Facets,
        _ => Context::Results,
    };
    let mut out = vec![hint(
        format!(
            "{}/{}",
            km.key_label(Command::Down),
            km.key_label(Command::Up)
        ),
        if app.overlay == Overlay::Help || focus == Focus::Detail {
            "scroll"
        } else {
            "move"
        },
    )];
    if app.overlay == Overlay::Help {
        out.push(hint(km.key_label(Command::Back), "closes"));
        return out;
    }
    let filters_on = !app.current().filters.active().is_empty();
    let on_detail = focus == Focus::Detail || app.overlay == Overlay::Detail;
    let one_pane = !matches!(app.layout(), Layout::Wide | Layout::Medium);
    for b in &km.bindings {
        let Some(mut h) = b.hint else { continue };
        if b.layer != Layer::Panes || b.context != Context::Everywhere && b.context != context {
            continue;
        }
        match b.command {
            Command::Search | Command::Help | Command::Quit | Command::Down | Command::Up => {
                continue;
            }
            Command::Facets if app.layout() == Layout::Wide || app.overlay == Overlay::Facets => {
                continue;
            }
            // One pane: Tab has nowhere to go.
            Command::NextPane if one_pane => continue,
            Command::ClearFilters if !filters_on => continue,
            // On the detail, Enter goes to an opportunity's network; on a
            // network's detail it has nothing more to open.
            Command::Open if on_detail && app.tab == Tab::Learning => h = "network",
            Command::Open if on_detail => continue,
            _ => {}
        }
        if let Some(k) = b.keys.first() {
            out.push(hint(k.to_string(), h));
        }
    }
    // Where the filters are only an overlay, say how to open them early:
    // on one pane, the only way to them, right after moving.
    if let Some(i) = out.iter().position(|(_, h)| h == "filters") {
        let f = out.remove(i);
        out.insert(out.len().min(if one_pane { 1 } else { 3 }), f);
    }
    if on_detail {
        out.insert(1, hint(km.key_label(Command::Back), "back"));
    } else if app.overlay == Overlay::Facets {
        out.insert(
            out.len().min(2),
            hint(km.key_label(Command::Back), "closes"),
        );
    }
    out
}

fn help(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = geometry::help_overlay(area);
    Clear.render(r, buf);
    let km = &app.keymap;
    let title = format!(
        "Keys — {} closes, {}/{} scroll",
        km.key_label(Command::Back),
        km.key_label(Command::Down),
        km.key_label(Command::Up)
    );
    let title = truncate(&title, usize::from(r.width.saturating_sub(4)));
    let block = pane_block(&title, true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = usize::from(inner.width);
    let rows = help::lines(km, w);
    let col = if w >= help::KEYS_WIDTH + 16 {
        help::KEYS_WIDTH
    } else {
        w / 3
    };
    let mut lines = Vec::new();
    let total = rows.len();
    let first = usize::from(app.help_scroll).min(total);
    for row in rows.into_iter().skip(first).take(usize::from(inner.height)) {
        lines.push(match row.kind {
            help::Kind::Heading => Line::styled(truncate(&row.text, w), theme.heading),
            help::Kind::Note => Line::styled(truncate(&row.text, w), theme.dim),
            help::Kind::Entry if row.text.is_empty() => {
                Line::styled(truncate(&row.keys, w), theme.key)
            }
            help::Kind::Entry => {
                let keys = truncate(&row.keys, col.saturating_sub(1));
                let pad = col.saturating_sub(width(&keys));
                Line::from(vec![
                    Span::styled(format!("{keys}{}", " ".repeat(pad)), theme.key),
                    Span::raw(row.text),
                ])
            }
        });
    }
    Paragraph::new(lines).render(inner, buf);
    // Where in the help this is, when it does not all fit.
    if total > usize::from(inner.height) && r.width > 12 {
        let last = (first + usize::from(inner.height)).min(total);
        let pos = format!(" {}–{} of {total} ", first + 1, last);
        let pw = width(&pos) as u16;
        if pw + 4 <= r.width {
            let p = Rect::new(r.x + r.width - pw - 2, r.y + r.height - 1, pw, 1);
            Paragraph::new(Line::styled(pos, theme.dim)).render(p, buf);
        }
    }
}

fn note_editor(
    app: &App,
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
    id: &str,
    text: &str,
    cursor: usize,
) {
    let r = centered(area, 70, 5);
    Clear.render(r, buf);
    let name = app.catalogue.network(id).map_or(id, |n| n.display_short());
    let title = truncate(
        &format!("Note for {name}"),
        usize::from(r.width.saturating_sub(4)),
    );
    let block = pane_block(&title, true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = inner.width.saturating_sub(1) as usize;
    let (before, after) = if text.is_char_boundary(cursor.min(text.len())) {
        text.split_at(cursor.min(text.len()))
    } else {
        (text, "")
    };
    let before = tail(before, w.saturating_sub(width(after).min(w / 2)));
    let km = &app.keymap;
    let key = |l: Layer, c: Command| Span::styled(km.label_in(l, c), theme.key);
    let lines = vec![
        Line::from(vec![
            Span::raw(before),
            Span::styled("▏", theme.chip),
            Span::raw(after),
        ]),
        Line::raw(""),
        Line::from(vec![
            key(Layer::Note, Command::Accept),
            Span::styled(" saves · ", theme.dim),
            key(Layer::Note, Command::Back),
            Span::styled(" cancels · ", theme.dim),
            key(Layer::Input, Command::ClearLine),
            Span::styled(" clears", theme.dim),
        ]),
    ];
    Paragraph::new(lines).render(inner, buf);
}

/// The text of a buffer, row by row (for tests and screenshots).
pub fn buffer_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut line = String::new();
        for x in 0..buf.area.width {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
