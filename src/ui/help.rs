//! The help overlay: every key in force, scrolled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Theme, layout, pane_block, truncate, width};
use crate::app::{App, Command, help};

pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let r = layout::help_overlay(area);
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
