//! Fuzzy matching of a query word against a short field (a name, short name,
//! tag or title), the way people type in fzf: the word's letters in order,
//! anywhere in the field ("topl" in Topol, "knwldge" in knowledge, "dhn" in
//! Digital Health Networks). The matcher is nucleo's (helix's picker), which
//! finds the best-scoring alignment; a match counts only when its score per
//! letter reaches `MIN_PER_LETTER`, so letters scattered far apart across a
//! long name ("data" as d…a…t…a inside other words) do not.

use std::cell::RefCell;

use nucleo_matcher::{Config, Matcher, Utf32Str};

/// nucleo's score for one matched letter.
const SCORE_MATCH: u32 = 16;

/// The least score per letter of the word for a fuzzy match to count: a
/// letter matched at a word start or next to the last one scores more than
/// 16, a gap costs 3 and 1 per letter skipped. Measured on the judged
/// queries: "topl" in Topol scores 25 a letter, "cldct" in Caldicott 19,
/// "fdip" in Federation for Informatics Professionals 18.5; what keeps
/// strewn letters out is `MAX_SKIP`.
pub const MIN_PER_LETTER: u32 = 16;

thread_local! {
    static MATCHER: RefCell<Option<Matcher>> = const { RefCell::new(None) };
    static POSITIONS: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

fn with_matcher<R>(f: impl FnOnce(&mut Matcher) -> R) -> R {
    MATCHER.with(|m| {
        let mut m = m.borrow_mut();
        let matcher = m.get_or_insert_with(|| Matcher::new(Config::DEFAULT));
        f(matcher)
    })
}

fn utf32<'a>(s: &'a str, buf: &'a mut Vec<char>) -> Utf32Str<'a> {
    if s.is_ascii() {
        Utf32Str::Ascii(s.as_bytes())
    } else {
        Utf32Str::new(s, buf)
    }
}

/// The most letters a match may skip between two of the word's letters,
/// unless the second starts a word ("mgmt" in management skips "ana").
pub const MAX_SKIP: usize = 5;

/// The positions a fuzzy match of `word` in `field` uses, sorted, and its
/// score, when the match is a good one: at least `MIN_PER_LETTER` a letter,
/// and every letter either starts a word or follows the last within
/// `MAX_SKIP` letters. So "dhn" matches Digital Health Networks and "topl"
/// Topol, but "blorf" does not match letters strewn across a long title.
fn best(word: Utf32Str<'_>, field: Utf32Str<'_>) -> Option<(Vec<usize>, u32)> {
    with_best(word, field, |pos| pos.iter().map(|&i| i as usize).collect())
}

/// `best`, the positions lent to `used` (in a buffer each thread keeps:
/// a search asks this of thousands of fields a keystroke).
fn with_best<R>(
    word: Utf32Str<'_>,
    field: Utf32Str<'_>,
    used: impl FnOnce(&[u32]) -> R,
) -> Option<(R, u32)> {
    let n = word.len() as u32;
    if n == 0 {
        return None;
    }
    // One call for the score and the letters used (the same dynamic
    // programme either way: `fuzzy_match` is `fuzzy_indices` without the
    // positions, so the score is the same); most fields that get this far
    // reach the score asked, and then a second call for the letters cost
    // as much again.
    POSITIONS.with(|buf| {
        let mut pos = buf.borrow_mut();
        pos.clear();
        let score = u32::from(with_matcher(|m| m.fuzzy_indices(field, word, &mut pos))?);
        if score < n * MIN_PER_LETTER {
            return None;
        }
        pos.sort_unstable();
        pos.dedup();
        let alnum = |i: u32| field.get(i).is_alphanumeric();
        let starts_word = |i: u32| alnum(i) && (i == 0 || !alnum(i - 1));
        let close = pos
            .windows(2)
            .all(|w| (w[1] - w[0] - 1) as usize <= MAX_SKIP || starts_word(w[1]));
        close.then(|| (used(&pos), score))
    })
}

/// How good a fuzzy match of `word` in `field` is, from 0 (none) to about
/// 1.5 (every letter at a word start or next to the last); both folded.
pub fn quality(word: &str, field: &str) -> f32 {
    try_quality(word, field).unwrap_or(0.0)
}

/// `quality`, or `None` when no match is possible for `word` nor for any
/// word that starts with it: both are ASCII and the field has no way of
/// placing the word's letters in order, each within `MAX_SKIP` letters of
/// the last or at a word start (what `best` asks of nucleo's alignment).
/// A search reuses that answer for the next keystroke's longer word.
pub(crate) fn try_quality(word: &str, field: &str) -> Option<f32> {
    // Most fields lack the letters in order: nucleo would say no, slower.
    if word.is_ascii() && field.is_ascii() && !close_in_order(word.as_bytes(), field.as_bytes()) {
        return None;
    }
    let mut a = Vec::new();
    let mut b = Vec::new();
    let n = word.chars().count() as u32;
    Some(
        match with_best(utf32(word, &mut b), utf32(field, &mut a), |_| ()) {
            Some((_, score)) => score as f32 / (n * SCORE_MATCH) as f32,
            None => 0.0,
        },
    )
}

/// Whether the bytes of `word` can be found in `field` in order, each
/// either within `MAX_SKIP` bytes after the one before or at the start of
/// a word: every alignment `best` accepts is one of these, so when there
/// is none, no match is possible (nor for any longer word starting with
/// `word`, whose alignment would begin with one for `word`). Fields over
/// 128 bytes are only checked for the letters in order.
fn close_in_order(word: &[u8], field: &[u8]) -> bool {
    if !in_order(word, field) {
        return false;
    }
    if field.len() <= 64 {
        close::<u64>(word, field)
    } else if field.len() <= 128 {
        close::<u128>(word, field)
    } else {
        true
    }
}

/// Positions in a field of at most `BITS` bytes, one bit each.
trait Set:
    Copy
    + Eq
    + std::ops::BitOr<Output = Self>
    + std::ops::BitAnd<Output = Self>
    + std::ops::Shl<u32, Output = Self>
    + std::ops::Not<Output = Self>
{
    const BITS: u32;
    const EMPTY: Self;
    const ONE: Self;
    fn first(self) -> u32;
}

impl Set for u64 {
    const BITS: u32 = 64;
    const EMPTY: u64 = 0;
    const ONE: u64 = 1;
    fn first(self) -> u32 {
        self.trailing_zeros()
    }
}

impl Set for u128 {
    const BITS: u32 = 128;
    const EMPTY: u128 = 0;
    const ONE: u128 = 1;
    fn first(self) -> u32 {
        self.trailing_zeros()
    }
}

/// `close_in_order` for a field of at most `S::BITS` bytes that has the
/// word's bytes in order.
fn close<S: Set>(word: &[u8], field: &[u8]) -> bool {
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let at = |c: u8| {
        let mut m = S::EMPTY;
        for (i, &b) in field.iter().enumerate() {
            if b == c {
                m = m | (S::ONE << i as u32);
            }
        }
        m
    };
    let mut starts = S::EMPTY;
    let mut was_alnum = false;
    for (i, b) in field.iter().enumerate() {
        let alnum = b.is_ascii_alphanumeric();
        if alnum && !was_alnum {
            starts = starts | (S::ONE << i as u32);
        }
        was_alnum = alnum;
    }
    // The positions where the word so far can end.
    let mut reach = at(first);
    for &c in rest {
        if reach == S::EMPTY {
            return false;
        }
        // After the first of them, at a word start; or close after any.
        let from = reach.first() + 1;
        let after = if from >= S::BITS {
            S::EMPTY
        } else {
            !S::EMPTY << from
        };
        let mut near = S::EMPTY;
        for s in 1..=MAX_SKIP as u32 + 1 {
            near = near | (reach << s);
        }
        reach = at(c) & (near | (starts & after));
    }
    reach != S::EMPTY
}

/// Whether every byte of `word` is in `field`, in order.
fn in_order(word: &[u8], field: &[u8]) -> bool {
    let mut rest = field;
    for &b in word {
        match memchr::memchr(b, rest) {
            Some(i) => rest = &rest[i + 1..],
            None => return false,
        }
    }
    true
}

/// Whether `word` matches `field` fuzzily (both folded).
pub fn matches(word: &str, field: &str) -> bool {
    quality(word, field) > 0.0
}

/// The character positions of `field` that the match of `word` uses, or
/// `None` when it does not match (both folded, as characters).
pub fn alignment(word: &[char], field: &[char]) -> Option<Vec<usize>> {
    best(Utf32Str::Unicode(word), Utf32Str::Unicode(field)).map(|(pos, _)| pos)
}

/// A quick test that can only fail when `matches` would: every letter of
/// the word is somewhere in the field (as a set of 64 bits per field).
pub fn letters(text: &str) -> u64 {
    text.chars().fold(0, |m, c| m | letter_bit(c))
}

fn letter_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        ' ' | '-' | '\n' => 0,
        _ => 1 << (36 + (c as u32 % 28)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_in_order_from_inside_words() {
        assert!(matches("topl", "topol digital fellowship"));
        assert!(matches("knwldge", "nhs knowledge and library services"));
        assert!(matches("shri", "shuri network"));
        assert!(matches("ntwk", "shuri network"));
        assert!(matches("dhn", "digital health networks"));
        assert!(matches("clincod", "clinical coding community"));
        assert!(matches("nhsd", "nhs digital"));
        // Out of order, or letters the field does not have: no match.
        assert!(!matches("hd", "dh"));
        assert!(!matches("xyz", "digital health"));
    }

    #[test]
    fn scattered_letters_do_not_count() {
        // Letters far from the last that start no word.
        assert!(!matches(
            "blorf",
            "healthtech toolkit campaign (volunteer project to build open learning for people)"
        ));
        // The last "a" is 17 letters after the "t" and starts no word.
        assert!(!matches("data", "deltaxxxxxxxxxxxxxxxxxa"));
        assert!(matches("cldct", "uk caldicott guardian council"));
    }

    #[test]
    fn better_matches_score_higher() {
        let tight = quality("dhn", "digital health networks");
        let loose = quality("dhn", "address handling");
        assert!(tight > loose, "{tight} vs {loose}");
    }

    #[test]
    fn alignment_gives_the_letters_used() {
        let f: Vec<char> = "digital health networks".chars().collect();
        let w: Vec<char> = "dhn".chars().collect();
        assert_eq!(alignment(&w, &f), Some(vec![0, 8, 15]));
        let f: Vec<char> = "café données".chars().collect();
        let w: Vec<char> = "cd".chars().collect();
        assert_eq!(alignment(&w, &f), Some(vec![0, 5]));
    }

    #[test]
    fn a_long_hostile_field_stays_fast() {
        let field = "a ".repeat(1_000);
        let word = format!("{}b", "a".repeat(40));
        assert!(!matches(&word, &field));
    }

    #[test]
    fn no_close_alignment_means_no_match_for_any_longer_word() {
        // Fields and words where nucleo's best alignment is or is not
        // close: whenever the quick check says no, so does nucleo, for
        // the word and every word it starts.
        let fields = [
            "digital health networks",
            "deltaxxxxxxxxxxxxxxxxxa",
            "uk caldicott guardian council",
            "data analyst network",
            "north west analytics",
            "clinical coding community",
            "a-b c_d e.f",
            "abcdefghijklmnopqrstuvwxyz abcdefghijklmnopqrstuvwxyz",
        ];
        let words = [
            "dhn", "data", "dat", "da", "cldct", "cc", "cci", "ccio", "nw", "nwa", "ab", "ae",
            "af", "az", "aza", "cod", "cdc", "xa", "xxa", "ltx", "dlt",
        ];
        let mut impossible = 0;
        for f in fields {
            for w in words {
                let q = try_quality(w, f);
                if q.is_none() {
                    impossible += 1;
                    assert_eq!(quality(w, f), 0.0, "{w:?} in {f:?}");
                    for more in ["a", "e", "t", "xa"] {
                        let longer = format!("{w}{more}");
                        assert!(try_quality(&longer, f).is_none(), "{longer:?} in {f:?}");
                    }
                } else {
                    // The check is only a filter: nucleo's answer stands.
                    let mut a = Vec::new();
                    let mut b = Vec::new();
                    let n = w.chars().count() as u32;
                    let want = best(utf32(w, &mut b), utf32(f, &mut a))
                        .map_or(0.0, |(_, s)| s as f32 / (n * SCORE_MATCH) as f32);
                    assert_eq!(q, Some(want), "{w:?} in {f:?}");
                }
                // Never impossible where nucleo finds a match.
                let mut a = Vec::new();
                let mut b = Vec::new();
                if best(utf32(w, &mut b), utf32(f, &mut a)).is_some() {
                    assert!(q.is_some(), "{w:?} in {f:?}");
                }
            }
        }
        assert!(impossible > 20, "the check ruled out only {impossible}");
    }

    #[test]
    fn one_call_gives_the_score_of_the_score_alone() {
        // `with_best` takes its score from `fuzzy_indices`; a match
        // counts on `fuzzy_match`'s score, which must be the same.
        let fields = [
            "digital health networks",
            "deltaxxxxxxxxxxxxxxxxxa",
            "uk caldicott guardian council",
            "north west analytics",
            "café données",
            "a-b c_d e.f",
        ];
        let words = [
            "dhn", "data", "cldct", "nwa", "cd", "ae", "xa", "nor", "ccio",
        ];
        let mut compared = 0;
        for f in fields {
            for w in words {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                let (field, word) = (utf32(f, &mut a), utf32(w, &mut b));
                let alone = with_matcher(|m| m.fuzzy_match(field, word));
                let mut pos = Vec::new();
                let with = with_matcher(|m| m.fuzzy_indices(field, word, &mut pos));
                assert_eq!(alone, with, "{w:?} in {f:?}");
                compared += usize::from(alone.is_some());
            }
        }
        assert!(compared > 10, "only {compared} matches compared");
    }

    #[test]
    fn letters_are_a_superset_test() {
        let f = letters("digital health networks");
        assert_eq!(letters("dhn") & !f, 0);
        assert_ne!(letters("dhq") & !f, 0);
    }
}
