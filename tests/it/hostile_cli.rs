//! A hostile catalogue through the command line (issue #6): names, summaries,
//! descriptions, tags and opportunities carry terminal escape sequences, bidi
//! overrides and isolates, zero-width and tag characters, line separators, C1
//! controls and DEL (tests/fixtures/hostile/hostile.toml, written as TOML
//! escapes). The catalogue must load, and every byte the binary writes, on
//! stdout, on stderr and into an exported file, must be free of them, with
//! the hidden content made visible as U+FFFD.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::cli::{Folders, Run, command, root};

fn hostile() -> PathBuf {
    root().join("tests/fixtures/hostile/hostile.toml")
}

const ID: &str = "evil-network";

/// The escapes the fixture must carry, as TOML escape text.
const ESCAPES: &[&str] = &[
    r"\u001b]0;title\u0007",
    r"\u001b]52;c;SGVsbG8=\u0007",
    r"\u001b[2J",
    r"\u202e",
    r"\u200b",
    r"\u2066",
    r"\u2028",
    r"\u0085",
    r"\U000E0041",
    r"\u007f",
];

/// What a character written by hinet must never be. Defined here, apart from
/// the sanitiser, so that a mistake in the sanitiser cannot hide itself.
fn bad_char(c: char) -> Option<&'static str> {
    let u = c as u32;
    match u {
        0x1b => Some("ESC"),
        0x07 => Some("BEL"),
        0x00..=0x1f => Some("a C0 control"),
        0x7f => Some("DEL"),
        0x80..=0x9f => Some("a C1 control"),
        0x202a..=0x202e | 0x2066..=0x2069 => Some("a bidi control"),
        0x200b..=0x200f | 0x2060 | 0xfeff | 0x061c => Some("a zero-width or invisible mark"),
        0x2028 | 0x2029 => Some("a line or paragraph separator"),
        0xe0000..=0xe007f => Some("a tag character"),
        _ => None,
    }
}

/// How line ends and tabs may appear in one output.
#[derive(Clone, Copy, Debug)]
struct Allow {
    /// Tab-separated columns (`search`, `opportunities`, `bookmarks list`).
    tab: bool,
    /// CRLF line ends (CSV, RFC 4180).
    crlf: bool,
}

const PLAIN: Allow = Allow {
    tab: false,
    crlf: false,
};
const TABS: Allow = Allow {
    tab: true,
    crlf: false,
};
const CSV: Allow = Allow {
    tab: false,
    crlf: true,
};

/// The raw bytes of one output hold only text that is safe on a terminal.
fn assert_clean_bytes(what: &str, bytes: &[u8], allow: Allow) {
    let text =
        std::str::from_utf8(bytes).unwrap_or_else(|e| panic!("{what}: not UTF-8 ({e}): {bytes:?}"));
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let ok = c == '\n'
            || (c == '\t' && allow.tab)
            || (c == '\r' && allow.crlf && chars.get(i + 1) == Some(&'\n'));
        if ok {
            continue;
        }
        if let Some(kind) = bad_char(c) {
            let at: String = chars[i.saturating_sub(30)..(i + 30).min(chars.len())]
                .iter()
                .collect();
            panic!(
                "{what}: {kind} (U+{:04X}) at character {i}, near {at:?}",
                c as u32
            );
        }
    }
}

/// Every string (and key) in a JSON value is clean once decoded: JSON escapes
/// such as `\u001b` would bring the character back for whoever reads it.
fn assert_clean_json(what: &str, v: &Value) {
    let check = |s: &str| {
        for c in s.chars() {
            if c != '\n'
                && let Some(kind) = bad_char(c)
            {
                panic!("{what}: {kind} (U+{:04X}) in JSON string {s:?}", c as u32);
            }
        }
    };
    match v {
        Value::String(s) => check(s),
        Value::Array(a) => a.iter().for_each(|x| assert_clean_json(what, x)),
        Value::Object(m) => {
            for (k, x) in m {
                check(k);
                assert_clean_json(what, x);
            }
        }
        _ => {}
    }
}

/// Run hinet on the hostile catalogue with `data` as its data folder; check
/// stdout and stderr byte by byte before anything else.
fn hinet(args: &[&str], data: &Path, allow: Allow) -> Run {
    let out = command(args, &Folders::in_dir(data))
        .env("HINET_CATALOGUE", hostile())
        .output()
        .expect("the hinet binary runs");
    let what = format!("hinet {args:?}");
    assert_clean_bytes(&format!("stdout of {what}"), &out.stdout, allow);
    assert_clean_bytes(&format!("stderr of {what}"), &out.stderr, PLAIN);
    Run::from_output(out)
}

fn ok(args: &[&str], data: &Path, allow: Allow) -> String {
    let r = hinet(args, data, allow);
    assert_eq!(
        r.code,
        Some(0),
        "hinet {args:?} failed:\n{}\n{}",
        r.stderr,
        r.stdout
    );
    r.stdout
}

fn json(args: &[&str], data: &Path) -> Value {
    let out = ok(args, data, PLAIN);
    let v: Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("hinet {args:?} printed no JSON ({e}):\n{out}"));
    assert_clean_json(&format!("hinet {args:?}"), &v);
    v
}

/// The network's name and summary as the sanitiser must leave them: controls
/// shown as U+FFFD, zero-width and tag characters gone, breaks made spaces.
const NAME: &str =
    "Evil \u{FFFD}]0;title\u{FFFD} Network \u{FFFD} desrever  \u{FFFD}iso\u{FFFD} tag end";
const SUMMARY: &str = "Summary \u{FFFD}[2J with a bell \u{FFFD} and \u{FFFD} override and  zero width \u{FFFD} and tag clip \u{FFFD}]52;c;SGVsbG8=\u{FFFD} line sep nel\u{FFFD} del\u{FFFD} tab here cr here.";

#[test]
fn the_fixture_really_is_hostile() {
    let text = std::fs::read_to_string(hostile()).expect("read the fixture");
    assert!(text.is_ascii(), "the fixture is plain ASCII: escapes only");
    for e in ESCAPES {
        assert!(text.contains(e), "the fixture holds the TOML escape {e}");
    }
    // Decoded by a plain TOML parser, the escapes are the real characters.
    let v: toml::Value = toml::from_str(&text).expect("the fixture is valid TOML");
    let name = v["network"][0]["name"].as_str().expect("a network name");
    for c in [
        '\u{1b}',
        '\u{7}',
        '\u{202e}',
        '\u{200b}',
        '\u{2066}',
        '\u{e0041}',
    ] {
        assert!(name.contains(c), "the raw name holds U+{:04X}", c as u32);
    }
    let summary = v["network"][0]["summary"].as_str().expect("a summary");
    for c in ['\u{2028}', '\u{85}', '\u{7f}', '\t', '\r'] {
        assert!(
            summary.contains(c),
            "the raw summary holds U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn the_checker_catches_what_it_must() {
    // The byte check itself is able to fail.
    for bad in [
        "a\u{1b}[2J",
        "a\u{7}",
        "a\u{85}",
        "a\u{7f}",
        "a\u{202e}",
        "a\u{2069}",
        "a\u{200b}",
        "a\u{feff}",
        "a\u{2028}",
        "a\u{e0041}",
        "a\rb",
    ] {
        let r = std::panic::catch_unwind(|| assert_clean_bytes("probe", bad.as_bytes(), TABS));
        assert!(r.is_err(), "{bad:?} is caught");
    }
    assert!(std::panic::catch_unwind(|| assert_clean_bytes("probe", b"a\tb", PLAIN)).is_err());
    assert_clean_bytes("probe", "a\tb\u{FFFD}\n".as_bytes(), TABS);
    assert_clean_bytes("probe", b"a,b\r\n", CSV);
}

#[test]
fn hostile_text_is_made_harmless_in_every_output() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let d = dir.path();

    assert_eq!(
        ok(&["check"], d, PLAIN),
        "ok: 1 networks, 1 opportunities\n"
    );

    // search, plain and JSON
    let out = ok(&["search"], d, TABS);
    assert_eq!(out, format!("{ID}\t{NAME}\n"));
    let out = ok(&["search", "evil"], d, TABS);
    assert!(out.starts_with(&format!("{ID}\t")), "{out}");
    let v = json(&["search", "--json"], d);
    assert_eq!(v[0]["name"], NAME);
    assert_eq!(v[0]["summary"], SUMMARY);

    // show, plain and JSON
    let out = ok(&["show", ID], d, PLAIN);
    for visible in [
        "\u{FFFD}]0;title\u{FFFD}",
        "\u{FFFD}]52;c;SGVsbG8=\u{FFFD}",
        "\u{FFFD}[2J",
        "\u{FFFD}]8;;https://evil.example/\u{FFFD}link",
    ] {
        assert!(
            out.contains(visible),
            "show makes {visible:?} visible:\n{out}"
        );
    }
    let v = json(&["show", ID, "--json"], d);
    assert_eq!(v["name"], NAME);
    assert_eq!(v["summary"], SUMMARY);
    assert_eq!(v["short_name"], "EVIL\u{FFFD}");
    let description = v["description"].as_str().expect("a description");
    assert!(
        description.contains("\nLine two \u{FFFD}\nLine three"),
        "paragraphs keep LF only: {description:?}"
    );
    let tags: Vec<&str> = v["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(tags.contains(&"zerowidth"), "{tags:?}");
    assert!(tags.contains(&"tagchars"), "{tags:?}");
    assert!(tags.contains(&"esc\u{FFFD}[2j"), "{tags:?}");
    assert_eq!(
        v["opportunity"][0]["title"],
        "Course \u{FFFD}[1m title \u{FFFD}  \u{FFFD}]0;title\u{FFFD}"
    );

    // opportunities, plain and JSON
    let out = ok(&["opportunities"], d, TABS);
    assert_eq!(
        out,
        format!("{ID}\tCourse \u{FFFD}[1m title \u{FFFD}  \u{FFFD}]0;title\u{FFFD}\tcourse\n")
    );
    let v = json(&["opportunities", "--json"], d);
    assert_eq!(v[0]["network_name"], NAME);

    // bookmarks: a note typed with escapes too, then every listing and export.
    let note = "my \u{1b}]0;x\u{7} note \u{202e}\u{200b}\u{85} end";
    let out = ok(&["bookmarks", "add", ID, "--note", note], d, PLAIN);
    assert_eq!(out, format!("bookmarked {ID} (to-join)\n"));
    let saved = std::fs::read(d.join("bookmarks.toml")).expect("the bookmarks file");
    assert_clean_bytes("the bookmarks file", &saved, PLAIN);
    let out = ok(&["bookmarks"], d, TABS);
    assert_eq!(
        out,
        format!("{ID}\tto-join\t{NAME}\tmy \u{FFFD}]0;x\u{FFFD} note \u{FFFD}\u{FFFD} end\n")
    );
    let v = json(&["bookmarks", "list", "--json"], d);
    assert_eq!(v[0]["name"], NAME);
    let out = ok(&["search", "--bookmarked"], d, TABS);
    assert_eq!(out, format!("{ID}\t{NAME}\n"));

    for (format, allow) in [("markdown", PLAIN), ("csv", CSV), ("json", PLAIN)] {
        let out = ok(&["bookmarks", "export", "--format", format], d, allow);
        assert!(out.contains("]0;title\u{FFFD}"), "{format}:\n{out}");
        if format == "json" {
            let v: Value = serde_json::from_str(&out).expect("the JSON export parses");
            assert_clean_json("bookmarks export --format json", &v);
            assert_eq!(v[0]["network"]["name"], NAME);
        }
        // Into a file: the file is as clean, and stdout is empty.
        let file = d.join(format!("plan.{format}"));
        let file_arg = file.to_str().expect("a UTF-8 temporary path");
        let r = hinet(
            &["bookmarks", "export", "--format", format, "-o", file_arg],
            d,
            PLAIN,
        );
        assert_eq!(r.code, Some(0), "{}", r.stderr);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        let bytes = std::fs::read(&file).expect("the exported file");
        assert_clean_bytes(&format!("the {format} export file"), &bytes, allow);
        assert_eq!(bytes, out.as_bytes(), "{format}: the file and stdout agree");
    }
}

#[test]
fn hostile_arguments_are_clean_in_error_messages() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let d = dir.path();
    let evil = "evil\u{1b}]0;title\u{7}\u{202e}\u{200b}";
    for args in [
        vec!["show", evil],
        vec!["bookmarks", "add", evil],
        vec!["bookmarks", "remove", evil],
        vec!["search", "--sector", evil],
        vec!["opportunities", "--type", evil],
    ] {
        let r = hinet(&args, d, PLAIN);
        assert_eq!(r.code, Some(1), "{args:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains("evil\u{FFFD}"), "{args:?}: {}", r.stderr);
    }
}

#[test]
fn a_hostile_bookmarks_file_is_clean_in_every_output() {
    let dir = tempfile::tempdir().expect("a temporary data folder");
    let d = dir.path();
    std::fs::write(
        d.join("bookmarks.toml"),
        concat!(
            "format = 1\n",
            "[[bookmark]]\n",
            "id = \"evil-network\"\n",
            "note = \"saved \\u001b]52;c;SGVsbG8=\\u0007 \\u202e \\u2066 \\u200b \\U000E0041 \\u2028 \\u0085 \\u007f\"\n",
            "[[bookmark]]\n",
            "id = \"gone\\u001b[2J\\u202e\"\n",
            "status = \"joined\"\n",
            "note = \"gone \\u001b]0;title\\u0007\"\n",
        ),
    )
    .expect("write the bookmarks file");
    let out = ok(&["bookmarks"], d, TABS);
    assert!(
        out.contains("\tsaved \u{FFFD}]52;c;SGVsbG8=\u{FFFD}"),
        "{out}"
    );
    json(&["bookmarks", "list", "--json"], d);
    for (format, allow) in [("markdown", PLAIN), ("csv", CSV), ("json", PLAIN)] {
        let out = ok(&["bookmarks", "export", "--format", format], d, allow);
        // (Markdown escapes the `]`.)
        assert!(out.contains(";c;SGVsbG8=\u{FFFD}"), "{format}:\n{out}");
        if format == "json" {
            let v: Value = serde_json::from_str(&out).expect("the JSON export parses");
            assert_clean_json("bookmarks export --format json", &v);
        }
    }
}
