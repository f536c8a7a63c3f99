//! The real binary in a pseudo-terminal: its screen read back through a
//! terminal emulator (vt100), keys typed as bytes, files checked afterwards.

use crate::common;

use common::pty::Session;
use tempfile::TempDir;

impl Session {
    /// The app with the welcome questions already answered.
    fn start(rows: u16, cols: u16) -> Session {
        let config = TempDir::new().expect("temp config dir");
        std::fs::write(
            config.path().join("config.toml"),
            "[profile]\nasked = true\n",
        )
        .expect("write config.toml");
        Session::start_in(rows, cols, config)
    }

    /// The app with `config` as its settings folder.
    fn start_in(rows: u16, cols: u16, config: TempDir) -> Session {
        Session::spawn(rows, cols, config, &[])
    }

    /// The app with `config` as its settings folder and `env` set.
    fn start_with(rows: u16, cols: u16, config: TempDir, env: &[(&str, &str)]) -> Session {
        Session::spawn(rows, cols, config, env)
    }
}

#[test]
fn search_bookmark_and_quit_in_a_real_terminal() {
    let mut s = Session::start(30, 120);
    // The whole first screen (a read may hold only its first lines).
    let first = s.wait_for("the header and the list", |t| {
        t.contains("hinet")
            && t.contains("8 of 8 · 0 bookmarked")
            && t.contains("Thistle Informatics Society")
    });
    assert!(first.contains("Coastal Coders Guild"), "{first}");

    // Typing searches at once: the search box has the keyboard.
    s.send("thist");
    let found = s.wait_for("the search to narrow to one network", |t| {
        t.contains("/ thist") && t.contains("1 of 8 · 0 bookmarked")
    });
    assert!(found.contains("Thistle Informatics Society"), "{found}");
    assert!(!found.contains("Coastal Coders Guild"), "{found}");
    assert!(found.contains("typing: Esc for commands"), "{found}");

    // Esc leaves the search box (the footer shows the commands).
    s.send("\x1b");
    s.wait_for("the search box to close", |t| {
        t.contains("commands: / to search") && t.contains("j/k move")
    });
    s.send("b");
    let starred = s.wait_for("the star and the status line", |t| {
        t.contains("★Thistle Informatics Society")
            && t.contains("1 of 8 · 1 bookmarked")
            && t.contains("Bookmarked TIS — u undoes")
    });
    assert!(starred.contains("★ To join"), "{starred}");

    s.send("q");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
    // The terminal was restored: back on the main screen.
    let parser = s.parser.lock().expect("parser lock");
    assert!(
        !parser.screen().alternate_screen(),
        "left the alternate screen"
    );
    drop(parser);

    let file = s.data.path().join("bookmarks.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{} was written: {e}", file.display()));
    assert!(
        text.contains("id = \"thistle-informatics-society\""),
        "{text}"
    );
    assert!(text.contains("status = \"to-join\""), "{text}");
    assert!(text.contains("format = 1"), "{text}");
}

#[test]
fn resizing_the_terminal_switches_to_the_narrow_layout() {
    let mut s = Session::start(30, 120);
    let wide = s.wait_for("the wide layout", |t| {
        t.contains("8 of 8 · 0 bookmarked") && t.contains("Who it is for")
    });
    assert!(wide.contains(" Filters "), "{wide}");

    s.resize(20, 60);
    let narrow = s.wait_for("the narrow layout", |t| {
        let lines: Vec<&str> = t.lines().collect();
        lines.len() <= 20
            && !t.contains("Filters")
            && !t.contains("Who it is for")
            && lines
                .iter()
                .any(|l| l.starts_with("┏ Networks") && l.ends_with('┓') && l.chars().count() == 60)
    });
    assert!(narrow.contains("Coastal Coders Guild"), "{narrow}");

    // Enter opens the detail full screen at this size.
    s.send("\r");
    let detail = s.wait_for("the full-screen detail", |t| t.contains("Who it is for"));
    assert!(!detail.contains("Hearth and Home"), "{detail}");

    s.send("q");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
}

#[test]
fn the_welcome_is_asked_once_and_remembered_in_config_toml() {
    let config = TempDir::new().expect("temp config dir");
    let dir = config.path().to_path_buf();
    let mut s = Session::start_in(30, 120, config);
    s.wait_for("the welcome", |t| {
        t.contains("Welcome to hinet") && t.contains("1 of 4")
    });
    // Answer the first question (Enter takes the first profession), then
    // skip the rest with Esc, which keeps that answer.
    s.send("\r");
    s.wait_for("the second question", |t| t.contains("2 of 4"));
    s.send("\x1b");
    s.wait_for("the list", |t| {
        !t.contains("Welcome to hinet") && t.contains("Profile saved")
    });
    // The app then starts in the search box, as ever: Ctrl-C quits.
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
    let text = std::fs::read_to_string(dir.join("config.toml")).expect("config.toml written");
    assert!(text.contains("asked = true"), "{text}");
    // Esc skipped the rest, and the first answer was kept.
    assert!(text.contains("professions = ["), "{text}");
    drop(s);

    // The next start goes straight to the list.
    let config = TempDir::new().expect("temp config dir");
    std::fs::write(config.path().join("config.toml"), &text).expect("write config.toml");
    let mut s = Session::start_in(30, 120, config);
    // The whole first screen (a read may hold only its first lines).
    let first = s.wait_for("the list and the footer", |t| {
        t.contains("8 of 8 · 0 bookmarked") && t.contains("typing: Esc for commands")
    });
    assert!(!first.contains("Welcome to hinet"), "{first}");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    let _ = &s.config;
}

#[test]
fn typing_straight_after_start_searches_and_writes_nothing() {
    let mut s = Session::start(30, 120);
    // No wait for the first frame: what a new user types at once, letters
    // that are all commands after Esc (bookmark, status, open, quit).
    s.send("bcs london q");
    let screen = s.wait_for("the query in the search box", |t| {
        t.contains("/ bcs london q▏") && t.contains("0 of 8 · 0 bookmarked")
    });
    assert!(screen.contains("typing: Esc for commands"), "{screen}");
    assert!(screen.contains("Nothing matches"), "{screen}");
    // Still running: `q` was a letter of the query.
    assert!(
        matches!(s.child.try_wait(), Ok(None)),
        "hinet is still running"
    );
    let file = s.data.path().join("bookmarks.toml");
    assert!(!file.exists(), "nothing was bookmarked: {}", file.display());

    // Ctrl-C quits from the search box.
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
    assert!(!file.exists(), "{} was written", file.display());
    let entries: Vec<_> = std::fs::read_dir(s.data.path())
        .expect("the data folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("bookmarks"))
        .collect();
    assert!(entries.is_empty(), "{entries:?}");
}

/// A bookmarks file held by another program never freezes the screen: the
/// change waits (and says so) while keys still act, is saved when the lock
/// is released, and `u` undoes it on disk.
#[test]
fn a_busy_bookmarks_file_never_freezes_the_screen_and_u_undoes() {
    let mut s = Session::start(30, 120);
    s.wait_for("the first screen", |t| t.contains("8 of 8 · 0 bookmarked"));
    // Out of the search box, to the panes where letters are commands.
    s.send("\x1b");
    s.wait_for("the commands", |t| t.contains("commands: / to search"));
    let lock_path = s.data.path().join("bookmarks.toml.lock");
    let lock = std::fs::File::create(&lock_path).expect("the lock file");
    lock.lock().expect("hold the lock");
    s.send("b");
    s.wait_for("the wait to be shown", |t| {
        t.contains("Waiting for the bookmarks file (held by another program)")
            && t.contains("8 of 8 · 0 bookmarked")
    });
    // Keys still act meanwhile.
    s.send("?");
    s.wait_for("the help", |t| t.contains("Keys — Esc closes"));
    s.send("?");
    s.wait_for("the help to close", |t| !t.contains("Keys — Esc closes"));
    drop(lock);
    s.wait_for("the save", |t| {
        t.contains("8 of 8 · 1 bookmarked") && t.contains("u undoes")
    });
    let file = s.data.path().join("bookmarks.toml");
    let text = std::fs::read_to_string(&file).expect("the bookmarks file");
    assert!(text.contains("[[bookmark]]"), "{text}");

    s.send("u");
    s.wait_for("the undo", |t| {
        t.contains("8 of 8 · 0 bookmarked") && t.contains("Undone")
    });
    let text = std::fs::read_to_string(&file).expect("the bookmarks file");
    assert!(!text.contains("[[bookmark]]"), "{text}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
}

/// Searching off the UI thread (forced here; a large catalogue does it by
/// itself): letters typed at once are all echoed, and the screen ends with
/// the results of the whole query.
#[test]
fn typing_fast_echoes_the_query_and_shows_the_final_results_from_the_worker() {
    let config = TempDir::new().expect("temp config dir");
    std::fs::write(
        config.path().join("config.toml"),
        "[profile]\nasked = true\n",
    )
    .expect("write config.toml");
    let mut s = Session::start_with(30, 120, config, &[("HINET_BACKGROUND_FROM", "0")]);
    s.wait_for("the first frame", |t| t.contains("8 of 8"));
    s.send("northern");
    let screen = s.wait_for("the query and its results", |t| {
        t.contains("/ northern▏") && t.contains("2 of 8")
    });
    // The same rows as typing it in a small catalogue (searched at once),
    // each screen read once its frame is wholly drawn.
    let screen = s.settled(screen);
    let mut sync = Session::start(30, 120);
    sync.wait_for("the first frame", |t| t.contains("8 of 8"));
    sync.send("northern");
    let want = sync.wait_for("the query and its results", |t| {
        t.contains("/ northern▏") && t.contains("2 of 8")
    });
    let want = sync.settled(want);
    assert_eq!(screen, want);
    assert!(screen.contains("Northern Data Guild"), "{screen}");
    assert!(!screen.contains("Coastal Coders Guild"), "{screen}");
    sync.send("\x03");
    assert_eq!(sync.wait_exit(), 0);
    // Backspace widens again, through the worker too.
    s.send("\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f");
    s.wait_for("every network again", |t| t.contains("8 of 8"));
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0, "hinet exits with status 0");
}

/// The small fixture with enough networks beside it to be cached (over
/// 1 MiB), in `dir`; its opportunities are the fixture's twelve.
fn cached_fixture(dir: &std::path::Path) -> std::path::PathBuf {
    let cat = dir.join("catalogue");
    std::fs::create_dir_all(cat.join("networks")).expect("mkdir");
    let small = common::pty::fixture();
    std::fs::copy(small.join("catalogue.toml"), cat.join("catalogue.toml")).expect("copy");
    for e in std::fs::read_dir(small.join("networks")).expect("the fixture") {
        let e = e.expect("an entry");
        std::fs::copy(e.path(), cat.join("networks").join(e.file_name())).expect("copy");
    }
    let filler = "Analysts, coders and librarians share informatics practice. ".repeat(10);
    let mut text = String::new();
    for i in 0..1_600 {
        text.push_str(&format!(
            "[[network]]\nid = \"filler-{i}\"\nname = \"Filler network {i}\"\nkind = \"network\"\n\
             summary = \"{filler}\"\nscope = [\"uk-wide\"]\nsectors = [\"nhs-acute\"]\n\n"
        ));
    }
    std::fs::write(cat.join("networks/filler.toml"), text).expect("write");
    cat
}

/// A later start reads the learning tab's index from the cache after the
/// first frame: the tab shows every opportunity once it is there.
#[test]
fn a_later_start_opens_the_learning_tab_from_the_cache() {
    let tmp = TempDir::new().expect("tempdir");
    let cat = cached_fixture(tmp.path());
    let cache = tmp.path().join("cache");
    let env = [
        ("HINET_CATALOGUE", cat.to_str().expect("a UTF-8 path")),
        ("HINET_CACHE_DIR", cache.to_str().expect("a UTF-8 path")),
    ];
    let config = || {
        let config = TempDir::new().expect("temp config dir");
        std::fs::write(
            config.path().join("config.toml"),
            "[profile]\nasked = true\n",
        )
        .expect("write config.toml");
        config
    };
    // The first start parses and writes the cache entry.
    let mut first = Session::start_with(30, 120, config(), &env);
    first.wait_for("the first frame", |t| t.contains("of 1608"));
    first.send("\x03");
    assert_eq!(first.wait_exit(), 0);
    let entries = std::fs::read_dir(&cache).expect("the cache").count();
    assert!(entries >= 1, "an entry was written");
    // The later start reads it; the learning tab fills in.
    let mut later = Session::start_with(30, 120, config(), &env);
    later.wait_for("the first frame", |t| t.contains("of 1608"));
    later.send("\x1b");
    later.wait_for("the search box to close", |t| {
        t.contains("commands: / to search")
    });
    later.send("2");
    let screen = later.wait_for("the learning tab's opportunities", |t| {
        t.contains("12 of 12 opportunities")
    });
    assert!(!screen.contains("opening"), "{screen}");
    later.send("\x03");
    assert_eq!(later.wait_exit(), 0);
}
