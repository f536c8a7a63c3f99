//! The search index: a dictionary of every word, and for each document (a
//! network, or an opportunity) its names, labels, long text as word ids, and
//! its facet values as small integers.

use std::collections::HashMap;

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

/// A short field kept as text for fuzzy matching, with its word ids.
#[derive(Clone, Debug)]
pub struct ShortField {
    pub tier: Tier,
    /// A name or short name (not a tag): typing it whole ranks it first.
    pub primary: bool,
    pub text: String,
    pub chars: Vec<char>,
    pub words: Vec<u32>,
}

/// One searchable document.
#[derive(Clone, Debug)]
pub struct Doc {
    /// Name (tier 4) and aliases (tier 3), kept as text.
    pub short: Vec<ShortField>,
    /// Label and title words (tier 2), sorted and unique.
    pub labels: Vec<u32>,
    /// Long-text words (tier 1), sorted and unique.
    pub long: Vec<u32>,
    /// For each facet, the indices of the values this document has.
    pub facets: Vec<Vec<u16>>,
    /// Position of the document when sorted by name (ties in ranking).
    pub name_rank: u32,
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

/// A search index over one kind of document.
#[derive(Clone, Debug, Default)]
pub struct Index {
    pub dictionary: Vec<String>,
    pub docs: Vec<Doc>,
    pub refs: Vec<DocRef>,
    pub facets: Vec<Facet>,
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
pub const OPPORTUNITY_FACETS: [&str; 5] = ["type", "cost", "format", "stage", "sector"];

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

/// Builds the dictionary and the documents.
struct Builder<'c> {
    cat: &'c Catalogue,
    dict: HashMap<String, u32>,
    words: Vec<String>,
    label_words: HashMap<(VocabKind, String), Vec<u32>>,
}

impl<'c> Builder<'c> {
    fn new(cat: &'c Catalogue) -> Self {
        Builder {
            cat,
            dict: HashMap::new(),
            words: Vec::new(),
            label_words: HashMap::new(),
        }
    }

    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.dict.get(w) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(w.to_string());
        self.dict.insert(w.to_string(), id);
        id
    }

    fn add_words(&mut self, text: &str, out: &mut Vec<u32>) {
        let folded = fold(text);
        for w in words(&folded) {
            let id = self.word_id(w);
            out.push(id);
        }
    }

    fn short(&mut self, tier: Tier, primary: bool, text: &str) -> ShortField {
        let folded = fold(text);
        let mut ws = Vec::new();
        for w in words(&folded) {
            ws.push(self.word_id(w));
        }
        ShortField {
            tier,
            primary,
            chars: folded.chars().collect(),
            text: folded,
            words: ws,
        }
    }

    fn label(&mut self, kind: VocabKind, id: &str, out: &mut Vec<u32>) {
        if let Some(ws) = self.label_words.get(&(kind, id.to_string())) {
            out.extend_from_slice(ws);
            return;
        }
        let label = self.cat.vocab.label(kind, id).to_string();
        let mut ws = Vec::new();
        self.add_words(&label, &mut ws);
        out.extend_from_slice(&ws);
        self.label_words.insert((kind, id.to_string()), ws);
    }

    fn finish(
        self,
        mut docs: Vec<Doc>,
        names: Vec<String>,
        refs: Vec<DocRef>,
        facets: Vec<Facet>,
    ) -> Index {
        // Rank by name for ties.
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by(|&a, &b| names[a].cmp(&names[b]));
        for (rank, &i) in order.iter().enumerate() {
            docs[i].name_rank = rank as u32;
        }
        for d in &mut docs {
            d.labels.sort_unstable();
            d.labels.dedup();
            d.long.sort_unstable();
            d.long.dedup();
        }
        Index {
            dictionary: self.words,
            docs,
            refs,
            facets,
        }
    }
}

fn values_of(facet: &Facet, ids: &[String]) -> Vec<u16> {
    ids.iter()
        .filter_map(|id| facet.position(id).map(|p| p as u16))
        .collect()
}

impl Index {
    /// The index of networks, with the facets sector, profession, career
    /// stage, scope, kind, cost and status.
    pub fn networks(cat: &Catalogue) -> Index {
        let facets = vec![
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector"),
            vocab_facet(cat, VocabKind::Profession, "profession", "Profession"),
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            vocab_facet(cat, VocabKind::Scope, "scope", "Nation or region"),
            vocab_facet(cat, VocabKind::Kind, "kind", "Kind"),
            cost_facet(),
            status_facet(),
        ];
        let mut b = Builder::new(cat);
        let mut docs = Vec::with_capacity(cat.networks.len());
        let mut names = Vec::with_capacity(cat.networks.len());
        let mut refs = Vec::with_capacity(cat.networks.len());
        for (i, n) in cat.networks.iter().enumerate() {
            let mut short = vec![b.short(Tier::Name, true, &n.name)];
            if let Some(s) = &n.short_name {
                short.push(b.short(Tier::Alias, true, s));
            }
            for t in &n.tags {
                short.push(b.short(Tier::Alias, false, t));
            }
            let mut labels = Vec::new();
            b.label(VocabKind::Kind, &n.kind, &mut labels);
            for (kind, list) in [
                (VocabKind::Sector, &n.sectors),
                (VocabKind::Profession, &n.professions),
                (VocabKind::CareerStage, &n.career_stages),
                (VocabKind::Scope, &n.scope),
                (VocabKind::Format, &n.formats),
            ] {
                for id in list {
                    b.label(kind, id, &mut labels);
                }
            }
            for o in &n.opportunities {
                b.add_words(&o.title, &mut labels);
                b.label(VocabKind::OpportunityType, &o.kind, &mut labels);
            }
            if CostClass::of(n.cost.as_ref()) == CostClass::Free {
                labels.push(b.word_id("free"));
            }
            let mut long = Vec::new();
            b.add_words(&n.summary, &mut long);
            for t in [&n.description, &n.how_to_join, &n.policy_engagement]
                .into_iter()
                .flatten()
            {
                b.add_words(t, &mut long);
            }
            for o in &n.opportunities {
                for t in [&o.summary, &o.eligibility].into_iter().flatten() {
                    b.add_words(t, &mut long);
                }
                if CostClass::of(o.cost.as_ref()) == CostClass::Free {
                    long.push(b.word_id("free"));
                }
            }
            let cost = CostClass::of(n.cost.as_ref());
            let doc_facets = vec![
                values_of(&facets[0], &n.sectors),
                values_of(&facets[1], &n.professions),
                values_of(&facets[2], &n.career_stages),
                values_of(&facets[3], &n.scope),
                values_of(&facets[4], std::slice::from_ref(&n.kind)),
                vec![CostClass::ALL.iter().position(|c| *c == cost).unwrap_or(2) as u16],
                vec![Status::ALL.iter().position(|s| *s == n.status).unwrap_or(0) as u16],
            ];
            docs.push(Doc {
                short,
                labels,
                long,
                facets: doc_facets,
                name_rank: 0,
            });
            names.push(fold(&n.name));
            refs.push(DocRef::Network(i as u32));
        }
        b.finish(docs, names, refs, facets)
    }

    /// The index of every learning and training opportunity, with the facets
    /// type, cost, format, career stage and the sector of its network.
    pub fn opportunities(cat: &Catalogue) -> Index {
        let facets = vec![
            vocab_facet(cat, VocabKind::OpportunityType, "type", "Type"),
            cost_facet(),
            vocab_facet(cat, VocabKind::Format, "format", "Format"),
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector (of the network)"),
        ];
        let mut b = Builder::new(cat);
        let mut docs = Vec::new();
        let mut names = Vec::new();
        let mut refs = Vec::new();
        for (ni, n) in cat.networks.iter().enumerate() {
            for (oi, o) in n.opportunities.iter().enumerate() {
                let mut short = vec![b.short(Tier::Name, true, &o.title)];
                if let Some(s) = &n.short_name {
                    short.push(b.short(Tier::Alias, false, s));
                }
                short.push(b.short(Tier::Alias, false, &n.name));
                let mut labels = Vec::new();
                b.label(VocabKind::OpportunityType, &o.kind, &mut labels);
                for id in &o.formats {
                    b.label(VocabKind::Format, id, &mut labels);
                }
                for id in &o.career_stages {
                    b.label(VocabKind::CareerStage, id, &mut labels);
                }
                for t in &n.tags {
                    b.add_words(t, &mut labels);
                }
                let cost = CostClass::of(o.cost.as_ref());
                if cost == CostClass::Free {
                    labels.push(b.word_id("free"));
                }
                let mut long = Vec::new();
                for t in [&o.summary, &o.eligibility, &o.duration, &o.when]
                    .into_iter()
                    .flatten()
                {
                    b.add_words(t, &mut long);
                }
                if let Some(note) = o.cost.as_ref().and_then(|c| c.note.as_ref()) {
                    b.add_words(note, &mut long);
                }
                let doc_facets = vec![
                    values_of(&facets[0], std::slice::from_ref(&o.kind)),
                    vec![CostClass::ALL.iter().position(|c| *c == cost).unwrap_or(2) as u16],
                    values_of(&facets[2], &o.formats),
                    values_of(&facets[3], &o.career_stages),
                    values_of(&facets[4], &n.sectors),
                ];
                docs.push(Doc {
                    short,
                    labels,
                    long,
                    facets: doc_facets,
                    name_rank: 0,
                });
                names.push(fold(&o.title));
                refs.push(DocRef::Opportunity(ni as u32, oi as u32));
            }
        }
        b.finish(docs, names, refs, facets)
    }

    pub fn facet(&self, key: &str) -> Option<(usize, &Facet)> {
        self.facets.iter().enumerate().find(|(_, f)| f.key == key)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
}
