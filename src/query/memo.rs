//! What searches keep between keystrokes: each recent query word's scores
//! for every document, and its fuzzy matches against the distinct short
//! field texts worked out so far. While the second word is typed, the first
//! is not worked out again. A `Memo` belongs to whoever searches (a tab, the
//! search worker), not to the index, which stays plain data.

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use super::derived::{Bits, containing};
use super::index::Index;
use super::score::term_scores;
use super::syntax::{Term, TermKind};

/// Most recent query words kept.
const TERMS: usize = 32;

/// A fuzzy quality not yet worked out.
const UNKNOWN: u32 = u32::MAX;

/// One query word as worked out for one index.
pub(crate) struct TermMemo {
    text: String,
    kind: TermKind,
    /// Its score for each document from everything but the fuzzy fallback.
    pub scores: Vec<u16>,
    /// `fuzzy::quality` of the word against each distinct short field text
    /// (as f32 bits), filled in as searches need them.
    fuzzy: Vec<AtomicU32>,
    /// The distinct short field texts that contain the word as typed (for
    /// the ties: how much of a name the query covers).
    pub contains: Bits,
}

impl TermMemo {
    fn new(index: &Index, term: &Term) -> TermMemo {
        TermMemo {
            text: term.text.clone(),
            kind: term.kind,
            scores: term_scores(index, term),
            fuzzy: (0..index.derived.distinct.len())
                .map(|_| AtomicU32::new(UNKNOWN))
                .collect(),
            contains: match term.kind {
                TermKind::Prefix => Bits::new(),
                _ => containing(index, &term.text),
            },
        }
    }

    /// The fuzzy quality against distinct text u, worked out by `quality`
    /// the first time (two threads may both work it out: the same answer).
    pub fn fuzzy(&self, u: usize, quality: impl FnOnce() -> f32) -> f32 {
        let Some(slot) = self.fuzzy.get(u) else {
            return quality();
        };
        match slot.load(Ordering::Relaxed) {
            UNKNOWN => {
                let q = quality();
                slot.store(q.to_bits(), Ordering::Relaxed);
                q
            }
            bits => f32::from_bits(bits),
        }
    }
}

/// The words recently searched in one index, newest last.
#[derive(Default)]
pub struct Memo {
    inner: Mutex<Inner>,
}

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
        }
        let worked = Arc::new(TermMemo::new(index, term));
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
