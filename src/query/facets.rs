//! The facets of each kind of document: their values (from the
//! vocabulary, or fixed by the program) and the values a record has.

use crate::catalogue::{Catalogue, CostClass, Shape, Status, VocabKind};

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
    let any = |flag: u8| cat.networks.shapes().any(|s| s.has(flag));
    vec![
        optional_facet(
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector"),
            any(Shape::NO_SECTORS),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Profession, "profession", "Profession"),
            any(Shape::NO_PROFESSIONS),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            any(Shape::NO_STAGES),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Scope, "scope", "Nation or region"),
            any(Shape::NO_SCOPE),
        ),
        vocab_facet(cat, VocabKind::Kind, "kind", "Kind"),
        cost_facet(),
        status_facet(),
    ]
}

pub(crate) fn opportunity_facets(cat: &Catalogue) -> Vec<Facet> {
    let offering = || cat.networks.shapes().filter(|s| s.opportunities > 0);
    let any_opportunity = |flag: u8| offering().any(|s| s.has(flag));
    vec![
        vocab_facet(cat, VocabKind::OpportunityType, "type", "Type"),
        cost_facet(),
        optional_facet(
            vocab_facet(cat, VocabKind::Format, "format", "Format"),
            any_opportunity(Shape::OPPORTUNITY_NO_FORMATS),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::CareerStage, "stage", "Career stage"),
            any_opportunity(Shape::OPPORTUNITY_NO_STAGES),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Sector, "sector", "Sector (of the network)"),
            offering().any(|s| s.has(Shape::NO_SECTORS)),
        ),
        optional_facet(
            vocab_facet(cat, VocabKind::Scope, "scope", "Nation or region (network)"),
            offering().any(|s| s.has(Shape::NO_SCOPE)),
        ),
    ]
}

/// The positions of `ids` among a facet's values; "not stated" when there
/// are none (and the facet has that value).
pub(crate) fn values_of(facet: &Facet, ids: &[String]) -> Vec<u16> {
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
pub(crate) struct Places {
    /// For facet value p: p and every place it is within.
    chains: Vec<Vec<String>>,
}

impl Places {
    pub(crate) fn new(cat: &Catalogue, facet: &Facet) -> Places {
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

    pub(crate) fn values(&self, facet: &Facet, scopes: &[String]) -> Vec<u16> {
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

pub(crate) fn cost_value(cost: CostClass) -> u16 {
    CostClass::ALL.iter().position(|c| *c == cost).unwrap_or(2) as u16
}
