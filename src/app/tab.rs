//! The state of one tab: its query, filters, results, selection and facet
//! rows. What drawing reads (the facet rows, the selected row, the parsed
//! query) is worked out here once per change, never by a draw call.

use std::sync::Arc;

use super::line;
use crate::query::{Filters, Index, Memo, Outcome, Query};

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
    /// What this tab's searches keep for the next keystrokes.
    pub memo: Arc<Memo>,
    /// Edited only through `edit_query`, which parses it again.
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
    /// `query`, parsed: for the search and for the highlights drawn.
    parsed: Query,
    /// The row of `selected` among the results, when it was last worked out.
    row: Option<usize>,
    /// The facet pane's rows, worked out when what they depend on changes.
    facets: FacetView,
}

/// The rows of the facet pane and what they were worked out from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FacetView {
    key: FacetKey,
    rows: Vec<FacetRow>,
}

/// What decides which facet rows are shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct FacetKey {
    /// The narrowing text, folded for matching.
    find: String,
    /// Folded (and not narrowing): only this group's values are shown.
    folded: Option<Option<usize>>,
}

impl TabState {
    pub(super) fn new(index: Index) -> TabState {
        TabState::shared(Arc::new(index))
    }

    /// A tab over an index already shared.
    pub(super) fn shared(index: Arc<Index>) -> TabState {
        let filters = Filters::new(&index);
        let mut tab = TabState {
            index,
            memo: Arc::new(Memo::new()),
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
            detail_scroll: 0,
            facet_fold: false,
            facet_find: line::Line::default(),
            parsed: Query::default(),
            row: None,
            facets: FacetView::default(),
        };
        tab.facets.rows = tab.build_facet_rows();
        tab
    }

    /// The query as the search reads it.
    pub fn parsed_query(&self) -> &Query {
        &self.parsed
    }

    /// Edit the query with the one line editor; true when it changed (and
    /// was parsed again).
    pub(super) fn edit_query(&mut self, edit: impl FnOnce(&mut line::Line) -> bool) -> bool {
        let changed = line::edit_in(&mut self.query, &mut self.query_cursor, edit);
        if changed {
            self.parsed = Query::parse(&self.query);
        }
        changed
    }

    /// The row of the selected document among the results.
    pub fn selected_row(&self) -> Option<usize> {
        let sel = self.selected?;
        match self.row {
            Some(r) if self.outcome.hits.get(r).is_some_and(|h| h.doc == sel) => Some(r),
            // Set from outside since (a test), or not yet worked out.
            _ => self.outcome.hits.iter().position(|h| h.doc == sel),
        }
    }

    /// Select the result at `row` (none: nothing selected).
    pub(super) fn select_at(&mut self, row: Option<usize>) {
        self.row = row.filter(|r| *r < self.outcome.hits.len());
        self.selected = self.row.map(|r| self.outcome.hits[r].doc);
    }

    /// Select a document, wherever it is among the results.
    pub(super) fn select(&mut self, doc: Option<u32>) {
        self.selected = doc;
        self.row = self.selected_row();
    }

    /// Work out again what drawing reads, where what it depends on changed
    /// (the end of every update does this).
    pub(super) fn sync(&mut self) {
        self.row = self.selected_row();
        self.sync_facets();
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

    /// What decides the facet rows now.
    fn facet_key(&self) -> FacetKey {
        let find = self.facet_find.text.trim().to_lowercase();
        let folded = (find.is_empty() && self.facet_fold).then(|| self.cursor_group());
        FacetKey { find, folded }
    }

    /// Whether a filter value is shown: it matches the narrowing text, and
    /// its group is not folded.
    pub fn value_visible(&self, f: usize, v: usize) -> bool {
        visible(&self.index, &self.facets.key, f, v)
    }

    /// Every row of the facet pane as shown, headings included: a folded
    /// group is its heading alone; while narrowing, a group with no value
    /// that matches is left out.
    pub fn facet_rows(&self) -> &[FacetRow] {
        &self.facets.rows
    }

    fn build_facet_rows(&self) -> Vec<FacetRow> {
        let key = &self.facets.key;
        let mut rows = Vec::new();
        for (f, facet) in self.index.facets.iter().enumerate() {
            let values: Vec<usize> = (0..facet.values.len())
                .filter(|v| visible(&self.index, key, f, *v))
                .collect();
            if !key.find.is_empty() && values.is_empty() {
                continue;
            }
            rows.push(FacetRow::Heading(f));
            rows.extend(values.into_iter().map(|v| FacetRow::Value(f, v)));
        }
        rows
    }

    /// Work the facet rows out again if what they depend on changed.
    pub(super) fn sync_facets(&mut self) {
        let key = self.facet_key();
        if key != self.facets.key {
            self.facets.key = key;
            self.facets.rows = self.build_facet_rows();
        }
    }

    /// The (facet, value) under the facet cursor, when it is shown.
    pub fn facet_at_cursor(&self) -> Option<(usize, usize)> {
        self.value_at(self.facet_cursor)
            .filter(|(f, v)| self.value_visible(*f, *v))
    }

    /// Put the facet cursor on value `index` (the rows follow it into a
    /// folded group).
    pub(super) fn set_facet_cursor(&mut self, index: usize) {
        self.facet_cursor = index;
        self.sync_facets();
    }

    /// The values the cursor moves over: those that match the narrowing
    /// text, or every value (moving into a folded group opens it).
    pub(super) fn cursor_stops(&self) -> Vec<usize> {
        if self.facets.key.find.is_empty() {
            (0..self.facet_value_count()).collect()
        } else {
            self.facet_rows()
                .iter()
                .filter_map(|r| match *r {
                    FacetRow::Value(f, v) => Some(self.value_index(f, v)),
                    FacetRow::Heading(_) => None,
                })
                .collect()
        }
    }

    /// Put the cursor on a shown value if it is not on one.
    pub(super) fn cursor_to_visible(&mut self) {
        self.sync_facets();
        if self.facet_at_cursor().is_none()
            && let Some(first) = self.cursor_stops().first()
        {
            self.set_facet_cursor(*first);
        }
    }

    fn facet_value_count(&self) -> usize {
        self.index.facets.iter().map(|f| f.values.len()).sum()
    }
}

/// Whether value `v` of facet `f` is shown under `key`.
fn visible(index: &Index, key: &FacetKey, f: usize, v: usize) -> bool {
    if !key.find.is_empty() {
        return index.facets[f].values[v]
            .label
            .to_lowercase()
            .contains(&key.find);
    }
    key.folded.is_none_or(|open| open == Some(f))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;

    fn tab() -> TabState {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small");
        let cat = crate::catalogue::load_path(&dir, 1 << 26).expect("the small fixture loads");
        TabState::new(Index::networks(&cat))
    }

    /// The rows worked out from scratch for the tab as it is.
    fn fresh_rows(t: &TabState) -> Vec<FacetRow> {
        let mut c = t.clone();
        c.facets = FacetView {
            key: c.facet_key(),
            rows: Vec::new(),
        };
        c.build_facet_rows()
    }

    #[test]
    fn facet_rows_are_kept_until_what_they_depend_on_changes() {
        let mut t = tab();
        let all = t.facet_rows().len();
        assert_eq!(t.facet_rows(), fresh_rows(&t));
        t.facet_fold = true;
        // Read as stored until the next sync (the end of the update)...
        assert_eq!(t.facet_rows().len(), all);
        t.sync();
        assert!(t.facet_rows().len() < all);
        assert_eq!(t.facet_rows(), fresh_rows(&t));
        // ...and they follow the cursor into another group.
        let last = t.facet_value_count() - 1;
        t.set_facet_cursor(last);
        assert_eq!(t.facet_rows(), fresh_rows(&t));
        assert!(t.facet_rows().contains(&FacetRow::Value(
            t.index.facets.len() - 1,
            t.index.facets.last().map_or(0, |f| f.values.len() - 1)
        )));
        line::edit_in(&mut t.facet_find.text, &mut t.facet_find.cursor, |l| {
            l.insert_str("zzqx", 10)
        });
        t.cursor_to_visible();
        assert!(t.facet_rows().is_empty());
        assert_eq!(t.facet_at_cursor(), None);
    }

    #[test]
    fn the_selected_row_is_stored_and_checked_against_the_results() {
        let mut t = tab();
        t.outcome = t.index.search(&Query::default(), &t.filters, None);
        assert!(t.outcome.hits.len() > 5);
        t.select_at(Some(2));
        assert_eq!(t.selected, Some(t.outcome.hits[2].doc));
        assert_eq!(t.row, Some(2));
        // Set from outside: still the right row, stored again by the sync.
        t.selected = Some(t.outcome.hits[5].doc);
        assert_eq!(t.selected_row(), Some(5));
        t.sync();
        assert_eq!(t.row, Some(5));
        t.select_at(Some(t.outcome.hits.len()));
        assert_eq!((t.selected, t.selected_row()), (None, None));
    }

    #[test]
    fn the_query_is_parsed_when_it_is_edited() {
        let mut t = tab();
        assert!(t.edit_query(|l| l.insert_str("data 'guild", 200)));
        assert_eq!(t.parsed_query(), &Query::parse("data 'guild"));
        assert!(!t.edit_query(|l| l.edit(Command::CursorLeft)));
        assert!(t.edit_query(|l| l.edit(Command::ClearLine)));
        assert!(t.parsed_query().is_empty());
    }
}
