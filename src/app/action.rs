//! What can happen to the app (`Action`) and what the runtime must do after
//! an update (`Effect`).

use ratatui::crossterm::event::KeyEvent;

use super::{Command, MouseKind, SearchRequest, Target, Why};
use crate::bookmarks::{Bookmark, Change, Step};
use crate::profile::Profile;
use crate::query::Outcome;

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
    /// Open the learning tab's index (check it where it lies in the cache
    /// entry) off the UI thread, and report `Action::LearningOpened`.
    OpenLearning,
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
    /// The first frame is on screen: what was left for later may start.
    Shown,
    /// The learning tab's index, opened off the UI thread
    /// (`Effect::OpenLearning`).
    LearningOpened(super::OpenedIndex),
}
