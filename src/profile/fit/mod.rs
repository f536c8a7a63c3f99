//! How well a network, or an opportunity, fits a profile — a clear rule, not
//! a black box.
//!
//! For each thing the person said (profession, career stage, nation or
//! region, sector) a network either
//! - **matches** it: it names one of the person's professions or sectors, their
//!   career stage, or serves their place (the place rule of DESIGN §1.1: a
//!   UK-wide network serves Wales, an English one serves London);
//! - **does not state** it: the network leaves that field empty; or
//! - **does not match** it.
//!
//! An opportunity is judged by its own career stages, or its network's when
//! it states none (inherited stages), and by its network's profession,
//! place and sector.
//!
//! The score is one point per matched field and half a point per field not
//! stated; what does not match counts nothing. The fit mark has one symbol
//! per field the person stated: `●` matches, `◐` not stated, `○` does not
//! match. A network that is closed or merged keeps its score but is ranked
//! after every open one, and never "fits". Something *fits* when every field
//! the person stated is matched or not stated (nothing contradicts it).

mod explain;
#[cfg(test)]
mod tests;

use serde::Serialize;

use super::{Field, Profile};
use crate::catalogue::places::PlaceMatch;
use crate::catalogue::{Network, Opportunity, Status, VocabKind, Vocabulary};
use crate::query::Hit;

pub use explain::{Reasons, Report, explain_network, explain_opportunity};

/// What a network says about one field of the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Matched,
    Unknown,
    Unmatched,
}

/// The fit of one network or opportunity: small and `Copy`, so the app can
/// keep one per document; [`explain_network`] gives the words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fit {
    /// Per field, in [`Field::ALL`] order; `None` when the profile does not state it.
    pub fields: [Option<Outcome>; 4],
    /// The network is closed or merged.
    pub gone: bool,
}

impl Fit {
    /// The score in half points: two per matched field, one per field not stated.
    pub fn halves(&self) -> u8 {
        self.fields
            .iter()
            .map(|o| match o {
                Some(Outcome::Matched) => 2,
                Some(Outcome::Unknown) => 1,
                _ => 0,
            })
            .sum()
    }

    /// The score in points (matched 1, not stated 0.5).
    pub fn score(&self) -> f32 {
        f32::from(self.halves()) / 2.0
    }

    /// The best score possible: the number of fields the profile states.
    pub fn max(&self) -> u8 {
        self.fields.iter().filter(|o| o.is_some()).count() as u8
    }

    pub fn outcome(&self, field: Field) -> Option<Outcome> {
        self.fields[field.index()]
    }

    /// Nothing stated in the profile is contradicted, and it can still be
    /// joined. An empty profile fits everything that is open.
    pub fn fits(&self) -> bool {
        !self.gone && !self.fields.contains(&Some(Outcome::Unmatched))
    }

    /// The order of fit: higher is better; closed and merged networks come
    /// after every open one whatever they match.
    pub fn rank(&self) -> u16 {
        if self.gone {
            u16::from(self.halves())
        } else {
            0x100 + u16::from(self.halves())
        }
    }

    /// One symbol per stated field: `●` matched, `◐` not stated, `○` not matched.
    pub fn marks(&self) -> String {
        self.fields
            .iter()
            .flatten()
            .map(|o| match o {
                Outcome::Matched => '●',
                Outcome::Unknown => '◐',
                Outcome::Unmatched => '○',
            })
            .collect()
    }
}

/// How `place` is served by a network with `scopes`: `Some(None)` directly,
/// `Some(Some(via))` through a broader scope it is within, `None` not at all.
/// The place rule itself lives with the vocabulary (`Vocabulary::serves`).
pub(super) fn place<'a>(
    vocab: &'a Vocabulary,
    scopes: &[String],
    place: &'a str,
) -> Option<Option<&'a str>> {
    vocab.serves(scopes, place).map(|m| match m {
        PlaceMatch::Direct => None,
        PlaceMatch::Through(via) => Some(via),
    })
}

fn any_of(wanted: &[String], have: &[String]) -> Outcome {
    if have.is_empty() {
        Outcome::Unknown
    } else if wanted.iter().any(|w| have.contains(w)) {
        Outcome::Matched
    } else {
        Outcome::Unmatched
    }
}

/// The rule prepared for one profile: the places that serve the person's
/// place are worked out once (through `Vocabulary::serves`), so judging
/// 100,000 networks does not walk the place tree 100,000 times.
pub struct Rule<'a> {
    profile: &'a Profile,
    /// Scope values a network may name to serve the profile's place.
    serving: Vec<&'a str>,
}

impl<'a> Rule<'a> {
    pub fn new(vocab: &'a Vocabulary, profile: &'a Profile) -> Rule<'a> {
        let serving = match &profile.scope {
            Some(p) => vocab
                .terms(VocabKind::Scope)
                .iter()
                .map(|t| t.id.as_str())
                .filter(|s| vocab.serves(&[s.to_string()], p).is_some())
                .collect(),
            None => Vec::new(),
        };
        Rule { profile, serving }
    }

    fn assess(&self, net: &Network, stages: &[String]) -> Fit {
        let p = self.profile;
        let mut fields = [None; 4];
        for f in Field::ALL {
            if !p.states(f) {
                continue;
            }
            fields[f.index()] = Some(match f {
                Field::Profession => any_of(&p.professions, &net.professions),
                Field::Sector => any_of(&p.sectors, &net.sectors),
                Field::Stage => any_of(p.stage.as_slice(), stages),
                Field::Scope if net.scope.is_empty() => Outcome::Unknown,
                Field::Scope if net.scope.iter().any(|s| self.serving.contains(&s.as_str())) => {
                    Outcome::Matched
                }
                Field::Scope => Outcome::Unmatched,
            });
        }
        Fit {
            fields,
            gone: net.status != Status::Active,
        }
    }

    /// How well a network fits the profile.
    pub fn network(&self, net: &Network) -> Fit {
        self.assess(net, &net.career_stages)
    }

    /// How well an opportunity fits: its own career stages (or its
    /// network's when it states none) and its network's other fields.
    pub fn opportunity(&self, net: &Network, opp: &Opportunity) -> Fit {
        self.assess(net, net.stages_of(opp).ids)
    }
}

/// How well a network fits the profile (see [`Rule`] for many at once).
pub fn network(vocab: &Vocabulary, profile: &Profile, net: &Network) -> Fit {
    Rule::new(vocab, profile).network(net)
}

/// How well an opportunity fits (see [`Rule`] for many at once).
pub fn opportunity(vocab: &Vocabulary, profile: &Profile, net: &Network, opp: &Opportunity) -> Fit {
    Rule::new(vocab, profile).opportunity(net, opp)
}

/// Put equally good search results in order of fit, best first. The sort
/// is stable, so results that also fit equally keep the order they had
/// (name order). This runs after the search has ranked its hits.
pub fn tie_break(hits: &mut [Hit], rank: impl Fn(u32) -> u16) {
    hits.sort_by_cached_key(|h| (std::cmp::Reverse(h.score), std::cmp::Reverse(rank(h.doc))));
}
