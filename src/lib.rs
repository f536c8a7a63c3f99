//! hinet: find UK health and care informatics networks, their learning and
//! training, and keep a list of the ones to join.
//!
//! The core (`catalogue`, `query`, `bookmarks`) knows nothing of the terminal;
//! `app` holds the UI state and its update function, `ui` draws it, and `tui`
//! runs the terminal.

pub mod catalogue;
pub mod cli;
pub mod paths;
pub mod present;
pub mod query;

/// The ids of the user's bookmarks (for `search --bookmarked`).
pub fn bookmarks_ids() -> Result<std::collections::HashSet<String>, cli::Failure> {
    Ok(std::collections::HashSet::new())
}
