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
    let n = word.len() as u32;
    if n == 0 {
        return None;
    }
    // The score alone first (most fields fail here), the letters used only
    // for a match good enough to check.
    let score = u32::from(with_matcher(|m| m.fuzzy_match(field, word))?);
    if score < n * MIN_PER_LETTER {
        return None;
    }
    let mut idx = Vec::new();
    with_matcher(|m| m.fuzzy_indices(field, word, &mut idx))?;
    let mut pos: Vec<usize> = idx.into_iter().map(|i| i as usize).collect();
    pos.sort_unstable();
    pos.dedup();
    let alnum = |i: usize| field.get(i as u32).is_alphanumeric();
    let starts_word = |i: usize| alnum(i) && (i == 0 || !alnum(i - 1));
    let close = pos
        .windows(2)
        .all(|w| w[1] - w[0] - 1 <= MAX_SKIP || starts_word(w[1]));
    close.then_some((pos, score))
}

/// How good a fuzzy match of `word` in `field` is, from 0 (none) to about
/// 1.5 (every letter at a word start or next to the last); both folded.
pub fn quality(word: &str, field: &str) -> f32 {
    // Most fields lack the letters in order: nucleo would say no, slower.
    if word.is_ascii() && field.is_ascii() && !in_order(word.as_bytes(), field.as_bytes()) {
        return 0.0;
    }
    let mut a = Vec::new();
    let mut b = Vec::new();
    let n = word.chars().count() as u32;
    match best(utf32(word, &mut b), utf32(field, &mut a)) {
        Some((_, score)) => score as f32 / (n * SCORE_MATCH) as f32,
        None => 0.0,
    }
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
    fn letters_are_a_superset_test() {
        let f = letters("digital health networks");
        assert_eq!(letters("dhn") & !f, 0);
        assert_ne!(letters("dhq") & !f, 0);
    }
}
