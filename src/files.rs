//! Where the user's files live, and the one `write_atomic` every writer uses.
//!
//! Folders come from the `directories` crate (so XDG variables are honoured
//! on Linux), overridden by `HINET_DATA_DIR`, `HINET_CONFIG_DIR` and
//! `HINET_CACHE_DIR`.

use std::path::PathBuf;

fn project() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "hinet")
}

fn from_env(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// The folder of `bookmarks.toml`.
pub fn data_dir() -> PathBuf {
    from_env("HINET_DATA_DIR")
        .or_else(|| project().map(|p| p.data_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet"))
}

/// The folder of the cache of parsed catalogues.
pub fn cache_dir() -> PathBuf {
    from_env("HINET_CACHE_DIR")
        .or_else(|| project().map(|p| p.cache_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet").join("cache"))
}

/// The folder of `config.toml` and `catalogue.d/`.
pub fn config_dir() -> PathBuf {
    from_env("HINET_CONFIG_DIR")
        .or_else(|| project().map(|p| p.config_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from(".hinet"))
}

/// The user's own catalogue additions.
pub fn additions_dir() -> PathBuf {
    config_dir().join("catalogue.d")
}

/// The settings file.
pub fn config_file() -> PathBuf {
    config_dir().join("config.toml")
}

/// The user's documents folder (from `directories::UserDirs`), where the
/// joining plan is written; `None` when the system names none, or it does
/// not exist.
pub fn documents_dir() -> Option<PathBuf> {
    directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(std::path::Path::to_path_buf))
        .filter(|d| d.is_dir())
}

// ---------------------------------------------------------------------------
// Writing files: one way, for every file hinet writes
// ---------------------------------------------------------------------------

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers the temporary files of this process.
static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// At most this many links are followed before giving up (as the kernel does).
const MAX_LINKS: usize = 40;

/// Where a chain of symbolic links ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkEnd {
    /// The path the last link names (relative links resolved against the
    /// folder of the link that holds them).
    pub target: PathBuf,
    /// Whether anything is there.
    pub exists: bool,
}

/// Follow `path` through symbolic links (dotfile managers link data files
/// into a repository). `None` when `path` is not a link (or does not exist).
pub fn follow_links(path: &Path) -> io::Result<Option<LinkEnd>> {
    let mut cur = path.to_path_buf();
    for hops in 0..=MAX_LINKS {
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                let t = fs::read_link(&cur)?;
                cur = if t.is_absolute() {
                    t
                } else {
                    cur.parent().unwrap_or(Path::new("")).join(t)
                };
            }
            Ok(_) if hops == 0 => return Ok(None),
            Ok(_) => {
                return Ok(Some(LinkEnd {
                    target: cur,
                    exists: true,
                }));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound && hops == 0 => return Ok(None),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Some(LinkEnd {
                    target: cur,
                    exists: false,
                }));
            }
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other(format!(
        "more than {MAX_LINKS} symbolic links in a row (a loop?)"
    )))
}

/// The file a write to `path` must replace: `path` itself, or, when it is a
/// symbolic link, the file at the end of its links, so that the link stays.
pub fn write_target(path: &Path) -> io::Result<PathBuf> {
    Ok(follow_links(path)?.map_or_else(|| path.to_path_buf(), |l| l.target))
}

/// Write `bytes` to `path` atomically; see [`write_atomic_with`].
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Write a file atomically, the one way every file hinet writes is written
/// (bookmarks, settings, exports; cache entries the same way but without the
/// flushes, [`write_atomic_unsynced`]): `fill` writes into a new temporary
/// file with a unique name (`NAME.tmp-PID-N`) in the same folder as the
/// file, which is flushed to disk (fsync), renamed over the file, and the
/// folder is synced. A symbolic link is written through (its target is
/// replaced, the link kept). The old file keeps its permissions. On any
/// failure the temporary file is removed and the old file is as it was.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, fill, true)
}

/// [`write_atomic_with`] without the flush to disk (no fsync of the file or
/// the folder), for files that are only a copy of something else and say
/// themselves when they are damaged: cache entries, which carry checksums,
/// so a file cut short by a crash is refused and made again. Still a
/// temporary file and a rename, so a reader never sees one half-written.
/// Files the user keeps (bookmarks, settings, exports) use
/// [`write_atomic_with`].
pub fn write_atomic_unsynced(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    write_atomic_inner(path, fill, false)
}

fn write_atomic_inner(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
    sync: bool,
) -> io::Result<()> {
    let target = write_target(path)?;
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Some(name) = target.file_name() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a file name",
        ));
    };
    let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut tmp_name = name.to_os_string();
    tmp_name.push(format!(".tmp-{}-{n}", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        if let Ok(meta) = fs::metadata(&target) {
            let _ = file.set_permissions(meta.permissions());
        }
        fill(&mut file)?;
        file.flush()?;
        if sync {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, &target)
    })();
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if sync {
        sync_dir(&dir);
    }
    Ok(())
}

/// Sync a folder so that a rename in it survives a crash. Best effort: some
/// file systems cannot sync a folder, and the data itself is already safe.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A name in `dir` for a new file called `stem-DATE.ext` that no file has
/// yet: `stem-DATE.ext`, else `stem-DATE-2.ext`, `-3`… (never overwriting).
pub fn unused_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if fs::symlink_metadata(&first).is_err() {
        return first;
    }
    (2u32..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| fs::symlink_metadata(p).is_err())
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn writes_replace_and_leave_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[test]
    fn unsynced_writes_replace_and_leave_no_temp_or_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("entry.bin");
        write_atomic_unsynced(&p, |f| f.write_all(b"one")).unwrap();
        write_atomic_unsynced(&p, |f| f.write_all(b"two")).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let failed = write_atomic_unsynced(&p, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("full"))
        });
        assert!(failed.is_err());
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(names(dir.path()), ["entry.bin"]);
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        write_atomic(&p, b"old").unwrap();
        let err = write_atomic_with(&p, |f| {
            f.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["a.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_are_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles");
        fs::create_dir(&real).unwrap();
        fs::write(real.join("b.toml"), "old").unwrap();
        let link = dir.path().join("b.toml");
        std::os::unix::fs::symlink("dotfiles/b.toml", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(real.join("b.toml")).unwrap(), b"new");
        assert_eq!(
            follow_links(&link).unwrap(),
            Some(LinkEnd {
                target: dir.path().join("dotfiles/b.toml"),
                exists: true
            })
        );
        std::os::unix::fs::symlink("nowhere", dir.path().join("d")).unwrap();
        assert!(!follow_links(&dir.path().join("d")).unwrap().unwrap().exists);
        assert_eq!(follow_links(&real).unwrap(), None);
    }

    #[test]
    fn unused_names_never_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let a = unused_name(dir.path(), "plan-2026-12-01", "md");
        assert_eq!(a, dir.path().join("plan-2026-12-01.md"));
        fs::write(&a, "x").unwrap();
        let b = unused_name(dir.path(), "plan-2026-12-01", "md");
        assert_eq!(b, dir.path().join("plan-2026-12-01-2.md"));
        fs::write(&b, "x").unwrap();
        assert_eq!(
            unused_name(dir.path(), "plan-2026-12-01", "md"),
            dir.path().join("plan-2026-12-01-3.md")
        );
    }
}
