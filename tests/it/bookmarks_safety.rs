//! "Nothing a person saves is ever lost", through the real binary: two
//! copies at once, a hand-edited file, notes over the limit, symbolic
//! links, a lock file that is not a file, and exports onto a full disk.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use hinet::app::{Action, App, Command as AppCommand, Focus, Keymap, update};
use hinet::bookmarks::Store;
use hinet::saver::{self, Saver};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common;
use crate::common::cli::{Folders, Run, command, wait_or_fail};

const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/small");
const NET: &str = "northern-data-guild";

fn hinet(args: &[&str], dir: &Path) -> Command {
    let mut c = command(&["--catalogue", SMALL], &Folders::in_dir(dir));
    c.args(args);
    c
}

/// Run to the end, but never wait forever: a hang is a failure, not a
/// stuck test run.
fn run(args: &[&str], dir: &Path) -> Output {
    let child = hinet(args, dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hinet");
    wait_or_fail(child, &format!("hinet {args:?}"), Duration::from_secs(60))
}

fn ok(args: &[&str], dir: &Path) -> String {
    Run::from_output(run(args, dir)).ok().stdout
}

fn fails(args: &[&str], dir: &Path) -> String {
    let o = run(args, dir);
    assert_eq!(o.status.code(), Some(1), "{args:?} should fail with 1");
    String::from_utf8(o.stderr).expect("utf-8")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("read the folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    v.sort();
    v
}

fn small() -> hinet::catalogue::Catalogue {
    hinet::catalogue::load_path(Path::new(SMALL), 1 << 26).expect("the small catalogue")
}

fn app(list: Vec<hinet::bookmarks::Bookmark>) -> App {
    let mut a = App::new(small(), list, Keymap::default());
    update(&mut a, Action::Resize(140, 40));
    if a.focus == Focus::Search {
        update(
            &mut a,
            Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        );
    }
    a
}

fn select(a: &mut App, id: &str) {
    update(a, Action::Command(AppCommand::Top));
    while a.selected_network().map(|n| n.id.as_str()) != Some(id) {
        update(a, Action::Command(AppCommand::Down));
    }
}

// --- 1. Two copies: intended state, not toggles ---------------------------

#[test]
fn b_on_a_row_another_copy_just_bookmarked_keeps_it_and_its_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    // The app starts with nothing bookmarked...
    let mut a = app(Vec::new());
    let mut s = Saver::new(Store::in_dir(d));
    select(&mut a, NET);
    assert!(!a.is_bookmarked(NET));
    // ...then another copy (the CLI) bookmarks the network with a note.
    ok(
        &["bookmarks", "add", NET, "--note", "from the other copy"],
        d,
    );

    // `b` on the row, still shown unbookmarked, asks for "bookmarked".
    let effects = update(
        &mut a,
        Action::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::NONE)),
    );
    common::run(&mut a, &mut s, effects);
    assert!(a.is_bookmarked(NET));
    assert_eq!(
        a.bookmark(NET).and_then(|b| b.note.as_deref()),
        Some("from the other copy")
    );
    let list = ok(&["bookmarks", "list"], d);
    assert!(list.starts_with(&format!("{NET}\tto-join\t")), "{list}");
    assert!(list.contains("from the other copy"), "{list}");

    // Regaining focus reads the file: a removal elsewhere shows at once.
    ok(&["bookmarks", "remove", NET], d);
    update(&mut a, s.reload());
    assert!(!a.is_bookmarked(NET));
}

// --- 3. A hand-edited file is kept as written ------------------------------

#[test]
fn a_hand_edited_file_survives_an_unrelated_add_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let long: String = (0..40)
        .map(|i| format!("line {i:02}: {}\n", "ask about it ".repeat(4)))
        .collect();
    assert!(long.chars().count() >= 2000);
    let text = format!(
        "# kept by hand\nformat = 1\ntheme_of_my_list = \"autumn\"\n\n\
         [[bookmark]]\nid = \"valley-library-exchange\"   # the library one\n\
         status = \"joined\"\nnote = \"\"\"\n{long}\"\"\"\nreminder = 2027-01-01\n\
         added = 2026-01-02T03:04:05Z\n"
    );
    fs::write(d.join("bookmarks.toml"), &text).expect("write");
    ok(&["bookmarks", "add", NET], d);
    let after = fs::read_to_string(d.join("bookmarks.toml")).expect("read");
    assert!(after.starts_with(&text), "{after}");
    assert!(
        after[text.len()..].contains(&format!("id = \"{NET}\"")),
        "{after}"
    );
    assert!(!names(d).iter().any(|n| n.contains(".corrupt-")));
    // The CLI's own change to that entry leaves its other keys and note.
    ok(
        &[
            "bookmarks",
            "set",
            "valley-library-exchange",
            "--status",
            "to-join",
        ],
        d,
    );
    let after = fs::read_to_string(d.join("bookmarks.toml")).expect("read");
    assert!(after.contains(&long) && after.contains("reminder = 2027-01-01"));
    assert!(after.contains("# kept by hand") && after.contains("# the library one"));
}

#[test]
fn a_note_over_the_limit_is_refused_not_cut() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let long = "x".repeat(501);
    let err = fails(&["bookmarks", "add", NET, "--note", &long], d);
    assert!(err.contains("at most 500"), "{err}");
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(!d.join("bookmarks.toml").exists());
    ok(&["bookmarks", "add", NET, "--note", &"y".repeat(500)], d);
    let before = fs::read(d.join("bookmarks.toml")).expect("read");
    let err = fails(&["bookmarks", "set", NET, "--note", &long], d);
    assert!(err.contains("501 characters"), "{err}");
    assert_eq!(fs::read(d.join("bookmarks.toml")).expect("read"), before);
}

// --- 4. Symbolic links ------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_linked_bookmarks_file_is_written_through_and_a_dangling_link_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let dots = d.join("dotfiles");
    fs::create_dir(&dots).expect("mkdir");
    let link = d.join("bookmarks.toml");
    std::os::unix::fs::symlink(dots.join("hinet-bookmarks.toml"), &link).expect("link");

    // Dangling: a warning naming it; a change is refused; the link stays.
    let o = run(&["bookmarks", "list"], d);
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("is a link to") && err.contains("hinet-bookmarks.toml"),
        "{err}"
    );
    let err = fails(&["bookmarks", "add", NET], d);
    assert!(err.contains("does not exist"), "{err}");
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert!(!dots.join("hinet-bookmarks.toml").exists());

    // Once the target exists, saves go through the link to it.
    fs::write(dots.join("hinet-bookmarks.toml"), "# mine\nformat = 1\n").expect("write");
    ok(&["bookmarks", "add", NET], d);
    assert!(
        fs::symlink_metadata(&link)
            .expect("link")
            .file_type()
            .is_symlink()
    );
    let kept = fs::read_to_string(dots.join("hinet-bookmarks.toml")).expect("read");
    assert!(
        kept.starts_with("# mine\nformat = 1\n") && kept.contains(NET),
        "{kept}"
    );
    assert!(ok(&["bookmarks", "list"], d).starts_with(NET));
}

// --- 5. The lock file -------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_at_the_lock_file_is_refused_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let lock = d.join("bookmarks.toml.lock");
    let c = std::ffi::CString::new(lock.as_os_str().as_encoded_bytes()).expect("a path");
    // SAFETY: mkfifo with a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let err = fails(&["bookmarks", "add", NET], d);
    assert!(err.contains("bookmarks.toml.lock"), "{err}");
    assert!(err.contains("not a regular file"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!d.join("bookmarks.toml").exists());
}

// --- 7. Exports onto a full disk --------------------------------------------

/// A tiny file system (root only): unmounted when dropped.
#[cfg(unix)]
struct Tiny(PathBuf);

#[cfg(unix)]
impl Tiny {
    fn mount(at: &Path) -> Option<Tiny> {
        fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
            .arg(at)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tiny(at.to_path_buf()))
    }
}

#[cfg(unix)]
impl Drop for Tiny {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fill the file system at `dir` until it is full.
#[cfg(unix)]
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = fs::File::create(dir.join("filler")).expect("filler");
    let block = [0u8; 1024];
    while f.write_all(&block).and_then(|()| f.sync_all()).is_ok() {}
}

#[cfg(unix)]
#[test]
fn a_failed_export_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(
        &[
            "bookmarks",
            "add",
            NET,
            "--note",
            &"a long note ".repeat(40),
        ],
        d,
    );
    let out = d.join("out");
    let tiny = Tiny::mount(&out);
    if tiny.is_none() {
        // Not root: a folder that cannot be written to stands in for a
        // full disk (the temporary file cannot be made).
        fs::create_dir_all(&out).expect("mkdir");
    }
    let plan = out.join("plan.md");
    fs::write(&plan, "my old plan\n").expect("write");
    if tiny.is_some() {
        fill(&out);
    } else {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).expect("chmod");
    }
    let before = names(&out);
    let plan_arg = plan.to_string_lossy().into_owned();
    let err = fails(&["bookmarks", "export", "-o", &plan_arg], d);
    assert!(err.contains("plan.md"), "{err}");
    assert_eq!(fs::read_to_string(&plan).expect("read"), "my old plan\n");
    assert_eq!(names(&out), before, "no temporary file is left");

    // The app's `E` into the same folder: an error, and nothing left behind.
    let store = Store::in_dir(d);
    let actions = saver::export_plan(&store, &small(), &out, "the current folder");
    let message = actions
        .iter()
        .find_map(|a| match a {
            Action::Sticky(m) => Some(m.clone()),
            _ => None,
        })
        .expect("a message");
    assert!(message.starts_with("The plan was not written"), "{message}");
    assert_eq!(names(&out), before, "no temporary file is left");
    assert_eq!(fs::read_to_string(&plan).expect("read"), "my old plan\n");
    if tiny.is_none() {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&out, fs::Permissions::from_mode(0o755));
    }
}
