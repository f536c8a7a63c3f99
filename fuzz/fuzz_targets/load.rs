//! Arbitrary bytes through the loader: byte decoding (`read::decode`), then
//! `catalogue::from_files`. It must never panic. A catalogue that loads has
//! every string sanitised and within its cap; an error is one clean, capped
//! line per diagnostic.
//!
//! A line `#--additions--` splits the input into the catalogue and a file of
//! the user's additions, so that merging is fuzzed too.

#![no_main]

use hinet::catalogue::diag::MAX_DIAGNOSTIC_CHARS;
use hinet::catalogue::parse::{MAX_DIAGNOSTICS, limits};
use hinet::text::sanitize::{self, Lines};
use hinet::catalogue::{self, Catalogue, Cost, Diagnostic, SourceFile, VocabKind, read};
use libfuzzer_sys::fuzz_target;

const SPLIT: &[u8] = b"\n#--additions--\n";

fuzz_target!(|data: &[u8]| {
    let (base, extra) = match data.windows(SPLIT.len()).position(|w| w == SPLIT) {
        Some(i) => (&data[..i + 1], Some(&data[i + SPLIT.len()..])),
        None => (data, None),
    };
    let Some(base) = decode("base.toml", base) else {
        return;
    };
    let additions = match extra {
        Some(bytes) => match decode("additions.toml", bytes) {
            Some(f) => vec![f],
            None => return,
        },
        None => Vec::new(),
    };
    match catalogue::from_files(vec![base], additions) {
        Ok(cat) => check_catalogue(&cat),
        Err(e) => {
            assert!(!e.diagnostics.is_empty(), "an error with no diagnostics");
            assert!(
                e.diagnostics.len() <= MAX_DIAGNOSTICS + 1,
                "{} diagnostics",
                e.diagnostics.len()
            );
            for d in &e.diagnostics {
                check_diagnostic(d);
            }
            let text = e.to_string();
            assert_eq!(text.lines().count(), e.diagnostics.len(), "{text:?}");
        }
    }
});

/// Decode like the loader does; check what it says either way.
fn decode(name: &str, bytes: &[u8]) -> Option<SourceFile> {
    match read::decode(name, bytes.to_vec()) {
        Ok(text) => {
            // The text is the bytes, less a UTF-8 BOM.
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            assert_eq!(text.as_bytes(), body, "decode changed the text");
            Some(SourceFile {
                name: name.to_string(),
                text,
            })
        }
        Err(d) => {
            check_diagnostic(&d);
            assert_eq!(d.file, name);
            if let (Some(line), Some(col)) = (d.line, d.col) {
                // Invalid UTF-8: the place of the first bad byte.
                let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
                let e = std::str::from_utf8(body).expect_err("a located decode error is bad UTF-8");
                let before = std::str::from_utf8(&body[..e.valid_up_to()]).expect("valid prefix");
                let want_line = before.matches('\n').count() + 1;
                let want_col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                assert_eq!(
                    (line, col),
                    (want_line, want_col),
                    "the place of the bad byte"
                );
            }
            None
        }
    }
}

/// Invisible characters the sanitiser removes (U+200D may stay between emoji).
fn hidden(c: char) -> bool {
    sanitize::is_invisible(c) && c != '\u{200D}'
}

fn check_diagnostic(d: &Diagnostic) {
    let s = d.to_string();
    assert!(
        s.chars().count() <= MAX_DIAGNOSTIC_CHARS,
        "a diagnostic of {} characters",
        s.chars().count()
    );
    assert!(
        !s.chars().any(sanitize::is_forbidden),
        "a raw control in {s:?}"
    );
    assert!(!s.chars().any(hidden), "an invisible in {s:?}");
}

/// One sanitised string: no forbidden character (LF only where the field may
/// hold paragraphs), within its cap, trimmed, not empty, and unchanged by
/// sanitising it again.
fn text(what: &str, s: &str, max: usize, lines: Lines) {
    assert!(!s.is_empty(), "{what} is empty");
    assert_eq!(s, s.trim(), "{what} is not trimmed");
    for c in s.chars() {
        let ok = !sanitize::is_forbidden(c) || (c == '\n' && lines == Lines::Many);
        assert!(ok, "{what} holds U+{:04X}: {s:?}", c as u32);
        assert!(
            !hidden(c),
            "{what} holds the invisible U+{:04X}: {s:?}",
            c as u32
        );
    }
    let n = s.chars().count();
    assert!(n <= max, "{what} has {n} characters; the cap is {max}");
    assert_eq!(sanitize::clean(s, lines, max), s, "{what} is not stable");
}

fn opt(what: &str, s: &Option<String>, max: usize, lines: Lines) {
    if let Some(s) = s {
        text(what, s, max, lines);
    }
}

fn ids(what: &str, list: &[String]) {
    for s in list {
        text(what, s, limits::ID, Lines::One);
    }
}

fn url(what: &str, s: &str) {
    assert!(
        s.starts_with("http://") || s.starts_with("https://"),
        "{what}: {s:?}"
    );
    assert!(s.len() <= 2048, "{what} is {} bytes", s.len());
    assert!(
        !s.chars()
            .any(|c| c.is_whitespace() || sanitize::is_forbidden(c) || sanitize::is_invisible(c)),
        "{what}: {s:?}"
    );
}

fn cost(what: &str, c: &Option<Cost>) {
    if let Some(c) = c {
        opt(what, &c.note, limits::NOTE, Lines::One);
        if let Some(a) = c.amount_gbp {
            assert!(
                a.is_finite() && (0.0..=1_000_000.0).contains(&a),
                "{what}: {a}"
            );
        }
    }
}

fn check_catalogue(cat: &Catalogue) {
    text("catalogue.name", &cat.info.name, limits::NAME, Lines::One);
    for kind in VocabKind::ALL {
        for t in cat.vocab.terms(kind) {
            text("term.id", &t.id, limits::ID, Lines::One);
            text("term.label", &t.label, limits::LABEL, Lines::One);
            opt(
                "term.description",
                &t.description,
                limits::SUMMARY,
                Lines::One,
            );
        }
    }
    for n in &cat.networks {
        text("id", &n.id, limits::ID, Lines::One);
        text("name", &n.name, limits::NAME, Lines::One);
        opt("short_name", &n.short_name, limits::SHORT_NAME, Lines::One);
        text("kind", &n.kind, limits::ID, Lines::One);
        opt("successor", &n.successor, limits::ID, Lines::One);
        text("summary", &n.summary, limits::SUMMARY, Lines::One);
        opt(
            "description",
            &n.description,
            limits::LONG_TEXT,
            Lines::Many,
        );
        opt(
            "how_to_join",
            &n.how_to_join,
            limits::MEDIUM_TEXT,
            Lines::Many,
        );
        opt(
            "policy_engagement",
            &n.policy_engagement,
            limits::MEDIUM_TEXT,
            Lines::Many,
        );
        for u in n.website.iter().chain(&n.join_url) {
            url("a network link", u);
        }
        ids("scope", &n.scope);
        ids("sectors", &n.sectors);
        ids("professions", &n.professions);
        ids("career_stages", &n.career_stages);
        ids("formats", &n.formats);
        for t in &n.tags {
            text("tag", t, limits::TAG, Lines::One);
        }
        cost("cost.note", &n.cost);
        for o in &n.opportunities {
            text("opportunity.title", &o.title, limits::TITLE, Lines::One);
            text("opportunity.type", &o.kind, limits::ID, Lines::One);
            opt(
                "opportunity.summary",
                &o.summary,
                limits::MEDIUM_TEXT,
                Lines::Many,
            );
            opt(
                "opportunity.duration",
                &o.duration,
                limits::SHORT_TEXT,
                Lines::One,
            );
            opt(
                "opportunity.eligibility",
                &o.eligibility,
                limits::NOTE,
                Lines::One,
            );
            opt("opportunity.when", &o.when, limits::SHORT_TEXT, Lines::One);
            if let Some(u) = &o.url {
                url("opportunity.url", u);
            }
            ids("opportunity.formats", &o.formats);
            ids("opportunity.career_stages", &o.career_stages);
            cost("opportunity.cost.note", &o.cost);
        }
        if let Some(p) = &n.provenance {
            for u in &p.sources {
                url("provenance.sources", u);
            }
            for u in &p.uncertain {
                text("provenance.uncertain", u, limits::NOTE, Lines::One);
            }
        }
        // The JSON output of the network serialises and holds no raw control.
        let json = serde_json::to_string(n).expect("a network serialises");
        assert!(!json.chars().any(|c| (c as u32) < 0x20), "{json:?}");
    }
}
