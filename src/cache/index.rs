//! The binary form of a search index: an `rkyv` archive of its arrays. The
//! facets are not written (they come from the catalogue again), and an index
//! read back is checked before it is used (its arrays' lengths, bounds and
//! order when it is read, its documents and facet values against its
//! catalogue when attached), so a damaged or hostile entry cannot make a
//! search index out of bounds.
//!
//! The big arrays are not copied: an index read back reads them where they
//! lie (`query::slice`), in the cache entry's memory map or in the program.

use rkyv::rancor::Failure;
use rkyv::util::AlignedVec;
use rkyv::with::InlineAsBox;

use crate::catalogue::Catalogue;
use crate::query::facets::{network_facets, opportunity_facets};
use crate::query::index::{DocRef, Postings, ShortFields, Tier};
use crate::query::slice::{Owner, Slice, Text};
use crate::query::{Index, OPPORTUNITY_FACETS};

/// Which documents an index holds.
const NETWORKS: u8 = 0;
const OPPORTUNITIES: u8 = 1;

/// An index, as written: `refs` as two lists (network, opportunity or
/// `u32::MAX`), the tiers as bytes.
#[derive(rkyv::Archive, rkyv::Serialize)]
pub struct Written<'a> {
    kind: u8,
    #[rkyv(with = InlineAsBox)]
    dictionary: &'a [String],
    #[rkyv(with = InlineAsBox)]
    ref_network: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    ref_opportunity: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    post_start: &'a [u32],
    /// The documents of each word's list, as plain numbers so they are
    /// read in place (as gaps, seven bits to a byte, they took a third of
    /// the room but had to be decoded, all of them, at every start).
    #[rkyv(with = InlineAsBox)]
    post_doc: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    post_mask: &'a [u8],
    #[rkyv(with = InlineAsBox)]
    short_text: &'a str,
    #[rkyv(with = InlineAsBox)]
    short_start: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    short_doc: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    short_tier: &'a [u8],
    #[rkyv(with = InlineAsBox)]
    short_letters: &'a [u64],
    #[rkyv(with = InlineAsBox)]
    short_by_doc: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    slots: &'a [u32],
    #[rkyv(with = InlineAsBox)]
    values: &'a [u16],
    #[rkyv(with = InlineAsBox)]
    by_name: &'a [u32],
}

/// Whether `index` is one of opportunities (its first facet says so).
pub fn is_opportunities(index: &Index) -> bool {
    index.facets.first().map(|f| f.key) == Some(OPPORTUNITY_FACETS[0])
}

/// The index in binary form.
pub fn encode(index: &Index) -> Option<AlignedVec> {
    as_written(index, |w| rkyv::to_bytes::<Failure>(w).ok())
}

/// `encode`, written to `out` as it is made rather than held whole (a
/// first start at 100k networks held some 200 MB for the larger index):
/// the same bytes, when `out` starts at a 16-byte boundary.
pub fn encode_into(index: &Index, out: impl std::io::Write) -> Option<()> {
    as_written(index, |w| {
        rkyv::api::high::to_bytes_in::<_, Failure>(w, rkyv::ser::writer::IoWriter::new(out))
            .ok()
            .map(drop)
    })
}

/// `f` of the index as it is written.
fn as_written<R>(index: &Index, f: impl FnOnce(&Written<'_>) -> R) -> R {
    let opportunities = is_opportunities(index);
    let (ref_network, ref_opportunity): (Vec<u32>, Vec<u32>) = index
        .refs
        .iter()
        .map(|r| match *r {
            DocRef::Network(i) => (i, u32::MAX),
            DocRef::Opportunity(n, o) => (n, o),
        })
        .unzip();
    let tiers: Vec<u8> = index.short.tier.iter().map(|t| *t as u8).collect();
    f(&Written {
        kind: if opportunities {
            OPPORTUNITIES
        } else {
            NETWORKS
        },
        dictionary: &index.dictionary,
        ref_network: &ref_network,
        ref_opportunity: &ref_opportunity,
        post_start: &index.postings.start,
        post_doc: &index.postings.doc,
        post_mask: &index.postings.mask,
        short_text: &index.short.text,
        short_start: &index.short.start,
        short_doc: &index.short.doc,
        short_tier: &tiers,
        short_letters: &index.short.letters,
        short_by_doc: &index.short.by_doc,
        slots: &index.slots,
        values: &index.values,
        by_name: &index.by_name,
    })
}

/// The values of an archived array, read in place (on a little-endian
/// processor, where the archived numbers are the program's own) or copied.
macro_rules! numbers {
    ($name:ident, $t:ty) => {
        fn $name(owner: &Owner, list: &[rkyv::Archived<$t>]) -> Slice<$t> {
            #[cfg(target_endian = "little")]
            {
                const _: () = assert!(
                    size_of::<rkyv::Archived<$t>>() == size_of::<$t>()
                        && align_of::<rkyv::Archived<$t>>() == align_of::<$t>()
                );
                // SAFETY: on a little-endian processor an archived number
                // is the number itself (same size and alignment, checked
                // above; rkyv's little-endian types are transparent
                // wrappers), and `list` lies in what `owner` keeps (the
                // callers' promise, `decode_in`).
                unsafe {
                    let values = std::slice::from_raw_parts(list.as_ptr().cast::<$t>(), list.len());
                    Slice::in_place(owner.clone(), values)
                }
            }
            #[cfg(not(target_endian = "little"))]
            {
                let _ = owner;
                Slice::from(list.iter().map(|v| v.to_native()).collect::<Vec<$t>>())
            }
        }
    };
}
numbers!(u32s, u32);
numbers!(u16s, u16);
numbers!(u64s, u64);

/// An index read back, before it is checked against its catalogue.
pub struct Unattached {
    kind: u8,
    ref_network: Vec<u32>,
    ref_opportunity: Vec<u32>,
    index: Index,
    /// Whether `attach` checks it (always, but for `decode_embedded`'s).
    checked: bool,
}

/// The index `encode` wrote, not yet checked against its catalogue (see
/// `attach`), or `None` when the bytes are not one (copied first, so it
/// keeps nothing of `bytes`).
pub fn decode(bytes: &[u8]) -> Option<Unattached> {
    let mut owned = rkyv::util::AlignedVec::<16>::new();
    owned.extend_from_slice(bytes);
    let owned = std::sync::Arc::new(owned);
    let keep: Owner = owned.clone();
    // SAFETY: the bytes lie in `owned`, which the index keeps alive, and
    // nothing changes them.
    unsafe { decode_in(keep, owned.as_slice()) }
}

/// The index `encode` wrote in `bytes`, read where it lies, not yet checked
/// against its catalogue (see `attach`), or `None` when the bytes are not
/// one. Checked here: `rkyv`'s validation (every offset and length, the
/// strings' UTF-8), the sanitiser's check of every string, the tiers, and
/// the arrays' lengths, bounds and order (`postings_ok`, `short_ok`,
/// `order_ok`): every page of the index is read once, here.
///
/// # Safety
/// `bytes` must lie in what `owner` keeps alive, unchanged while it lives,
/// 16-byte aligned.
pub unsafe fn decode_in(owner: Owner, bytes: &[u8]) -> Option<Unattached> {
    let w = rkyv::access::<ArchivedWritten<'static>, Failure>(bytes).ok()?;
    let clean = w.dictionary.iter().all(|s| super::format::is_clean(s))
        && super::format::is_clean(&w.short_text)
        && w.short_tier.iter().all(|t| (2..=4).contains(t));
    if !clean {
        return None;
    }
    // SAFETY: the caller's promise, and the archive is valid (above).
    let mut unattached = unsafe { unattached(&owner, w) }?;
    let n = unattached.ref_network.len();
    let index = &unattached.index;
    let ok = n == unattached.ref_opportunity.len()
        && postings_ok(index, n)
        && short_ok(index, n)
        && order_ok(index, n);
    unattached.checked = true;
    ok.then_some(unattached)
}

/// `decode` without its checks (nor `attach`'s), for bytes this program
/// built and holds in itself (`embedded`), read where they lie.
///
/// # Safety
/// `bytes` must be what `encode` wrote, checked by `decode` and `attach`
/// for the catalogue it will be attached to when they were written, and
/// 16-byte aligned.
pub unsafe fn decode_embedded(bytes: &'static [u8]) -> Option<Unattached> {
    let owner: Owner = std::sync::Arc::new(());
    // SAFETY: the caller's promise: a valid archive, checked once already;
    // the bytes are the program's own, alive while it runs.
    unsafe {
        unattached(
            &owner,
            rkyv::access_unchecked::<ArchivedWritten<'static>>(bytes),
        )
    }
}

/// The index an archive holds, its arrays read in place.
///
/// # Safety
/// `w` must lie in what `owner` keeps alive, unchanged while it lives, and
/// every tier must be 2, 3 or 4.
unsafe fn unattached(owner: &Owner, w: &ArchivedWritten<'static>) -> Option<Unattached> {
    let kind = w.kind;
    if kind != NETWORKS && kind != OPPORTUNITIES {
        return None;
    }
    let dictionary: Vec<String> = w.dictionary.iter().map(|s| s.as_str().to_owned()).collect();
    let tiers: &[u8] = &w.short_tier;
    // SAFETY: `Tier` is `repr(u8)` and every byte is one of its values (the
    // caller's promise); the bytes lie in what `owner` keeps.
    let tier: Slice<Tier> = unsafe {
        Slice::in_place(
            owner.clone(),
            std::slice::from_raw_parts(tiers.as_ptr().cast::<Tier>(), tiers.len()),
        )
    };
    let mask: &[u8] = &w.post_mask;
    let index = Index {
        dictionary,
        refs: Vec::new(),
        facets: Vec::new(),
        postings: Postings {
            start: u32s(owner, &w.post_start),
            doc: u32s(owner, &w.post_doc),
            // SAFETY: in what `owner` keeps (the caller's promise).
            mask: unsafe { Slice::in_place(owner.clone(), mask) },
        },
        short: ShortFields {
            // SAFETY: as above.
            text: unsafe { Text::in_place(owner.clone(), &w.short_text) },
            start: u32s(owner, &w.short_start),
            doc: u32s(owner, &w.short_doc),
            tier,
            letters: u64s(owner, &w.short_letters),
            by_doc: u32s(owner, &w.short_by_doc),
        },
        slots: u32s(owner, &w.slots),
        values: u16s(owner, &w.values),
        by_name: u32s(owner, &w.by_name),
        // Worked out from the rest once attached (`Index::with_derived`).
        derived: Default::default(),
    };
    let copy = |l: &[rkyv::Archived<u32>]| l.iter().map(|v| v.to_native()).collect();
    Some(Unattached {
        kind,
        ref_network: copy(&w.ref_network),
        ref_opportunity: copy(&w.ref_opportunity),
        index,
        checked: false,
    })
}

impl Unattached {
    /// The index, once its documents and facet values are checked against
    /// `cat` (so a damaged index cannot make a search index out of bounds).
    pub fn attach(self, cat: &Catalogue) -> Option<Index> {
        let Unattached {
            kind,
            ref_network,
            ref_opportunity,
            mut index,
            checked,
        } = self;
        index.refs = refs(kind, &ref_network, &ref_opportunity, cat)?;
        index.facets = match kind {
            NETWORKS => network_facets(cat),
            _ => opportunity_facets(cat),
        };
        // The rest was checked when it was read (`decode_in`).
        let ok = !checked || facets_ok(&index);
        ok.then(|| index.with_derived_lazy())
    }
}

/// The documents, each a network (or an opportunity) of `cat`.
fn refs(kind: u8, a: &[u32], b: &[u32], cat: &Catalogue) -> Option<Vec<DocRef>> {
    if a.len() != b.len() {
        return None;
    }
    a.iter()
        .zip(b)
        .map(|(a, b)| {
            let (a, b) = (*a, *b);
            if a as usize >= cat.networks.len() {
                return None;
            }
            match kind {
                NETWORKS if b == u32::MAX => Some(DocRef::Network(a)),
                OPPORTUNITIES if b < cat.networks.shape(a as usize).opportunities => {
                    Some(DocRef::Opportunity(a, b))
                }
                _ => None,
            }
        })
        .collect()
}

/// The postings: one list per word, documents in range and in order, each
/// mask within the six bits.
fn postings_ok(index: &Index, n: usize) -> bool {
    let p = &index.postings;
    p.start.len() == index.dictionary.len() + 1
        && offsets_ok(&p.start, p.doc.len())
        && p.mask.len() == p.doc.len()
        // Without early exits, so the loops are vectorised; each list is
        // strictly increasing, so only its last document need be in range.
        && p.mask
            .chunks(4096)
            .all(|c| c.iter().fold(true, |ok, &m| ok & (m != 0) & (m < 64)))
        && p.start.windows(2).all(|w| {
            let docs = &p.doc[w[0] as usize..w[1] as usize];
            docs.last().is_none_or(|&l| (l as usize) < n)
                && docs.windows(2).fold(true, |ok, d| ok & (d[0] < d[1]))
        })
}

/// The short fields: each starts on a character and ends in a newline.
fn short_ok(index: &Index, n: usize) -> bool {
    let s = &index.short;
    let fields = s.doc.len();
    s.start.len() == fields + 1
        && offsets_ok(&s.start, s.text.len())
        && s.tier.len() == fields
        && s.letters.len() == fields
        && !s.doc.iter().any(|&x| x as usize >= n)
        && s.by_doc.len() == n + 1
        && offsets_ok(&s.by_doc, fields)
        && !s
            .start
            .windows(2)
            .any(|w| w[0] >= w[1] || s.text.as_bytes().get(w[1] as usize - 1) != Some(&b'\n'))
        && s.start.iter().all(|&a| s.text.is_char_boundary(a as usize))
}

/// The name order: every document once.
fn order_ok(index: &Index, n: usize) -> bool {
    let mut seen = vec![false; n];
    for &x in index.by_name.iter() {
        match seen.get_mut(x as usize) {
            Some(slot) if !*slot => *slot = true,
            _ => return false,
        }
    }
    index.by_name.len() == n
}

/// Facet values: one slot per document and facet, each value known.
fn facets_ok(index: &Index) -> bool {
    let n = index.refs.len();
    let nf = index.facets.len();
    if index.slots.len() != n * nf + 1 || !offsets_ok(&index.slots, index.values.len()) {
        return false;
    }
    (0..n).all(|doc| {
        index.facets.iter().enumerate().all(|(f, facet)| {
            let k = doc * nf + f;
            let vals = &index.values[index.slots[k] as usize..index.slots[k + 1] as usize];
            vals.iter().all(|&v| (v as usize) < facet.values.len())
        })
    })
}

/// Offsets that start at 0, never go down, and end at `end`.
fn offsets_ok(offsets: &[u32], end: usize) -> bool {
    offsets.first() == Some(&0)
        && offsets.last().is_some_and(|&l| l as usize == end)
        && offsets.windows(2).all(|w| w[0] <= w[1])
}
