//! What searches keep between keystrokes: each recent query word's scores
//! for every document, and its fuzzy matches against the distinct short
//! field texts worked out so far. While the second word is typed, the first
//! is not worked out again. A `Memo` belongs to whoever searches (a tab, the
//! search worker), not to the index, which stays plain data.

use std::fmt;
use std::sync::atomic::{AtomicU16, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::derived::{Bits, containing};
use super::index::Index;
use super::score::term_scores;
use super::syntax::{Term, TermKind};

/// Most recent query words kept.
const TERMS: usize = 32;

/// A fuzzy quality not yet worked out.
const UNKNOWN: u32 = u32::MAX;

/// No fuzzy match possible, for this word nor any longer word it starts
/// (`fuzzy::try_quality` gave `None`). No quality has these bits (a NaN).
const IMPOSSIBLE: u32 = u32::MAX - 1;

/// One query word as worked out for one index.
pub(crate) struct TermMemo {
    text: String,
    kind: TermKind,
    /// Its score for each document from everything but the fuzzy fallback.
    pub scores: Vec<u16>,
    /// `fuzzy::quality` of the word against each distinct short field text
    /// (as f32 bits), filled in as searches need them; `IMPOSSIBLE` where
    /// no word starting with this one can match. Empty for a word that is
    /// never matched fuzzily.
    fuzzy: Vec<AtomicU32>,
    /// The documents where no fuzzy match is possible for this word nor
    /// any longer word it starts: each short field lacks a letter of the
    /// word or is `IMPOSSIBLE`.
    dead: Vec<AtomicU64>,
    /// Each document's fuzzy score (`search::fuzzy_doc`), once worked out,
    /// and which are (while a second word is typed, the first word's
    /// fuzzy matches are read back rather than tried again).
    doc_score: Vec<AtomicU16>,
    doc_known: Vec<AtomicU64>,
    /// The distinct short field texts that contain the word as typed (for
    /// the ties: how much of a name the query covers).
    pub contains: Bits,
}

impl TermMemo {
    /// The word worked out for `index`; `earlier` is a word it starts
    /// with, searched just before (the last keystroke's), whose
    /// impossible fuzzy matches stay impossible.
    fn new(index: &Index, term: &Term, earlier: Option<&TermMemo>) -> TermMemo {
        let fuzzy_too = term.kind == TermKind::Plain && term.text.chars().count() >= 2;
        let texts = index.derived.distinct.len();
        let words = index.len().div_ceil(64);
        let earlier = earlier.filter(|e| e.fuzzy.len() == texts && e.dead.len() == words);
        let (fuzzy, dead) = match (fuzzy_too, earlier) {
            (false, _) => (Vec::new(), Vec::new()),
            (true, None) => (
                (0..texts).map(|_| AtomicU32::new(UNKNOWN)).collect(),
                (0..words).map(|_| AtomicU64::new(0)).collect(),
            ),
            (true, Some(e)) => (
                e.fuzzy
                    .iter()
                    .map(|q| match q.load(Ordering::Relaxed) {
                        IMPOSSIBLE => AtomicU32::new(IMPOSSIBLE),
                        _ => AtomicU32::new(UNKNOWN),
                    })
                    .collect(),
                e.dead
                    .iter()
                    .map(|w| AtomicU64::new(w.load(Ordering::Relaxed)))
                    .collect(),
            ),
        };
        let (doc_score, doc_known) = if fuzzy_too {
            (
                (0..index.len()).map(|_| AtomicU16::new(0)).collect(),
                (0..words).map(|_| AtomicU64::new(0)).collect(),
            )
        } else {
            (Vec::new(), Vec::new())
        };
        let contains = match term.kind {
            TermKind::Prefix => Bits::new(),
            _ => containing(index, &term.text),
        };
        TermMemo {
            text: term.text.clone(),
            kind: term.kind,
            scores: term_scores(index, term, &contains),
            fuzzy,
            dead,
            doc_score,
            doc_known,
            contains,
        }
    }

    /// The fuzzy quality against distinct text u, worked out by `quality`
    /// (`fuzzy::try_quality`) the first time (two threads may both work it
    /// out: the same answer); `None` when no match is possible.
    pub fn fuzzy(&self, u: usize, quality: impl FnOnce() -> Option<f32>) -> Option<f32> {
        let Some(slot) = self.fuzzy.get(u) else {
            return quality();
        };
        match slot.load(Ordering::Relaxed) {
            UNKNOWN => {
                let q = quality();
                slot.store(q.map_or(IMPOSSIBLE, f32::to_bits), Ordering::Relaxed);
                q
            }
            IMPOSSIBLE => None,
            bits => Some(f32::from_bits(bits)),
        }
    }

    /// The fuzzy score of document d, worked out by `score` the first time.
    pub fn doc_fuzzy(&self, d: usize, score: impl FnOnce() -> u16) -> u16 {
        let (Some(known), Some(slot)) = (self.doc_known.get(d / 64), self.doc_score.get(d)) else {
            return score();
        };
        let bit = 1 << (d % 64);
        if known.load(Ordering::Acquire) & bit != 0 {
            return slot.load(Ordering::Relaxed);
        }
        let s = score();
        slot.store(s, Ordering::Relaxed);
        known.fetch_or(bit, Ordering::Release);
        s
    }

    /// Whether no fuzzy match is possible in document d.
    pub fn dead(&self, d: usize) -> bool {
        self.dead
            .get(d / 64)
            .is_some_and(|w| w.load(Ordering::Relaxed) & (1 << (d % 64)) != 0)
    }

    /// Note that no fuzzy match is possible in document d.
    pub fn kill(&self, d: usize) {
        if let Some(w) = self.dead.get(d / 64) {
            w.fetch_or(1 << (d % 64), Ordering::Relaxed);
        }
    }
}

/// The words recently searched in one index, newest last.
#[derive(Default)]
pub struct Memo {
    inner: Mutex<Inner>,
    /// Buffers a search sorts its hits in, kept for the next (at 100k a
    /// keystroke's are several megabytes, slow to get afresh each time).
    spare: Mutex<Vec<Vec<u64>>>,
}

/// Most spare buffers kept.
const SPARE: usize = 8;

#[derive(Default)]
struct Inner {
    /// Which index the words belong to (where its dictionary lives, and
    /// how many documents it has): another index starts afresh.
    owner: (usize, usize),
    terms: Vec<Arc<TermMemo>>,
}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = self.inner.lock().map_or(0, |i| i.terms.len());
        f.debug_struct("Memo").field("words", &words).finish()
    }
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// A buffer to reuse (empty; perhaps with room from an earlier search).
    pub(crate) fn buffer(&self) -> Vec<u64> {
        self.spare
            .lock()
            .ok()
            .and_then(|mut s| s.pop())
            .unwrap_or_default()
    }

    /// Keep `buffer` for a later search.
    pub(crate) fn give(&self, mut buffer: Vec<u64>) {
        buffer.clear();
        if buffer.capacity() == 0 {
            return;
        }
        if let Ok(mut s) = self.spare.lock()
            && s.len() < SPARE
        {
            s.push(buffer);
        }
    }

    /// Forget every word (benchmarks start each typed query from nothing).
    pub fn clear(&self) {
        if let Ok(mut inner) = self.inner.lock() {
            inner.terms.clear();
        }
    }

    /// The word `term` worked out for `index`, from memory when it was
    /// searched recently.
    pub(crate) fn term(&self, index: &Index, term: &Term) -> Arc<TermMemo> {
        let owner = (index.dictionary.as_ptr() as usize, index.len());
        let mut earlier = None;
        if let Ok(mut inner) = self.inner.lock() {
            if inner.owner != owner {
                inner.owner = owner;
                inner.terms.clear();
            }
            if let Some(t) = inner
                .terms
                .iter()
                .find(|t| t.kind == term.kind && t.text == term.text)
            {
                return Arc::clone(t);
            }
            // The longest plain word this one starts with (all ASCII, so
            // that letters and bytes agree): what was impossible for it is
            // impossible for this one.
            if term.kind == TermKind::Plain && term.text.is_ascii() {
                earlier = inner
                    .terms
                    .iter()
                    .filter(|t| {
                        t.kind == TermKind::Plain
                            && t.text.len() < term.text.len()
                            && term.text.starts_with(t.text.as_str())
                    })
                    .max_by_key(|t| t.text.len())
                    .map(Arc::clone);
            }
        }
        let worked = Arc::new(TermMemo::new(index, term, earlier.as_deref()));
        if let Ok(mut inner) = self.inner.lock()
            && inner.owner == owner
        {
            if inner.terms.len() >= TERMS {
                inner.terms.remove(0);
            }
            inner.terms.push(Arc::clone(&worked));
        }
        worked
    }
}
