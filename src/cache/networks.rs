//! The networks of a cache entry (or of the bundled catalogue) read where
//! they lie: small parts of archived networks, each checked the first time
//! one of its networks is asked for (checksum, `rkyv`'s validation, the
//! sanitiser's check of every string, and agreement with the entry's
//! summary), then read one network at a time (`catalogue::Networks`).
//!
//! What the program needs to know of every network without reading it (how
//! many opportunities, which lists are empty, where each id is) comes from
//! the entry's summary section, checked when the entry is opened.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use memmap2::Mmap;

use crate::catalogue::{Archive, ArchivedNetwork, Shape};

use super::format::{self, Summary};

/// Where the archives lie.
pub(super) enum Bytes {
    /// A cache entry, mapped.
    Map(Arc<Mmap>),
    /// Bytes built into the program.
    Static(&'static [u8]),
}

impl Bytes {
    fn get(&self) -> &[u8] {
        match self {
            Bytes::Map(m) => m,
            Bytes::Static(b) => b,
        }
    }
}

/// One part: where its archive is, its checksum, its networks.
pub(super) struct PartAt {
    pub first: usize,
    pub count: usize,
    pub offset: usize,
    pub len: usize,
    pub sum: u64,
}

/// Parts of archived networks.
pub(super) struct ArchivedNetworks {
    bytes: Bytes,
    parts: Vec<PartAt>,
    /// Whether each part passed its check (set the first time it is read).
    checked: Box<[OnceLock<bool>]>,
    summary: Summary,
    /// The entry, removed if a part fails its check.
    path: Option<PathBuf>,
}

impl ArchivedNetworks {
    /// The networks of a cache entry: `parts` (in order, inside `map`, each
    /// on a 16-byte boundary), described by `summary`; each part is checked
    /// when first read.
    pub fn lazy(
        map: Arc<Mmap>,
        path: PathBuf,
        parts: Vec<PartAt>,
        summary: Summary,
    ) -> Option<ArchivedNetworks> {
        let mut next = 0;
        for p in &parts {
            let inside = p.offset.checked_add(p.len).is_some_and(|e| e <= map.len());
            let aligned = (map.as_ptr() as usize + p.offset).is_multiple_of(16);
            if p.first != next || !inside || !aligned {
                return None;
            }
            next += p.count;
        }
        if next != summary.shapes.len() {
            return None;
        }
        Some(ArchivedNetworks {
            checked: parts.iter().map(|_| OnceLock::new()).collect(),
            bytes: Bytes::Map(map),
            parts,
            summary,
            path: Some(path),
        })
    }

    /// The networks built into the program, one part, checked when the
    /// program was built.
    ///
    /// # Safety
    /// `bytes` must be what `format::encode_networks` wrote, checked by
    /// `format::check_networks` when they were built, 16-byte aligned.
    pub unsafe fn embedded(bytes: &'static [u8]) -> Option<ArchivedNetworks> {
        // SAFETY: the caller's promise.
        let networks = unsafe { format::networks_unchecked(bytes) };
        let summary = Summary::of_archived(networks);
        let checked = OnceLock::new();
        let _ = checked.set(true);
        Some(ArchivedNetworks {
            parts: vec![PartAt {
                first: 0,
                count: networks.len(),
                offset: 0,
                len: bytes.len(),
                sum: 0,
            }],
            checked: vec![checked].into_boxed_slice(),
            bytes: Bytes::Static(bytes),
            summary,
            path: None,
        })
    }

    /// Part `p`'s networks, once it has passed its check.
    fn part(&self, p: usize) -> Option<&[ArchivedNetwork]> {
        let part = self.parts.get(p)?;
        let bytes = self.bytes.get().get(part.offset..part.offset + part.len)?;
        let ok = *self.checked.get(p)?.get_or_init(|| {
            let ok = self.check(part, bytes);
            if let Bytes::Map(map) = &self.bytes {
                super::entry::release(map, part.offset..part.offset + part.len);
            }
            if !ok && let Some(path) = &self.path {
                // Damaged: the next start parses the catalogue again.
                let _ = std::fs::remove_file(path);
            }
            ok
        });
        // SAFETY: checked (above), 16-byte aligned (`lazy`, `embedded`), and
        // the bytes do not change (see `entry::map`).
        ok.then(|| unsafe { format::networks_unchecked(bytes) })
    }

    /// Whether a part's bytes are what was written and agree with the
    /// summary.
    fn check(&self, part: &PartAt, bytes: &[u8]) -> bool {
        if super::entry::checksum(bytes) != part.sum {
            return false;
        }
        let Some(got) = format::check_networks(bytes) else {
            return false;
        };
        let want = self.summary.range(part.first, part.count);
        got.shapes.len() == part.count
            && want.is_some_and(|(shapes, ids)| shapes == got.shapes && ids == got.id_hashes)
    }
}

impl Archive for ArchivedNetworks {
    fn len(&self) -> usize {
        self.summary.shapes.len()
    }

    fn network(&self, i: usize) -> Option<&ArchivedNetwork> {
        let p = self
            .parts
            .partition_point(|p| p.first <= i)
            .checked_sub(1)?;
        self.part(p)?.get(i - self.parts[p].first)
    }

    fn shape(&self, i: usize) -> Shape {
        self.summary.shapes.get(i).copied().unwrap_or_default()
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.summary
            .find(&self.summary.ids, id)
            .find(|&i| self.network(i).is_some_and(|n| n.id.as_str() == id))
    }

    fn may_succeed_to(&self, id: &str) -> Vec<usize> {
        self.summary.find(&self.summary.successors, id).collect()
    }
}
