//! hinet: find UK health and care informatics networks, their learning and
//! training, and keep a list of the ones to join.
//!
//! The core (`catalogue`, `query`, `bookmarks`) knows nothing of the terminal;
//! `app` holds the UI state and its update function, `ui` draws it, and `tui`
//! runs the terminal.

pub mod app;
pub mod bookmarks;
pub mod browser;
pub mod cache;
pub mod catalogue;
pub mod cli;
pub mod config;
pub mod export;
pub mod paths;
pub mod present;
pub mod query;
pub mod tui;
pub mod ui;

/// The ids of the user's bookmarks (for `search --bookmarked`).
pub fn bookmarks_ids() -> Result<std::collections::HashSet<String>, cli::Failure> {
    let store = bookmarks::Store::in_dir(&paths::data_dir());
    let loaded = store
        .load()
        .map_err(|e| cli::Failure::input(format!("error: {e}")))?;
    Ok(loaded.bookmarks.into_iter().map(|b| b.id).collect())
}
