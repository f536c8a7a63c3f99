//! Helpers shared by the integration tests (modules of `tests/it/main.rs`).
//! A module says `use crate::common;`; not every module uses every helper.

#![allow(dead_code)]

pub mod cli;
pub mod large;
pub mod pty;

use std::path::Path;
use std::sync::OnceLock;

use hinet::catalogue::Catalogue;

/// A catalogue read from one TOML text (as the file `name`), with no
/// additions; panics with the error when it does not load.
pub fn catalogue_from(name: &str, text: &str) -> Catalogue {
    hinet::catalogue::from_files(
        vec![hinet::catalogue::SourceFile {
            name: name.into(),
            text: text.into(),
        }],
        vec![],
    )
    .unwrap_or_else(|e| panic!("{name} loads: {e:?}\n{text}"))
}

/// The small fixture catalogue (`tests/fixtures/small`), read once per test
/// binary and cloned for each test.
pub fn small() -> Catalogue {
    static SMALL: OnceLock<Catalogue> = OnceLock::new();
    SMALL
        .get_or_init(|| {
            hinet::catalogue::load_path(
                Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small")),
                1 << 26,
            )
            .expect("the small fixture catalogue loads")
        })
        .clone()
}

use hinet::app::{App, Effect, update};
use hinet::saver::Saver;

/// Carry out bookmark effects as the terminal does, against the real store,
/// and, as the event loop does, try a lock found busy again (a process that
/// another test starts can hold a copy of the lock's descriptor for the
/// moment between its fork and its exec).
pub fn run(a: &mut App, s: &mut Saver, effects: Vec<Effect>) {
    run_once(a, s, effects);
    let start = std::time::Instant::now();
    while s.waiting() && start.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(10));
        for action in s.flush() {
            update(a, action);
        }
    }
}

/// Carry out bookmark effects once, without trying a busy lock again.
pub fn run_once(a: &mut App, s: &mut Saver, effects: Vec<Effect>) {
    for e in effects {
        let follow = match e {
            Effect::Bookmark(change, why) => s.save(change, why),
            Effect::ReloadBookmarks => vec![s.reload()],
            _ => Vec::new(),
        };
        for action in follow {
            update(a, action);
        }
    }
}

use ratatui::crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

/// A mouse event at a screen position, as the event loop hands it on: what
/// is under it on the app's screen (`ui::mouse_action`), then `update`. The
/// events the app ignores (other buttons, moves) never reach it.
pub fn mouse(a: &mut App, kind: MouseEventKind, column: u16, row: u16) {
    let ev = MouseEvent {
        kind,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    let area = Rect::new(0, 0, a.width, a.height);
    if let Some(action) = hinet::ui::mouse_action(a, area, ev) {
        update(a, action);
    }
}

use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// A key with no modifiers, through `update`.
pub fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(
        a,
        hinet::app::Action::Key(KeyEvent::new(code, KeyModifiers::NONE)),
    )
}

/// The (facet, value) of `key` = `id` in the current tab's index.
pub fn facet_value(a: &App, key: &str, id: &str) -> (usize, usize) {
    let (f, facet) = a.current().index.facet(key).expect("facet exists");
    (f, facet.position(id).expect("facet value exists"))
}

/// Move the facet cursor (of the focused facet pane) onto facet `key`,
/// value `id`, with `j` and `k`; returns that (facet, value).
pub fn facet_cursor_to(a: &mut App, key: &str, id: &str) -> (usize, usize) {
    let (f, v) = facet_value(a, key, id);
    let t = a.current();
    let target: usize = t.index.facets[..f]
        .iter()
        .map(|f| f.values.len())
        .sum::<usize>()
        + v;
    let from = t.facet_cursor;
    let (code, n) = if target >= from {
        (KeyCode::Char('j'), target - from)
    } else {
        (KeyCode::Char('k'), from - target)
    };
    for _ in 0..n {
        self::key(a, code);
    }
    assert_eq!(a.current().facet_at_cursor(), Some((f, v)));
    (f, v)
}
