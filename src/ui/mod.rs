//! Drawing only: the screen is a function of the app's state. Nothing here
//! changes state.

pub mod detail;
mod facets;
pub mod fit;
mod footer;
mod header;
mod help;
pub mod hit;
pub mod layout;
pub mod message;
mod note;
mod results;
pub mod svg;
pub mod theme;
pub mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::keymap::QUIT_ANYWHERE;
use crate::app::{App, Command, Focus, Layer, Layout, Mode, Overlay};

/// Display width lives in `text::width`; the panes name it here.
pub use crate::text::width::{truncate, width};
pub use hit::{hit_test, mouse_action};
pub use theme::Theme;

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let area = frame.area();
    render(app, theme, area, frame.buffer_mut());
}

/// Hand the app what it needs from the drawing: how tall the detail is, so
/// that scrolling stops at its end, and how big the panes that scroll are.
/// Call once after making the app.
pub fn install(app: &mut App) {
    app.detail_measure = Some(detail::measure);
    app.measure_areas = Some(layout::areas);
}

/// Draw into a buffer (what `draw` does, usable without a terminal).
pub fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    if Layout::for_size(area.width, area.height) == Layout::TooSmall {
        too_small(app, theme, area, buf);
        return;
    }
    let p = layout::panes(area);
    header::render(app, theme, p.header, buf);
    header::search_line(app, theme, p.search, buf);
    main_area(app, theme, &p, buf);
    footer::render(app, theme, p.footer, buf);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help => help::render(app, theme, area, buf),
        Overlay::Facets => {
            let r = layout::facets_overlay(area);
            Clear.render(r, buf);
            facets::render(app, theme, r, buf, true);
        }
        Overlay::Detail => {
            let r = p.main;
            Clear.render(r, buf);
            detail::render(app, theme, r, buf, true);
        }
        Overlay::Note { id, text, cursor } => {
            note::render(app, theme, area, buf, id, text, *cursor)
        }
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

/// A row of a pick list (the filter values, the welcome's answers): `lead`
/// (the cursor and the pick mark), the label cut to fit, and the count at
/// the right edge of `width` cells, all in one style: dim when `dim`, lit
/// under the cursor, bold when picked.
fn pick_row(
    theme: &Theme,
    lead: &str,
    label: &str,
    count: usize,
    width: usize,
    (dim, cursor, on): (bool, bool, bool),
) -> Line<'static> {
    let count = count.to_string();
    let lead_w = self::width(lead);
    let label = truncate(label, width.saturating_sub(lead_w + count.len() + 1));
    let pad = width.saturating_sub(lead_w + self::width(&label) + count.len());
    let mut style = if dim { theme.dim } else { theme.text };
    if cursor {
        style = style.patch(theme.selected);
    }
    if on {
        style = style.add_modifier(Modifier::BOLD);
    }
    Line::from(vec![
        Span::styled(format!("{lead}{label}{}", " ".repeat(pad)), style),
        Span::styled(count, style),
    ])
}

fn main_area(app: &App, theme: &Theme, p: &layout::Panes, buf: &mut Buffer) {
    if let Some(r) = p.facets {
        facets::render(app, theme, r, buf, app.focus == Focus::Facets);
    }
    results::render(app, theme, p.results, buf);
    if let Some(r) = p.detail {
        detail::render(app, theme, r, buf, app.focus == Focus::Detail);
    }
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
