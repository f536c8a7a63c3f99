//! The filter pane: the finder's line, the groups' headings and their
//! values with counts, scrolled to keep the cursor in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, layout, pane_block, pick_row, truncate};
use crate::app::{App, Command, FacetRow, Mode, TabState};
use crate::text::width::tail;

/// The filter pane in `area`; `focused` marks the cursor's row.
pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, focused: bool) {
    let t = app.current();
    let block = pane_block("Filters", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    // While narrowing (or narrowed), the first row is the finder.
    let shown = app.facet_finder_shown();
    let list = layout::facet_list(inner, shown);
    if shown {
        let r = Rect::new(inner.x, inner.y, inner.width, inner.height.min(1));
        finder(app, theme, r, buf);
    }
    let rows = t.facet_rows();
    if rows.is_empty() {
        Paragraph::new(Line::styled(
            format!("No filter value has \"{}\"", t.facet_find.text.trim()),
            theme.dim,
        ))
        .wrap(Wrap { trim: true })
        .render(list, buf);
        return;
    }
    let cursor = t.facet_at_cursor().filter(|_| focused);
    // Keep the cursor visible: scroll so that its row is on screen.
    let h = list.height as usize;
    let first = layout::facet_first_row(t, h);
    let w = usize::from(inner.width);
    let lines: Vec<Line> = rows
        .iter()
        .skip(first)
        .take(h)
        .map(|row| match *row {
            FacetRow::Heading(f) => heading(t, theme, f, w),
            FacetRow::Value(f, v) => value(t, theme, (f, v), cursor == Some((f, v)), w),
        })
        .collect();
    Paragraph::new(lines).render(list, buf);
}

/// The finder's line: its key, what is typed, and the cursor while typing.
fn finder(app: &App, theme: &Theme, r: Rect, buf: &mut Buffer) {
    let (before, after) = app.current().facet_find.split();
    let mut spans = vec![Span::styled(
        format!("{} ", app.keymap.key_label(Command::FindFilter)),
        theme.key,
    )];
    let w = usize::from(r.width);
    spans.push(Span::raw(tail(before, w.saturating_sub(4)).to_string()));
    if app.mode() == Mode::Find {
        spans.push(Span::styled("▏", theme.chip));
    }
    spans.push(Span::raw(after.to_string()));
    Paragraph::new(Line::from(spans)).render(r, buf);
}

/// A group's heading; folded, with how many of its values are on.
fn heading(t: &TabState, theme: &Theme, f: usize, w: usize) -> Line<'static> {
    let facet = &t.index.facets[f];
    let mut title = facet.title.to_string();
    if t.facet_fold && t.facet_find.text.trim().is_empty() {
        let on = t.filters.active().iter().filter(|(g, _)| *g == f).count();
        title = if Some(f) == t.cursor_group() {
            format!("▾ {title}")
        } else if on > 0 {
            format!("▸ {title} ({on} on)")
        } else {
            format!("▸ {title}")
        };
    }
    Line::styled(truncate(&title, w), theme.heading)
}

/// A value: whether it is on, its label cut to fit, and its count.
fn value(
    t: &TabState,
    theme: &Theme,
    (f, v): (usize, usize),
    cursor: bool,
    w: usize,
) -> Line<'static> {
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
    let dim = count == 0 && !on;
    pick_row(theme, mark, label, count as usize, w, (dim, cursor, on))
}
