//! A message that stays until dismissed (an error that kept a change from
//! being saved, or the path of a file just written), drawn whole, wrapped,
//! in a box above the footer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Theme, pane_block};
use crate::app::{App, Command};
use crate::text::width::wrap;

/// Draw the sticky message, if there is one, over the bottom of `main`.
pub fn render(app: &App, theme: &Theme, main: Rect, buf: &mut Buffer) {
    let (true, Some(text)) = (app.status_sticky, app.status.as_deref()) else {
        return;
    };
    if main.width < 4 || main.height < 3 {
        return;
    }
    let inner_width = usize::from(main.width - 2);
    let lines = wrap(text, inner_width);
    let height = (lines.len() as u16 + 2).min(main.height);
    let r = Rect::new(main.x, main.bottom() - height, main.width, height);
    Clear.render(r, buf);
    let back = app.keymap.key_label(Command::Back);
    let title = format!("{back} dismisses");
    let block = pane_block(&title, true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::styled(l, theme.warning))
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
