//! Tests of the bookmarks model, file and store.

use std::fs;
use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::text::sanitize;

const NOW: &str = "2026-11-24T10:00:00Z";

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::in_dir(dir.path());
    (dir, store)
}

fn ids(list: &[Bookmark]) -> Vec<&str> {
    list.iter().map(|b| b.id.as_str()).collect()
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn bad_char(s: &str) -> bool {
    s.chars().any(sanitize::is_forbidden)
}

// --- status --------------------------------------------------------

#[test]
fn status_ids_labels_and_cycle() {
    for s in BookmarkStatus::ALL {
        assert_eq!(BookmarkStatus::from_id(s.id()), Some(s));
        assert_eq!(s.next().next(), s);
        assert_ne!(s.next(), s);
    }
    assert_eq!(BookmarkStatus::default(), BookmarkStatus::ToJoin);
    assert_eq!(BookmarkStatus::ToJoin.id(), "to-join");
    assert_eq!(BookmarkStatus::Joined.id(), "joined");
    assert_eq!(BookmarkStatus::ToJoin.label(), "To join");
    assert_eq!(BookmarkStatus::Joined.label(), "Joined");
    assert_eq!(BookmarkStatus::from_id("Joined"), None);
    assert_eq!(
        serde_json::to_string(&BookmarkStatus::ToJoin).unwrap(),
        "\"to-join\""
    );
}

// --- pure edits ----------------------------------------------------

#[test]
fn pure_edits() {
    let mut list = Vec::new();
    assert!(add(&mut list, "apha", NOW));
    assert!(!add(&mut list, "apha", NOW), "no duplicate");
    assert!(!add(&mut list, "  ", NOW), "no empty id");
    assert_eq!(list[0].added, NOW);
    assert_eq!(list[0].status, BookmarkStatus::ToJoin);

    assert!(set_status(&mut list, "apha", BookmarkStatus::Joined));
    assert!(!set_status(&mut list, "apha", BookmarkStatus::Joined));
    assert!(!set_status(&mut list, "nope", BookmarkStatus::Joined));

    assert!(set_note(&mut list, "apha", Some("  ask about CPD  ")));
    assert_eq!(list[0].note.as_deref(), Some("ask about CPD"));
    assert!(!set_note(&mut list, "apha", Some("ask about CPD")));
    assert!(set_note(&mut list, "apha", Some("   ")));
    assert_eq!(list[0].note, None);
    assert!(!set_note(&mut list, "apha", None));
    assert!(!set_note(&mut list, "nope", Some("x")));

    let long = "x".repeat(MAX_NOTE_CHARS * 2);
    assert!(set_note(&mut list, "apha", Some(&long)));
    assert_eq!(
        list[0].note.as_deref().unwrap().chars().count(),
        MAX_NOTE_CHARS
    );

    assert!(!toggle(&mut list, "apha", NOW), "toggle removes");
    assert!(list.is_empty());
    assert!(toggle(&mut list, "apha", NOW), "toggle adds");
    assert!(remove(&mut list, "apha"));
    assert!(!remove(&mut list, "apha"));
}

#[test]
fn set_note_sanitises() {
    let mut list = Vec::new();
    add(&mut list, "a", NOW);
    set_note(&mut list, "a", Some("red \x1b[31m flip \u{202E}txet\nline"));
    let note = list[0].note.clone().unwrap();
    assert!(!note.contains('\x1b') && !note.contains('\u{202E}') && !note.contains('\n'));
    assert!(!bad_char(&note));
}

// --- the store -----------------------------------------------------

#[test]
fn missing_file_is_empty() {
    let (dir, store) = store();
    assert_eq!(store.load().unwrap(), Loaded::default());
    // A change that changes nothing writes nothing.
    let ((), loaded) = store.update(|_| ()).unwrap();
    assert!(loaded.bookmarks.is_empty());
    assert!(!store.path().exists());
    // The folder is created when needed.
    let nested = Store::in_dir(&dir.path().join("a/b"));
    nested.update(|l| add(l, "x", NOW)).unwrap();
    assert_eq!(ids(&nested.load().unwrap().bookmarks), ["x"]);
}

#[test]
fn round_trip() {
    let (_dir, store) = store();
    let (added, loaded) = store
        .update(|l| {
            let a = add(l, "apha", NOW);
            add(l, "fedip", "");
            set_status(l, "apha", BookmarkStatus::Joined);
            set_note(l, "apha", Some("ask my manager about \"CPD\" funding"));
            a
        })
        .unwrap();
    assert!(added);
    let reloaded = store.load().unwrap();
    assert_eq!(reloaded.bookmarks, loaded.bookmarks);
    assert_eq!(reloaded.read_only, None);
    assert!(reloaded.notices.is_empty());
    assert_eq!(
        reloaded.bookmarks[0],
        Bookmark {
            id: "apha".into(),
            status: BookmarkStatus::Joined,
            note: Some("ask my manager about \"CPD\" funding".into()),
            added: NOW.into(),
        }
    );
    assert_eq!(reloaded.bookmarks[1].added, "");

    let text = fs::read_to_string(store.path()).unwrap();
    assert!(text.starts_with("format = 1\n"), "{text}");
    assert!(text.contains("[[bookmark]]"), "{text}");
    assert!(text.contains("added = 2026-11-24T10:00:00Z\n"), "{text}");
    assert!(text.contains("status = \"joined\""), "{text}");

    // Removing everything leaves a valid, empty file.
    store
        .update(|l| {
            remove(l, "apha");
            remove(l, "fedip");
        })
        .unwrap();
    assert_eq!(fs::read_to_string(store.path()).unwrap(), "format = 1\n");
    assert!(store.load().unwrap().bookmarks.is_empty());
}

#[test]
fn damaged_file_is_backed_up_before_replacing() {
    let (dir, store) = store();
    let damaged: &[u8] = b"format = 1\n[[bookmark]\nid=\xff\x1b[2J";
    fs::write(store.path(), damaged).unwrap();

    let loaded = store.load().unwrap();
    assert!(loaded.bookmarks.is_empty());
    assert_eq!(loaded.read_only, None);
    assert_eq!(loaded.notices.len(), 1);
    assert!(loaded.notices[0].contains("could not be read"));
    assert!(!loaded.notices.iter().any(|n| bad_char(n)));
    // Loading writes nothing.
    assert_eq!(files(dir.path()), ["bookmarks.toml"]);
    assert_eq!(fs::read(store.path()).unwrap(), damaged);

    // An update that changes nothing does not replace it either.
    store.update(|_| ()).unwrap();
    assert_eq!(fs::read(store.path()).unwrap(), damaged);

    let ((), loaded) = store
        .update(|l| {
            add(l, "apha", NOW);
        })
        .unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["apha"]);
    let copies: Vec<_> = files(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("bookmarks.toml.corrupt-"))
        .collect();
    assert_eq!(copies.len(), 1);
    assert_eq!(fs::read(dir.path().join(&copies[0])).unwrap(), damaged);
    assert!(loaded.notices.iter().any(|n| n.contains(&copies[0])));
    assert_eq!(ids(&store.load().unwrap().bookmarks), ["apha"]);

    // A second damaged file in the same second gets a name of its own.
    let text_damage = b"format = 1\n[[bookmark]\nid=";
    fs::write(store.path(), text_damage).unwrap();
    store
        .update(|l| {
            add(l, "b", NOW);
        })
        .unwrap();
    let copies: Vec<_> = files(dir.path())
        .into_iter()
        .filter(|n| n.starts_with("bookmarks.toml.corrupt-"))
        .collect();
    assert_eq!(copies.len(), 2);
    let kept: Vec<Vec<u8>> = copies
        .iter()
        .map(|c| fs::read(dir.path().join(c)).unwrap())
        .collect();
    assert!(kept.contains(&damaged.to_vec()) && kept.contains(&text_damage.to_vec()));
}

#[test]
fn newer_format_is_never_overwritten() {
    let (dir, store) = store();
    let newer = "format = 2\nshiny = true\n[[bookmark]]\nid = \"apha\"\nstatus = \"maybe\"\n\
                 [[bookmark]]\nid = \"fedip\"\npriority = 3\n";
    fs::write(store.path(), newer).unwrap();

    let loaded = store.load().unwrap();
    let why = loaded.read_only.unwrap();
    assert!(why.contains("format 2"), "{why}");
    assert_eq!(ids(&loaded.bookmarks), ["apha", "fedip"]);

    match store.update(|l| add(l, "x", NOW)) {
        Err(StoreError::ReadOnly(why)) => assert!(why.contains("format 2")),
        other => panic!("expected ReadOnly, got {other:?}"),
    }
    assert_eq!(fs::read_to_string(store.path()).unwrap(), newer);
    assert!(
        !files(dir.path())
            .iter()
            .any(|n| n.contains(".corrupt-") || n.contains(".tmp-"))
    );

    // Newer and unparseable to us: still read-only, not damaged.
    let odd = "format = 3\n[[bookmark]\nid=";
    fs::write(store.path(), odd).unwrap();
    let loaded = store.load().unwrap();
    assert!(loaded.read_only.is_some());
    assert!(matches!(
        store.update(|l| add(l, "x", NOW)),
        Err(StoreError::ReadOnly(_))
    ));
    assert_eq!(fs::read_to_string(store.path()).unwrap(), odd);
}

#[test]
fn older_shapes_unknown_keys_and_duplicates_load() {
    let (_dir, store) = store();
    fs::write(
        store.path(),
        "[[bookmark]]\nid = \"apha\"\n\n[[bookmark]]\nid = \"fedip\"\nextra = 1\n\
         [[bookmark]]\nid = \"apha\"\nstatus = \"joined\"\n",
    )
    .unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["apha", "fedip"]);
    assert!(
        loaded
            .bookmarks
            .iter()
            .all(|b| b.status == BookmarkStatus::ToJoin && b.note.is_none() && b.added.is_empty())
    );
    assert_eq!(loaded.read_only, None);

    // Only ids, with a format line, and an empty file.
    fs::write(store.path(), "format = 1\n[[bookmark]]\nid = \"x\"\n").unwrap();
    assert_eq!(ids(&store.load().unwrap().bookmarks), ["x"]);
    fs::write(store.path(), "").unwrap();
    assert!(store.load().unwrap().bookmarks.is_empty());
}

#[test]
fn skipped_entries_are_kept_in_place() {
    let (dir, store) = store();
    let text = "format = 1\n[[bookmark]]\nnote = \"no id\"\n[[bookmark]]\nid = \"ok\"\n";
    fs::write(store.path(), text).unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["ok"]);
    assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);

    store
        .update(|l| {
            add(l, "new", NOW);
        })
        .unwrap();
    // Nothing was lost, so nothing needed copying aside.
    let written = fs::read_to_string(store.path()).unwrap();
    assert!(written.starts_with(text), "{written}");
    assert!(!files(dir.path()).iter().any(|n| n.contains(".corrupt-")));
    let loaded = store.load().unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["ok", "new"]);
    assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);
}

/// A file someone wrote by hand, with comments, keys this version does not
/// know and a long note over several lines.
fn hand_edited() -> String {
    let long: String = (0..40)
        .map(|i| format!("line {i:02}: {}\n", "words ".repeat(7)))
        .collect();
    assert!(long.chars().count() >= 2000);
    format!(
        "# my bookmarks, by hand\nformat = 1\nowner = \"sam\"   # mine\n\n\
         [[bookmark]]\nid = \"apha\"\nstatus = \"joined\"  # since May\n\
         note = \"\"\"\n{long}\"\"\"\npriority = 3\nadded = 2026-01-02T03:04:05Z\n\n\
         # the next one\n[[bookmark]]\nid = \"fedip\"\ncolour = \"blue\"\n"
    )
}

#[test]
fn a_hand_edited_file_is_kept_as_written() {
    let (_dir, store) = store();
    let text = hand_edited();
    fs::write(store.path(), &text).unwrap();

    let (steps, loaded) = store.apply(&[Change::Add("bcs".into())], NOW).unwrap();
    assert!(steps[0].changed());
    assert_eq!(ids(&loaded.bookmarks), ["apha", "fedip", "bcs"]);
    let written = fs::read_to_string(store.path()).unwrap();
    assert!(written.starts_with(&text), "{written}");
    assert!(
        written.ends_with("id = \"bcs\"\nstatus = \"to-join\"\nadded = 2026-11-24T10:00:00Z\n")
    );

    // A change to one entry changes only its own key, comment kept.
    store
        .apply(
            &[Change::Status("apha".into(), BookmarkStatus::ToJoin)],
            NOW,
        )
        .unwrap();
    let written = fs::read_to_string(store.path()).unwrap();
    assert_eq!(
        written,
        text.replace("status = \"joined\"  #", "status = \"to-join\"  #")
            + "\n[[bookmark]]\nid = \"bcs\"\nstatus = \"to-join\"\nadded = 2026-11-24T10:00:00Z\n"
    );
    // Removing another leaves the rest byte for byte.
    store.apply(&[Change::Remove("bcs".into())], NOW).unwrap();
    store
        .apply(
            &[Change::Status("apha".into(), BookmarkStatus::Joined)],
            NOW,
        )
        .unwrap();
    assert_eq!(fs::read_to_string(store.path()).unwrap(), text);
}

#[test]
fn changes_are_the_state_asked_for_and_steps_undo_exactly() {
    let (_dir, store) = store();
    let text = hand_edited();
    fs::write(store.path(), &text).unwrap();

    // Asking for what already is changes nothing.
    let (steps, _) = store.apply(&[Change::Add("apha".into())], NOW).unwrap();
    assert!(!steps[0].changed());
    let (steps, _) = store.apply(&[Change::Remove("nope".into())], NOW).unwrap();
    assert!(!steps[0].changed());
    let (steps, _) = store
        .apply(&[Change::Note("nope".into(), Some("x".into()))], NOW)
        .unwrap();
    assert!(!steps[0].changed() && steps[0].after.is_none());
    assert_eq!(fs::read_to_string(store.path()).unwrap(), text);

    // Remove the hand-edited entry, then put it back: exactly as it was.
    let (steps, loaded) = store.apply(&[Change::Remove("apha".into())], NOW).unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["fedip"]);
    let step = steps[0].clone();
    assert!(step.after.is_none());
    let before = step.before.clone().unwrap();
    assert_eq!(before.bookmark.status, BookmarkStatus::Joined);
    assert!(before.table.contains("priority = 3") && before.table.contains("line 39"));
    let (_, loaded) = store
        .apply(&[Change::Restore("apha".into(), step.before.clone())], NOW)
        .unwrap();
    assert_eq!(ids(&loaded.bookmarks), ["fedip", "apha"]);
    let written = fs::read_to_string(store.path()).unwrap();
    assert!(
        written.contains(&before.table.replace("[[bookmark]]\n", "")),
        "{written}"
    );
    // Redo: gone again.
    store
        .apply(&[Change::Restore("apha".into(), step.after.clone())], NOW)
        .unwrap();
    assert_eq!(ids(&store.load().unwrap().bookmarks), ["fedip"]);

    // A note, set and undone, comes back in full.
    let (steps, _) = store
        .apply(&[Change::Note("fedip".into(), Some("short".into()))], NOW)
        .unwrap();
    assert_eq!(
        steps[0].after.as_ref().unwrap().bookmark.note.as_deref(),
        Some("short")
    );
    store
        .apply(
            &[Change::Restore("fedip".into(), steps[0].before.clone())],
            NOW,
        )
        .unwrap();
    let loaded = store.load().unwrap();
    assert_eq!(loaded.bookmarks[0].note, None);
    assert!(
        fs::read_to_string(store.path())
            .unwrap()
            .contains("colour = \"blue\"")
    );
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_not_a_file_is_refused_at_once() {
    let (dir, store) = store();
    let lock = dir.path().join("bookmarks.toml.lock");
    let c = std::ffi::CString::new(lock.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let err = store.update(|l| add(l, "x", NOW)).unwrap_err();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    assert!(err.to_string().contains("bookmarks.toml.lock"), "{err}");
    assert!(!store.path().exists());
}

#[cfg(unix)]
#[test]
fn a_linked_file_is_written_through_and_a_dangling_link_is_kept() {
    let (dir, store) = store();
    let dots = dir.path().join("dotfiles");
    fs::create_dir(&dots).unwrap();
    std::os::unix::fs::symlink(dots.join("bookmarks.toml"), store.path()).unwrap();

    // Dangling: a warning naming it, and no write.
    let loaded = store.load().unwrap();
    assert!(
        loaded.notices[0].contains("is a link to"),
        "{:?}",
        loaded.notices
    );
    assert!(
        loaded.notices[0].contains("dotfiles"),
        "{:?}",
        loaded.notices
    );
    let err = store.update(|l| add(l, "x", NOW)).unwrap_err();
    assert!(err.to_string().contains("does not exist"), "{err}");
    assert!(
        fs::symlink_metadata(store.path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(!dots.join("bookmarks.toml").exists());

    // Once the target exists, writes go through the link.
    fs::write(dots.join("bookmarks.toml"), "format = 1\n").unwrap();
    store.update(|l| add(l, "x", NOW)).unwrap();
    assert!(
        fs::symlink_metadata(store.path())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(dots.join("bookmarks.toml"))
            .unwrap()
            .contains("id = \"x\"")
    );
    assert_eq!(ids(&store.load().unwrap().bookmarks), ["x"]);
}

#[test]
fn strings_from_the_file_are_sanitised() {
    let (_dir, store) = store();
    fs::write(
        store.path(),
        "format = 1\n[[bookmark]]\nid = \"ap\\u001b[2Jha\\u202E\"\n\
         note = \"red \\u001b[31m flip \\u202Etxet \\u2066x\\u2069\\u200B\"\n\
         added = \"2026\\u001b\"\n",
    )
    .unwrap();
    let loaded = store.load().unwrap();
    let b = &loaded.bookmarks[0];
    assert!(!bad_char(&b.id), "{:?}", b.id);
    let note = b.note.as_deref().unwrap();
    assert!(
        !note.contains('\x1b') && !note.contains('\u{202E}'),
        "{note:?}"
    );
    assert!(!bad_char(note), "{note:?}");
    assert!(!bad_char(&b.added));

    // And what is written back is the clean text, which reads back the same.
    let ((), written) = store
        .update(|l| {
            add(l, "second", NOW);
        })
        .unwrap();
    assert_eq!(store.load().unwrap().bookmarks, written.bookmarks);
    assert!(
        !fs::read_to_string(store.path())
            .unwrap()
            .contains('\u{202E}')
    );
}

#[test]
fn concurrent_updates_lose_nothing() {
    let (dir, _store) = store();
    let threads: Vec<_> = (0..3)
        .map(|t| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                let store = Store::in_dir(&dir);
                for i in 0..30 {
                    let id = format!("net-{t}-{i}");
                    let (added, _) = store.update(|l| add(l, &id, NOW)).unwrap();
                    assert!(added);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    let loaded = Store::in_dir(dir.path()).load().unwrap();
    assert_eq!(loaded.bookmarks.len(), 90);
    for t in 0..3 {
        for i in 0..30 {
            let id = format!("net-{t}-{i}");
            assert!(loaded.bookmarks.iter().any(|b| b.id == id), "{id} lost");
        }
    }
    assert!(!files(dir.path()).iter().any(|n| n.contains(".tmp-")));
}

#[test]
fn stale_temp_files_are_swept() {
    let (dir, store) = store();
    let stale = dir.path().join("bookmarks.toml.tmp-99999-0");
    let other = dir.path().join("notes.toml.tmp-1-1");
    fs::write(&stale, "half a file").unwrap();
    fs::write(&other, "not ours").unwrap();
    store.update(|_| ()).unwrap();
    assert!(!stale.exists());
    assert!(other.exists());
}

#[test]
fn a_held_lock_gives_locked() {
    let (_dir, store) = store();
    let store = store.with_lock_wait(Duration::from_millis(100));
    let holder = Store::in_dir(store.dir());
    let held = holder.lock().unwrap();
    match store.update(|l| add(l, "x", NOW)) {
        Err(StoreError::Locked { path, holder }) => {
            assert_eq!(path, store.dir().join("bookmarks.toml.lock"));
            let me = format!("hinet, process {}", std::process::id());
            assert_eq!(holder.as_deref(), Some(me.as_str()));
            let msg = StoreError::Locked { path, holder }.to_string();
            assert!(msg.contains("bookmarks.toml.lock") && !msg.contains('\n'));
            assert!(msg.contains(&me), "{msg}");
        }
        other => panic!("expected Locked, got {other:?}"),
    }
    drop(held);
    assert!(store.update(|l| add(l, "x", NOW)).unwrap().0);
}

#[test]
fn a_folder_in_place_of_the_file_is_refused() {
    let (_dir, store) = store();
    fs::create_dir(store.path()).unwrap();
    let err = store.load().unwrap_err();
    assert!(matches!(err, StoreError::Io(_)));
    assert!(err.to_string().contains("bookmarks.toml"), "{err}");
    assert!(store.update(|l| add(l, "x", NOW)).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any note is stored clean and reads back exactly as kept.
    #[test]
    fn any_note_round_trips_clean(note in "\\PC{0,40}|[\\x00-\\x20\u{202A}-\u{202E}\u{2066}-\u{2069}a]{0,20}") {
        let (_dir, store) = store();
        let ((), written) = store
            .update(|l| {
                add(l, "n", NOW);
                set_note(l, "n", Some(&note));
            })
            .unwrap();
        let kept = written.bookmarks[0].note.clone();
        if let Some(k) = &kept {
            prop_assert!(!bad_char(k));
            prop_assert!(k.chars().count() <= MAX_NOTE_CHARS);
        }
        prop_assert_eq!(store.load().unwrap().bookmarks, written.bookmarks);
    }

    /// Every day is written as a date at midnight, later than the day
    /// before (in years 0000 to 9999 the text sorts as the time does).
    #[test]
    fn dates_are_consecutive(days in -719_528i64..2_932_896) {
        let day = super::clock::rfc3339_from_unix(days * 86_400);
        let next = super::clock::rfc3339_from_unix((days + 1) * 86_400);
        prop_assert!(day.ends_with("T00:00:00Z") && day.len() == 20, "{}", day);
        prop_assert!(day < next, "{} {}", day, next);
        prop_assert!(day.parse::<toml::value::Datetime>().is_ok(), "{}", day);
    }
}
