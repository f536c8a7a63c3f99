//! What an index works out from its stored data when it is built or read
//! back from the cache (never stored itself, as it is quick to rebuild):
//! each document's place in name order, the distinct texts of the short
//! fields (a tag shared by a thousand networks is matched once), and each
//! facet value's documents as a bitset (filters and live counts are then
//! a few word-wide ANDs and popcounts).

use rustc_hash::FxHashMap;

use super::index::{Index, ShortFields};
use super::outcome::Filters;

/// A set of documents, one bit each.
pub(crate) type Bits = Vec<u64>;

/// An empty set for `n` documents.
pub(crate) fn bits(n: usize) -> Bits {
    vec![0; n.div_ceil(64)]
}

pub(crate) fn has(bits: &[u64], d: usize) -> bool {
    bits[d / 64] & (1 << (d % 64)) != 0
}

pub(crate) fn set(bits: &mut [u64], d: usize) {
    bits[d / 64] |= 1 << (d % 64);
}

/// The distinct texts of the short fields, and which fields have each.
#[derive(Clone, Debug, Default)]
pub(crate) struct Distinct {
    /// The texts one after another, each followed by a newline.
    pub text: String,
    /// Byte offset where text u starts; one more entry than texts.
    pub start: Vec<u32>,
    /// The letters of text u (`fuzzy::letters`).
    pub letters: Vec<u64>,
    /// The distinct text of short field k.
    pub of_field: Vec<u32>,
    /// The fields whose text is u: `fields[fields_start[u]..fields_start[u + 1]]`.
    pub fields_start: Vec<u32>,
    pub fields: Vec<u32>,
    /// The distinct text of document d's name (its first short field), or
    /// `NO_TEXT` (for the ties: how much of the name a query covers).
    pub name_text: Vec<u32>,
}

/// No distinct text (`Distinct::name_text` of a document without one).
pub(crate) const NO_TEXT: u32 = u32::MAX;

impl Distinct {
    pub fn len(&self) -> usize {
        self.letters.len()
    }

    /// Text u.
    pub fn get(&self, u: usize) -> &str {
        &self.text[self.start[u] as usize..self.start[u + 1] as usize - 1]
    }

    /// The fields whose text is u.
    pub fn fields_of(&self, u: usize) -> &[u32] {
        &self.fields[self.fields_start[u] as usize..self.fields_start[u + 1] as usize]
    }
}

/// The distinct texts, worked out when first needed (an index read in place
/// from the cache: the first frame of the app needs none), or at once (an
/// index just built).
#[derive(Clone, Debug, Default)]
pub(crate) struct LazyDistinct {
    done: std::sync::OnceLock<Distinct>,
    /// The short fields to work them out from (their arrays are in place,
    /// so this holds no copy).
    from: Option<Box<ShortFields>>,
}

impl std::ops::Deref for LazyDistinct {
    type Target = Distinct;
    fn deref(&self) -> &Distinct {
        self.done.get_or_init(|| match &self.from {
            Some(short) => distinct(short),
            None => Distinct::default(),
        })
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Derived {
    /// Where document d stands in name order (ties in ranking go by name).
    pub name_rank: Vec<u32>,
    pub distinct: LazyDistinct,
    /// The documents whose status is other than the first (active): closed
    /// or merged, below active ones at equal match.
    pub closed: Bits,
    /// `values[f][v]`: the documents that have value v of facet f.
    pub values: Vec<Vec<Bits>>,
}

impl Derived {
    /// `of`, but the distinct texts worked out only when first needed.
    pub fn of_lazy(index: &Index) -> Derived {
        let mut d = Derived::of_without_distinct(index);
        d.distinct.from = Some(Box::new(index.short.clone()));
        d
    }

    pub fn of(index: &Index) -> Derived {
        let d = Derived::of_without_distinct(index);
        let _ = d.distinct.done.set(distinct(&index.short));
        d
    }

    fn of_without_distinct(index: &Index) -> Derived {
        let n = index.len();
        let mut name_rank = vec![0u32; n];
        for (rank, &d) in index.by_name.iter().enumerate() {
            if let Some(r) = name_rank.get_mut(d as usize) {
                *r = rank as u32;
            }
        }
        let values = index
            .facets
            .iter()
            .enumerate()
            .map(|(f, facet)| {
                let mut sets = vec![bits(n); facet.values.len()];
                for d in 0..n {
                    for &v in index.doc_values(d, f) {
                        if let Some(s) = sets.get_mut(v as usize) {
                            set(s, d);
                        }
                    }
                }
                sets
            })
            .collect();
        let mut closed = bits(n);
        if let Some((f, _)) = index.facet("status") {
            for d in 0..n {
                if index.doc_values(d, f).first().is_some_and(|&v| v != 0) {
                    set(&mut closed, d);
                }
            }
        }
        Derived {
            name_rank,
            distinct: LazyDistinct::default(),
            closed,
            values,
        }
    }
}

fn distinct(short: &ShortFields) -> Distinct {
    let fields = short.doc.len();
    let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut out = Distinct {
        start: vec![0],
        of_field: Vec::with_capacity(fields),
        ..Distinct::default()
    };
    let mut count: Vec<u32> = Vec::new();
    for k in 0..fields {
        let text = short.field(k);
        let u = *ids.entry(text).or_insert_with(|| {
            out.text.push_str(text);
            out.text.push('\n');
            out.start.push(out.text.len() as u32);
            out.letters.push(short.letters[k]);
            count.push(0);
            count.len() as u32 - 1
        });
        count[u as usize] += 1;
        out.of_field.push(u);
    }
    // Fields by text (counting sort, so each list is in field order).
    let mut fields_start = vec![0u32; count.len() + 1];
    for (u, c) in count.iter().enumerate() {
        fields_start[u + 1] = fields_start[u] + c;
    }
    let mut fill = fields_start.clone();
    let mut list = vec![0u32; fields];
    for (k, &u) in out.of_field.iter().enumerate() {
        list[fill[u as usize] as usize] = k as u32;
        fill[u as usize] += 1;
    }
    out.fields_start = fields_start;
    out.fields = list;
    let docs = short.by_doc.len().saturating_sub(1);
    out.name_text = (0..docs)
        .map(|d| {
            short
                .by_doc
                .get(d)
                .and_then(|&k| out.of_field.get(k as usize))
                .copied()
                .unwrap_or(NO_TEXT)
        })
        .collect();
    out
}

/// The distinct short field texts that contain `word` (a word of a query:
/// no newline), as a set over `Distinct`'s texts.
pub(crate) fn containing(index: &Index, word: &str) -> Bits {
    let distinct: &Distinct = &index.derived.distinct;
    let mut out = bits(distinct.len());
    if word.is_empty() || distinct.len() == 0 {
        return out;
    }
    let text = distinct.text.as_bytes();
    let finder = memchr::memmem::Finder::new(word.as_bytes());
    let mut u = 0;
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| finder.find(rest)) {
        let at = from + at;
        // Texts are in order: move forward to the one holding `at`, and
        // look on from the next (a text is in the set once).
        while distinct.start[u + 1] as usize <= at {
            u += 1;
        }
        set(&mut out, u);
        from = distinct.start[u + 1] as usize;
    }
    out
}

/// counts[facet][value]: how many documents matching every word have that
/// value and pass every selected facet but this one.
pub(crate) fn counts(index: &Index, matched: &[u64], active: &[(usize, Bits)]) -> Vec<Vec<u32>> {
    let values = &index.derived.values;
    (0..index.facets.len())
        .map(|f| {
            let mut base = matched.to_vec();
            for (g, pass) in active {
                if *g != f {
                    base.iter_mut().zip(pass).for_each(|(b, p)| *b &= p);
                }
            }
            values[f]
                .iter()
                .map(|docs| {
                    base.iter()
                        .zip(docs)
                        .map(|(b, v)| (b & v).count_ones())
                        .sum()
                })
                .collect()
        })
        .collect()
}

/// For each facet with a value selected, the documents that pass it.
pub(crate) fn selected(index: &Index, filters: &Filters) -> Vec<(usize, Bits)> {
    let n = index.len();
    let values = &index.derived.values;
    filters
        .selected
        .iter()
        .enumerate()
        .filter(|(_, sel)| sel.iter().any(|x| *x))
        .map(|(f, sel)| {
            let mut pass = bits(n);
            for (v, _) in sel.iter().enumerate().filter(|(_, on)| **on) {
                if let Some(docs) = values.get(f).and_then(|vals| vals.get(v)) {
                    pass.iter_mut().zip(docs).for_each(|(p, d)| *p |= d);
                }
            }
            (f, pass)
        })
        .collect()
}
