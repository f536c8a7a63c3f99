//! One cache entry on disk: the magic and the key, the sections (each an
//! `rkyv` archive, starting on a 16-byte boundary), then the table of
//! sections (an archive too) and its length:
//! `MAGIC key pad section pad section ... table table_len`.
//!
//! Reading maps the whole entry (`memmap2`) and keeps the map for as long
//! as the catalogue lives: the networks and the indexes' arrays are read
//! where they lie. What is checked when is told in the cache module's doc
//! comment; each section's pages are let go of once checked (`release`), so
//! checking does not keep the entry in memory.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use memmap2::{Mmap, MmapOptions};
use rkyv::rancor::Failure;

use super::index::{self, Unattached};
use super::networks::{ArchivedNetworks, PartAt};
use super::{Loaded, MAGIC, Need, format};
use crate::catalogue::{Catalogue, Networks};
use crate::query::{Index, Indexes};

/// Sections start on a multiple of this (what `rkyv` archives need).
const ALIGN: u64 = 16;

/// Where the first section starts: after the magic and the key.
const START: u64 = 48;

/// Networks per part: a part is checked the first time one of its networks
/// is read, so a start that shows forty networks checks forty small parts.
pub(super) const PART_NETWORKS: usize = 64;

/// What a section holds.
const HEAD: u8 = 0;
pub(super) const PART: u8 = 1;
const NETWORKS: u8 = 2;
pub(super) const LEARNING: u8 = 3;
const SUMMARY: u8 = 4;

/// One section: what it holds, where it is, its checksum.
#[derive(Clone, Copy, Debug, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct Section {
    pub kind: u8,
    pub offset: u64,
    pub len: u64,
    pub sum: u64,
}

#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub(super) struct Table {
    pub sections: Vec<Section>,
}

/// A checksum of a section, against damage (the key already says whose
/// entry it is): a multiply-rotate hash of 8-byte words in four lanes (so
/// the processor works on four at once), fast enough to cost little next to
/// reading the bytes.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    sum.update(bytes);
    sum.finish()
}

const M: u64 = 0xFF51_AFD7_ED55_8CCD;

/// `checksum`, taken a piece at a time as a section is written (the same
/// value whatever the pieces).
pub(crate) struct Checksum {
    lanes: [u64; 4],
    /// Bytes of a 32-byte block not yet complete.
    held: [u8; 32],
    held_len: usize,
    len: u64,
}

impl Default for Checksum {
    fn default() -> Self {
        Checksum {
            lanes: [0x9E37_79B9_7F4A_7C15, 1, 2, 3],
            held: [0; 32],
            held_len: 0,
            len: 0,
        }
    }
}

impl Checksum {
    pub(crate) fn update(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.held_len > 0 {
            let take = (32 - self.held_len).min(bytes.len());
            self.held[self.held_len..self.held_len + take].copy_from_slice(&bytes[..take]);
            self.held_len += take;
            bytes = &bytes[take..];
            if self.held_len < 32 {
                return;
            }
            let block = self.held;
            self.block(&block);
            self.held_len = 0;
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        let rest = blocks.remainder();
        self.held[..rest.len()].copy_from_slice(rest);
        self.held_len = rest.len();
    }

    fn block(&mut self, block: &[u8]) {
        for (lane, w) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            *lane = (lane.rotate_left(23) ^ u64::from_le_bytes(b)).wrapping_mul(M);
        }
    }

    pub(crate) fn finish(self) -> u64 {
        let mut h = self
            .lanes
            .iter()
            .fold(self.len, |h, &l| (h.rotate_left(23) ^ l).wrapping_mul(M));
        for &b in &self.held[..self.held_len] {
            h = (h.rotate_left(23) ^ u64::from(b)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        }
        h ^ (h >> 33)
    }
}

/// What is written of a section: each byte to the file and to its checksum.
struct Summed<'o, W> {
    out: &'o mut W,
    sum: Checksum,
}

impl<W: Write> Write for Summed<'_, W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.sum.update(&bytes[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Write the entry for `key` at `path` (through a temporary file and a
/// rename).
#[cfg(test)]
pub(super) fn write(
    path: &Path,
    key: &[u8; 32],
    catalogue: &Catalogue,
    indexes: &Indexes,
) -> std::io::Result<()> {
    crate::files::write_atomic_unsynced(path, |file| {
        let mut w = Sections::start(file, key)?;
        w.catalogue(catalogue)?;
        w.indexes(indexes)?;
        w.finish()
    })
}

/// Build the indexes of `catalogue` and write the entry for `key` at `path`
/// (what `write` writes, the index of opportunities before that of
/// networks), each part written as soon as it can be: the catalogue's
/// sections while the two indexes are built (one thread each), the index of
/// opportunities (the quicker to build) while that of networks is still
/// being built. The indexes, and whether the entry was written.
pub(super) fn build_and_write(
    path: &Path,
    key: &[u8; 32],
    catalogue: &Catalogue,
) -> (Indexes, std::io::Result<()>) {
    let mut built = None;
    let written = crate::files::write_atomic_unsynced(path, |file| {
        std::thread::scope(|s| {
            let learning = s.spawn(|| Index::opportunities(catalogue));
            let networks = s.spawn(|| Index::networks(catalogue));
            let join = |h: std::thread::ScopedJoinHandle<'_, Index>| {
                h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
            };
            let mut sections = Sections::start(file, key).and_then(|mut w| {
                w.catalogue(catalogue)?;
                Ok(w)
            });
            let learning = join(learning);
            sections = sections.and_then(|mut w| {
                w.index(LEARNING, &learning)?;
                Ok(w)
            });
            let networks = join(networks);
            let written = sections.and_then(|mut w| {
                w.index(NETWORKS, &networks)?;
                w.finish()
            });
            built = Some(Indexes { networks, learning });
            written
        })
    });
    // The temporary file could not be made: nothing ran.
    let indexes = built.unwrap_or_else(|| Indexes::build(catalogue));
    (indexes, written)
}

fn encode_failed() -> std::io::Error {
    std::io::Error::other("could not encode the catalogue")
}

/// An entry being written: where the next section starts, and the table of
/// the sections written so far.
struct Sections<'f> {
    out: std::io::BufWriter<&'f mut fs::File>,
    at: u64,
    table: Table,
}

impl<'f> Sections<'f> {
    /// The magic and the key.
    fn start(file: &'f mut fs::File, key: &[u8; 32]) -> std::io::Result<Self> {
        let mut out = std::io::BufWriter::new(file);
        out.write_all(MAGIC)?;
        out.write_all(key)?;
        Ok(Sections {
            out,
            at: (MAGIC.len() + key.len()) as u64,
            table: Table {
                sections: Vec::new(),
            },
        })
    }

    fn put(&mut self, kind: u8, bytes: &[u8]) -> std::io::Result<()> {
        self.put_with(kind, |out| out.write_all(bytes))
    }

    /// A section of what `write` writes to `out`.
    fn put_with(
        &mut self,
        kind: u8,
        write: impl FnOnce(&mut Summed<'_, std::io::BufWriter<&'f mut fs::File>>) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        self.at = pad(&mut self.out, self.at)?;
        let mut out = Summed {
            out: &mut self.out,
            sum: Checksum::default(),
        };
        write(&mut out)?;
        let Summed { sum, .. } = out;
        let len = sum.len;
        self.table.sections.push(Section {
            kind,
            offset: self.at,
            len,
            sum: sum.finish(),
        });
        self.at += len;
        Ok(())
    }

    /// The head, the summary, then the networks in parts.
    fn catalogue(&mut self, catalogue: &Catalogue) -> std::io::Result<()> {
        let head = format::encode_head(catalogue).ok_or_else(encode_failed)?;
        self.put(HEAD, &head)?;
        let owned;
        let networks = match catalogue.networks.as_slice() {
            Some(n) => n,
            None => {
                owned = catalogue.networks.clone().into_vec();
                &owned
            }
        };
        let summary = format::encode_summary(networks).ok_or_else(encode_failed)?;
        self.put(SUMMARY, &summary)?;
        for part in networks.chunks(PART_NETWORKS) {
            let bytes = format::encode_networks(part).ok_or_else(encode_failed)?;
            self.put(PART, &bytes)?;
        }
        Ok(())
    }

    /// The index of opportunities, then that of networks (the order
    /// `build_and_write` writes them in).
    #[cfg(test)]
    fn indexes(&mut self, indexes: &Indexes) -> std::io::Result<()> {
        self.index(LEARNING, &indexes.learning)?;
        self.index(NETWORKS, &indexes.networks)
    }

    /// An index, written as it is encoded (never held whole).
    fn index(&mut self, kind: u8, index: &Index) -> std::io::Result<()> {
        self.put_with(kind, |out| {
            index::encode_into(index, out).ok_or_else(encode_failed)
        })
    }

    /// The table and its length.
    fn finish(mut self) -> std::io::Result<()> {
        let t = rkyv::to_bytes::<Failure>(&self.table).map_err(|_| encode_failed())?;
        pad(&mut self.out, self.at)?;
        self.out.write_all(&t)?;
        self.out.write_all(&(t.len() as u64).to_le_bytes())?;
        self.out.flush()
    }
}

/// Zeros up to the next multiple of `ALIGN`; the position after them.
fn pad(out: &mut impl Write, at: u64) -> std::io::Result<u64> {
    let to = at.next_multiple_of(ALIGN);
    out.write_all(&[0u8; ALIGN as usize][..(to - at) as usize])?;
    Ok(to)
}

/// Map the whole of `file` (`len` bytes) into memory.
fn map(file: &fs::File, len: u64) -> Option<Mmap> {
    let len = usize::try_from(len).ok().filter(|&l| l > 0)?;
    // SAFETY: a mapped file must not change while it is mapped. Entries are
    // never written in place: a new entry is written to a temporary file and
    // renamed over the old one, and removing an entry (pruning) leaves a
    // mapping of it intact. Only another program writing into an entry or
    // cutting it short while hinet runs could break that (see the module's
    // doc comment).
    unsafe { MmapOptions::new().len(len).map(file) }.ok()
}

/// Let the pages of `range` of `map` go: they were read once to be checked
/// and are read from the file again only if a network there is shown, so
/// they do not stay in the program's memory.
pub(super) fn release(map: &Mmap, range: std::ops::Range<usize>) {
    #[cfg(unix)]
    {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) })
            .ok()
            .filter(|p| p.is_power_of_two())
            .unwrap_or(4096);
        let start = range.start / page * page;
        let end = range.end.next_multiple_of(page).min(map.len());
        if start < end {
            // SAFETY: the map is read-only and shared, so nothing in it is
            // lost: the kernel reads those pages from the file again when
            // they are next touched.
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
            };
        }
    }
    #[cfg(not(unix))]
    let _ = (map, range);
}

/// The table of an entry (`bytes`), every section inside the entry.
pub(super) fn read_table(bytes: &[u8]) -> Option<Vec<Section>> {
    let len_at = bytes.len().checked_sub(8)?;
    let mut len = [0u8; 8];
    len.copy_from_slice(bytes.get(len_at..len_at + 8)?);
    let table_len = usize::try_from(u64::from_le_bytes(len)).ok()?;
    let data_end = len_at.checked_sub(table_len)?;
    let mut aligned = rkyv::util::AlignedVec::<16>::new();
    aligned.extend_from_slice(bytes.get(data_end..len_at)?);
    let table = rkyv::from_bytes::<Table, Failure>(&aligned).ok()?;
    let data_end = data_end as u64;
    let inside = |s: &Section| {
        s.offset >= START
            && s.offset.is_multiple_of(ALIGN)
            && s.offset.checked_add(s.len).is_some_and(|e| e <= data_end)
            && s.kind <= SUMMARY
    };
    table.sections.iter().all(inside).then_some(table.sections)
}

/// Where section `s` lies in the entry.
fn range(s: &Section) -> std::ops::Range<usize> {
    s.offset as usize..(s.offset + s.len) as usize
}

/// The bytes of a section, when they are what was written (its checksum).
fn section<'m>(map: &'m Mmap, s: &Section) -> Option<&'m [u8]> {
    map.get(range(s)).filter(|b| checksum(b) == s.sum)
}

/// The catalogue and the needed indexes of the entry at `path`, or `None`
/// when it is not a good entry for `key`.
///
/// Every section read is checked here, before anything is used: its
/// checksum, `rkyv`'s validation and the sanitiser's check of every string
/// (and each index against its catalogue). The networks are then left where
/// they lie, in the map, and read one at a time when asked for; the pages
/// of each section are let go once it is checked.
pub(super) fn read(path: &Path, key: &[u8; 32], need: Need) -> Option<Loaded> {
    let file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < START {
        return None;
    }
    let map = map(&file, meta.len())?;
    if map.get(..8)? != MAGIC || map.get(8..40)? != key {
        return None;
    }
    let table = read_table(&map)?;
    let mut heads = table.iter().filter(|s| s.kind == HEAD);
    let (Some(head), None) = (heads.next(), heads.next()) else {
        return None;
    };
    let mut catalogue = format::decode_head(section(&map, head)?)?;
    let mut summaries = table.iter().filter(|s| s.kind == SUMMARY);
    let (Some(summary), None) = (summaries.next(), summaries.next()) else {
        return None;
    };
    let summary = format::decode_summary(section(&map, summary)?)?;
    // The parts, in order, each checked when first read; their counts are
    // those of `PART_NETWORKS` (what `write` cut), the last one the rest.
    let mut parts = Vec::new();
    let mut first = 0;
    for s in table.iter().filter(|s| s.kind == PART) {
        let count = PART_NETWORKS.min(summary.shapes.len().checked_sub(first)?);
        parts.push(PartAt {
            first,
            count,
            offset: range(s).start,
            len: s.len as usize,
            sum: s.sum,
        });
        first += count;
    }
    let jobs: Vec<&Section> = table
        .iter()
        .filter(|s| match s.kind {
            NETWORKS => need.networks,
            LEARNING => need.learning,
            _ => false,
        })
        .collect();
    let map = Arc::new(map);
    // The index of opportunities left to be opened when first needed: its
    // bytes are not read now (not even their checksum).
    let learning_later = if need.learning_later && !need.learning {
        let section = *table.iter().find(|s| s.kind == LEARNING)?;
        Some(LaterIndex {
            map: map.clone(),
            section,
            path: path.to_path_buf(),
        })
    } else {
        None
    };
    // The indexes checked on one thread, every part's checksum on another
    // (against damage: a cut or a flipped bit anywhere refuses the entry
    // now, not when that network is first shown).
    let (done, sums) = std::thread::scope(|sc| {
        let sums = sc.spawn(|| {
            table.iter().filter(|s| s.kind == PART).all(|s| {
                let ok = section(&map, s).is_some();
                release(&map, range(s));
                ok
            })
        });
        (check_all(&map, &jobs), sums.join().unwrap_or(false))
    });
    let done = done.filter(|_| sums)?;
    let (mut networks, mut learning) = (None, None);
    for (i, index) in done {
        if jobs[i].kind == NETWORKS {
            networks = Some(index);
        } else {
            learning = Some(index);
        }
    }
    let archived = ArchivedNetworks::lazy(map, path.to_path_buf(), parts, summary)?;
    catalogue.networks = Networks::archived(Box::new(archived));
    let attach = |i: Option<Unattached>| match i {
        Some(i) => i.attach(&catalogue).map(Some),
        None => Some(None),
    };
    let networks = attach(networks)?;
    let learning = attach(learning)?;
    let right_kind = |i: &Option<Index>, opportunities: bool| {
        i.as_ref()
            .is_none_or(|i| index::is_opportunities(i) == opportunities)
    };
    if !right_kind(&networks, false) || !right_kind(&learning, true) {
        return None;
    }
    if networks.is_none() && need.networks || learning.is_none() && need.learning {
        return None;
    }
    Some(Loaded {
        catalogue,
        networks,
        learning,
        from_cache: true,
        known_by_stat: false,
        learning_later,
    })
}

/// The index of opportunities of an entry that was read without it
/// (`Need::learning_later`), still where it lies in the entry's map and not
/// yet checked: nothing of it is used before `open` has checked it.
pub struct LaterIndex {
    map: Arc<Mmap>,
    section: Section,
    path: PathBuf,
}

impl LaterIndex {
    /// The index, checked now as `read` checks one (its checksum, `rkyv`'s
    /// validation, the sanitiser's check of every string, its arrays'
    /// lengths, bounds and order, its documents and facet values against
    /// `catalogue`, which must be the catalogue read with it). When any
    /// check fails the entry is removed (the next start parses afresh) and
    /// the index is built from the catalogue instead: never a wrong answer,
    /// never an error. Takes as long as checking it (about 0.1 s at 100,000
    /// networks), so the app runs it off the UI thread.
    pub fn open(self, catalogue: &Catalogue) -> Index {
        match self.check(catalogue) {
            Some(index) => index,
            None => {
                let _ = fs::remove_file(&self.path);
                Index::opportunities(catalogue)
            }
        }
    }

    fn check(&self, catalogue: &Catalogue) -> Option<Index> {
        let owner: crate::query::slice::Owner = self.map.clone();
        let bytes = section(&self.map, &self.section);
        // SAFETY: the section lies in the map, which the index keeps alive,
        // 16-byte aligned (`read_table`); the map does not change (see
        // `map`).
        let unattached = bytes.and_then(|b| unsafe { index::decode_in(owner, b) });
        release(&self.map, range(&self.section));
        unattached?
            .attach(catalogue)
            .filter(index::is_opportunities)
    }
}

/// Each index checked, its pages let go once checked; `None` when any
/// fails.
fn check_all(map: &std::sync::Arc<Mmap>, jobs: &[&Section]) -> Option<Vec<(usize, Unattached)>> {
    let owner: crate::query::slice::Owner = map.clone();
    let check = |s: &Section| {
        // SAFETY: the section lies in the map, which the index keeps alive,
        // 16-byte aligned (`read_table`); the map does not change (see
        // `map`).
        let checked =
            section(map, s).and_then(|bytes| unsafe { index::decode_in(owner.clone(), bytes) });
        release(map, range(s));
        checked
    };
    // One after the other: each index's pages are resident while it is
    // checked, and two at once would double the peak memory.
    jobs.iter()
        .enumerate()
        .map(|(i, s)| Some((i, check(s)?)))
        .collect()
}
