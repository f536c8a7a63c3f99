//! The user's bookmarks under stress, with real processes (issue #6, point 4):
//! two copies of hinet racing on one bookmarks file lose nothing; a saving
//! process killed with SIGKILL at any moment leaves a file with either the old
//! or the new list; temp files left by killed processes are swept; a held lock
//! makes the CLI wait and then name the lock file.
//!
//! The kill loop draws its delays from a seeded generator and prints the
//! seed; set `HINET_STRESS_SEED` to replay a run.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hinet::bookmarks::{self, Bookmark, BookmarkStatus, Loaded, Store};

use crate::common::cli::{Folders, Run, command};

/// A child still running after this long has hung: it is killed and the test
/// fails. Far above any real run (a save takes well under a second).
const WATCHDOG: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------
// Running hinet
// ---------------------------------------------------------------------------

/// `hinet ARGS` with its data in `dir`, the bundled catalogue and no user
/// settings.
fn hinet(args: &[&str], dir: &Path) -> Command {
    let mut cmd = command(args, &Folders::in_dir(dir));
    cmd.stdin(Stdio::null());
    cmd
}

/// Wait for a child, killing it and failing the test if it outlives the
/// watchdog.
fn wait_or_fail(child: Child, what: &str) -> Output {
    crate::common::cli::wait_or_fail(child, what, WATCHDOG)
}

/// Run `hinet ARGS` to the end and return its output.
fn run(args: &[&str], dir: &Path) -> Output {
    let child = hinet(args, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hinet");
    wait_or_fail(child, &format!("hinet {args:?}"))
}

/// Run `hinet ARGS`, which must succeed; return its standard output.
fn ok(args: &[&str], dir: &Path) -> String {
    Run::from_output(run(args, dir)).ok().stdout
}

/// The ids of the bundled catalogue's networks, as `hinet search --json` lists them.
fn catalogue_ids() -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["search", "--json"], dir.path())).expect("search --json");
    json.as_array()
        .expect("an array of networks")
        .iter()
        .map(|n| {
            n["id"]
                .as_str()
                .expect("every network has an id")
                .to_string()
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Looking at the folder
// ---------------------------------------------------------------------------

/// The names of the files in `dir` that start with `prefix`.
fn files_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("read the data folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(prefix))
        .collect();
    names.sort();
    names
}

fn temp_files(dir: &Path) -> Vec<String> {
    files_starting(dir, "bookmarks.toml.tmp-")
}

/// Load through the library, insisting the file is whole: readable, not
/// read-only, and with nothing to report.
fn load_clean(dir: &Path, when: &str) -> Vec<Bookmark> {
    let loaded: Loaded = Store::in_dir(dir)
        .load()
        .unwrap_or_else(|e| panic!("{when}: the bookmarks file cannot be read: {e}"));
    assert_eq!(loaded.read_only, None, "{when}");
    assert!(
        loaded.notices.is_empty(),
        "{when}: the file is damaged: {:?}",
        loaded.notices
    );
    loaded.bookmarks
}

// ---------------------------------------------------------------------------
// 1. Two processes racing
// ---------------------------------------------------------------------------

/// Two workers, each a loop of `hinet bookmarks add` (one OS process per
/// call), race on one data folder; every one of the 60 bookmarks survives,
/// with the status and note its own process gave it.
#[test]
fn two_processes_adding_30_each_keep_all_60() {
    let ids = catalogue_ids();
    assert!(
        ids.len() >= 60,
        "the bundled catalogue needs 60 networks, has {}",
        ids.len()
    );
    for round in 0..2 {
        let dir = tempfile::tempdir().expect("tempdir");
        // Round 0 splits the ids in halves, round 1 interleaves them, so the
        // two files differ in which process owns which end of the list.
        let (a, b): (Vec<String>, Vec<String>) = if round == 0 {
            (ids[..30].to_vec(), ids[30..60].to_vec())
        } else {
            let mut a = Vec::new();
            let mut b = Vec::new();
            for (i, id) in ids[..60].iter().enumerate() {
                if i % 2 == 0 { &mut a } else { &mut b }.push(id.clone());
            }
            (a, b)
        };
        let worker = |name: &'static str, status: &'static str, mine: Vec<String>| {
            let dir = dir.path().to_path_buf();
            std::thread::spawn(move || {
                for id in &mine {
                    let note = format!("added by {name} in round {round}");
                    ok(
                        &["bookmarks", "add", id, "--status", status, "--note", &note],
                        &dir,
                    );
                }
            })
        };
        let wa = worker("A", "to-join", a.clone());
        let wb = worker("B", "joined", b.clone());
        let ra = wa.join();
        let rb = wb.join();
        if let Err(e) = ra.and(rb) {
            std::panic::resume_unwind(e);
        }

        let when = format!("round {round}");
        let list = load_clean(dir.path(), &when);
        assert_eq!(list.len(), 60, "{when}: {} bookmarks kept", list.len());
        let kept: BTreeSet<&str> = list.iter().map(|b| b.id.as_str()).collect();
        let want: BTreeSet<&str> = ids[..60].iter().map(String::as_str).collect();
        assert_eq!(kept, want, "{when}: lost or duplicated bookmarks");
        for (mine, name, status) in [
            (&a, "A", BookmarkStatus::ToJoin),
            (&b, "B", BookmarkStatus::Joined),
        ] {
            for id in mine {
                let bm = list.iter().find(|x| &x.id == id).expect("kept");
                assert_eq!(bm.status, status, "{when}: {id}");
                assert_eq!(
                    bm.note.as_deref(),
                    Some(format!("added by {name} in round {round}").as_str()),
                    "{when}: {id}"
                );
            }
        }
        // The CLI reads the same 60, and every save cleaned up after itself.
        let json: serde_json::Value =
            serde_json::from_str(&ok(&["bookmarks", "list", "--json"], dir.path()))
                .expect("bookmarks list --json");
        assert_eq!(json.as_array().expect("array").len(), 60, "{when}");
        assert_eq!(temp_files(dir.path()), Vec::<String>::new(), "{when}");
        assert_eq!(
            files_starting(dir.path(), "bookmarks.toml.corrupt-"),
            Vec::<String>::new(),
            "{when}"
        );
    }
}

// ---------------------------------------------------------------------------
// 2. kill -9 in the middle of a save
// ---------------------------------------------------------------------------

/// SplitMix64: a small, seeded generator, so a failing run can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn seed() -> u64 {
    match std::env::var("HINET_STRESS_SEED") {
        Ok(s) => s.trim().parse().expect("HINET_STRESS_SEED is a number"),
        Err(_) => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64),
    }
}

/// Bookmarks of networks that have left the catalogue (kept all the same),
/// each with a long note, so that reading, checking and writing the file
/// takes long enough to be interrupted.
const GONE: usize = 1200;

fn gone_id(i: usize) -> String {
    format!("gone-network-{i:05}")
}

/// A note of about 480 characters, not all ASCII (so the sanitiser's slow
/// path runs), under the 500-character cap so that it is kept exactly.
fn long_note(i: usize) -> String {
    let mut s = format!("note {i}: ask about CPD funding, café at the Cwm Taf meeting; ");
    while s.chars().count() < 470 {
        s.push_str("lorem ipsum dolor sit amet ");
    }
    s.chars().take(480).collect()
}

/// The first bookmarks file: many networks that left, and a few that are
/// still there, written by hand as a user's older hinet might have.
fn initial_file(present: &[String]) -> String {
    let mut text = String::from("format = 1\n");
    for i in 0..GONE {
        let status = if i % 3 == 0 { "joined" } else { "to-join" };
        writeln!(
            text,
            "\n[[bookmark]]\nid = \"{}\"\nstatus = \"{status}\"\nnote = \"{}\"\nadded = 2025-0{}-1{}T08:30:00Z",
            gone_id(i),
            long_note(i),
            1 + i % 9,
            i % 10
        )
        .expect("write to a string");
    }
    for id in present {
        writeln!(text, "\n[[bookmark]]\nid = \"{id}\"\nstatus = \"joined\"").expect("write");
    }
    text
}

/// One saving command and the list it would leave.
struct Save {
    args: Vec<String>,
    expected: Vec<Bookmark>,
    /// The id whose `added` time the process chooses (an `add`), if any.
    added_now: Option<String>,
}

/// A save to try on `list`: change a note or status of a network that left,
/// add a network that is in the catalogue, or remove one.
fn pick_save(rng: &mut Rng, list: &[Bookmark], spare: &[String], iteration: usize) -> Save {
    let mut expected = list.to_vec();
    let mut added_now = None;
    let args: Vec<String> = match rng.below(4) {
        0 => {
            let id = gone_id(rng.below(GONE as u64) as usize);
            let note = format!(
                "iteration {iteration}: 日本語 and naïve text, {}",
                rng.next()
            );
            assert!(bookmarks::set_note(&mut expected, &id, Some(&note)));
            vec!["set".into(), id, "--note".into(), note]
        }
        1 => {
            let id = gone_id(rng.below(GONE as u64) as usize);
            let now = expected
                .iter()
                .find(|b| b.id == id)
                .expect("a network that left is still bookmarked")
                .status;
            assert!(bookmarks::set_status(&mut expected, &id, now.next()));
            vec!["set".into(), id, "--status".into(), now.next().id().into()]
        }
        _ => {
            let id = spare[rng.below(spare.len() as u64) as usize].clone();
            if bookmarks::remove(&mut expected, &id) {
                vec!["remove".into(), id]
            } else {
                let note = format!("added in iteration {iteration}");
                assert!(bookmarks::add(&mut expected, &id, ""));
                assert!(bookmarks::set_note(&mut expected, &id, Some(&note)));
                added_now = Some(id.clone());
                vec!["add".into(), id, "--note".into(), note]
            }
        }
    };
    let mut full = vec!["bookmarks".to_string()];
    full.extend(args);
    Save {
        args: full,
        expected,
        added_now,
    }
}

/// A time as hinet writes it: `2026-11-24T10:00:00Z`.
fn looks_like_now(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// Whether `got` is the list `save` leaves: exactly, except that the `added`
/// time of a new bookmark is the process's own clock.
fn is_new_content(got: &[Bookmark], save: &Save) -> bool {
    let mut expected = save.expected.clone();
    if let Some(id) = &save.added_now {
        let (Some(g), Some(e)) = (
            got.iter().find(|b| &b.id == id),
            expected.iter_mut().find(|b| &b.id == id),
        ) else {
            return false;
        };
        if !looks_like_now(&g.added) {
            return false;
        }
        e.added = g.added.clone();
    }
    got == expected.as_slice()
}

/// A saving process is killed with SIGKILL at a pseudo-random moment, 20
/// times; after each kill the file is whole and holds either the list before
/// or the list after that save, never anything else. Then a normal save works
/// at once (the lock died with the process), sweeps the temp files killed
/// processes left, and keeps every bookmark of a network that left.
#[test]
fn kill_9_at_random_points_of_a_save_never_damages_the_file() {
    let seed = seed();
    eprintln!("kill loop seed = {seed} (HINET_STRESS_SEED={seed} replays it)");
    let mut rng = Rng(seed);

    let ids = catalogue_ids();
    let present: Vec<String> = ids[..3].to_vec();
    let spare: Vec<String> = ids[3..8].to_vec();

    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    fs::write(d.join("bookmarks.toml"), initial_file(&present)).expect("write the first file");
    let mut list = load_clean(d, "the first file");
    assert_eq!(list.len(), GONE + present.len());

    // One run that is not killed, to learn how long a save takes here.
    let calibrate = pick_save(&mut rng, &list, &spare, 0);
    let args: Vec<&str> = calibrate.args.iter().map(String::as_str).collect();
    let start = Instant::now();
    ok(&args, d);
    let run_time = start.elapsed();
    list = load_clean(d, "after the unkilled save");
    assert!(
        is_new_content(&list, &calibrate),
        "the unkilled save left something else"
    );
    // Odd iterations spread the kills over the whole run, and a little past
    // it. The temp file lives for only a few milliseconds at the end of a
    // run, so even iterations watch for it and kill soon after it appears.
    let span_us = (run_time.as_micros() as u64).saturating_mul(5) / 4 + 1;
    eprintln!("an unkilled save took {run_time:?}; kills land in 0..{span_us}µs");

    let (mut old, mut new, mut left_temp) = (0, 0, 0);
    let mut log = String::new();
    for i in 1..=20 {
        let save = pick_save(&mut rng, &list, &spare, i);
        let before = fs::read(d.join("bookmarks.toml")).expect("read the file");
        let delay = Duration::from_micros(rng.below(span_us));
        let after_temp = Duration::from_micros(rng.below(8_000));
        let watch = i % 2 == 0;
        let args: Vec<&str> = save.args.iter().map(String::as_str).collect();
        let mut child = hinet(&args, d)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start hinet");
        let how = if watch {
            // This process's own temp file (one an earlier kill left may
            // still be there until this process sweeps it).
            let own = format!("bookmarks.toml.tmp-{}-", child.id());
            let start = Instant::now();
            let seen = loop {
                if !files_starting(d, &own).is_empty() {
                    break true;
                }
                if child.try_wait().expect("poll").is_some() || start.elapsed() > WATCHDOG {
                    break false;
                }
            };
            std::thread::sleep(after_temp);
            if seen {
                format!("killed {after_temp:?} after its temp file appeared")
            } else {
                "finished before its temp file was seen".to_string()
            }
        } else {
            std::thread::sleep(delay);
            format!("killed after {delay:?}")
        };
        let _ = child.kill(); // SIGKILL; an error only means it had finished
        let status = wait_or_fail(child, &format!("iteration {i}")).status;

        let when = format!("iteration {i} (seed {seed}, {args:?}, {how})");
        let after = fs::read(d.join("bookmarks.toml")).expect("the file is still there");
        // A process the kill missed finished its save: it must have succeeded
        // (a lock left stuck by an earlier kill would fail it).
        let finished = status.code().is_some();
        assert!(
            !finished || status.success(),
            "{when}: the save failed: {status}"
        );
        assert!(
            !finished || after != before,
            "{when}: a finished save left the old file"
        );
        let outcome = if after == before {
            // Byte for byte the file that was read (and parsed) before.
            old += 1;
            "old"
        } else {
            let got = load_clean(d, &when);
            assert!(
                is_new_content(&got, &save),
                "{when}: the file is neither the old nor the new list \
                 ({} bookmarks, expected {} or {})",
                got.len(),
                list.len(),
                save.expected.len()
            );
            new += 1;
            list = got;
            "new"
        };
        let temps = temp_files(d);
        if !temps.is_empty() {
            left_temp += 1;
        }
        assert_eq!(
            files_starting(d, "bookmarks.toml.corrupt-"),
            Vec::<String>::new(),
            "{when}: a whole file was judged damaged"
        );
        writeln!(
            log,
            "  {i:2}: {:?} {how}: {status}, {outcome} content, temp files {temps:?}",
            save.args[1]
        )
        .expect("write");
    }
    eprintln!("{log}");
    eprintln!("kills: {old} left the old list, {new} the new one, {left_temp} left temp files");

    // Every network that left is still bookmarked, with its own note.
    let by_id: HashMap<&str, &Bookmark> = list.iter().map(|b| (b.id.as_str(), b)).collect();
    for i in 0..GONE {
        let id = gone_id(i);
        let b = by_id
            .get(id.as_str())
            .unwrap_or_else(|| panic!("{id} was lost"));
        assert!(b.note.as_deref().is_some_and(|n| !n.is_empty()), "{id}");
    }

    // A stale temp file as a killed process leaves it, whatever the kills
    // above happened to leave. The next save (which must not wait for a lock
    // that died with its owner, nor fail) sweeps them all.
    fs::write(d.join("bookmarks.toml.tmp-999999-7"), "format = 1\n[[bookm").expect("write");
    fs::write(d.join("notes.toml.tmp-1-1"), "not ours").expect("write");
    let last = &spare[0];
    let save = if list.iter().any(|b| &b.id == last) {
        vec!["bookmarks", "remove", last]
    } else {
        vec!["bookmarks", "add", last]
    };
    ok(&save, d);
    assert_eq!(
        temp_files(d),
        Vec::<String>::new(),
        "stale temp files swept"
    );
    assert!(
        d.join("notes.toml.tmp-1-1").exists(),
        "other files are left alone"
    );
    let end = load_clean(d, "after the last save");
    assert_eq!(
        end.iter().any(|b| &b.id == last),
        save[1] == "add",
        "the last save took effect"
    );
    let expected_len = if save[1] == "add" {
        list.len() + 1
    } else {
        list.len() - 1
    };
    assert_eq!(end.len(), expected_len);
    // The CLI agrees, and reports nothing wrong.
    let o = run(&["bookmarks", "list", "--json"], d);
    assert!(o.status.success());
    assert!(
        o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json.as_array().expect("array").len(), end.len());
}

// ---------------------------------------------------------------------------
// 3. A held lock
// ---------------------------------------------------------------------------

/// Take the lock the way hinet does: an exclusive `flock` on
/// `bookmarks.toml.lock` beside the file.
fn hold_lock(dir: &Path) -> File {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join("bookmarks.toml.lock"))
        .expect("open the lock file");
    file.lock().expect("take the lock");
    file
}

/// While another process holds the lock, a save waits, then fails with a
/// non-zero exit and a message naming the lock file, changing nothing;
/// reading still works. A lock released during the wait lets the save through.
#[test]
fn a_held_lock_makes_the_cli_wait_then_name_the_lock_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    ok(&["bookmarks", "add", "apha", "--note", "first"], d);
    let before = fs::read(d.join("bookmarks.toml")).expect("read");

    let lock = hold_lock(d);
    // Every kind of save, at once (each waits out the lock on its own).
    let saves: Vec<(&[&str], Child)> = [
        &["bookmarks", "add", "fedip"][..],
        &["bookmarks", "remove", "apha"],
        &["bookmarks", "set", "apha", "--status", "joined"],
    ]
    .into_iter()
    .map(|args| {
        let child = hinet(args, d)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hinet");
        (args, child)
    })
    .collect();
    // Reading takes no lock.
    let list = ok(&["bookmarks", "list"], d);
    assert!(list.starts_with("apha\tto-join\t"), "{list}");
    let lock_path = d.join("bookmarks.toml.lock").display().to_string();
    for (args, child) in saves {
        let o = wait_or_fail(child, &format!("{args:?} with the lock held"));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(o.stdout.is_empty(), "{args:?}");
        assert!(
            stderr.contains(&lock_path),
            "{args:?}: the error names the lock file: {stderr}"
        );
        assert!(stderr.contains("busy"), "{args:?}: {stderr}");
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{args:?}: one line: {stderr}"
        );
    }
    assert_eq!(fs::read(d.join("bookmarks.toml")).expect("read"), before);

    // Released while a save waits: the save goes through.
    let child = hinet(&["bookmarks", "add", "fedip"], d)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hinet");
    std::thread::sleep(Duration::from_millis(300));
    drop(lock);
    let o = wait_or_fail(child, "add after the lock is released");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ids: Vec<String> = load_clean(d, "after the lock")
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(ids, ["apha", "fedip"]);
}
