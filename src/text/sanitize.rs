//! The one sanitiser for text that comes from outside the program: catalogue
//! strings, the bookmarks file, file names and error messages that quote a file.
//!
//! Rules (DESIGN.md §5):
//! - one-line fields: CR, LF, TAB, U+2028 and U+2029 become spaces;
//! - multi-line fields keep LF only (CRLF and lone CR become LF, U+2028/9 become LF, TAB a space);
//! - every other C0/C1 control and DEL, and the bidi controls U+202A–U+202E and
//!   U+2066–U+2069, become U+FFFD so that hidden content stays visible;
//! - zero-width characters (U+200B, U+200C, U+200D unless it joins two emoji,
//!   U+2060, U+FEFF), the bidi marks U+200E, U+200F, U+061C and tag characters
//!   (U+E0000–U+E007F) are removed;
//! - the result is capped at a number of characters, ending in `…` when cut.
//!
//! The output never holds more characters than the input, and sanitising twice
//! gives the same text as sanitising once.

/// The replacement shown for a hidden or dangerous character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Whether the field may keep line breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// True for characters that the sanitiser never lets through.
pub fn is_forbidden(c: char) -> bool {
    is_control(c) || is_bidi_control(c) || is_removed(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_control(c: char) -> bool {
    let u = c as u32;
    u < 0x20 || (0x7f..=0x9f).contains(&u)
}

fn is_bidi_control(c: char) -> bool {
    matches!(c as u32, 0x202A..=0x202E | 0x2066..=0x2069)
}

/// Characters removed outright (zero-width, invisible marks, tags). U+200D is
/// handled apart because it may join emoji.
fn is_removed(c: char) -> bool {
    matches!(
        c as u32,
        0x200B | 0x200C | 0x200E | 0x200F | 0x061C | 0x2060 | 0xFEFF | 0xE0000..=0xE007F
    )
}

/// Characters that are invisible on screen (zero-width, marks, tags), which
/// the sanitiser removes.
pub fn is_invisible(c: char) -> bool {
    is_removed(c) || c == '\u{200D}'
}

/// Pictographs and symbols that emoji sequences are made of (roughly).
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF) && !is_emoji_modifier(c)
}

/// What may follow an emoji inside a sequence without being one: the emoji
/// presentation selector (VS16) and the skin tones.
fn is_emoji_modifier(c: char) -> bool {
    matches!(c as u32, 0xFE0F | 0x1F3FB..=0x1F3FF)
}

/// Whether a U+200D between `before` (the text so far) and `next` joins two
/// emoji: the last character before it that is not a modifier is an emoji,
/// and the next character is an emoji. At most two modifiers are looked
/// past (a skin tone and a selector), so that a long run of them costs no
/// more than a short one.
fn joins_emoji(before: &str, next: Option<char>) -> bool {
    let base = before
        .chars()
        .rev()
        .take(3)
        .find(|&c| !is_emoji_modifier(c));
    base.is_some_and(is_emoji) && next.is_some_and(is_emoji)
}

/// Sanitise `input` for a field that is one line (`Lines::One`) or may hold
/// paragraphs (`Lines::Many`), capped at `max_chars` characters.
pub fn clean(input: &str, lines: Lines, max_chars: usize) -> String {
    // Fast path: plain printable ASCII (and line feeds, where they are
    // kept) within the cap needs no work.
    if input.len() <= max_chars
        && input
            .bytes()
            .all(|b| (0x20..0x7f).contains(&b) || b == b'\n' && lines == Lines::Many)
    {
        return input.to_string();
    }
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                let next_is_lf = chars.peek() == Some(&'\n');
                match lines {
                    Lines::One => out.push(' '),
                    Lines::Many if next_is_lf => {} // the LF that follows is kept
                    Lines::Many => out.push('\n'),
                }
            }
            '\n' => out.push(if lines == Lines::Many { '\n' } else { ' ' }),
            '\t' => out.push(' '),
            '\u{2028}' | '\u{2029}' => out.push(if lines == Lines::Many { '\n' } else { ' ' }),
            '\u{200D}' => {
                if joins_emoji(&out, chars.peek().copied()) {
                    out.push(c);
                }
            }
            c if is_removed(c) => {}
            c if is_control(c) || is_bidi_control(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    cap(out, max_chars)
}

/// Sanitise a one-line field.
pub fn line(input: &str, max_chars: usize) -> String {
    clean(input, Lines::One, max_chars)
}

/// Sanitise a multi-line field.
pub fn block(input: &str, max_chars: usize) -> String {
    clean(input, Lines::Many, max_chars)
}

/// Cut to at most `max_chars` characters, ending in `…` when anything was cut.
fn cap(s: String, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    match s.char_indices().nth(max_chars) {
        None => s,
        Some(_) => {
            let keep = max_chars - 1;
            let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            let mut t = s[..end].to_string();
            // A joiner left dangling at the end would no longer join anything.
            while t.ends_with('\u{200D}') {
                t.pop();
            }
            t.push('…');
            t
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escape_sequences_are_made_visible() {
        let s = line("a\u{1b}]0;title\u{7}b", 100);
        assert_eq!(s, "a\u{FFFD}]0;title\u{FFFD}b");
    }

    #[test]
    fn bidi_and_zero_width() {
        assert_eq!(
            line("ab\u{202E}cd\u{200B}e\u{2066}", 100),
            "ab\u{FFFD}cde\u{FFFD}"
        );
        assert_eq!(line("x\u{E0041}\u{FEFF}y", 100), "xy");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(line("a\r\nb\tc\u{2028}d", 100), "a  b c d");
        assert_eq!(block("a\r\nb\rc\u{2029}d", 100), "a\nb\nc\nd");
    }

    #[test]
    fn emoji_joiner_kept_only_between_emoji() {
        let family = "\u{1F468}\u{200D}\u{1F469}";
        assert_eq!(line(family, 10), family);
        assert_eq!(line("a\u{200D}b", 10), "ab");
    }

    #[test]
    fn emoji_joiner_needs_an_emoji_on_both_sides_not_a_selector() {
        // A variation selector is not an emoji: what comes before it counts.
        assert_eq!(line(" \u{fe0f}\u{200d}\u{1F468}", 10), " \u{fe0f}\u{1F468}");
        assert_eq!(line("a\u{fe0f}\u{200d}\u{1F468}", 10), "a\u{fe0f}\u{1F468}");
        assert_eq!(line("\u{fe0f}\u{200d}\u{1F468}", 10), "\u{fe0f}\u{1F468}");
        assert_eq!(line("\u{1F3FB}\u{200d}\u{1F468}", 10), "\u{1F3FB}\u{1F468}");
        // Not past a run of modifiers.
        assert_eq!(
            line("\u{1F468}\u{1F3FB}\u{fe0f}\u{fe0f}\u{200d}\u{1F469}", 10),
            "\u{1F468}\u{1F3FB}\u{fe0f}\u{fe0f}\u{1F469}"
        );
        // After the joiner must come an emoji, not a selector.
        assert_eq!(line("\u{1F468}\u{200d}\u{fe0f}", 10), "\u{1F468}\u{fe0f}");
        // Real sequences keep their joiners: after a selector or a skin tone
        // that follows an emoji.
        for s in [
            "\u{1F3F3}\u{fe0f}\u{200d}\u{1F308}",
            "\u{1F9D1}\u{1F3FD}\u{200d}\u{2695}\u{fe0f}",
            "\u{1F468}\u{200d}\u{1F469}\u{200d}\u{1F467}",
            "\u{2764}\u{fe0f}\u{200d}\u{1F525}",
        ] {
            assert_eq!(line(s, 20), s);
        }
    }

    #[test]
    fn capped_with_ellipsis() {
        assert_eq!(line("abcdef", 4), "abc…");
        assert_eq!(line("abcd", 4), "abcd");
        assert_eq!(line("é\u{7}é", 2), "é…");
    }

    fn hostile_char() -> impl Strategy<Value = char> {
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\u{1b}',
                '\u{7}',
                '\u{9b}',
                '\u{7f}',
                '\r',
                '\n',
                '\t',
                '\u{2028}',
                '\u{2029}',
                '\u{202A}',
                '\u{202E}',
                '\u{2066}',
                '\u{2069}',
                '\u{200B}',
                '\u{200C}',
                '\u{200D}',
                '\u{2060}',
                '\u{FEFF}',
                '\u{E0001}',
                '\u{E007F}',
                '\u{1F468}',
                '\u{FE0F}',
                '\u{1F3FD}',
                ' ',
                'é',
            ]),
        ]
    }

    proptest! {
        #[test]
        fn never_lets_forbidden_through(v in prop::collection::vec(hostile_char(), 0..80), cap in 0usize..100) {
            let s: String = v.into_iter().collect();
            for out in [line(&s, cap), block(&s, cap)] {
                prop_assert!(out.chars().all(|c| !is_forbidden(c) || c == '\n'));
                prop_assert!(!line(&s, cap).contains('\n'));
                prop_assert!(out.chars().count() <= s.chars().count());
                prop_assert!(out.chars().count() <= cap);
                let zwj_ok = out.char_indices().filter(|&(_, c)| c == '\u{200D}').all(|(i, _)| {
                    joins_emoji(&out[..i], out[i + 3..].chars().next())
                });
                prop_assert!(zwj_ok);
            }
            prop_assert_eq!(line(&line(&s, cap), cap), line(&s, cap));
            prop_assert_eq!(block(&block(&s, cap), cap), block(&s, cap));
        }

        #[test]
        fn clean_is_the_plain_reading_of_the_rules(
            v in prop::collection::vec(hostile_char(), 0..80),
            ascii in "[ -~\n\r\t\x00-\x1f\x7f]{0,80}",
            cap in 0usize..100,
        ) {
            let s: String = v.into_iter().collect();
            for lines in [Lines::One, Lines::Many] {
                prop_assert_eq!(clean(&s, lines, cap), by_the_rules(&s, lines, cap));
                prop_assert_eq!(clean(&ascii, lines, cap), by_the_rules(&ascii, lines, cap));
            }
        }
    }

    /// The rules read one character at a time, with no fast path.
    fn by_the_rules(input: &str, lines: Lines, max_chars: usize) -> String {
        let chars: Vec<char> = input.chars().collect();
        let mut out = String::new();
        let many = lines == Lines::Many;
        for (i, &c) in chars.iter().enumerate() {
            match c {
                '\r' if many && chars.get(i + 1) == Some(&'\n') => {}
                '\r' | '\n' | '\u{2028}' | '\u{2029}' => out.push(if many { '\n' } else { ' ' }),
                '\t' => out.push(' '),
                '\u{200D}' if joins_emoji(&out, chars.get(i + 1).copied()) => out.push(c),
                '\u{200D}' => {}
                c if is_removed(c) => {}
                c if is_control(c) || is_bidi_control(c) => out.push(REPLACEMENT),
                c => out.push(c),
            }
        }
        cap(out, max_chars)
    }
}
