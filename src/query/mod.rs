//! The search: the fuzzy matcher behind one small module, the query syntax,
//! and facets with their live counts. Nothing here knows about the terminal.
//!
//! A word of the query is matched fuzzily only against short fields (names,
//! short names, tags) and by whole word or word prefix — with one typo allowed
//! in words of five letters or more — against labels, titles and long text.
//!
//! The index is plain data (`index.rs`, built by `build.rs` from what
//! `docs.rs` says each document is made of, with `derived.rs` worked out
//! when built or loaded); a search (`search.rs`) scores each query word
//! (`score.rs`), keeping what it worked out in a `Memo` for the next
//! keystrokes (`memo.rs`), and answers with an `Outcome` (`outcome.rs`).

mod build;
mod derived;
mod docs;
pub mod facets;
pub mod fuzzy;
mod highlight;
pub mod index;
mod memo;
pub mod outcome;
mod rank;
mod score;
pub mod search;
pub mod slice;
pub mod syntax;
pub mod text;

pub use facets::{
    Facet, FacetValue, NETWORK_FACETS, NOT_STATED, NOT_STATED_LABEL, OPPORTUNITY_FACETS,
};
pub use highlight::highlight;
pub use index::{DocRef, Index, Tier};
pub use memo::Memo;
pub use outcome::{Filters, Hit, Outcome};
pub use syntax::{Query, Term, TermKind};

#[cfg(test)]
mod tests;

/// The two search indexes of a catalogue.
pub struct Indexes {
    pub networks: Index,
    pub learning: Index,
}

impl Indexes {
    /// Build both indexes, one on each of two threads.
    pub fn build(cat: &crate::catalogue::Catalogue) -> Indexes {
        std::thread::scope(|s| {
            let learning = s.spawn(|| Index::opportunities(cat));
            let networks = Index::networks(cat);
            let learning = learning
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            Indexes { networks, learning }
        })
    }
}
