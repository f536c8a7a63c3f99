//! Building an index: the dictionary, each document's words with where
//! they occur, the postings, the short fields and the facet values.

use memchr::memmem::Finder;
use rustc_hash::FxHashMap;

use crate::catalogue::{Catalogue, VocabKind};

use super::facets::Facet;
use super::index::{DocRef, Index, Postings, ShortFields, Tier, mask};
use super::text::fold;

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
    let mut out = String::new();
    push_words_joined(&mut out, folded);
    out
}

/// `words_joined`, onto the end of `out`.
fn push_words_joined(out: &mut String, folded: &str) {
    for (i, w) in words_fast(folded).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// `words`, looking at bytes rather than characters where they are ASCII:
/// the same words, found faster.
fn words_fast(folded: &str) -> Words<'_> {
    Words {
        text: folded,
        at: 0,
    }
}

struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl Words<'_> {
    /// Whether a letter or digit starts at `at`, and its length in bytes.
    fn word_char(&self, at: usize) -> (bool, usize) {
        let b = self.text.as_bytes()[at];
        if b.is_ascii() {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = self.text[at..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        }
    }
}

impl<'t> Iterator for Words<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let len = self.text.len();
        while self.at < len {
            let (word, n) = self.word_char(self.at);
            if word {
                break;
            }
            self.at += n;
        }
        let start = self.at;
        while self.at < len {
            let (word, n) = self.word_char(self.at);
            if !word {
                break;
            }
            self.at += n;
        }
        (self.at > start).then(|| &self.text[start..self.at])
    }
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

/// Pairs in a block: 4 MB of word ids (a few in tests, so that documents
/// straddle blocks there: the bundled indexes, built by build.rs in one
/// block, are compared with those the tests build).
#[cfg(not(test))]
const BLOCK: usize = 1 << 20;
#[cfg(test)]
const BLOCK: usize = 5;

/// (word, mask) pairs in blocks of a fixed size: growing never copies what
/// is there, and each block can be let go of once read.
#[derive(Default)]
struct Pairs {
    blocks: Vec<(Vec<u32>, Vec<u8>)>,
    len: usize,
}

impl Pairs {
    fn push(&mut self, w: u32, m: u8) {
        match self.blocks.last_mut() {
            Some((ws, ms)) if ws.len() < BLOCK => {
                ws.push(w);
                ms.push(m);
            }
            _ => {
                let mut ws = Vec::with_capacity(BLOCK);
                let mut ms = Vec::with_capacity(BLOCK);
                ws.push(w);
                ms.push(m);
                self.blocks.push((ws, ms));
            }
        }
        self.len += 1;
    }
}

/// A vocabulary value, and whether it is the document's own.
type ValueKey<'c> = (VocabKind, &'c str, bool);

/// Builds the dictionary, the postings and the short fields.
pub(super) struct Builder<'c> {
    cat: &'c Catalogue,
    dict: FxHashMap<Box<str>, u32>,
    words: Vec<Box<str>>,
    /// The (word id, mask) pairs a vocabulary value gives a document that
    /// has it: its label, its description and the aliases that mean it.
    label_words: FxHashMap<ValueKey<'c>, Vec<(u32, u8)>>,
    /// The alias words for each vocabulary value, folded.
    alias_words: FxHashMap<(VocabKind, &'c str), Vec<String>>,
    /// Aliases for phrases: a finder of the folded phrase between spaces,
    /// and the folded alias words.
    phrases: Vec<(Finder<'static>, Vec<String>)>,
    /// The words of the texts phrases are looked for in (kept to be reused).
    phrase_text: String,
    /// The current document's (word, mask) pairs.
    current: Vec<(u32, u8)>,
    /// For each word id, the last document (counted from 1) it was put in,
    /// and where in `doc_pairs` (so a word is put in a document once).
    last_doc: Vec<u32>,
    last_at: Vec<u32>,
    /// The current document's merged (word, mask) pairs.
    doc_pairs: Vec<(u32, u8)>,
    /// Every document's merged pairs, one after another.
    pairs: Pairs,
    /// For each word id, how many documents it is in.
    counts: Vec<u32>,
    doc_start: Vec<u32>,
    short: ShortFields,
    slots: Vec<u32>,
    values: Vec<u16>,
    names: Vec<String>,
    refs: Vec<DocRef>,
}

impl<'c> Builder<'c> {
    pub(super) fn new(cat: &'c Catalogue) -> Self {
        Builder {
            cat,
            dict: FxHashMap::default(),
            words: Vec::new(),
            label_words: FxHashMap::default(),
            alias_words: FxHashMap::default(),
            phrases: Vec::new(),
            phrase_text: String::new(),
            current: Vec::new(),
            last_doc: Vec::new(),
            last_at: Vec::new(),
            doc_pairs: Vec::new(),
            pairs: Pairs::default(),
            counts: Vec::new(),
            doc_start: vec![0],
            short: ShortFields {
                by_doc: vec![0].into(),
                start: vec![0].into(),
                ..ShortFields::default()
            },
            slots: vec![0],
            values: Vec::new(),
            names: Vec::new(),
            refs: Vec::new(),
        }
    }

    /// Read the catalogue's aliases (see `Alias`).
    pub(super) fn with_aliases(mut self) -> Self {
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
                    let finder = Finder::new(format!(" {phrase} ").as_bytes()).into_owned();
                    self.phrases.push((finder, words.clone()));
                }
            }
        }
        self
    }

    /// The alias words of every phrase alias whose phrase is in `texts`, as
    /// tag words of the current document.
    pub(super) fn phrase_aliases(&mut self, texts: &[&str]) {
        if self.phrases.is_empty() {
            return;
        }
        let mut all = std::mem::take(&mut self.phrase_text);
        all.clear();
        all.push(' ');
        for t in texts {
            push_words_joined(&mut all, &fold_fast(t));
            all.push(' ');
        }
        for i in 0..self.phrases.len() {
            if self.phrases[i].0.find(all.as_bytes()).is_some() {
                // Found in the entry's own words: as strong as a tag.
                let words = std::mem::take(&mut self.phrases[i].1);
                for w in &words {
                    self.text(w, mask::ALIAS);
                }
                self.phrases[i].1 = words;
            }
        }
        self.phrase_text = all;
    }

    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.dict.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(w.into());
        self.dict.insert(w.into(), id);
        self.last_doc.push(0);
        self.last_at.push(0);
        self.counts.push(0);
        id
    }

    /// Every word of `text`, with `bits`, into the current document.
    pub(super) fn text(&mut self, text: &str, bits: u8) {
        let folded = fold_fast(text);
        for w in words_fast(&folded) {
            let id = self.word_id(w);
            self.current.push((id, bits));
        }
    }

    /// A short field (name, short name or tag) of the current document.
    pub(super) fn short(&mut self, tier: Tier, primary: bool, text: &str) {
        let folded = fold_fast(text);
        let bits = if tier == Tier::Name {
            mask::NAME
        } else {
            mask::ALIAS
        };
        let mut count = 0;
        let mut last = 0;
        for w in words_fast(&folded) {
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
    pub(super) fn label(&mut self, kind: VocabKind, id: &'c str) {
        self.value(kind, id, true);
    }

    pub(super) fn value(&mut self, kind: VocabKind, id: &'c str, own: bool) {
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
        for w in words_fast(&label) {
            ws.push((self.word_id(w), strong));
        }
        if let Some(d) = term.and_then(|t| t.description.as_deref()) {
            // The telling words only: every document with the value gets
            // them, so filler would only lengthen every posting list.
            let d = fold_fast(d).into_owned();
            for w in words_fast(&d).filter(|w| w.len() >= 4 && !FILLER.contains(w)) {
                ws.push((self.word_id(w), weak));
            }
        }
        let aliases = self
            .alias_words
            .get(&(kind, id))
            .cloned()
            .unwrap_or_default();
        for a in &aliases {
            for w in words_fast(a) {
                ws.push((self.word_id(w), strong));
            }
        }
        self.current.extend_from_slice(&ws);
        self.label_words.insert((kind, id, own), ws);
    }

    pub(super) fn word(&mut self, w: &str, bits: u8) {
        let id = self.word_id(w);
        self.current.push((id, bits));
    }

    /// Close the current document: its facet values, name and reference.
    pub(super) fn finish_doc(
        &mut self,
        facets: &[Facet],
        values: &[Vec<u16>],
        name: &str,
        r: DocRef,
    ) {
        // Each word once, with the masks of all its places (in any order:
        // the postings are filled document by document).
        let doc = self.refs.len() as u32 + 1;
        for &(w, m) in &self.current {
            let i = w as usize;
            if self.last_doc[i] == doc {
                self.doc_pairs[self.last_at[i] as usize].1 |= m;
            } else {
                self.last_doc[i] = doc;
                self.last_at[i] = self.doc_pairs.len() as u32;
                self.doc_pairs.push((w, m));
                self.counts[i] += 1;
            }
        }
        self.current.clear();
        for &(w, m) in &self.doc_pairs {
            self.pairs.push(w, m);
        }
        self.doc_pairs.clear();
        self.doc_start.push(self.pairs.len as u32);
        debug_assert_eq!(facets.len(), values.len());
        for v in values {
            self.values.extend_from_slice(v);
            self.slots.push(self.values.len() as u32);
        }
        self.short.by_doc.push(self.short.doc.len() as u32);
        self.names.push(fold_fast(name).into_owned());
        self.refs.push(r);
    }

    pub(super) fn build(self, facets: Vec<Facet>) -> Index {
        let Builder {
            words,
            pairs,
            counts,
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
        // Postings: where each word's list starts, then filled document by
        // document (so each list is in document order), each block of pairs
        // let go of once read, so the pairs and the postings are not both
        // held whole.
        let mut start = vec![0u32; dictionary.len() + 1];
        for (old, &n) in counts.iter().enumerate() {
            start[new_id[old] as usize + 1] = n;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let total = pairs.len;
        let mut fill = start.clone();
        let mut post_doc = vec![0u32; total];
        let mut post_mask = vec![0u8; total];
        let mut d = 0;
        let mut k = 0;
        for (ws, ms) in pairs.blocks {
            for (&w, &m) in ws.iter().zip(&ms) {
                while doc_start[d + 1] as usize <= k {
                    d += 1;
                }
                let w = new_id[w as usize] as usize;
                let at = fill[w] as usize;
                post_doc[at] = d as u32;
                post_mask[at] = m;
                fill[w] += 1;
                k += 1;
            }
        }
        let mut by_name: Vec<u32> = (0..names.len() as u32).collect();
        by_name.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
        Index {
            dictionary,
            refs,
            facets,
            postings: Postings {
                start: start.into(),
                doc: post_doc.into(),
                mask: post_mask.into(),
            },
            short,
            slots: slots.into(),
            values: values.into(),
            by_name: by_name.into(),
            derived: Default::default(),
        }
        .with_derived()
    }
}

#[cfg(test)]
mod tests {
    use super::super::text::words;
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_fast_finds_the_words_words_finds() {
        for t in [
            "",
            " ",
            "nhs-r community",
            "  two  spaces ",
            "café zürich ŵales",
            "a\u{2028}b\u{00a0}c—d",
            "日本語 text, ½ and ٣",
            "x",
        ] {
            let want: Vec<&str> = words(t).collect();
            assert_eq!(words_fast(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    proptest! {
        #[test]
        fn words_fast_is_words(t in "\\PC{0,40}") {
            let want: Vec<&str> = words(&t).collect();
            prop_assert_eq!(words_fast(&t).collect::<Vec<_>>(), want);
        }
    }
}
