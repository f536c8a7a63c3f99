//! The app's state, the actions that change it, and `update`, which changes
//! state and returns effects for the runtime to carry out. Nothing here draws
//! or touches the terminal, so every behaviour is testable with plain calls.

pub mod background;
mod bookmarking;
pub mod help;
pub mod keymap;
pub mod line;
mod mouse;
mod view;
pub mod welcome;

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::bookmarks::{self, Bookmark, BookmarkStatus, Change, Step};
use crate::catalogue::Catalogue;
use crate::profile::{Profile, fit};
use crate::query::{DocRef, Filters, Index, Memo, Outcome, Query};

pub use background::{BACKGROUND_FROM, SearchRequest};
pub use bookmarking::{History, Why};
pub use keymap::{Command, Context, Key, Keymap, Layer};
pub use mouse::{MouseKind, Target};
pub use view::{Areas, MeasureAreas, Size};

/// The two ways into the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Networks,
    Learning,
}

/// Which pane has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Search,
    Facets,
    Results,
    Detail,
}

/// What covers the main screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    None,
    Help,
    /// The facet panes, on screens too narrow to show them.
    Facets,
    /// The detail, full screen, on narrow screens.
    Detail,
    /// The one-line editor for a bookmark's note.
    Note {
        id: String,
        text: String,
        /// Byte offset of the cursor in `text`.
        cursor: usize,
    },
}

/// How wide the screen is, which decides the layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    TooSmall,
    /// One pane; the detail opens full screen.
    Narrow,
    /// Results and detail; filters fold into chips and the `f` overlay.
    Medium,
    /// Filters, results and detail.
    Wide,
}

impl Layout {
    pub fn for_size(width: u16, height: u16) -> Layout {
        if width < 40 || height < 10 {
            Layout::TooSmall
        } else if width < 80 {
            Layout::Narrow
        } else if width < 120 {
            Layout::Medium
        } else {
            Layout::Wide
        }
    }
}

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
    fn new(index: Index) -> TabState {
        let filters = Filters::new(&index);
        TabState {
            index: Arc::new(index),
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
    fn find_text(&self) -> String {
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
    fn cursor_stops(&self) -> Vec<usize> {
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
    fn cursor_to_visible(&mut self) {
        if self.facet_at_cursor().is_none()
            && let Some(first) = self.cursor_stops().first()
        {
            self.facet_cursor = *first;
        }
    }

    fn facet_value_count(&self) -> usize {
        self.index.facets.iter().map(|f| f.values.len()).sum()
    }
}

/// Something for the runtime to do after an update.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Make this change to the bookmarks file (under its lock, to the file
    /// as it is now), then report `Action::BookmarkSaved` or
    /// `Action::BookmarkNotSaved`.
    Bookmark(Change, Why),
    /// Read the bookmarks file again (`Action::BookmarksLoaded`).
    ReloadBookmarks,
    /// Open a checked http(s) link in the browser; `what` says what kind of
    /// page it is ("website", "no website known — source page"…).
    OpenUrl { url: String, what: String },
    /// Put a link on the clipboard (OSC 52), with what kind of page it is.
    Copy { text: String, what: String },
    /// Write the joining plan to a new file.
    ExportPlan,
    /// Save the profile to config.toml, and that the welcome was asked.
    SaveProfile(Profile),
    /// Run this search off the UI thread and report `Action::Searched`.
    Search(SearchRequest),
}

/// The status line after a link was opened: what kind of page it is, then
/// the address ("Opened (no website known — source page): https://…"), so
/// that a long address is what gets cut, never the kind.
pub fn opened_message(url: &str, what: &str) -> String {
    format!("Opened ({what}): {url}")
}

/// The status line after a link was copied.
pub fn copied_message(url: &str, what: &str) -> String {
    format!("Copied ({what}) with OSC 52: {url}")
}

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    /// A click or a wheel turn, on what is under the mouse (`ui::hit_test`).
    Mouse(MouseKind, Target),
    Command(Command),
    Resize(u16, u16),
    /// The bookmarks as the file now holds them (read again, or another copy's).
    BookmarksLoaded(Vec<Bookmark>),
    /// A bookmark change was saved: what it did, and the file's bookmarks.
    BookmarkSaved {
        why: Why,
        steps: Vec<Step>,
        bookmarks: Vec<Bookmark>,
    },
    /// A bookmark change was not saved: why, and the file's bookmarks when
    /// they could be read.
    BookmarkNotSaved {
        why: Why,
        error: String,
        bookmarks: Option<Vec<Bookmark>>,
    },
    /// A line for the status bar, cleared by the next key.
    Status(String),
    /// A message that stays until dismissed (errors, the path of an export).
    Sticky(String),
    /// Text pasted into the terminal (bracketed paste): one edit of the
    /// note being written, the filter finder, or else the search box.
    Paste(String),
    /// The results of a search run off the UI thread (`Effect::Search`);
    /// dropped when the tab has asked for a newer one since.
    Searched {
        tab: usize,
        generation: u64,
        outcome: Outcome,
    },
}

/// The whole state of the app.
#[derive(Clone, Debug)]
pub struct App {
    pub catalogue: Catalogue,
    pub tabs: [TabState; 2],
    pub tab: Tab,
    pub focus: Focus,
    pub overlay: Overlay,
    pub bookmarks: Vec<Bookmark>,
    pub bookmarks_only: bool,
    /// Why bookmarks cannot be saved, when they cannot.
    pub read_only: Option<String>,
    pub status: Option<String>,
    /// The status is an error or a path to read: it stays until dismissed.
    pub status_sticky: bool,
    /// Bookmark changes of this session, to undo and redo.
    pub history: History,
    pub keymap: Keymap,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// Who the person is, for "Which networks fit me?" (values checked
    /// against the catalogue).
    pub profile: Profile,
    /// The fit of every document of each tab, by document; empty without a profile.
    pub fits: [Vec<fit::Fit>; 2],
    /// Only what fits the profile, in both tabs.
    pub fits_only: bool,
    /// The learning tab shows "first steps" (free, for the entry-level
    /// profile's stage, best fit first) until its filters change.
    pub first_steps: bool,
    /// The welcome questions, while they are open.
    pub welcome: Option<welcome::Welcome>,
    /// Where `Effect::SaveProfile` writes (none in tests).
    pub settings_file: Option<std::path::PathBuf>,
    /// First row of the help overlay shown.
    pub help_scroll: u16,
    /// Typing narrows the filter values (the filter finder has the keyboard).
    pub finding: bool,
    /// How many rows the detail of the selected item takes at a width, so
    /// that scrolling stops at its end. The UI knows (`ui::measure_detail`);
    /// the app cannot import it, so the runtime hands it in.
    pub detail_measure: Option<DetailMeasure>,
    /// The insides of the panes that scroll at a screen size (`areas`);
    /// the UI knows them and hands them in as it does `detail_measure`.
    pub measure_areas: Option<MeasureAreas>,
    /// Tabs with at least this many documents search off the UI thread
    /// while the query is typed (`BACKGROUND_FROM`; tests may lower it).
    pub background_from: usize,
    /// Searches asked for by this update, handed out as `Effect::Search`.
    pending: Vec<SearchRequest>,
}

/// Rows the detail of the selected item takes when wrapped to a width.
pub type DetailMeasure = fn(&App, u16) -> usize;

/// Which keys the keyboard is on: the user is typing into a text box, or
/// single letters are commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Typing goes into the search box.
    Search,
    /// Typing goes into the note editor.
    Note,
    /// Typing narrows the filter values.
    Find,
    /// Keys are commands.
    Commands,
}

impl App {
    pub fn new(catalogue: Catalogue, bookmarks: Vec<Bookmark>, keymap: Keymap) -> App {
        let indexes = crate::query::Indexes::build(&catalogue);
        App::with_indexes(catalogue, indexes, bookmarks, keymap)
    }

    /// The app over a catalogue whose indexes are already built (or came
    /// from the cache).
    pub fn with_indexes(
        catalogue: Catalogue,
        indexes: crate::query::Indexes,
        bookmarks: Vec<Bookmark>,
        keymap: Keymap,
    ) -> App {
        let crate::query::Indexes { networks, learning } = indexes;
        let mut app = App {
            catalogue,
            tabs: [TabState::new(networks), TabState::new(learning)],
            tab: Tab::Networks,
            // Typing searches at once, as in every picker.
            focus: Focus::Search,
            overlay: Overlay::None,
            bookmarks,
            bookmarks_only: false,
            read_only: None,
            status: None,
            status_sticky: false,
            history: History::default(),
            keymap,
            width: 120,
            height: 40,
            quit: false,
            profile: Profile::default(),
            fits: [Vec::new(), Vec::new()],
            fits_only: false,
            first_steps: false,
            welcome: None,
            settings_file: None,
            help_scroll: 0,
            finding: false,
            detail_measure: None,
            measure_areas: None,
            background_from: BACKGROUND_FROM,
            pending: Vec::new(),
        };
        app.refresh(0);
        app.refresh(1);
        app
    }

    pub fn layout(&self) -> Layout {
        Layout::for_size(self.width, self.height)
    }

    /// Where typing goes now.
    pub fn mode(&self) -> Mode {
        match self.overlay {
            Overlay::Note { .. } => Mode::Note,
            _ if self.finding && self.focus_or_overlay() == Focus::Facets => Mode::Find,
            Overlay::None if self.focus == Focus::Search => Mode::Search,
            _ => Mode::Commands,
        }
    }

    /// Whether the filter pane shows the finder's line above its values.
    pub fn facet_finder_shown(&self) -> bool {
        self.mode() == Mode::Find || !self.current().facet_find.text.is_empty()
    }

    /// The keymap layer of the mode in force.
    pub fn layer(&self) -> Layer {
        match self.mode() {
            Mode::Search => Layer::Search,
            Mode::Note => Layer::Note,
            Mode::Find => Layer::Find,
            Mode::Commands => Layer::Panes,
        }
    }

    /// The furthest the detail can scroll: its last row at the bottom.
    pub fn detail_max_scroll(&self) -> u16 {
        let area = self.areas().detail;
        let rows = self
            .detail_measure
            .map_or(usize::from(u16::MAX), |m| m(self, area.width));
        u16::try_from(rows.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX)
    }

    /// The furthest the help can scroll.
    pub fn help_max_scroll(&self) -> u16 {
        let area = self.areas().help;
        let rows = help::lines(&self.keymap, usize::from(area.width)).len();
        u16::try_from(rows.saturating_sub(usize::from(area.height))).unwrap_or(u16::MAX)
    }

    fn tab_index(&self) -> usize {
        match self.tab {
            Tab::Networks => 0,
            Tab::Learning => 1,
        }
    }

    pub fn current(&self) -> &TabState {
        &self.tabs[self.tab_index()]
    }

    fn current_mut(&mut self) -> &mut TabState {
        let i = self.tab_index();
        &mut self.tabs[i]
    }

    /// The fit of a document of tab `t`, when there is a profile.
    pub fn fit_of(&self, t: usize, doc: u32) -> Option<fit::Fit> {
        self.fits.get(t)?.get(doc as usize).copied()
    }

    /// The fit of the selected document of the current tab.
    pub fn selected_fit(&self) -> Option<fit::Fit> {
        self.fit_of(self.tab_index(), self.current().selected?)
    }

    /// Take a profile (already checked against the catalogue): work out
    /// every fit, and put both tabs in order of it from the top. An
    /// entry-level profile opens the learning tab on its first steps.
    pub fn set_profile(&mut self, profile: Profile) {
        self.profile = profile;
        let cat = &self.catalogue;
        let p = &self.profile;
        let rule = fit::Rule::new(&cat.vocab, p);
        let fits_of = |index: &Index| -> Vec<fit::Fit> {
            if p.is_empty() {
                return Vec::new();
            }
            index
                .refs
                .iter()
                .map(|r| match *r {
                    DocRef::Network(n) => cat
                        .networks
                        .get(n as usize)
                        .map(|net| rule.network(net))
                        .unwrap_or_default(),
                    DocRef::Opportunity(n, o) => cat
                        .networks
                        .get(n as usize)
                        .and_then(|net| {
                            Some(rule.opportunity(net, net.opportunities.get(o as usize)?))
                        })
                        .unwrap_or_default(),
                })
                .collect()
        };
        // The two tabs on two threads (a large catalogue has many documents).
        let (networks, learning) = std::thread::scope(|s| {
            let learning = s.spawn(|| fits_of(&self.tabs[1].index));
            let networks = fits_of(&self.tabs[0].index);
            let learning = learning
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            (networks, learning)
        });
        self.fits = [networks, learning];
        if p.is_empty() {
            self.fits_only = false;
        }
        if self.first_steps {
            self.tabs[1].filters.clear();
            self.first_steps = false;
        }
        if self.profile.is_entry_level(&self.catalogue.vocab) {
            self.open_first_steps();
        }
        for t in 0..2 {
            self.refresh(t);
            let tab = &mut self.tabs[t];
            tab.selected = tab.outcome.hits.first().map(|h| h.doc);
            tab.offset = 0;
            tab.detail_scroll = 0;
        }
    }

    /// The learning tab on "first steps": free opportunities for the
    /// profile's (entry-level) career stage; fit orders them.
    fn open_first_steps(&mut self) {
        let Some(stage) = self.profile.stage.clone() else {
            return;
        };
        let tab = &mut self.tabs[1];
        tab.filters.clear();
        for (key, value) in [("cost", "free"), ("stage", stage.as_str())] {
            if let Some((f, facet)) = tab.index.facet(key)
                && let Some(v) = facet.position(value)
            {
                tab.filters.set(f, v, true);
            }
        }
        self.first_steps = true;
    }

    pub fn bookmark(&self, id: &str) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| b.id == id)
    }

    pub fn is_bookmarked(&self, id: &str) -> bool {
        self.bookmark(id).is_some()
    }

    /// The network a document belongs to.
    pub fn network_of(&self, doc: DocRef) -> Option<&crate::catalogue::Network> {
        match doc {
            DocRef::Network(n) | DocRef::Opportunity(n, _) => {
                self.catalogue.networks.get(n as usize)
            }
        }
    }

    /// The selected document of the current tab.
    pub fn selected_doc(&self) -> Option<DocRef> {
        let t = self.current();
        t.selected
            .and_then(|d| t.index.refs.get(d as usize).copied())
    }

    /// The network that `b`, `s`, `e`, `o` act on.
    pub fn selected_network(&self) -> Option<&crate::catalogue::Network> {
        self.network_of(self.selected_doc()?)
    }

    /// Rows of results that fit on screen (for paging).
    pub fn page_rows(&self) -> usize {
        // Header, search line and footer, and the pane's two borders.
        usize::from(self.height.saturating_sub(5)).max(1)
    }

    /// Rows that one page moves in what has the keyboard.
    fn page(&self) -> usize {
        if self.overlay == Overlay::Help {
            return usize::from(self.areas().help.height).max(1);
        }
        match self.focus_or_overlay() {
            Focus::Detail => usize::from(self.areas().detail.height).max(1),
            _ => self.page_rows(),
        }
    }

    /// Run the search of tab `t` again (now) and keep the selection where
    /// it can be.
    fn refresh(&mut self, t: usize) {
        let request = self.search_request(t);
        let outcome = request.run();
        self.show_results(t, outcome);
    }

    /// Run the search of tab `t` again after an edit of its query: off the
    /// UI thread in a large catalogue (the results come as
    /// `Action::Searched`), else now.
    fn refresh_typed(&mut self, t: usize) {
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
    fn search_request(&mut self, t: usize) -> SearchRequest {
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
                            .get(i)
                            .is_some_and(|n| ids.contains(n.id.as_str())))
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
            query: Query::parse(&tab.query),
            filters: tab.filters.clone(),
            allow,
        }
    }

    /// Results arrived from the worker: show them unless a newer search
    /// was asked for since.
    fn searched(&mut self, t: usize, generation: u64, outcome: Outcome) {
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
    fn show_results(&mut self, t: usize, mut outcome: Outcome) {
        let prev_row = self.tabs[t].selected_row().unwrap_or(0);
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
            outcome.hits.sort_by_key(|h| {
                cat.networks
                    .get(h.doc as usize)
                    .and_then(|n| ids.get(n.id.as_str()))
                    .is_some_and(|s| *s == BookmarkStatus::Joined)
            });
        }
        let tab = &mut self.tabs[t];
        tab.shown_generation = tab.generation;
        tab.outcome = outcome;
        let keep = tab
            .selected
            .filter(|d| tab.outcome.hits.iter().any(|h| h.doc == *d));
        tab.selected = keep.or_else(|| {
            let n = tab.outcome.hits.len();
            (n > 0).then(|| tab.outcome.hits[prev_row.min(n - 1)].doc)
        });
        if keep.is_none() {
            tab.detail_scroll = 0;
        }
        if std::mem::take(&mut tab.select_first) {
            // The query changed: as in every picker, the best match.
            tab.selected = tab.outcome.hits.first().map(|h| h.doc);
            tab.offset = 0;
            tab.detail_scroll = 0;
        }
        self.clamp_offset(t);
    }

    /// Keep the detail and the help within their text (after a resize or
    /// a change to what the detail shows).
    fn clamp_scrolls(&mut self) {
        let max = self.detail_max_scroll();
        let t = self.current_mut();
        t.detail_scroll = t.detail_scroll.min(max);
        self.help_scroll = self.help_scroll.min(self.help_max_scroll());
    }

    fn clamp_offset(&mut self, t: usize) {
        let page = self.page_rows();
        let tab = &mut self.tabs[t];
        let row = tab.selected_row().unwrap_or(0);
        if row < tab.offset {
            tab.offset = row;
        } else if row >= tab.offset + page {
            tab.offset = row + 1 - page;
        }
        // Never leave empty rows below the list while rows above are hidden.
        let n = tab.outcome.hits.len();
        tab.offset = tab.offset.min(n.saturating_sub(page));
    }

    fn select_row(&mut self, row: usize) {
        let t = self.tab_index();
        let tab = &mut self.tabs[t];
        if let Some(h) = tab.outcome.hits.get(row) {
            if tab.selected != Some(h.doc) {
                tab.detail_scroll = 0;
            }
            tab.selected = Some(h.doc);
        }
        self.clamp_offset(t);
    }

    fn move_by(&mut self, delta: isize) {
        if self.overlay == Overlay::Help {
            let max = self.help_max_scroll();
            self.help_scroll = (self.help_scroll as isize + delta).clamp(0, max as isize) as u16;
            return;
        }
        match self.focus_or_overlay() {
            Focus::Facets => {
                let t = self.current_mut();
                let stops = t.cursor_stops();
                if stops.is_empty() {
                    return;
                }
                let at = stops
                    .iter()
                    .position(|i| *i >= t.facet_cursor)
                    .unwrap_or(stops.len() - 1);
                let to = (at as isize + delta).clamp(0, stops.len() as isize - 1) as usize;
                t.facet_cursor = stops[to];
            }
            Focus::Detail => {
                let max = self.detail_max_scroll();
                let t = self.current_mut();
                t.detail_scroll = (t.detail_scroll as isize + delta).clamp(0, max as isize) as u16;
            }
            Focus::Results | Focus::Search => {
                let t = self.current();
                let n = t.outcome.hits.len();
                if n == 0 {
                    return;
                }
                let row = t.selected_row().unwrap_or(0) as isize;
                let row = (row + delta).clamp(0, n as isize - 1) as usize;
                self.select_row(row);
            }
        }
    }

    /// Jump the facet cursor to the first shown value of the next (or
    /// previous) group.
    fn jump_group(&mut self, forward: bool) {
        let t = self.current_mut();
        let stops = t.cursor_stops();
        let here = t.cursor_group();
        let firsts: Vec<(usize, usize)> = stops
            .iter()
            .filter_map(|i| t.value_at(*i).map(|(f, _)| (f, *i)))
            .fold(Vec::new(), |mut acc, (f, i)| {
                if acc.last().is_none_or(|(g, _)| *g != f) {
                    acc.push((f, i));
                }
                acc
            });
        let target = match here {
            Some(g) if forward => firsts.iter().find(|(f, _)| *f > g),
            Some(g) => firsts.iter().rev().find(|(f, _)| *f < g),
            None => firsts.first(),
        };
        if let Some((_, i)) = target {
            t.facet_cursor = *i;
        }
    }

    fn focus_or_overlay(&self) -> Focus {
        match self.overlay {
            Overlay::Facets => Focus::Facets,
            Overlay::Detail => Focus::Detail,
            _ => self.focus,
        }
    }

    fn panes(&self) -> Vec<Focus> {
        match self.layout() {
            Layout::Wide => vec![Focus::Facets, Focus::Results, Focus::Detail],
            Layout::Medium => vec![Focus::Results, Focus::Detail],
            _ => vec![Focus::Results],
        }
    }

    fn cycle_pane(&mut self, forward: bool) {
        let panes = self.panes();
        let n = panes.len();
        // From the search box, the next pane is the results.
        let from = if self.focus == Focus::Search {
            Focus::Results
        } else {
            self.focus
        };
        let i = panes.iter().position(|p| *p == from).unwrap_or(0);
        let next = if self.focus == Focus::Search && forward {
            i
        } else if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = panes[next];
        self.finding = false;
    }

    fn toggle_facet(&mut self) {
        let t = self.tab_index();
        if t == 1 {
            self.first_steps = false;
        }
        if let Some((f, v)) = self.tabs[t].facet_at_cursor() {
            self.tabs[t].filters.toggle(f, v);
            self.refresh(t);
        }
    }

    /// Edit the query; as in every picker, the best match is then selected.
    fn set_query(&mut self, edit: impl FnOnce(&mut line::Line) -> bool) {
        let t = self.tab_index();
        let tab = &mut self.tabs[t];
        let mut l = line::Line {
            text: std::mem::take(&mut tab.query),
            cursor: tab.query_cursor,
        };
        let changed = edit(&mut l);
        tab.query = l.text;
        tab.query_cursor = l.cursor;
        if !changed {
            return;
        }
        tab.select_first = true;
        self.refresh_typed(t);
    }

    /// Edit the text that narrows the filter values.
    fn set_find(&mut self, edit: impl FnOnce(&mut line::Line) -> bool) {
        let t = self.current_mut();
        if edit(&mut t.facet_find) {
            t.cursor_to_visible();
        }
    }

    /// Bookmarks only change the results in the bookmarks-only view; there
    /// the search runs again (to drop, add or regroup rows).
    fn bookmarks_changed(&mut self) {
        if self.bookmarks_only {
            self.refresh(0);
        }
    }

    /// Jump from an opportunity to its network in tab 1.
    fn go_to_network(&mut self, network: u32) {
        self.tab = Tab::Networks;
        let tab = &mut self.tabs[0];
        let mut cleared = Vec::new();
        if !tab.outcome.hits.iter().any(|h| h.doc == network) {
            // Make it visible: clear what hides it, and say so.
            if !tab.query.trim().is_empty() {
                cleared.push(format!("the search \"{}\"", tab.query.trim()));
            }
            let n = tab.filters.active().len();
            if n > 0 {
                cleared.push(if n == 1 {
                    "1 filter".to_string()
                } else {
                    format!("{n} filters")
                });
            }
            if self.bookmarks_only {
                cleared.push("bookmarks only".to_string());
            }
            tab.query.clear();
            tab.query_cursor = 0;
            tab.filters.clear();
            self.bookmarks_only = false;
            if self.fits_only {
                self.fits_only = false;
                self.refresh(1);
            }
            self.refresh(0);
        }
        self.tabs[0].selected = Some(network);
        self.tabs[0].detail_scroll = 0;
        self.clamp_offset(0);
        if let Some(n) = self.catalogue.networks.get(network as usize) {
            self.status = Some(if cleared.is_empty() {
                format!("Showing {}", n.name)
            } else {
                format!(
                    "Showing {} (cleared {} to show it)",
                    n.name,
                    cleared.join(" and ")
                )
            });
        }
    }

    fn open(&mut self) {
        match self.selected_doc() {
            Some(DocRef::Opportunity(n, _))
                if self.overlay == Overlay::Detail || self.focus == Focus::Detail =>
            {
                self.overlay = Overlay::None;
                self.go_to_network(n);
            }
            Some(_) if self.layout() == Layout::Narrow => {
                if self.focus == Focus::Search {
                    self.focus = Focus::Results;
                }
                self.overlay = Overlay::Detail;
            }
            Some(_) => self.focus = Focus::Detail,
            None => {}
        }
    }

    /// The link `o` and `y` act on, and what kind of page it is: an
    /// opportunity's own page, else its network's link (`Network::link`:
    /// website, join page, or the first source page).
    pub fn link(&self) -> Option<(String, String)> {
        let (net, opp) = match self.selected_doc()? {
            DocRef::Opportunity(n, o) => {
                let net = self.catalogue.networks.get(n as usize)?;
                (net, net.opportunities.get(o as usize))
            }
            DocRef::Network(n) => (self.catalogue.networks.get(n as usize)?, None),
        };
        if let Some(url) = opp.and_then(|o| o.url.as_ref()) {
            return Some((url.clone(), "the opportunity's page".to_string()));
        }
        net.link()
            .map(|l| (l.url.to_string(), l.label().to_string()))
    }

    /// The place filter of the current tab: the chosen scope ids.
    pub fn chosen_places(&self) -> Vec<&str> {
        let t = self.current();
        let Some((f, facet)) = t.index.facet("scope") else {
            return Vec::new();
        };
        facet
            .values
            .iter()
            .enumerate()
            .filter(|(v, _)| t.filters.is_selected(f, *v))
            .map(|(_, v)| v.id.as_str())
            .collect()
    }

    /// When `net` is shown for a chosen place only through a broader scope
    /// (a UK-wide network with Wales chosen): the chosen place and the
    /// broader scope, as labels ("Wales", "UK-wide").
    pub fn place_through(&self, net: &crate::catalogue::Network) -> Option<(String, String)> {
        use crate::catalogue::{PlaceMatch, VocabKind};
        let chosen = self.chosen_places();
        let vocab = &self.catalogue.vocab;
        if vocab.serves_any(&net.scope, &chosen)? == PlaceMatch::Direct {
            return None;
        }
        chosen
            .iter()
            .find_map(|p| match vocab.serves(&net.scope, p) {
                Some(PlaceMatch::Through(x)) => Some((
                    vocab.label(VocabKind::Scope, p).to_string(),
                    vocab.label(VocabKind::Scope, x).to_string(),
                )),
                _ => None,
            })
    }

    fn command(&mut self, c: Command) -> Vec<Effect> {
        let mut effects = Vec::new();
        match c {
            Command::Quit => self.quit = true,
            Command::Search => {
                self.overlay = Overlay::None;
                self.focus = Focus::Search;
                self.finding = false;
            }
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::PageDown => self.move_by(self.page() as isize),
            Command::PageUp => self.move_by(-(self.page() as isize)),
            Command::Top => self.move_by(isize::MIN / 2),
            Command::Bottom => self.move_by(isize::MAX / 2),
            Command::NextPane => self.cycle_pane(true),
            Command::PrevPane => self.cycle_pane(false),
            Command::Toggle => {
                if self.focus_or_overlay() == Focus::Facets {
                    self.toggle_facet();
                }
            }
            Command::Open => {
                if self.focus_or_overlay() == Focus::Facets {
                    self.toggle_facet();
                } else {
                    self.open();
                }
            }
            Command::ClearFilters => {
                let t = self.tab_index();
                if t == 1 {
                    self.first_steps = false;
                }
                self.tabs[t].filters.clear();
                self.refresh(t);
                self.status = Some("Filters cleared".into());
            }
            Command::Bookmark => effects = self.bookmark_selected(),
            Command::BookmarksOnly => {
                self.bookmarks_only = !self.bookmarks_only;
                if self.bookmarks_only {
                    self.tab = Tab::Networks;
                }
                self.refresh(0);
                effects.push(Effect::ReloadBookmarks);
            }
            Command::CycleStatus => effects = self.cycle_status(),
            Command::EditNote => effects = self.edit_note(),
            Command::Undo => effects = self.undo(),
            Command::Redo => effects = self.redo(),
            Command::Export => effects.push(Effect::ExportPlan),
            Command::Facets => {
                self.finding = false;
                self.overlay = if self.overlay == Overlay::Facets {
                    Overlay::None
                } else {
                    Overlay::Facets
                };
            }
            Command::OpenLink => match self.link() {
                Some((url, what)) => effects.push(Effect::OpenUrl { url, what }),
                None => self.status = Some("No link for this one".into()),
            },
            Command::CopyLink => match self.link() {
                Some((text, what)) => effects.push(Effect::Copy { text, what }),
                None => self.status = Some("No link for this one".into()),
            },
            Command::Networks => {
                self.tab = Tab::Networks;
                self.overlay = Overlay::None;
            }
            Command::Learning => {
                self.tab = Tab::Learning;
                self.overlay = Overlay::None;
            }
            Command::Profile => {
                self.overlay = Overlay::None;
                self.open_welcome();
            }
            Command::FitsOnly => {
                if self.profile.is_empty() {
                    self.status = Some(format!(
                        "No profile yet: {} says who you are",
                        self.keymap.key_label(Command::Profile)
                    ));
                } else {
                    self.fits_only = !self.fits_only;
                    self.refresh(0);
                    self.refresh(1);
                    self.status = Some(if self.fits_only {
                        "Showing only what fits you".to_string()
                    } else {
                        "Showing everything".to_string()
                    });
                }
            }
            Command::Help => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    self.help_scroll = 0;
                    self.finding = false;
                    Overlay::Help
                };
            }
            Command::NextGroup => self.jump_group(true),
            Command::PrevGroup => self.jump_group(false),
            Command::Fold => {
                let t = self.current_mut();
                t.facet_fold = !t.facet_fold;
                t.cursor_to_visible();
            }
            Command::FindFilter => {
                if self.focus_or_overlay() != Focus::Facets {
                    // Where the filters are a pane, go to it; else open them.
                    if self.panes().contains(&Focus::Facets) {
                        self.focus = Focus::Facets;
                    } else {
                        self.overlay = Overlay::Facets;
                    }
                }
                self.finding = true;
            }
            Command::Accept => {}
            Command::CursorLeft
            | Command::CursorRight
            | Command::WordLeft
            | Command::WordRight
            | Command::LineStart
            | Command::LineEnd
            | Command::DeleteBack
            | Command::DeleteForward
            | Command::DeleteWord
            | Command::ClearLine => {}
            Command::Back => {
                if self.status_sticky {
                    self.dismiss();
                } else if self.focus_or_overlay() == Focus::Facets
                    && !self.current().facet_find.text.is_empty()
                {
                    // First Esc shows every filter value again.
                    self.set_find(|l| l.edit(Command::ClearLine));
                } else if self.overlay != Overlay::None {
                    self.overlay = Overlay::None;
                } else if self.focus == Focus::Detail {
                    self.focus = Focus::Results;
                } else {
                    self.status = None;
                }
            }
        }
        effects
    }

    /// A key while the user types into the search box.
    fn search_key(&mut self, key: Key) -> Vec<Effect> {
        match self.keymap.lookup(Layer::Search, key) {
            Some(Command::Back) => self.focus = Focus::Results,
            Some(Command::Open) => self.open(),
            Some(Command::NextPane) => self.cycle_pane(true),
            Some(Command::PrevPane) => self.cycle_pane(false),
            Some(c) => return self.command(c),
            None => match self.keymap.lookup(Layer::Input, key) {
                Some(c) => self.set_query(|l| l.edit(c)),
                None => {
                    if let Some(c) = typed(key) {
                        self.set_query(|l| l.insert(c, MAX_QUERY_CHARS));
                    }
                }
            },
        }
        Vec::new()
    }

    /// A key while the user types into the filter finder.
    fn find_key(&mut self, key: Key) -> Vec<Effect> {
        match self.keymap.lookup(Layer::Find, key) {
            Some(Command::Accept) => self.finding = false,
            Some(Command::Back) => {
                self.finding = false;
                self.set_find(|l| l.edit(Command::ClearLine));
            }
            Some(c) => return self.command(c),
            None => match self.keymap.lookup(Layer::Input, key) {
                Some(c) => self.set_find(|l| l.edit(c)),
                None => {
                    if let Some(c) = typed(key) {
                        self.set_find(|l| l.insert(c, 100));
                    }
                }
            },
        }
        Vec::new()
    }

    /// A key while the note editor is open.
    fn note_key(&mut self, key: Key) -> Vec<Effect> {
        let Overlay::Note { id, text, cursor } = &mut self.overlay else {
            return Vec::new();
        };
        let note_command = self.keymap.lookup(Layer::Note, key);
        match note_command {
            Some(Command::Back) => {
                self.overlay = Overlay::None;
                self.status = Some("Note not changed".into());
            }
            Some(Command::Accept) => {
                let id = id.clone();
                let note = text.trim().to_string();
                self.overlay = Overlay::None;
                let note = (!note.is_empty()).then_some(note);
                return self.save_note(id, note);
            }
            _ => {
                let mut l = line::Line {
                    text: std::mem::take(text),
                    cursor: *cursor,
                };
                // The note's own keys (Home, End), then the shared editing keys.
                match note_command.or_else(|| self.keymap.lookup(Layer::Input, key)) {
                    Some(c) => {
                        l.edit(c);
                    }
                    None => {
                        if let Some(c) = typed(key) {
                            l.insert(c, bookmarks::MAX_NOTE_CHARS);
                        }
                    }
                }
                *text = l.text;
                *cursor = l.cursor;
            }
        }
        Vec::new()
    }

    /// A key among the commands; an overlay takes only its own keys.
    fn command_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(c) = self.keymap.command_for(key) else {
            return Vec::new();
        };
        let allowed = match self.overlay {
            Overlay::Help => matches!(
                c,
                Command::Down
                    | Command::Up
                    | Command::PageDown
                    | Command::PageUp
                    | Command::Top
                    | Command::Bottom
                    | Command::Help
                    | Command::Back
                    | Command::Quit
            ),
            Overlay::Facets => matches!(
                c,
                Command::Down
                    | Command::Up
                    | Command::PageDown
                    | Command::PageUp
                    | Command::Top
                    | Command::Bottom
                    | Command::Toggle
                    | Command::Open
                    | Command::ClearFilters
                    | Command::NextGroup
                    | Command::PrevGroup
                    | Command::Fold
                    | Command::FindFilter
                    | Command::Facets
                    | Command::Search
                    | Command::Help
                    | Command::Back
                    | Command::Quit
            ),
            _ => true,
        };
        if !allowed {
            return Vec::new();
        }
        if self.status.is_some() && !self.status_sticky && c != Command::Back {
            self.status = None;
        }
        self.command(c)
    }
}

/// The longest query the search box takes.
pub const MAX_QUERY_CHARS: usize = 200;

/// The character a key types, if it types one that may go into a text box.
fn typed(key: Key) -> Option<char> {
    match key.code {
        KeyCode::Char(c) if key.is_printable() && typeable(c) => Some(c),
        _ => None,
    }
}

/// The longest text the filter finder takes.
const MAX_FIND_CHARS: usize = 100;

impl App {
    /// A paste: cleaned as typed text is (line breaks and tabs become
    /// spaces, anything the sanitiser refuses is dropped), put in at the
    /// cursor of the note being written, of the filter finder, or else of
    /// the search box, cut to its limit: one edit.
    fn paste(&mut self, text: &str) {
        let cut = match self.mode() {
            Mode::Note => {
                let Overlay::Note {
                    text: note, cursor, ..
                } = &mut self.overlay
                else {
                    return;
                };
                let max = bookmarks::MAX_NOTE_CHARS;
                let (clean, more) = clean_paste(text, max.saturating_sub(note.chars().count()));
                let mut l = line::Line {
                    text: std::mem::take(note),
                    cursor: *cursor,
                };
                l.insert_str(&clean, max);
                (*note, *cursor) = (l.text, l.cursor);
                more.then_some(max)
            }
            Mode::Find => {
                let room =
                    MAX_FIND_CHARS.saturating_sub(self.current().facet_find.text.chars().count());
                let (clean, more) = clean_paste(text, room);
                self.set_find(|l| l.insert_str(&clean, MAX_FIND_CHARS));
                more.then_some(MAX_FIND_CHARS)
            }
            _ if self.layout() == Layout::TooSmall => return,
            _ => {
                self.overlay = Overlay::None;
                self.focus = Focus::Search;
                let t = self.tab_index();
                let room = MAX_QUERY_CHARS.saturating_sub(self.tabs[t].query.chars().count());
                let (clean, more) = clean_paste(text, room);
                self.set_query(|l| l.insert_str(&clean, MAX_QUERY_CHARS));
                more.then_some(MAX_QUERY_CHARS)
            }
        };
        // A message that stays is not replaced by this one.
        if let Some(max) = cut
            && !self.status_sticky
        {
            self.status = Some(format!("Pasted text cut to {max} characters"));
        }
    }
}

/// Pasted text as if typed, at most `room` characters: line breaks and
/// tabs become spaces (CR LF one space), anything the sanitiser refuses is
/// dropped. True as well when more did not fit.
fn clean_paste(text: &str, room: usize) -> (String, bool) {
    let mut out = String::new();
    let mut n = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\r' if chars.peek() == Some(&'\n') => continue,
            '\r' | '\n' | '\t' | '\u{2028}' | '\u{2029}' => ' ',
            c if typeable(c) => c,
            _ => continue,
        };
        if n == room {
            return (out, true);
        }
        out.push(c);
        n += 1;
    }
    (out, false)
}

/// A character that may be typed into the search box or a note: nothing the
/// sanitiser would refuse (controls, bidi overrides, zero-width, tags).
fn typeable(c: char) -> bool {
    !crate::catalogue::sanitize::is_forbidden(c) && !crate::catalogue::sanitize::is_invisible(c)
}

/// Change the state for one action; return what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = update_state(app, action);
    effects.extend(app.pending.drain(..).map(Effect::Search));
    effects
}

fn update_state(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Searched {
            tab,
            generation,
            outcome,
        } => {
            app.searched(tab, generation, outcome);
            Vec::new()
        }
        Action::Mouse(kind, target) => {
            app.mouse(kind, target);
            Vec::new()
        }
        Action::Resize(w, h) => {
            app.width = w;
            app.height = h;
            if !app.panes().contains(&app.focus) && app.focus != Focus::Search {
                app.focus = Focus::Results;
            }
            if app.layout() != Layout::Narrow && app.overlay == Overlay::Detail {
                app.overlay = Overlay::None;
                app.focus = Focus::Detail;
            }
            for t in 0..2 {
                app.clamp_offset(t);
            }
            app.clamp_scrolls();
            Vec::new()
        }
        Action::BookmarksLoaded(list) => {
            app.bookmarks_loaded(list);
            Vec::new()
        }
        Action::BookmarkSaved {
            why,
            steps,
            bookmarks,
        } => {
            app.saved(why, steps, bookmarks);
            Vec::new()
        }
        Action::BookmarkNotSaved {
            why,
            error,
            bookmarks,
        } => {
            app.not_saved(why, error, bookmarks);
            Vec::new()
        }
        Action::Status(s) => {
            if !app.status_sticky {
                app.status = Some(s);
            }
            Vec::new()
        }
        Action::Sticky(s) => {
            app.sticky(s);
            Vec::new()
        }
        Action::Paste(text) => {
            app.paste(&text);
            Vec::new()
        }
        Action::Command(c) => app.command(c),
        Action::Key(ev) => {
            let key = Key::from_event(&ev);
            if key == keymap::QUIT_ANYWHERE {
                // Ctrl-C quits from anywhere, whatever the keymap says.
                app.quit = true;
                return Vec::new();
            }
            if app.welcome.is_some() {
                return app.welcome_key(&ev);
            }
            // A message that stays is dismissed by the back key of the
            // layer in force (except in the note editor, where it cancels).
            let mode = app.mode();
            let back = match mode {
                Mode::Note => None,
                Mode::Search => app.keymap.lookup(Layer::Search, key),
                Mode::Find => app.keymap.lookup(Layer::Find, key),
                Mode::Commands => app.keymap.command_for(key),
            };
            if app.status_sticky && back == Some(Command::Back) {
                app.dismiss();
                return Vec::new();
            }
            if app.layout() == Layout::TooSmall {
                return match app.keymap.command_for(key) {
                    Some(Command::Quit) => app.command(Command::Quit),
                    _ => Vec::new(),
                };
            }
            match mode {
                Mode::Note => app.note_key(key),
                Mode::Search => app.search_key(key),
                Mode::Find => app.find_key(key),
                Mode::Commands => app.command_key(key),
            }
        }
    }
}

#[cfg(test)]
mod paste_tests {
    use super::clean_paste;

    #[test]
    fn a_paste_is_cleaned_as_typing_is_and_cut_to_the_room_left() {
        let (q, cut) = clean_paste("ana\r\nlyst\tx\u{202e}y\u{200b}z\u{1b}[31m", 200);
        assert!(!cut);
        assert_eq!(q, "ana lyst xyz[31m");
        assert_eq!(clean_paste("cdé\nfg", 3), ("cdé".to_string(), true));
        assert_eq!(clean_paste("y", 0), (String::new(), true));
        assert_eq!(clean_paste("", 0), (String::new(), false));
    }
}
