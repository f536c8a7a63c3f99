//! How well one query word matches each document: the dictionary words it
//! matches (whole, by prefix, by stem, or with a typo when nothing else
//! does) weighted by rarity and field (BM25F-style), and substrings of the
//! short fields. The fuzzy fallback is in `search.rs`.

use super::derived;
use super::index::{Index, Tier, mask};
use super::search::PARALLEL_MIN_DOCS;
use super::syntax::{Term, TermKind};

/// Shortest word that may match with one typo.
pub const TYPO_MIN_LEN: usize = 5;

/// Shortest word that may match with two typos.
pub const TYPO2_MIN_LEN: usize = 8;

/// Shortest word that is also matched by its stem ("registered" finds
/// "registration", "libraries" finds "library").
pub const STEM_MIN_LEN: usize = 4;

/// How well a query word matches a dictionary word, from 0 to 1.
pub(crate) mod quality {
    pub const WHOLE: f32 = 1.0;
    pub const STEM: f32 = 0.7;
    pub const TYPO: f32 = 0.6;
    pub const TYPO2: f32 = 0.45;
    pub const SUBSTRING: f32 = 0.45;
    /// Times nucleo's score per letter over 16 (about 1.2 to 1.6).
    pub const FUZZY: f32 = 0.3;

    /// A prefix: more of the word typed is a better match.
    pub fn prefix(typed: usize, word: usize) -> f32 {
        0.5 + 0.4 * typed as f32 / word.max(1) as f32
    }
}

/// Scores are kept as integers: this many per unit.
pub(crate) const SCALE: f32 = 100.0;

/// How rare a word is: an inverse document frequency, the gentler form of
/// Lucene's classic similarity (1 + ln(N / (df + 1))), so that rarity
/// orders matches of the same kind without a rare word in a tag beating
/// the query's very word in a name.
pub(crate) fn idf(df: usize, n: usize) -> f32 {
    let (df, n) = (df as f32, n as f32);
    (1.0 + (n / (df + 1.0)).ln()).max(0.1)
}

/// How much a field counts (BM25F-style field weights): the name most,
/// then short names and tags, then labels and titles, then long text; a
/// name or short name typed out whole most of all.
fn field_weight(m: u8, whole: bool) -> f32 {
    let mut w: f32 = 0.0;
    for (bit, weight) in [
        (mask::NAME, 3.0),
        (mask::ALIAS, 2.5),
        (mask::LABEL, 1.5),
        (mask::LONG, 1.0),
    ] {
        if m & bit != 0 {
            w = w.max(weight);
        }
    }
    if whole {
        if m & mask::WHOLE_NAME != 0 {
            w = w.max(6.0);
        }
        if m & mask::WHOLE_ALIAS != 0 {
            w = w.max(5.0);
        }
    }
    w
}

pub(crate) fn tier_weight(tier: Tier) -> f32 {
    match tier {
        Tier::Name => 3.0,
        Tier::Alias => 2.5,
        Tier::Label => 1.5,
        Tier::Long => 1.0,
    }
}

fn stemmer() -> &'static rust_stemmers::Stemmer {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    STEMMER.get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English))
}

/// The dictionary words a query word matches, with how well (see `quality`).
fn classify(index: &Index, term: &Term) -> Vec<(usize, f32)> {
    let w = term.text.as_str();
    let wlen = w.chars().count();
    let mut out: Vec<(usize, f32)> = Vec::new();
    let whole = |index: &Index| {
        index
            .dictionary
            .binary_search_by(|t| t.as_str().cmp(w))
            .ok()
            .map(|i| (i, quality::WHOLE))
    };
    match term.kind {
        TermKind::Exact => out.extend(whole(index)),
        // One letter is a word only when it is a whole word ("r", "q").
        TermKind::Plain if wlen == 1 => out.extend(whole(index)),
        TermKind::Plain => {
            for i in index.prefix_range(w) {
                let d = &index.dictionary[i];
                let q = if d == w {
                    quality::WHOLE
                } else {
                    quality::prefix(wlen, d.chars().count())
                };
                out.push((i, q));
            }
            if wlen >= STEM_MIN_LEN && w.chars().all(|c| c.is_ascii_lowercase()) {
                stem_forms(index, w, &mut out);
            }
        }
        TermKind::Prefix => {}
    }
    // Typos are forgiven only when the word itself is nowhere to be found.
    if out.is_empty() && term.kind == TermKind::Plain && wlen >= TYPO_MIN_LEN {
        out = typos(index, w);
    }
    out
}

/// Other forms of `w` in the dictionary, by its (Snowball) stem.
fn stem_forms(index: &Index, w: &str, out: &mut Vec<(usize, f32)>) {
    let stem = stemmer().stem(w);
    let mut stems = vec![stem.to_string()];
    if let Some(base) = stem.strip_suffix('i') {
        stems.push(format!("{base}y"));
    }
    for s in stems {
        // "code" is also the stem of "coding": look from before a final e.
        let from = s.strip_suffix('e').unwrap_or(&s);
        if s.len() < STEM_MIN_LEN || (s == w && from.len() == s.len()) {
            continue;
        }
        let seen = out.len();
        for i in index.prefix_range(from) {
            let d = &index.dictionary[i];
            // The same word in another form: letters only, and its own
            // stem starts with the query's.
            if out[..seen].iter().any(|(j, _)| *j == i)
                || !d.chars().all(|c| c.is_ascii_lowercase())
                || !stemmer().stem(d).starts_with(s.as_str())
            {
                continue;
            }
            out.push((i, quality::STEM));
        }
    }
}

/// Dictionary words one typo away from `w` (two for long words, when no
/// word is one away).
fn typos(index: &Index, w: &str) -> Vec<(usize, f32)> {
    let mut out = Vec::new();
    let wchars: Vec<char> = w.chars().collect();
    let mut tchars: Vec<char> = Vec::new();
    let first = wchars[0];
    for (i, t) in index.dictionary.iter().enumerate() {
        // One typo keeps the first letter, or swaps it with the second.
        let mut it = t.chars();
        let (a, b) = (it.next(), it.next());
        if a != Some(first) && b != Some(first) {
            continue;
        }
        tchars.clear();
        tchars.extend(t.chars());
        if typo_match(&wchars, &tchars) {
            out.push((i, quality::TYPO));
        }
    }
    if out.is_empty() && wchars.len() >= TYPO2_MIN_LEN {
        for (i, t) in index.dictionary.iter().enumerate() {
            let len = t.len();
            if len + 2 < wchars.len() || len > wchars.len() + 2 {
                continue;
            }
            tchars.clear();
            tchars.extend(t.chars());
            if tchars.len().abs_diff(wchars.len()) <= 2 && osa(&wchars, &tchars) <= 2 {
                out.push((i, quality::TYPO2));
            }
        }
    }
    out
}

/// Longest word whose edit distance is worked out on the stack.
const OSA_STACK: usize = 40;

/// The optimal string alignment distance (`suggest::osa`) without
/// allocating: the dictionary scan for typos calls it thousands of times.
fn osa(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || m >= OSA_STACK {
        return crate::text::suggest::osa(a, b);
    }
    // Three rows of the table: i - 2, i - 1 and i.
    let mut rows = [[0usize; OSA_STACK]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        // Row i lives in rows[i % 3].
        let (prev2, prev, cur) = ((i + 1) % 3, (i + 2) % 3, i % 3);
        rows[cur][0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = v;
        }
    }
    rows[n % 3][m]
}

/// One transposed, missing or extra letter, against the whole word or its start.
fn typo_match(w: &[char], t: &[char]) -> bool {
    let n = w.len();
    if t.len() + 1 < n || t.first() != w.first() && t.get(1) != w.first() {
        return false;
    }
    for len in [n, n.saturating_sub(1), n + 1] {
        if len == 0 || len > t.len() {
            continue;
        }
        // The whole word, or a prefix of the same length give or take one.
        if (len == t.len() || len >= n.saturating_sub(1)) && osa(w, &t[..len]) <= 1 {
            return true;
        }
    }
    false
}

/// A matched dictionary word: its id, its score before the field weight,
/// and whether it is the whole query word.
struct Matched {
    word: usize,
    base: f32,
    whole: bool,
}

/// Raise `scores` (the documents from `first` on) to what each matched word
/// gives them, through the postings.
fn scatter(
    index: &Index,
    words: &[Matched],
    tables: &[[f32; 64]; 2],
    first: usize,
    scores: &mut [u16],
) {
    let p = &index.postings;
    let end = first + scores.len();
    for m in words {
        let w = m.word;
        let table = &tables[usize::from(m.whole)];
        let list = &p.doc[p.start[w] as usize..p.start[w + 1] as usize];
        let a = list.partition_point(|&d| (d as usize) < first);
        let b = a + list[a..].partition_point(|&d| (d as usize) < end);
        let at = p.start[w] as usize;
        for (&d, &mk) in list[a..b].iter().zip(&p.mask[at + a..at + b]) {
            let s = (m.base * table[mk as usize]).min(f32::from(u16::MAX)) as u16;
            if let Some(slot) = scores.get_mut((d as usize).wrapping_sub(first))
                && s > *slot
            {
                *slot = s;
            }
        }
    }
}

/// A term's score for every document, from everything but the fuzzy
/// fallback: dictionary words (through the postings), substrings of short
/// fields, and for `^` terms the start of short fields.
/// `contains` is the set of distinct short field texts that contain the
/// word (`derived::containing`), when worked out already.
pub(crate) fn term_scores(index: &Index, term: &Term, contains: &derived::Bits) -> Vec<u16> {
    let n = index.len();
    let mut scores = vec![0u16; n];
    let p = &index.postings;
    let words: Vec<Matched> = classify(index, term)
        .into_iter()
        .map(|(w, q)| {
            let df = (p.start[w + 1] - p.start[w]) as usize;
            Matched {
                word: w,
                base: q * idf(df, n) * SCALE,
                whole: q >= quality::WHOLE && term.kind == TermKind::Plain,
            }
        })
        .collect();
    let mut tables = [[0f32; 64]; 2];
    for (m, slot) in tables[0].iter_mut().enumerate() {
        *slot = field_weight(m as u8, false);
    }
    for (m, slot) in tables[1].iter_mut().enumerate() {
        *slot = field_weight(m as u8, true);
    }
    // Each word's postings are in document order, so the documents split
    // in halves (one per thread) split every list at one point.
    if n >= PARALLEL_MIN_DOCS {
        let (low, high) = scores.split_at_mut(n / 2);
        std::thread::scope(|s| {
            s.spawn(|| scatter(index, &words, &tables, 0, low));
            scatter(index, &words, &tables, n / 2, high);
        });
    } else {
        scatter(index, &words, &tables, 0, &mut scores);
    }
    substrings(index, term, contains, &mut scores);
    scores
}

/// Raise `scores` for substrings of short fields ("dat" in "update"), and
/// for `^` terms the start of short fields: each distinct text is searched
/// once, then every field with that text counts.
fn substrings(index: &Index, term: &Term, contains: &derived::Bits, scores: &mut [u16]) {
    let (q, at_start) = match term.kind {
        TermKind::Prefix => (quality::WHOLE, true),
        TermKind::Exact => (quality::STEM, false),
        TermKind::Plain if term.text.chars().count() >= 3 => (quality::SUBSTRING, false),
        TermKind::Plain => return,
    };
    let n = index.len();
    let short = &index.short;
    let distinct: &derived::Distinct = &index.derived.distinct;
    let known = !at_start && !term.text.is_empty() && contains.len() == distinct.len().div_ceil(64);
    let mut texts: Vec<usize> = Vec::new();
    if known {
        // The texts that contain the word, found already.
        for (w, &bits) in contains.iter().enumerate() {
            let mut b = bits;
            while b != 0 {
                texts.push(w * 64 + b.trailing_zeros() as usize);
                b &= b - 1;
            }
        }
    } else {
        let mut u = 0;
        for at in memchr::memmem::find_iter(distinct.text.as_bytes(), term.text.as_bytes()) {
            // Texts are in order: move forward to the one holding `at`.
            while distinct.start[u + 1] as usize <= at {
                u += 1;
            }
            if (at_start && distinct.start[u] as usize != at) || texts.last() == Some(&u) {
                continue;
            }
            texts.push(u);
        }
    }
    // The documents found, once each, for the word's rarity.
    let mut seen = derived::bits(n);
    let mut docs = 0;
    for &u in &texts {
        for &k in distinct.fields_of(u) {
            let d = short.doc[k as usize] as usize;
            if !derived::has(&seen, d) {
                derived::set(&mut seen, d);
                docs += 1;
            }
        }
    }
    let base = q * idf(docs, n) * SCALE;
    for &u in &texts {
        for &k in distinct.fields_of(u) {
            let k = k as usize;
            let s = (base * tier_weight(short.tier[k])).min(f32::from(u16::MAX)) as u16;
            let slot = &mut scores[short.doc[k] as usize];
            if s > *slot {
                *slot = s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osa_on_the_stack_agrees_with_suggest() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "informatics",
            "infromatics",
            "informatcs",
            "clinical",
            "clincal",
            "clnicail",
            "data",
            "dtaa",
            "analyst",
            "analytics",
        ];
        for a in words {
            for b in words {
                let a: Vec<char> = a.chars().collect();
                let b: Vec<char> = b.chars().collect();
                assert_eq!(
                    osa(&a, &b),
                    crate::text::suggest::osa(&a, &b),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
