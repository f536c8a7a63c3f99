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
mod store;
#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use toml::value::Value;

use crate::text::sanitize;

pub use change::{Change, Saved, Step};
pub use store::Store;

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

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

/// Where the user is with a network they bookmarked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BookmarkStatus {
    /// They mean to join it.
    #[default]
    ToJoin,
    /// They have joined it.
    Joined,
}

impl BookmarkStatus {
    /// Every status, in the order `next` cycles through them.
    const ALL: [BookmarkStatus; 2] = [BookmarkStatus::ToJoin, BookmarkStatus::Joined];

    /// The id used in the file and on the command line: `to-join` or `joined`.
    pub fn id(self) -> &'static str {
        match self {
            BookmarkStatus::ToJoin => "to-join",
            BookmarkStatus::Joined => "joined",
        }
    }

    /// The label shown to the user: `To join` or `Joined`.
    pub fn label(self) -> &'static str {
        match self {
            BookmarkStatus::ToJoin => "To join",
            BookmarkStatus::Joined => "Joined",
        }
    }

    /// The status with this id, if any.
    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The next status, cycling back to the first.
    pub fn next(self) -> Self {
        match self {
            BookmarkStatus::ToJoin => BookmarkStatus::Joined,
            BookmarkStatus::Joined => BookmarkStatus::ToJoin,
        }
    }
}

/// One saved network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bookmark {
    /// The network's id in the catalogue (kept even when the catalogue no
    /// longer has it).
    pub id: String,
    pub status: BookmarkStatus,
    /// A short note, as shown: sanitised to one line of at most
    /// `MAX_NOTE_CHARS` (the file may hold a longer one, kept as written).
    pub note: Option<String>,
    /// When it was added, RFC 3339 UTC (`2026-11-24T10:00:00Z`); empty when
    /// the file did not say.
    pub added: String,
}

// ---------------------------------------------------------------------------
// Pure edits
// ---------------------------------------------------------------------------

/// An id as it is kept: sanitised, one line, trimmed.
fn clean_id(id: &str) -> String {
    sanitize::line(id.trim(), MAX_ID_CHARS).trim().to_string()
}

/// A note as it is kept: sanitised, one line, trimmed, capped; empty is none.
fn clean_note(note: &str) -> Option<String> {
    let s = sanitize::line(note.trim(), MAX_NOTE_CHARS);
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// An `added` time as it is kept: sanitised, one line, trimmed.
fn clean_added(added: &str) -> String {
    sanitize::line(added.trim(), MAX_ADDED_CHARS)
        .trim()
        .to_string()
}

fn find(list: &[Bookmark], id: &str) -> Option<usize> {
    let id = clean_id(id);
    list.iter().position(|b| b.id == id)
}

/// Bookmark `id` (status to-join, no note, added `now`). Returns false when it
/// is already bookmarked, or when the id is empty once sanitised.
pub fn add(list: &mut Vec<Bookmark>, id: &str, now: &str) -> bool {
    let id = clean_id(id);
    if id.is_empty() || list.iter().any(|b| b.id == id) {
        return false;
    }
    list.push(Bookmark {
        id,
        status: BookmarkStatus::default(),
        note: None,
        added: clean_added(now),
    });
    true
}

/// Remove the bookmark of `id`. Returns false when there was none.
pub fn remove(list: &mut Vec<Bookmark>, id: &str) -> bool {
    match find(list, id) {
        Some(i) => {
            list.remove(i);
            true
        }
        None => false,
    }
}

/// Remove the bookmark of `id` if there is one, otherwise add it. Returns true
/// when `id` is bookmarked afterwards.
pub fn toggle(list: &mut Vec<Bookmark>, id: &str, now: &str) -> bool {
    if remove(list, id) {
        false
    } else {
        add(list, id, now)
    }
}

/// Set the status of the bookmark of `id`. Returns true when it changed.
#[expect(clippy::ptr_arg, reason = "the edit functions share one signature")]
pub fn set_status(list: &mut Vec<Bookmark>, id: &str, s: BookmarkStatus) -> bool {
    match find(list, id) {
        Some(i) if list[i].status != s => {
            list[i].status = s;
            true
        }
        _ => false,
    }
}

/// Set (or with `None` or blank text, clear) the note of the bookmark of `id`.
/// The note is sanitised to one line and capped at `MAX_NOTE_CHARS`. Returns
/// true when it changed.
#[expect(clippy::ptr_arg, reason = "the edit functions share one signature")]
pub fn set_note(list: &mut Vec<Bookmark>, id: &str, note: Option<&str>) -> bool {
    let note = note.and_then(clean_note);
    match find(list, id) {
        Some(i) if list[i].note != note => {
            list[i].note = note;
            true
        }
        _ => false,
    }
}

/// Make a list exactly what reading it back from the file would give: every
/// string cleaned, entries with an empty id dropped, duplicates after the
/// first dropped.
fn normalise(list: &mut Vec<Bookmark>) {
    let mut seen = HashSet::new();
    list.retain_mut(|b| {
        b.id = clean_id(&b.id);
        b.note = b.note.as_deref().and_then(clean_note);
        b.added = clean_added(&b.added);
        !b.id.is_empty() && seen.insert(b.id.clone())
    });
}

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

/// The current UTC time as RFC 3339 with seconds: `2026-11-24T10:00:00Z`.
pub fn now_rfc3339() -> String {
    rfc3339_from_unix(unix_now())
}

/// Seconds since 1970-01-01T00:00:00Z, from the system clock.
fn unix_now() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => i64::try_from(e.duration().as_secs()).map_or(i64::MIN, |s| -s),
    }
}

/// A Unix time in seconds as RFC 3339 UTC: `0` is `1970-01-01T00:00:00Z`.
fn rfc3339_from_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01 (Howard Hinnant's `civil_from_days`). Eras are 400-year cycles
/// of 146,097 days starting on 0000-03-01, so that the leap day ends a year.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days since 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // year of era, 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1, 0..=365
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

// ---------------------------------------------------------------------------
// Errors and results
// ---------------------------------------------------------------------------

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
fn io_error(what: &str, path: &Path, e: &io::Error) -> StoreError {
    let e = sanitize::line(&e.to_string(), MAX_REASON_CHARS);
    StoreError::Io(format!("cannot {what} {}: {e}", show(path)))
}

/// A path as it may be shown: sanitised and capped.
fn show(path: &Path) -> String {
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

// ---------------------------------------------------------------------------
// Reading the file
// ---------------------------------------------------------------------------

/// What the bytes of a bookmarks file say, read leniently.
#[derive(Debug, Default)]
struct Parsed {
    bookmarks: Vec<Bookmark>,
    /// Set when the format is newer than `FORMAT`: why the file is read-only.
    newer: Option<String>,
    /// Set when the file could not be read as a whole: a notice saying so.
    damaged: Option<String>,
    /// Set when some entries or values were skipped, so that writing the list
    /// back would lose them (the file is then copied aside first).
    lossy: bool,
    /// Notices about single entries.
    notices: Vec<String>,
}

/// Read the file's bytes: `None` when there is no file. Refuses anything that
/// is not a regular file, or is larger than `MAX_FILE_BYTES`.
fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
    // Check before opening, so that a FIFO never blocks the open.
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => {
            return Err(StoreError::Io(format!(
                "cannot read {}: it is not a regular file",
                show(path)
            )));
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error("read", path, &e)),
    }
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = match options.open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_error("read", path, &e)),
    };
    let meta = file.metadata().map_err(|e| io_error("read", path, &e))?;
    if !meta.is_file() {
        return Err(StoreError::Io(format!(
            "cannot read {}: it is not a regular file",
            show(path)
        )));
    }
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("read", path, &e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(StoreError::Io(format!(
            "cannot read {}: it is larger than {} MiB, too large for a bookmarks file",
            show(path),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    Ok(Some(bytes))
}

/// The reason a file of format `found` is read-only.
fn newer_reason(path: &Path, found: i64) -> String {
    format!(
        "{} is format {found}, newer than this hinet understands (format {FORMAT}); \
         it is shown as it is and never changed - update hinet to edit it",
        show(path)
    )
}

/// Parse a bookmarks file's bytes. Never fails: damage is reported in the
/// result.
fn parse(bytes: &[u8], path: &Path) -> Parsed {
    let damaged = |why: String| {
        let lossy_text = String::from_utf8_lossy(bytes);
        if let Some(found) = sniff_format(&lossy_text).filter(|&n| n > FORMAT) {
            // Too new to parse: treat it as newer, never as damaged.
            return Parsed {
                newer: Some(newer_reason(path, found)),
                ..Parsed::default()
            };
        }
        Parsed {
            damaged: Some(format!(
                "{} could not be read ({why}); no bookmarks are shown, and the file \
                 will be copied aside before it is replaced",
                show(path)
            )),
            ..Parsed::default()
        }
    };

    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => return damaged("it is not UTF-8 text".to_string()),
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let table = match toml::from_str::<toml::Table>(text) {
        Ok(t) => t,
        Err(e) => {
            let msg = sanitize::line(e.message().trim(), MAX_REASON_CHARS);
            let why = match e.span() {
                Some(span) => {
                    let upto = text.get(..span.start).unwrap_or(text);
                    let line = upto.matches('\n').count() + 1;
                    format!("line {line}: {msg}")
                }
                None => msg,
            };
            return damaged(why);
        }
    };

    // A file without `format` is from before the format was versioned.
    let format = match table.get("format") {
        None => FORMAT,
        Some(Value::Integer(n)) => *n,
        Some(_) => return damaged("`format` is not a whole number".to_string()),
    };
    let items: &[Value] = match table.get("bookmark") {
        None => &[],
        Some(Value::Array(items)) => items,
        Some(_) if format > FORMAT => &[],
        Some(_) => return damaged("`bookmark` is not a list of tables".to_string()),
    };

    let mut parsed = parse_entries(items);
    if format > FORMAT {
        // Show whatever could be read; the details of a newer format are
        // not ours to judge.
        parsed.newer = Some(newer_reason(path, format));
        parsed.lossy = false;
        parsed.notices.clear();
        return parsed;
    }
    if parsed.notices.len() > MAX_ENTRY_NOTICES {
        let more = parsed.notices.len() - MAX_ENTRY_NOTICES;
        parsed.notices.truncate(MAX_ENTRY_NOTICES);
        parsed
            .notices
            .push(format!("…and {more} more problems in {}", show(path)));
    }
    for n in &mut parsed.notices {
        *n = format!("{}: {n}", show(path));
    }
    parsed
}

/// The `format = N` of a file that TOML cannot parse, if a line before any
/// table header says it plainly.
fn sniff_format(text: &str) -> Option<i64> {
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            return None;
        }
        if let Some(rest) = line.strip_prefix("format") {
            let value = rest.trim_start().strip_prefix('=')?;
            let value = value.split('#').next().unwrap_or("").trim();
            return value.parse().ok();
        }
    }
    None
}

/// Read the `[[bookmark]]` entries, skipping (with a notice) what cannot be
/// read. Unknown keys are ignored; of duplicate ids the first is kept.
fn parse_entries(items: &[Value]) -> Parsed {
    let mut out = Parsed::default();
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
        let problem = |out: &mut Parsed, msg: String| {
            out.lossy = true;
            out.notices.push(msg);
        };
        let Value::Table(t) = item else {
            problem(&mut out, format!("bookmark {n} is not a table; skipped"));
            continue;
        };
        let id = match t.get("id") {
            Some(Value::String(s)) => clean_id(s),
            _ => String::new(),
        };
        if id.is_empty() {
            problem(&mut out, format!("bookmark {n} has no id; skipped"));
            continue;
        }
        if !seen.insert(id.clone()) {
            problem(
                &mut out,
                format!("bookmark {n} repeats the id {id:?}; the first is kept"),
            );
            continue;
        }
        let status = match t.get("status") {
            None => BookmarkStatus::default(),
            Some(Value::String(s)) => match BookmarkStatus::from_id(s.trim()) {
                Some(s) => s,
                None => {
                    let shown = sanitize::line(s, 40);
                    problem(
                        &mut out,
                        format!("bookmark {id:?} has an unknown status {shown:?}; read as to-join"),
                    );
                    BookmarkStatus::default()
                }
            },
            Some(_) => {
                problem(
                    &mut out,
                    format!("bookmark {id:?} has a status that is not text; read as to-join"),
                );
                BookmarkStatus::default()
            }
        };
        let note = match t.get("note") {
            None => None,
            Some(Value::String(s)) => clean_note(s),
            Some(_) => {
                problem(
                    &mut out,
                    format!("bookmark {id:?} has a note that is not text; ignored"),
                );
                None
            }
        };
        let added = match t.get("added") {
            None => String::new(),
            Some(Value::Datetime(d)) => clean_added(&d.to_string()),
            Some(Value::String(s)) => clean_added(s),
            Some(_) => {
                problem(
                    &mut out,
                    format!("bookmark {id:?} has an `added` that is not a date; ignored"),
                );
                String::new()
            }
        };
        out.bookmarks.push(Bookmark {
            id,
            status,
            note,
            added,
        });
    }
    out
}
