//! The search index: a sorted dictionary of every word with a posting list
//! per word (which documents have it, and in which kinds of field), the short
//! fields (names, short names, tags) as one folded text for substring and
//! fuzzy matching, and each document's facet values as small integers.
//!
//! Word ids are positions in the sorted dictionary, so every word that starts
//! with a prefix is one contiguous range of ids.

use super::derived::Derived;
use super::facets::Facet;
use super::slice::{Slice, Text};

/// How much a match in a field counts: a name beats short names and tags,
/// which beat labels and titles, which beat long text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
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
    pub text: Text,
    /// Byte offset where field k starts; one more entry than fields.
    pub start: Slice<u32>,
    /// The document of field k.
    pub doc: Slice<u32>,
    /// The tier of field k: `Tier::Name`, `Tier::Alias` (a short name) or
    /// `Tier::Label` (a tag).
    pub tier: Slice<Tier>,
    /// The letters of field k (`fuzzy::letters`).
    pub letters: Slice<u64>,
    /// The fields of document d are `by_doc[d]..by_doc[d + 1]`.
    pub by_doc: Slice<u32>,
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
    pub start: Slice<u32>,
    pub doc: Slice<u32>,
    pub mask: Slice<u8>,
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
    pub(crate) slots: Slice<u32>,
    pub(crate) values: Slice<u16>,
    /// Document ids sorted by name (ties in ranking go by name).
    pub(crate) by_name: Slice<u32>,
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

    /// `with_derived`, for an index whose arrays are read in place: what is
    /// not needed at once is worked out when first needed.
    pub(crate) fn with_derived_lazy(mut self) -> Index {
        self.derived = Derived::of_lazy(&self);
        self
    }

    /// The range of word ids that start with `prefix`.
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.dictionary.partition_point(|w| w.as_str() < prefix);
        let len = self.dictionary[lo..].partition_point(|w| w.starts_with(prefix));
        lo..lo + len
    }
}
