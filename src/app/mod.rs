//! The app's state, the actions that change it, and `update`, which changes
//! state and returns effects for the runtime to carry out. Nothing here draws
//! or touches the terminal, so every behaviour is testable with plain calls.
//!
//! The parts: what can happen and what the runtime does after (`action`);
//! modes, layout and what drawing asks (`state`); one tab's query, results
//! and facet rows (`tab`); keys, pastes and the text boxes (`input`, over the
//! one line editor `line`); what each command does (`commands`), moving
//! (`moves`), searching (`search`), the profile's fit (`fits`), bookmarks
//! (`bookmarking`), the welcome questions (`welcome`), the keymap and help
//! (`keymap/`, `help`). The clicks (`App::mouse`, here) and the screen's
//! rectangles (`geometry`) are the last of the layout that `update` knows.

mod action;
pub mod background;
mod bookmarking;
mod commands;
mod fits;
pub mod geometry;
pub mod help;
mod input;
pub mod keymap;
pub mod line;
mod moves;
mod search;
mod state;
mod tab;
pub mod welcome;

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;

use crate::bookmarks::Bookmark;
use crate::catalogue::Catalogue;
use crate::profile::{Profile, fit};

pub use action::{Action, Effect, copied_message, opened_message};
pub use background::{BACKGROUND_FROM, SearchRequest};
pub use bookmarking::{History, Why};
pub use input::MAX_QUERY_CHARS;
pub use keymap::{Command, Context, Key, Keymap, Layer};
pub use state::{Focus, Layout, Mode, Overlay, Tab};
pub use tab::{FacetRow, TabState};

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
    /// Tabs with at least this many documents search off the UI thread
    /// while the query is typed (`BACKGROUND_FROM`; tests may lower it).
    pub background_from: usize,
    /// Searches asked for by this update, handed out as `Effect::Search`.
    pending: Vec<SearchRequest>,
}

/// Rows the detail of the selected item takes when wrapped to a width.
pub type DetailMeasure = fn(&App, u16) -> usize;

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
            background_from: BACKGROUND_FROM,
            pending: Vec::new(),
        };
        app.refresh(0);
        app.refresh(1);
        app
    }
}

impl App {
    /// A click or a wheel turn at a screen position.
    fn mouse(&mut self, ev: MouseEvent) {
        if self.layout() == Layout::TooSmall
            || self.welcome.is_some()
            || matches!(self.overlay, Overlay::Note { .. })
        {
            return;
        }
        if self.overlay == Overlay::Help {
            // The wheel scrolls the help; nothing under it moves.
            match ev.kind {
                MouseEventKind::ScrollDown => self.move_by(3),
                MouseEventKind::ScrollUp => self.move_by(-3),
                _ => {}
            }
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
            let inner = geometry::facet_list(geometry::inner(r), self.facet_finder_shown());
            if !geometry::contains(inner, x, y) {
                return;
            }
            let t = self.tab_index();
            let first = geometry::facet_first_row(&self.tabs[t], inner.height as usize);
            let rows = self.tabs[t].facet_rows();
            if let Some(FacetRow::Value(f, v)) = rows.get(first + usize::from(y - inner.y)).copied()
            {
                self.tabs[t].facet_cursor = self.tabs[t].value_index(f, v);
                self.tabs[t].filters.toggle(f, v);
                self.refresh(t);
            }
            return;
        }
        if self.overlay != Overlay::None {
            return;
        }
        // Anywhere but the filters: the finder lets go of the keyboard.
        self.finding = false;
        if click && geometry::contains(p.header, x, y) {
            match geometry::tab_at(&self.keymap, x, self.width) {
                Some(0) => self.tab = Tab::Networks,
                Some(_) => self.tab = Tab::Learning,
                None => {}
            }
            return;
        }
        if click && geometry::contains(p.search, x, y) {
            self.focus = Focus::Search;
            self.finding = false;
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

/// Change the state for one action; return what the runtime must do. What
/// drawing reads (each tab's facet rows and selected row) is worked out here,
/// once per change, never by a draw call.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = update_state(app, action);
    for tab in &mut app.tabs {
        tab.sync();
    }
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
        Action::Mouse(ev) => {
            app.mouse(ev);
            Vec::new()
        }
        Action::Resize(w, h) => {
            app.resize(w, h);
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
        Action::Key(ev) => app.key(&ev),
    }
}
