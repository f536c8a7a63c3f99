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
    hits_of(index, &sorted_keys(index, &hits))
}

/// The sort keys of `hits`, best first (see `rank`).
pub(super) fn sorted_keys(index: &Index, hits: &[Hit]) -> Vec<u64> {
    let names = &index.derived.name_rank;
    let mut keys: Vec<u64> = hits
        .iter()
        .map(|h| (u64::from(u32::MAX - h.score) << 32) | u64::from(names[h.doc as usize]))
        .collect();
    sort_keys(&mut keys, &mut Vec::new());
    keys
}

/// Sort keys in place: a radix sort, byte by byte from the lowest, for
/// many keys (a prefix like "da" matches most of a large catalogue), and
/// skipping the bytes every key shares (the high bytes of the score).
/// Keys are distinct (each holds a place in name order), so any sort
/// gives the same order. `spare` is a buffer to sort through (its
/// contents do not matter; the two may trade places).
pub(super) fn sort_keys(keys: &mut Vec<u64>, spare: &mut Vec<u64>) {
    const RADIX_MIN: usize = 2_048;
    if keys.len() < RADIX_MIN {
        keys.sort_unstable();
        return;
    }
    let mut counts = [[0usize; 256]; 8];
    for &k in keys.iter() {
        for (b, c) in counts.iter_mut().enumerate() {
            c[((k >> (8 * b)) & 0xff) as usize] += 1;
        }
    }
    spare.clear();
    spare.resize(keys.len(), 0);
    for (b, c) in counts.iter().enumerate() {
        // Every key has the same byte here: nothing to do.
        if c.contains(&keys.len()) {
            continue;
        }
        let mut at = [0usize; 256];
        let mut sum = 0;
        for (slot, &n) in at.iter_mut().zip(c) {
            *slot = sum;
            sum += n;
        }
        for &k in keys.iter() {
            let digit = ((k >> (8 * b)) & 0xff) as usize;
            spare[at[digit]] = k;
            at[digit] += 1;
        }
        std::mem::swap(keys, spare);
    }
}

/// Runs of sorted keys (one per thread) as one sorted run. Buffers no
/// longer needed go to `spare`, and merged runs are written into buffers
/// taken from it.
pub(super) fn merge(mut runs: Vec<Vec<u64>>, spare: &mut Vec<Vec<u64>>) -> Vec<u64> {
    while runs.len() > 1 {
        let mut next = Vec::with_capacity(runs.len().div_ceil(2));
        let mut it = runs.into_iter();
        while let Some(a) = it.next() {
            let Some(b) = it.next() else {
                next.push(a);
                break;
            };
            let mut out = spare.pop().unwrap_or_default();
            out.clear();
            out.reserve(a.len() + b.len());
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                if a[i] <= b[j] {
                    out.push(a[i]);
                    i += 1;
                } else {
                    out.push(b[j]);
                    j += 1;
                }
            }
            out.extend_from_slice(&a[i..]);
            out.extend_from_slice(&b[j..]);
            next.push(out);
            spare.push(a);
            spare.push(b);
        }
        runs = next;
    }
    runs.pop().unwrap_or_default()
}

/// The hits that sorted keys stand for.
pub(super) fn hits_of(index: &Index, keys: &[u64]) -> Vec<Hit> {
    keys.iter()
        .map(|&k| Hit {
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
    if words.len() < 2 {
        return false;
    }
    let fw: Vec<&str> = super::text::words(field).collect();
    if fw.len() < words.len() {
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

#[cfg(test)]
mod tests {
    use super::sort_keys;

    #[test]
    fn radix_sort_agrees_with_the_standard_sort() {
        // Keys shaped like the search's (a score above, a place in name
        // order below), with some bytes shared by all and some not.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for n in [0, 1, 100, 2_047, 2_048, 5_000, 40_000] {
            let mut keys: Vec<u64> = (0..n as u64)
                .map(|i| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let score = u32::MAX - (state % 5_000) as u32;
                    (u64::from(score) << 32) | i
                })
                .collect();
            let mut want = keys.clone();
            want.sort_unstable();
            sort_keys(&mut keys, &mut vec![7; n / 3]);
            assert_eq!(keys, want, "{n} keys");
        }
    }
}
