//! The user's own files around the catalogue, through the real binary: a
//! typo in `catalogue.d/` never locks anyone out of their bookmarks, editor
//! droppings there are ignored, an addition cannot change what a bundled
//! vocabulary value means, settings that would leave no way to quit are
//! refused, and the cache sweeps what interrupted writes left behind.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::common::cli::{Folders, Run, small_dir};

/// A user's folders: data, settings (with `catalogue.d/`) and cache.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        let home = Home {
            dir: tempfile::TempDir::new().expect("a temporary folder"),
        };
        std::fs::create_dir_all(home.additions()).expect("mkdir catalogue.d");
        home
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    fn additions(&self) -> PathBuf {
        self.config().join("catalogue.d")
    }

    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache")
    }

    fn add(&self, name: &str, text: &str) -> PathBuf {
        let p = self.additions().join(name);
        std::fs::write(&p, text).expect("write an addition");
        p
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = crate::common::cli::command(args, &Folders::beside(self.dir.path()));
        cmd.env("HINET_CATALOGUE", small_dir()).stdin(Stdio::null());
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        run(self.command(args))
    }
}

fn run(cmd: Command) -> Run {
    let run = Run::command(cmd);
    assert_ne!(run.code, Some(101), "hinet panicked: {run:?}");
    run
}

fn ok(r: Run) -> Run {
    assert_eq!(r.code, Some(0), "expected success: {r:?}");
    r
}

const MINE: &str = "[[network]]
id = \"my-own-circle\"
name = \"My Own Circle\"
kind = \"network\"
summary = \"A circle of my own.\"
";

/// A network with a typo on line 4, column 8: `kind = \"netwrk\"`.
const TYPO: &str = "[[network]]
id = \"my-own-circle\"
name = \"My Own Circle\"
kind = \"netwrk\"
summary = \"A circle of my own.\"
";

// ---------------------------------------------------------------------------
// 12. a typo in catalogue.d/
// ---------------------------------------------------------------------------

#[test]
fn a_typo_in_an_addition_does_not_lock_anyone_out_of_their_bookmarks() {
    let home = Home::new();
    let typo = home.add("mine.toml", TYPO);
    let located = format!("{}:4:8", typo.display());

    // The error stays clear and located where the catalogue is the point.
    for args in [vec!["check"], vec!["search", "guild"]] {
        let r = home.run(&args);
        assert_eq!(r.code, Some(1), "{args:?}: {r:?}");
        assert!(r.stderr.contains(&located), "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("netwrk"), "{}", r.stderr);
    }

    // Bookmarks work on the rest of the catalogue, with the error as a warning.
    let r = ok(home.run(&["bookmarks", "add", "northern-data-guild"]));
    assert_eq!(r.stdout, "bookmarked northern-data-guild (to-join)\n");
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with("warning: ") && l.contains(&located)),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("left out"), "{}", r.stderr);
    let r = ok(home.run(&[
        "bookmarks",
        "set",
        "northern-data-guild",
        "--status",
        "joined",
    ]));
    assert_eq!(r.stdout, "updated northern-data-guild\n");
    let r = ok(home.run(&["bookmarks", "list"]));
    assert!(
        r.stdout
            .starts_with("northern-data-guild\tjoined\tNorthern Data Guild"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains(&located), "{}", r.stderr);
    let r = ok(home.run(&["bookmarks", "export", "--format", "csv"]));
    assert!(r.stdout.contains("Northern Data Guild"), "{}", r.stdout);
    let r = ok(home.run(&["bookmarks", "remove", "northern-data-guild"]));
    assert_eq!(r.stdout, "removed northern-data-guild\n");

    // Only the broken file is left out: a good addition beside it stays.
    home.add(
        "other.toml",
        &MINE.replace("my-own-circle", "my-other-circle"),
    );
    let r = ok(home.run(&["bookmarks", "add", "my-other-circle"]));
    assert!(r.stderr.contains("mine.toml"), "{}", r.stderr);
    assert!(!r.stderr.contains("other.toml"), "{}", r.stderr);

    // Removing or changing a bookmark needs only its id: even a catalogue
    // that does not load at all is no obstacle.
    let mut cmd = home.command(&["bookmarks", "set", "my-other-circle", "--note", "hi"]);
    cmd.env("HINET_CATALOGUE", home.dir.path().join("no-such-catalogue"));
    assert_eq!(ok(run(cmd)).stdout, "updated my-other-circle\n");
    let mut cmd = home.command(&["bookmarks", "remove", "my-other-circle"]);
    cmd.env("HINET_CATALOGUE", home.dir.path().join("no-such-catalogue"));
    assert_eq!(ok(run(cmd)).stdout, "removed my-other-circle\n");

    // Fixed, it is back, with no warning.
    std::fs::write(&typo, MINE).expect("fix the typo");
    let r = ok(home.run(&["bookmarks", "add", "my-own-circle"]));
    assert_eq!(r.stderr, "");
}

#[test]
fn the_app_without_a_terminal_still_reports_the_typo_as_an_error() {
    let home = Home::new();
    let typo = home.add("mine.toml", TYPO);
    let r = home.run(&[]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr
            .starts_with(&format!("error: {}:4:8", typo.display())),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// 13. editor droppings
// ---------------------------------------------------------------------------

#[test]
fn editor_droppings_in_catalogue_d_are_ignored() {
    let home = Home::new();
    home.add("mine.toml", MINE);
    // An Emacs lock is a dangling link; a macOS resource fork is binary.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "user@host.1234:1700000000",
        home.additions().join(".#mine.toml"),
    )
    .expect("symlink");
    std::fs::write(
        home.additions().join("._mine.toml"),
        b"\0\x05\x16\x07\0\x02\0\0Mac OS X",
    )
    .expect("write");
    home.add("mine.toml~", "this is not = = toml");
    home.add(".mine.toml.swp", "b0VIM 9.0");
    home.add(".hidden.toml", "not [ toml");
    std::fs::create_dir_all(home.additions().join(".git")).expect("mkdir .git");
    home.add(".git/config.toml", "[[[");
    let r = ok(home.run(&["check"]));
    assert_eq!(r.stdout, "ok: 9 networks, 12 opportunities\n");
    let r = ok(home.run(&["search", "own circle"]));
    assert_eq!(r.stdout, "my-own-circle\tMy Own Circle\n");
}

// ---------------------------------------------------------------------------
// 14. redefining a vocabulary value
// ---------------------------------------------------------------------------

#[test]
fn an_addition_cannot_redefine_a_vocabulary_value() {
    let home = Home::new();
    let vocab = home.add(
        "vocab.toml",
        "[[vocabulary.career_stage]]\nid = \"returners\"\nlabel = \"Returning to work\"\n\n\
         [[vocabulary.career_stage]]\nid = \"entry-student\"\nlabel = \"Senior staff only\"\n",
    );
    let r = home.run(&["check"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!(
            "error: {}:5:1: vocabulary.career_stage.id: `entry-student` is already defined",
            vocab.display()
        )),
        "{}",
        r.stderr
    );
    // At start too: the meaning of the bundled value is never changed.
    let r = ok(home.run(&["bookmarks", "list"]));
    assert!(r.stderr.contains("entry-student"), "{}", r.stderr);

    // The same definition again, or a new value, is fine.
    std::fs::write(
        &vocab,
        "[[vocabulary.career_stage]]\nid = \"returners\"\nlabel = \"Returning to work\"\n\n\
         [[vocabulary.career_stage]]\nid = \"entry-student\"\nlabel = \"Entry level or student\"\n",
    )
    .expect("write");
    ok(home.run(&["check"]));
}

// ---------------------------------------------------------------------------
// 15. settings
// ---------------------------------------------------------------------------

#[test]
fn keys_that_leave_no_way_to_quit_are_refused() {
    let home = Home::new();
    std::fs::write(
        home.config().join("config.toml"),
        "[keys]\nquit = [\"f12\"]\ncopy_link = [\"ctrl-c\"]\nbookmark = [\"m\"]\n",
    )
    .expect("write settings");
    let r = home.run(&["config", "check"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stderr.lines().count(), 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("config.toml:2: `quit` would have no key every terminal sends"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("config.toml:3: `Ctrl-C` always quits and cannot be given to `copy_link`"),
        "{}",
        r.stderr
    );
    // No keys at all is refused the same way.
    std::fs::write(home.config().join("config.toml"), "[keys]\nquit = []\n").expect("write");
    let r = home.run(&["config", "check"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(
        r.stderr
            .contains("config.toml:2: `quit` would have no key; keeping its defaults"),
        "{}",
        r.stderr
    );
    // A quit key of one's own choosing is fine, and so is naming only Ctrl-C.
    for keys in ["[\"ctrl-q\"]", "[\"ctrl-c\"]"] {
        std::fs::write(
            home.config().join("config.toml"),
            format!("[keys]\nquit = {keys}\n"),
        )
        .expect("write");
        let r = ok(home.run(&["config", "check"]));
        assert!(r.stdout.starts_with("ok: "), "{keys}: {}", r.stdout);
    }
}

#[test]
fn a_settings_folder_that_cannot_be_read_is_reported() {
    let home = Home::new();
    // A settings "folder" that is a file: nothing in it can be read.
    let file = home.dir.path().join("not-a-folder");
    std::fs::write(&file, "").expect("write");
    let mut cmd = home.command(&["config", "check"]);
    cmd.env("HINET_CONFIG_DIR", &file);
    let r = run(cmd);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.starts_with("warning: "), "{}", r.stderr);
    assert!(r.stderr.contains("cannot be read"), "{}", r.stderr);
    assert!(!r.stdout.contains("ok"), "{}", r.stdout);
}

#[cfg(unix)]
#[test]
fn a_settings_folder_without_permission_is_reported() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::os::unix::process::CommandExt as _;
    let home = Home::new();
    std::fs::write(home.config().join("config.toml"), "theme = \"mono\"\n").expect("write");
    std::fs::set_permissions(home.dir.path(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    std::fs::set_permissions(home.config(), std::fs::Permissions::from_mode(0o000))
        .expect("chmod 000");
    let mut cmd = home.command(&["config", "check"]);
    // Root reads anything: run the child as nobody then.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        cmd.uid(65534).gid(65534);
    }
    let r = run(cmd);
    std::fs::set_permissions(home.config(), std::fs::Permissions::from_mode(0o755))
        .expect("chmod back");
    assert_eq!(r.code, Some(1), "{r:?}");
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
}

#[test]
fn an_oversize_settings_file_gets_advice_about_settings() {
    let home = Home::new();
    let big = format!("# {}\n", "x".repeat(2 * 1024 * 1024));
    std::fs::write(home.config().join("config.toml"), big).expect("write");
    let r = home.run(&["config", "check"]);
    assert_eq!(r.code, Some(1), "{r:?}");
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("settings file is larger than"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("hinet config default"), "{}", r.stderr);
    assert!(!r.stderr.contains("catalogue"), "{}", r.stderr);
    assert!(!r.stderr.contains("--max-file-size"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// 16. the cache's temporary files
// ---------------------------------------------------------------------------

#[test]
fn temporary_files_of_interrupted_cache_writes_are_swept() {
    let home = Home::new();
    std::fs::create_dir_all(home.cache()).expect("mkdir cache");
    let ours = std::process::id();
    // A process id no system hands out (above the largest pid_max).
    let gone = 999_999_999u32;
    let dead = home
        .cache()
        .join(format!("catalogue-00ff.bin.tmp-{gone}-0"));
    let idle = home
        .cache()
        .join(format!("catalogue-11ff.bin.tmp-{ours}-3"));
    let busy = home
        .cache()
        .join(format!("catalogue-22ff.bin.tmp-{ours}-4"));
    let other = home.cache().join("notes.txt");
    for p in [&dead, &idle, &busy, &other] {
        std::fs::write(p, b"partial").expect("write");
    }
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&idle)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("age the file");
    ok(home.run(&["search", "guild"]));
    assert!(
        !dead.exists(),
        "the file of a process that has gone is removed"
    );
    assert!(!idle.exists(), "a file idle for an hour is removed");
    assert!(busy.exists(), "a write under way is left alone");
    assert!(other.exists(), "other files are not touched");
}
