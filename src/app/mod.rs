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
//! (`keymap/`, `help`), clicks on what is under the mouse (`mouse`: a target
//! that `ui::hit_test` found, never a rectangle) and the sizes of the panes
//! that scroll, as the UI hands them in (`view`).

mod action;
pub mod background;
mod bookmarking;
mod commands;
mod fits;
pub mod help;
mod input;
pub mod keymap;
pub mod line;
mod mouse;
mod moves;
mod search;
mod state;
mod tab;
mod view;
pub mod welcome;

use crate::bookmarks::Bookmark;
use crate::catalogue::Catalogue;
use crate::profile::{Profile, fit};

pub use action::{Action, Effect, copied_message, opened_message};
pub use background::{BACKGROUND_FROM, LearningIndex, OpenedIndex, SearchRequest};
pub use bookmarking::{History, Why};
pub use input::MAX_QUERY_CHARS;
pub use keymap::{Command, Context, Key, Keymap, Layer};
pub use mouse::{MouseKind, Target};
pub use state::{Focus, Layout, Mode, Overlay, Tab};
pub use tab::{FacetRow, TabState};
pub use view::{Areas, MeasureAreas, Size};

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
    /// Whether the learning tab's index is there, or still to be opened
    /// (`Effect::OpenLearning`, after the first frame).
    pub learning_index: LearningIndex,
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
            measure_areas: None,
            background_from: BACKGROUND_FROM,
            pending: Vec::new(),
            learning_index: LearningIndex::Ready,
        };
        app.refresh(0);
        app.refresh(1);
        app
    }

    /// The app over a catalogue whose index of opportunities is still to be
    /// opened (from the cache entry, off the UI thread): the learning tab
    /// shows that it is opening until `Action::LearningOpened` brings it.
    /// It is asked for once the first frame is on screen (`Action::Shown`).
    pub fn with_learning_later(
        catalogue: Catalogue,
        networks: crate::query::Index,
        bookmarks: Vec<Bookmark>,
        keymap: Keymap,
    ) -> App {
        let learning = crate::query::Index::opportunities(&Catalogue::default());
        let indexes = crate::query::Indexes { networks, learning };
        let mut app = App::with_indexes(catalogue, indexes, bookmarks, keymap);
        app.learning_index = LearningIndex::Later;
        app
    }

    /// Whether the learning tab is waiting for its index.
    pub fn learning_opening(&self) -> bool {
        self.learning_index != LearningIndex::Ready
    }

    /// The learning tab's index has come: the tab searches it with the
    /// query typed meanwhile, and the profile's fits and first steps are
    /// worked out for it.
    fn learning_opened(&mut self, index: std::sync::Arc<crate::query::Index>) {
        if self.learning_index == LearningIndex::Ready {
            return;
        }
        self.learning_index = LearningIndex::Ready;
        let old = std::mem::replace(&mut self.tabs[1], TabState::shared(index));
        let tab = &mut self.tabs[1];
        let (query, cursor) = (old.query, old.query_cursor);
        tab.edit_query(|l| {
            *l = line::Line {
                text: query,
                cursor,
            };
            true
        });
        self.fits[1] = self.fits_of(1);
        if self.first_steps {
            self.open_first_steps();
        }
        self.refresh(1);
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
        Action::Shown if app.learning_index == LearningIndex::Later => {
            app.learning_index = LearningIndex::Opening;
            vec![Effect::OpenLearning]
        }
        Action::Shown => Vec::new(),
        Action::LearningOpened(OpenedIndex(index)) => {
            app.learning_opened(index);
            Vec::new()
        }
        Action::Mouse(kind, target) => {
            app.mouse(kind, target);
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
