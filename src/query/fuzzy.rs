//! Fuzzy matching of a query word against a short field (a name, short name
//! or tag): the word split into pieces, each the start of a later word of
//! the field. "dhn" matches Digital Health Networks, "clincod" Clinical
//! Coding and "nhsd" NHS Digital; "carers" does not match "careers" and
//! "data" does not match d…a…t…a scattered inside words. (A word found
//! whole inside a field is the substring rule's business, not this one.)
//!
//! This is a search for any such split, not a scoring matcher's best
//! alignment (skim, which hinet used first, picked one alignment, and that
//! one could break the rule while another kept it). It goes word by word,
//! prefers longer pieces, and never tries a (letter, word) pair twice.

struct Search<'a, T> {
    word: &'a [T],
    field: &'a [T],
    /// Where each word of the field starts.
    starts: &'a [usize],
    /// For each position in the query word, the smallest field word from
    /// which the rest is known not to match.
    fails_from: Vec<usize>,
    path: Vec<(usize, usize)>,
}

impl<T: PartialEq + Copy> Search<'_, T> {
    fn rest(&mut self, wi: usize, from: usize) -> bool {
        if wi == self.word.len() {
            return true;
        }
        if from >= self.fails_from[wi] {
            return false;
        }
        for j in from..self.starts.len() {
            let p = self.starts[j];
            let longest = self.word[wi..]
                .iter()
                .zip(&self.field[p..])
                .take_while(|(a, b)| a == b)
                .count();
            for len in (1..=longest).rev() {
                if self.rest(wi + len, j + 1) {
                    self.path.push((p, len));
                    return true;
                }
            }
        }
        self.fails_from[wi] = self.fails_from[wi].min(from);
        false
    }
}

fn search<T: PartialEq + Copy>(
    word: &[T],
    field: &[T],
    is_start: impl Fn(usize) -> bool,
) -> Option<Vec<usize>> {
    if word.is_empty() || word.len() > field.len() {
        return None;
    }
    let starts: Vec<usize> = (0..field.len()).filter(|&p| is_start(p)).collect();
    let mut s = Search {
        word,
        field,
        starts: &starts,
        fails_from: vec![usize::MAX; word.len()],
        path: Vec::new(),
    };
    if !s.rest(0, 0) {
        return None;
    }
    let mut positions: Vec<usize> = s.path.iter().flat_map(|&(p, len)| p..p + len).collect();
    positions.sort_unstable();
    Some(positions)
}

/// Whether `word` matches `field` (both folded).
pub fn matches(word: &str, field: &str) -> bool {
    if word.is_ascii() && field.is_ascii() {
        let f = field.as_bytes();
        let starts = |p: usize| {
            f[p].is_ascii_alphanumeric() && (p == 0 || !f[p - 1].is_ascii_alphanumeric())
        };
        return search(word.as_bytes(), f, starts).is_some();
    }
    let w: Vec<char> = word.chars().collect();
    let f: Vec<char> = field.chars().collect();
    let starts = |p: usize| f[p].is_alphanumeric() && (p == 0 || !f[p - 1].is_alphanumeric());
    search(&w, &f, starts).is_some()
}

/// The character positions of `field` that an alignment of `word` uses,
/// or `None` when there is none (both folded, as characters).
pub fn alignment(word: &[char], field: &[char]) -> Option<Vec<usize>> {
    let starts =
        |p: usize| field[p].is_alphanumeric() && (p == 0 || !field[p - 1].is_alphanumeric());
    search(word, field, starts)
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
    fn pieces_start_words() {
        assert!(matches("dhn", "digital health networks"));
        assert!(matches("clincod", "clinical coding community"));
        assert!(matches("ukphr", "uk public health register"));
        assert!(matches("nhsd", "nhs digital"));
        assert!(matches("dat", "data analytics"));
        // Letters inside words are not a match.
        assert!(!matches("carers", "nhs careers service"));
        assert!(!matches("data", "diabetes cat"));
        assert!(!matches("inmat", "informatics network"));
        // In order, each piece from a later word.
        assert!(!matches("hd", "digital health"));
        assert!(!matches("dd", "digital health"));
        assert!(matches("dd", "digital data"));
    }

    #[test]
    fn any_split_counts_not_just_the_first_one_tried() {
        // The longest first piece "da" of "data" leaves "n", found in
        // "network"; "dan" also works as "d" + "an" of "analytics".
        assert!(matches("dan", "data analytics network"));
        // "netw" + "o" fails ("o" starts no later word), "net" + "wo" works.
        assert!(matches("netwo", "network workforce"));
    }

    #[test]
    fn alignment_gives_the_letters_used() {
        let f: Vec<char> = "digital health networks".chars().collect();
        let w: Vec<char> = "dhn".chars().collect();
        assert_eq!(alignment(&w, &f), Some(vec![0, 8, 15]));
        let w: Vec<char> = "dihe".chars().collect();
        assert_eq!(alignment(&w, &f), Some(vec![0, 1, 8, 9]));
        let f: Vec<char> = "café données".chars().collect();
        let w: Vec<char> = "cd".chars().collect();
        assert_eq!(alignment(&w, &f), Some(vec![0, 5]));
        assert!(matches("cd", "café données"));
    }

    #[test]
    fn a_long_hostile_field_stays_fast() {
        // Many words that could take every piece: the failure memo keeps
        // this polynomial instead of exponential.
        let field = "a ".repeat(1_000);
        let word = format!("{}b", "a".repeat(40));
        assert!(!matches(&word, &field));
        let field = "aaaa ".repeat(400);
        let word = format!("{}b", "a".repeat(60));
        assert!(!matches(&word, &field));
    }

    #[test]
    fn letters_are_a_superset_test() {
        let f = letters("digital health networks");
        assert_eq!(letters("dhn") & !f, 0);
        assert_ne!(letters("dhq") & !f, 0);
    }
}
