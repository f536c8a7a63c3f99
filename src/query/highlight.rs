//! Which letters of a text to highlight for a query.

use super::fuzzy;
use super::syntax::{Query, TermKind};
use super::text::is_word_start;

/// Character positions of `text` to highlight for `query`: whole words and
/// word prefixes that match (one-letter words only whole), else the letters
/// of a fuzzy match.
pub fn highlight(text: &str, query: &Query) -> Vec<usize> {
    let folded: Vec<char> = text.chars().map(super::text::fold_char).collect();
    let mut marks = vec![false; folded.len()];
    for term in query.positive() {
        let w: Vec<char> = term.text.chars().collect();
        if w.is_empty() {
            continue;
        }
        let mut found = false;
        if term.kind == TermKind::Prefix {
            if folded.starts_with(&w) {
                marks[..w.len()].iter_mut().for_each(|m| *m = true);
            }
            continue;
        }
        let whole_only = w.len() == 1 || term.kind == TermKind::Exact;
        let mut i = 0;
        while i + w.len() <= folded.len() {
            let ends = i + w.len() == folded.len() || !folded[i + w.len()].is_alphanumeric();
            if is_word_start(&folded, i) && folded[i..i + w.len()] == w[..] && (ends || !whole_only)
            {
                marks[i..i + w.len()].iter_mut().for_each(|m| *m = true);
                found = true;
                i += w.len();
            } else {
                i += 1;
            }
        }
        if !found
            && term.kind == TermKind::Plain
            && w.len() >= 2
            && let Some(idx) = fuzzy::alignment(&w, &folded)
        {
            for j in idx {
                if let Some(m) = marks.get_mut(j) {
                    *m = true;
                }
            }
        }
    }
    marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.then_some(i))
        .collect()
}
