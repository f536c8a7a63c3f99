//! The terminal: set-up and restore (also on error and on panic), the event
//! loop (redraw on events, act on key presses only), and running effects.

use std::io::{self, Write};

use anyhow::{Context as _, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableFocusChange,
    EnableMouseCapture, Event, KeyEventKind,
};
use ratatui::crossterm::execute;

use crate::app::{Action, App, Effect, update};
use crate::bookmarks::Store;
use crate::catalogue::links::check_url;
use crate::saver::{self, Saver};
use crate::ui::{self, Theme};

/// Restore the terminal: leave the alternate screen, raw mode, mouse capture.
pub fn restore() {
    ratatui::restore();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        DisableFocusChange
    );
}

/// Run the app until the user quits.
pub fn run(mut app: App, theme: Theme, store: Store) -> Result<()> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    let mut terminal = ratatui::init();
    // Focus reports let the app read the bookmarks again when it comes back.
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableFocusChange);
    let mut saver = Saver::new(store);
    let result = event_loop(&mut terminal, &mut app, &theme, &mut saver);
    let unsaved = saver.finish();
    restore();
    for line in unsaved {
        let _ = writeln!(io::stderr(), "{line}");
    }
    // The process ends next: freeing a large catalogue piece by piece would
    // only keep the user waiting after the screen is gone.
    std::mem::forget(app);
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    saver: &mut Saver,
) -> Result<()> {
    let size = terminal.size().context("reading the terminal size")?;
    update(app, Action::Resize(size.width, size.height));
    loop {
        terminal
            .draw(|f| ui::draw(f, app, theme))
            .context("drawing the screen")?;
        if app.quit {
            return Ok(());
        }
        // While a change waits for the bookmarks lock, keys are still read;
        // the change is tried again between them.
        if saver.waiting() && !event::poll(saver::RETRY).context("reading a key")? {
            for a in saver.flush() {
                update(app, a);
            }
            continue;
        }
        let action = match event::read().context("reading a key")? {
            Event::Key(k) if k.kind == KeyEventKind::Press => Action::Key(k),
            Event::Resize(w, h) => Action::Resize(w, h),
            Event::Mouse(m) => Action::Mouse(m),
            Event::FocusGained => saver.reload(),
            _ => continue,
        };
        let effects = update(app, action);
        for effect in effects {
            for follow in run_effect(app, saver, effect) {
                update(app, follow);
            }
        }
    }
}

fn run_effect(app: &App, saver: &mut Saver, effect: Effect) -> Vec<Action> {
    match effect {
        Effect::Bookmark(change, why) => saver.save(change, why),
        Effect::ReloadBookmarks => vec![saver.reload()],
        Effect::OpenUrl(url) => vec![Action::Status(match check_url(&url) {
            Ok(u) => match webbrowser::open(&u) {
                Ok(()) => format!("Opened {u}"),
                Err(e) => format!("Could not open {u}: {e}"),
            },
            Err(e) => format!("Not opened: {e}"),
        })],
        Effect::Copy(text) => {
            let encoded = base64(text.as_bytes());
            let mut out = io::stdout();
            let ok = write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush());
            vec![Action::Status(match ok {
                Ok(()) => format!("Copied {text} (OSC 52)"),
                Err(e) => format!("Could not copy: {e}"),
            })]
        }
        Effect::ExportPlan => {
            let (dir, which) = saver::plan_folder();
            saver::export_plan(saver.store(), &app.catalogue, &dir, which)
        }
    }
}

/// Standard base64, for OSC 52.
fn base64(data: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(T[(n >> 18) as usize & 63] as char);
        out.push(T[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 {
            T[(n >> 6) as usize & 63] as char
        } else {
            '='
        });
        out.push(if chunk.len() > 2 {
            T[n as usize & 63] as char
        } else {
            '='
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(b"foo"), "Zm9v");
        assert_eq!(super::base64(b"https://x.org/"), "aHR0cHM6Ly94Lm9yZy8=");
    }
}
