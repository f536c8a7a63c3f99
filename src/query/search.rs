//! Running a query with facet filters over an index: the ranked hits and, for
//! every value of every facet, how many hits that value would give with the
//! query and the other facets (the live counts).

use crate::catalogue::suggest::osa;

use std::sync::Arc;

use super::fuzzy;
use super::index::{Index, Tier, mask};
use super::syntax::{Query, Term, TermKind};
use super::text::is_word_start;

/// Shortest word that may match with one typo.
pub const TYPO_MIN_LEN: usize = 5;

/// Added when a word is a whole short field (`fedip` is FEDIP's short name).
const WHOLE_FIELD_BONUS: u8 = 5;

/// Above this many documents the work is split across threads.
const PARALLEL_MIN_DOCS: usize = 4_000;

/// The selected values of each facet: OR within a facet, AND across facets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub selected: Vec<Vec<bool>>,
}

impl Filters {
    pub fn new(index: &Index) -> Filters {
        Filters {
            selected: index
                .facets
                .iter()
                .map(|f| vec![false; f.values.len()])
                .collect(),
        }
    }

    pub fn toggle(&mut self, facet: usize, value: usize) {
        if let Some(v) = self.selected.get_mut(facet).and_then(|f| f.get_mut(value)) {
            *v = !*v;
        }
    }

    pub fn set(&mut self, facet: usize, value: usize, on: bool) {
        if let Some(v) = self.selected.get_mut(facet).and_then(|f| f.get_mut(value)) {
            *v = on;
        }
    }

    pub fn is_selected(&self, facet: usize, value: usize) -> bool {
        self.selected
            .get(facet)
            .and_then(|f| f.get(value))
            .copied()
            .unwrap_or(false)
    }

    pub fn clear(&mut self) {
        for f in &mut self.selected {
            f.iter_mut().for_each(|v| *v = false);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.selected.iter().all(|f| f.iter().all(|v| !v))
    }

    /// The selected (facet, value) pairs, in facet order.
    pub fn active(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (f, vals) in self.selected.iter().enumerate() {
            for (v, on) in vals.iter().enumerate() {
                if *on {
                    out.push((f, v));
                }
            }
        }
        out
    }
}

/// One result: a document and its score (higher is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
}

/// The answer to a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Ranked best first; ties by name.
    pub hits: Vec<Hit>,
    /// counts[facet][value]: hits that value would give with the query and the other facets.
    pub counts: Vec<Vec<u32>>,
}

/// Most recent per-term results kept for the next keystrokes.
const CACHE_TERMS: usize = 32;

/// A term's scores for every document from its words, substrings and
/// prefixes (everything but the fuzzy fallback), kept between searches: while
/// the user types the second word, the first is not worked out again.
#[derive(Debug)]
pub(crate) struct CachedTerm {
    text: String,
    kind: TermKind,
    scores: Arc<Vec<u8>>,
}

/// The dictionary words a query word matches, with their class: 4 the whole
/// word, 3 a prefix, 2 one typo.
fn classify(index: &Index, term: &Term) -> Vec<(usize, u8)> {
    let w = term.text.as_str();
    let mut out = Vec::new();
    match term.kind {
        TermKind::Exact => {
            if let Ok(i) = index.dictionary.binary_search_by(|t| t.as_str().cmp(w)) {
                out.push((i, 4));
            }
        }
        TermKind::Plain => {
            for i in index.prefix_range(w) {
                out.push((i, if index.dictionary[i] == w { 4 } else { 3 }));
            }
        }
        TermKind::Prefix => {}
    }
    // Typos are forgiven only when the word itself is nowhere to be found.
    let wchars: Vec<char> = w.chars().collect();
    if out.is_empty() && term.kind == TermKind::Plain && wchars.len() >= TYPO_MIN_LEN {
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
                out.push((i, 2));
            }
        }
    }
    out
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

fn score_of(class: u8, tier: Tier) -> u8 {
    // class 4 = whole word (prefix class plus one); class 1 = fuzzy.
    let (base, exact) = if class == 4 { (3, 1) } else { (class, 0) };
    base * 10 + (tier as u8) * 2 + exact
}

/// The score of a word of class `class` for each posting mask.
fn mask_scores(class: u8, plain: bool) -> [u8; 64] {
    let mut table = [0u8; 64];
    for (m, slot) in table.iter_mut().enumerate() {
        let m = m as u8;
        let mut best = 0;
        for (bit, tier) in [
            (mask::NAME, Tier::Name),
            (mask::ALIAS, Tier::Alias),
            (mask::LABEL, Tier::Label),
            (mask::LONG, Tier::Long),
        ] {
            if m & bit != 0 {
                best = best.max(score_of(class, tier));
            }
        }
        if plain && class == 4 {
            // The whole name or short name, typed out: the strongest signal.
            if m & mask::WHOLE_NAME != 0 {
                best = best.max(score_of(4, Tier::Name) + WHOLE_FIELD_BONUS);
            }
            if m & mask::WHOLE_ALIAS != 0 {
                best = best.max(score_of(4, Tier::Alias) + WHOLE_FIELD_BONUS);
            }
        }
        *slot = best;
    }
    table
}

/// Raise `scores` (the documents from `first` on) to what each matched word
/// gives them, through the postings.
fn scatter(index: &Index, words: &[(usize, [u8; 64])], first: usize, scores: &mut [u8]) {
    let p = &index.postings;
    let end = first + scores.len();
    for (w, table) in words {
        let list = &p.doc[p.start[*w] as usize..p.start[*w + 1] as usize];
        let a = list.partition_point(|&d| (d as usize) < first);
        let b = a + list[a..].partition_point(|&d| (d as usize) < end);
        let at = p.start[*w] as usize;
        for (&d, &m) in list[a..b].iter().zip(&p.mask[at + a..at + b]) {
            let s = table[m as usize];
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
fn term_scores(index: &Index, term: &Term) -> Vec<u8> {
    let mut scores = vec![0u8; index.len()];
    let plain = term.kind == TermKind::Plain;
    let mut tables: [Option<[u8; 64]>; 5] = [None; 5];
    let words: Vec<(usize, [u8; 64])> = classify(index, term)
        .into_iter()
        .map(|(w, class)| {
            let table = *tables[class as usize].get_or_insert_with(|| mask_scores(class, plain));
            (w, table)
        })
        .collect();
    // Each word's postings are in document order, so the documents split
    // in halves (one per thread) split every list at one point.
    let n = index.len();
    if n >= PARALLEL_MIN_DOCS {
        let (low, high) = scores.split_at_mut(n / 2);
        std::thread::scope(|s| {
            s.spawn(|| scatter(index, &words, 0, low));
            scatter(index, &words, n / 2, high);
        });
    } else {
        scatter(index, &words, 0, &mut scores);
    }
    // Substrings of short fields ("dat" in "update"), and `^` prefixes.
    let (class, at_start) = match term.kind {
        TermKind::Prefix => (4, true),
        TermKind::Exact => (3, false),
        TermKind::Plain if term.text.chars().count() >= 3 => (2, false),
        TermKind::Plain => return scores,
    };
    let short = &index.short;
    let mut field = 0;
    for at in memchr::memmem::find_iter(short.text.as_bytes(), term.text.as_bytes()) {
        // Fields are in text order: move forward to the one holding `at`.
        while short.start[field + 1] as usize <= at {
            field += 1;
        }
        if at_start && short.start[field] as usize != at {
            continue;
        }
        let s = score_of(class, short.tier[field]);
        let slot = &mut scores[short.doc[field] as usize];
        if s > *slot {
            *slot = s;
        }
    }
    scores
}

/// Fuzzy match of a word against a document's short fields (see
/// `fuzzy.rs`): the score, or 0.
fn fuzzy_doc(index: &Index, doc: usize, w: &str, letters: u64) -> u8 {
    let short = &index.short;
    let mut best = 0;
    for k in short.by_doc[doc] as usize..short.by_doc[doc + 1] as usize {
        // Every letter of the word must be in the field.
        if letters & !short.letters[k] != 0 {
            continue;
        }
        if fuzzy::matches(w, short.field(k)) {
            best = best.max(score_of(1, short.tier[k]));
            if short.tier[k] == Tier::Name {
                break;
            }
        }
    }
    best
}

/// A query term made ready to run: its scores and whether it may fall back
/// to fuzzy matching.
struct Prepared<'q> {
    term: &'q Term,
    scores: Arc<Vec<u8>>,
    fuzzy: bool,
    /// The term's letters, as `fuzzy::letters` gives them for fields.
    letters: u64,
}

/// The score of a document for the whole query, or None when it does not match.
fn doc_score(index: &Index, d: usize, terms: &[Prepared<'_>]) -> Option<u32> {
    let mut total = 0u32;
    let mut need_fuzzy = false;
    for t in terms {
        let s = t.scores[d];
        if t.term.negated {
            if s > 0 {
                return None;
            }
        } else if s > 0 {
            total += u32::from(s);
        } else if t.fuzzy {
            need_fuzzy = true;
        } else {
            return None;
        }
    }
    if need_fuzzy {
        for t in terms.iter().filter(|t| !t.term.negated && t.scores[d] == 0) {
            match fuzzy_doc(index, d, &t.term.text, t.letters) {
                0 => return None,
                s => total += u32::from(s),
            }
        }
    }
    for t in terms
        .iter()
        .filter(|t| t.term.negated && t.fuzzy && t.scores[d] == 0)
    {
        if fuzzy_doc(index, d, &t.term.text, t.letters) > 0 {
            return None;
        }
    }
    Some(total)
}

/// Which facets a document fails: bit f set when facet f is active and the
/// document has none of its selected values.
fn failed_facets(index: &Index, d: usize, active: &[(usize, &[bool])]) -> u64 {
    let mut failed = 0u64;
    for &(f, sel) in active {
        let ok = index
            .doc_values(d, f)
            .iter()
            .any(|&v| sel.get(v as usize).copied().unwrap_or(false));
        if !ok {
            failed |= 1 << f;
        }
    }
    failed
}

struct Partial {
    hits: Vec<Hit>,
    counts: Vec<Vec<u32>>,
}

fn run_docs(
    index: &Index,
    docs: &[u32],
    terms: &[Prepared<'_>],
    filters: &Filters,
    allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
) -> Partial {
    let mut counts: Vec<Vec<u32>> = index
        .facets
        .iter()
        .map(|f| vec![0; f.values.len()])
        .collect();
    let active: Vec<(usize, &[bool])> = filters
        .selected
        .iter()
        .enumerate()
        .filter(|(_, sel)| sel.iter().any(|x| *x))
        .map(|(f, sel)| (f, sel.as_slice()))
        .collect();
    let nf = index.facets.len();
    let mut hits = Vec::new();
    for &d in docs {
        let d = d as usize;
        if allow.is_some_and(|a| !a(d)) {
            continue;
        }
        let failed = failed_facets(index, d, &active);
        if failed.count_ones() > 1 {
            continue;
        }
        let Some(score) = doc_score(index, d, terms) else {
            continue;
        };
        if failed == 0 {
            hits.push(Hit {
                doc: d as u32,
                score,
            });
            for (f, c) in counts.iter_mut().enumerate().take(nf) {
                for &v in index.doc_values(d, f) {
                    c[v as usize] += 1;
                }
            }
        } else {
            let f = failed.trailing_zeros() as usize;
            for &v in index.doc_values(d, f) {
                counts[f][v as usize] += 1;
            }
        }
    }
    Partial { hits, counts }
}

/// Hits in name order, ranked best first; a stable counting sort, so ties
/// stay in name order.
fn rank(hits: Vec<Hit>) -> Vec<Hit> {
    let max = hits.iter().map(|h| h.score).max().unwrap_or(0) as usize;
    if max > 1 << 16 {
        let mut hits = hits;
        hits.sort_by_key(|h| std::cmp::Reverse(h.score));
        return hits;
    }
    let mut start = vec![0usize; max + 2];
    for h in &hits {
        start[max - h.score as usize + 1] += 1;
    }
    for i in 1..start.len() {
        start[i] += start[i - 1];
    }
    let mut out = vec![Hit { doc: 0, score: 0 }; hits.len()];
    for h in hits {
        let slot = &mut start[max - h.score as usize];
        out[*slot] = h;
        *slot += 1;
    }
    out
}

impl Index {
    /// The scores of a term, from the cache when this term was worked out
    /// recently.
    fn scores_of(&self, term: &Term) -> Arc<Vec<u8>> {
        let cached = self.cache.lock().ok().and_then(|c| {
            c.entries
                .iter()
                .find(|e| e.kind == term.kind && e.text == term.text)
                .map(|e| Arc::clone(&e.scores))
        });
        if let Some(s) = cached {
            return s;
        }
        let scores = Arc::new(term_scores(self, term));
        if let Ok(mut c) = self.cache.lock() {
            if c.entries.len() >= CACHE_TERMS {
                c.entries.remove(0);
            }
            c.entries.push(CachedTerm {
                text: term.text.clone(),
                kind: term.kind,
                scores: Arc::clone(&scores),
            });
        }
        scores
    }

    /// Forget the per-term results kept between searches (benchmarks start
    /// each typed query from nothing).
    pub fn clear_cache(&self) {
        if let Ok(mut c) = self.cache.lock() {
            c.entries.clear();
        }
    }

    /// Run `query` with `filters`; `allow` narrows the documents considered
    /// (for example to bookmarked networks).
    pub fn search(
        &self,
        query: &Query,
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    ) -> Outcome {
        let terms: Vec<Prepared<'_>> = query
            .terms
            .iter()
            .map(|t| Prepared {
                term: t,
                scores: self.scores_of(t),
                fuzzy: t.kind == TermKind::Plain && t.text.chars().count() >= 2,
                letters: fuzzy::letters(&t.text),
            })
            .collect();
        let n = self.len();
        let parts: Vec<Partial> = if n >= PARALLEL_MIN_DOCS {
            let threads = std::thread::available_parallelism()
                .map_or(1, |t| t.get())
                .clamp(1, 8);
            let chunk = n.div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = self
                    .by_name
                    .chunks(chunk.max(1))
                    .map(|docs| {
                        let terms = &terms;
                        s.spawn(move || run_docs(self, docs, terms, filters, allow))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        } else {
            vec![run_docs(self, &self.by_name, &terms, filters, allow)]
        };
        let mut hits = Vec::new();
        let mut counts: Vec<Vec<u32>> = self
            .facets
            .iter()
            .map(|f| vec![0; f.values.len()])
            .collect();
        for part in parts {
            hits.extend(part.hits);
            for (f, vals) in part.counts.into_iter().enumerate() {
                for (v, c) in vals.into_iter().enumerate() {
                    counts[f][v] += c;
                }
            }
        }
        Outcome {
            hits: rank(hits),
            counts,
        }
    }
}

/// Character positions of `text` to highlight for `query`: whole words and
/// word prefixes that match, else the letters of a fuzzy match.
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
        let mut i = 0;
        while i + w.len() <= folded.len() {
            if is_word_start(&folded, i) && folded[i..i + w.len()] == w[..] {
                marks[i..i + w.len()].iter_mut().for_each(|m| *m = true);
                found = true;
                i += w.len();
            } else {
                i += 1;
            }
        }
        if !found
            && term.kind == TermKind::Plain
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
