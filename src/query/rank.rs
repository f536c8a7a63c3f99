//! The order of the hits: by score, ties by name; then a closer look at
//! the best few (words typed next to each other as they stand in a field,
//! a whole field typed out).

use super::index::{Index, Tier};
use super::outcome::Hit;
use super::syntax::{Query, TermKind};

/// How many of the best hits get the closer look (adjacent words, a whole
/// field typed out) before the final order.
const RERANK: usize = 500;

/// Hits ranked best first, ties in name order: one unstable sort of
/// 64-bit keys (score above, place in name order below).
pub(super) fn rank(index: &Index, hits: Vec<Hit>) -> Vec<Hit> {
    let names = &index.derived.name_rank;
    let mut keys: Vec<u64> = hits
        .iter()
        .map(|h| (u64::from(u32::MAX - h.score) << 32) | u64::from(names[h.doc as usize]))
        .collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|k| Hit {
            doc: index.by_name[(k & u64::from(u32::MAX)) as usize],
            score: u32::MAX - (k >> 32) as u32,
        })
        .collect()
}

/// Hits ranked best first, ties kept in the order given.
fn rank_stable(hits: &mut [Hit]) {
    let mut keys: Vec<u64> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| (u64::from(u32::MAX - h.score) << 32) | i as u64)
        .collect();
    keys.sort_unstable();
    let old = hits.to_vec();
    for (slot, k) in hits.iter_mut().zip(keys) {
        *slot = old[(k & u64::from(u32::MAX)) as usize];
    }
}

/// The positive plain words of a query, folded.
pub(super) fn plain_words(query: &Query) -> Vec<&str> {
    query
        .positive()
        .filter(|t| t.kind != TermKind::Prefix)
        .map(|t| t.text.as_str())
        .collect()
}

/// Whether `words` start consecutive words of `field` (both folded).
fn adjacent(field: &str, words: &[&str]) -> bool {
    let fw: Vec<&str> = super::text::words(field).collect();
    if words.len() < 2 || fw.len() < words.len() {
        return false;
    }
    fw.windows(words.len())
        .any(|win| win.iter().zip(words).all(|(f, w)| f.starts_with(w)))
}

impl Index {
    /// The closer look at the best hits: words typed next to each other as
    /// they stand in a name, short name or tag; the whole query being a
    /// whole field.
    pub(super) fn rerank(&self, hits: &mut [Hit], query: &Query) {
        let words = plain_words(query);
        if words.is_empty() {
            return;
        }
        let joined = words.join(" ");
        let top = hits.len().min(RERANK);
        for h in hits[..top].iter_mut() {
            let d = h.doc as usize;
            let (score, tie) = (u64::from(h.score >> 3), u64::from(h.score & 7));
            let short = &self.short;
            let mut bonus = 0u64;
            for k in short.by_doc[d] as usize..short.by_doc[d + 1] as usize {
                let f = short.field(k);
                if f == joined {
                    // The whole name typed out, or a whole tag.
                    let share = if short.tier[k] == Tier::Name { 2 } else { 7 };
                    bonus = bonus.max(score / share);
                } else if adjacent(f, &words) {
                    bonus = bonus.max(score / 4);
                }
            }
            h.score = ((score + bonus) * 8 + tie).min(u64::from(u32::MAX)) as u32;
        }
        rank_stable(&mut hits[..top]);
    }
}
