//! The state of one tab: its query, filters, results, selection and facet
//! rows. What drawing reads (the facet rows, the selected row, the parsed
//! query) is worked out here once per change, never by a draw call.

use std::sync::Arc;

use super::line;
use crate::query::{Filters, Index, Outcome};

/// One row of the facet pane: a heading or a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FacetRow {
    Heading(usize),
    Value(usize, usize),
}

/// The state of one tab: its own query, filters, results and selection.
#[derive(Clone, Debug)]
pub struct TabState {
    /// Shared with the search worker.
    pub index: Arc<Index>,
    pub query: String,
    /// Byte offset of the cursor in `query`.
    pub query_cursor: usize,
    pub filters: Filters,
    pub outcome: Outcome,
    /// The selected document (tracked by document, never by row).
    pub selected: Option<u32>,
    /// First visible row of the results.
    pub offset: usize,
    /// Position of the cursor among the facet value rows.
    pub facet_cursor: usize,
    pub facet_offset: usize,
    pub detail_scroll: u16,
    /// Every filter group but the cursor's is folded to its heading.
    pub facet_fold: bool,
    /// Text that narrows the filter values shown (`wal`: Wales).
    pub facet_find: line::Line,
    /// The number of the latest search asked for, and of the one shown.
    pub generation: u64,
    pub shown_generation: u64,
    /// The query changed: when its results come, select the best match.
    pub select_first: bool,
}

impl TabState {
    pub(super) fn new(index: Index) -> TabState {
        let filters = Filters::new(&index);
        TabState {
            index: Arc::new(index),
            generation: 0,
            shown_generation: 0,
            select_first: false,
            query: String::new(),
            query_cursor: 0,
            filters,
            outcome: Outcome::default(),
            selected: None,
            offset: 0,
            facet_cursor: 0,
            facet_offset: 0,
            detail_scroll: 0,
            facet_fold: false,
            facet_find: line::Line::default(),
        }
    }

    /// The row of the selected document among the results.
    pub fn selected_row(&self) -> Option<usize> {
        let sel = self.selected?;
        self.outcome.hits.iter().position(|h| h.doc == sel)
    }

    /// The (facet, value) of a position among every filter value.
    pub fn value_at(&self, index: usize) -> Option<(usize, usize)> {
        let mut rest = index;
        for (f, facet) in self.index.facets.iter().enumerate() {
            if rest < facet.values.len() {
                return Some((f, rest));
            }
            rest -= facet.values.len();
        }
        None
    }

    /// The position of (facet, value) among every filter value.
    pub fn value_index(&self, f: usize, v: usize) -> usize {
        self.index.facets[..f.min(self.index.facets.len())]
            .iter()
            .map(|x| x.values.len())
            .sum::<usize>()
            + v
    }

    /// The group the facet cursor is in.
    pub fn cursor_group(&self) -> Option<usize> {
        self.value_at(self.facet_cursor).map(|(f, _)| f)
    }

    /// The narrowing text, folded for matching.
    pub(super) fn find_text(&self) -> String {
        self.facet_find.text.trim().to_lowercase()
    }

    /// Whether a filter value is shown: it matches the narrowing text, and
    /// its group is not folded.
    pub fn value_visible(&self, f: usize, v: usize) -> bool {
        let find = self.find_text();
        if !find.is_empty() {
            return self.index.facets[f].values[v]
                .label
                .to_lowercase()
                .contains(&find);
        }
        !self.facet_fold || self.cursor_group() == Some(f)
    }

    /// Every row of the facet pane as shown, headings included: a folded
    /// group is its heading alone; while narrowing, a group with no value
    /// that matches is left out.
    pub fn facet_rows(&self) -> Vec<FacetRow> {
        let finding = !self.find_text().is_empty();
        let mut rows = Vec::new();
        for (f, facet) in self.index.facets.iter().enumerate() {
            let values: Vec<usize> = (0..facet.values.len())
                .filter(|v| self.value_visible(f, *v))
                .collect();
            if finding && values.is_empty() {
                continue;
            }
            rows.push(FacetRow::Heading(f));
            rows.extend(values.into_iter().map(|v| FacetRow::Value(f, v)));
        }
        rows
    }

    /// The (facet, value) under the facet cursor, when it is shown.
    pub fn facet_at_cursor(&self) -> Option<(usize, usize)> {
        self.value_at(self.facet_cursor)
            .filter(|(f, v)| self.value_visible(*f, *v))
    }

    /// The values the cursor moves over: those that match the narrowing
    /// text, or every value (moving into a folded group opens it).
    pub(super) fn cursor_stops(&self) -> Vec<usize> {
        if self.find_text().is_empty() {
            (0..self.facet_value_count()).collect()
        } else {
            self.facet_rows()
                .into_iter()
                .filter_map(|r| match r {
                    FacetRow::Value(f, v) => Some(self.value_index(f, v)),
                    FacetRow::Heading(_) => None,
                })
                .collect()
        }
    }

    /// Put the cursor on a shown value if it is not on one.
    pub(super) fn cursor_to_visible(&mut self) {
        if self.facet_at_cursor().is_none()
            && let Some(first) = self.cursor_stops().first()
        {
            self.facet_cursor = *first;
        }
    }

    pub(super) fn facet_value_count(&self) -> usize {
        self.index.facets.iter().map(|f| f.values.len()).sum()
    }
}
