//! The store: the bookmarks file and the files beside it (`.lock`, `.tmp-*`,
//! `.corrupt-*`). Every change is made under the lock to the file as it is
//! now, in place (see `change`), and written with `files::write_atomic`.

use std::ffi::OsString;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::change::{self, Change, Saved, Step};
use super::{
    Bookmark, LOCK_POLL, LOCK_WAIT, Loaded, Parsed, StoreError, io_error, normalise, parse,
    read_bytes, show, unix_now,
};
use crate::files;

/// The bookmarks file and the files beside it.
#[derive(Clone, Debug)]
pub struct Store {
    path: PathBuf,
    pub(super) lock_wait: Duration,
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

    /// The same store, waiting at most `wait` for another process's lock
    /// (the app waits not at all, and retries from its event loop).
    pub fn with_lock_wait(self, wait: Duration) -> Store {
        Store {
            lock_wait: wait,
            ..self
        }
    }

    /// The bookmarks file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The folder that holds the file.
    pub(super) fn dir(&self) -> &Path {
        parent_of(&self.path)
    }

    /// A file beside the bookmarks file: its name followed by `suffix`.
    fn sibling(&self, suffix: &str) -> PathBuf {
        let mut name = file_name(&self.path);
        name.push(suffix);
        self.dir().join(name)
    }

    /// The file that holds the data: the bookmarks file, or where its
    /// symbolic link leads. A link that leads nowhere is refused, naming
    /// both, so that it is never silently replaced by a file of our own.
    fn data_file(&self) -> Result<PathBuf, StoreError> {
        match files::follow_links(&self.path) {
            Ok(None) => Ok(self.path.clone()),
            Ok(Some(end)) if end.exists => Ok(end.target),
            Ok(Some(end)) => Err(StoreError::Io(dangling(&self.path, &end.target))),
            Err(e) => Err(io_error("follow the link", &self.path, &e)),
        }
    }

    /// Read the bookmarks. A missing file is an empty list; a damaged file is
    /// an empty list and a notice; a newer format is what could be read, with
    /// `read_only` set; a link to nothing is an empty list and a warning.
    /// Takes no lock and never writes.
    pub fn load(&self) -> Result<Loaded, StoreError> {
        if let Ok(Some(end)) = files::follow_links(&self.path)
            && !end.exists
        {
            return Ok(Loaded {
                notices: vec![dangling(&self.path, &end.target)],
                ..Loaded::default()
            });
        }
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

    /// Make `changes`, in order, under the lock to the file as it is now.
    /// Returns what each did (for undo) and the bookmarks as the file now
    /// holds them.
    pub fn apply(&self, changes: &[Change], now: &str) -> Result<(Vec<Step>, Loaded), StoreError> {
        let ((), steps, loaded) = self.change_file(now, |_| ((), changes.to_vec()))?;
        Ok((steps, loaded))
    }

    /// Change the bookmarks with `f` on the list as the file holds it now;
    /// what `f` changed is made to the file in place. Returns `f`'s result
    /// and the bookmarks as the file now holds them.
    pub fn update<R>(
        &self,
        f: impl FnOnce(&mut Vec<Bookmark>) -> R,
    ) -> Result<(R, Loaded), StoreError> {
        let (r, _, loaded) = self.change_file("", |before| {
            let mut list = before.to_vec();
            let r = f(&mut list);
            normalise(&mut list);
            (r, diff(before, &list))
        })?;
        Ok((r, loaded))
    }

    /// Under an exclusive lock: re-read the file, ask `make` for the changes
    /// given the list it holds, make them to the file's text in place, and
    /// if anything changed write it atomically (a damaged file is copied
    /// aside first).
    fn change_file<R>(
        &self,
        now: &str,
        make: impl FnOnce(&[Bookmark]) -> (R, Vec<Change>),
    ) -> Result<(R, Vec<Step>, Loaded), StoreError> {
        let dir = self.dir();
        fs::create_dir_all(dir).map_err(|e| io_error("create the folder", dir, &e))?;
        let _lock = self.lock()?;
        let data = self.data_file()?;
        self.sweep_temp_files(&data);

        let bytes = read_bytes(&data)?;
        let parsed = match &bytes {
            Some(b) => parse(b, &self.path),
            None => Parsed::default(),
        };
        if let Some(why) = parsed.newer {
            return Err(StoreError::ReadOnly(why));
        }
        let (result, changes) = make(&parsed.bookmarks);

        let (mut doc, copy_first) = change::document_to_edit(bytes.as_deref(), &parsed);
        let steps: Vec<Step> = changes
            .iter()
            .map(|c| change::apply(&mut doc, c, now))
            .collect();

        if !steps.iter().any(Step::changed) {
            let mut notices = parsed.notices;
            notices.extend(parsed.damaged);
            return Ok((
                result,
                steps,
                Loaded {
                    bookmarks: parsed.bookmarks,
                    read_only: None,
                    notices,
                },
            ));
        }

        let old = if copy_first { bytes.as_deref() } else { None };
        let loaded = self.save(&data, &doc.to_string(), old, parsed.damaged.is_some())?;
        Ok((result, steps, loaded))
    }

    /// Write `text` to `data` (the file the link leads to), when it reads
    /// back whole, after keeping a copy of `old` (the file as it was, when it
    /// cannot be edited in place; `damaged`: it could not be read at all).
    fn save(
        &self,
        data: &Path,
        text: &str,
        old: Option<&[u8]>,
        damaged: bool,
    ) -> Result<Loaded, StoreError> {
        // What is written must read back whole; otherwise nothing is written.
        let written = parse(text.as_bytes(), &self.path);
        if let Some(why) = written.damaged.or(written.newer) {
            return Err(StoreError::Io(format!(
                "cannot save {}: the new text would not read back ({why})",
                show(&self.path)
            )));
        }
        let mut notices = written.notices;
        if let Some(old) = old {
            let copy = self.back_up(old)?;
            notices.push(if damaged {
                format!(
                    "{} could not be read, so it was copied to {} and a new list started",
                    show(&self.path),
                    show(&copy)
                )
            } else {
                format!(
                    "{} was written afresh; the file as it was is kept in {}",
                    show(&self.path),
                    show(&copy)
                )
            });
        }
        files::write_atomic(data, text.as_bytes()).map_err(|e| io_error("save", &self.path, &e))?;
        Ok(Loaded {
            bookmarks: written.bookmarks,
            read_only: None,
            notices,
        })
    }

    /// Take the exclusive lock on `bookmarks.toml.lock`, waiting up to
    /// `lock_wait`. The lock file must be a regular file: anything else (a
    /// named pipe, a device) is refused at once, never waited on. The holder
    /// writes its process id in it, so that a wait can say who holds it.
    /// The lock is released when the returned file is dropped.
    pub(super) fn lock(&self) -> Result<File, StoreError> {
        let path = self.sibling(".lock");
        let not_regular = || {
            StoreError::Io(format!(
                "cannot lock {}: it is not a regular file; remove it and try again",
                show(&path)
            ))
        };
        match fs::metadata(&path) {
            Ok(m) if !m.is_file() => return Err(not_regular()),
            _ => {}
        }
        let mut options = OpenOptions::new();
        options.create(true).truncate(false).read(true).write(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.custom_flags(libc::O_NONBLOCK);
        }
        let mut file = options.open(&path).map_err(|e| match e.raw_os_error() {
            #[cfg(unix)]
            Some(libc::ENXIO) => not_regular(),
            _ => io_error("open the lock file", &path, &e),
        })?;
        if !file.metadata().is_ok_and(|m| m.is_file()) {
            return Err(not_regular());
        }
        let start = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) if start.elapsed() < self.lock_wait => {
                    std::thread::sleep(LOCK_POLL);
                }
                Err(TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        holder: holder(&mut file),
                        path,
                    });
                }
                Err(TryLockError::Error(e)) => return Err(io_error("lock", &path, &e)),
            }
        }
        // Best effort: say who holds it.
        let _ = file
            .set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| writeln!(file, "hinet, process {}", std::process::id()));
        Ok(file)
    }

    /// Remove `bookmarks.toml.tmp-*` files left by killed processes beside
    /// the data file. Only called under the lock, when no other writer can
    /// be using one.
    fn sweep_temp_files(&self, data: &Path) {
        let mut prefix = file_name(data);
        prefix.push(".tmp-");
        let prefix = prefix.as_encoded_bytes();
        let Ok(entries) = fs::read_dir(parent_of(data)) else {
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
}

/// The folder that holds `path` (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A path's file name.
fn file_name(path: &Path) -> OsString {
    path.file_name()
        .map_or_else(|| OsString::from("bookmarks.toml"), OsString::from)
}

/// The warning for a link that leads nowhere.
fn dangling(link: &Path, target: &Path) -> String {
    format!(
        "{} is a link to {}, which does not exist; no bookmarks are shown and the link is \
         never replaced: create that file (or remove the link) to keep bookmarks",
        show(link),
        show(target)
    )
}

/// Who holds the lock, as its holder wrote it (one short line), if it did.
fn holder(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(200).read_to_string(&mut text).ok()?;
    let line = crate::text::sanitize::line(text.lines().next()?.trim(), 80);
    (!line.is_empty()).then_some(line)
}

/// The changes that turn list `before` into list `after`, one bookmark at a
/// time (order is not a change).
fn diff(before: &[Bookmark], after: &[Bookmark]) -> Vec<Change> {
    let mut out = Vec::new();
    for b in before {
        if !after.iter().any(|a| a.id == b.id) {
            out.push(Change::Remove(b.id.clone()));
        }
    }
    for a in after {
        match before.iter().find(|b| b.id == a.id) {
            None => out.push(Change::Restore(a.id.clone(), Some(Saved::from_bookmark(a)))),
            Some(b) if b.added != a.added => {
                out.push(Change::Restore(a.id.clone(), Some(Saved::from_bookmark(a))));
            }
            Some(b) => {
                if b.status != a.status {
                    out.push(Change::Status(a.id.clone(), a.status));
                }
                if b.note != a.note {
                    out.push(Change::Note(a.id.clone(), a.note.clone()));
                }
            }
        }
    }
    out
}
