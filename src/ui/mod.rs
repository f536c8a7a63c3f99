//! Drawing only: the screen is a function of the app's state. Nothing here
//! changes state.

pub mod detail;
pub mod message;
pub mod svg;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};
use unicode_segmentation::UnicodeSegmentation;

use crate::app::geometry::centered;
use crate::app::{App, Context, FacetRow, Focus, Layout, Overlay, Tab, geometry};
use crate::bookmarks::BookmarkStatus;
use crate::catalogue::{CostClass, Status};
use crate::query::{DocRef, Query, highlight};

pub use theme::Theme;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    render(app, theme, area, frame.buffer_mut());
}

/// Draw into a buffer (what `draw` does, usable without a terminal).
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if Layout::for_size(area.width, area.height) == Layout::TooSmall {
        too_small(theme, area, buf);
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
        Overlay::Note { id, text } => note_editor(app, theme, area, buf, id, text),
    }
    message::render(app, theme, p.main, buf);
}

fn too_small(theme: &Theme, area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::styled("Terminal too small", theme.title),
        Line::styled("hinet needs 40x10 or more", theme.dim),
        Line::styled("q quits", theme.dim),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

fn header(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    let shown = t.outcome.hits.len();
    let counts = match app.tab {
        Tab::Networks => {
            let total = if app.bookmarks_only {
                app.bookmarks.len()
            } else {
                app.catalogue.networks.len()
            };
            format!("{shown} of {total} · {} bookmarked", app.bookmarks.len())
        }
        Tab::Learning => format!("{shown} of {} opportunities", t.index.len()),
    };
    let tab = |label: &'static str, active: bool| {
        if active {
            Span::styled(label, theme.tab_active)
        } else {
            Span::styled(label, theme.dim)
        }
    };
    let mut left = vec![
        Span::styled(" hinet ", theme.title),
        Span::raw(" "),
        tab(geometry::TAB_LABELS[0], app.tab == Tab::Networks),
        Span::raw("  "),
        tab(geometry::TAB_LABELS[1], app.tab == Tab::Learning),
    ];
    if app.bookmarks_only && app.tab == Tab::Networks {
        left.push(Span::styled("  ★ bookmarks only", theme.star));
    }
    let right = format!("{counts}   ? help ");
    let right_w = right.chars().count() as u16;
    let left = Line::from(left);
    let left_w = left.width() as u16;
    Paragraph::new(left).render(area, buf);
    if area.width > right_w + 40 {
        let r = Rect::new(area.x + area.width - right_w, area.y, right_w, 1);
        Paragraph::new(Line::styled(right, theme.text)).render(r, buf);
    }
    // The catalogue's name after the tabs, only where it fits whole.
    let name = &app.catalogue.info.name;
    let name_w = name.chars().count() as u16;
    let name_x = left_w + 3;
    if area.width >= right_w + name_x + name_w + 2 {
        let r = Rect::new(area.x + name_x, area.y, name_w, 1);
        Paragraph::new(Line::styled(name.clone(), theme.dim)).render(r, buf);
    }
}

fn search_line(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    let focused = app.focus == Focus::Search && app.overlay == Overlay::None;
    let mut spans = vec![Span::styled(
        " / ",
        if focused { theme.chip } else { theme.dim },
    )];
    if t.query.is_empty() && !focused {
        spans.push(Span::styled("type / to search", theme.dim));
    } else {
        spans.push(Span::raw(t.query.clone()));
    }
    if focused {
        spans.push(Span::styled("▏", theme.chip));
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
    let block = pane_block("Filters", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = t.facet_rows();
    let cursor_value = t.facet_at_cursor();
    // Keep the cursor visible: scroll so that its row is on screen.
    let h = inner.height as usize;
    let first = geometry::facet_first_row(t, h);
    let w = inner.width as usize;
    let mut lines = Vec::new();
    for row in rows.iter().skip(first).take(h) {
        match *row {
            FacetRow::Heading(f) => {
                lines.push(Line::styled(t.index.facets[f].title, theme.heading))
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
                let pad = w.saturating_sub(4 + label.chars().count() + count_s.len());
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
    Paragraph::new(lines).render(inner, buf);
}

/// Cut text to at most `max` characters, ending in `…` when cut.
///
/// The cut falls between grapheme clusters, where ratatui splits cells, so
/// an emoji ZWJ sequence, a flag, or a letter with its combining marks or
/// variation selector is kept whole or left out whole; a cluster that would
/// not fit is dropped, and no joiner is left to join the `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut t = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        used += g.chars().count();
        if used > max - 1 {
            break;
        }
        t.push_str(g);
    }
    // A cluster may end in a joiner that joins nothing (`👨‍` then `x`).
    let kept = t.trim_end_matches('\u{200d}').len();
    t.truncate(kept);
    t.push('…');
    t
}

/// The end of `s` shown in a box `max` characters wide: whole grapheme
/// clusters only, so it never starts on a stray joiner or combining mark.
/// The last cluster is shown even if it alone is longer.
fn tail(s: &str, max: usize) -> &str {
    let mut used = 0;
    let mut start = s.len();
    for (i, g) in s.grapheme_indices(true).rev() {
        used += g.chars().count();
        if used > max && start < s.len() {
            break;
        }
        start = i;
    }
    &s[start..]
}

fn results(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let t = app.current();
    let title = match app.tab {
        Tab::Networks => "Networks",
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
        let msg = if app.bookmarks_only && app.tab == Tab::Networks && app.bookmarks.is_empty() {
            "No bookmarks yet: press b on a network to keep it here.".to_string()
        } else if let Some(note) = t.outcome.unmatched_note() {
            format!("Nothing matches: {note}.")
        } else {
            "Nothing matches. Try fewer words, or x to clear the filters.".to_string()
        };
        Paragraph::new(Line::styled(msg, theme.dim))
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
        lines.push(result_line(
            app,
            theme,
            doc,
            &query,
            selected,
            narrow,
            inner.width as usize,
        ));
    }
    // Bookmarks whose network has left the catalogue follow the list.
    let room = h.saturating_sub(lines.len());
    if t.offset + lines.len() >= t.outcome.hits.len() {
        lines.extend(missing.into_iter().take(room));
    }
    Paragraph::new(lines).render(inner, buf);
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

fn result_line<'a>(
    app: &'a App,
    theme: &Theme,
    doc: DocRef,
    query: &Query,
    selected: bool,
    narrow: bool,
    width: usize,
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
    let (name, suffix) = match doc {
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
            if net.local {
                suffix.push_str(" [local]");
            }
            if let Some(note) = bm.and_then(|b| b.note.as_deref()) {
                suffix.push_str(" — ");
                suffix.push_str(note);
            }
            (name.to_string(), suffix)
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
            (
                opp.title.clone(),
                format!(" — {} · {} · {}", net.display_short(), kind, cost),
            )
        }
    };
    let room = width.saturating_sub(2 + suffix.chars().count().min(width / 2));
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
    let suffix_room = width.saturating_sub(2 + shown.chars().count());
    spans.push(Span::styled(
        truncate(&suffix, suffix_room),
        if selected { base } else { theme.dim },
    ));
    if selected {
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::styled(" ".repeat(width.saturating_sub(used)), base));
    }
    Line::from(spans)
}

fn footer(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    // A message that stays is drawn whole in its own box (`message`).
    if let Some(s) = app.status.as_ref().filter(|_| !app.status_sticky) {
        Paragraph::new(Line::styled(format!(" {s}"), theme.warning)).render(area, buf);
        return;
    }
    if let Some(why) = &app.read_only {
        Paragraph::new(Line::styled(
            format!(" bookmarks read-only: {why}"),
            theme.warning,
        ))
        .render(area, buf);
        return;
    }
    let context = match app.focus {
        Focus::Facets => Context::Facets,
        _ => Context::Results,
    };
    let mut spans = vec![Span::raw(" ")];
    if app.focus == Focus::Search {
        spans.push(Span::styled("type", theme.key));
        spans.push(Span::raw(" to search  "));
        spans.push(Span::styled("Enter/Esc", theme.key));
        spans.push(Span::raw(" done  "));
        spans.push(Span::styled("Ctrl-U", theme.key));
        spans.push(Span::raw(" clear  "));
    } else {
        spans.push(Span::styled("j/k", theme.key));
        spans.push(Span::raw(" move  "));
        for b in &app.keymap.bindings {
            let Some(hint) = b.hint else { continue };
            if b.context != Context::Everywhere && b.context != context {
                continue;
            }
            if b.name == "facets" && app.layout() == Layout::Wide {
                continue;
            }
            if let Some(k) = b.keys.first() {
                spans.push(Span::styled(k.to_string(), theme.key));
                spans.push(Span::raw(format!(" {hint}  ")));
            }
        }
    }
    Paragraph::new(Line::from(spans)).render(area, buf);
}

fn help(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = centered(area, 72, area.height.saturating_sub(2));
    Clear.render(r, buf);
    let block = pane_block("Keys — Esc closes", true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let mut lines = Vec::new();
    for b in &app.keymap.bindings {
        let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", keys.join(" ")), theme.key),
            Span::raw(b.help),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Search: words must all match; 'word exact, ^word start, !word exclude.",
        theme.dim,
    ));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn note_editor(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, id: &str, text: &str) {
    let r = centered(area, 70, 5);
    Clear.render(r, buf);
    let name = app.catalogue.network(id).map_or(id, |n| n.display_short());
    let title = format!("Note for {name}");
    let block = pane_block(&title, true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = inner.width.saturating_sub(1) as usize;
    let visible = tail(text, w);
    let lines = vec![
        Line::from(vec![Span::raw(visible), Span::styled("▏", theme.chip)]),
        Line::raw(""),
        Line::styled("Enter saves · Esc cancels · Ctrl-U clears", theme.dim),
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

#[cfg(test)]
mod tests {
    use super::{tail, truncate};

    const FAMILY: &str = "👨\u{200d}👩\u{200d}👧";

    #[test]
    fn truncate_keeps_short_text_and_cuts_long_text_with_an_ellipsis() {
        assert_eq!(truncate("network", 7), "network");
        assert_eq!(truncate("network", 8), "network");
        assert_eq!(truncate("network", 5), "netw…");
        assert_eq!(truncate("network", 1), "…");
        assert_eq!(truncate("network", 0), "");
        assert_eq!(truncate("", 0), "");
        assert_eq!(truncate("日本語の保健", 4), "日本語…");
    }

    #[test]
    fn truncate_never_splits_an_emoji_zwj_sequence() {
        // The case the property found: it gave "👨\u{200d}…".
        assert_eq!(truncate(FAMILY, 3), "…");
        assert_eq!(truncate(FAMILY, 5), FAMILY);
        let s = format!("ab{FAMILY}cd");
        for max in 0..=s.chars().count() {
            let t = truncate(&s, max);
            assert!(t.chars().count() <= max, "{max}: {t:?}");
            assert!(
                !t.contains('\u{200d}') || t.contains(FAMILY),
                "{max}: {t:?}"
            );
        }
        assert_eq!(truncate(&s, 7), "ab…");
        assert_eq!(truncate(&s, 8), format!("ab{FAMILY}…"));
    }

    #[test]
    fn truncate_keeps_flags_skin_tones_and_variation_selectors_whole() {
        // Two flags: cutting between regional indicators would make others.
        assert_eq!(truncate("🇬🇧🇯🇵", 3), "🇬🇧…");
        assert_eq!(truncate("👍🏽x", 2), "…");
        assert_eq!(truncate("☃\u{fe0f}abc", 2), "…");
        assert_eq!(truncate("☃\u{fe0f}abc", 3), "☃\u{fe0f}…");
    }

    #[test]
    fn truncate_keeps_combining_marks_with_their_letter() {
        let s = "e\u{301}\u{302}xyz";
        assert_eq!(truncate(s, 3), "…");
        assert_eq!(truncate(s, 4), "e\u{301}\u{302}…");
        // Thai: a consonant with a vowel and a tone mark above it.
        assert_eq!(truncate("ก\u{e34}\u{e49}กก", 3), "…");
    }

    #[test]
    fn truncate_leaves_no_joiner_before_the_ellipsis() {
        // A joiner that joins nothing stays in its cluster (UAX #29), so
        // it is dropped when the cut puts the ellipsis after it.
        assert_eq!(truncate("👨\u{200d}xyz", 3), "👨…");
        assert_eq!(truncate("a\u{200d}\u{200d}bcd", 4), "a…");
    }

    #[test]
    fn tail_starts_on_a_cluster_boundary() {
        assert_eq!(tail("abcdef", 3), "def");
        assert_eq!(tail("abc", 5), "abc");
        assert_eq!(tail("", 5), "");
        // The last 3 characters would start on a joiner.
        assert_eq!(tail(&format!("x{FAMILY}"), 3), FAMILY);
        assert_eq!(tail(&format!("xy{FAMILY}z"), 6), format!("{FAMILY}z"));
        // The last 2 characters would start on a combining mark.
        assert_eq!(tail("abe\u{301}\u{302}", 2), "e\u{301}\u{302}");
        assert_eq!(tail("abe\u{301}\u{302}", 4), "be\u{301}\u{302}");
        let s = format!("ab{FAMILY}e\u{301}");
        for max in 0..10 {
            let t = tail(&s, max);
            assert!(!t.starts_with(['\u{200d}', '\u{301}']), "{max}: {t:?}");
        }
    }
}
