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
//! - every change takes an exclusive lock on `bookmarks.toml.lock` beside the
//!   file and re-reads the file under it, so two copies of hinet never lose
//!   each other's changes;
//! - the new list is written to `bookmarks.toml.tmp-<pid>-<n>` in the same
//!   folder, synced, renamed over the file, and the folder is synced;
//! - a file that cannot be read is copied aside byte for byte to
//!   `bookmarks.toml.corrupt-<unix-seconds>` before anything replaces it;
//! - a file of a newer format is never overwritten;
//! - every string read from the file is sanitised where it enters.
//!
//! Reading is lenient: a file from an older shape (only ids), unknown keys and
//! duplicate ids (the first is kept) all load. Loading never writes anything.
//!
//! This module knows nothing of the terminal.

use std::collections::HashSet;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::Serialize;
use toml::value::{Datetime, Value};

use crate::catalogue::sanitize;

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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bookmark {
    /// The network's id in the catalogue (kept even when the catalogue no
    /// longer has it).
    pub id: String,
    pub status: BookmarkStatus,
    /// A short note, sanitised to one line of at most `MAX_NOTE_CHARS`.
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
    /// Another process held the lock (this is the lock file) for too long.
    Locked(PathBuf),
    /// Reading or writing failed; the text names the file.
    Io(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::ReadOnly(why) => write!(f, "bookmarks are read-only: {why}"),
            StoreError::Locked(path) => write!(
                f,
                "bookmarks are busy: another hinet has held {} for over {} seconds; try again",
                show(path),
                LOCK_WAIT.as_secs()
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

// ---------------------------------------------------------------------------
// Writing the file
// ---------------------------------------------------------------------------

/// The file as written.
#[derive(Serialize)]
struct FileOut<'a> {
    format: i64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bookmark: Vec<EntryOut<'a>>,
}

/// One `[[bookmark]]` table as written.
#[derive(Serialize)]
struct EntryOut<'a> {
    id: &'a str,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    added: Option<AddedOut<'a>>,
}

/// `added` is a TOML datetime when it is one, otherwise kept as text (a
/// hand-edited file may hold anything).
#[derive(Serialize)]
#[serde(untagged)]
enum AddedOut<'a> {
    Datetime(Datetime),
    Text(&'a str),
}

/// The TOML text of a list.
fn render(list: &[Bookmark]) -> Result<String, toml::ser::Error> {
    let bookmark = list
        .iter()
        .map(|b| EntryOut {
            id: &b.id,
            status: b.status.id(),
            note: b.note.as_deref(),
            added: (!b.added.is_empty()).then(|| match b.added.parse::<Datetime>() {
                Ok(d) => AddedOut::Datetime(d),
                Err(_) => AddedOut::Text(&b.added),
            }),
        })
        .collect();
    toml::to_string(&FileOut {
        format: FORMAT,
        bookmark,
    })
}

/// Sync a folder so that a rename in it survives a crash. Best effort: some
/// file systems cannot sync a folder, and the data itself is already safe.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Numbers the temp files of this process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

// ---------------------------------------------------------------------------
// The store
// ---------------------------------------------------------------------------

/// The bookmarks file and the files beside it (`.lock`, `.tmp-*`,
/// `.corrupt-*`).
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    lock_wait: Duration,
}

impl Store {
    /// A store kept in the file at `path`.
    pub fn new(path: PathBuf) -> Store {
        Store {
            path,
            lock_wait: LOCK_WAIT,
        }
    }

    /// A store kept in `dir/bookmarks.toml`.
    pub fn in_dir(dir: &Path) -> Store {
        Store::new(dir.join("bookmarks.toml"))
    }

    /// The bookmarks file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder that holds the file.
    fn dir(&self) -> &Path {
        self.path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    }

    /// The file's name.
    fn file_name(&self) -> OsString {
        self.path
            .file_name()
            .map_or_else(|| OsString::from("bookmarks.toml"), OsString::from)
    }

    /// A file beside the bookmarks file: its name followed by `suffix`.
    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = self.file_name();
        name.push(suffix);
        self.dir().join(name)
    }

    /// Read the bookmarks. A missing file is an empty list; a damaged file is
    /// an empty list and a notice; a newer format is what could be read, with
    /// `read_only` set. Takes no lock and never writes.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        let Some(bytes) = read_bytes(&self.path)? else {
            return Ok(Loaded::default());
        };
        let parsed = parse(&bytes, &self.path);
        let mut notices: Vec<String> = parsed.damaged.into_iter().collect();
        notices.extend(parsed.notices);
        Ok(Loaded {
            bookmarks: parsed.bookmarks,
            read_only: parsed.newer,
            notices,
        })
    }

    /// Change the bookmarks with `f`, safely against other processes: under
    /// an exclusive lock, re-read the file, apply `f`, and if the list
    /// changed write it atomically (a damaged file is copied aside first).
    /// Returns `f`'s result and the list as it now is.
    pub fn update<R>(
        &self,
        f: impl FnOnce(&mut Vec<Bookmark>) -> R,
    ) -> Result<(R, Loaded), StoreError> {
        let dir = self.dir();
        fs::create_dir_all(dir).map_err(|e| io_error("create the folder", dir, &e))?;
        let _lock = self.lock()?;
        self.sweep_temp_files();

        let bytes = read_bytes(&self.path)?;
        let parsed = match &bytes {
            Some(b) => parse(b, &self.path),
            None => Parsed::default(),
        };
        if let Some(why) = parsed.newer {
            return Err(StoreError::ReadOnly(why));
        }
        let mut notices = parsed.notices;
        let before = parsed.bookmarks;
        let mut list = before.clone();
        let result = f(&mut list);
        normalise(&mut list);

        if list == before {
            notices.extend(parsed.damaged);
            return Ok((
                result,
                Loaded {
                    bookmarks: list,
                    read_only: None,
                    notices,
                },
            ));
        }

        if let Some(old) = bytes
            .as_deref()
            .filter(|_| parsed.damaged.is_some() || parsed.lossy)
        {
            let copy = self.back_up(old)?;
            notices.push(if parsed.damaged.is_some() {
                format!(
                    "{} could not be read, so it was copied to {} and a new list started",
                    show(&self.path),
                    show(&copy)
                )
            } else {
                format!(
                    "some of {} could not be read; the file as it was is kept in {}",
                    show(&self.path),
                    show(&copy)
                )
            });
        }
        self.write(&list)?;
        Ok((
            result,
            Loaded {
                bookmarks: list,
                read_only: None,
                notices,
            },
        ))
    }

    /// Take the exclusive lock on `bookmarks.toml.lock`, waiting up to
    /// `lock_wait`. The lock is released when the returned file is dropped.
    fn lock(&self) -> Result<File, StoreError> {
        let path = self.sibling(".lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io_error("open the lock file", &path, &e))?;
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(file),
                Err(TryLockError::WouldBlock) if start.elapsed() < self.lock_wait => {
                    std::thread::sleep(LOCK_POLL);
                }
                Err(TryLockError::WouldBlock) => return Err(StoreError::Locked(path)),
                Err(TryLockError::Error(e)) => return Err(io_error("lock", &path, &e)),
            }
        }
    }

    /// Remove `bookmarks.toml.tmp-*` files left by killed processes. Only
    /// called under the lock, when no other writer can be using one.
    fn sweep_temp_files(&self) {
        let mut prefix = self.file_name();
        prefix.push(".tmp-");
        let prefix = prefix.as_encoded_bytes();
        let Ok(entries) = fs::read_dir(self.dir()) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let is_temp = name.as_encoded_bytes().starts_with(prefix);
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_temp && !is_dir {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Copy the file's bytes to `bookmarks.toml.corrupt-<unix-seconds>`
    /// (with `-N` added when that exists), synced. Returns the copy's path.
    fn back_up(&self, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let secs = unix_now();
        for n in 0..1000u32 {
            let suffix = if n == 0 {
                format!(".corrupt-{secs}")
            } else {
                format!(".corrupt-{secs}-{n}")
            };
            let path = self.sibling(&suffix);
            let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(f) => f,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(io_error("keep a copy of the damaged file as", &path, &e)),
            };
            let written = file.write_all(bytes).and_then(|()| file.sync_all());
            if let Err(e) = written {
                drop(file);
                let _ = fs::remove_file(&path);
                return Err(io_error("keep a copy of the damaged file as", &path, &e));
            }
            return Ok(path);
        }
        Err(StoreError::Io(format!(
            "cannot keep a copy of the damaged file {}: too many copies already",
            show(&self.path)
        )))
    }

    /// Write `list` atomically: a temp file in the same folder, synced,
    /// renamed over the file, then the folder synced.
    fn write(&self, list: &[Bookmark]) -> Result<(), StoreError> {
        let text = render(list).map_err(|e| {
            StoreError::Io(format!(
                "cannot save {}: {}",
                show(&self.path),
                sanitize::line(&e.to_string(), MAX_REASON_CHARS)
            ))
        })?;
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = self.sibling(&format!(".tmp-{}-{n}", std::process::id()));
        let written = (|| -> io::Result<()> {
            let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
            // Keep the permissions the user gave the file (e.g. 0600).
            if let Ok(meta) = fs::metadata(&self.path) {
                let _ = file.set_permissions(meta.permissions());
            }
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            drop(file);
            fs::rename(&tmp, &self.path)
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(io_error("save", &self.path, &e));
        }
        sync_dir(self.dir());
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOW: &str = "2026-11-24T10:00:00Z";

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::in_dir(dir.path());
        (dir, store)
    }

    fn ids(list: &[Bookmark]) -> Vec<&str> {
        list.iter().map(|b| b.id.as_str()).collect()
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    fn bad_char(s: &str) -> bool {
        s.chars().any(sanitize::is_forbidden)
    }

    // --- status --------------------------------------------------------

    #[test]
    fn status_ids_labels_and_cycle() {
        for s in BookmarkStatus::ALL {
            assert_eq!(BookmarkStatus::from_id(s.id()), Some(s));
            assert_eq!(s.next().next(), s);
            assert_ne!(s.next(), s);
        }
        assert_eq!(BookmarkStatus::default(), BookmarkStatus::ToJoin);
        assert_eq!(BookmarkStatus::ToJoin.id(), "to-join");
        assert_eq!(BookmarkStatus::Joined.id(), "joined");
        assert_eq!(BookmarkStatus::ToJoin.label(), "To join");
        assert_eq!(BookmarkStatus::Joined.label(), "Joined");
        assert_eq!(BookmarkStatus::from_id("Joined"), None);
        assert_eq!(
            serde_json::to_string(&BookmarkStatus::ToJoin).unwrap(),
            "\"to-join\""
        );
    }

    // --- pure edits ----------------------------------------------------

    #[test]
    fn pure_edits() {
        let mut list = Vec::new();
        assert!(add(&mut list, "apha", NOW));
        assert!(!add(&mut list, "apha", NOW), "no duplicate");
        assert!(!add(&mut list, "  ", NOW), "no empty id");
        assert_eq!(list[0].added, NOW);
        assert_eq!(list[0].status, BookmarkStatus::ToJoin);

        assert!(set_status(&mut list, "apha", BookmarkStatus::Joined));
        assert!(!set_status(&mut list, "apha", BookmarkStatus::Joined));
        assert!(!set_status(&mut list, "nope", BookmarkStatus::Joined));

        assert!(set_note(&mut list, "apha", Some("  ask about CPD  ")));
        assert_eq!(list[0].note.as_deref(), Some("ask about CPD"));
        assert!(!set_note(&mut list, "apha", Some("ask about CPD")));
        assert!(set_note(&mut list, "apha", Some("   ")));
        assert_eq!(list[0].note, None);
        assert!(!set_note(&mut list, "apha", None));
        assert!(!set_note(&mut list, "nope", Some("x")));

        let long = "x".repeat(MAX_NOTE_CHARS * 2);
        assert!(set_note(&mut list, "apha", Some(&long)));
        assert_eq!(
            list[0].note.as_deref().unwrap().chars().count(),
            MAX_NOTE_CHARS
        );

        assert!(!toggle(&mut list, "apha", NOW), "toggle removes");
        assert!(list.is_empty());
        assert!(toggle(&mut list, "apha", NOW), "toggle adds");
        assert!(remove(&mut list, "apha"));
        assert!(!remove(&mut list, "apha"));
    }

    #[test]
    fn set_note_sanitises() {
        let mut list = Vec::new();
        add(&mut list, "a", NOW);
        set_note(&mut list, "a", Some("red \x1b[31m flip \u{202E}txet\nline"));
        let note = list[0].note.clone().unwrap();
        assert!(!note.contains('\x1b') && !note.contains('\u{202E}') && !note.contains('\n'));
        assert!(!bad_char(&note));
    }

    // --- time ----------------------------------------------------------

    #[test]
    fn rfc3339_known_values() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(-1), "1969-12-31T23:59:59Z");
        // 1795996800 = 20787 days exactly; 2026-01-01 is day 20454
        // (56 years, 14 leap days), and day 333 of 2026 is 30 November.
        assert_eq!(rfc3339_from_unix(1_795_996_800), "2026-11-30T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_795_514_400), NOW);
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_868_799), "2000-02-29T23:59:59Z");
        assert_eq!(rfc3339_from_unix(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(4_107_542_400), "2100-03-01T00:00:00Z");
    }

    #[test]
    fn now_has_the_right_shape() {
        let now = now_rfc3339();
        let b = now.as_bytes();
        assert_eq!(b.len(), 20, "{now}");
        for (i, c) in b.iter().enumerate() {
            match i {
                4 | 7 => assert_eq!(*c, b'-'),
                10 => assert_eq!(*c, b'T'),
                13 | 16 => assert_eq!(*c, b':'),
                19 => assert_eq!(*c, b'Z'),
                _ => assert!(c.is_ascii_digit(), "{now}"),
            }
        }
        assert!(now.as_str() >= "2025", "{now}");
        assert!(now.parse::<Datetime>().is_ok());
    }

    // --- the store -----------------------------------------------------

    #[test]
    fn missing_file_is_empty() {
        let (dir, store) = store();
        assert_eq!(store.load().unwrap(), Loaded::default());
        // A change that changes nothing writes nothing.
        let ((), loaded) = store.update(|_| ()).unwrap();
        assert!(loaded.bookmarks.is_empty());
        assert!(!store.path().exists());
        // The folder is created when needed.
        let nested = Store::in_dir(&dir.path().join("a/b"));
        nested.update(|l| add(l, "x", NOW)).unwrap();
        assert_eq!(ids(&nested.load().unwrap().bookmarks), ["x"]);
    }

    #[test]
    fn round_trip() {
        let (_dir, store) = store();
        let (added, loaded) = store
            .update(|l| {
                let a = add(l, "apha", NOW);
                add(l, "fedip", "");
                set_status(l, "apha", BookmarkStatus::Joined);
                set_note(l, "apha", Some("ask my manager about \"CPD\" funding"));
                a
            })
            .unwrap();
        assert!(added);
        let reloaded = store.load().unwrap();
        assert_eq!(reloaded.bookmarks, loaded.bookmarks);
        assert_eq!(reloaded.read_only, None);
        assert!(reloaded.notices.is_empty());
        assert_eq!(
            reloaded.bookmarks[0],
            Bookmark {
                id: "apha".into(),
                status: BookmarkStatus::Joined,
                note: Some("ask my manager about \"CPD\" funding".into()),
                added: NOW.into(),
            }
        );
        assert_eq!(reloaded.bookmarks[1].added, "");

        let text = fs::read_to_string(store.path()).unwrap();
        assert!(text.starts_with("format = 1\n"), "{text}");
        assert!(text.contains("[[bookmark]]"), "{text}");
        assert!(text.contains("added = 2026-11-24T10:00:00Z\n"), "{text}");
        assert!(text.contains("status = \"joined\""), "{text}");

        // Removing everything leaves a valid, empty file.
        store
            .update(|l| {
                remove(l, "apha");
                remove(l, "fedip");
            })
            .unwrap();
        assert_eq!(fs::read_to_string(store.path()).unwrap(), "format = 1\n");
        assert!(store.load().unwrap().bookmarks.is_empty());
    }

    #[test]
    fn damaged_file_is_backed_up_before_replacing() {
        let (dir, store) = store();
        let damaged: &[u8] = b"format = 1\n[[bookmark]\nid=\xff\x1b[2J";
        fs::write(store.path(), damaged).unwrap();

        let loaded = store.load().unwrap();
        assert!(loaded.bookmarks.is_empty());
        assert_eq!(loaded.read_only, None);
        assert_eq!(loaded.notices.len(), 1);
        assert!(loaded.notices[0].contains("could not be read"));
        assert!(!loaded.notices.iter().any(|n| bad_char(n)));
        // Loading writes nothing.
        assert_eq!(files(dir.path()), ["bookmarks.toml"]);
        assert_eq!(fs::read(store.path()).unwrap(), damaged);

        // An update that changes nothing does not replace it either.
        store.update(|_| ()).unwrap();
        assert_eq!(fs::read(store.path()).unwrap(), damaged);

        let ((), loaded) = store
            .update(|l| {
                add(l, "apha", NOW);
            })
            .unwrap();
        assert_eq!(ids(&loaded.bookmarks), ["apha"]);
        let copies: Vec<_> = files(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("bookmarks.toml.corrupt-"))
            .collect();
        assert_eq!(copies.len(), 1);
        assert_eq!(fs::read(dir.path().join(&copies[0])).unwrap(), damaged);
        assert!(loaded.notices.iter().any(|n| n.contains(&copies[0])));
        assert_eq!(ids(&store.load().unwrap().bookmarks), ["apha"]);

        // A second damaged file in the same second gets a name of its own.
        let text_damage = b"format = 1\n[[bookmark]\nid=";
        fs::write(store.path(), text_damage).unwrap();
        store
            .update(|l| {
                add(l, "b", NOW);
            })
            .unwrap();
        let copies: Vec<_> = files(dir.path())
            .into_iter()
            .filter(|n| n.starts_with("bookmarks.toml.corrupt-"))
            .collect();
        assert_eq!(copies.len(), 2);
        let kept: Vec<Vec<u8>> = copies
            .iter()
            .map(|c| fs::read(dir.path().join(c)).unwrap())
            .collect();
        assert!(kept.contains(&damaged.to_vec()) && kept.contains(&text_damage.to_vec()));
    }

    #[test]
    fn newer_format_is_never_overwritten() {
        let (dir, store) = store();
        let newer = "format = 2\nshiny = true\n[[bookmark]]\nid = \"apha\"\nstatus = \"maybe\"\n\
                     [[bookmark]]\nid = \"fedip\"\npriority = 3\n";
        fs::write(store.path(), newer).unwrap();

        let loaded = store.load().unwrap();
        let why = loaded.read_only.unwrap();
        assert!(why.contains("format 2"), "{why}");
        assert_eq!(ids(&loaded.bookmarks), ["apha", "fedip"]);

        match store.update(|l| add(l, "x", NOW)) {
            Err(StoreError::ReadOnly(why)) => assert!(why.contains("format 2")),
            other => panic!("expected ReadOnly, got {other:?}"),
        }
        assert_eq!(fs::read_to_string(store.path()).unwrap(), newer);
        assert!(
            !files(dir.path())
                .iter()
                .any(|n| n.contains(".corrupt-") || n.contains(".tmp-"))
        );

        // Newer and unparseable to us: still read-only, not damaged.
        let odd = "format = 3\n[[bookmark]\nid=";
        fs::write(store.path(), odd).unwrap();
        let loaded = store.load().unwrap();
        assert!(loaded.read_only.is_some());
        assert!(matches!(
            store.update(|l| add(l, "x", NOW)),
            Err(StoreError::ReadOnly(_))
        ));
        assert_eq!(fs::read_to_string(store.path()).unwrap(), odd);
    }

    #[test]
    fn older_shapes_unknown_keys_and_duplicates_load() {
        let (_dir, store) = store();
        fs::write(
            store.path(),
            "[[bookmark]]\nid = \"apha\"\n\n[[bookmark]]\nid = \"fedip\"\nextra = 1\n\
             [[bookmark]]\nid = \"apha\"\nstatus = \"joined\"\n",
        )
        .unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(ids(&loaded.bookmarks), ["apha", "fedip"]);
        assert!(
            loaded
                .bookmarks
                .iter()
                .all(|b| b.status == BookmarkStatus::ToJoin
                    && b.note.is_none()
                    && b.added.is_empty())
        );
        assert_eq!(loaded.read_only, None);

        // Only ids, with a format line, and an empty file.
        fs::write(store.path(), "format = 1\n[[bookmark]]\nid = \"x\"\n").unwrap();
        assert_eq!(ids(&store.load().unwrap().bookmarks), ["x"]);
        fs::write(store.path(), "").unwrap();
        assert!(store.load().unwrap().bookmarks.is_empty());
    }

    #[test]
    fn skipped_entries_are_kept_in_a_copy() {
        let (dir, store) = store();
        let text = "format = 1\n[[bookmark]]\nnote = \"no id\"\n[[bookmark]]\nid = \"ok\"\n";
        fs::write(store.path(), text).unwrap();
        let loaded = store.load().unwrap();
        assert_eq!(ids(&loaded.bookmarks), ["ok"]);
        assert_eq!(loaded.notices.len(), 1, "{:?}", loaded.notices);

        store
            .update(|l| {
                add(l, "new", NOW);
            })
            .unwrap();
        let copy = files(dir.path())
            .into_iter()
            .find(|n| n.starts_with("bookmarks.toml.corrupt-"))
            .unwrap();
        assert_eq!(fs::read_to_string(dir.path().join(copy)).unwrap(), text);
        let loaded = store.load().unwrap();
        assert_eq!(ids(&loaded.bookmarks), ["ok", "new"]);
        assert!(loaded.notices.is_empty());
    }

    #[test]
    fn strings_from_the_file_are_sanitised() {
        let (_dir, store) = store();
        fs::write(
            store.path(),
            "format = 1\n[[bookmark]]\nid = \"ap\\u001b[2Jha\\u202E\"\n\
             note = \"red \\u001b[31m flip \\u202Etxet \\u2066x\\u2069\\u200B\"\n\
             added = \"2026\\u001b\"\n",
        )
        .unwrap();
        let loaded = store.load().unwrap();
        let b = &loaded.bookmarks[0];
        assert!(!bad_char(&b.id), "{:?}", b.id);
        let note = b.note.as_deref().unwrap();
        assert!(
            !note.contains('\x1b') && !note.contains('\u{202E}'),
            "{note:?}"
        );
        assert!(!bad_char(note), "{note:?}");
        assert!(!bad_char(&b.added));

        // And what is written back is the clean text, which reads back the same.
        let ((), written) = store
            .update(|l| {
                add(l, "second", NOW);
            })
            .unwrap();
        assert_eq!(store.load().unwrap().bookmarks, written.bookmarks);
        assert!(
            !fs::read_to_string(store.path())
                .unwrap()
                .contains('\u{202E}')
        );
    }

    #[test]
    fn concurrent_updates_lose_nothing() {
        let (dir, _store) = store();
        let threads: Vec<_> = (0..3)
            .map(|t| {
                let dir = dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let store = Store::in_dir(&dir);
                    for i in 0..30 {
                        let id = format!("net-{t}-{i}");
                        let (added, _) = store.update(|l| add(l, &id, NOW)).unwrap();
                        assert!(added);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let loaded = Store::in_dir(dir.path()).load().unwrap();
        assert_eq!(loaded.bookmarks.len(), 90);
        for t in 0..3 {
            for i in 0..30 {
                let id = format!("net-{t}-{i}");
                assert!(loaded.bookmarks.iter().any(|b| b.id == id), "{id} lost");
            }
        }
        assert!(!files(dir.path()).iter().any(|n| n.contains(".tmp-")));
    }

    #[test]
    fn stale_temp_files_are_swept() {
        let (dir, store) = store();
        let stale = dir.path().join("bookmarks.toml.tmp-99999-0");
        let other = dir.path().join("notes.toml.tmp-1-1");
        fs::write(&stale, "half a file").unwrap();
        fs::write(&other, "not ours").unwrap();
        store.update(|_| ()).unwrap();
        assert!(!stale.exists());
        assert!(other.exists());
    }

    #[test]
    fn a_held_lock_gives_locked() {
        let (_dir, store) = store();
        let store = Store {
            lock_wait: Duration::from_millis(100),
            ..store
        };
        let holder = Store::in_dir(store.dir());
        let held = holder.lock().unwrap();
        match store.update(|l| add(l, "x", NOW)) {
            Err(StoreError::Locked(p)) => {
                assert_eq!(p, store.dir().join("bookmarks.toml.lock"));
                let msg = StoreError::Locked(p).to_string();
                assert!(msg.contains("bookmarks.toml.lock") && !msg.contains('\n'));
            }
            other => panic!("expected Locked, got {other:?}"),
        }
        drop(held);
        assert!(store.update(|l| add(l, "x", NOW)).unwrap().0);
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_refused() {
        let (_dir, store) = store();
        fs::create_dir(store.path()).unwrap();
        let err = store.load().unwrap_err();
        assert!(matches!(err, StoreError::Io(_)));
        assert!(err.to_string().contains("bookmarks.toml"), "{err}");
        assert!(store.update(|l| add(l, "x", NOW)).is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        /// Any note is stored clean and reads back exactly as kept.
        #[test]
        fn any_note_round_trips_clean(note in "\\PC{0,40}|[\\x00-\\x20\u{202A}-\u{202E}\u{2066}-\u{2069}a]{0,20}") {
            let (_dir, store) = store();
            let ((), written) = store
                .update(|l| {
                    add(l, "n", NOW);
                    set_note(l, "n", Some(&note));
                })
                .unwrap();
            let kept = written.bookmarks[0].note.clone();
            if let Some(k) = &kept {
                prop_assert!(!bad_char(k));
                prop_assert!(k.chars().count() <= MAX_NOTE_CHARS);
            }
            prop_assert_eq!(store.load().unwrap().bookmarks, written.bookmarks);
        }

        /// Every day maps to a valid date, one day after the day before.
        #[test]
        fn civil_dates_are_consecutive(days in -1_000_000i64..1_000_000) {
            let (y, m, d) = civil_from_days(days);
            let (y2, m2, d2) = civil_from_days(days + 1);
            prop_assert!((1..=12).contains(&m) && (1..=31).contains(&d));
            let next_day = (y2, m2, d2) == (y, m, d + 1);
            let next_month = d2 == 1 && ((y2, m2) == (y, m + 1) || (y2, m2, m) == (y + 1, 1, 12));
            prop_assert!(next_day || next_month);
        }
    }
}
