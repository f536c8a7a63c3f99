//! The app's state, the actions that change it, and `update`, which changes
//! state and returns effects for the runtime to carry out. Nothing here draws
//! or touches the terminal, so every behaviour is testable with plain calls.

mod bookmarking;
pub mod geometry;
pub mod keymap;

use std::collections::HashMap;

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::Rect;

use crate::bookmarks::{self, Bookmark, BookmarkStatus, Change, Step};
use crate::catalogue::Catalogue;
use crate::query::{DocRef, Filters, Index, Outcome, Query};

pub use bookmarking::{History, Why};
pub use keymap::{Command, Context, Key, Keymap};

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
    pub index: Index,
    pub query: String,
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
}

impl TabState {
    fn new(index: Index) -> TabState {
        let filters = Filters::new(&index);
        TabState {
            index,
            query: String::new(),
            filters,
            outcome: Outcome::default(),
            selected: None,
            offset: 0,
            facet_cursor: 0,
            facet_offset: 0,
            detail_scroll: 0,
        }
    }

    /// The row of the selected document among the results.
    pub fn selected_row(&self) -> Option<usize> {
        let sel = self.selected?;
        self.outcome.hits.iter().position(|h| h.doc == sel)
    }

    /// Every row of the facet pane, headings included.
    pub fn facet_rows(&self) -> Vec<FacetRow> {
        let mut rows = Vec::new();
        for (f, facet) in self.index.facets.iter().enumerate() {
            rows.push(FacetRow::Heading(f));
            for v in 0..facet.values.len() {
                rows.push(FacetRow::Value(f, v));
            }
        }
        rows
    }

    /// The (facet, value) under the facet cursor.
    pub fn facet_at_cursor(&self) -> Option<(usize, usize)> {
        self.facet_rows()
            .into_iter()
            .filter_map(|r| match r {
                FacetRow::Value(f, v) => Some((f, v)),
                FacetRow::Heading(_) => None,
            })
            .nth(self.facet_cursor)
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
    /// Open a checked http(s) link in the browser.
    OpenUrl(String),
    /// Put text on the clipboard (OSC 52).
    Copy(String),
    /// Write the joining plan to a new file.
    ExportPlan,
}

/// Everything that can happen to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Key(KeyEvent),
    Mouse(MouseEvent),
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
            focus: Focus::Results,
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
        };
        app.refresh(0);
        app.refresh(1);
        app
    }

    pub fn layout(&self) -> Layout {
        Layout::for_size(self.width, self.height)
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

    /// Run the search of tab `t` again and keep the selection where it can be.
    fn refresh(&mut self, t: usize) {
        let prev_row = self.tabs[t].selected_row().unwrap_or(0);
        let only = self.bookmarks_only && t == 0;
        let ids: HashMap<&str, BookmarkStatus> = self
            .bookmarks
            .iter()
            .map(|b| (b.id.as_str(), b.status))
            .collect();
        let cat = &self.catalogue;
        let tab = &self.tabs[t];
        let query = Query::parse(&tab.query);
        let allow = |i: usize| {
            !only
                || cat
                    .networks
                    .get(i)
                    .is_some_and(|n| ids.contains_key(n.id.as_str()))
        };
        let mut outcome = tab.index.search(&query, &tab.filters, Some(&allow));
        if only {
            // Bookmarks only: to join first, then joined.
            outcome.hits.sort_by_key(|h| {
                cat.networks
                    .get(h.doc as usize)
                    .and_then(|n| ids.get(n.id.as_str()))
                    .is_some_and(|s| *s == BookmarkStatus::Joined)
            });
        }
        let tab = &mut self.tabs[t];
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
        self.clamp_offset(t);
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
        match self.focus_or_overlay() {
            Focus::Facets => {
                let t = self.current_mut();
                let n = t.facet_value_count();
                if n > 0 {
                    t.facet_cursor =
                        (t.facet_cursor as isize + delta).clamp(0, n as isize - 1) as usize;
                }
            }
            Focus::Detail => {
                let t = self.current_mut();
                t.detail_scroll =
                    (t.detail_scroll as isize + delta).clamp(0, u16::MAX as isize) as u16;
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

    /// The pane that movement keys act on, counting overlays.
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
        let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
        let n = panes.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = panes[next];
    }

    fn toggle_facet(&mut self) {
        let t = self.tab_index();
        if let Some((f, v)) = self.tabs[t].facet_at_cursor() {
            self.tabs[t].filters.toggle(f, v);
            self.refresh(t);
        }
    }

    /// Edit the query; as in every picker, the best match is then selected.
    fn set_query(&mut self, edit: impl FnOnce(&mut String)) {
        let t = self.tab_index();
        edit(&mut self.tabs[t].query);
        self.refresh(t);
        let tab = &mut self.tabs[t];
        tab.selected = tab.outcome.hits.first().map(|h| h.doc);
        tab.offset = 0;
        tab.detail_scroll = 0;
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
        if !tab.outcome.hits.iter().any(|h| h.doc == network) {
            // Make it visible: clear what hides it.
            tab.query.clear();
            tab.filters.clear();
            self.bookmarks_only = false;
            self.refresh(0);
        }
        self.tabs[0].selected = Some(network);
        self.tabs[0].detail_scroll = 0;
        self.clamp_offset(0);
        if let Some(n) = self.catalogue.networks.get(network as usize) {
            self.status = Some(format!("Showing {}", n.name));
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
            Some(_) if self.layout() == Layout::Narrow => self.overlay = Overlay::Detail,
            Some(_) => self.focus = Focus::Detail,
            None => {}
        }
    }

    fn link(&self) -> Option<String> {
        match self.selected_doc()? {
            DocRef::Opportunity(n, o) => {
                let net = self.catalogue.networks.get(n as usize)?;
                let opp = net.opportunities.get(o as usize)?;
                opp.url.clone().or_else(|| net.link().map(str::to_string))
            }
            DocRef::Network(n) => self
                .catalogue
                .networks
                .get(n as usize)?
                .link()
                .map(str::to_string),
        }
    }

    fn command(&mut self, c: Command) -> Vec<Effect> {
        let mut effects = Vec::new();
        match c {
            Command::Quit => self.quit = true,
            Command::Search => {
                self.overlay = Overlay::None;
                self.focus = Focus::Search;
            }
            Command::Down => self.move_by(1),
            Command::Up => self.move_by(-1),
            Command::PageDown => self.move_by(self.page_rows() as isize),
            Command::PageUp => self.move_by(-(self.page_rows() as isize)),
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
                self.overlay = if self.overlay == Overlay::Facets {
                    Overlay::None
                } else {
                    Overlay::Facets
                };
            }
            Command::OpenLink => match self.link() {
                Some(u) => effects.push(Effect::OpenUrl(u)),
                None => self.status = Some("No link for this one".into()),
            },
            Command::CopyLink => match self.link() {
                Some(u) => effects.push(Effect::Copy(u)),
                None => self.status = Some("No link for this one".into()),
            },
            Command::Networks => {
                self.tab = Tab::Networks;
                self.overlay = Overlay::None;
            }
            Command::Learning => {
                self.tab = Tab::Learning;
                self.overlay = Overlay::None;
                if self.focus == Focus::Search {
                    self.focus = Focus::Results;
                }
            }
            Command::Help => {
                self.overlay = if self.overlay == Overlay::Help {
                    Overlay::None
                } else {
                    Overlay::Help
                };
            }
            Command::Back => {
                if self.status_sticky {
                    self.dismiss();
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

    fn search_key(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Enter | KeyCode::Esc => self.focus = Focus::Results,
            KeyCode::Char('c') if ctrl => self.quit = true,
            KeyCode::Char('u') if ctrl => self.set_query(String::clear),
            KeyCode::Char('w') if ctrl => self.set_query(|q| {
                let trimmed = q.trim_end().len();
                q.truncate(trimmed);
                let cut = q.rfind(' ').map_or(0, |i| i + 1);
                q.truncate(cut);
            }),
            KeyCode::Backspace => self.set_query(|q| {
                q.pop();
            }),
            KeyCode::Down => self.move_by(1),
            KeyCode::Up => self.move_by(-1),
            KeyCode::Tab => {
                self.focus = Focus::Results;
            }
            KeyCode::Char(c)
                if !ctrl && typeable(c) && self.current().query.chars().count() < 200 =>
            {
                self.set_query(|q| q.push(c));
            }
            _ => {}
        }
        Vec::new()
    }

    fn note_key(&mut self, ev: &KeyEvent) -> Vec<Effect> {
        let Overlay::Note { id, text } = &mut self.overlay else {
            return Vec::new();
        };
        let ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        match ev.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                self.status = Some("Note not changed".into());
            }
            KeyCode::Enter => {
                let id = id.clone();
                let note = text.trim().to_string();
                self.overlay = Overlay::None;
                let note = (!note.is_empty()).then_some(note);
                return self.save_note(id, note);
            }
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char('u') if ctrl => text.clear(),
            KeyCode::Char('c') if ctrl => self.quit = true,
            KeyCode::Char(c)
                if !ctrl && typeable(c) && text.chars().count() < bookmarks::MAX_NOTE_CHARS =>
            {
                text.push(c);
            }
            _ => {}
        }
        Vec::new()
    }
}

impl App {
    /// A click or a wheel turn at a screen position.
    fn mouse(&mut self, ev: MouseEvent) {
        if self.layout() == Layout::TooSmall
            || matches!(self.overlay, Overlay::Note { .. } | Overlay::Help)
        {
            return;
        }
        let area = Rect::new(0, 0, self.width, self.height);
        let p = geometry::panes(area);
        let (x, y) = (ev.column, ev.row);
        let facets_rect = match self.overlay {
            Overlay::Facets => Some(geometry::facets_overlay(area)),
            Overlay::None => p.facets,
            _ => None,
        };
        let wheel = match ev.kind {
            MouseEventKind::ScrollDown => 3,
            MouseEventKind::ScrollUp => -3,
            _ => 0,
        };
        let click = matches!(ev.kind, MouseEventKind::Down(MouseButton::Left));
        if !click && wheel == 0 {
            return;
        }
        if let Some(r) = facets_rect.filter(|r| geometry::contains(*r, x, y)) {
            // Only the facet pane of the wide layout takes the focus. The
            // overlay has the keyboard while it is open (`focus_or_overlay`),
            // as when it is opened by `f`, and leaves the focus where it was,
            // on a pane that is on screen, when it closes.
            if self.overlay == Overlay::None {
                self.focus = Focus::Facets;
            }
            if wheel != 0 {
                self.move_by(wheel);
                return;
            }
            let inner = geometry::inner(r);
            if !geometry::contains(inner, x, y) {
                return;
            }
            let t = self.tab_index();
            let first = geometry::facet_first_row(&self.tabs[t], inner.height as usize);
            let rows = self.tabs[t].facet_rows();
            if let Some(FacetRow::Value(f, v)) = rows.get(first + usize::from(y - inner.y)).copied()
            {
                let pos = rows[..first + usize::from(y - inner.y)]
                    .iter()
                    .filter(|r| matches!(r, FacetRow::Value(..)))
                    .count();
                self.tabs[t].facet_cursor = pos;
                self.tabs[t].filters.toggle(f, v);
                self.refresh(t);
            }
            return;
        }
        if self.overlay != Overlay::None {
            return;
        }
        if click && geometry::contains(p.header, x, y) {
            match geometry::tab_at(x) {
                Some(0) => self.tab = Tab::Networks,
                Some(_) => self.tab = Tab::Learning,
                None => {}
            }
            return;
        }
        if click && geometry::contains(p.search, x, y) {
            self.focus = Focus::Search;
            return;
        }
        if geometry::contains(p.results, x, y) {
            self.focus = Focus::Results;
            if wheel != 0 {
                self.move_by(wheel);
                return;
            }
            let inner = geometry::inner(p.results);
            if geometry::contains(inner, x, y) {
                let row = self.current().offset + usize::from(y - inner.y);
                self.select_row(row);
            }
            return;
        }
        if let Some(r) = p.detail.filter(|r| geometry::contains(*r, x, y)) {
            let _ = r;
            self.focus = Focus::Detail;
            if wheel != 0 {
                self.move_by(wheel);
            }
        }
    }
}

/// A character that may be typed into the search box or a note: nothing the
/// sanitiser would refuse (controls, bidi overrides, zero-width, tags).
fn typeable(c: char) -> bool {
    !crate::catalogue::sanitize::is_forbidden(c) && !crate::catalogue::sanitize::is_invisible(c)
}

/// Change the state for one action; return what the runtime must do.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Mouse(ev) => {
            app.mouse(ev);
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
        Action::Command(c) => app.command(c),
        Action::Key(ev) => {
            // A message that stays is dismissed by the back key, wherever
            // the keyboard is (except in the note editor, where it cancels).
            if app.status_sticky
                && !matches!(app.overlay, Overlay::Note { .. })
                && app.keymap.command_for(Key::from_event(&ev)) == Some(Command::Back)
            {
                app.dismiss();
                return Vec::new();
            }
            if matches!(app.overlay, Overlay::Note { .. }) {
                return app.note_key(&ev);
            }
            if app.focus == Focus::Search && app.overlay == Overlay::None {
                return app.search_key(&ev);
            }
            if app.layout() == Layout::TooSmall {
                let key = Key::from_event(&ev);
                return match app.keymap.command_for(key) {
                    Some(Command::Quit) => app.command(Command::Quit),
                    _ => Vec::new(),
                };
            }
            let key = Key::from_event(&ev);
            match app.keymap.command_for(key) {
                Some(c) => {
                    if app.status.is_some() && !app.status_sticky && c != Command::Back {
                        app.status = None;
                    }
                    app.command(c)
                }
                None => Vec::new(),
            }
        }
    }
}
