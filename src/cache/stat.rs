//! Knowing an unchanged catalogue without reading it, as git's index and
//! cargo do: each catalogue file's path, size, modification and change
//! times (to the nanosecond), inode and device make a *stat signature*, and
//! a small side file in the cache folder (`catalogue-stat-keys.txt`) maps
//! a signature to the content key it was last seen with. When every field
//! is the same, the files are taken to hold the same bytes, and the
//! content key comes from the side file instead of hashing every byte.
//!
//! The bytes are hashed instead (the content key, as before) when:
//! - any field of any file differs: a file was written, replaced, renamed,
//!   touched, added to or removed from a catalogue folder;
//! - a field cannot be read, or the system is not Unix (only Unix gives
//!   the inode and the change time);
//! - the signature is "racy": a file's modification or change time is
//!   within [`RACY_NS`] of the moment the signature was recorded (or after
//!   it), so a later write in the same clock tick could leave every field
//!   as it was. Such a signature is not recorded, and the next start hashes
//!   the bytes and records it then;
//! - the side file is missing, damaged, or says it was written in the
//!   future (the clock went back).
//!
//! What this cannot see: a write that keeps the size, the inode and both
//! times. The change time cannot be set by a program (writing a file, or
//! setting its modification time back, sets the change time to now), so
//! that takes setting the system clock back, or a file system that does
//! not keep change times (some network and FUSE file systems). `--no-cache`
//! is the way round it there.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::catalogue::{LoadOptions, Source, read};

#[cfg(unix)]
use super::listing::{Listing, list};

/// How close to the recording moment a file's times may be before its
/// signature is not trusted: 2 seconds, more than the coarsest time
/// stamps of common file systems (FAT's 2 s).
pub const RACY_NS: i128 = 2_000_000_000;

/// The side file's name (with the `catalogue-` prefix, so that a
/// temporary file a killed process left is swept with the entries' ones).
const FILE: &str = "catalogue-stat-keys.txt";

/// Signatures kept in the side file, newest last.
const KEEP: usize = 64;

/// The side file is small; anything larger is not ours.
const MAX_BYTES: u64 = 64 * 1024;

/// The stat signature of a catalogue and its additions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    hash: [u8; 32],
    /// The latest modification or change time of any file, in nanoseconds
    /// since 1970.
    newest_ns: i128,
}

impl Signature {
    /// Whether a signature recorded at `at` (nanoseconds since 1970) can be
    /// trusted: every file's times are well before it.
    fn settled_at(&self, at: i128) -> bool {
        self.newest_ns.saturating_add(RACY_NS) < at
    }
}

/// Nanoseconds since 1970 (negative before).
pub fn ns_of(t: SystemTime) -> i128 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    }
}

/// The stat signature of the files `source` and `options` name, or `None`
/// when a file cannot be stat'ed or fails the loader's checks (the loader
/// then says why), or off Unix.
#[cfg(unix)]
pub fn signature(
    source: &Source,
    options: &LoadOptions,
    mut h: blake3::Hasher,
) -> Option<Signature> {
    let mut newest_ns = i128::MIN;
    h.update(b"stat");
    h.update(&options.max_file_bytes.to_le_bytes());
    h.update(b"Lb");
    match source {
        // Built into the binary, which the version in the hash names.
        Source::Bundled => {
            h.update(b"bundled");
        }
        Source::Path(p) => add_files(&mut h, &mut newest_ns, &list(p, options.max_file_bytes)?)?,
    }
    h.update(b"La");
    if let Some(dir) = options.additions.as_deref().filter(|d| d.is_dir()) {
        // The additions left out are left out of the signature too, and
        // named in it, as they are in the content key.
        let mut files = list(dir, options.max_file_bytes)?;
        if !options.skip_additions.is_empty() {
            files.retain(|p| !options.skip_additions.contains(&read::display_path(p)));
        }
        for s in &options.skip_additions {
            h.update(b"S");
            h.update(&(s.len() as u64).to_le_bytes());
            h.update(s.as_bytes());
        }
        add_files(&mut h, &mut newest_ns, &files)?;
    }
    h.update(b"E");
    Some(Signature {
        hash: *h.finalize().as_bytes(),
        newest_ns,
    })
}

#[cfg(unix)]
fn add_files(h: &mut blake3::Hasher, newest: &mut i128, files: &Listing) -> Option<()> {
    // Every file's record written out first and hashed in one call: the
    // same hash as a call for each piece, but whole chunks at a time (at
    // 100k files, small calls took a tenth of a later start).
    // A record: `F`, the name's length, the name, five 16-byte fields.
    let mut records: Vec<u8> = Vec::new();
    for i in 0..files.len() {
        let s = files.stat(i)?;
        records.push(b'F');
        let len_at = records.len();
        records.extend_from_slice(&[0; 8]);
        files.push_path(i, &mut records);
        let len = (records.len() - len_at - 8) as u64;
        records[len_at..len_at + 8].copy_from_slice(&len.to_le_bytes());
        for field in [i128::from(s.size), s.mtime_ns, s.ctime_ns, s.ino, s.dev] {
            records.extend_from_slice(&field.to_le_bytes());
        }
        *newest = (*newest).max(s.mtime_ns).max(s.ctime_ns);
    }
    h.update(&records);
    Some(())
}

/// Off Unix there is no inode or change time: no signature, and the
/// bytes are always hashed.
#[cfg(not(unix))]
pub fn signature(
    _source: &Source,
    _options: &LoadOptions,
    _h: blake3::Hasher,
) -> Option<Signature> {
    None
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// One line of the side file: `signature key recorded_ns`.
struct Line {
    sig: [u8; 32],
    key: [u8; 32],
    at: i128,
}

fn read_lines(dir: &Path) -> Vec<Line> {
    let path = dir.join(FILE);
    let Ok(meta) = fs::metadata(&path) else {
        return Vec::new();
    };
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return Vec::new();
    }
    let Ok(text) = fs::read_to_string(&path) else {
        return Vec::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            let line = Line {
                sig: unhex32(parts.next()?)?,
                key: unhex32(parts.next()?)?,
                at: parts.next()?.parse().ok()?,
            };
            parts.next().is_none().then_some(line)
        })
        .collect()
}

/// The content key recorded for `sig`, when it can be trusted at `now`.
pub fn lookup(dir: &Path, sig: &Signature, now: SystemTime) -> Option<[u8; 32]> {
    let now = ns_of(now);
    read_lines(dir)
        .into_iter()
        .rev()
        .find(|l| l.sig == sig.hash)
        .filter(|l| l.at <= now && sig.settled_at(l.at))
        .map(|l| l.key)
}

/// Record that files with signature `sig` hold the content `key`, unless
/// the signature is racy at `now`. Failing to write is no error.
pub fn record(dir: &Path, sig: &Signature, key: &[u8; 32], now: SystemTime) {
    let now = ns_of(now);
    if !sig.settled_at(now) {
        return;
    }
    let mut lines = read_lines(dir);
    lines.retain(|l| l.sig != sig.hash);
    lines.push(Line {
        sig: sig.hash,
        key: *key,
        at: now,
    });
    let skip = lines.len().saturating_sub(KEEP);
    let mut text = String::new();
    for l in &lines[skip..] {
        text.push_str(&format!("{} {} {}\n", hex(&l.sig), hex(&l.key), l.at));
    }
    let _ = write(dir, &text);
}

fn write(dir: &Path, text: &str) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let path = dir.join(FILE);
    let tmp = dir.join(format!("{FILE}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        // No fsync: a side file lost in a crash only means hashing once.
        fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::Duration;

    fn options() -> LoadOptions {
        LoadOptions {
            additions: None,
            max_file_bytes: 1 << 30,
            skip_additions: Vec::new(),
        }
    }

    fn sig(path: &Path) -> Signature {
        signature(
            &Source::Path(path.to_path_buf()),
            &options(),
            blake3::Hasher::new(),
        )
        .expect("a signature")
    }

    #[test]
    fn a_recorded_signature_is_found_only_once_settled() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("c.toml");
        fs::write(&file, "a = 1\n").expect("write");
        let cache = tmp.path().join("cache");
        let s = sig(&file);
        let key = [7u8; 32];
        // Just written: racy, so not recorded.
        record(&cache, &s, &key, SystemTime::now());
        assert_eq!(lookup(&cache, &s, SystemTime::now()), None);
        // Recorded well after the file's times: found.
        let later = SystemTime::now() + Duration::from_secs(10);
        record(&cache, &s, &key, later);
        assert_eq!(lookup(&cache, &s, later), Some(key));
        // A side file from the future (the clock went back): not trusted.
        assert_eq!(lookup(&cache, &s, SystemTime::now()), None);
    }

    #[test]
    fn every_stat_field_is_in_the_signature() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("c.toml");
        fs::write(&file, "a = 1\n").expect("write");
        let first = sig(&file);
        assert_eq!(sig(&file), first, "nothing changed, the same signature");
        // The same size, the modification time set back: the change time
        // (and so the signature) still moves on, once the clock has ticked.
        let mtime = fs::metadata(&file)
            .expect("stat")
            .modified()
            .expect("mtime");
        let mut changed = false;
        for _ in 0..10_000 {
            fs::write(&file, "a = 2\n").expect("write");
            let f = fs::File::options().write(true).open(&file).expect("open");
            f.set_modified(mtime).expect("set mtime");
            drop(f);
            if sig(&file) != first {
                changed = true;
                break;
            }
        }
        assert!(
            changed,
            "an edit with its mtime put back changes the signature"
        );
        // Replaced by another file (another inode) of the same size and times.
        let other = tmp.path().join("other.toml");
        fs::write(&other, "a = 3\n").expect("write");
        let before = sig(&file);
        let f = fs::File::options().write(true).open(&other).expect("open");
        f.set_modified(mtime).expect("set mtime");
        drop(f);
        fs::rename(&other, &file).expect("rename");
        assert_ne!(sig(&file), before);
    }

    #[test]
    fn additions_left_out_are_left_out_of_the_signature() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("c.toml");
        fs::write(&file, "a = 1\n").expect("write");
        let adds = tmp.path().join("adds");
        fs::create_dir_all(&adds).expect("mkdir");
        let bad = adds.join("bad.toml");
        fs::write(&bad, "x = 1\n").expect("write");
        let source = Source::Path(file);
        let with = |skip: Vec<String>| LoadOptions {
            additions: Some(adds.clone()),
            max_file_bytes: 1 << 30,
            skip_additions: skip,
        };
        let sig = |o: &LoadOptions| signature(&source, o, blake3::Hasher::new());
        let all = sig(&with(Vec::new()));
        let skip = with(vec![read::display_path(&bad)]);
        let without = sig(&skip);
        assert!(all.is_some() && without.is_some());
        assert_ne!(all, without, "leaving a file out is another signature");
        // What the left-out file holds does not matter.
        fs::write(&bad, "x = 22\n").expect("write");
        assert_eq!(sig(&skip).map(|s| s.hash), without.map(|s| s.hash));
        assert_ne!(sig(&with(Vec::new())), all);
    }

    #[test]
    fn a_damaged_side_file_is_ignored_and_replaced() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let file = tmp.path().join("c.toml");
        fs::write(&file, "a = 1\n").expect("write");
        let cache = tmp.path().join("cache");
        fs::create_dir_all(&cache).expect("mkdir");
        fs::write(cache.join(FILE), "junk\n\u{0}\u{1} zz 12\n").expect("write");
        let s = sig(&file);
        let later = SystemTime::now() + Duration::from_secs(10);
        assert_eq!(lookup(&cache, &s, later), None);
        record(&cache, &s, &[1; 32], later);
        assert_eq!(lookup(&cache, &s, later), Some([1; 32]));
    }
}
