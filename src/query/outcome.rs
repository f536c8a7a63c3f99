//! What a search is asked with (the selected facet values) and what it
//! answers: the ranked hits, the partial matches and the live counts.

use super::index::Index;

/// The selected values of each facet: OR within a facet, AND across facets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub selected: Vec<Vec<bool>>,
}

impl Filters {
    pub fn new(index: &Index) -> Filters {
        Filters {
            selected: index
                .facets
                .iter()
                .map(|f| vec![false; f.values.len()])
                .collect(),
        }
    }

    pub fn toggle(&mut self, facet: usize, value: usize) {
        if let Some(v) = self.selected.get_mut(facet).and_then(|f| f.get_mut(value)) {
            *v = !*v;
        }
    }

    pub fn set(&mut self, facet: usize, value: usize, on: bool) {
        if let Some(v) = self.selected.get_mut(facet).and_then(|f| f.get_mut(value)) {
            *v = on;
        }
    }

    pub fn is_selected(&self, facet: usize, value: usize) -> bool {
        self.selected
            .get(facet)
            .and_then(|f| f.get(value))
            .copied()
            .unwrap_or(false)
    }

    pub fn clear(&mut self) {
        for f in &mut self.selected {
            f.iter_mut().for_each(|v| *v = false);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.selected.iter().all(|f| f.iter().all(|v| !v))
    }

    /// The selected (facet, value) pairs, in facet order.
    pub fn active(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (f, vals) in self.selected.iter().enumerate() {
            for (v, on) in vals.iter().enumerate() {
                if *on {
                    out.push((f, v));
                }
            }
        }
        out
    }
}

/// One result: a document and its score (higher is better).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub score: u32,
}

/// The answer to a search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Ranked best first: first every hit that matches every word of the
    /// query (`hits[..full]`), then the partial matches (`hits[full..]`).
    pub hits: Vec<Hit>,
    /// How many hits match every word.
    pub full: usize,
    /// How many of the query's words each partial match matches.
    pub partial_words: usize,
    /// How many words the query has (that must match).
    pub words: usize,
    /// The query's words that match nothing at all, each with a "did you
    /// mean" word from the index when one is close.
    pub unmatched: Vec<(String, Option<String>)>,
    /// counts[facet][value]: hits that value would give with the query and
    /// the other facets (entries matching every word).
    pub counts: Vec<Vec<u32>>,
}

impl Outcome {
    /// Whether some hits match only some of the query's words.
    pub fn has_partial(&self) -> bool {
        self.hits.len() > self.full
    }

    /// The line above the partial matches: "matching 2 of 3 words".
    pub fn divider(&self) -> Option<String> {
        self.has_partial()
            .then(|| format!("matching {} of {} words", self.partial_words, self.words))
    }

    /// What to tell the person about words that matched nothing, with a
    /// "did you mean" where the index has a close word: `"zzz" matched
    /// nothing; "infromatics" matched nothing (did you mean "informatics"?)`.
    pub fn unmatched_note(&self) -> Option<String> {
        if self.unmatched.is_empty() {
            return None;
        }
        let parts: Vec<String> = self
            .unmatched
            .iter()
            .map(|(w, s)| match s {
                Some(s) => format!("\"{w}\" matched nothing (did you mean \"{s}\"?)"),
                None => format!("\"{w}\" matched nothing"),
            })
            .collect();
        Some(parts.join("; "))
    }
}
