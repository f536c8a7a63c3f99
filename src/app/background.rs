//! Searches that run off the UI thread. In a large catalogue a keystroke
//! only edits the query (echoed at once); the search itself is asked for
//! with `Effect::Search`, run by the runtime on a worker thread, and comes
//! back as `Action::Searched`. Every request carries a generation number;
//! results of an older generation than the tab's latest request are dropped.

use std::fmt;
use std::sync::Arc;

use crate::query::{Filters, Index, Memo, Outcome, Query};

/// Tabs with at least this many documents search off the UI thread when the
/// query is typed; smaller ones (the bundled catalogue) search at once.
pub const BACKGROUND_FROM: usize = 5_000;

/// One search to run: everything it needs, owned, so that it can run on
/// another thread while the app goes on.
#[derive(Clone)]
pub struct SearchRequest {
    /// Which tab asked (0: networks, 1: learning).
    pub tab: usize,
    /// The tab's request number; only the newest is applied.
    pub generation: u64,
    /// The tab's index, shared (never copied per keystroke).
    pub index: Arc<Index>,
    /// What the tab's earlier searches worked out, for the next ones.
    pub memo: Arc<Memo>,
    pub query: Query,
    pub filters: Filters,
    /// Which documents may be shown (bookmarks only, what fits); none: all.
    pub allow: Option<Arc<Vec<bool>>>,
}

impl SearchRequest {
    /// Run the search (on any thread).
    pub fn run(&self) -> Outcome {
        match self.allow.as_deref() {
            Some(mask) => {
                let allow = |d: usize| mask.get(d).copied().unwrap_or(false);
                self.index
                    .search_with(&self.memo, &self.query, &self.filters, Some(&allow))
            }
            None => self
                .index
                .search_with(&self.memo, &self.query, &self.filters, None),
        }
    }

    /// The action that hands the results back to `update`.
    pub fn answer(&self, outcome: Outcome) -> super::Action {
        super::Action::Searched {
            tab: self.tab,
            generation: self.generation,
            outcome,
        }
    }
}

/// Whether the learning tab's index is there: in a large catalogue read
/// from the cache it is opened after the first frame, off the UI thread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LearningIndex {
    #[default]
    Ready,
    /// Not asked for yet (`Action::Shown` asks).
    Later,
    /// Asked for (`Effect::OpenLearning`), not here yet.
    Opening,
}

/// An index opened off the UI thread, handed to `update`
/// (`Action::LearningOpened`); compared by identity, shown by its size.
#[derive(Clone)]
pub struct OpenedIndex(pub Arc<Index>);

impl PartialEq for OpenedIndex {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for OpenedIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenedIndex({} documents)", self.0.len())
    }
}

impl PartialEq for SearchRequest {
    fn eq(&self, other: &Self) -> bool {
        self.tab == other.tab
            && self.generation == other.generation
            && Arc::ptr_eq(&self.index, &other.index)
            && self.query == other.query
            && self.filters == other.filters
            && self.allow == other.allow
    }
}

impl Eq for SearchRequest {}

impl fmt::Debug for SearchRequest {
    // The index itself is left out: it can be megabytes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchRequest")
            .field("tab", &self.tab)
            .field("generation", &self.generation)
            .field("documents", &self.index.len())
            .field("query", &self.query)
            .field("filters", &self.filters)
            .field("allow", &self.allow.as_ref().map(|a| a.len()))
            .finish()
    }
}
