//! Why the bookmarks could not be changed, and what reading them gave.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use super::{Bookmark, MAX_PATH_CHARS, MAX_REASON_CHARS};
use crate::text::sanitize;

/// Why the bookmarks could not be changed.
#[derive(Debug)]
pub enum StoreError {
    /// The file must not be changed; the text says why (e.g. a newer format)
    /// and names the file.
    ReadOnly(String),
    /// Another process held the lock file `path` for too long; `holder`
    /// is who it says it is, when it says.
    Locked {
        path: PathBuf,
        holder: Option<String>,
    },
    /// Reading or writing failed; the text names the file.
    Io(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::ReadOnly(why) => write!(f, "bookmarks are read-only: {why}"),
            StoreError::Locked { path, holder } => write!(
                f,
                "the bookmarks file is busy: {} is held by {}; try again",
                show(path),
                holder.as_deref().unwrap_or("another program"),
            ),
            StoreError::Io(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for StoreError {}

/// An I/O error as one line naming the file.
pub(super) fn io_error(what: &str, path: &Path, e: &io::Error) -> StoreError {
    let e = sanitize::line(&e.to_string(), MAX_REASON_CHARS);
    StoreError::Io(format!("cannot {what} {}: {e}", show(path)))
}

/// A path as it may be shown: sanitised and capped.
pub(super) fn show(path: &Path) -> String {
    sanitize::line(&path.display().to_string(), MAX_PATH_CHARS)
}

/// The bookmarks as read (or as written, after `update`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Loaded {
    pub bookmarks: Vec<Bookmark>,
    /// Set when the file must not be changed (a newer format), with why.
    pub read_only: Option<String>,
    /// Things the user should know: a damaged file, where a copy was kept,
    /// entries that could not be read.
    pub notices: Vec<String>,
}
