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
//! exactly when).
//!
//! An entry is a set of `rkyv` archives (`format`, `index`, laid out by
//! `entry`): the head (the `[catalogue]` table, vocabularies, aliases), a
//! summary of every network (its shape: opportunities and empty lists; the
//! hash of its id and of the successor it names), the networks in parts of
//! 64, and the two search indexes. It is memory-mapped and read where it
//! lies: nothing of the networks or of the indexes' big arrays is copied
//! into the program's own types (`catalogue::Networks`, `query::slice`).
//! What is checked, and when:
//!
//! - When the entry is opened, before anything is used: the magic, the key
//!   and the table (every section inside the file, aligned); the head and
//!   the summary (checksum, `rkyv`'s validation, the sanitiser's check of
//!   every string, aliases against the vocabulary); each index the command
//!   needs (checksum, `rkyv`'s validation of every offset, length and
//!   string, the sanitiser's check of every word and short text, then every
//!   array's length, bounds and order, and its documents and facet values
//!   against the catalogue); and the checksum of every part of networks,
//!   so that damage anywhere (a cut, a flipped bit) refuses the entry now.
//!   An index not needed is not read at all, not even its checksum.
//!   The indexes are checked one after the other and the parts' checksums
//!   taken on a second thread; each section's pages are let go of
//!   (`madvise(MADV_DONTNEED)`) as soon as it is checked, so the memory
//!   they took is not kept: peak memory is about one index, not the entry.
//! - The app's learning index (`Need::APP`): not when the entry is opened
//!   but when `LaterIndex::open` is called (the app calls it on a thread
//!   of its own once its first frame is drawn), with the same checks as
//!   above; until then nothing of it is used (the tab shows that it is
//!   opening). If it fails, the entry is removed and the index is built
//!   from the catalogue: the answer is the same as from a good entry.
//! - When a network is first read (`Networks::get`, `with`, `iter`): its
//!   part (64 networks) is checked once: checksum again, `rkyv`'s
//!   validation, the sanitiser's check of every string, and agreement with
//!   the summary (the same shapes and id hashes). A part that fails reads
//!   as missing networks (never its content), and the entry is removed, so
//!   the next start parses again; a well-formed entry cannot fail here
//!   unless it was written to fail (its checksums made to match), as the
//!   checksums taken at open refuse accidental damage.
//! - The distinct short texts of an index are worked out when a search
//!   first needs them, from arrays already checked.
//!
//! A damaged, truncated or hostile entry means a fresh parse (or, for a
//! hostile part found late, networks left out), never a crash, unclean
//! text or a network read wrongly. Writing goes through a temporary file
//! and a rename, never in place; a mapped entry is trusted not to change
//! under the program (see `entry::map`). A failure to read or write the
//! cache is never an error: the catalogue is parsed as if there were no
//! cache.
//!
//! Small catalogues (the bundled one) parse faster than a cache entry can be
//! read, so they are not cached.
//!
//! Entries are kept up to a size budget ([`DEFAULT_BUDGET_MB`], or
//! `HINET_CACHE_MAX_MB`), the least recently used removed first: reading an
//! entry sets its modification time to now, and that is the order.

use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::catalogue::{self, Catalogue, LoadError, LoadOptions, Networks, Source, SourceFile};
use crate::query::Index;

mod entry;
pub mod format;
pub mod index;
mod key;
#[cfg(unix)]
mod listing;
mod networks;
mod prune;
mod stat;
#[cfg(test)]
mod tests;

pub use entry::LaterIndex;
use key::key_start;
pub use key::{entry_path, key_of};
pub use prune::budget;
use prune::{mark_used, sweep};

/// Catalogues smaller than this (all files together) are not cached.
pub const MIN_BYTES: usize = 1 << 20;

/// The size of the entries kept, in MB, unless `HINET_CACHE_MAX_MB` says
/// otherwise; the least recently used are removed first when a new entry
/// is written. The entry just written or read is always kept.
pub const DEFAULT_BUDGET_MB: u64 = 1024;

const MAGIC: &[u8; 8] = b"HINETC08";

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
    /// The index of opportunities, left in the cache entry unchecked until
    /// it is first needed (`Need::learning_later`).
    pub learning_later: Option<LaterIndex>,
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
            learning_later: None,
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

    /// The catalogue, the index of networks (built when missing) and that
    /// of opportunities: loaded, built now when missing, or left to be
    /// opened later when the load left it so (`Need::learning_later`).
    pub fn into_app_parts(mut self) -> (Catalogue, Index, Learning) {
        let networks = self.take_networks();
        let learning = match self.learning_later.take() {
            Some(later) if self.learning.is_none() => Learning::Later(later),
            _ => Learning::Ready(Box::new(self.take_learning())),
        };
        (self.catalogue, networks, learning)
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

/// The index of opportunities for the app: ready, or still in the cache
/// entry to be opened (and checked) when first needed.
pub enum Learning {
    Ready(Box<Index>),
    Later(LaterIndex),
}

/// Which indexes a command needs from the cache (the others are skipped,
/// not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub networks: bool,
    pub learning: bool,
    /// The index of opportunities is not checked now but left to be opened
    /// when it is first needed (`Loaded::learning_later`, the app's
    /// learning tab); only a cache entry defers it.
    pub learning_later: bool,
}

impl Need {
    pub const NONE: Need = Need {
        networks: false,
        learning: false,
        learning_later: false,
    };
    pub const NETWORKS: Need = Need {
        networks: true,
        learning: false,
        learning_later: false,
    };
    pub const LEARNING: Need = Need {
        networks: false,
        learning: true,
        learning_later: false,
    };
    pub const BOTH: Need = Need {
        networks: true,
        learning: true,
        learning_later: false,
    };
    /// The app's start: the index of networks now, that of opportunities
    /// when the learning tab first needs it (from a cache entry; otherwise
    /// now).
    pub const APP: Need = Need {
        networks: true,
        learning: false,
        learning_later: true,
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
        && let Some(catalogue) = bundled()
    {
        let need = Need {
            learning: need.learning || need.learning_later,
            ..need
        };
        let (networks, learning) = bundled_indexes(&catalogue, need);
        return Ok(Loaded {
            catalogue,
            networks,
            learning,
            from_cache: false,
            known_by_stat: false,
            learning_later: None,
        });
    }
    if let Some(dir) = dir {
        sweep(dir);
    }
    let sig = dir.and_then(|_| stat::signature(source, options, key_start()));
    let Some(dir) = dir else {
        let (base, additions) = catalogue::read_sources(source, options)?;
        let size: usize = base.iter().chain(&additions).map(|f| f.text.len()).sum();
        let catalogue = catalogue::from_files(base, additions)?;
        if size >= MIN_BYTES {
            release_freed();
        }
        return Ok(Loaded::parsed(catalogue, None));
    };
    // Files known unchanged from their stat signature: their entry, read
    // without touching their bytes.
    let known = sig.as_ref().and_then(|s| stat::lookup(dir, s, now));
    if let Some(key) = known
        && let Some(mut loaded) = read_entry(dir, &key, need, now)
    {
        loaded.known_by_stat = true;
        return Ok(loaded);
    }
    // Otherwise the files are read once, and hashed in memory: the same
    // bytes give the key, and are parsed when there is no entry for it.
    let (mut base, mut additions) = catalogue::read_sources(source, options)?;
    let mut key = key_of(&base, &additions);
    if known.is_none() && entry_path(dir, &key).is_file() {
        // The texts are let go of before the entry is mapped (a later start
        // holds the entry, not the files); read again only if it fails.
        drop((base, additions));
        if let Some(loaded) = read_entry(dir, &key, need, now) {
            record_if_unchanged(dir, sig.as_ref(), source, options, &key, now);
            return Ok(loaded);
        }
        (base, additions) = catalogue::read_sources(source, options)?;
        key = key_of(&base, &additions);
    }
    parse_maybe_store(
        base,
        additions,
        dir,
        &key,
        sig.as_ref(),
        (source, options, now),
    )
}

/// The entry for `key` in `dir`, read and marked used; a damaged one is
/// removed (the catalogue is then parsed again, and a good entry written
/// over it).
fn read_entry(dir: &Path, key: &[u8; 32], need: Need, now: SystemTime) -> Option<Loaded> {
    let path = entry_path(dir, key);
    if !path.is_file() {
        return None;
    }
    match entry::read(&path, key, need) {
        Some(loaded) => {
            mark_used(&path, now);
            Some(loaded)
        }
        None => {
            let _ = fs::remove_file(&path);
            None
        }
    }
}

/// Parse the files read for a catalogue with no usable entry; store the
/// result in the cache when it is large enough to gain from it.
fn parse_maybe_store(
    base: Vec<SourceFile>,
    additions: Vec<SourceFile>,
    dir: &Path,
    key: &[u8; 32],
    sig: Option<&stat::Signature>,
    (source, options, now): (&Source, &LoadOptions, SystemTime),
) -> Result<Loaded, LoadError> {
    let size: usize = base.iter().chain(&additions).map(|f| f.text.len()).sum();
    if size < MIN_BYTES {
        return Ok(Loaded::parsed(
            catalogue::from_files(base, additions)?,
            None,
        ));
    }
    // The files' bytes are hashed: their signature can be taken again now,
    // on a thread of its own while they are parsed (at 100k files, the
    // `stat`s took 0.25 s after everything else).
    let (loaded, again) = std::thread::scope(|s| {
        let again = sig.map(|_| s.spawn(|| stat::signature(source, options, key_start())));
        let loaded = parse_and_store(base, additions, dir, key);
        (loaded, again.and_then(|h| h.join().ok().flatten()))
    });
    let loaded = loaded?;
    record_if_same(dir, sig, again.as_ref(), key, now);
    Ok(loaded)
}

/// Record that the files with stat signature `sig` hold `key`, when their
/// signature taken after their bytes were hashed, `again`, is still `sig`
/// (so a file that changed meanwhile is not recorded with the wrong key).
fn record_if_same(
    dir: &Path,
    sig: Option<&stat::Signature>,
    again: Option<&stat::Signature>,
    key: &[u8; 32],
    now: SystemTime,
) {
    if let Some(sig) = sig
        && again == Some(sig)
    {
        stat::record(dir, sig, key, now);
    }
}

/// `record_if_same`, taking the signature again now.
fn record_if_unchanged(
    dir: &Path,
    sig: Option<&stat::Signature>,
    source: &Source,
    options: &LoadOptions,
    key: &[u8; 32],
    now: SystemTime,
) {
    if sig.is_some() {
        let again = stat::signature(source, options, key_start());
        record_if_same(dir, sig, again.as_ref(), key, now);
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
    release_freed();
    let path = entry_path(dir, key);
    let indexes = if fs::create_dir_all(dir).is_ok() {
        // The catalogue is written while its indexes are built.
        let (indexes, _) = entry::build_and_write(&path, key, &catalogue);
        prune::prune(dir, &path, budget());
        indexes
    } else {
        Indexes::build(&catalogue)
    };
    Ok(Loaded::parsed(catalogue, Some(indexes)))
}

/// Give back to the system the memory freed so far and still held for
/// reuse. The C library keeps what is freed for later allocations, and
/// after a parse of a folder's files (each text a separate allocation,
/// all freed once parsed) that was some 270 MB at 100k files, which the
/// indexes, built on other threads, did not reuse: a first start's peak
/// 1,172 MB, 925 MB with this. Called only after parsing at least
/// `MIN_BYTES`: a small catalogue frees too little to be worth the walk.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_freed() {
    // SAFETY: malloc_trim only hands free memory back to the system; no
    // memory in use is touched, and it takes the allocator's own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_freed() {}

/// The bundled catalogue as build.rs parsed, checked and encoded it
/// (`format`'s head and networks), its networks read where they lie in the
/// program (a network becomes the program's own value only when it is
/// shown, as from a cache entry); `None` when the build found
/// it had errors or the bytes do not read back, and then it is parsed at
/// start (which reports the errors). `hinet check` parses the text instead.
///
/// These bytes are read without `rkyv`'s validation and without the checks
/// a cache entry goes through (clean strings, indexes in bounds), and that
/// is safe: they are not a file that can be damaged, truncated or written
/// by someone else, as a cache entry can, but part of the program itself —
/// written by our own build.rs from the catalogue it had just parsed and
/// checked, passed through every one of those checks there (build.rs reads
/// them back with `decode_head`, `decode_networks`, `index::decode` and
/// `attach`, and stops the build if they fail), and embedded with
/// `include_bytes!` on a 16-byte boundary. Checking them again at every
/// start would cost more than the rest of a one-shot search. Bytes read
/// from the cache folder are always validated (`entry`).
pub fn bundled() -> Option<Catalogue> {
    let (head, networks) = catalogue::bundled_encoded()?;
    // SAFETY: build.rs wrote these with `encode_head` and `encode_networks`,
    // checked them with `decode_head` and `decode_networks`, and embedded
    // them aligned (see above).
    let mut catalogue = unsafe { format::decode_head_embedded(head) }?;
    let archived = unsafe { networks::ArchivedNetworks::embedded(networks) }?;
    catalogue.networks = Networks::archived(Box::new(archived));
    Some(catalogue)
}

// `INDEXES`: the bundled catalogue's two search indexes as build.rs built
// and encoded them (`index`'s form).
include!(concat!(env!("OUT_DIR"), "/bundled-indexes.rs"));

/// The search indexes of the bundled catalogue that `need` asks for, as
/// build.rs built them, read back for `catalogue` (what `bundled` gave); one
/// that does not read back is `None`, and is then built at start.
fn bundled_indexes(catalogue: &Catalogue, need: Need) -> (Option<Index>, Option<Index>) {
    let Some((networks, learning)) = INDEXES else {
        return (None, None);
    };
    let read = |wanted: bool, bytes: &'static [u8]| {
        // SAFETY: build.rs wrote these with `index::encode` and checked them
        // with `index::decode` and `attach` for this catalogue (`bundled`
        // says why that is enough).
        wanted
            .then(|| unsafe { index::decode_embedded(bytes) }?.attach(catalogue))
            .flatten()
    };
    (read(need.networks, networks), read(need.learning, learning))
}
