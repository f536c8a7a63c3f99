//! The search: the fuzzy matcher behind one small module, the query syntax,
//! and facets with their live counts. Nothing here knows about the terminal.
//!
//! A word of the query is matched fuzzily only against short fields (names,
//! short names, tags) and by whole word or word prefix — with one typo allowed
//! in words of five letters or more — against labels, titles and long text.

pub mod fuzzy;
pub mod index;
pub mod search;
pub mod syntax;
pub mod text;

pub use index::{
    DocRef, Facet, FacetValue, Index, NETWORK_FACETS, NOT_STATED, NOT_STATED_LABEL,
    OPPORTUNITY_FACETS, Tier,
};
pub use search::{Filters, Hit, Outcome, highlight};
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
