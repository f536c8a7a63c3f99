//! The results pane: a line per match, the divider before partial
//! matches, and what to say when nothing matches.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_segmentation::UnicodeSegmentation;

use super::{Theme, pane_block, truncate};
use crate::app::{App, Command, Focus, Layer, Mode, Overlay, Tab};
use crate::bookmarks::BookmarkStatus;
use crate::catalogue::{CostClass, Network, Status};
use crate::query::{DocRef, Query, highlight};

pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
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
    let query = t.parsed_query();
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
        let fit = app.fit_of(app.tab_index(), hit.doc);
        lines.push(result_line(
            app,
            theme,
            doc,
            query,
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

/// A result's line: the selection, bookmark and fit marks, the name or
/// title with what the query matched lit, and what follows it where it fits
/// (the longest of the `suffixes` that does).
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
    let mut spans = lead_marks(app, theme, net, doc, selected);
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
        DocRef::Network(_) => network_name(app, net, narrow),
        DocRef::Opportunity(_, o) => opportunity_title(app, net, o),
    };
    let name_w = super::width(&name);
    let suffix = suffixes
        .iter()
        .find(|s| 2 + name_w + super::width(s) <= width)
        .or_else(|| suffixes.first().filter(|_| suffixes.len() == 1))
        .cloned()
        .unwrap_or_default();
    let room = width.saturating_sub(2 + super::width(&suffix).min(width / 2));
    let shown = truncate(&name, room);
    let base = if selected { theme.selected } else { theme.text };
    spans.extend(lit(&shown, query, base, theme));
    let suffix_room = width.saturating_sub(2 + super::width(&shown));
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

/// The selection's arrow, and a network's bookmark star (or tick, joined).
fn lead_marks(
    app: &App,
    theme: &Theme,
    net: &Network,
    doc: DocRef,
    selected: bool,
) -> Vec<Span<'static>> {
    let marker = if selected { "▶" } else { " " };
    let bookmark = match (doc, app.bookmark(&net.id)) {
        (DocRef::Network(_), Some(b)) => Span::styled(
            if b.status == BookmarkStatus::Joined {
                "✓"
            } else {
                "★"
            },
            theme.star,
        ),
        _ => Span::raw(" "),
    };
    vec![Span::raw(marker), bookmark]
}

/// A network's name (short on narrow screens) and what follows it: its
/// status, the place it is shown through, local, the bookmark's note.
fn network_name(app: &App, net: &Network, narrow: bool) -> (String, Vec<String>) {
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
    if let Some(note) = app.bookmark(&net.id).and_then(|b| b.note.as_deref()) {
        suffix.push_str(" — ");
        suffix.push_str(note);
    }
    (name.to_string(), vec![suffix])
}

/// An opportunity's title and what may follow it, longest first.
fn opportunity_title(app: &App, net: &Network, o: u32) -> (String, Vec<String>) {
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

/// `shown` in spans, what the query matched lit.
fn lit(shown: &str, query: &Query, base: Style, theme: &Theme) -> Vec<Span<'static>> {
    let marks = highlight(shown, query);
    let style = |lit: bool| if lit { base.patch(theme.matched) } else { base };
    let mut spans = Vec::new();
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
            spans.push(Span::styled(std::mem::take(&mut cur), style(cur_hl)));
        }
        cur_hl = hl;
        cur.push_str(g);
    }
    if !cur.is_empty() {
        spans.push(Span::styled(cur, style(cur_hl)));
    }
    spans
}
