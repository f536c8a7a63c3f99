//! One cache entry on disk: the magic and the key, the sections (each an
//! `rkyv` archive, starting on a 16-byte boundary), then the table of
//! sections (an archive too) and its length:
//! `MAGIC key pad section pad section ... table table_len`.
//!
//! Reading maps each section into memory (`memmap2`) rather than copying it,
//! checks its checksum (against damage: a flipped bit inside a string would
//! pass `rkyv`'s validation), validates it with `rkyv` and reads it into the
//! catalogue's own types; the mapping is dropped as soon as its section is
//! read, so at most a couple of sections are mapped at once. (Letting a
//! large section's pages go while it is copied was tried: the peak memory
//! of a 100k start stayed the same, it is that of the copies.)

use std::fs;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use memmap2::{Mmap, MmapOptions};
use rkyv::rancor::Failure;

use super::index::{self, Unattached};
use super::{Loaded, MAGIC, Need, format};
use crate::catalogue::{Catalogue, Network};
use crate::query::Indexes;

/// Sections start on a multiple of this (what `rkyv` archives need).
const ALIGN: u64 = 16;

/// Where the first section starts: after the magic and the key.
const START: u64 = 48;

/// Networks per part: parts are read on two threads, and at most a couple
/// of parts are mapped at once.
pub(super) const PART_NETWORKS: usize = 2_500;

/// What a section holds.
const HEAD: u8 = 0;
const PART: u8 = 1;
const NETWORKS: u8 = 2;
const LEARNING: u8 = 3;

/// One section: what it holds, where it is, its checksum.
#[derive(Clone, Copy, Debug, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Section {
    kind: u8,
    offset: u64,
    len: u64,
    sum: u64,
}

#[derive(rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Table {
    sections: Vec<Section>,
}

/// A checksum of a section, against damage (the key already says whose
/// entry it is): a multiply-rotate hash of 8-byte words in four lanes (so
/// the processor works on four at once), fast enough to cost little next to
/// reading the bytes.
pub(super) fn checksum(bytes: &[u8]) -> u64 {
    const M: u64 = 0xFF51_AFD7_ED55_8CCD;
    let mut lanes: [u64; 4] = [0x9E37_79B9_7F4A_7C15 ^ bytes.len() as u64, 1, 2, 3];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, w) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            *lane = (lane.rotate_left(23) ^ u64::from_le_bytes(b)).wrapping_mul(M);
        }
    }
    let mut h = lanes
        .iter()
        .fold(0u64, |h, &l| (h.rotate_left(23) ^ l).wrapping_mul(M));
    for &b in blocks.remainder() {
        h = (h.rotate_left(23) ^ u64::from(b)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    }
    h ^ (h >> 33)
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
    crate::files::write_atomic_with(path, |file| {
        let mut w = Sections::start(file, key)?;
        w.catalogue(catalogue)?;
        w.indexes(indexes)?;
        w.finish()
    })
}

/// Build the indexes of `catalogue` and write the entry for `key` at `path`
/// (the bytes `write` writes), the catalogue's sections encoded and written
/// while the indexes are being built, on a third thread (the two indexes
/// take two), so that they take little time of their own. The indexes, and
/// whether the entry was written.
pub(super) fn build_and_write(
    path: &Path,
    key: &[u8; 32],
    catalogue: &Catalogue,
) -> (Indexes, std::io::Result<()>) {
    let mut built = None;
    let written = crate::files::write_atomic_with(path, |file| {
        std::thread::scope(|s| {
            let indexes = s.spawn(|| Indexes::build(catalogue));
            let head = Sections::start(file, key).and_then(|mut w| {
                w.catalogue(catalogue)?;
                Ok(w)
            });
            let indexes = indexes
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            let written = head.and_then(|mut w| {
                w.indexes(&indexes)?;
                w.finish()
            });
            built = Some(indexes);
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
        self.at = pad(&mut self.out, self.at)?;
        self.out.write_all(bytes)?;
        let len = bytes.len() as u64;
        self.table.sections.push(Section {
            kind,
            offset: self.at,
            len,
            sum: checksum(bytes),
        });
        self.at += len;
        Ok(())
    }

    /// The head, then the networks in parts.
    fn catalogue(&mut self, catalogue: &Catalogue) -> std::io::Result<()> {
        let head = format::encode_head(catalogue).ok_or_else(encode_failed)?;
        self.put(HEAD, &head)?;
        for part in catalogue.networks.chunks(PART_NETWORKS) {
            let bytes = format::encode_networks(part).ok_or_else(encode_failed)?;
            self.put(PART, &bytes)?;
        }
        Ok(())
    }

    /// The index of networks, then that of opportunities.
    fn indexes(&mut self, indexes: &Indexes) -> std::io::Result<()> {
        let networks = index::encode(&indexes.networks).ok_or_else(encode_failed)?;
        self.put(NETWORKS, &networks)?;
        drop(networks);
        let learning = index::encode(&indexes.learning).ok_or_else(encode_failed)?;
        self.put(LEARNING, &learning)
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

/// Map `len` bytes of `file` at `offset` into memory.
fn map(file: &fs::File, offset: u64, len: u64) -> Option<Mmap> {
    let len = usize::try_from(len).ok().filter(|&l| l > 0)?;
    // SAFETY: a mapped file must not change while it is mapped. Entries are
    // never written in place: a new entry is written to a temporary file and
    // renamed over the old one, and removing an entry (pruning) leaves a
    // mapping of it intact. Only another program cutting an entry short
    // while it is read could break that; the mapping lives only while one
    // section is read.
    unsafe { MmapOptions::new().offset(offset).len(len).map(file) }.ok()
}

/// The table of an entry of `size` bytes, every section inside the entry.
fn read_table(file: &fs::File, size: u64) -> Option<Vec<Section>> {
    let tail = map(file, 0, size)?;
    let len_at = usize::try_from(size.checked_sub(8)?).ok()?;
    let mut len = [0u8; 8];
    len.copy_from_slice(tail.get(len_at..len_at + 8)?);
    let table_len = usize::try_from(u64::from_le_bytes(len)).ok()?;
    let data_end = len_at.checked_sub(table_len)?;
    let mut bytes = rkyv::util::AlignedVec::<16>::new();
    bytes.extend_from_slice(tail.get(data_end..len_at)?);
    let table = rkyv::from_bytes::<Table, Failure>(&bytes).ok()?;
    let data_end = data_end as u64;
    let inside = |s: &Section| {
        s.offset >= START
            && s.offset.is_multiple_of(ALIGN)
            && s.offset.checked_add(s.len).is_some_and(|e| e <= data_end)
            && s.kind <= LEARNING
    };
    table.sections.iter().all(inside).then_some(table.sections)
}

/// What one section gives.
enum Decoded {
    Part(Vec<Network>),
    Index(Box<Unattached>),
}

/// The bytes of a section, when they are what was written.
fn section(file: &fs::File, s: &Section) -> Option<Mmap> {
    map(file, s.offset, s.len).filter(|m| checksum(m) == s.sum)
}

/// The catalogue and the needed indexes of the entry at `path`, or `None`
/// when it is not a good entry for `key`.
pub(super) fn read(path: &Path, key: &[u8; 32], need: Need) -> Option<Loaded> {
    let file = fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() < START {
        return None;
    }
    let start = map(&file, 0, START)?;
    if &start[..8] != MAGIC || start[8..40] != key[..] {
        return None;
    }
    drop(start);
    let table = read_table(&file, meta.len())?;
    let mut heads = table.iter().filter(|s| s.kind == HEAD);
    let (Some(head), None) = (heads.next(), heads.next()) else {
        return None;
    };
    let mut catalogue = format::decode_head(&section(&file, head)?)?;
    // Parts first in the list; the indexes are taken by one thread only,
    // one after the other, while the parts are read beside it.
    let jobs: Vec<&Section> = table
        .iter()
        .filter(|s| match s.kind {
            PART => true,
            NETWORKS => need.networks,
            LEARNING => need.learning,
            _ => false,
        })
        .collect();
    let mut done = decode_all(&file, &jobs)?;
    done.sort_by_key(|d| d.0);
    let (mut networks, mut learning) = (None, None);
    for (i, d) in done {
        match d {
            Decoded::Part(part) => catalogue.networks.extend(part),
            Decoded::Index(index) if jobs[i].kind == NETWORKS => networks = Some(*index),
            Decoded::Index(index) => learning = Some(*index),
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

/// Every job read, on two threads taking parts in turn (one of them reads
/// the indexes first); `None` when any fails.
fn decode_all(file: &fs::File, jobs: &[&Section]) -> Option<Vec<(usize, Decoded)>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let decode = |i: usize, s: &Section, done: &mut Vec<(usize, Decoded)>| {
        let decoded = section(file, s).and_then(|bytes| match s.kind {
            PART => format::decode_networks(&bytes).map(Decoded::Part),
            _ => index::decode(&bytes).map(|u| Decoded::Index(Box::new(u))),
        });
        match decoded {
            Some(d) => done.push((i, d)),
            None => failed.store(true, Ordering::Relaxed),
        }
        !failed.load(Ordering::Relaxed)
    };
    let work = |indexes_first: bool| {
        let mut done: Vec<(usize, Decoded)> = Vec::new();
        if indexes_first {
            for (i, s) in jobs.iter().enumerate().filter(|(_, s)| s.kind != PART) {
                if !decode(i, s, &mut done) {
                    return done;
                }
            }
        }
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(s) = jobs.get(i).filter(|s| s.kind == PART) else {
                break;
            };
            if !decode(i, s, &mut done) {
                break;
            }
        }
        done
    };
    let done: Vec<(usize, Decoded)> = std::thread::scope(|sc| {
        let other = sc.spawn(|| work(true));
        let mut mine = work(false);
        mine.extend(other.join().unwrap_or_default());
        mine
    });
    (!failed.into_inner() && done.len() == jobs.len()).then_some(done)
}
