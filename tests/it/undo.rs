//! Key sequences for bookmark changes against a real bookmarks file: what
//! is shown is what was saved, every change can be undone and redone step
//! by step, a failed save keeps the old state and an error that stays
//! until dismissed, and a busy lock is waited for without freezing keys.

use std::fs;

use hinet::app::{Action, App, Command, Effect, Focus, Key, Keymap, Overlay, Why, update};
use hinet::bookmarks::{Bookmark, BookmarkStatus, Change, Store};
use hinet::config::ThemeName;
use hinet::saver::{self, Saver};
use hinet::ui::{self, Theme};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

use crate::common;
use common::{run, run_once, small};

const NET: &str = "northern-data-guild";
const OTHER: &str = "riverside-records-forum";

/// The app over the small catalogue showing `store`'s bookmarks, with the
/// keyboard on the panes (where single letters are commands).
fn app_on(store: &Store, keymap: Keymap) -> App {
    let list = store.load().map(|l| l.bookmarks).unwrap_or_default();
    let mut a = App::new(small(), list, keymap);
    update(&mut a, Action::Resize(140, 40));
    if a.focus == Focus::Search {
        key(&mut a, KeyCode::Esc);
    }
    a
}

fn key(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Action::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ch(a: &mut App, c: char) -> Vec<Effect> {
    key(a, KeyCode::Char(c))
}

/// Press a key and carry out its effects as the terminal does.
fn press(a: &mut App, s: &mut Saver, code: KeyCode) {
    let effects = key(a, code);
    run(a, s, effects);
}

fn selected(a: &App) -> Option<String> {
    a.selected_network().map(|n| n.id.clone())
}

fn select(a: &mut App, id: &str) {
    update(a, Action::Command(Command::Top));
    for _ in 0..a.current().outcome.hits.len() {
        if selected(a).as_deref() == Some(id) {
            return;
        }
        update(a, Action::Command(Command::Down));
    }
    assert_eq!(selected(a).as_deref(), Some(id));
}

fn on_disk(store: &Store) -> Vec<Bookmark> {
    store.load().expect("the bookmarks load").bookmarks
}

fn ids(list: &[Bookmark]) -> Vec<&str> {
    list.iter().map(|b| b.id.as_str()).collect()
}

fn status(a: &App) -> &str {
    a.status.as_deref().unwrap_or("")
}

fn screen(a: &App, w: u16, h: u16) -> String {
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    ui::render(a, &Theme::new(ThemeName::Default), area, &mut buf);
    ui::buffer_text(&buf)
}

fn setup() -> (tempfile::TempDir, Store, Saver) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::in_dir(dir.path());
    let saver = Saver::new(store.clone());
    (dir, store, saver)
}

#[test]
fn undo_and_redo_an_add() {
    let (_dir, store, mut s) = setup();
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    press(&mut a, &mut s, KeyCode::Char('b'));
    assert!(a.is_bookmarked(NET));
    assert_eq!(ids(&on_disk(&store)), [NET]);
    assert!(status(&a).ends_with("— u undoes"), "{}", status(&a));

    press(&mut a, &mut s, KeyCode::Char('u'));
    assert!(!a.is_bookmarked(NET));
    assert!(on_disk(&store).is_empty());
    assert!(status(&a).starts_with("Undone"), "{}", status(&a));
    assert!(status(&a).ends_with("— U redoes"), "{}", status(&a));

    press(&mut a, &mut s, KeyCode::Char('U'));
    assert!(a.is_bookmarked(NET));
    assert_eq!(ids(&on_disk(&store)), [NET]);

    // Nothing more to redo; undo again, then Ctrl-R redoes too.
    press(&mut a, &mut s, KeyCode::Char('U'));
    assert_eq!(status(&a), "Nothing to redo");
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert!(on_disk(&store).is_empty());
    let effects = update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)),
    );
    run(&mut a, &mut s, effects);
    assert_eq!(ids(&on_disk(&store)), [NET]);
}

#[test]
fn a_removal_takes_one_key_and_undo_brings_back_the_note() {
    let (_dir, store, mut s) = setup();
    store
        .apply(
            &[
                Change::Add(NET.into()),
                Change::Status(NET.into(), BookmarkStatus::Joined),
                Change::Note(NET.into(), Some("ask my manager about CPD".into())),
            ],
            "2026-01-01T10:00:00Z",
        )
        .expect("saved");
    let before = fs::read_to_string(store.path()).expect("the file");
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    press(&mut a, &mut s, KeyCode::Char('b'));
    assert!(!a.is_bookmarked(NET));
    assert!(on_disk(&store).is_empty());
    assert_eq!(status(&a), "Removed NDG (with its note) — u undoes");

    press(&mut a, &mut s, KeyCode::Char('u'));
    let b = a.bookmark(NET).expect("bookmarked again");
    assert_eq!(b.status, BookmarkStatus::Joined);
    assert_eq!(b.note.as_deref(), Some("ask my manager about CPD"));
    assert_eq!(b.added, "2026-01-01T10:00:00Z");
    assert_eq!(fs::read_to_string(store.path()).expect("the file"), before);
}

#[test]
fn undo_a_status_and_a_note_step_by_step() {
    let (_dir, store, mut s) = setup();
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    press(&mut a, &mut s, KeyCode::Char('b'));
    press(&mut a, &mut s, KeyCode::Char('s'));
    assert_eq!(
        a.bookmark(NET).map(|b| b.status),
        Some(BookmarkStatus::Joined)
    );
    press(&mut a, &mut s, KeyCode::Char('e'));
    for c in "first".chars() {
        ch(&mut a, c);
    }
    press(&mut a, &mut s, KeyCode::Enter);
    press(&mut a, &mut s, KeyCode::Char('e'));
    update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    for c in "second".chars() {
        ch(&mut a, c);
    }
    press(&mut a, &mut s, KeyCode::Enter);
    assert_eq!(on_disk(&store)[0].note.as_deref(), Some("second"));

    // Back, one change at a time, on disk and on screen.
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert_eq!(on_disk(&store)[0].note.as_deref(), Some("first"));
    assert_eq!(
        a.bookmark(NET).and_then(|b| b.note.as_deref()),
        Some("first")
    );
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert_eq!(on_disk(&store)[0].note, None);
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert_eq!(on_disk(&store)[0].status, BookmarkStatus::ToJoin);
    assert_eq!(
        a.bookmark(NET).map(|b| b.status),
        Some(BookmarkStatus::ToJoin)
    );
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert!(on_disk(&store).is_empty());
    press(&mut a, &mut s, KeyCode::Char('u'));
    assert_eq!(status(&a), "Nothing to undo");
    // And forward again.
    for _ in 0..4 {
        press(&mut a, &mut s, KeyCode::Char('U'));
    }
    let b = &on_disk(&store)[0];
    assert_eq!(
        (b.status, b.note.as_deref()),
        (BookmarkStatus::Joined, Some("second"))
    );
}

#[test]
fn undo_is_safe_with_two_copies_open() {
    let (_dir, store, mut s) = setup();
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    press(&mut a, &mut s, KeyCode::Char('b'));
    // Another copy bookmarks another network meanwhile.
    store
        .apply(&[Change::Add(OTHER.into())], "2026-01-01T10:00:00Z")
        .expect("saved");
    press(&mut a, &mut s, KeyCode::Char('u'));
    // Undo touched only its own bookmark, and the screen shows the file.
    assert_eq!(ids(&on_disk(&store)), [OTHER]);
    assert_eq!(ids(&a.bookmarks), [OTHER]);
}

#[test]
fn the_status_line_names_the_keys_in_force() {
    let (_dir, store, mut s) = setup();
    let mut keymap = Keymap::default();
    let undo = keymap.by_name("undo").expect("an undo binding");
    keymap.bindings[undo].keys = vec![Key::ch('v')];
    let mut a = app_on(&store, keymap);
    select(&mut a, NET);
    press(&mut a, &mut s, KeyCode::Char('b'));
    assert!(status(&a).ends_with("— v undoes"), "{}", status(&a));
    press(&mut a, &mut s, KeyCode::Char('v'));
    assert!(on_disk(&store).is_empty());
}

#[test]
fn a_failed_save_shows_the_old_state_and_an_error_until_dismissed() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // The bookmarks folder cannot be made: a file is where it would go.
    fs::write(dir.path().join("blocked"), "a file").expect("write");
    let store = Store::in_dir(&dir.path().join("blocked").join("hinet"));
    let mut s = Saver::new(store.clone());
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    let effects = ch(&mut a, 'b');
    assert_eq!(
        effects,
        [Effect::Bookmark(Change::Add(NET.into()), Why::Do)]
    );
    run(&mut a, &mut s, effects);
    assert!(!a.is_bookmarked(NET), "not saved, so not shown");
    assert!(a.status_sticky);
    assert!(status(&a).starts_with("Not saved: "), "{}", status(&a));
    let text = screen(&a, 140, 40);
    assert!(text.contains("Esc dismisses"), "{text}");
    assert!(text.contains("Not saved"), "{text}");
    assert!(!text.contains("1 bookmarked"), "{text}");

    // Other keys work and the error stays.
    ch(&mut a, 'j');
    ch(&mut a, 'k');
    assert!(status(&a).starts_with("Not saved: "));
    assert!(screen(&a, 140, 40).contains("Not saved"));
    // Esc dismisses it.
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.status, None);
    assert!(!screen(&a, 140, 40).contains("Not saved"));
    // Nothing was kept to undo.
    ch(&mut a, 'u');
    assert_eq!(status(&a), "Nothing to undo");
}

#[test]
fn a_busy_lock_is_waited_for_without_holding_the_keys() {
    let (dir, store, mut s) = setup();
    let mut a = app_on(&store, Keymap::default());
    select(&mut a, NET);
    let lock = fs::File::create(dir.path().join("bookmarks.toml.lock")).expect("lock file");
    lock.lock().expect("hold the lock");

    let effects = ch(&mut a, 'b');
    run_once(&mut a, &mut s, effects);
    assert!(s.waiting());
    assert!(!a.is_bookmarked(NET));
    assert!(
        status(&a).starts_with("Waiting for the bookmarks file (held by "),
        "{}",
        status(&a)
    );
    // Keys still act meanwhile.
    update(&mut a, Action::Command(Command::Down));
    assert_ne!(selected(&a).as_deref(), Some(NET));
    for action in s.flush() {
        update(&mut a, action);
    }
    assert!(s.waiting(), "still held");

    drop(lock);
    for action in s.flush() {
        update(&mut a, action);
    }
    assert!(!s.waiting());
    assert!(a.is_bookmarked(NET));
    assert_eq!(ids(&on_disk(&store)), [NET]);
    assert!(!a.status_sticky);
}

#[test]
fn the_bookmarks_view_shows_a_bookmark_whose_network_left_as_missing() {
    let (_dir, store, _s) = setup();
    store
        .apply(
            &[
                Change::Add("gone-network".into()),
                Change::Note("gone-network".into(), Some("kept anyway".into())),
                Change::Add(NET.into()),
            ],
            "2026-01-01T10:00:00Z",
        )
        .expect("saved");
    let mut a = app_on(&store, Keymap::default());
    update(&mut a, Action::Command(Command::BookmarksOnly));
    let text = screen(&a, 140, 40);
    assert!(
        text.contains("?gone-network (missing from the catalogue) — kept"),
        "{text}"
    );
    assert!(text.contains("Northern Data Guild"), "{text}");
}

#[test]
fn e_writes_a_dated_plan_never_over_another_and_shows_the_whole_path() {
    let (_dir, store, _s) = setup();
    store
        .apply(&[Change::Add(NET.into())], "2026-01-01T10:00:00Z")
        .expect("saved");
    let out = tempfile::tempdir().expect("a temporary folder");
    let docs = out.path().join("a folder with a long name for documents");
    fs::create_dir(&docs).expect("mkdir");
    let mut a = app_on(&store, Keymap::default());
    update(&mut a, Action::Resize(70, 22));
    assert_eq!(ch(&mut a, 'E'), [Effect::ExportPlan]);
    let mut paths = Vec::new();
    for _ in 0..2 {
        for action in saver::export_plan(&store, &a.catalogue, &docs, "your Documents folder") {
            update(&mut a, action);
        }
        let msg = status(&a).to_string();
        assert!(a.status_sticky);
        let path = msg
            .split_once(": ")
            .map(|(_, p)| p.to_string())
            .expect("a path");
        assert!(msg.starts_with("Joining plan written to your Documents folder"));
        paths.push(path);
    }
    assert_ne!(paths[0], paths[1], "the second never overwrites the first");
    assert!(paths[1].ends_with("-2.md"), "{}", paths[1]);
    for p in &paths {
        let text = fs::read_to_string(p).expect("the plan");
        assert!(text.contains("Northern Data Guild"), "{text}");
    }
    // The whole path is on screen at 70 columns, wrapped, until dismissed.
    let text = screen(&a, 70, 22);
    let joined: String = text
        .lines()
        .filter_map(|l| l.strip_prefix('│').or_else(|| l.strip_prefix('┃')))
        .map(|l| l.trim_end().trim_end_matches(['│', '┃']).trim_end())
        .collect::<Vec<_>>()
        .join(" ");
    let squashed: String = joined.chars().filter(|c| *c != ' ').collect();
    let want: String = paths[1].chars().filter(|c| *c != ' ').collect();
    assert!(squashed.contains(&want), "{text}");
    ch(&mut a, 'j');
    assert!(a.status_sticky, "another key leaves it");
    key(&mut a, KeyCode::Esc);
    assert_eq!(a.status, None);
    assert_eq!(a.overlay, Overlay::None);
}

/// The message that stays, drawn at every size the app supports: the whole
/// path of an export, wrapped, and how to dismiss it.
#[test]
fn a_message_that_stays_is_drawn_whole_at_every_size() {
    let (_dir, store, _s) = setup();
    let path = "/home/someone/Documents/hinet-joining-plan-2026-12-01-2.md";
    for (w, h) in [(140, 40), (90, 30), (70, 22), (40, 10)] {
        let mut a = app_on(&store, Keymap::default());
        update(&mut a, Action::Resize(w, h));
        update(
            &mut a,
            Action::Sticky(format!(
                "Joining plan written to your Documents folder: {path}"
            )),
        );
        let text = screen(&a, w, h);
        assert!(text.contains("Esc dismisses"), "{text}");
        let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let inner: String = squashed.replace(['│', '┃'], "");
        assert!(inner.contains(path), "{w}x{h}:\n{text}");
        insta::assert_snapshot!(format!("sticky_message_{w}x{h}"), text);
    }
}
