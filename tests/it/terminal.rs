//! The terminal always comes back, and input arrives whole: the real binary
//! in a pseudo-terminal, driven as a person (and their desktop) would drive
//! it — a paste, a burst of keys, `kill`, a text-mode browser, no terminal.
//!
//! Every wait here has a deadline and fails with the screen; nothing is timed.

#![cfg(unix)]

use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::pty::{DEADLINE, POLL, Session};
use tempfile::TempDir;

use crate::common;
use crate::common::cli::{Folders, command, small_dir};

/// What a program sends to give the terminal back: leave the alternate
/// screen, show the cursor, stop mouse reports, stop bracketed paste.
const LEAVE_ALTERNATE: &str = "\x1b[?1049l";
const SHOW_CURSOR: &str = "\x1b[?25h";
const MOUSE_OFF: &str = "\x1b[?1000l";
const PASTE_ON: &str = "\x1b[?2004h";
const PASTE_OFF: &str = "\x1b[?2004l";

impl Session {
    fn launch(envs: &[(&str, &str)]) -> Session {
        Session::launch_with(envs, &[])
    }

    /// Start with these files (path, text) in the settings folder.
    fn launch_with(envs: &[(&str, &str)], files: &[(&str, &str)]) -> Session {
        let (rows, cols) = (30, 120);
        let config = TempDir::new().expect("temp config dir");
        for (name, text) in files {
            let p = config.path().join(name);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir).expect("mkdir in the settings folder");
            }
            std::fs::write(p, text).expect("write a settings file");
        }
        // The welcome questions were answered before (they have tests of
        // their own in tests/it/pty.rs), so the app starts on its list.
        let settings = config.path().join("config.toml");
        let mut text = std::fs::read_to_string(&settings).unwrap_or_default();
        if !text.contains("[profile]") {
            text.push_str("\n[profile]\nasked = true\n");
            std::fs::write(&settings, text).expect("write config.toml");
        }
        Session::spawn(rows, cols, config, envs)
    }

    fn alternate(&self) -> bool {
        self.parser
            .lock()
            .expect("parser lock")
            .screen()
            .alternate_screen()
    }

    fn pid(&self) -> i32 {
        self.child.process_id().expect("the child's pid") as i32
    }

    /// The terminal's line settings as the program left them: canonical
    /// input and echo are on unless something left raw mode on.
    fn cooked(&self) -> bool {
        let fd = self.master.as_raw_fd().expect("the pty's descriptor");
        // SAFETY: termios is plain data; tcgetattr fills it from a valid fd.
        let mut t: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is the open master of the pty; `t` is a valid termios.
        let rc = unsafe { libc::tcgetattr(fd, &mut t) };
        assert_eq!(rc, 0, "tcgetattr on the pty");
        t.c_lflag & libc::ICANON != 0 && t.c_lflag & libc::ECHO != 0
    }

    /// Click on the first character of `text` on the screen.
    fn click_on(&mut self, text: &str) {
        let screen = self.wait_for(text, |t| t.contains(text));
        let (row, col) = screen
            .lines()
            .enumerate()
            .find_map(|(r, l)| l.find(text).map(|b| (r, l[..b].chars().count())))
            .expect("the text is on screen");
        self.send(&format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            col + 1,
            row + 1,
            col + 1,
            row + 1
        ));
    }

    /// The bookmarks as the command line lists them, from this session's data.
    fn bookmarks(&self) -> String {
        let folders = Folders::new(self.data.path(), self.config.path());
        let out = command(&["bookmarks", "list"], &folders)
            .env("HINET_CATALOGUE", small_dir())
            .output()
            .expect("hinet bookmarks list runs");
        assert!(
            out.status.success(),
            "bookmarks list: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }
}

fn first_frame(s: &mut Session) -> String {
    s.wait_for("the first frame", |t| t.contains("8 of 8 · 0 bookmarked"))
}

/// What the terminal was sent after the last time the app entered the
/// alternate screen.
fn after_last_entry(raw: &str) -> &str {
    raw.rfind("\x1b[?1049h").map_or(raw, |i| &raw[i..])
}

fn paste(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

// ---------------------------------------------------------------------------
// paste and bursts of keys
// ---------------------------------------------------------------------------

#[test]
fn a_paste_is_one_clean_edit_of_the_search_box() {
    let mut s = Session::launch(&[]);
    first_frame(&mut s);
    s.wait_for_raw("bracketed paste to be turned on", |r| r.contains(PASTE_ON));
    // A line break and a control character, as a copy from a web page brings.
    s.send(&paste("thistle\r\ninformatics\x07"));
    let found = s.wait_for("the pasted query", |t| {
        t.contains("thistle informatics") && t.contains("1 of 8 · 0 bookmarked")
    });
    assert!(found.contains("Thistle Informatics Society"), "{found}");
    assert!(!found.contains('\u{7}'), "{found}");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert!(
        after_last_entry(&s.raw()).contains(PASTE_OFF),
        "bracketed paste is turned off on the way out"
    );
}

#[test]
fn a_100_kb_paste_is_read_at_once_cut_to_the_box_and_never_taken_as_keys() {
    let mut s = Session::launch(&[]);
    first_frame(&mut s);
    s.wait_for_raw("bracketed paste to be turned on", |r| r.contains(PASTE_ON));
    // Were these keys, `b` would bookmark and `q` would quit.
    s.send(&paste(&"bq\n".repeat(100 * 1024 / 3)));
    s.wait_for("the paste in the search box, cut to its limit", |t| {
        t.contains("/ bq bq bq bq")
            && t.contains("0 of 8 · 0 bookmarked")
            && t.contains("Pasted text cut to 200 characters")
    });
    // The key after the paste is read at once, not when another one comes.
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    assert_eq!(s.bookmarks(), "", "nothing was bookmarked");
}

#[test]
fn a_paste_goes_into_the_note_being_edited() {
    let mut s = Session::launch(&[]);
    first_frame(&mut s);
    s.click_on("Northern Data Guild");
    s.send("b");
    s.wait_for("the bookmark", |t| t.contains("8 of 8 · 1 bookmarked"));
    s.send("e");
    s.wait_for("the note editor", |t| t.contains("Note"));
    let long = format!("ask about\nCPD {}", "x".repeat(600));
    s.send(&paste(&long));
    s.send("\r");
    s.wait_for("the note saved", |t| {
        t.contains("Northern Data Guild — ask about CPD")
    });
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
    let list = s.bookmarks();
    let note = list
        .lines()
        .find(|l| l.starts_with("northern-data-guild\t"))
        .and_then(|l| l.split('\t').nth(3))
        .unwrap_or_else(|| panic!("a note for the bookmark: {list}"));
    assert!(note.starts_with("ask about CPD xxx"), "{note}");
    assert_eq!(note.chars().count(), 500, "cut to the note's limit: {note}");
}

#[test]
fn a_burst_of_1500_arrow_keys_is_all_read() {
    let mut s = Session::launch(&[]);
    first_frame(&mut s);
    s.click_on("Coastal Coders Guild");
    // 1,500 arrows written at once, then one more key: Ctrl-C. If any of
    // the burst were left unread, Ctrl-C would wait behind it for ever.
    s.send(&"\x1b[B".repeat(1500));
    s.wait_for("the last network selected", |t| {
        t.lines()
            .any(|l| l.contains("▶") && l.contains("Valley Library"))
    });
    s.send("\x1b[A");
    s.wait_for("the one before it", |t| {
        t.lines()
            .any(|l| l.contains("▶") && l.contains("Thistle Informatics"))
    });
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn ctrl_c_quits_whatever_the_keymap_says() {
    let mut s = Session::launch_with(&[], &[("config.toml", "[keys]\nquit = [\"ctrl-q\"]\n")]);
    first_frame(&mut s);
    // In the list, where single keys are commands.
    s.click_on("Coastal Coders Guild");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

// ---------------------------------------------------------------------------
// a typo in the user's own addition
// ---------------------------------------------------------------------------

const TYPO: &str = "[[network]]\nid = \"my-own\"\nname = \"My Own Circle\"\n\
                    kind = \"netwrk\"\nsummary = \"Mine.\"\n";

#[test]
fn a_typo_in_an_addition_offers_to_start_without_it() {
    let mut s = Session::launch_with(&[], &[("catalogue.d/mine.toml", TYPO)]);
    let asked = s.wait_for("the offer", |t| t.contains("Start without"));
    assert!(
        asked.contains("mine.toml:4:8"),
        "the error, located: {asked}"
    );
    assert!(asked.contains("netwrk"), "{asked}");
    assert!(!s.alternate(), "asked on the main screen");
    s.send("\r");
    let app = s.wait_for("the app, with the warning", |t| {
        t.contains("8 of 8 · 0 bookmarked") && t.contains("Started without")
    });
    assert!(app.contains("mine.toml"), "{app}");
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn declining_to_start_without_the_addition_stops() {
    let mut s = Session::launch_with(&[], &[("catalogue.d/mine.toml", TYPO)]);
    s.wait_for("the offer", |t| t.contains("Start without"));
    s.send("n\r");
    assert_eq!(s.wait_exit(), 1);
    assert!(s.screen().contains("not started"), "{}", s.screen());
}

// ---------------------------------------------------------------------------
// signals
// ---------------------------------------------------------------------------

fn killed_with(sig: i32) {
    let mut s = Session::launch(&[]);
    first_frame(&mut s);
    assert!(!s.cooked(), "the app runs in raw mode");
    s.click_on("Northern Data Guild");
    s.send("b");
    s.wait_for("the bookmark", |t| t.contains("8 of 8 · 1 bookmarked"));
    // SAFETY: kill sends a signal to our own child, whose pid we hold.
    let rc = unsafe { libc::kill(s.pid(), sig) };
    assert_eq!(rc, 0, "kill");
    let code = s.wait_exit();
    assert_eq!(code, 128 + sig as u32, "exit status after signal {sig}");
    let raw = s.raw();
    let tail = after_last_entry(&raw);
    for (seq, what) in [
        (LEAVE_ALTERNATE, "leave the alternate screen"),
        (SHOW_CURSOR, "show the cursor"),
        (MOUSE_OFF, "stop mouse reports"),
        (PASTE_OFF, "stop bracketed paste"),
    ] {
        assert!(
            tail.contains(seq),
            "signal {sig}: the app did not {what}; it wrote last: {tail:?}"
        );
    }
    assert!(!s.alternate(), "signal {sig}: back on the main screen");
    assert!(s.cooked(), "signal {sig}: raw mode is off");
    assert!(
        s.bookmarks().starts_with("northern-data-guild\tto-join"),
        "signal {sig}: the bookmark is kept"
    );
}

#[test]
fn sigterm_restores_the_terminal() {
    killed_with(libc::SIGTERM);
}

#[test]
fn sigint_restores_the_terminal() {
    killed_with(libc::SIGINT);
}

#[test]
fn sighup_restores_the_terminal() {
    killed_with(libc::SIGHUP);
}

#[test]
fn sigquit_restores_the_terminal() {
    killed_with(libc::SIGQUIT);
}

// ---------------------------------------------------------------------------
// a text-mode browser
// ---------------------------------------------------------------------------

/// A folder holding a fake browser called `name`: it writes its arguments
/// and the terminal's settings to `log`, says so on screen and waits for
/// a line of input (which needs the terminal in its usual, cooked mode).
fn fake_browser(dir: &Path, name: &str, log: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).expect("mkdir bin");
    let script = bin.join(name);
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{log}'\nstty -a >> '{log}'\n\
             echo FAKE-BROWSER-RUNNING\nread line\necho \"got $line\" >> '{log}'\n",
            log = log.display()
        ),
    )
    .expect("write the fake browser");
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    bin
}

#[test]
fn a_text_mode_browser_gets_the_terminal_and_the_app_comes_back() {
    let tmp = TempDir::new().expect("tempdir");
    let log = tmp.path().join("browser.log");
    let bin = fake_browser(tmp.path(), "w3m", &log);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut s = Session::launch(&[("BROWSER", "w3m"), ("PATH", &path)]);
    first_frame(&mut s);
    s.click_on("Northern Data Guild");
    s.send("o");
    s.wait_for("the browser on the main screen", |t| {
        t.contains("FAKE-BROWSER-RUNNING")
    });
    assert!(!s.alternate(), "the browser has the main screen");
    s.send("done\r");
    let back = s.wait_for("the app again", |t| {
        t.contains("8 of 8 · 0 bookmarked") && t.contains("Opened (website): https://example.org/")
    });
    assert!(back.contains("Northern Data Guild"), "{back}");
    assert!(s.alternate(), "the app is back on the alternate screen");
    assert!(!s.cooked(), "and in raw mode");
    let logged = std::fs::read_to_string(&log).expect("the browser ran");
    assert!(
        logged.starts_with("https://example.org/northern-data-guild"),
        "{logged}"
    );
    assert!(
        logged.contains(" icanon") && logged.contains(" echo"),
        "the browser ran with the terminal in cooked mode: {logged}"
    );
    assert!(
        logged.contains("got done"),
        "the browser read its input: {logged}"
    );
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn a_graphical_browser_starts_in_the_background_and_the_app_stays() {
    let tmp = TempDir::new().expect("tempdir");
    let log = tmp.path().join("browser.log");
    let bin = fake_browser(tmp.path(), "firefox", &log);
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut s = Session::launch(&[("BROWSER", "firefox"), ("PATH", &path)]);
    first_frame(&mut s);
    s.click_on("Northern Data Guild");
    s.send("o");
    s.wait_for("the status line", |t| {
        t.contains("Opened (website): https://example.org/northern-data-guild")
    });
    let start = Instant::now();
    while !log.exists() {
        assert!(start.elapsed() < DEADLINE, "the browser was never started");
        std::thread::sleep(POLL);
    }
    assert!(s.alternate(), "the app kept the screen");
    assert!(
        !after_last_entry(&s.raw()).contains(LEAVE_ALTERNATE),
        "the app never left the alternate screen"
    );
    s.send("\x03");
    assert_eq!(s.wait_exit(), 0);
}

// ---------------------------------------------------------------------------
// no terminal
// ---------------------------------------------------------------------------

fn assert_one_line_error(out: &std::process::Output, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{what}: exit status; {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{what}: one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
}

fn app_command(data: &Path) -> Command {
    let mut cmd = command(&[], &Folders::in_dir(data));
    cmd.env("HINET_CATALOGUE", small_dir())
        .env("TERM", "xterm-256color");
    cmd
}

#[test]
fn with_no_terminal_at_all_the_app_says_so_in_one_line() {
    let data = TempDir::new().expect("tempdir");
    let mut cmd = app_command(data.path());
    cmd.stdin(Stdio::null());
    // SAFETY: setsid is async-signal-safe; it detaches the child from our
    // controlling terminal, as a service manager does.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let out = cmd.output().expect("hinet runs");
    assert_one_line_error(&out, "no terminal");
}

#[test]
fn a_terminal_for_output_but_no_controlling_terminal_is_an_error_not_a_panic() {
    let data = TempDir::new().expect("tempdir");
    // A pseudo-terminal that is not the child's controlling terminal.
    // SAFETY: plain libc calls on a descriptor we own; checked for errors.
    let (master, slave) = unsafe {
        let m = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
        assert!(m >= 0, "posix_openpt");
        assert_eq!(libc::grantpt(m), 0);
        assert_eq!(libc::unlockpt(m), 0);
        let name = libc::ptsname(m);
        assert!(!name.is_null(), "ptsname");
        let path = std::ffi::CStr::from_ptr(name).to_owned();
        let s = libc::open(path.as_ptr(), libc::O_RDWR | libc::O_NOCTTY);
        assert!(s >= 0, "open the pty's slave");
        (m, s)
    };
    // SAFETY: `slave` is an open descriptor that we hand over to the File.
    let slave_file = unsafe { <std::fs::File as std::os::fd::FromRawFd>::from_raw_fd(slave) };
    let mut cmd = app_command(data.path());
    cmd.stdin(Stdio::null())
        .stdout(slave_file)
        .stderr(Stdio::piped());
    // SAFETY: as above.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let child = cmd.spawn().expect("hinet runs");
    let out = child.wait_with_output().expect("hinet exits");
    // SAFETY: `master` is ours and closed once.
    unsafe { libc::close(master) };
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "exit status; {stderr}");
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
}
