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

/// Shortest word that may match with two typos.
pub const TYPO2_MIN_LEN: usize = 8;

/// Shortest word that is also matched by its stem ("registered" finds
/// "registration", "libraries" finds "library").
pub const STEM_MIN_LEN: usize = 4;

/// Above this many documents the work is split across threads.
const PARALLEL_MIN_DOCS: usize = 4_000;

/// A query of at least this many words, when fewer than `PARTIAL_BELOW`
/// entries match every word, also shows the entries matching the most words
/// (more than half of them).
pub const PARTIAL_MIN_WORDS: usize = 3;

/// Partial matches are shown when fewer entries than this match every word.
pub const PARTIAL_BELOW: usize = 3;

/// How many of the best hits get the closer look (adjacent words, a whole
/// field typed out) before the final order.
const RERANK: usize = 500;

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
    /// Ranked best first: first every hit that matches every word of the
    /// query (`hits[..full]`), then the partial matches (`hits[full..]`).
    pub hits: Vec<Hit>,
    /// How many hits match every word.
    pub full: usize,
    /// How many of the query's words each partial match matches.
    pub partial_words: usize,
    /// How many words the query has (that must match).
    pub words: usize,
    /// The query's words that match nothing at all, each with a "did you
    /// mean" word from the index when one is close.
    pub unmatched: Vec<(String, Option<String>)>,
    /// counts[facet][value]: hits that value would give with the query and
    /// the other facets (entries matching every word).
    pub counts: Vec<Vec<u32>>,
}

impl Outcome {
    /// Whether some hits match only some of the query's words.
    pub fn has_partial(&self) -> bool {
        self.hits.len() > self.full
    }

    /// The line above the partial matches: "matching 2 of 3 words".
    pub fn divider(&self) -> Option<String> {
        self.has_partial()
            .then(|| format!("matching {} of {} words", self.partial_words, self.words))
    }

    /// What to tell the person about words that matched nothing, with a
    /// "did you mean" where the index has a close word: `"zzz" matched
    /// nothing; "infromatics" matched nothing (did you mean "informatics"?)`.
    pub fn unmatched_note(&self) -> Option<String> {
        if self.unmatched.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .unmatched
            .iter()
            .map(|(w, s)| match s {
                Some(s) => format!("\"{w}\" matched nothing (did you mean \"{s}\"?)"),
                None => format!("\"{w}\" matched nothing"),
            })
            .collect();
        Some(parts.join("; "))
    }
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
    scores: Arc<Vec<u16>>,
}

/// How well a query word matches a dictionary word, from 0 to 1.
mod quality {
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
const SCALE: f32 = 100.0;

/// How rare a word is: an inverse document frequency, the gentler form of
/// Lucene's classic similarity (1 + ln(N / (df + 1))), so that rarity
/// orders matches of the same kind without a rare word in a tag beating
/// the query's very word in a name.
fn idf(df: usize, n: usize) -> f32 {
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

fn tier_weight(tier: Tier) -> f32 {
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
                let stem = stemmer().stem(w);
                let mut stems = vec![stem.to_string()];
                if let Some(base) = stem.strip_suffix('i') {
                    stems.push(format!("{base}y"));
                }
                for s in stems {
                    if s.len() < STEM_MIN_LEN || s == w {
                        continue;
                    }
                    let seen = out.len();
                    for i in index.prefix_range(&s) {
                        let d = &index.dictionary[i];
                        // The same word in another form: letters only, and
                        // its own stem starts with the query's.
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
fn term_scores(index: &Index, term: &Term) -> Vec<u16> {
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
    // Substrings of short fields ("dat" in "update"), and `^` prefixes.
    let (q, at_start) = match term.kind {
        TermKind::Prefix => (quality::WHOLE, true),
        TermKind::Exact => (quality::STEM, false),
        TermKind::Plain if term.text.chars().count() >= 3 => (quality::SUBSTRING, false),
        TermKind::Plain => return scores,
    };
    let short = &index.short;
    let mut field = 0;
    let mut found: Vec<(u32, Tier)> = Vec::new();
    for at in memchr::memmem::find_iter(short.text.as_bytes(), term.text.as_bytes()) {
        // Fields are in text order: move forward to the one holding `at`.
        while short.start[field + 1] as usize <= at {
            field += 1;
        }
        if at_start && short.start[field] as usize != at {
            continue;
        }
        found.push((short.doc[field], short.tier[field]));
    }
    let mut docs: Vec<u32> = found.iter().map(|f| f.0).collect();
    docs.dedup();
    let base = q * idf(docs.len(), n) * SCALE;
    for (d, tier) in found {
        let s = (base * tier_weight(tier)).min(f32::from(u16::MAX)) as u16;
        let slot = &mut scores[d as usize];
        if s > *slot {
            *slot = s;
        }
    }
    scores
}

/// Fuzzy match of a word against a document's short fields (see
/// `fuzzy.rs`): the score, or 0.
fn fuzzy_doc(index: &Index, doc: usize, w: &str, letters: u64, base: f32) -> u16 {
    let short = &index.short;
    let mut best: f32 = 0.0;
    for k in short.by_doc[doc] as usize..short.by_doc[doc + 1] as usize {
        // Every letter of the word must be in the field.
        if letters & !short.letters[k] != 0 {
            continue;
        }
        let q = fuzzy::quality(w, short.field(k));
        if q > 0.0 {
            best = best.max(q * tier_weight(short.tier[k]));
        }
    }
    (best * base).min(f32::from(u16::MAX)) as u16
}

/// A query term made ready to run: its scores and whether it may fall back
/// to fuzzy matching.
struct Prepared<'q> {
    term: &'q Term,
    scores: Arc<Vec<u16>>,
    fuzzy: bool,
    /// The term's letters, as `fuzzy::letters` gives them for fields.
    letters: u64,
    /// A fuzzy match's score before its quality and field weight.
    fuzzy_base: f32,
}

/// The score of a document for the whole query and how many of its
/// positive words match, or None when a word it must not have is there.
/// With `need` positive words matched at least, or None.
fn doc_score(index: &Index, d: usize, terms: &[Prepared<'_>], need: usize) -> Option<(u32, usize)> {
    let mut total = 0u32;
    let mut matched = 0;
    let mut missing = 0;
    for t in terms {
        let s = t.scores[d];
        if t.term.negated {
            if s > 0 {
                return None;
            }
        } else if s > 0 {
            total += u32::from(s);
            matched += 1;
        } else if t.fuzzy {
            missing += 1;
        }
    }
    if matched + missing < need {
        return None;
    }
    if missing > 0 {
        // How many of the fuzzy tries may fail with `need` still met.
        let mut spare = matched + missing - need;
        for t in terms
            .iter()
            .filter(|t| !t.term.negated && t.scores[d] == 0 && t.fuzzy)
        {
            match fuzzy_doc(index, d, &t.term.text, t.letters, t.fuzzy_base) {
                0 if spare == 0 => return None,
                0 => spare -= 1,
                s => {
                    total += u32::from(s);
                    matched += 1;
                }
            }
        }
    }
    for t in terms
        .iter()
        .filter(|t| t.term.negated && t.fuzzy && t.scores[d] == 0)
    {
        if fuzzy_doc(index, d, &t.term.text, t.letters, t.fuzzy_base) > 0 {
            return None;
        }
    }
    Some((total, matched))
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

/// What one pass over the documents gives: full hits, facet counts, and
/// partial hits with how many words each matched.
type PassResult = (Vec<Hit>, Vec<Vec<u32>>, Vec<(Hit, usize)>);

struct Partial {
    hits: Vec<Hit>,
    /// Documents matching some but not all words: (hit, words matched).
    partial: Vec<(Hit, usize)>,
    counts: Vec<Vec<u32>>,
}

fn run_docs(
    index: &Index,
    docs: &[u32],
    terms: &[Prepared<'_>],
    filters: &Filters,
    allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    partial_need: Option<usize>,
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
    let positive = terms.iter().filter(|t| !t.term.negated).count();
    let need = partial_need.unwrap_or(positive);
    let nf = index.facets.len();
    let words: Vec<&str> = terms
        .iter()
        .filter(|t| !t.term.negated && t.term.kind != TermKind::Prefix)
        .map(|t| t.term.text.as_str())
        .collect();
    let status = index.facet("status").map(|(f, _)| f);
    let scaled = |d: usize, score: u32| {
        score
            .saturating_mul(8)
            .saturating_add(index.tie(d, &words, status))
    };
    let mut hits = Vec::new();
    let mut partial = Vec::new();
    for &d in docs {
        let d = d as usize;
        if allow.is_some_and(|a| !a(d)) {
            continue;
        }
        let failed = failed_facets(index, d, &active);
        if failed.count_ones() > 1 {
            continue;
        }
        let Some((score, matched)) = doc_score(index, d, terms, need) else {
            continue;
        };
        if matched < positive {
            if failed == 0 {
                partial.push((
                    Hit {
                        doc: d as u32,
                        score: scaled(d, score),
                    },
                    matched,
                ));
            }
            continue;
        }
        if failed == 0 {
            hits.push(Hit {
                doc: d as u32,
                score: scaled(d, score),
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
    Partial {
        hits,
        partial,
        counts,
    }
}

/// Hits (in name order) ranked best first, ties kept in name order: one
/// unstable sort of 64-bit keys (score above, position below).
fn rank(hits: Vec<Hit>) -> Vec<Hit> {
    let mut keys: Vec<u64> = hits
        .iter()
        .enumerate()
        .map(|(i, h)| (u64::from(u32::MAX - h.score) << 32) | i as u64)
        .collect();
    keys.sort_unstable();
    keys.into_iter()
        .map(|k| hits[(k & u64::from(u32::MAX)) as usize])
        .collect()
}

/// The positive plain words of a query, folded.
fn plain_words(query: &Query) -> Vec<&str> {
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
    /// The scores of a term, from the cache when this term was worked out
    /// recently.
    fn scores_of(&self, term: &Term) -> Arc<Vec<u16>> {
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

    /// The closer look at the best hits: words typed next to each other as
    /// they stand in a name, short name or tag; the whole query being a
    /// whole field; then, at equal relevance, active entries before closed
    /// or merged ones and entries whose name the query covers more of.
    fn rerank(&self, hits: &mut [Hit], query: &Query) {
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
        let sorted = rank(hits[..top].to_vec());
        hits[..top].copy_from_slice(&sorted);
    }

    /// Eight steps of tie-breaking below every unit of relevance: active
    /// before closed or merged, then how much of the name the query covers
    /// (when the name has the query's words). Nothing for an empty query,
    /// whose order is the name order.
    fn tie(&self, d: usize, words: &[&str], status: Option<usize>) -> u32 {
        if words.is_empty() {
            return 0;
        }
        let active = status.is_none_or(|f| self.doc_values(d, f).first().is_none_or(|&v| v == 0));
        let letters: usize = words.iter().map(|w| w.len()).sum();
        let name = self
            .short
            .by_doc
            .get(d)
            .map(|&k| self.short.field(k as usize))
            .unwrap_or_default();
        let cover = if !name.is_empty() && words.iter().all(|w| name.contains(w)) {
            (4 * letters.min(name.len()) / name.len()).min(3) as u32
        } else {
            0
        };
        if active { 4 + cover } else { cover }
    }

    /// Every document through `run_docs`, on several threads for a large
    /// index: the full hits, the facet counts and the partial hits.
    fn run(
        &self,
        terms: &[Prepared<'_>],
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
        partial_need: Option<usize>,
    ) -> PassResult {
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
                        s.spawn(move || run_docs(self, docs, terms, filters, allow, partial_need))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        } else {
            vec![run_docs(
                self,
                &self.by_name,
                terms,
                filters,
                allow,
                partial_need,
            )]
        };
        let mut hits = Vec::new();
        let mut partial = Vec::new();
        let mut counts: Vec<Vec<u32>> = self
            .facets
            .iter()
            .map(|f| vec![0; f.values.len()])
            .collect();
        for part in parts {
            hits.extend(part.hits);
            partial.extend(part.partial);
            for (f, vals) in part.counts.into_iter().enumerate() {
                for (v, c) in vals.into_iter().enumerate() {
                    counts[f][v] += c;
                }
            }
        }
        (hits, counts, partial)
    }

    /// Run `query` with `filters`; `allow` narrows the documents considered
    /// (for example to bookmarked networks).
    pub fn search(
        &self,
        query: &Query,
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    ) -> Outcome {
        let n = self.len();
        let fuzzy_base = quality::FUZZY * 0.5 * idf(1, n.max(1)) * SCALE;
        let terms: Vec<Prepared<'_>> = query
            .terms
            .iter()
            .map(|t| Prepared {
                term: t,
                scores: self.scores_of(t),
                fuzzy: t.kind == TermKind::Plain && t.text.chars().count() >= 2,
                letters: fuzzy::letters(&t.text),
                fuzzy_base,
            })
            .collect();
        let positive = terms.iter().filter(|t| !t.term.negated).count();
        // Partial matches need more than half the words, and two at least.
        let partial_need = (positive >= PARTIAL_MIN_WORDS).then_some((positive / 2 + 1).max(2));
        // First the entries matching every word; only when there are too
        // few, a second pass for those matching most of them.
        let (hits, counts, _) = self.run(&terms, filters, allow, None);
        let partial = if hits.len() < PARTIAL_BELOW && partial_need.is_some() {
            self.run(&terms, filters, allow, partial_need).2
        } else {
            Vec::new()
        };
        let mut hits = rank(hits);
        self.rerank(&mut hits, query);
        let full = hits.len();
        let mut partial_words = 0;
        if full < PARTIAL_BELOW && !partial.is_empty() {
            partial_words = partial.iter().map(|p| p.1).max().unwrap_or(0);
            let mut more = rank(
                partial
                    .into_iter()
                    .filter(|p| p.1 == partial_words)
                    .map(|p| p.0)
                    .collect(),
            );
            self.rerank(&mut more, query);
            hits.extend(more);
        }
        let unmatched = if full == 0 {
            self.unmatched(&terms)
        } else {
            Vec::new()
        };
        Outcome {
            hits,
            full,
            partial_words,
            words: positive,
            unmatched,
            counts,
        }
    }

    /// The positive words of a query that match no document at all, each
    /// with the closest word of the index when one is close enough.
    fn unmatched(&self, terms: &[Prepared<'_>]) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for t in terms.iter().filter(|t| !t.term.negated) {
            if t.scores.iter().any(|&s| s > 0) {
                continue;
            }
            if t.fuzzy
                && (0..self.len()).any(|d| fuzzy_doc(self, d, &t.term.text, t.letters, 1.0) > 0)
            {
                continue;
            }
            // A suggestion for a word of three letters or more, from words
            // of three letters or more ("q" is not a typo of "3").
            let suggestion = (t.term.text.chars().count() >= 3)
                .then(|| {
                    crate::catalogue::suggest::did_you_mean(
                        &t.term.text,
                        self.dictionary
                            .iter()
                            .map(String::as_str)
                            .filter(|w| w.chars().count() >= 3),
                    )
                })
                .flatten()
                .map(str::to_string);
            out.push((t.term.text.clone(), suggestion));
        }
        out
    }
}

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
