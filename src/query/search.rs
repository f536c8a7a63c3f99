//! Running a query with facet filters over an index: the ranked hits and, for
//! every value of every facet, how many hits that value would give with the
//! query and the other facets (the live counts).
//!
//! One pass visits the documents in stored order (each thread a run of
//! them), reading each word's scores, trying the fuzzy fallback where a
//! word has none, and marking the documents that match every word; the
//! facets are bitsets, so filtering and counting are word-wide operations
//! on those marks.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::derived::{self, Bits, counts, selected};
use super::fuzzy;
use super::index::Index;
use super::memo::{Memo, TermMemo};
use super::outcome::{Filters, Hit, Outcome};
use super::rank::{hits_of, merge, plain_words, rank, sort_keys};
use super::score::{SCALE, idf, quality, tier_weight};
use super::syntax::{Query, Term, TermKind};

/// Above this many documents the work is split across threads.
pub(crate) const PARALLEL_MIN_DOCS: usize = 4_000;

/// A query of at least this many words, when fewer than `PARTIAL_BELOW`
/// entries match every word, also shows the entries matching the most words
/// (more than half of them).
pub const PARTIAL_MIN_WORDS: usize = 3;

/// Partial matches are shown when fewer entries than this match every word.
pub const PARTIAL_BELOW: usize = 3;

/// A query term made ready to run: its scores and whether it may fall back
/// to fuzzy matching.
struct Prepared<'q> {
    term: &'q Term,
    memo: Arc<TermMemo>,
    fuzzy: bool,
    /// The term's letters, as `fuzzy::letters` gives them for fields.
    letters: u64,
}

/// Fuzzy match of a word against a document's short fields (see
/// `fuzzy.rs`): the score, or 0. Worked out once per word and document,
/// each distinct text once per word, and skipped where the word's last
/// keystroke (a word it starts) found no match possible.
fn fuzzy_doc(index: &Index, doc: usize, t: &Prepared<'_>) -> u16 {
    t.memo
        .doc_fuzzy(doc, || fuzzy_score(index, doc, t, fuzzy_base(index)))
}

/// A fuzzy match's score before its quality and field weight. (Any match
/// scores above 0: its quality is at least 1, its field weight 1.5.)
fn fuzzy_base(index: &Index) -> f32 {
    quality::FUZZY * 0.5 * idf(1, index.len().max(1)) * SCALE
}

/// `fuzzy_doc` worked out: the best field's quality times its weight.
fn fuzzy_score(index: &Index, doc: usize, t: &Prepared<'_>, base: f32) -> u16 {
    if t.memo.dead(doc) {
        return 0;
    }
    let short = &index.short;
    let distinct: &derived::Distinct = &index.derived.distinct;
    let mut best: f32 = 0.0;
    let mut possible = false;
    for k in short.by_doc[doc] as usize..short.by_doc[doc + 1] as usize {
        // Every letter of the word must be in the field.
        if t.letters & !short.letters[k] != 0 {
            continue;
        }
        let u = distinct.of_field[k] as usize;
        let Some(q) = t
            .memo
            .fuzzy(u, || fuzzy::try_quality(&t.term.text, distinct.get(u)))
        else {
            continue;
        };
        possible = true;
        if q > 0.0 {
            best = best.max(q * tier_weight(short.tier[k]));
        }
    }
    if !possible {
        t.memo.kill(doc);
    }
    (best * base).min(f32::from(u16::MAX)) as u16
}

/// What one pass over the documents needs besides the documents.
struct Pass<'a> {
    index: &'a Index,
    terms: &'a [Prepared<'a>],
    allow: Option<&'a (dyn Fn(usize) -> bool + Sync)>,
    /// For each selected facet, the documents that pass it.
    active: Vec<Bits>,
    /// Positive words a document must match (fewer for partial matches).
    need: usize,
    positive: usize,
    /// For each plain word (positive, not `^`), the distinct short field
    /// texts that contain it: for the ties (how much of the name they cover).
    words: Vec<&'a Bits>,
    letters: usize,
    /// Spare buffers for the hits' sort keys, kept between keystrokes.
    memo: &'a Memo,
}

/// What a pass gives: the hits matching every word (only when `need` is
/// every word) as sorted keys (`rank::sorted_keys`: each thread sorts its
/// own, then they are merged), partial hits with how many words each
/// matched, and which documents match every word (for the counts).
struct Found {
    hits: Vec<u64>,
    partial: Vec<(Hit, usize)>,
    matched: Bits,
}

impl Pass<'_> {
    /// The score of a document for the whole query and how many of its
    /// positive words match, or None when a word it must not have is
    /// there, or fewer than `need` positive words match.
    fn doc_score(&self, d: usize) -> Option<(u32, usize)> {
        let mut total = 0u32;
        let mut matched = 0;
        let mut missing = 0;
        for t in self.terms {
            let s = t.memo.scores[d];
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
        if matched + missing < self.need {
            return None;
        }
        if missing > 0 {
            // How many of the fuzzy tries may fail with `need` still met.
            let mut spare = matched + missing - self.need;
            for t in self
                .terms
                .iter()
                .filter(|t| !t.term.negated && t.memo.scores[d] == 0 && t.fuzzy)
            {
                match fuzzy_doc(self.index, d, t) {
                    0 if spare == 0 => return None,
                    0 => spare -= 1,
                    s => {
                        total += u32::from(s);
                        matched += 1;
                    }
                }
            }
        }
        for t in self
            .terms
            .iter()
            .filter(|t| t.term.negated && t.fuzzy && t.memo.scores[d] == 0)
        {
            if fuzzy_doc(self.index, d, t) > 0 {
                return None;
            }
        }
        Some((total, matched))
    }

    /// The documents `first..first + 64 * matched.len()` (the last run may
    /// end sooner): the sort keys of hits matching every word go to `keys`
    /// (unsorted), partial hits to `partial`, and which documents match
    /// every word (for the counts) to `matched`. This is the hot loop of a
    /// keystroke: it visits every document, in stored order so that each
    /// word's scores, the short fields and the facet bitsets are read
    /// front to back.
    fn docs(
        &self,
        first: usize,
        matched: &mut [u64],
        keys: &mut Vec<u64>,
        partial: &mut Vec<(Hit, usize)>,
    ) {
        let end = (first + 64 * matched.len()).min(self.index.len());
        for d in first..end {
            if self.allow.is_some_and(|a| !a(d)) {
                continue;
            }
            let failed = self
                .active
                .iter()
                .filter(|pass| !derived::has(pass, d))
                .count();
            if failed > 1 {
                continue;
            }
            let Some((score, words)) = self.doc_score(d) else {
                continue;
            };
            if words < self.positive {
                if failed == 0 {
                    partial.push((self.hit(d, score), words));
                }
                continue;
            }
            derived::set(matched, d - first);
            if failed == 0 {
                keys.push(self.key(d, score));
            }
        }
    }

    /// One thread's share of a pass: runs of documents taken in turn from
    /// `next` until none is left (so a thread the machine runs late takes
    /// fewer), its hits' keys sorted in `keys`.
    fn share(
        &self,
        next: &AtomicUsize,
        matched: &[AtomicU64],
        keys: &mut Vec<u64>,
        spare: &mut Vec<u64>,
    ) -> Vec<(Hit, usize)> {
        let words = matched.len();
        let mut partial = Vec::new();
        let mut run = Vec::with_capacity(RUN_WORDS);
        keys.clear();
        loop {
            let w = next.fetch_add(1, Ordering::Relaxed) * RUN_WORDS;
            if w >= words {
                break;
            }
            run.clear();
            run.resize(RUN_WORDS.min(words - w), 0);
            self.docs(w * 64, &mut run, keys, &mut partial);
            for (slot, &bits) in matched[w..].iter().zip(&run) {
                slot.store(bits, Ordering::Relaxed);
            }
        }
        sort_keys(keys, spare);
        partial
    }

    fn hit(&self, d: usize, score: u32) -> Hit {
        Hit {
            doc: d as u32,
            score: score.saturating_mul(8).saturating_add(self.tie(d)),
        }
    }

    /// Eight steps of tie-breaking below every unit of relevance: active
    /// before closed or merged, then how much of the name the query covers
    /// (when the name has the query's words). Nothing for an empty query,
    /// whose order is the name order.
    fn tie(&self, d: usize) -> u32 {
        if self.words.is_empty() {
            return 0;
        }
        let derived = &self.index.derived;
        let active = !derived::has(&derived.closed, d);
        // Whether the name contains each word is known for its distinct text.
        let distinct: &derived::Distinct = &derived.distinct;
        let cover = match distinct.name_text.get(d) {
            Some(&u) if u != derived::NO_TEXT => {
                let u = u as usize;
                let len = (distinct.start[u + 1] - distinct.start[u]) as usize - 1;
                if len > 0 && self.words.iter().all(|w| derived::has(w, u)) {
                    (4 * self.letters.min(len) / len).min(3) as u32
                } else {
                    0
                }
            }
            _ => 0,
        };
        if active { 4 + cover } else { cover }
    }

    /// The sort key of a hit (`rank::sorted_keys`).
    fn key(&self, d: usize, score: u32) -> u64 {
        let score = score.saturating_mul(8).saturating_add(self.tie(d));
        (u64::from(u32::MAX - score) << 32) | u64::from(self.index.derived.name_rank[d])
    }

    /// Every document, on several threads for a large index.
    fn run(&self) -> Found {
        let n = self.index.len();
        let words = n.div_ceil(64);
        let threads = if n >= PARALLEL_MIN_DOCS { cores() } else { 1 };
        let next = AtomicUsize::new(0);
        let matched: Vec<AtomicU64> = (0..words).map(|_| AtomicU64::new(0)).collect();
        let mut buffers: Vec<(Vec<u64>, Vec<u64>)> = (0..threads)
            .map(|_| (self.memo.buffer(), self.memo.buffer()))
            .collect();
        // This thread takes a share too, beside one thread per other core.
        let (next, matched_ref) = (&next, &matched);
        let partial: Vec<Vec<(Hit, usize)>> = std::thread::scope(|s| {
            let (here, others) = buffers.split_at_mut(1);
            let handles: Vec<_> = others
                .iter_mut()
                .map(|(keys, spare)| s.spawn(move || self.share(next, matched_ref, keys, spare)))
                .collect();
            let mut partial = Vec::with_capacity(threads);
            if let Some((keys, spare)) = here.first_mut() {
                partial.push(self.share(next, matched_ref, keys, spare));
            }
            partial.extend(
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))),
            );
            partial
        });
        let mut sorted = Vec::with_capacity(threads);
        let mut spare = Vec::with_capacity(threads + 1);
        for (keys, other) in buffers {
            sorted.push(keys);
            spare.push(other);
        }
        let hits = merge(sorted, &mut spare);
        for b in spare {
            self.memo.give(b);
        }
        Found {
            hits,
            // In no particular order: they are ranked by their keys, which
            // are all different.
            partial: partial.into_iter().flatten().collect(),
            matched: matched.into_iter().map(AtomicU64::into_inner).collect(),
        }
    }
}

/// Documents in a run a thread takes at a time, in 64s: 1,024.
const RUN_WORDS: usize = 16;

/// How many threads a pass may use: the cores there are (asked once:
/// the answer reads files under /proc and /sys), at most 8.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .clamp(1, 8)
    })
}

impl Index {
    /// Run `query` with `filters`; `allow` narrows the documents considered
    /// (for example to bookmarked networks). Nothing is kept for the next
    /// search: see `search_with`.
    pub fn search(
        &self,
        query: &Query,
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    ) -> Outcome {
        self.search_with(&Memo::new(), query, filters, allow)
    }

    /// `search`, keeping each word's work in `memo` for the next searches
    /// of this index (the next keystrokes).
    pub fn search_with(
        &self,
        memo: &Memo,
        query: &Query,
        filters: &Filters,
        allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
    ) -> Outcome {
        let terms: Vec<Prepared<'_>> = query
            .terms
            .iter()
            .map(|t| Prepared {
                term: t,
                memo: memo.term(self, t),
                fuzzy: t.kind == TermKind::Plain && t.text.chars().count() >= 2,
                letters: fuzzy::letters(&t.text),
            })
            .collect();
        let active = selected(self, filters);
        let words = plain_words(query);
        let positive = terms.iter().filter(|t| !t.term.negated).count();
        let mut pass = Pass {
            index: self,
            terms: &terms,
            allow,
            active: active.iter().map(|(_, p)| p.clone()).collect(),
            need: positive,
            positive,
            words: terms
                .iter()
                .filter(|t| !t.term.negated && t.term.kind != TermKind::Prefix)
                .map(|t| &t.memo.contains)
                .collect(),
            letters: words.iter().map(|w| w.len()).sum(),
            memo,
        };
        // First the entries matching every word; only when there are too
        // few, a second pass for those matching most of them (more than
        // half the words, and two at least).
        let found = pass.run();
        let counts = counts(self, &found.matched, &active);
        let mut hits = hits_of(self, &found.hits);
        memo.give(found.hits);
        self.rerank(&mut hits, query);
        let full = hits.len();
        let mut partial_words = 0;
        if full < PARTIAL_BELOW && positive >= PARTIAL_MIN_WORDS {
            pass.need = (positive / 2 + 1).max(2);
            let partial = pass.run().partial;
            partial_words = partial.iter().map(|p| p.1).max().unwrap_or(0);
            let more = partial
                .into_iter()
                .filter(|p| p.1 == partial_words)
                .map(|p| p.0)
                .collect();
            let mut more = rank(self, more);
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
            if t.memo.scores.iter().any(|&s| s > 0) {
                continue;
            }
            if t.fuzzy && (0..self.len()).any(|d| fuzzy_doc(self, d, t) > 0) {
                continue;
            }
            // A suggestion for a word of three letters or more, from words
            // of three letters or more ("q" is not a typo of "3").
            let suggestion = (t.term.text.chars().count() >= 3)
                .then(|| {
                    crate::text::suggest::did_you_mean(
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
