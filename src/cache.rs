//! The cache of parsed catalogues: a large catalogue is parsed, checked and
//! indexed once, and later starts read the result from the user's cache
//! folder instead.
//!
//! The cache is keyed by the *content* of every catalogue file (BLAKE3 of
//! each file's name and bytes, in load order, with the program's version),
//! so an edited file can never be served stale: any change of a byte is a
//! different key, and the old entry is simply not found. Hashing every byte
//! on every start is not needed when nothing changed, though: the `stat`
//! module keeps each file's path, size, times, inode and device beside the
//! key they were seen with, and hashes the bytes again only when one of
//! them changed, cannot be read, or is too recent to trust (see there for
//! exactly when). Each section of an
//! entry carries its own BLAKE3 hash, and decoding checks every length,
//! offset and string, so a damaged or truncated entry means a fresh parse,
//! never a wrong answer or a crash. Writing goes through a temporary file
//! and a rename. A failure to read or write the cache is never an error:
//! the catalogue is parsed as if there were no cache.
//!
//! Small catalogues (the bundled one) parse faster than a cache entry can be
//! read, so they are not cached.
//!
//! Entries are kept up to a size budget ([`DEFAULT_BUDGET_MB`], or
//! `HINET_CACHE_MAX_MB`), the least recently used removed first: reading an
//! entry sets its modification time to now, and that is the order.

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::catalogue::codec::{self, Dec, Enc};
use crate::catalogue::{self, Catalogue, LoadError, LoadOptions, Network, Source, SourceFile};
use crate::query::Index;
use crate::query::index::Unattached;

/// Catalogues smaller than this (all files together) are not cached.
pub const MIN_BYTES: usize = 1 << 20;

mod stat;

/// The size of the entries kept, in MB, unless `HINET_CACHE_MAX_MB` says
/// otherwise; the least recently used are removed first when a new entry
/// is written. The entry just written or read is always kept.
pub const DEFAULT_BUDGET_MB: u64 = 1024;

const MAGIC: &[u8; 8] = b"HINETC04";

/// A loaded catalogue, with its indexes when they came from the cache or
/// were built to be cached.
pub struct Loaded {
    pub catalogue: Catalogue,
    pub networks: Option<Index>,
    pub learning: Option<Index>,
    /// Whether the catalogue came from the cache.
    pub from_cache: bool,
    /// Whether its files were known unchanged from their stat signature
    /// alone, without hashing their bytes.
    pub known_by_stat: bool,
}

impl Loaded {
    fn parsed(catalogue: Catalogue, indexes: Option<Indexes>) -> Loaded {
        let (networks, learning) = match indexes {
            Some(i) => (Some(i.networks), Some(i.learning)),
            None => (None, None),
        };
        Loaded {
            catalogue,
            networks,
            learning,
            from_cache: false,
            known_by_stat: false,
        }
    }

    /// The index of networks: the loaded one, or one built now.
    pub fn take_networks(&mut self) -> Index {
        self.networks
            .take()
            .unwrap_or_else(|| Index::networks(&self.catalogue))
    }

    /// The index of opportunities: the loaded one, or one built now.
    pub fn take_learning(&mut self) -> Index {
        self.learning
            .take()
            .unwrap_or_else(|| Index::opportunities(&self.catalogue))
    }

    /// The catalogue and both indexes (building what is missing, on two
    /// threads when both are).
    pub fn into_parts(self) -> (Catalogue, Indexes) {
        let Loaded {
            catalogue,
            networks,
            learning,
            ..
        } = self;
        let indexes = match (networks, learning) {
            (Some(networks), Some(learning)) => Indexes { networks, learning },
            (Some(networks), None) => Indexes {
                learning: Index::opportunities(&catalogue),
                networks,
            },
            (None, Some(learning)) => Indexes {
                networks: Index::networks(&catalogue),
                learning,
            },
            (None, None) => Indexes::build(&catalogue),
        };
        (catalogue, indexes)
    }
}

/// Which indexes a command needs from the cache (the others are skipped,
/// not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub networks: bool,
    pub learning: bool,
}

impl Need {
    pub const NONE: Need = Need {
        networks: false,
        learning: false,
    };
    pub const NETWORKS: Need = Need {
        networks: true,
        learning: false,
    };
    pub const LEARNING: Need = Need {
        networks: false,
        learning: true,
    };
    pub const BOTH: Need = Need {
        networks: true,
        learning: true,
    };
}

pub use crate::query::Indexes;

/// Load a catalogue (with the user's additions), through the cache in `dir`
/// when there is one and the catalogue is large enough to gain from it.
pub fn load(
    source: &Source,
    options: &LoadOptions,
    dir: Option<&Path>,
    need: Need,
) -> Result<Loaded, LoadError> {
    load_at(source, options, dir, need, SystemTime::now())
}

/// `load`, as if the clock said `now` (for the racy rule and the order of
/// use; tests move it on).
fn load_at(
    source: &Source,
    options: &LoadOptions,
    dir: Option<&Path>,
    need: Need,
    now: SystemTime,
) -> Result<Loaded, LoadError> {
    // The bundled catalogue on its own was parsed, checked and encoded when
    // the program was built: decode that (no parse, no hashing, no cache).
    if *source == Source::Bundled
        && catalogue::read_additions(options)?.is_empty()
        && let Some(catalogue) = catalogue::bundled_decoded()
    {
        return Ok(Loaded::parsed(catalogue, None));
    }
    if let Some(dir) = dir {
        sweep(dir);
    }
    let sig = dir.and_then(|_| stat::signature(source, options, key_start()));
    if let Some(dir) = dir {
        let known = sig.as_ref().and_then(|s| stat::lookup(dir, s, now));
        if let Some(key) = known.or_else(|| stream_key(source, options)) {
            let path = entry_path(dir, &key);
            if path.is_file() {
                if let Some(mut loaded) = read_entry(&path, &key, need) {
                    mark_used(&path, now);
                    loaded.known_by_stat = known.is_some();
                    if known.is_none() {
                        record_if_unchanged(dir, sig.as_ref(), source, options, &key, now);
                    }
                    return Ok(loaded);
                }
                // Damaged: parse again, and write a good entry over it.
                let _ = fs::remove_file(&path);
            }
        }
    }
    let (base, additions) = catalogue::read_sources(source, options)?;
    let size: usize = base.iter().chain(&additions).map(|f| f.text.len()).sum();
    match dir {
        Some(dir) if size >= MIN_BYTES => {
            let key = key_of(&base, &additions);
            let loaded = parse_and_store(base, additions, dir, &key)?;
            record_if_unchanged(dir, sig.as_ref(), source, options, &key, now);
            Ok(loaded)
        }
        _ => Ok(Loaded::parsed(
            catalogue::from_files(base, additions)?,
            None,
        )),
    }
}

/// Record that the files with stat signature `sig` hold `key`, when their
/// signature is still `sig` now that their bytes have been hashed (so a
/// file that changed meanwhile is not recorded with the wrong key).
fn record_if_unchanged(
    dir: &Path,
    sig: Option<&stat::Signature>,
    source: &Source,
    options: &LoadOptions,
    key: &[u8; 32],
    now: SystemTime,
) {
    if let Some(sig) = sig
        && stat::signature(source, options, key_start()).as_ref() == Some(sig)
    {
        stat::record(dir, sig, key, now);
    }
}

/// Parse, check and index files, and write the cache entry for them (keyed
/// by these very files, in case they changed since an earlier look).
fn parse_and_store(
    base: Vec<SourceFile>,
    additions: Vec<SourceFile>,
    dir: &Path,
    key: &[u8; 32],
) -> Result<Loaded, LoadError> {
    let catalogue = catalogue::from_files(base, additions)?;
    let indexes = Indexes::build(&catalogue);
    let _ = write_entry(dir, &entry_path(dir, key), key, &catalogue, &indexes);
    Ok(Loaded::parsed(catalogue, Some(indexes)))
}

/// Note that an entry was just used (its modification time, which orders
/// the entries for removal). Failing is no error.
fn mark_used(path: &Path, now: SystemTime) {
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

fn key_start() -> blake3::Hasher {
    let mut h = blake3::Hasher::new();
    h.update(MAGIC);
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h
}

/// Starts one file in the key: its name and the length of its text.
fn key_file(h: &mut blake3::Hasher, name: &str, len: u64) {
    h.update(b"F");
    h.update(&(name.len() as u64).to_le_bytes());
    h.update(name.as_bytes());
    h.update(&len.to_le_bytes());
}

/// The key of a set of files: what they are called and hold, in order.
pub fn key_of(base: &[SourceFile], additions: &[SourceFile]) -> [u8; 32] {
    let mut h = key_start();
    for (layer, files) in [(b'b', base), (b'a', additions)] {
        h.update(&[b'L', layer]);
        for f in files {
            key_file(&mut h, &f.name, f.text.len() as u64);
            h.update(f.text.as_bytes());
        }
    }
    h.update(b"E");
    *h.finalize().as_bytes()
}

/// The key `key_of` gives for the files of a catalogue, worked out by
/// reading each file in small pieces rather than holding them all (the
/// text of a file is its bytes without a BOM; a file that is not valid
/// text has no entry, so it is parsed and its error reported). `None` when
/// a file cannot be read, or changes while it is read.
fn stream_key(source: &Source, options: &LoadOptions) -> Option<[u8; 32]> {
    let mut h = key_start();
    let mut buf = vec![0u8; 1 << 16];
    let mut hash_file = |h: &mut blake3::Hasher, name: &str, mut file: fs::File, len: u64| {
        let mut head = [0u8; 3];
        let got = read_full(&mut file, &mut head)?;
        let bom = got == 3 && head == [0xEF, 0xBB, 0xBF];
        let len = if bom { len - 3 } else { len };
        key_file(h, name, len);
        let mut seen = 0u64;
        if !bom {
            h.update(&head[..got]);
            seen += got as u64;
        }
        loop {
            let n = file.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            h.update(&buf[..n]);
            seen += n as u64;
        }
        (seen == len).then_some(())
    };
    h.update(b"Lb");
    match source {
        Source::Bundled => {
            for (name, text) in catalogue::bundled_texts() {
                key_file(&mut h, name, text.len() as u64);
                h.update(text.as_bytes());
            }
        }
        Source::Path(p) => {
            catalogue::read::visit_files(p, options.max_file_bytes, |name, file, len| {
                hash_file(&mut h, name, file, len)
            })?;
        }
    }
    h.update(b"La");
    if let Some(dir) = options.additions.as_deref().filter(|d| d.is_dir()) {
        catalogue::read::visit_files(dir, options.max_file_bytes, |name, file, len| {
            if options.skip_additions.iter().any(|s| s == name) {
                return Some(());
            }
            hash_file(&mut h, name, file, len)
        })?;
    }
    h.update(b"E");
    Some(*h.finalize().as_bytes())
}

/// Read until `buf` is full or the file ends; how many bytes were read.
fn read_full(file: &mut fs::File, buf: &mut [u8]) -> Option<usize> {
    let mut got = 0;
    while got < buf.len() {
        match file.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(got)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where the entry for `key` lives.
pub fn entry_path(dir: &Path, key: &[u8; 32]) -> PathBuf {
    dir.join(format!("catalogue-{}.bin", hex(&key[..16])))
}

/// A checksum of a section, against damage (the key already says whose
/// entry it is): a multiply-rotate hash of 8-byte words, fast enough to
/// cost little next to reading the bytes.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(b)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    }
    for &b in words.remainder() {
        h = (h.rotate_left(23) ^ u64::from(b)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    }
    h ^ (h >> 33)
}

/// What a section of an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// The `[catalogue]` table and the vocabularies.
    Head = 0,
    /// Some of the networks, in order.
    Part = 1,
    Networks = 2,
    Learning = 3,
}

/// One section: what it holds, where it is, its checksum.
#[derive(Clone, Copy, Debug)]
struct Section {
    kind: Kind,
    offset: u64,
    len: u64,
    sum: u64,
}

/// Networks per part: parts are read and decoded two at a time, so memory
/// holds at most a couple of parts' bytes besides what is decoded.
const PART_NETWORKS: usize = 2_500;

/// An entry: the magic, the key, the sections, then their table and the
/// table's length:
/// `MAGIC key section... (count, (kind, offset, len, sum)...) table_len`.
fn write_entry(
    dir: &Path,
    path: &Path,
    key: &[u8; 32],
    catalogue: &Catalogue,
    indexes: &Indexes,
) -> std::io::Result<()> {
    fs::create_dir_all(dir)?;
    let result = crate::files::write_atomic_with(path, |file| {
        let mut out = std::io::BufWriter::new(file);
        out.write_all(MAGIC)?;
        out.write_all(key)?;
        let mut table: Vec<Section> = Vec::new();
        let mut offset = 40u64;
        let mut put = |out: &mut std::io::BufWriter<&mut fs::File>, kind, bytes: Vec<u8>| {
            out.write_all(&bytes)?;
            let len = bytes.len() as u64;
            table.push(Section {
                kind,
                offset,
                len,
                sum: checksum(&bytes),
            });
            offset += len;
            std::io::Result::Ok(())
        };
        put(&mut out, Kind::Head, codec::encode_head(catalogue))?;
        for part in catalogue.networks.chunks(PART_NETWORKS) {
            put(&mut out, Kind::Part, codec::encode_networks(part))?;
        }
        for (kind, index) in [
            (Kind::Networks, &indexes.networks),
            (Kind::Learning, &indexes.learning),
        ] {
            let mut e = Enc::default();
            index.encode(&mut e);
            put(&mut out, kind, e.finish())?;
        }
        let mut t = Vec::with_capacity(8 + table.len() * 25);
        t.extend_from_slice(&(table.len() as u64).to_le_bytes());
        for s in &table {
            t.push(s.kind as u8);
            t.extend_from_slice(&s.offset.to_le_bytes());
            t.extend_from_slice(&s.len.to_le_bytes());
            t.extend_from_slice(&s.sum.to_le_bytes());
        }
        out.write_all(&t)?;
        out.write_all(&(t.len() as u64).to_le_bytes())?;
        out.flush()
    });
    prune(dir, path, budget());
    result
}

fn u64_at(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_le_bytes(a))
}

/// Read `len` bytes at `offset` (without moving a shared file position, so
/// threads can read sections of one file at once).
#[cfg(unix)]
fn read_at(file: &fs::File, offset: u64, len: u64) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut buf = Vec::new();
    buf.try_reserve_exact(usize::try_from(len).ok()?).ok()?;
    buf.resize(len as usize, 0);
    file.read_exact_at(&mut buf, offset).ok()?;
    Some(buf)
}

#[cfg(not(unix))]
fn read_at(file: &fs::File, offset: u64, len: u64) -> Option<Vec<u8>> {
    use std::io::Seek;
    let mut file = file.try_clone().ok()?;
    file.seek(std::io::SeekFrom::Start(offset)).ok()?;
    let mut buf = Vec::new();
    buf.try_reserve_exact(usize::try_from(len).ok()?).ok()?;
    file.take(len).read_to_end(&mut buf).ok()?;
    (buf.len() as u64 == len).then_some(buf)
}

/// The table of an entry, every section inside the entry.
fn read_table(file: &fs::File, size: u64) -> Option<Vec<Section>> {
    let tail = read_at(file, size.checked_sub(8)?, 8)?;
    let table_len = u64_at(&tail, 0)?;
    let data_end = size.checked_sub(8)?.checked_sub(table_len)?;
    if data_end < 40 {
        return None;
    }
    let t = read_at(file, data_end, table_len)?;
    let count = usize::try_from(u64_at(&t, 0)?).ok()?;
    if t.len() != count.checked_mul(25)?.checked_add(8)? {
        return None;
    }
    let mut sections = Vec::with_capacity(count);
    for i in 0..count {
        let at = 8 + i * 25;
        let kind = match t[at] {
            0 => Kind::Head,
            1 => Kind::Part,
            2 => Kind::Networks,
            3 => Kind::Learning,
            _ => return None,
        };
        let offset = u64_at(&t, at + 1)?;
        let len = u64_at(&t, at + 9)?;
        let sum = u64_at(&t, at + 17)?;
        if offset < 40 || offset.checked_add(len)? > data_end {
            return None;
        }
        sections.push(Section {
            kind,
            offset,
            len,
            sum,
        });
    }
    Some(sections)
}

/// What one section decodes to.
enum Decoded {
    Part(Vec<Network>),
    Index(Box<Unattached>),
}

/// The catalogue and the needed indexes of an entry, or `None` when it is
/// not a good entry for `key`. Sections are read and decoded by two
/// threads taking them in turn, so at most two sections' bytes are in
/// memory besides what has been decoded.
fn read_entry(path: &Path, key: &[u8; 32], need: Need) -> Option<Loaded> {
    let file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() {
        return None;
    }
    let head = read_at(&file, 0, 40)?;
    if &head[..8] != MAGIC || &head[8..40] != key {
        return None;
    }
    let table = read_table(&file, meta.len())?;
    let read = |s: &Section| read_at(&file, s.offset, s.len).filter(|b| checksum(b) == s.sum);
    let mut heads = table.iter().filter(|s| s.kind == Kind::Head);
    let (Some(head), None) = (heads.next(), heads.next()) else {
        return None;
    };
    let mut catalogue = codec::decode_head(&read(head)?)?;
    // Parts first in the list; the indexes (large) are taken by one thread
    // only, one after the other, so at most one index's bytes and copy are
    // in memory at once while the parts are decoded beside it.
    let jobs: Vec<&Section> = table
        .iter()
        .filter(|s| match s.kind {
            Kind::Head => false,
            Kind::Part => true,
            Kind::Networks => need.networks,
            Kind::Learning => need.learning,
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let failed = std::sync::atomic::AtomicBool::new(false);
    let decode = |i: usize, s: &Section, done: &mut Vec<(usize, Decoded)>| {
        let decoded = read(s).and_then(|bytes| match s.kind {
            Kind::Part => codec::decode_networks(&bytes).map(Decoded::Part),
            _ => {
                let mut d = Dec::new(&bytes)?;
                let index = Index::decode(&mut d)?;
                d.is_done().then_some(Decoded::Index(Box::new(index)))
            }
        });
        match decoded {
            Some(d) => {
                done.push((i, d));
                true
            }
            None => {
                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                false
            }
        }
    };
    let work = |indexes_first: bool| {
        let mut done: Vec<(usize, Decoded)> = Vec::new();
        if indexes_first {
            for (i, s) in jobs
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind != Kind::Part)
            {
                if failed.load(std::sync::atomic::Ordering::Relaxed) || !decode(i, s, &mut done) {
                    return done;
                }
            }
        }
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(s) = jobs.get(i).filter(|s| s.kind == Kind::Part) else {
                break;
            };
            if failed.load(std::sync::atomic::Ordering::Relaxed) || !decode(i, s, &mut done) {
                break;
            }
        }
        done
    };
    let mut done: Vec<(usize, Decoded)> = std::thread::scope(|sc| {
        let other = sc.spawn(|| work(true));
        let mut mine = work(false);
        mine.extend(other.join().unwrap_or_default());
        mine
    });
    if failed.into_inner() || done.len() != jobs.len() {
        return None;
    }
    done.sort_by_key(|d| d.0);
    let (mut networks, mut learning) = (None, None);
    for (i, d) in done {
        match d {
            Decoded::Part(part) => catalogue.networks.extend(part),
            Decoded::Index(index) => {
                if jobs[i].kind == Kind::Networks {
                    networks = Some(*index);
                } else {
                    learning = Some(*index);
                }
            }
        }
    }
    let attach = |i: Option<Unattached>| match i {
        Some(i) => i.attach(&catalogue).map(Some),
        None => Some(None),
    };
    let networks = attach(networks)?;
    let learning = attach(learning)?;
    if networks.is_none() && need.networks || learning.is_none() && need.learning {
        return None;
    }
    Some(Loaded {
        catalogue,
        networks,
        learning,
        from_cache: true,
        known_by_stat: false,
    })
}

/// Keep the most recently used entries that fit in `budget` bytes (and
/// always the one just written or read); remove the rest.
fn prune(dir: &Path, keep: &Path, budget: u64) {
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
const STALE: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Remove the temporary files that interrupted writes left behind (at
/// 100,000 networks each is hundreds of megabytes): those whose process
/// (named in the file name, `catalogue-KEY.bin.tmp-PID-N`, as
/// `files::write_atomic_with` names it) is no longer running,
/// and any not written to for `STALE`. A write under way is left alone.
fn sweep(dir: &Path) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn big_catalogue(dir: &Path, networks: usize, salt: &str) -> PathBuf {
        let path = dir.join("catalogue.toml");
        let mut text = String::from(
            "[catalogue]\nname = \"Cache test\"\nformat = 1\n\n\
             [[vocabulary.kind]]\nid = \"network\"\nlabel = \"Network\"\n\n\
             [[vocabulary.sector]]\nid = \"nhs\"\nlabel = \"NHS\"\n\n\
             [[vocabulary.scope]]\nid = \"uk\"\nlabel = \"UK\"\n\n",
        );
        let filler = "Analysts and coders meet to share informatics practice. ".repeat(12);
        for i in 0..networks {
            text.push_str(&format!(
                "[[network]]\nid = \"net-{i}\"\nname = \"Network {i} {salt}\"\nkind = \"network\"\n\
                 summary = \"{filler}\"\nscope = [\"uk\"]\nsectors = [\"nhs\"]\n\n"
            ));
        }
        fs::write(&path, text).expect("write the catalogue");
        path
    }

    fn options() -> LoadOptions {
        LoadOptions {
            additions: None,
            max_file_bytes: 1 << 30,
            skip_additions: Vec::new(),
        }
    }

    #[test]
    fn a_second_load_comes_from_the_cache_and_equals_a_fresh_parse() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let path = big_catalogue(tmp.path(), 1_500, "a");
        let source = Source::Path(path.clone());
        let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!first.from_cache);
        let second = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(second.from_cache, "the second load reads the cache");
        assert_eq!(second.catalogue, first.catalogue);
        let fresh = catalogue::load(&source, &options()).expect("loads");
        assert_eq!(second.catalogue, fresh);
        // The cached indexes answer as freshly built ones do.
        let built = Indexes::build(&fresh);
        let (_, cached) = second.into_parts();
        for q in [
            "network 12",
            "analysts",
            "informatcs",
            "^network 1",
            "'coders",
        ] {
            let q = crate::query::Query::parse(q);
            for (a, b) in [
                (&cached.networks, &built.networks),
                (&cached.learning, &built.learning),
            ] {
                let fa = crate::query::Filters::new(a);
                assert_eq!(a.search(&q, &fa, None), b.search(&q, &fa, None));
            }
        }
    }

    #[test]
    fn the_streamed_key_is_the_key_of_the_texts() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let path = big_catalogue(tmp.path(), 20, "a");
        // A BOM, which the text does not keep, and a folder of additions.
        let text = fs::read_to_string(&path).expect("read");
        fs::write(&path, format!("\u{feff}{text}")).expect("write");
        let adds = tmp.path().join("adds");
        fs::create_dir_all(&adds).expect("mkdir");
        fs::write(adds.join("one.toml"), "[[network]]\nid = \"x\"\n").expect("write");
        let options = LoadOptions {
            additions: Some(adds),
            max_file_bytes: 1 << 30,
            skip_additions: Vec::new(),
        };
        for source in [Source::Path(path.clone()), Source::Bundled] {
            let (base, additions) = catalogue::read_sources(&source, &options).expect("reads");
            assert_eq!(
                stream_key(&source, &options),
                Some(key_of(&base, &additions))
            );
        }
        // Another name, the same bytes: another key.
        let moved = tmp.path().join("moved.toml");
        fs::copy(&path, &moved).expect("copy");
        assert_ne!(
            stream_key(&Source::Path(moved), &options),
            stream_key(&Source::Path(path), &options)
        );
    }

    #[test]
    fn only_the_needed_indexes_are_read() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let source = Source::Path(big_catalogue(tmp.path(), 1_500, "a"));
        load(&source, &options(), Some(&cache), Need::NONE).expect("loads");
        for need in [Need::NONE, Need::NETWORKS, Need::LEARNING, Need::BOTH] {
            let l = load(&source, &options(), Some(&cache), need).expect("loads");
            assert!(l.from_cache);
            assert_eq!(l.networks.is_some(), need.networks);
            assert_eq!(l.learning.is_some(), need.learning);
        }
    }

    #[test]
    fn a_changed_file_is_never_served_stale() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let path = big_catalogue(tmp.path(), 1_500, "a");
        let source = Source::Path(path.clone());
        load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        // Same size, one letter different.
        big_catalogue(tmp.path(), 1_500, "b");
        let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(!again.from_cache);
        assert!(again.catalogue.networks[0].name.ends_with(" b"));
        // And an error in the file is reported, not hidden by the cache.
        let text = fs::read_to_string(&path).expect("read");
        fs::write(
            &path,
            text.replacen("kind = \"network\"", "kind = \"netwrok\"", 1),
        )
        .expect("write");
        assert!(load(&source, &options(), Some(&cache), Need::BOTH).is_err());
    }

    #[test]
    fn a_damaged_entry_means_a_fresh_parse() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let path = big_catalogue(tmp.path(), 1_500, "a");
        let source = Source::Path(path);
        let first = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
        let entry = fs::read_dir(&cache)
            .expect("cache dir")
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "bin"))
            .expect("an entry");
        let good = fs::read(&entry).expect("read");
        for damage in [
            good[..good.len() / 2].to_vec(),
            {
                let mut b = good.clone();
                let at = b.len() / 3;
                b[at] ^= 1;
                b
            },
            {
                let mut b = good.clone();
                b.extend_from_slice(b"junk");
                b
            },
            Vec::new(),
        ] {
            fs::write(&entry, &damage).expect("write");
            let again = load(&source, &options(), Some(&cache), Need::BOTH).expect("loads");
            assert!(!again.from_cache);
            assert_eq!(again.catalogue, first.catalogue);
        }
    }

    #[test]
    fn the_sweep_reads_the_names_the_atomic_writer_gives() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let entry = entry_path(tmp.path(), &[7u8; 32]);
        // The name of the temporary file, as the writer makes it.
        let mut name = None;
        crate::files::write_atomic_with(&entry, |_| {
            name = fs::read_dir(tmp.path())
                .expect("list")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .find(|n| n.contains(".tmp-"));
            Ok(())
        })
        .expect("write");
        let name = name.expect("a temporary file while writing");
        let ours = std::process::id().to_string();
        assert!(name.contains(&ours), "{name}");
        let live = tmp.path().join(&name);
        let dead = tmp.path().join(name.replace(&ours, "999999999"));
        fs::write(&live, b"x").expect("write");
        fs::write(&dead, b"x").expect("write");
        sweep(tmp.path());
        assert!(live.exists(), "a live writer's file is kept");
        assert!(!dead.exists(), "a gone writer's file is removed");
        assert!(entry.exists(), "entries are not swept");
        let old = std::time::SystemTime::now() - 2 * STALE;
        fs::File::options()
            .write(true)
            .open(&live)
            .and_then(|f| f.set_modified(old))
            .expect("age");
        sweep(tmp.path());
        assert!(!live.exists(), "an idle file is removed");
    }

    #[test]
    fn small_catalogues_are_not_cached() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let small = load(&Source::Bundled, &options(), Some(&cache), Need::BOTH).expect("loads");
        assert!(small.networks.is_none() && small.learning.is_none());
        assert!(!cache.exists());
    }

    #[test]
    fn the_bundled_catalogue_is_decoded_alone_and_parsed_with_additions() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let parsed = catalogue::from_files(catalogue::bundled_files(), Vec::new()).expect("parses");
        let alone = load(&Source::Bundled, &options(), None, Need::NONE).expect("loads");
        assert_eq!(alone.catalogue, parsed);
        // With an addition it is parsed, the addition merged over it and
        // checked (this one lacks its required fields).
        let adds = tmp.path().join("adds");
        fs::create_dir_all(&adds).expect("mkdir");
        fs::write(adds.join("one.toml"), "[[network]]\nid = \"mine\"\n").expect("write");
        let with = LoadOptions {
            additions: Some(adds),
            ..options()
        };
        let loaded = load(&Source::Bundled, &with, None, Need::NONE).map(|l| l.catalogue);
        let merged = catalogue::load(&Source::Bundled, &with);
        assert!(merged.is_err());
        assert_eq!(loaded, merged);
    }

    fn entries(cache: &Path) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = fs::read_dir(cache)
            .expect("cache dir")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "bin"))
            .collect();
        v.sort();
        v
    }

    /// A big catalogue in a folder of its own under `dir`.
    fn catalogue_in(dir: &Path, name: &str, salt: &str) -> Source {
        let d = dir.join(name);
        fs::create_dir_all(&d).expect("mkdir");
        Source::Path(big_catalogue(&d, 1_500, salt))
    }

    #[test]
    fn several_catalogues_are_served_from_the_cache_in_turn() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let sources: Vec<Source> = ["a", "b", "c", "d"]
            .iter()
            .map(|s| catalogue_in(tmp.path(), s, s))
            .collect();
        for source in &sources {
            let l = load(source, &options(), Some(&cache), Need::BOTH).expect("loads");
            assert!(!l.from_cache);
        }
        for round in 0..2 {
            for source in &sources {
                let l = load(source, &options(), Some(&cache), Need::BOTH).expect("loads");
                assert!(l.from_cache, "round {round}: {source:?}");
            }
        }
        assert_eq!(entries(&cache).len(), sources.len());
    }

    #[test]
    fn the_least_recently_used_entries_go_first_past_the_budget() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let now = SystemTime::now();
        let a = catalogue_in(tmp.path(), "a", "a");
        let b = catalogue_in(tmp.path(), "b", "b");
        let c = catalogue_in(tmp.path(), "c", "c");
        for s in [&a, &b, &c] {
            load(s, &options(), Some(&cache), Need::NONE).expect("loads");
        }
        let all = entries(&cache);
        assert_eq!(all.len(), 3);
        // A is read again later than B and C were written.
        let later = now + std::time::Duration::from_secs(60);
        assert!(
            load_at(&a, &options(), Some(&cache), Need::NONE, later)
                .expect("loads")
                .from_cache
        );
        let mtime = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).expect("mtime");
        let a_entry = all
            .iter()
            .find(|p| mtime(p) == later)
            .expect("A's entry was marked used")
            .clone();
        let size = |p: &Path| fs::metadata(p).expect("stat").len();
        let others: Vec<&PathBuf> = all.iter().filter(|p| **p != a_entry).collect();
        // Room for two: keeping one of the others, A (used last) stays and
        // the third goes.
        let keep = others[0];
        prune(&cache, keep, size(keep) + size(&a_entry));
        assert_eq!(entries(&cache), {
            let mut v = vec![keep.clone(), a_entry.clone()];
            v.sort();
            v
        });
        // A budget of nothing keeps only the entry just written.
        prune(&cache, keep, 0);
        assert_eq!(entries(&cache), vec![keep.clone()]);
    }

    #[test]
    fn an_unchanged_catalogue_is_known_by_its_stat_signature() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let path = big_catalogue(tmp.path(), 1_500, "a");
        let source = Source::Path(path);
        let now = SystemTime::now();
        let at = |s: u64| now + std::time::Duration::from_secs(s);
        // Just written: racy, so the bytes are hashed and nothing recorded.
        let first = load_at(&source, &options(), Some(&cache), Need::BOTH, now).expect("loads");
        assert!(!first.from_cache && !first.known_by_stat);
        let racy = load_at(&source, &options(), Some(&cache), Need::BOTH, now).expect("loads");
        assert!(racy.from_cache && !racy.known_by_stat);
        // Later, the signature is recorded (hashing once more) and then trusted.
        let hashed = load_at(&source, &options(), Some(&cache), Need::BOTH, at(10)).expect("loads");
        assert!(hashed.from_cache && !hashed.known_by_stat);
        let known = load_at(&source, &options(), Some(&cache), Need::BOTH, at(20)).expect("loads");
        assert!(known.from_cache && known.known_by_stat);
        assert_eq!(known.catalogue, first.catalogue);
    }

    /// Set a file's modification time.
    fn set_mtime(path: &Path, t: SystemTime) {
        let f = fs::File::options().write(true).open(path).expect("open");
        f.set_modified(t).expect("set mtime");
    }

    #[cfg(unix)]
    #[test]
    fn a_same_size_edit_with_its_mtime_put_back_is_never_served_stale() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let cache = tmp.path().join("cache");
        let path = big_catalogue(tmp.path(), 1_500, "a");
        let source = Source::Path(path.clone());
        let mtime = fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime");
        let now = SystemTime::now();
        let at = |s: u64| now + std::time::Duration::from_secs(s);
        let settle = |t: SystemTime| {
            load_at(&source, &options(), Some(&cache), Need::NONE, t).expect("loads");
            let l = load_at(&source, &options(), Some(&cache), Need::NONE, t).expect("loads");
            assert!(l.known_by_stat, "the signature is trusted before the edit");
        };
        settle(at(10));
        // 1. Replaced by a file of the same size and modification time: the
        // inode (and change time) differ.
        let new = tmp.path().join("new");
        fs::create_dir_all(&new).expect("mkdir");
        let replacement = big_catalogue(&new, 1_500, "b");
        set_mtime(&replacement, mtime);
        assert_eq!(
            fs::metadata(&replacement).expect("stat").len(),
            fs::metadata(&path).expect("stat").len()
        );
        fs::rename(&replacement, &path).expect("rename");
        let l = load_at(&source, &options(), Some(&cache), Need::NONE, at(30)).expect("loads");
        assert!(!l.from_cache && !l.known_by_stat);
        assert!(l.catalogue.networks[0].name.ends_with(" b"));
        settle(at(40));
        // 2. Edited in place (same inode, same size), its modification time
        // put back: the change time moved on (written until the clock ticks).
        let sig = stat::signature(&source, &options(), key_start());
        for _ in 0..10_000 {
            big_catalogue(tmp.path(), 1_500, "c");
            set_mtime(&path, mtime);
            if stat::signature(&source, &options(), key_start()) != sig {
                break;
            }
        }
        let l = load_at(&source, &options(), Some(&cache), Need::NONE, at(50)).expect("loads");
        assert!(!l.from_cache && !l.known_by_stat);
        assert!(l.catalogue.networks[0].name.ends_with(" c"));
        // 3. The racy rule: edited just after the last load, with its
        // modification time put back. Within one tick of the file system's
        // clock even the change time may be the same; the signature was too
        // recent to trust at that load, so it was not recorded and the
        // bytes are hashed.
        big_catalogue(tmp.path(), 1_500, "d");
        let now = SystemTime::now();
        load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
        let l = load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
        assert!(
            l.from_cache && !l.known_by_stat,
            "racy: hashed, not trusted"
        );
        big_catalogue(tmp.path(), 1_500, "e");
        set_mtime(
            &path,
            fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime"),
        );
        let l = load_at(&source, &options(), Some(&cache), Need::NONE, now).expect("loads");
        assert!(!l.from_cache);
        assert!(l.catalogue.networks[0].name.ends_with(" e"));
    }
}
