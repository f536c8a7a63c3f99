//! The filter pane: the finder's line, the groups' headings and their
//! values with counts, scrolled to keep the cursor in view.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::cut::tail;
use super::{Theme, layout, pane_block, truncate, width};
use crate::app::{App, Command, FacetRow, Mode};

pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer, focused: bool) {
    let t = app.current();
    let finding = app.mode() == Mode::Find;
    let find = &t.facet_find;
    let block = pane_block("Filters", focused, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    // While narrowing (or narrowed), the first row is the finder.
    let shown = app.facet_finder_shown();
    let list = layout::facet_list(inner, shown);
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
    let first = layout::facet_first_row(t, h);
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
