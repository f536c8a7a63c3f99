//! The welcome questions, drawn over the whole screen: one question at a
//! time as a pick list, with the number of networks for each answer.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget, Wrap};

use super::layout::centered;
use super::{Theme, pane_block, pick_row, truncate};
use crate::app::welcome::{Choice, Welcome};
use crate::app::{App, Command};
use crate::profile::Field;

fn question(field: Field) -> &'static str {
    match field {
        Field::Profession => "What is your profession? (pick any)",
        Field::Stage => "Where are you in your career?",
        Field::Scope => "Where do you work? (UK-wide networks count everywhere)",
        Field::Sector => "Which sector do you work in? (pick any)",
    }
}

/// The welcome questions over `area`: the introduction, the question, its
/// answers with their counts, and the keys.
pub fn render(app: &App, w: &Welcome, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let width = area.width.saturating_sub(2).min(76);
    // Tall enough for the longest question's list, where the screen allows.
    let longest = w.options.iter().map(Vec::len).max().unwrap_or(0) as u16;
    let height = area.height.saturating_sub(2).min(longest + 10);
    let r = centered(area, width, height);
    Clear.render(r, buf);
    let block = pane_block("Welcome to hinet", true, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    if inner.height < 4 || inner.width < 20 {
        return;
    }
    let intro_h = intro(app, theme, inner, buf);
    let field = w.field();
    let head = format!("{} of 4 · {}", w.step + 1, question(field));
    let head_y = inner.y + intro_h;
    let hints_y = inner.y + inner.height - 1;
    if head_y >= hints_y {
        return;
    }
    Paragraph::new(Line::styled(
        truncate(&head, inner.width as usize),
        theme.heading,
    ))
    .render(Rect::new(inner.x, head_y, inner.width, 1), buf);
    // The list, scrolled so the cursor is on screen.
    let list_y = head_y + 1;
    let rows = usize::from(hints_y.saturating_sub(list_y + 1)).max(1);
    let choices = w.choices();
    let first = w
        .cursor
        .saturating_sub(rows - 1)
        .min(choices.len().saturating_sub(rows));
    let wid = inner.width as usize;
    let lines: Vec<Line> = choices
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, c)| choice(w, theme, i, c, wid))
        .collect();
    Paragraph::new(lines).render(Rect::new(inner.x, list_y, inner.width, rows as u16), buf);
    Paragraph::new(keys(app, theme, wid)).render(Rect::new(inner.x, hints_y, inner.width, 1), buf);
}

/// The introduction at the top of `inner`, and the rows it took.
fn intro(app: &App, theme: &Theme, inner: Rect, buf: &mut Buffer) -> u16 {
    let blurb = format!(
        "Four short questions put the networks that fit you first; the numbers are how many networks have each answer. Skip any; {} keeps what you picked and skips the rest.",
        app.keymap.key_label(Command::Back)
    );
    let blurb_h = blurb.chars().count().div_ceil(usize::from(inner.width)) as u16 + 1;
    // On a short screen the introduction is cut to its title, so that the
    // answers have the room (the footer still says what Esc does).
    let intro_h = if inner.height < 12 {
        1
    } else {
        (1 + blurb_h).min(5)
    };
    Paragraph::new(vec![
        Line::styled("Which networks fit you?", theme.title),
        Line::styled(blurb, theme.dim),
    ])
    .wrap(Wrap { trim: true })
    .render(Rect::new(inner.x, inner.y, inner.width, intro_h), buf);
    intro_h
}

/// Answer `i`: the cursor, whether it is picked, its label and its count.
fn choice(w: &Welcome, theme: &Theme, i: usize, c: &Choice, wid: usize) -> Line<'static> {
    let on = w.is_picked(i);
    let mark = match (w.field().multiple(), on) {
        (true, true) => "[x] ",
        (true, false) => "[ ] ",
        (false, true) => "(•) ",
        (false, false) => "( ) ",
    };
    let cursor = if i == w.cursor { "▶ " } else { "  " };
    let look = (c.count == 0, i == w.cursor, on);
    pick_row(
        theme,
        &format!("{cursor}{mark}"),
        &c.label,
        c.count,
        wid,
        look,
    )
}

/// The keys of the questions, dropped from the end until they fit (the
/// skip-all key is in the introduction too).
fn keys(app: &App, theme: &Theme, wid: usize) -> Line<'static> {
    let k = |c: Command| app.keymap.key_label(c);
    let mut hints = vec![
        (k(Command::Toggle), "pick"),
        (k(Command::Open), "next"),
        (k(Command::NextPane), "skip"),
        ("Backspace".to_string(), "back"),
        (k(Command::Back), "skip the rest"),
    ];
    loop {
        let spans: Vec<Span<'_>> = hints
            .iter()
            .flat_map(|(key, what)| {
                [
                    Span::styled(key.clone(), theme.key),
                    Span::raw(format!(" {what}  ")),
                ]
            })
            .collect();
        let line = Line::from(spans);
        if line.width() <= wid || hints.len() <= 1 {
            break line;
        }
        hints.remove(3.min(hints.len() - 1));
    }
}
