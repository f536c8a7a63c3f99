//! The search index: a sorted dictionary of every word with a posting list
//! per word (which documents have it, and in which kinds of field), the short
//! fields (names, short names, tags) as one folded text for substring and
//! fuzzy matching, and each document's facet values as small integers.
//!
//! Word ids are positions in the sorted dictionary, so every word that starts
//! with a prefix is one contiguous range of ids.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use crate::catalogue::{Catalogue, CostClass, Status, VocabKind};

use super::text::{fold, words};

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

/// One value of a facet.
#[derive(Clone, Debug, PartialEq)]
pub struct FacetValue {
    pub id: String,
    pub label: String,
}

/// A facet: a named list of values.
#[derive(Clone, Debug, PartialEq)]
pub struct Facet {
    /// The short name used on the command line and in chips (`sector`).
    pub key: &'static str,
    /// The heading shown above the values (`Sector`).
    pub title: &'static str,
    pub values: Vec<FacetValue>,
}

impl Facet {
    pub fn position(&self, id: &str) -> Option<usize> {
        self.values.iter().position(|v| v.id == id)
    }
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

/// Per-term results kept between searches (see `search.rs`).
#[derive(Debug, Default)]
pub(crate) struct TermCache {
    pub entries: Vec<super::search::CachedTerm>,
}

/// A search index over one kind of document.
#[derive(Debug, Default)]
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
    pub(crate) cache: Mutex<TermCache>,
}

impl Clone for Index {
    fn clone(&self) -> Self {
        Index {
            dictionary: self.dictionary.clone(),
            refs: self.refs.clone(),
            facets: self.facets.clone(),
            postings: self.postings.clone(),
            short: self.short.clone(),
            slots: self.slots.clone(),
            values: self.values.clone(),
            by_name: self.by_name.clone(),
            cache: Mutex::new(TermCache::default()),
        }
    }
}

/// The network facets, in the order the UI shows them.
pub const NETWORK_FACETS: [&str; 7] = [
    "sector",
    "profession",
    "stage",
    "scope",
    "kind",
    "cost",
    "status",
];

/// The opportunity facets, in the order the UI shows them.
pub const OPPORTUNITY_FACETS: [&str; 6] = ["type", "cost", "format", "stage", "sector", "scope"];

/// The value a record counts under when it leaves a facet empty (no
/// sectors, no career stages…), so the unknown can be chosen or left out
/// like any other value. Vocabulary ids cannot hold `_`, so it never clashes.
pub const NOT_STATED: &str = "not_stated";

/// How the "not stated" value is shown.
pub const NOT_STATED_LABEL: &str = "Not stated";

fn vocab_facet(cat: &Catalogue, kind: VocabKind, key: &'static str, title: &'static str) -> Facet {
    Facet {
        key,
        title,
        values: cat
            .vocab
            .terms(kind)
            .iter()
            .map(|t| FacetValue {
                id: t.id.clone(),
                label: t.label.clone(),
            })
            .collect(),
    }
}

/// A facet whose values are fixed by the program (cost, status), not the catalogue.
fn fixed_facet(key: &'static str, title: &'static str, values: &[(&str, &str)]) -> Facet {
    Facet {
        key,
        title,
        values: values
            .iter()
            .map(|(id, label)| FacetValue {
                id: (*id).into(),
                label: (*label).into(),
            })
            .collect(),
    }
}

fn cost_facet() -> Facet {
    let values: Vec<(&str, &str)> = CostClass::ALL.iter().map(|c| (c.id(), c.label())).collect();
    fixed_facet("cost", "Cost", &values)
}

fn status_facet() -> Facet {
    let values: Vec<(&str, &str)> = Status::ALL.iter().map(|s| (s.id(), s.label())).collect();
    fixed_facet("status", "Status", &values)
}

/// FxHash (as in rustc): the dictionary is hashed once per word of the
/// catalogue, where SipHash's strength buys nothing.
#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Fx {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// Words of vocabulary descriptions not worth indexing.
const FILLER: &[&str] = &[
    "also",
    "such",
    "other",
    "others",
    "their",
    "them",
    "they",
    "that",
    "this",
    "with",
    "within",
    "from",
    "into",
    "including",
    "example",
    "often",
    "mainly",
    "more",
    "most",
    "some",
    "than",
    "where",
    "which",
    "while",
    "your",
    "what",
    "when",
    "work",
    "working",
];

/// The words of folded text joined by single spaces.
fn words_joined(folded: &str) -> String {
    words(folded).collect::<Vec<_>>().join(" ")
}

/// Fold text, cheaply when it is ASCII.
fn fold_fast(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(text.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(text)
        }
    } else {
        std::borrow::Cow::Owned(fold(text))
    }
}

/// A vocabulary value, and whether it is the document's own.
type ValueKey<'c> = (VocabKind, &'c str, bool);

/// Builds the dictionary, the postings and the short fields.
struct Builder<'c> {
    cat: &'c Catalogue,
    dict: FxMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// The (word id, mask) pairs a vocabulary value gives a document that
    /// has it: its label, its description and the aliases that mean it.
    label_words: FxMap<ValueKey<'c>, Vec<(u32, u8)>>,
    /// The alias words for each vocabulary value, folded.
    alias_words: FxMap<(VocabKind, &'c str), Vec<String>>,
    /// Aliases for phrases: the folded phrase, and the folded alias words.
    phrases: Vec<(String, Vec<String>)>,
    /// The current document's (word, mask) pairs.
    current: Vec<(u32, u8)>,
    /// Every document's sorted, merged (word, mask) pairs, one after another.
    doc_words: Vec<u32>,
    doc_masks: Vec<u8>,
    doc_start: Vec<u32>,
    short: ShortFields,
    slots: Vec<u32>,
    values: Vec<u16>,
    names: Vec<String>,
    refs: Vec<DocRef>,
}

impl<'c> Builder<'c> {
    fn new(cat: &'c Catalogue) -> Self {
        Builder {
            cat,
            dict: FxMap::default(),
            words: Vec::new(),
            label_words: FxMap::default(),
            alias_words: FxMap::default(),
            phrases: Vec::new(),
            current: Vec::new(),
            doc_words: Vec::new(),
            doc_masks: Vec::new(),
            doc_start: vec![0],
            short: ShortFields {
                by_doc: vec![0],
                start: vec![0],
                ..ShortFields::default()
            },
            slots: vec![0],
            values: Vec::new(),
            names: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// Read the catalogue's aliases (see `Alias`).
    fn with_aliases(mut self) -> Self {
        for a in &self.cat.aliases {
            let words: Vec<String> = a.words.iter().map(|w| fold(w)).collect();
            for (kind, id) in &a.values {
                self.alias_words
                    .entry((*kind, id.as_str()))
                    .or_default()
                    .extend(words.iter().cloned());
            }
            for p in &a.phrases {
                let phrase = words_joined(&fold(p));
                if !phrase.is_empty() {
                    self.phrases.push((phrase, words.clone()));
                }
            }
        }
        self
    }

    /// The alias words of every phrase alias whose phrase is in `texts`, as
    /// tag words of the current document.
    fn phrase_aliases(&mut self, texts: &[&str]) {
        if self.phrases.is_empty() {
            return;
        }
        let mut all = String::from(" ");
        for t in texts {
            all.push_str(&words_joined(&fold_fast(t)));
            all.push(' ');
        }
        let mut found: Vec<String> = Vec::new();
        for (phrase, words) in &self.phrases {
            if memchr::memmem::find(all.as_bytes(), format!(" {phrase} ").as_bytes()).is_some() {
                found.extend(words.iter().cloned());
            }
        }
        // Found in the entry's own words: as strong as a tag.
        for w in found {
            self.text(&w, mask::ALIAS);
        }
    }

    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.dict.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(w.into());
        self.dict.insert(w.into(), id);
        id
    }

    /// Every word of `text`, with `bits`, into the current document.
    fn text(&mut self, text: &str, bits: u8) {
        let folded = fold_fast(text);
        for w in words(&folded) {
            let id = self.word_id(w);
            self.current.push((id, bits));
        }
    }

    /// A short field (name, short name or tag) of the current document.
    fn short(&mut self, tier: Tier, primary: bool, text: &str) {
        let folded = fold_fast(text);
        let bits = if tier == Tier::Name {
            mask::NAME
        } else {
            mask::ALIAS
        };
        let mut count = 0;
        let mut last = 0;
        for w in words(&folded) {
            last = self.word_id(w);
            count += 1;
            self.current.push((last, bits));
        }
        // The whole field is one word ("FEDIP"): typing it ranks it first.
        if primary && count == 1 && self.words[last as usize].as_ref() == folded.as_ref() {
            let whole = if tier == Tier::Name {
                mask::WHOLE_NAME
            } else {
                mask::WHOLE_ALIAS
            };
            self.current.push((last, whole));
        }
        let s = &mut self.short;
        s.text.push_str(&folded);
        s.text.push('\n');
        s.start.push(s.text.len() as u32);
        s.doc.push(self.refs.len() as u32);
        s.tier.push(tier);
        s.letters.push(super::fuzzy::letters(&folded));
    }

    /// What a vocabulary value gives the current document: its label's
    /// words, its description's (as long text) and the words of the aliases
    /// that mean it. `own` is false for a value of the opportunity's network
    /// rather than of the document itself: then everything counts as long text.
    fn label(&mut self, kind: VocabKind, id: &'c str) {
        self.value(kind, id, true);
    }

    fn value(&mut self, kind: VocabKind, id: &'c str, own: bool) {
        if let Some(ws) = self.label_words.get(&(kind, id, own)) {
            self.current.extend_from_slice(ws);
            return;
        }
        let (strong, weak) = if own {
            (mask::LABEL, mask::LONG)
        } else {
            (mask::LONG, mask::LONG)
        };
        let mut ws = Vec::new();
        let term = self.cat.vocab.get(kind, id);
        let label = fold_fast(self.cat.vocab.label(kind, id)).into_owned();
        for w in words(&label) {
            ws.push((self.word_id(w), strong));
        }
        if let Some(d) = term.and_then(|t| t.description.as_deref()) {
            // The telling words only: every document with the value gets
            // them, so filler would only lengthen every posting list.
            let d = fold_fast(d).into_owned();
            for w in words(&d).filter(|w| w.len() >= 4 && !FILLER.contains(w)) {
                ws.push((self.word_id(w), weak));
            }
        }
        let aliases = self
            .alias_words
            .get(&(kind, id))
            .cloned()
            .unwrap_or_default();
        for a in &aliases {
            for w in words(a) {
                ws.push((self.word_id(w), strong));
            }
        }
        self.current.extend_from_slice(&ws);
        self.label_words.insert((kind, id, own), ws);
    }

    fn word(&mut self, w: &str, bits: u8) {
        let id = self.word_id(w);
        self.current.push((id, bits));
    }

    /// Close the current document: its facet values, name and reference.
    fn finish_doc(&mut self, facets: &[Facet], values: &[Vec<u16>], name: &str, r: DocRef) {
        self.current.sort_unstable_by_key(|p| p.0);
        let mut i = 0;
        while i < self.current.len() {
            let (w, mut m) = self.current[i];
            let mut j = i + 1;
            while j < self.current.len() && self.current[j].0 == w {
                m |= self.current[j].1;
                j += 1;
            }
            self.doc_words.push(w);
            self.doc_masks.push(m);
            i = j;
        }
        self.current.clear();
        self.doc_start.push(self.doc_words.len() as u32);
        debug_assert_eq!(facets.len(), values.len());
        for v in values {
            self.values.extend_from_slice(v);
            self.slots.push(self.values.len() as u32);
        }
        self.short.by_doc.push(self.short.doc.len() as u32);
        self.names.push(fold_fast(name).into_owned());
        self.refs.push(r);
    }

    fn build(self, facets: Vec<Facet>) -> Index {
        let Builder {
            words,
            doc_words,
            doc_masks,
            doc_start,
            short,
            slots,
            values,
            names,
            refs,
            ..
        } = self;
        // Sort the dictionary; map the ids given in order of first sight.
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        let mut new_id = vec![0u32; words.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        let mut slots_of_words: Vec<Option<Box<str>>> = words.into_iter().map(Some).collect();
        let dictionary: Vec<String> = order
            .iter()
            .map(|&old| {
                slots_of_words[old as usize]
                    .take()
                    .map(String::from)
                    .unwrap_or_default()
            })
            .collect();
        // Postings: count, then fill document by document (so each list is
        // in document order).
        let mut start = vec![0u32; dictionary.len() + 1];
        for &w in &doc_words {
            start[new_id[w as usize] as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let total = doc_words.len();
        let mut fill = start.clone();
        let mut post_doc = vec![0u32; total];
        let mut post_mask = vec![0u8; total];
        for d in 0..doc_start.len() - 1 {
            for k in doc_start[d] as usize..doc_start[d + 1] as usize {
                let w = new_id[doc_words[k] as usize] as usize;
                let at = fill[w] as usize;
                post_doc[at] = d as u32;
                post_mask[at] = doc_masks[k];
                fill[w] += 1;
            }
        }
        let mut by_name: Vec<u32> = (0..names.len() as u32).collect();
        by_name.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        Index {
            dictionary,
            refs,
            facets,
            postings: Postings {
                start,
                doc: post_doc,
                mask: post_mask,
            },
            short,
            slots,
            values,
            by_name,
            cache: Mutex::new(TermCache::default()),
        }
    }
}

/// A facet a record may leave empty: its values, then "not stated" when
/// some record of the catalogue does leave it empty (a "not stated" that no
/// record has would only be a row of zeros).
fn optional_facet(facet: Facet, unstated: bool) -> Facet {
    let mut facet = facet;
    if unstated {
        facet.values.push(FacetValue {
            id: NOT_STATED.into(),
            label: NOT_STATED_LABEL.into(),
        });
    }
    facet
}

pub(crate) fn network_facets(cat: &Catalogue) -> Vec<Facet> {
    let any = |f: fn(&crate::catalogue::Network) -> bool| cat.networks.iter().any(f);
    vec![
        optional_facet(
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector"),
            any(|n| n.sectors.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Profession, "profession", "Profession"),
            any(|n| n.professions.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            any(|n| n.career_stages.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Scope, "scope", "Nation or region"),
            any(|n| n.scope.is_empty()),
        ),
        vocab_facet(cat, VocabKind::Kind, "kind", "Kind"),
        cost_facet(),
        status_facet(),
    ]
}

pub(crate) fn opportunity_facets(cat: &Catalogue) -> Vec<Facet> {
    let offering = || cat.networks.iter().filter(|n| !n.opportunities.is_empty());
    let any_opportunity =
        |f: &dyn Fn(&crate::catalogue::Network, &crate::catalogue::Opportunity) -> bool| {
            cat.networks
                .iter()
                .any(|n| n.opportunities.iter().any(|o| f(n, o)))
        };
    vec![
        vocab_facet(cat, VocabKind::OpportunityType, "type", "Type"),
        cost_facet(),
        optional_facet(
            vocab_facet(cat, VocabKind::Format, "format", "Format"),
            any_opportunity(&|_, o| o.formats.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            any_opportunity(&|n, o| n.stages_of(o).ids.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector (of the network)"),
            offering().any(|n| n.sectors.is_empty()),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Scope, "scope", "Nation or region (network)"),
            offering().any(|n| n.scope.is_empty()),
        ),
    ]
}

/// The positions of `ids` among a facet's values; "not stated" when there
/// are none (and the facet has that value).
fn values_of(facet: &Facet, ids: &[String]) -> Vec<u16> {
    let v: Vec<u16> = ids
        .iter()
        .filter_map(|id| facet.position(id).map(|p| p as u16))
        .collect();
    if v.is_empty() {
        return facet
            .position(NOT_STATED)
            .map(|p| p as u16)
            .into_iter()
            .collect();
    }
    v
}

/// The place facet's values for a network's scopes, by the place rule
/// (`Vocabulary::serves`): each place its scopes are or are broader than.
/// Each place's chain of enclosing places is worked out once per index.
struct Places {
    /// For facet value p: p and every place it is within.
    chains: Vec<Vec<String>>,
}

impl Places {
    fn new(cat: &Catalogue, facet: &Facet) -> Places {
        Places {
            chains: facet
                .values
                .iter()
                .map(|v| {
                    if v.id == NOT_STATED {
                        return Vec::new();
                    }
                    cat.vocab
                        .enclosing(&v.id)
                        .into_iter()
                        .map(String::from)
                        .collect()
                })
                .collect(),
        }
    }

    fn values(&self, facet: &Facet, scopes: &[String]) -> Vec<u16> {
        let v: Vec<u16> = self
            .chains
            .iter()
            .enumerate()
            .filter(|(_, chain)| chain.iter().any(|p| scopes.contains(p)))
            .map(|(i, _)| i as u16)
            .collect();
        if v.is_empty() {
            return values_of(facet, &[]);
        }
        v
    }
}

fn cost_value(cost: CostClass) -> u16 {
    CostClass::ALL.iter().position(|c| *c == cost).unwrap_or(2) as u16
}

impl Index {
    /// The index of networks, with the facets sector, profession, career
    /// stage, scope, kind, cost and status.
    pub fn networks(cat: &Catalogue) -> Index {
        let facets = network_facets(cat);
        let places = Places::new(cat, &facets[3]);
        let mut b = Builder::new(cat).with_aliases();
        for (i, n) in cat.networks.iter().enumerate() {
            b.short(Tier::Name, true, &n.name);
            if let Some(s) = &n.short_name {
                b.short(Tier::Alias, true, s);
            }
            // Tags weigh less than the network's own short name.
            for t in &n.tags {
                b.short(Tier::Label, false, t);
            }
            b.label(VocabKind::Kind, &n.kind);
            for (kind, list) in [
                (VocabKind::Sector, &n.sectors),
                (VocabKind::Profession, &n.professions),
                (VocabKind::CareerStage, &n.career_stages),
                (VocabKind::Scope, &n.scope),
                (VocabKind::Format, &n.formats),
            ] {
                for id in list {
                    b.label(kind, id);
                }
            }
            for o in &n.opportunities {
                b.text(&o.title, mask::LABEL);
                b.label(VocabKind::OpportunityType, &o.kind);
            }
            let cost = CostClass::of(n.cost.as_ref());
            if cost == CostClass::Free {
                b.word("free", mask::LABEL);
            }
            let mut texts: Vec<&str> = vec![&n.name, &n.summary];
            texts.extend(n.short_name.as_deref());
            texts.extend(n.tags.iter().map(String::as_str));
            texts.extend(n.description.as_deref());
            b.phrase_aliases(&texts);
            b.text(&n.summary, mask::LONG);
            for t in [&n.description, &n.how_to_join, &n.policy_engagement]
                .into_iter()
                .flatten()
            {
                b.text(t, mask::LONG);
            }
            for o in &n.opportunities {
                for t in [&o.summary, &o.eligibility].into_iter().flatten() {
                    b.text(t, mask::LONG);
                }
                if CostClass::of(o.cost.as_ref()) == CostClass::Free {
                    b.word("free", mask::LONG);
                }
            }
            let doc_facets = [
                values_of(&facets[0], &n.sectors),
                values_of(&facets[1], &n.professions),
                values_of(&facets[2], &n.career_stages),
                places.values(&facets[3], &n.scope),
                values_of(&facets[4], std::slice::from_ref(&n.kind)),
                vec![cost_value(cost)],
                vec![Status::ALL.iter().position(|s| *s == n.status).unwrap_or(0) as u16],
            ];
            b.finish_doc(&facets, &doc_facets, &n.name, DocRef::Network(i as u32));
        }
        b.build(facets)
    }

    /// The index of every learning and training opportunity, with the facets
    /// type, cost, format, career stage and the sector of its network.
    pub fn opportunities(cat: &Catalogue) -> Index {
        let facets = opportunity_facets(cat);
        let places = Places::new(cat, &facets[5]);
        let mut b = Builder::new(cat).with_aliases();
        for (ni, n) in cat.networks.iter().enumerate() {
            let network_places = places.values(&facets[5], &n.scope);
            for (oi, o) in n.opportunities.iter().enumerate() {
                b.short(Tier::Name, true, &o.title);
                if let Some(s) = &n.short_name {
                    b.short(Tier::Alias, false, s);
                }
                b.short(Tier::Alias, false, &n.name);
                b.label(VocabKind::OpportunityType, &o.kind);
                for id in &o.formats {
                    b.label(VocabKind::Format, id);
                }
                let stages = n.stages_of(o).ids;
                for id in stages {
                    b.label(VocabKind::CareerStage, id);
                }
                for t in &n.tags {
                    b.text(t, mask::LABEL);
                }
                // The network's people and places, weakly.
                for (kind, list) in [
                    (VocabKind::Profession, &n.professions),
                    (VocabKind::Scope, &n.scope),
                    (VocabKind::Sector, &n.sectors),
                ] {
                    for id in list {
                        b.value(kind, id, false);
                    }
                }
                let mut texts: Vec<&str> = vec![&o.title];
                texts.extend(o.summary.as_deref());
                b.phrase_aliases(&texts);
                let cost = CostClass::of(o.cost.as_ref());
                if cost == CostClass::Free {
                    b.word("free", mask::LABEL);
                }
                for t in [&o.summary, &o.eligibility, &o.duration, &o.when]
                    .into_iter()
                    .flatten()
                {
                    b.text(t, mask::LONG);
                }
                if let Some(note) = o.cost.as_ref().and_then(|c| c.note.as_ref()) {
                    b.text(note, mask::LONG);
                }
                let doc_facets = [
                    values_of(&facets[0], std::slice::from_ref(&o.kind)),
                    vec![cost_value(cost)],
                    values_of(&facets[2], &o.formats),
                    values_of(&facets[3], stages),
                    values_of(&facets[4], &n.sectors),
                    network_places.clone(),
                ];
                b.finish_doc(
                    &facets,
                    &doc_facets,
                    &o.title,
                    DocRef::Opportunity(ni as u32, oi as u32),
                );
            }
        }
        b.build(facets)
    }

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

    /// The range of word ids that start with `prefix`.
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.dictionary.partition_point(|w| w.as_str() < prefix);
        let len = self.dictionary[lo..].partition_point(|w| w.starts_with(prefix));
        lo..lo + len
    }
}
