//! The size budget of the cache: entries are kept up to a size, the least
//! recently used removed first (reading an entry sets its modification
//! time to now, and that is the order); and the sweep of temporary files
//! that interrupted writes left behind.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::DEFAULT_BUDGET_MB;

/// Note that an entry was just used (its modification time, which orders
/// the entries for removal). Failing is no error.
pub(super) fn mark_used(path: &Path, now: SystemTime) {
    if let Ok(f) = fs::File::options().write(true).open(path) {
        let _ = f.set_modified(now);
    }
}

/// The size budget of the cache in bytes: `HINET_CACHE_MAX_MB`, or
/// [`DEFAULT_BUDGET_MB`].
pub fn budget() -> u64 {
    std::env::var("HINET_CACHE_MAX_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_BUDGET_MB)
        .saturating_mul(1024 * 1024)
}

/// Keep the most recently used entries that fit in `budget` bytes (and
/// always the one just written or read); remove the rest.
pub(super) fn prune(dir: &Path, keep: &Path, budget: u64) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut found: Vec<(std::time::SystemTime, u64, PathBuf)> = Vec::new();
    let mut used = 0u64;
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("catalogue-") || !name.ends_with(".bin") {
            continue;
        }
        let Ok(meta) = e.metadata() else { continue };
        if p == keep {
            used = used.saturating_add(meta.len());
            continue;
        }
        let modified = meta.modified().unwrap_or(std::time::UNIX_EPOCH);
        found.push((modified, meta.len(), p));
    }
    // Most recently used first; keep them while they fit.
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    for (_, len, p) in found {
        used = used.saturating_add(len);
        if used > budget {
            let _ = fs::remove_file(p);
        }
    }
}

/// A temporary file not written to for this long is left over, whoever
/// made it (its process id may since belong to another program).
pub(super) const STALE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Remove the temporary files that interrupted writes left behind (at
/// 100,000 networks each is hundreds of megabytes): those whose process
/// (named in the file name, `catalogue-KEY.bin.tmp-PID-N`, as
/// `files::write_atomic_with` names it) is no longer running,
/// and any not written to for `STALE`. A write under way is left alone.
pub(super) fn sweep(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix("catalogue-")
            .and_then(|rest| rest.split_once(".tmp-"))
            .map(|(_, rest)| rest.split('-').next().and_then(|p| p.parse::<u32>().ok()))
        else {
            continue;
        };
        let Ok(meta) = e.metadata() else { continue };
        let idle = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|d| d > STALE);
        if idle || pid.is_some_and(|p| !running(p)) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// Whether a process with this id exists (one we may not signal counts).
#[cfg(unix)]
fn running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists; nothing is sent.
    let rc = unsafe { libc::kill(pid, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn running(_pid: u32) -> bool {
    true
}
