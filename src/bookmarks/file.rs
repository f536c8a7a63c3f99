//! The file format: reading `bookmarks.toml`'s bytes safely (never a FIFO,
//! never more than `MAX_FILE_BYTES`) and parsing them leniently, damage and
//! newer formats reported rather than failed on.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use toml::value::Value;

use super::{
    Bookmark, BookmarkStatus, FORMAT, MAX_ENTRY_NOTICES, MAX_FILE_BYTES, MAX_REASON_CHARS,
    StoreError, clean_added, clean_id, clean_note, io_error, show,
};
use crate::text::sanitize;

/// What the bytes of a bookmarks file say, read leniently.
#[derive(Debug, Default)]
pub(super) struct Parsed {
    pub(super) bookmarks: Vec<Bookmark>,
    /// Set when the format is newer than `FORMAT`: why the file is read-only.
    pub(super) newer: Option<String>,
    /// Set when the file could not be read as a whole: a notice saying so.
    pub(super) damaged: Option<String>,
    /// Set when some entries or values were skipped, so that writing the list
    /// back would lose them (the file is then copied aside first).
    pub(super) lossy: bool,
    /// Notices about single entries.
    pub(super) notices: Vec<String>,
}

/// Read the file's bytes: `None` when there is no file. Refuses anything that
/// is not a regular file, or is larger than `MAX_FILE_BYTES`.
pub(super) fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, StoreError> {
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
pub(super) fn newer_reason(path: &Path, found: i64) -> String {
    format!(
        "{} is format {found}, newer than this hinet understands (format {FORMAT}); \
         it is shown as it is and never changed - update hinet to edit it",
        show(path)
    )
}

/// Parse a bookmarks file's bytes. Never fails: damage is reported in the
/// result.
pub(super) fn parse(bytes: &[u8], path: &Path) -> Parsed {
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
pub(super) fn sniff_format(text: &str) -> Option<i64> {
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
pub(super) fn parse_entries(items: &[Value]) -> Parsed {
    let mut out = Parsed::default();
    let mut seen = HashSet::new();
    for (i, item) in items.iter().enumerate() {
        let n = i + 1;
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
        let status = entry_status(&mut out, &id, t.get("status"));
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

/// A bookmark's status: to-join when the file says none, or one this build
/// does not know (with a notice).
fn entry_status(out: &mut Parsed, id: &str, v: Option<&Value>) -> BookmarkStatus {
    match v {
        None => BookmarkStatus::default(),
        Some(Value::String(s)) => match BookmarkStatus::from_id(s.trim()) {
            Some(s) => s,
            None => {
                let shown = sanitize::line(s, 40);
                problem(
                    out,
                    format!("bookmark {id:?} has an unknown status {shown:?}; read as to-join"),
                );
                BookmarkStatus::default()
            }
        },
        Some(_) => {
            problem(
                out,
                format!("bookmark {id:?} has a status that is not text; read as to-join"),
            );
            BookmarkStatus::default()
        }
    }
}

/// Note a problem with one entry: something was skipped, so writing the
/// list back would lose it.
fn problem(out: &mut Parsed, msg: String) {
    out.lossy = true;
    out.notices.push(msg);
}
