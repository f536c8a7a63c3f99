//! Running a tab's search (now, or off the UI thread in a large catalogue)
//! and showing its results, keeping the selection by document.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, SearchRequest};
use crate::bookmarks::BookmarkStatus;
use crate::profile::fit;
use crate::query::Outcome;

impl App {
    /// Run the search of tab `t` again (now) and keep the selection where
    /// it can be.
    pub(super) fn refresh(&mut self, t: usize) {
        let request = self.search_request(t);
        let outcome = request.run();
        self.show_results(t, outcome);
    }

    /// Run the search of tab `t` again after an edit of its query: off the
    /// UI thread in a large catalogue (the results come as
    /// `Action::Searched`), else now.
    pub(super) fn refresh_typed(&mut self, t: usize) {
        if self.tabs[t].index.len() < self.background_from {
            self.refresh(t);
            return;
        }
        let request = self.search_request(t);
        self.pending.retain(|r| r.tab != t);
        self.pending.push(request);
    }

    /// Whether a search of tab `t` is still running.
    pub fn searching(&self, t: usize) -> bool {
        self.tabs
            .get(t)
            .is_some_and(|tab| tab.generation != tab.shown_generation)
    }

    /// Whether any search is still running.
    pub fn searching_any(&self) -> bool {
        (0..self.tabs.len()).any(|t| self.searching(t))
    }

    /// The search of tab `t` as it stands, under a new generation number
    /// (which makes every earlier request stale).
    pub(super) fn search_request(&mut self, t: usize) -> SearchRequest {
        let only = self.bookmarks_only && t == 0;
        let fits = &self.fits[t];
        let fits_only = self.fits_only && !fits.is_empty();
        let allow = (only || fits_only).then(|| {
            let ids: std::collections::HashSet<&str> =
                self.bookmarks.iter().map(|b| b.id.as_str()).collect();
            let cat = &self.catalogue;
            let mask: Vec<bool> = (0..self.tabs[t].index.len())
                .map(|i| {
                    (!only
                        || cat
                            .networks
                            .with(i, |n| ids.contains(n.id.as_str()))
                            .unwrap_or(false))
                        && (!fits_only || fits.get(i).is_some_and(fit::Fit::fits))
                })
                .collect();
            Arc::new(mask)
        });
        let tab = &mut self.tabs[t];
        tab.generation += 1;
        SearchRequest {
            tab: t,
            generation: tab.generation,
            index: Arc::clone(&tab.index),
            memo: Arc::clone(&tab.memo),
            query: tab.parsed_query().clone(),
            filters: tab.filters.clone(),
            allow,
        }
    }

    /// Results arrived from the worker: show them unless a newer search
    /// was asked for since.
    pub(super) fn searched(&mut self, t: usize, generation: u64, outcome: Outcome) {
        if self
            .tabs
            .get(t)
            .is_some_and(|tab| tab.generation == generation)
        {
            self.show_results(t, outcome);
        }
    }

    /// Show the results of the latest search of tab `t`, in order of fit
    /// and bookmark state where those apply, keeping the selection by
    /// document where it can be.
    pub(super) fn show_results(&mut self, t: usize, mut outcome: Outcome) {
        let select_first = std::mem::take(&mut self.tabs[t].select_first);
        let prev_row = if select_first {
            0
        } else {
            self.tabs[t].selected_row().unwrap_or(0)
        };
        let only = self.bookmarks_only && t == 0;
        let fits = &self.fits[t];
        if !fits.is_empty() {
            // With a profile, equally good matches (every row of an empty
            // query) go in order of fit.
            fit::tie_break(&mut outcome.hits, |d| {
                fits.get(d as usize).map_or(0, fit::Fit::rank)
            });
        }
        if only {
            // Bookmarks only: to join first, then joined.
            let ids: HashMap<&str, BookmarkStatus> = self
                .bookmarks
                .iter()
                .map(|b| (b.id.as_str(), b.status))
                .collect();
            let cat = &self.catalogue;
            outcome.hits.sort_by_cached_key(|h| {
                cat.networks
                    .with(h.doc as usize, |n| {
                        ids.get(n.id.as_str())
                            .is_some_and(|s| *s == BookmarkStatus::Joined)
                    })
                    .unwrap_or(false)
            });
        }
        let tab = &mut self.tabs[t];
        tab.shown_generation = tab.generation;
        tab.outcome = outcome;
        if select_first {
            // The query changed: as in every picker, the best match.
            tab.select_at(Some(0));
            tab.offset = 0;
            tab.detail_scroll = 0;
        } else {
            // The same document where it is still shown, else the row it was on.
            let kept = tab
                .selected
                .and_then(|d| tab.outcome.hits.iter().position(|h| h.doc == d));
            let n = tab.outcome.hits.len();
            tab.select_at(kept.or((n > 0).then(|| prev_row.min(n - 1))));
            if kept.is_none() {
                tab.detail_scroll = 0;
            }
        }
        self.clamp_offset(t);
    }

    /// Bookmarks only change the results in the bookmarks-only view; there
    /// the search runs again (to drop, add or regroup rows).
    pub(super) fn bookmarks_changed(&mut self) {
        if self.bookmarks_only {
            self.refresh(0);
        }
    }
}
