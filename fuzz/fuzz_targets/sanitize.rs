//! Arbitrary text through every sanitiser function: `line`, `block`, `clean`,
//! `read::display_path`, and a diagnostic quoting the text. The output has no
//! forbidden character, is idempotent, never has more characters than the
//! input, respects the cap, and leaves text that needs no cleaning untouched.
//!
//! The first two bytes choose the cap (0-4095); the rest is the text (invalid
//! UTF-8 becomes U+FFFD).

#![no_main]

use std::path::Path;

use hinet::catalogue::diag::{self, Diagnostic, MAX_DIAGNOSTIC_CHARS};
use hinet::catalogue::read;
use hinet::text::sanitize::{self, Lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (cap, rest) = match data {
        [a, b, rest @ ..] => ((usize::from(*a) << 8 | usize::from(*b)) % 4096, rest),
        _ => (0, data),
    };
    let input = String::from_utf8_lossy(rest);
    let s: &str = &input;
    let in_chars = s.chars().count();

    for lines in [Lines::One, Lines::Many] {
        let out = sanitize::clean(s, lines, cap);
        let n = out.chars().count();
        assert!(
            n <= in_chars,
            "{lines:?}: grew from {in_chars} to {n} characters"
        );
        assert!(n <= cap, "{lines:?}: {n} characters over the cap {cap}");
        for c in out.chars() {
            let ok = !sanitize::is_forbidden(c) || (c == '\n' && lines == Lines::Many);
            assert!(ok, "{lines:?}: U+{:04X} let through: {out:?}", c as u32);
            assert!(
                !(sanitize::is_invisible(c) && c != '\u{200D}'),
                "{lines:?}: the invisible U+{:04X} let through",
                c as u32
            );
        }
        check_joiners(&out);
        assert_eq!(
            sanitize::clean(&out, lines, cap),
            out,
            "{lines:?}: not idempotent"
        );
        // Capping is cutting: a capped result is the uncapped one, cut, with `…`.
        let full = sanitize::clean(s, lines, usize::MAX);
        if full.chars().count() <= cap {
            assert_eq!(out, full, "{lines:?}: cut though within the cap");
        } else if cap > 0 {
            let kept = out.strip_suffix('…').expect("a cut text ends in …");
            assert!(full.starts_with(kept), "{lines:?}: the cut is not a prefix");
        } else {
            assert!(out.is_empty());
        }
        // Text that needs no cleaning is left exactly as it is.
        let needs_work = s.chars().any(|c| {
            (sanitize::is_forbidden(c) && !(c == '\n' && lines == Lines::Many))
                || sanitize::is_invisible(c)
        });
        if !needs_work && in_chars <= cap {
            assert_eq!(out, s, "{lines:?}: clean text was changed");
        }
    }
    assert_eq!(sanitize::line(s, cap), sanitize::clean(s, Lines::One, cap));
    assert_eq!(
        sanitize::block(s, cap),
        sanitize::clean(s, Lines::Many, cap)
    );
    assert!(!sanitize::line(s, cap).contains('\n'));

    // A file name in a message.
    let p = read::display_path(Path::new(s));
    assert!(p.chars().count() <= 240);
    assert!(!p.chars().any(sanitize::is_forbidden), "{p:?}");

    // A diagnostic quoting the text everywhere, at a place chosen by the cap.
    let d = Diagnostic::at(s, s, cap, s, s);
    let (line, col) = diag::line_col(s, cap);
    assert!(line >= 1 && col >= 1);
    assert_eq!((d.line, d.col), (Some(line), Some(col)));
    let shown = d.to_string();
    assert!(shown.chars().count() <= MAX_DIAGNOSTIC_CHARS);
    assert!(!shown.chars().any(sanitize::is_forbidden), "{shown:?}");
    assert_eq!(sanitize::line(&shown, MAX_DIAGNOSTIC_CHARS), shown);
});

/// The rule for U+200D: kept only between two emoji, where the one before
/// may carry up to two modifiers (skin tone, presentation selector U+FE0F).
fn check_joiners(out: &str) {
    let modifier = |c: char| matches!(c as u32, 0xFE0F | 0x1F3FB..=0x1F3FF);
    let emoji = |c: Option<char>| {
        c.is_some_and(|c| matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF) && !modifier(c))
    };
    let chars: Vec<char> = out.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == '\u{200D}' {
            let base = chars[..i]
                .iter()
                .rev()
                .take(3)
                .copied()
                .find(|&c| !modifier(c));
            let next = chars.get(i + 1).copied();
            assert!(emoji(base) && emoji(next), "a stray U+200D: {out:?}");
        }
    }
}
