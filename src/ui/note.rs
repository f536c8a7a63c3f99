//! The one-line editor for a bookmark's note.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::layout::centered;
use super::{Theme, pane_block, truncate, width};
use crate::app::{App, Command, Layer};
use crate::text::width::tail;

pub(super) fn render(
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
