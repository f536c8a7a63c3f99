//! The user's bookmarks: the networks they mean to join, each with a status
//! and an optional note, kept in `bookmarks.toml` (DESIGN.md §2).
//!
//! ```toml
//! format = 1
//! [[bookmark]]
//! id = "apha"
//! status = "to-join"            # to-join | joined
//! note = "ask my manager about CPD funding"
//! added = 2026-11-24T10:00:00Z
//! ```
//!
//! This is the user's own data, so the rules of DESIGN.md §5 apply:
//!
//! - a change is the state the person asked for ([`Change`]: bookmarked, not
//!   bookmarked, a status, a note, or an entry put back by undo), applied
//!   under an exclusive lock on `bookmarks.toml.lock` to the file as it is
//!   now, so two copies of hinet never lose each other's changes (`store`);
//! - the change is made to the file's own text with `toml_edit` (`change`):
//!   comments, layout, unknown keys, unreadable entries and long or
//!   multi-line notes stay exactly as written;
//! - the file is written with `files::write_atomic` (a temp file in the same
//!   folder, synced, renamed, the folder synced), through a symbolic link to
//!   its target; a link that leads nowhere is never replaced;
//! - a file that cannot be read is copied aside byte for byte to
//!   `bookmarks.toml.corrupt-<unix-seconds>` before anything replaces it;
//! - a file of a newer format is never overwritten;
//! - every string read from the file is sanitised where it enters (what is
//!   shown of a note is one line of at most `MAX_NOTE_CHARS`; the file keeps
//!   it whole).
//!
//! Reading is lenient: a file from an older shape (only ids), unknown keys and
//! duplicate ids (the first is kept) all load. Loading never writes anything.
//!
//! This module knows nothing of the terminal.

mod change;
mod clock;
mod error;
mod file;
mod model;
mod store;
#[cfg(test)]
mod tests;

use std::time::Duration;

pub use change::{Change, Saved, Step};
pub use clock::now_rfc3339;
pub use error::{Loaded, StoreError};
pub use model::{Bookmark, BookmarkStatus, add, remove, set_note, set_status, toggle};
pub use store::Store;

use clock::unix_now;
use error::{io_error, show};
use file::{Parsed, parse, parse_entries, read_bytes};
use model::{clean_added, clean_id, clean_note, normalise};

// ---------------------------------------------------------------------------
// Limits
// ---------------------------------------------------------------------------

/// The version of the bookmarks file format this build reads and writes.
pub const FORMAT: i64 = 1;

/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 500;

/// The longest id kept, in characters (catalogue ids are at most 64).
const MAX_ID_CHARS: usize = 200;

/// The longest `added` text kept, in characters.
const MAX_ADDED_CHARS: usize = 64;

/// The longest path shown in a message, in characters.
const MAX_PATH_CHARS: usize = 300;

/// The longest parser message quoted in a notice, in characters.
const MAX_REASON_CHARS: usize = 200;

/// A bookmarks file larger than this is refused rather than read.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How long `update` waits for another process to release the lock.
const LOCK_WAIT: Duration = Duration::from_secs(5);

/// How often `update` tries the lock while waiting.
const LOCK_POLL: Duration = Duration::from_millis(20);

/// At most this many detailed notices about single entries; the rest are counted.
const MAX_ENTRY_NOTICES: usize = 5;
