//! The terminal: set-up and restore (also on error and on panic), the event
//! loop (redraw on events, act on key presses only), and running effects.

mod browser;
mod opener;
mod searcher;

use std::io::{self, IsTerminal as _, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context as _, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableFocusChange, DisableMouseCapture, EnableBracketedPaste,
    EnableFocusChange, EnableMouseCapture, Event, KeyEventKind, MouseEvent,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::{Rect, Size};

use crate::app::{Action, App, Effect, update};
use crate::bookmarks::Store;
use crate::saver::{self, Saver};
use crate::text::links::check_url;
use crate::ui::{self, Theme};

/// The signals that end the app; each first gives the terminal back.
#[cfg(unix)]
const SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGQUIT,
];

/// How often the event loop looks for a signal while no key comes.
const TICK: Duration = Duration::from_millis(200);

/// Whether there is a terminal to run the app in: output to one, and keys
/// from one (standard input, or the controlling terminal).
pub fn available() -> bool {
    io::stdout().is_terminal()
        && (io::stdin().is_terminal()
            || std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open("/dev/tty")
                .is_ok())
}

/// Take the terminal: raw mode, the alternate screen, mouse reports,
/// bracketed paste, and focus reports (which let the app read the
/// bookmarks again when it comes back).
fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        EnableFocusChange
    )
}

/// Give the terminal back, every step even when one fails (the terminal
/// may be gone): raw mode off, bracketed paste, mouse and focus reports
/// off, the main screen, the cursor shown.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        DisableFocusChange,
        LeaveAlternateScreen,
        Show
    );
}

/// Run the app until the user quits or a signal asks it to end. After a
/// signal the process exits with 128 + its number, the terminal restored.
///
/// `later`: the learning tab's index still in the cache entry, for an app
/// made with `App::with_learning_later`; it is opened off the UI thread
/// once the first frame is on screen.
pub fn run(
    mut app: App,
    theme: Theme,
    store: Store,
    later: Option<crate::cache::LaterIndex>,
) -> Result<()> {
    let signal = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for sig in SIGNALS {
        signal_hook::flag::register_usize(sig, Arc::clone(&signal), sig as usize)
            .context("setting up signal handling")?;
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    let terminal = enter().and_then(|()| {
        ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(io::stdout()))
    });
    let mut terminal = match terminal {
        Ok(t) => t,
        Err(e) => {
            restore();
            anyhow::bail!("error: cannot use this terminal ({e})");
        }
    };
    let mut saver = Saver::new(store);
    let mut searcher = searcher::Searcher::start();
    let mut opener = opener::Opener::new(later);
    let result = event_loop(
        &mut terminal,
        &mut app,
        &theme,
        &mut saver,
        &mut searcher,
        &mut opener,
        &signal,
    );
    // Changes still waiting for the lock are tried once more (a signal is
    // only acted on between keys, so none is half made).
    let unsaved = saver.finish();
    restore();
    for line in unsaved {
        let _ = writeln!(io::stderr(), "{line}");
    }
    // The process ends next: freeing a large catalogue piece by piece would
    // only keep the user waiting after the screen is gone.
    std::mem::forget(app);
    let sig = signal.load(Ordering::SeqCst);
    if sig != 0 {
        drop(terminal);
        std::process::exit(128 + sig as i32);
    }
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    saver: &mut Saver,
    searcher: &mut searcher::Searcher,
    opener: &mut opener::Opener,
    signal: &AtomicUsize,
) -> Result<()> {
    let size = terminal.size().context("reading the terminal size")?;
    update(app, Action::Resize(size.width, size.height));
    let mut shown = false;
    loop {
        terminal
            .draw(|f| ui::draw(f, app, theme))
            .context("drawing the screen")?;
        if app.quit {
            return Ok(());
        }
        if !shown {
            // What was left for later starts once the first frame is out.
            shown = true;
            for effect in update(app, Action::Shown) {
                for follow in run_effect(terminal, app, saver, searcher, opener, effect, signal) {
                    update(app, follow);
                }
            }
        }
        // Wait for an event, looking for a signal now and then. While a
        // change waits for the bookmarks lock, keys are still read; the
        // change is tried again between them.
        // While a search runs off the UI thread, its results are looked for
        // often; keys still come first.
        let event = loop {
            if signal.load(Ordering::SeqCst) != 0 {
                return Ok(());
            }
            let wait = if app.searching_any() || opener.opening() {
                searcher::POLL
            } else if saver.waiting() {
                saver::RETRY
            } else {
                TICK
            };
            if event::poll(wait).context("reading a key")? {
                break Some(event::read().context("reading a key")?);
            }
            let results = searcher.results();
            if !results.is_empty() {
                for a in results {
                    update(app, a);
                }
                break None;
            }
            if let Some(a) = opener.result(app) {
                update(app, a);
                break None;
            }
            if saver.waiting() {
                break None;
            }
        };
        let Some(event) = event else {
            for a in saver.flush() {
                update(app, a);
            }
            continue;
        };
        let action = match event {
            Event::Key(k) if k.kind == KeyEventKind::Press => Action::Key(k),
            Event::Paste(text) => Action::Paste(text),
            Event::Resize(w, h) => Action::Resize(w, h),
            Event::Mouse(m) => match mouse_action(terminal, app, m) {
                Some(action) => action,
                None => continue,
            },
            Event::FocusGained => saver.reload(),
            _ => continue,
        };
        let effects = update(app, action);
        for effect in effects {
            for follow in run_effect(terminal, app, saver, searcher, opener, effect, signal) {
                update(app, follow);
            }
        }
    }
}

/// The action for a mouse event: what is under it on the screen as it is
/// now (`ui::hit_test`), or none for the events the app ignores.
fn mouse_action(terminal: &DefaultTerminal, app: &App, m: MouseEvent) -> Option<Action> {
    let size = terminal.size().unwrap_or(Size::new(app.width, app.height));
    ui::mouse_action(app, Rect::new(0, 0, size.width, size.height), m)
}

fn run_effect(
    terminal: &mut DefaultTerminal,
    app: &App,
    saver: &mut Saver,
    searcher: &mut searcher::Searcher,
    opener: &mut opener::Opener,
    effect: Effect,
    signal: &AtomicUsize,
) -> Vec<Action> {
    match effect {
        Effect::Search(request) => searcher.search(request),
        Effect::OpenLearning => opener.open(app),
        Effect::Bookmark(change, why) => saver.save(change, why),
        Effect::ReloadBookmarks => vec![saver.reload()],
        Effect::OpenUrl { url, what } => vec![Action::Status(match check_url(&url) {
            Ok(u) => open_url(terminal, &u, &what, signal),
            Err(e) => format!("Not opened: {e}"),
        })],
        Effect::Copy { text, what } => {
            let encoded = base64(text.as_bytes());
            let mut out = io::stdout();
            let ok = write!(out, "\x1b]52;c;{encoded}\x07").and_then(|()| out.flush());
            vec![Action::Status(match ok {
                Ok(()) => crate::app::copied_message(&text, &what),
                Err(e) => format!("Could not copy: {e}"),
            })]
        }
        Effect::SaveProfile(profile) => match app.settings_file.as_ref() {
            Some(path) => match crate::config::save_profile(path, &profile, true) {
                Ok(()) => Vec::new(),
                Err(e) => vec![Action::Sticky(format!("Profile not saved: {e}"))],
            },
            None => Vec::new(),
        },
        Effect::ExportPlan => {
            let (dir, which) = saver::plan_folder();
            saver::export_plan(saver.store(), &app.catalogue, &dir, which)
        }
    }
}

/// Open a checked link. A text-mode browser gets the terminal: the app
/// leaves it, runs the browser in the foreground, waits, then takes the
/// terminal back and redraws everything. Any other starts in the background.
/// Open `url` (a page of the kind `what` says: "website", "no website
/// known — source page"…) and say what was opened.
fn open_url(terminal: &mut DefaultTerminal, url: &str, what: &str, signal: &AtomicUsize) -> String {
    let browser = std::env::var("BROWSER").ok();
    let path = std::env::var_os("PATH");
    let Some(text) = browser::text_mode(browser.as_deref(), path.as_deref(), url) else {
        return match webbrowser::open(url) {
            Ok(()) => crate::app::opened_message(url, what),
            Err(e) => format!("Could not open ({what}): {e}: {url}"),
        };
    };
    restore();
    let status = std::process::Command::new(&text.program)
        .args(&text.args)
        .status();
    // Ctrl-C or Ctrl-\ typed in the browser reached this process too; they
    // were meant for the browser.
    #[cfg(unix)]
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
        let _ = signal.compare_exchange(sig as usize, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
    let back = enter().and_then(|()| terminal.clear());
    let name = text.name();
    match (status, back) {
        (_, Err(e)) => format!("Could not take the terminal back after {name}: {e}"),
        (Ok(s), Ok(())) if s.success() => {
            format!("{} in {name}", crate::app::opened_message(url, what))
        }
        (Ok(s), Ok(())) => format!("{name} ended with {s} for {url}"),
        (Err(e), Ok(())) => format!("Could not run {name}: {e}"),
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
