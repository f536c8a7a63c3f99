//! The binary form of a search index: an `rkyv` archive of its arrays. The
//! facets are not written (they come from the catalogue again), and an index
//! read back is checked against its catalogue before it is used, so a
//! damaged or hostile entry cannot make a search index out of bounds.

use rkyv::rancor::Failure;
use rkyv::util::AlignedVec;
use rkyv::with::InlineAsBox;

use crate::catalogue::Catalogue;
use crate::query::facets::{network_facets, opportunity_facets};
use crate::query::index::{DocRef, Postings, ShortFields, Tier};
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
    /// The documents of each word's list as gaps, seven bits to a byte
    /// (`gaps`): a third of the size of plain numbers.
    #[rkyv(with = InlineAsBox)]
    post_doc: &'a [u8],
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

/// The index in binary form.
pub fn encode(index: &Index) -> Option<AlignedVec> {
    // The first facet says which documents these are.
    let opportunities = index.facets.first().map(|f| f.key) == Some(OPPORTUNITY_FACETS[0]);
    let (ref_network, ref_opportunity): (Vec<u32>, Vec<u32>) = index
        .refs
        .iter()
        .map(|r| match *r {
            DocRef::Network(i) => (i, u32::MAX),
            DocRef::Opportunity(n, o) => (n, o),
        })
        .unzip();
    let tiers: Vec<u8> = index.short.tier.iter().map(|t| *t as u8).collect();
    let post_doc = gaps(&index.postings.start, &index.postings.doc);
    let written = Written {
        kind: if opportunities {
            OPPORTUNITIES
        } else {
            NETWORKS
        },
        dictionary: &index.dictionary,
        ref_network: &ref_network,
        ref_opportunity: &ref_opportunity,
        post_start: &index.postings.start,
        post_doc: &post_doc,
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
    };
    rkyv::to_bytes::<Failure>(&written).ok()
}

/// Sorted lists of numbers, one after another (list k is
/// `values[starts[k]..starts[k + 1]]`, strictly increasing): each as the
/// gaps between its numbers, seven bits to a byte.
pub(super) fn gaps(starts: &[u32], values: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(values.len() * 2);
    for w in starts.windows(2) {
        let mut prev: Option<u32> = None;
        for &v in values.get(w[0] as usize..w[1] as usize).unwrap_or_default() {
            let mut g = match prev {
                Some(p) => v.wrapping_sub(p).wrapping_sub(1),
                None => v,
            };
            prev = Some(v);
            while g >= 0x80 {
                out.push((g as u8) | 0x80);
                g >>= 7;
            }
            out.push(g as u8);
        }
    }
    out
}

/// What `gaps` wrote for these `starts`; `None` unless every list comes
/// back strictly increasing and the bytes end with the last.
pub(super) fn from_gaps(starts: &[u32], bytes: &[u8]) -> Option<Vec<u32>> {
    let n = *starts.last()? as usize;
    let mut values = Vec::with_capacity(n.min(bytes.len()));
    let mut at = 0;
    for w in starts.windows(2) {
        let len = w[1].checked_sub(w[0])?;
        let mut prev: Option<u32> = None;
        for _ in 0..len {
            let mut gap: u32 = 0;
            let mut shift = 0;
            loop {
                let b = *bytes.get(at)?;
                at += 1;
                if shift > 28 {
                    return None;
                }
                gap |= u32::from(b & 0x7f).checked_shl(shift)?;
                if b & 0x80 == 0 {
                    break;
                }
                shift += 7;
            }
            let v = match prev {
                Some(p) => p.checked_add(gap)?.checked_add(1)?,
                None => gap,
            };
            prev = Some(v);
            values.push(v);
        }
    }
    (values.len() == n && at == bytes.len()).then_some(values)
}

fn u32s(list: &[rkyv::Archived<u32>]) -> Vec<u32> {
    list.iter().map(|v| v.to_native()).collect()
}

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
/// `attach`), or `None` when the bytes are not one.
pub fn decode(bytes: &[u8]) -> Option<Unattached> {
    let w = rkyv::access::<ArchivedWritten<'static>, Failure>(bytes).ok()?;
    let clean = w.dictionary.iter().all(|s| super::format::is_clean(s))
        && super::format::is_clean(&w.short_text);
    if !clean {
        return None;
    }
    let mut unattached = unattached(w)?;
    unattached.checked = true;
    Some(unattached)
}

/// `decode` without its checks (nor `attach`'s), for bytes this program
/// built and holds in itself (`embedded`).
///
/// # Safety
/// `bytes` must be what `encode` wrote, checked by `decode` and `attach`
/// for the catalogue it will be attached to when they were written, and
/// 16-byte aligned.
pub unsafe fn decode_embedded(bytes: &[u8]) -> Option<Unattached> {
    // SAFETY: the caller's promise: a valid archive, checked once already.
    unattached(unsafe { rkyv::access_unchecked::<ArchivedWritten<'static>>(bytes) })
}

/// The index an archive holds, in owned form.
fn unattached(w: &ArchivedWritten<'static>) -> Option<Unattached> {
    let kind = w.kind;
    if kind != NETWORKS && kind != OPPORTUNITIES {
        return None;
    }
    let dictionary: Vec<String> = w.dictionary.iter().map(|s| s.as_str().to_owned()).collect();
    let tier = w
        .short_tier
        .iter()
        .map(|t| match t {
            4 => Some(Tier::Name),
            3 => Some(Tier::Alias),
            2 => Some(Tier::Label),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let post_start = u32s(&w.post_start);
    let post_doc = from_gaps(&post_start, &w.post_doc)?;
    let index = Index {
        dictionary,
        refs: Vec::new(),
        facets: Vec::new(),
        postings: Postings {
            start: post_start,
            doc: post_doc,
            mask: w.post_mask.to_vec(),
        },
        short: ShortFields {
            text: w.short_text.to_string(),
            start: u32s(&w.short_start),
            doc: u32s(&w.short_doc),
            tier,
            letters: w.short_letters.iter().map(|v| v.to_native()).collect(),
            by_doc: u32s(&w.short_by_doc),
        },
        slots: u32s(&w.slots),
        values: w.values.iter().map(|v| v.to_native()).collect(),
        by_name: u32s(&w.by_name),
        // Worked out from the rest once attached (`Index::with_derived`).
        derived: Default::default(),
    };
    Some(Unattached {
        kind,
        ref_network: u32s(&w.ref_network),
        ref_opportunity: u32s(&w.ref_opportunity),
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
        let ok = !checked
            || (postings_ok(&index) && short_ok(&index) && order_ok(&index) && facets_ok(&index));
        ok.then(|| index.with_derived())
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
fn postings_ok(index: &Index) -> bool {
    let p = &index.postings;
    let n = index.refs.len();
    p.start.len() == index.dictionary.len() + 1
        && offsets_ok(&p.start, p.doc.len())
        && p.mask.len() == p.doc.len()
        && !p.mask.iter().any(|&m| m == 0 || m >= 64)
        && !p.doc.iter().any(|&x| x as usize >= n)
        && !p.start.windows(2).any(|w| {
            p.doc[w[0] as usize..w[1] as usize]
                .windows(2)
                .any(|d| d[0] >= d[1])
        })
}

/// The short fields: each starts on a character and ends in a newline.
fn short_ok(index: &Index) -> bool {
    let s = &index.short;
    let n = index.refs.len();
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
fn order_ok(index: &Index) -> bool {
    let n = index.refs.len();
    let mut seen = vec![false; n];
    for &x in &index.by_name {
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
