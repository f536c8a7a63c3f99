//! Running a query with facet filters over an index: the ranked hits and, for
//! every value of every facet, how many hits that value would give with the
//! query and the other facets (the live counts).

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::catalogue::suggest::osa;

use super::index::{Doc, Index, ShortField, Tier};
use super::syntax::{Query, Term, TermKind};
use super::text::is_word_start;

/// Shortest word that may match with one typo.
pub const TYPO_MIN_LEN: usize = 5;

/// Added when a word is a whole short field (`fedip` is FEDIP's short name).
const WHOLE_FIELD_BONUS: u32 = 5;

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

    fn facet_active(&self, f: usize) -> bool {
        self.selected.get(f).is_some_and(|v| v.iter().any(|x| *x))
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

/// What a query word makes of each dictionary word: 0 no match, 2 typo,
/// 3 prefix; +1 when it is the whole word.
struct TermClasses {
    classes: Vec<u8>,
}

fn classify(index: &Index, term: &Term) -> TermClasses {
    let w = term.text.as_str();
    let mut any = false;
    let mut classes: Vec<u8> = index
        .dictionary
        .iter()
        .map(|t| {
            let c = if t == w {
                4
            } else if term.kind != TermKind::Exact && t.starts_with(w) {
                3
            } else {
                0
            };
            any |= c > 0;
            c
        })
        .collect();
    // Typos are forgiven only when the word itself is nowhere to be found.
    let wchars: Vec<char> = w.chars().collect();
    if !any && term.kind == TermKind::Plain && wchars.len() >= TYPO_MIN_LEN {
        let mut tchars: Vec<char> = Vec::new();
        for (c, t) in classes.iter_mut().zip(&index.dictionary) {
            tchars.clear();
            tchars.extend(t.chars());
            if typo_match(&wchars, &tchars) {
                *c = 2;
            }
        }
    }
    TermClasses { classes }
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

fn best_class(words: &[u32], classes: &TermClasses) -> u8 {
    let mut best = 0;
    for &w in words {
        let c = classes.classes[w as usize];
        if c > best {
            best = c;
            if best == 4 {
                break;
            }
        }
    }
    best
}

fn score_of(class: u8, tier: Tier) -> u32 {
    // class 4 = whole word (prefix class plus one); class 1 = fuzzy.
    let (base, exact) = if class == 4 { (3, 1) } else { (class, 0) };
    u32::from(base) * 10 + (tier as u32) * 2 + exact
}

/// Fuzzy match of a word against a short field, accepted only when the matched
/// letters form runs that each start a word or are at least three long (so no
/// scattered letters).
fn fuzzy_field(matcher: &SkimMatcherV2, field: &ShortField, w: &str) -> bool {
    if w.chars().count() < 2 || !is_subsequence(w, &field.text) {
        return false;
    }
    let Some((_, idx)) = matcher.fuzzy_indices(&field.text, w) else {
        return false;
    };
    runs_are_meaningful(&field.chars, &idx)
}

/// True when every run of matched letters starts a word or is at least three
/// long: "dhn" in Digital Health Networks, not d…a…t…a scattered anywhere.
fn runs_are_meaningful(chars: &[char], idx: &[usize]) -> bool {
    let mut i = 0;
    while i < idx.len() {
        let start = idx[i];
        let mut j = i;
        while j + 1 < idx.len() && idx[j + 1] == idx[j] + 1 {
            j += 1;
        }
        if start >= chars.len() || !(is_word_start(chars, start) || j - i + 1 >= 3) {
            return false;
        }
        i = j + 1;
    }
    true
}

fn is_subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle.chars().all(|c| it.any(|h| h == c))
}

/// The score of one term against one document, or None when it does not match.
fn term_score(
    doc: &Doc,
    term: &Term,
    classes: &TermClasses,
    matcher: &SkimMatcherV2,
) -> Option<u32> {
    let mut best: Option<u32> = None;
    fn take(best: &mut Option<u32>, s: u32) {
        if best.is_none_or(|b| s > b) {
            *best = Some(s);
        }
    }
    for f in &doc.short {
        match term.kind {
            TermKind::Prefix => {
                if f.text.starts_with(&term.text) {
                    take(&mut best, score_of(4, f.tier));
                }
                continue;
            }
            TermKind::Exact => {
                let c = best_class(&f.words, classes);
                if c > 0 {
                    take(&mut best, score_of(c, f.tier));
                } else if f.text.contains(&term.text) {
                    take(&mut best, score_of(3, f.tier));
                }
                continue;
            }
            TermKind::Plain => {}
        }
        let c = best_class(&f.words, classes);
        if f.primary && f.text == term.text {
            // The whole name or short name, typed out: the strongest signal.
            take(&mut best, score_of(4, f.tier) + WHOLE_FIELD_BONUS);
        } else if c > 0 {
            take(&mut best, score_of(c, f.tier));
        } else if f.text.contains(&term.text) && term.text.chars().count() >= 3 {
            take(&mut best, score_of(2, f.tier));
        } else if best.is_none() && fuzzy_field(matcher, f, &term.text) {
            take(&mut best, score_of(1, f.tier));
        }
    }
    if term.kind == TermKind::Prefix {
        return best;
    }
    // Labels and long text only matter when they beat what the names gave.
    if best.is_none_or(|b| b < score_of(4, Tier::Label)) {
        let c = best_class(&doc.labels, classes);
        if c > 0 {
            take(&mut best, score_of(c, Tier::Label));
        }
    }
    if best.is_none_or(|b| b < score_of(4, Tier::Long)) {
        let c = best_class(&doc.long, classes);
        if c > 0 {
            take(&mut best, score_of(c, Tier::Long));
        }
    }
    best
}

/// A query made ready to run against one index.
struct Prepared<'q> {
    terms: Vec<(&'q Term, TermClasses)>,
}

fn doc_score(doc: &Doc, p: &Prepared<'_>, matcher: &SkimMatcherV2) -> Option<u32> {
    let mut total = 0;
    for (term, classes) in &p.terms {
        let s = term_score(doc, term, classes, matcher);
        if term.negated {
            if s.is_some() {
                return None;
            }
        } else {
            total += s?;
        }
    }
    Some(total)
}

/// Which facets a document fails: bit f set when facet f is active and the
/// document has none of its selected values.
fn failed_facets(doc: &Doc, filters: &Filters) -> u64 {
    let mut failed = 0u64;
    for (f, sel) in filters.selected.iter().enumerate() {
        if !filters.facet_active(f) {
            continue;
        }
        let ok = doc.facets[f]
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

fn run_range(
    index: &Index,
    range: std::ops::Range<usize>,
    p: &Prepared<'_>,
    filters: &Filters,
    allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
) -> Partial {
    let matcher = SkimMatcherV2::default();
    let mut counts: Vec<Vec<u32>> = index
        .facets
        .iter()
        .map(|f| vec![0; f.values.len()])
        .collect();
    let mut hits = Vec::new();
    for i in range {
        if allow.is_some_and(|a| !a(i)) {
            continue;
        }
        let doc = &index.docs[i];
        let Some(score) = doc_score(doc, p, &matcher) else {
            continue;
        };
        let failed = failed_facets(doc, filters);
        if failed == 0 {
            hits.push(Hit {
                doc: i as u32,
                score,
            });
            for (f, vals) in doc.facets.iter().enumerate() {
                for &v in vals {
                    counts[f][v as usize] += 1;
                }
            }
        } else if failed.count_ones() == 1 {
            let f = failed.trailing_zeros() as usize;
            for &v in &doc.facets[f] {
                counts[f][v as usize] += 1;
            }
        }
    }
    Partial { hits, counts }
}

impl Index {
    /// Run `query` with `filters`; `allow` narrows the documents considered
    /// (for example to bookmarked networks).
    pub fn search(
        &self,
        query: &Query,
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    ) -> Outcome {
        let p = Prepared {
            terms: query.terms.iter().map(|t| (t, classify(self, t))).collect(),
        };
        let n = self.docs.len();
        let parts: Vec<Partial> = if n >= PARALLEL_MIN_DOCS {
            let threads = std::thread::available_parallelism()
                .map_or(1, |t| t.get())
                .clamp(1, 8);
            let chunk = n.div_ceil(threads);
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let range = (t * chunk).min(n)..((t + 1) * chunk).min(n);
                        let p = &p;
                        s.spawn(move || run_range(self, range, p, filters, allow))
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        } else {
            vec![run_range(self, 0..n, &p, filters, allow)]
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
        hits.sort_unstable_by(|a, b| {
            b.score.cmp(&a.score).then(
                self.docs[a.doc as usize]
                    .name_rank
                    .cmp(&self.docs[b.doc as usize].name_rank),
            )
        });
        Outcome { hits, counts }
    }
}

/// Character positions of `text` to highlight for `query`: whole words and
/// word prefixes that match, else the letters of a fuzzy match.
pub fn highlight(text: &str, query: &Query) -> Vec<usize> {
    let folded: Vec<char> = text.chars().map(super::text::fold_char).collect();
    let folded_s: String = folded.iter().collect();
    let matcher = SkimMatcherV2::default();
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
            && let Some((_, idx)) = matcher.fuzzy_indices(&folded_s, &term.text)
            && runs_are_meaningful(&folded, &idx)
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
