//! The footer: the mode, the hints for where the keyboard is, a message,
//! and the help and quit keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use super::{Theme, help_label, quit_label, truncate, width};
use crate::app::{App, Command, Context, Focus, Layer, Layout, Mode, Overlay, Tab};

/// A key and what it does, for the footer.
type Hint = (String, String);

fn hint(key: String, what: &str) -> Hint {
    (key, what.to_string())
}

/// The footer: which mode the keyboard is in and the key to switch, the
/// hints for where the keyboard is, and the help and quit keys. Hints that
/// do not fit are dropped from the end, as television's status bar does;
/// the mode, help and quit stay.
pub(super) fn render(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
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
    let aw = usize::from(area.width);
    let (mode, switch, middle) = mode_hints(app);
    let mut tail = Vec::new();
    if let Some(k) = help_label(app) {
        tail.push(hint(k, "help"));
    }
    tail.push(hint(quit_label(app), "quit"));
    let lead = lead(app, theme, mode, switch);
    let lead_w = Line::from(lead.clone()).width();
    let mut tail_spans = spans_of(theme, &tail);
    if lead_w + Line::from(tail_spans.clone()).width() > aw {
        tail_spans = spans_of(theme, &tail[tail.len() - 1..]);
    }
    let tail_w = Line::from(tail_spans.clone()).width();

    // A message takes the room of the hints.
    let mut spans = Vec::new();
    if let Some(m) = message(app) {
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
            let s = spans_of(theme, std::slice::from_ref(h));
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

/// The mode the keyboard is in, the key to switch and what switching does,
/// and the hints of that mode.
fn mode_hints(app: &App) -> (&'static str, Hint, Vec<Hint>) {
    let km = &app.keymap;
    let input = |c: Command| km.label_in(Layer::Input, c);
    let both =
        |l: Layer, a: Command, b: Command| format!("{}{}", km.label_in(l, a), km.label_in(l, b));
    match app.mode() {
        Mode::Search => (
            "typing",
            hint(km.label_in(Layer::Search, Command::Back), "for commands"),
            vec![
                hint(both(Layer::Search, Command::Down, Command::Up), "move"),
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
                hint(both(Layer::Find, Command::Down, Command::Up), "move"),
            ],
        ),
        Mode::Commands => (
            "commands",
            hint(km.key_label(Command::Search), "to search"),
            command_hints(app),
        ),
    }
}

/// The footer's start: the mode and the key to switch, and whether only
/// what fits is shown.
fn lead(app: &App, theme: &Theme, mode: &str, switch: Hint) -> Vec<Span<'static>> {
    let mut lead = vec![
        Span::raw(" "),
        Span::styled(format!("{mode}:"), theme.chip),
        Span::raw(" "),
        Span::styled(switch.0, theme.key),
        Span::raw(format!(" {}", switch.1)),
    ];
    if app.fits_only {
        // The narrowing to what fits is on: say so, and how to undo it.
        lead.extend([
            Span::raw("  "),
            Span::styled("● only what fits you", theme.star),
            Span::raw(" ("),
            Span::styled(app.keymap.key_label(Command::FitsOnly), theme.key),
            Span::raw(" all)"),
        ]);
    }
    lead
}

/// Hints as spans: each key lit, what it does after it.
fn spans_of(theme: &Theme, hints: &[Hint]) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    for (k, what) in hints {
        out.push(Span::raw("  "));
        out.push(Span::styled(k.clone(), theme.key));
        out.push(Span::raw(format!(" {what}")));
    }
    out
}

/// The status line's message, if any, or why the bookmarks are read-only.
/// A message that stays is drawn whole in its own box (`message`).
fn message(app: &App) -> Option<String> {
    app.status
        .as_ref()
        .filter(|_| !app.status_sticky)
        .map(|s| s.to_string())
        .or_else(|| {
            app.read_only
                .as_ref()
                .map(|w| format!("bookmarks read-only: {w}"))
        })
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
