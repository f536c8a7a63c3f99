//! The loader against bad files (issue #6, point 2), through the real binary:
//! what is not a regular file, a file over the size cap, invalid UTF-8,
//! UTF-16, a BOM with CRLF, link loops, dangling links, missing and unreadable
//! paths, deep nesting and huge lines.
//!
//! Static cases are in tests/fixtures/bad/ (made by its make.py); what git
//! cannot hold (pipes, links, unreadable files, files of megabytes) is made
//! here at run time in a temporary folder. Every child runs under a watchdog:
//! one that has not exited after `HANG` is killed and the test fails (a hang
//! detector, not a timing assertion).

#![cfg(unix)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use hinet::catalogue::diag::MAX_DIAGNOSTIC_CHARS;
use hinet::catalogue::parse::MAX_DIAGNOSTICS;

/// A child still running after this long is taken to hang. A watchdog, not a
/// speed check: the huge-line cases take ~17 s of a debug build on a loaded
/// 2-core machine, so the limit sits far above any honest run.
const HANG: Duration = Duration::from_secs(120);

/// The user that runs the child when the tests run as root, so that a file
/// with mode 000 really cannot be read.
const NOBODY: u32 = 65534;

use crate::common::cli::{Folders, Run, command, root, wait_or_fail};

fn fixture(name: &str) -> String {
    root()
        .join("tests/fixtures/bad")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// Run the binary with `args`, with empty data and config folders, as
/// `user` when given; kill it and fail if it has not exited after `HANG`.
fn hinet_as(args: &[&str], user: Option<u32>, config: Option<&Path>) -> Run {
    let data = tempfile::TempDir::new().expect("a temporary data folder");
    let own_config = tempfile::TempDir::new().expect("a temporary config folder");
    let config = config.unwrap_or(own_config.path());
    let mut cmd = command(args, &Folders::new(data.path(), config));
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(uid) = user {
        for dir in [data.path(), own_config.path()] {
            open_up(dir);
        }
        cmd.uid(uid).gid(uid);
    }
    let child = cmd.spawn().expect("the hinet binary starts");
    let out = wait_or_fail(child, &format!("hinet {args:?}"), HANG);
    let status = out.status;
    let run = Run::from_output(out);
    assert!(
        run.code.is_some(),
        "hinet {args:?} was killed by a signal ({status:?}): {run:?}"
    );
    assert_ne!(run.code, Some(101), "hinet {args:?} panicked: {run:?}");
    run
}

fn hinet(args: &[&str]) -> Run {
    hinet_as(args, None, None)
}

fn euid_is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Let every user list and enter `dir`.
fn open_up(dir: &Path) {
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
        .expect("chmod the temporary folder");
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).expect("a path without NUL");
    // SAFETY: `c` is a valid NUL-terminated path that outlives the call.
    let rc = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(
        rc,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
}

fn temp() -> tempfile::TempDir {
    tempfile::TempDir::new().expect("a temporary folder")
}

fn s(p: &Path) -> String {
    p.to_str().expect("temporary paths are UTF-8").to_string()
}

/// A valid catalogue in one file (the text of tests/fixtures/bad/bom-crlf.toml
/// without its BOM and CRLF).
fn good_catalogue() -> String {
    let bytes = std::fs::read(fixture("bom-crlf.toml")).expect("read bom-crlf.toml");
    String::from_utf8(bytes)
        .expect("bom-crlf.toml is UTF-8")
        .trim_start_matches('\u{FEFF}')
        .replace("\r\n", "\n")
}

/// Every line of stderr is at most `error: ` and a capped diagnostic.
fn assert_lines_capped(r: &Run) {
    let max = "error: ".len() + MAX_DIAGNOSTIC_CHARS;
    for line in r.stderr.lines() {
        let n = line.chars().count();
        assert!(
            n <= max,
            "a stderr line of {n} characters (the most is {max}): {:?}…",
            line.chars().take(200).collect::<String>()
        );
    }
    assert!(
        r.stderr.lines().count() <= MAX_DIAGNOSTICS + 1,
        "{} stderr lines",
        r.stderr.lines().count()
    );
}

/// Failed as a bad catalogue (exit 1), printed nothing on stdout, and every
/// stderr line is an `error: ` line of bounded length.
fn assert_catalogue_error(r: &Run) {
    assert_eq!(r.code, Some(1), "exit status 1 for a bad catalogue: {r:?}");
    assert!(r.stdout.is_empty(), "nothing on stdout: {r:?}");
    assert!(!r.stderr.is_empty(), "an error on stderr: {r:?}");
    for line in r.stderr.lines() {
        assert!(line.starts_with("error: "), "{line:?} in {r:?}");
    }
    assert!(
        !r.stderr.contains(['\u{1b}', '\u{7}', '\r']),
        "raw controls in {r:?}"
    );
    assert_lines_capped(r);
}

/// Exactly one clear `error: PATH: …` line that names `path` and says `what`.
fn assert_one_line(r: &Run, path: &str, what: &str) {
    assert_catalogue_error(r);
    assert_eq!(r.stderr.lines().count(), 1, "one line: {r:?}");
    assert!(
        r.stderr.starts_with(&format!("error: {path}: ")),
        "names {path}: {r:?}"
    );
    assert!(r.stderr.contains(what), "says {what:?}: {r:?}");
}

// ---------------------------------------------------------------------------
// not a regular file
// ---------------------------------------------------------------------------

#[test]
fn a_named_pipe_fails_at_once() {
    let dir = temp();
    let pipe = dir.path().join("pipe.toml");
    mkfifo(&pipe);
    let p = s(&pipe);
    for args in [
        vec!["--catalogue", &p, "check"],
        vec!["check", &p],
        vec!["--catalogue", &p, "search", "x"],
    ] {
        let r = hinet(&args);
        assert_one_line(&r, &p, "not a regular file (a named pipe)");
    }
}

#[test]
fn dev_zero_fails_at_once() {
    for args in [
        vec!["--catalogue", "/dev/zero", "check"],
        vec!["--catalogue", "/dev/zero", "search"],
    ] {
        let r = hinet(&args);
        assert_one_line(&r, "/dev/zero", "not a regular file (a device)");
    }
}

#[test]
fn a_catalogue_folder_holding_a_pipe_or_a_link_to_a_device_fails_at_once() {
    let dir = temp();
    std::fs::write(dir.path().join("catalogue.toml"), good_catalogue()).expect("write");
    let pipe = dir.path().join("networks.toml");
    mkfifo(&pipe);
    let zero = dir.path().join("zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).expect("symlink");
    let r = hinet(&["--catalogue", &s(dir.path()), "check"]);
    assert_catalogue_error(&r);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{r:?}");
    assert_eq!(
        lines[0],
        format!("error: {}: not a regular file (a named pipe)", s(&pipe))
    );
    assert_eq!(
        lines[1],
        format!("error: {}: not a regular file (a device)", s(&zero))
    );
}

#[test]
fn a_pipe_among_the_users_additions_fails_at_once() {
    let config = temp();
    let additions = config.path().join("catalogue.d");
    std::fs::create_dir(&additions).expect("mkdir catalogue.d");
    let pipe = additions.join("mine.toml");
    mkfifo(&pipe);
    let r = hinet_as(&["search"], None, Some(config.path()));
    assert_one_line(&r, &s(&pipe), "not a regular file (a named pipe)");
}

// ---------------------------------------------------------------------------
// the size cap
// ---------------------------------------------------------------------------

#[test]
fn a_file_over_the_cap_is_refused_and_the_flag_is_named() {
    let dir = temp();
    let big = dir.path().join("big.toml");
    // A valid catalogue padded with comments to 1.5 MB.
    let mut text = good_catalogue();
    let comment = format!("# {}\n", "padding ".repeat(12));
    while text.len() < 1_536 * 1024 {
        text.push_str(&comment);
    }
    std::fs::write(&big, &text).expect("write big.toml");
    let b = s(&big);
    let r = hinet(&["--max-file-size", "1", "--catalogue", &b, "check"]);
    assert_one_line(&r, &b, "larger than 1 MB");
    assert!(
        r.stderr.contains("--max-file-size"),
        "how to raise it: {r:?}"
    );
    // The same with `check PATH`, and a cap of 0 refuses even a small file.
    let r = hinet(&["--max-file-size", "1", "check", &b]);
    assert_one_line(&r, &b, "--max-file-size");
    let small = fixture("bom-crlf.toml");
    let r = hinet(&["--max-file-size", "0", "--catalogue", &small, "check"]);
    assert_one_line(&r, &small, "--max-file-size");
    // Raised, it loads: the cap was the only problem.
    let r = hinet(&["--max-file-size", "2", "--catalogue", &b, "check"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout, "ok: 1 networks, 0 opportunities\n");
}

#[test]
fn the_largest_cap_does_not_wrap_around() {
    // u64::MAX megabytes saturates to u64::MAX bytes: one more must not wrap
    // to 0 and make every file read as empty.
    let huge = u64::MAX.to_string();
    let small = fixture("bom-crlf.toml");
    for args in [
        vec!["--max-file-size", &huge, "--catalogue", &small, "check"],
        vec!["--max-file-size", &huge, "check", &small],
    ] {
        let r = hinet(&args);
        assert_eq!(r.code, Some(0), "{args:?}: {r:?}");
        assert_eq!(r.stdout, "ok: 1 networks, 0 opportunities\n", "{r:?}");
        assert!(r.stderr.is_empty(), "{r:?}");
    }
}

// ---------------------------------------------------------------------------
// encodings
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    // Line 7 is `name = "Zoë café ` then 0xFF: character column 18, byte 20.
    let f = fixture("invalid-utf8.toml");
    let bytes = std::fs::read(&f).expect("read the fixture");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is invalid UTF-8"
    );
    for args in [
        vec!["--catalogue", &f, "check"],
        vec!["--catalogue", &f, "search"],
    ] {
        let r = hinet(&args);
        assert_one_line(&r, &format!("{f}:7:18"), "invalid UTF-8");
        assert!(r.stderr.contains("save the file as UTF-8"), "{r:?}");
    }
    // A BOM before it does not count as a column.
    let f = fixture("invalid-utf8-bom.toml");
    let r = hinet(&["--catalogue", &f, "check"]);
    assert_one_line(&r, &format!("{f}:1:6"), "invalid UTF-8");
}

#[test]
fn utf16_is_refused_with_advice_to_save_as_utf8() {
    for (name, what) in [
        ("utf16le-bom.toml", "the file is UTF-16; save it as UTF-8"),
        ("utf16be-bom.toml", "the file is UTF-16; save it as UTF-8"),
        ("utf16be-no-bom.toml", "save it as UTF-8"),
    ] {
        let f = fixture(name);
        let r = hinet(&["--catalogue", &f, "check"]);
        assert_one_line(&r, &f, what);
    }
}

#[test]
fn a_bom_and_crlf_line_ends_load_fine() {
    let f = fixture("bom-crlf.toml");
    let bytes = std::fs::read(&f).expect("read the fixture");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the fixture has a BOM");
    assert!(
        bytes.windows(2).any(|w| w == b"\r\n")
            && !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "every line of the fixture ends in CRLF"
    );
    let r = hinet(&["--catalogue", &f, "check"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout, "ok: 1 networks, 0 opportunities\n");
    assert!(r.stderr.is_empty(), "{r:?}");
    let r = hinet(&["--catalogue", &f, "search", "carriage"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert_eq!(r.stdout, "crlf-network\tCarriage Return Network\n");
    // The multi-line description keeps its paragraphs, without CR.
    let r = hinet(&["--catalogue", &f, "show", "crlf-network", "--json"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("show --json is JSON");
    assert_eq!(v["description"], "First paragraph.\n\nSecond paragraph.");
    let r = hinet(&["--catalogue", &f, "show", "crlf-network"]);
    assert_eq!(r.code, Some(0), "{r:?}");
    assert!(!r.stdout.contains('\r'), "{r:?}");
    assert!(!r.stdout.contains('\u{FEFF}'), "{r:?}");
}

// ---------------------------------------------------------------------------
// links, missing and unreadable paths
// ---------------------------------------------------------------------------

#[test]
fn a_symlink_loop_gives_one_line_naming_it() {
    let dir = temp();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::os::unix::fs::symlink(&b, &a).expect("symlink a -> b");
    std::os::unix::fs::symlink(&a, &b).expect("symlink b -> a");
    let r = hinet(&["--catalogue", &s(&a), "check"]);
    assert_one_line(&r, &s(&a), "link loop");
    let r = hinet(&["check", &s(&b)]);
    assert_one_line(&r, &s(&b), "link loop");
}

#[test]
fn a_folder_that_links_to_itself_stops_with_one_line() {
    let dir = temp();
    let cat = dir.path().join("cat");
    std::fs::create_dir(&cat).expect("mkdir");
    std::os::unix::fs::symlink(".", cat.join("again")).expect("symlink");
    let r = hinet(&["--catalogue", &s(&cat), "check"]);
    assert_catalogue_error(&r);
    assert_eq!(r.stderr.lines().count(), 1, "{r:?}");
    assert!(
        r.stderr.starts_with(&format!("error: {}/again/", s(&cat))),
        "{r:?}"
    );
    assert!(r.stderr.contains("link loop"), "{r:?}");
}

#[test]
fn a_dangling_link_gives_one_line_naming_it() {
    let dir = temp();
    let link = dir.path().join("gone.toml");
    std::os::unix::fs::symlink(dir.path().join("never-was.toml"), &link).expect("symlink");
    let r = hinet(&["--catalogue", &s(&link), "check"]);
    assert_one_line(
        &r,
        &s(&link),
        "a symbolic link to something that does not exist",
    );
}

#[test]
fn a_missing_path_gives_one_line_naming_it() {
    let dir = temp();
    let missing = dir.path().join("no-such-catalogue.toml");
    for args in [
        vec!["--catalogue", &s(&missing), "check"],
        vec!["--catalogue", &s(&missing), "search"],
    ] {
        let r = hinet(&args);
        assert_one_line(&r, &s(&missing), "no such file or directory");
    }
}

#[test]
fn an_unreadable_file_gives_one_line_naming_it() {
    let dir = temp();
    open_up(dir.path());
    let f = dir.path().join("secret.toml");
    std::fs::write(&f, good_catalogue()).expect("write");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    // Root reads a mode-000 file anyway: then run the child as nobody.
    let user = euid_is_root().then_some(NOBODY);
    let r = hinet_as(&["--catalogue", &s(&f), "check"], user, None);
    assert_one_line(&r, &s(&f), "permission denied");
    // Readable again, the same user loads it: the mode was the only problem.
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).expect("chmod 644");
    let r = hinet_as(&["--catalogue", &s(&f), "check"], user, None);
    assert_eq!(r.code, Some(0), "{r:?}");
}

#[test]
fn an_unreadable_folder_gives_one_line_naming_it() {
    let dir = temp();
    open_up(dir.path());
    let cat = dir.path().join("cat");
    std::fs::create_dir(&cat).expect("mkdir");
    std::fs::write(cat.join("catalogue.toml"), good_catalogue()).expect("write");
    std::fs::set_permissions(&cat, std::fs::Permissions::from_mode(0o000)).expect("chmod 000");
    let user = euid_is_root().then_some(NOBODY);
    let r = hinet_as(&["--catalogue", &s(&cat), "check"], user, None);
    // Put it back so that the temporary folder can be removed.
    std::fs::set_permissions(&cat, std::fs::Permissions::from_mode(0o755)).expect("chmod 755");
    assert_one_line(&r, &s(&cat), "ermission denied");
}

// ---------------------------------------------------------------------------
// deep nesting and huge lines
// ---------------------------------------------------------------------------

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for name in ["deep-arrays.toml", "deep-tables.toml"] {
        let f = fixture(name);
        let len = std::fs::metadata(&f).expect("the fixture exists").len();
        assert!(len >= 100_000, "{name} is deep ({len} bytes)");
        for args in [
            vec!["--catalogue", &f, "check"],
            vec!["--catalogue", &f, "search"],
        ] {
            let r = hinet(&args);
            assert_catalogue_error(&r);
            assert!(
                r.stderr.starts_with(&format!("error: {f}:1:")),
                "names the file and line: {r:?}"
            );
            assert!(r.stderr.contains("TOML syntax"), "{r:?}");
            // The parser repeats one error many times at the same place:
            // each is said once.
            let mut seen = std::collections::HashSet::new();
            for line in r.stderr.lines() {
                assert!(seen.insert(line), "{line:?} said twice: {r:?}");
            }
        }
    }
}

/// A catalogue whose line 7 is one line of `len` bytes made by `line`.
fn huge_line_catalogue(dir: &Path, name: &str, line: String) -> PathBuf {
    let path = dir.join(name);
    let text = format!(
        "[catalogue]\nname = \"Huge\"\nformat = 1\n\n[[vocabulary.kind]]\nid = \"network\"\n{line}\nlabel = \"Network\"\n"
    );
    std::fs::write(&path, text).expect("write the huge catalogue");
    path
}

#[test]
fn a_huge_single_line_is_an_error_not_a_crash_and_the_message_is_capped() {
    const MB: usize = 1024 * 1024;
    let dir = temp();
    // A string value of 6 MB: too long for the field.
    let value = huge_line_catalogue(
        dir.path(),
        "value.toml",
        format!("description = \"{}\"", "x".repeat(6 * MB)),
    );
    // An unknown key of 4 MB with escape sequences in it.
    let key = huge_line_catalogue(
        dir.path(),
        "key.toml",
        format!(
            "\"{}\" = 1",
            "k\\u001b]0;title\\u0007\\u202e".repeat(MB / 4)
        ),
    );
    // 5 MB of text that is not TOML, with raw ESC and BEL bytes.
    let junk = huge_line_catalogue(
        dir.path(),
        "junk.toml",
        "\u{1b}[2J\u{7}junk ".repeat(MB / 2),
    );
    // A 3 MB line that ends in an invalid byte: located by line and column.
    let bad = dir.path().join("bad-byte.toml");
    let mut bytes = b"# ".to_vec();
    bytes.extend(std::iter::repeat_n(b'y', 3 * MB));
    bytes.push(0xFF);
    std::fs::write(&bad, bytes).expect("write");

    for (path, what) in [
        (&value, "characters long; the most is"),
        (&key, "unknown field"),
        (&junk, "TOML syntax"),
    ] {
        let len = std::fs::metadata(path).expect("written").len() as usize;
        assert!(len > 3 * MB, "{} is huge ({len} bytes)", path.display());
        let r = hinet(&["--catalogue", &s(path), "check"]);
        assert_catalogue_error(&r);
        assert!(
            r.stderr.starts_with(&format!("error: {}:7:", s(path))),
            "names the file and line 7: {r:?}"
        );
        assert!(r.stderr.contains(what), "says {what:?}: {r:?}");
        assert!(
            !r.stderr.contains(['\u{202e}']),
            "no bidi override in the message: {r:?}"
        );
    }
    let r = hinet(&["--catalogue", &s(&bad), "check"]);
    assert_one_line(
        &r,
        &format!("{}:1:{}", s(&bad), 3 * MB + 3),
        "invalid UTF-8",
    );
}

#[test]
fn a_long_hostile_file_name_is_cleaned_and_capped() {
    // The name itself carries an escape sequence and is very long: the
    // message shows it cleaned and stays within the cap.
    let dir = temp();
    let name = format!("evil\u{1b}]0;title\u{7}\u{202e}{}.toml", "n".repeat(200));
    let f = dir.path().join(&name);
    std::fs::write(&f, "[catalogue]\nname = \"x\"\nformat = oops\n").expect("write");
    let r = hinet(&["--catalogue", &s(&f), "check"]);
    assert_catalogue_error(&r);
    assert!(!r.stderr.contains('\u{202e}'), "{r:?}");
    assert!(
        r.stderr.contains("evil\u{FFFD}]0;title\u{FFFD}\u{FFFD}nnn"),
        "{r:?}"
    );
}
