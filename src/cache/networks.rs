//! The networks of a cache entry (or of the bundled catalogue) read where
//! they lie: parts of archived networks, each checked when the entry was
//! opened (`format::check_networks`), read one network at a time when the
//! program asks for it (`catalogue::Networks`).

use crate::catalogue::{Archive, ArchivedNetwork, Shape};

use super::format::{self, PartSummary};

/// Where the archives lie: a map of a cache entry, or bytes in the program.
pub(super) type Bytes =
    dyn AsRef<[u8]> + Send + Sync + std::panic::RefUnwindSafe + std::panic::UnwindSafe;

/// One part: where its archive is in the bytes, and its first network.
struct PartAt {
    first: usize,
    offset: usize,
    len: usize,
}

/// Checked parts of archived networks in `bytes`.
pub(super) struct ArchivedNetworks {
    bytes: std::sync::Arc<Bytes>,
    parts: Vec<PartAt>,
    shapes: Vec<Shape>,
    /// (hash of the id, position), sorted.
    ids: Vec<(u64, u32)>,
    /// (hash of a successor named, position of the network naming it), sorted.
    successors: Vec<(u64, u32)>,
}

impl ArchivedNetworks {
    /// The networks of the parts at `parts` (offset and length in `bytes`,
    /// in order), with what checking each gave.
    ///
    /// # Safety
    /// Each part's bytes must have passed `format::check_networks` (which
    /// gave its summary) and must not change while these networks live;
    /// each must start on a 16-byte boundary.
    pub unsafe fn new(
        bytes: std::sync::Arc<Bytes>,
        parts: Vec<((usize, usize), PartSummary)>,
    ) -> Option<ArchivedNetworks> {
        let mut out = ArchivedNetworks {
            bytes,
            parts: Vec::with_capacity(parts.len()),
            shapes: Vec::new(),
            ids: Vec::new(),
            successors: Vec::new(),
        };
        for ((offset, len), summary) in parts {
            let first = out.shapes.len();
            let whole = (*out.bytes).as_ref();
            if offset.checked_add(len).is_none_or(|end| end > whole.len())
                || !(whole.as_ptr() as usize + offset).is_multiple_of(16)
                || summary.shapes.len() != summary.id_hashes.len()
            {
                return None;
            }
            out.parts.push(PartAt { first, offset, len });
            let at = |i: usize| u32::try_from(first + i).ok();
            for (i, h) in summary.id_hashes.iter().enumerate() {
                out.ids.push((*h, at(i)?));
            }
            for &(h, i) in &summary.successors {
                out.successors.push((h, at(i as usize)?));
            }
            out.shapes.extend(summary.shapes);
        }
        out.ids.sort_unstable();
        out.successors.sort_unstable();
        Some(out)
    }
}

impl Archive for ArchivedNetworks {
    fn len(&self) -> usize {
        self.shapes.len()
    }

    fn network(&self, i: usize) -> Option<&ArchivedNetwork> {
        let p = self.parts.partition_point(|p| p.first <= i).checked_sub(1)?;
        let part = &self.parts[p];
        let bytes = (*self.bytes)
            .as_ref()
            .get(part.offset..part.offset + part.len)?;
        // SAFETY: checked when these networks were made (`new`'s promise),
        // and unchanged since.
        unsafe { format::networks_unchecked(bytes) }.get(i - part.first)
    }

    fn shape(&self, i: usize) -> Shape {
        self.shapes.get(i).copied().unwrap_or_default()
    }

    fn position(&self, id: &str) -> Option<usize> {
        hashed(&self.ids, id).find(|&i| self.network(i).is_some_and(|n| n.id.as_str() == id))
    }

    fn may_succeed_to(&self, id: &str) -> Vec<usize> {
        hashed(&self.successors, id).collect()
    }
}

/// The positions listed under the hash of `key` in `sorted`, in order.
fn hashed<'a>(sorted: &'a [(u64, u32)], key: &str) -> impl Iterator<Item = usize> + 'a {
    let h = format::id_hash(key);
    let from = sorted.partition_point(|&(x, _)| x < h);
    sorted[from..]
        .iter()
        .take_while(move |&&(x, _)| x == h)
        .map(|&(_, i)| i as usize)
}
