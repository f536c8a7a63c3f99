//! The search index: a sorted dictionary of every word with a posting list
//! per word (which documents have it, and in which kinds of field), the short
//! fields (names, short names, tags) as one folded text for substring and
//! fuzzy matching, and each document's facet values as small integers.
//!
//! Word ids are positions in the sorted dictionary, so every word that starts
//! with a prefix is one contiguous range of ids.

use crate::catalogue::Catalogue;
use crate::catalogue::codec::{Dec, Enc};

use super::derived::Derived;
use super::facets::{Facet, OPPORTUNITY_FACETS, network_facets, opportunity_facets};

/// How much a match in a field counts: a name beats short names and tags,
/// which beat labels and titles, which beat long text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    Long = 1,
    Label = 2,
    Alias = 3,
    Name = 4,
}

/// Where a word occurs in a document: bits of a posting's mask.
pub(crate) mod mask {
    /// In the name.
    pub const NAME: u8 = 1;
    /// In the short name or a tag.
    pub const ALIAS: u8 = 2;
    /// In a label, an opportunity title or type.
    pub const LABEL: u8 = 4;
    /// In long text.
    pub const LONG: u8 = 8;
    /// The name is this one word.
    pub const WHOLE_NAME: u8 = 16;
    /// The short name is this one word.
    pub const WHOLE_ALIAS: u8 = 32;
}

/// What a document is in the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DocRef {
    Network(u32),
    Opportunity(u32, u32),
}

/// The short fields of every document, folded, one after another in one
/// text (each followed by a newline, which no query term contains).
#[derive(Clone, Debug, Default)]
pub(crate) struct ShortFields {
    pub text: String,
    /// Byte offset where field k starts; one more entry than fields.
    pub start: Vec<u32>,
    /// The document of field k.
    pub doc: Vec<u32>,
    /// The tier of field k: `Tier::Name`, `Tier::Alias` (a short name) or
    /// `Tier::Label` (a tag).
    pub tier: Vec<Tier>,
    /// The letters of field k (`fuzzy::letters`).
    pub letters: Vec<u64>,
    /// The fields of document d are `by_doc[d]..by_doc[d + 1]`.
    pub by_doc: Vec<u32>,
}

impl ShortFields {
    /// The folded text of field k.
    pub fn field(&self, k: usize) -> &str {
        let a = self.start[k] as usize;
        let b = self.start[k + 1] as usize - 1;
        &self.text[a..b]
    }
}

/// For each word id, the documents that have it and where (compressed sparse
/// rows: the postings of word w are `start[w]..start[w + 1]`, by document).
#[derive(Clone, Debug, Default)]
pub(crate) struct Postings {
    pub start: Vec<u32>,
    pub doc: Vec<u32>,
    pub mask: Vec<u8>,
}

/// A search index over one kind of document: plain data (what a search
/// keeps between keystrokes lives in a `Memo`, outside it).
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// Every word of every document, sorted; a word's id is its position.
    pub dictionary: Vec<String>,
    pub refs: Vec<DocRef>,
    pub facets: Vec<Facet>,
    pub(crate) postings: Postings,
    pub(crate) short: ShortFields,
    /// Facet values of document d and facet f:
    /// `values[slots[d * facets + f]..slots[d * facets + f + 1]]`.
    pub(crate) slots: Vec<u32>,
    pub(crate) values: Vec<u16>,
    /// Document ids sorted by name (ties in ranking go by name).
    pub(crate) by_name: Vec<u32>,
    /// Worked out from the fields above when built or loaded, never stored.
    pub(crate) derived: Derived,
}

impl Index {
    pub fn facet(&self, key: &str) -> Option<(usize, &Facet)> {
        self.facets.iter().enumerate().find(|(_, f)| f.key == key)
    }

    pub fn len(&self) -> usize {
        self.refs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.refs.is_empty()
    }

    /// The values document `doc` has for facet `f`.
    pub fn doc_values(&self, doc: usize, f: usize) -> &[u16] {
        let k = doc * self.facets.len() + f;
        match (self.slots.get(k), self.slots.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.values[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The index with its derived structures worked out (see `derived.rs`).
    pub(crate) fn with_derived(mut self) -> Index {
        self.derived = Derived::of(&self);
        self
    }

    /// The range of word ids that start with `prefix`.
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.dictionary.partition_point(|w| w.as_str() < prefix);
        let len = self.dictionary[lo..].partition_point(|w| w.starts_with(prefix));
        lo..lo + len
    }
}

/// Which documents an index holds, in its binary form.
const NETWORKS: u8 = 0;
const OPPORTUNITIES: u8 = 1;

impl Index {
    /// The index in binary form (for the cache of parsed catalogues); the
    /// facets are not written, they come from the catalogue again.
    pub fn encode(&self, e: &mut Enc) {
        // The first facet says which documents these are.
        let opportunities = self.facets.first().map(|f| f.key) == Some(OPPORTUNITY_FACETS[0]);
        e.u8(if opportunities {
            OPPORTUNITIES
        } else {
            NETWORKS
        });
        e.strs(&self.dictionary);
        let (a, b): (Vec<u32>, Vec<u32>) = self
            .refs
            .iter()
            .map(|r| match *r {
                DocRef::Network(i) => (i, u32::MAX),
                DocRef::Opportunity(n, o) => (n, o),
            })
            .unzip();
        e.u32s(&a);
        e.u32s(&b);
        e.u32s(&self.postings.start);
        e.gaps(&self.postings.start, &self.postings.doc);
        e.bytes(&self.postings.mask);
        e.str(&self.short.text);
        e.u32s(&self.short.start);
        e.u32s(&self.short.doc);
        let tiers: Vec<u8> = self.short.tier.iter().map(|t| *t as u8).collect();
        e.bytes(&tiers);
        e.u64s(&self.short.letters);
        e.u32s(&self.short.by_doc);
        e.u32s(&self.slots);
        e.u16s(&self.values);
        e.u32s(&self.by_name);
    }

    /// The index `encode` wrote, not yet checked against its catalogue
    /// (see `attach`), or `None` when the bytes are not one.
    pub fn decode(d: &mut Dec<'_>) -> Option<Unattached> {
        let kind = d.u8()?;
        if kind != NETWORKS && kind != OPPORTUNITIES {
            return None;
        }
        let dictionary = d.strs()?;
        let a = d.u32s()?;
        let b = d.u32s()?;
        if a.len() != b.len() {
            return None;
        }
        let start = d.u32s()?;
        let doc = d.gaps(&start)?;
        let postings = Postings {
            start,
            doc,
            mask: d.bytes()?,
        };
        let text = d.str()?;
        let start = d.u32s()?;
        let doc = d.u32s()?;
        let tier = d
            .bytes()?
            .into_iter()
            .map(|t| match t {
                4 => Some(Tier::Name),
                3 => Some(Tier::Alias),
                2 => Some(Tier::Label),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        let short = ShortFields {
            text,
            start,
            doc,
            tier,
            letters: d.u64s()?,
            by_doc: d.u32s()?,
        };
        let slots = d.u32s()?;
        let values = d.u16s()?;
        let by_name = d.u32s()?;
        let n = a.len();
        // The postings: one list per word, in range, documents in range.
        let p = &postings;
        if p.start.len() != dictionary.len() + 1
            || !offsets_ok(&p.start, p.doc.len())
            || p.mask.len() != p.doc.len()
            || p.mask.iter().any(|&m| m == 0 || m >= 64)
            || p.doc.iter().any(|&x| x as usize >= n)
            || p.start.windows(2).any(|w| {
                p.doc[w[0] as usize..w[1] as usize]
                    .windows(2)
                    .any(|d| d[0] >= d[1])
            })
        {
            return None;
        }
        // The short fields: each starts on a character and ends in a newline.
        let s = &short;
        let fields = s.doc.len();
        if s.start.len() != fields + 1
            || !offsets_ok(&s.start, s.text.len())
            || s.tier.len() != fields
            || s.letters.len() != fields
            || s.doc.iter().any(|&x| x as usize >= n)
            || s.by_doc.len() != n + 1
            || !offsets_ok(&s.by_doc, fields)
            || s.start
                .windows(2)
                .any(|w| w[0] >= w[1] || s.text.as_bytes().get(w[1] as usize - 1) != Some(&b'\n'))
        {
            return None;
        }
        // The name order: every document once.
        let mut seen = vec![false; n];
        for &x in &by_name {
            let slot = seen.get_mut(x as usize)?;
            if std::mem::replace(slot, true) {
                return None;
            }
        }
        if by_name.len() != n {
            return None;
        }
        Some(Unattached {
            kind,
            a,
            b,
            index: Index {
                dictionary,
                refs: Vec::new(),
                facets: Vec::new(),
                postings,
                short,
                slots,
                values,
                by_name,
                derived: Derived::default(),
            },
        })
    }
}

/// An index read back from its binary form, before it is checked against
/// the catalogue it belongs to.
pub struct Unattached {
    kind: u8,
    a: Vec<u32>,
    b: Vec<u32>,
    index: Index,
}

impl Unattached {
    /// The index, once its documents and facet values are checked against
    /// `cat` (so a damaged index cannot make a search index out of bounds).
    pub fn attach(self, cat: &Catalogue) -> Option<Index> {
        let Unattached {
            kind,
            a,
            b,
            mut index,
        } = self;
        index.facets = match kind {
            NETWORKS => network_facets(cat),
            _ => opportunity_facets(cat),
        };
        index.refs = a
            .iter()
            .zip(&b)
            .map(|(&a, &b)| {
                let n = cat.networks.get(a as usize)?;
                match kind {
                    NETWORKS if b == u32::MAX => Some(DocRef::Network(a)),
                    OPPORTUNITIES if (b as usize) < n.opportunities.len() => {
                        Some(DocRef::Opportunity(a, b))
                    }
                    _ => None,
                }
            })
            .collect::<Option<_>>()?;
        // Facet values: one slot per document and facet, each value known.
        let n = index.refs.len();
        let nf = index.facets.len();
        if index.slots.len() != n * nf + 1 || !offsets_ok(&index.slots, index.values.len()) {
            return None;
        }
        for doc in 0..n {
            for (f, facet) in index.facets.iter().enumerate() {
                let k = doc * nf + f;
                let vals = &index.values[index.slots[k] as usize..index.slots[k + 1] as usize];
                if vals.iter().any(|&v| v as usize >= facet.values.len()) {
                    return None;
                }
            }
        }
        Some(index.with_derived())
    }
}

/// Offsets that start at 0, never go down, and end at `end`.
fn offsets_ok(offsets: &[u32], end: usize) -> bool {
    offsets.first() == Some(&0)
        && offsets.last().is_some_and(|&l| l as usize == end)
        && offsets.windows(2).all(|w| w[0] <= w[1])
}
