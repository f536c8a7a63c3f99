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

use serde::Serialize;

use super::{Field, Profile, in_sentence};
use crate::catalogue::places::PlaceMatch;
use crate::catalogue::{CostClass, Network, Opportunity, Status, VocabKind, Vocabulary};
use crate::query::Hit;

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
fn place<'a>(vocab: &'a Vocabulary, scopes: &[String], place: &'a str) -> Option<Option<&'a str>> {
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

/// The fit in words, for the detail, `recommend` and JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Matched fields count 1, fields not stated 0.5.
    pub score: f32,
    /// The best score possible: one per stated profile field.
    pub max: u8,
    /// One symbol per stated field: `●` matched, `◐` not stated, `○` not matched.
    pub marks: String,
    /// Whether nothing the profile states is contradicted (what `--for-me` keeps).
    pub fits: bool,
    pub matched: Vec<Field>,
    pub unmatched: Vec<Field>,
    pub unknown: Vec<Field>,
    pub reasons: Reasons,
}

/// The sentences behind the score.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Reasons {
    /// "for data and analytics", "early career", "Wales (UK-wide)".
    pub fits: Vec<String>,
    /// "senior leader only", "sector not stated", "membership cost not known".
    pub may_not_fit: Vec<String>,
}

/// Labels of `ids` as they read in a sentence, joined with commas; past
/// three, the count.
fn labels(vocab: &Vocabulary, kind: VocabKind, ids: &[&str], plural: &str) -> String {
    if ids.len() > 3 {
        return format!("{} other {plural}", ids.len());
    }
    let words: Vec<String> = ids
        .iter()
        .map(|id| {
            let l = vocab.label(kind, id);
            if kind == VocabKind::Scope {
                l.to_string()
            } else {
                in_sentence(l)
            }
        })
        .collect();
    words.join(", ")
}

fn report(
    vocab: &Vocabulary,
    profile: &Profile,
    net: &Network,
    fit: Fit,
    stages: &[String],
    inherited: bool,
    cost: (Option<&crate::catalogue::Cost>, &str),
) -> Report {
    let mut r = Reasons::default();
    let (mut matched, mut unmatched, mut unknown) = (Vec::new(), Vec::new(), Vec::new());
    for f in Field::ALL {
        let Some(outcome) = fit.outcome(f) else {
            continue;
        };
        let have: Vec<&str> = match f {
            Field::Profession => net.professions.iter().map(String::as_str).collect(),
            Field::Stage => stages.iter().map(String::as_str).collect(),
            Field::Scope => net.scope.iter().map(String::as_str).collect(),
            Field::Sector => net.sectors.iter().map(String::as_str).collect(),
        };
        let wanted = profile.values(f);
        match outcome {
            Outcome::Matched => {
                matched.push(f);
                let both: Vec<&str> = wanted
                    .iter()
                    .copied()
                    .filter(|w| have.contains(w))
                    .collect();
                r.fits.push(match f {
                    Field::Profession => {
                        format!("for {}", labels(vocab, f.vocab(), &both, "professions"))
                    }
                    Field::Sector => {
                        format!("in {}", labels(vocab, f.vocab(), &both, "sectors"))
                    }
                    Field::Stage => {
                        let s = labels(vocab, f.vocab(), &both, "stages");
                        if inherited {
                            format!("{s} (as its network)")
                        } else {
                            s
                        }
                    }
                    Field::Scope => {
                        let p = wanted.first().copied().unwrap_or_default();
                        match place(vocab, &net.scope, p).flatten() {
                            Some(via) => format!(
                                "{} ({})",
                                vocab.label(VocabKind::Scope, p),
                                vocab.label(VocabKind::Scope, via)
                            ),
                            None => vocab.label(VocabKind::Scope, p).to_string(),
                        }
                    }
                });
            }
            Outcome::Unmatched => {
                unmatched.push(f);
                let plural = match f {
                    Field::Profession => "professions",
                    Field::Stage => "career stages",
                    Field::Scope => "places",
                    Field::Sector => "sectors",
                };
                let only = labels(vocab, f.vocab(), &have, plural);
                r.may_not_fit.push(match f {
                    Field::Profession | Field::Sector if have.len() > 3 => format!("for {only}"),
                    Field::Profession => format!("for {only} only"),
                    Field::Sector => format!("in {only} only"),
                    _ => format!("{only} only"),
                });
            }
            Outcome::Unknown => {
                unknown.push(f);
                r.may_not_fit.push(format!("{} not stated", f.label()));
            }
        }
    }
    match net.status {
        Status::Active => {}
        Status::Closed => r.may_not_fit.insert(0, "closed".to_string()),
        Status::Merged => r.may_not_fit.insert(
            0,
            match net.successor.as_deref() {
                Some(s) => format!("merged into {s}"),
                None => "merged".to_string(),
            },
        ),
    }
    let (cost, what) = cost;
    match CostClass::of(cost) {
        CostClass::Free => {}
        CostClass::Unknown => r.may_not_fit.push(format!("{what} not known")),
        CostClass::Paid => {
            // The amount without the cost's note (the detail shows the note).
            let bare = cost.map(|c| crate::catalogue::Cost {
                note: None,
                ..c.clone()
            });
            r.may_not_fit.push(format!(
                "{what}: {}",
                in_sentence(&crate::catalogue::Cost::describe(bare.as_ref()))
            ));
        }
    }
    Report {
        score: fit.score(),
        max: fit.max(),
        marks: fit.marks(),
        fits: fit.fits(),
        matched,
        unmatched,
        unknown,
        reasons: r,
    }
}

/// Why a network fits the profile, and what may not fit.
pub fn explain_network(vocab: &Vocabulary, profile: &Profile, net: &Network) -> Report {
    let fit = network(vocab, profile, net);
    report(
        vocab,
        profile,
        net,
        fit,
        &net.career_stages,
        false,
        (net.cost.as_ref(), "membership cost"),
    )
}

/// Why an opportunity fits the profile, and what may not fit.
pub fn explain_opportunity(
    vocab: &Vocabulary,
    profile: &Profile,
    net: &Network,
    opp: &Opportunity,
) -> Report {
    let fit = opportunity(vocab, profile, net, opp);
    let stages = net.stages_of(opp);
    report(
        vocab,
        profile,
        net,
        fit,
        stages.ids,
        stages.inherited,
        (opp.cost.as_ref(), "cost"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{Catalogue, SourceFile, from_files};

    const CATALOGUE: &str = r#"
[catalogue]
name = "Test"
format = 1

[[vocabulary.kind]]
id = "network"
label = "Network"

[[vocabulary.scope]]
id = "uk-wide"
label = "UK-wide"
[[vocabulary.scope]]
id = "england"
label = "England"
within = "uk-wide"
[[vocabulary.scope]]
id = "wales"
label = "Wales"
within = "uk-wide"
[[vocabulary.scope]]
id = "region:london"
label = "London (region)"
within = "england"
[[vocabulary.scope]]
id = "international"
label = "International"

[[vocabulary.career_stage]]
id = "entry-student"
label = "Entry level or student"
[[vocabulary.career_stage]]
id = "early-career"
label = "Early career"
[[vocabulary.career_stage]]
id = "senior-leader"
label = "Senior leader"

[[vocabulary.profession]]
id = "data-analytics"
label = "Data and analytics"
[[vocabulary.profession]]
id = "medical"
label = "Doctors"

[[vocabulary.sector]]
id = "primary-care"
label = "Primary care"

[[vocabulary.opportunity_type]]
id = "course"
label = "Course"

[[network]]
id = "uk"
name = "UK analysts"
kind = "network"
summary = "S"
scope = ["uk-wide"]
professions = ["data-analytics"]
career_stages = ["early-career"]
cost = { free = true }
[[network.opportunity]]
title = "Inherits"
type = "course"
summary = "S"
[[network.opportunity]]
title = "Seniors"
type = "course"
summary = "S"
career_stages = ["senior-leader"]

[[network]]
id = "welsh-doctors"
name = "Welsh doctors"
kind = "network"
summary = "S"
scope = ["wales"]
professions = ["medical"]
career_stages = ["senior-leader"]

[[network]]
id = "london"
name = "London"
kind = "network"
summary = "S"
scope = ["region:london"]

[[network]]
id = "england"
name = "England"
kind = "network"
summary = "S"
scope = ["england"]

[[network]]
id = "world"
name = "World"
kind = "network"
summary = "S"
scope = ["international"]

[[network]]
id = "gone"
name = "Gone"
kind = "network"
summary = "S"
status = "closed"
scope = ["uk-wide"]
professions = ["data-analytics"]
career_stages = ["early-career"]
"#;

    fn cat() -> Catalogue {
        from_files(
            vec![SourceFile {
                name: "c.toml".into(),
                text: CATALOGUE.into(),
            }],
            Vec::new(),
        )
        .expect("the test catalogue loads")
    }

    fn net<'a>(c: &'a Catalogue, id: &str) -> &'a Network {
        c.network(id).expect("network")
    }

    fn at(place: &str) -> Profile {
        Profile {
            scope: Some(place.into()),
            ..Profile::default()
        }
    }

    #[test]
    fn places_nest_a_uk_wide_network_fits_wales_and_london() {
        let c = cat();
        let v = &c.vocab;
        let uk = net(&c, "uk");
        for place in ["wales", "england", "region:london", "uk-wide"] {
            assert_eq!(
                network(v, &at(place), uk).outcome(Field::Scope),
                Some(Outcome::Matched),
                "{place}"
            );
        }
        let r = explain_network(v, &at("wales"), uk);
        assert_eq!(r.reasons.fits, ["Wales (UK-wide)"]);
        // A region is served by its nation; a nation is not served by a region.
        let london = at("region:london");
        assert!(network(v, &london, net(&c, "england")).fits());
        let r = explain_network(v, &london, net(&c, "england"));
        assert_eq!(r.reasons.fits, ["London (region) (England)"]);
        assert!(!network(v, &at("england"), net(&c, "london")).fits());
        assert!(!network(v, &at("wales"), net(&c, "england")).fits());
        // International stands apart.
        assert!(!network(v, &at("wales"), net(&c, "world")).fits());
        assert!(!network(v, &at("international"), uk).fits());
        assert!(network(v, &at("international"), net(&c, "world")).fits());
        let r = explain_network(v, &at("wales"), net(&c, "world"));
        assert_eq!(r.unmatched, [Field::Scope]);
        assert_eq!(r.reasons.may_not_fit[0], "International only");
    }

    #[test]
    fn an_opportunity_without_stages_has_its_networks() {
        let c = cat();
        let v = &c.vocab;
        let uk = net(&c, "uk");
        let early = Profile {
            stage: Some("early-career".into()),
            ..Profile::default()
        };
        let inherits = &uk.opportunities[0];
        let seniors = &uk.opportunities[1];
        assert_eq!(
            opportunity(v, &early, uk, inherits).outcome(Field::Stage),
            Some(Outcome::Matched)
        );
        assert_eq!(
            opportunity(v, &early, uk, seniors).outcome(Field::Stage),
            Some(Outcome::Unmatched)
        );
        let r = explain_opportunity(v, &early, uk, inherits);
        assert_eq!(r.reasons.fits, ["early career (as its network)"]);
        let r = explain_opportunity(v, &early, uk, seniors);
        assert_eq!(
            r.reasons.may_not_fit,
            ["senior leader only", "cost not known"]
        );
    }

    #[test]
    fn what_is_not_stated_counts_half_and_still_fits() {
        let c = cat();
        let v = &c.vocab;
        let p = Profile {
            professions: vec!["data-analytics".into()],
            stage: Some("early-career".into()),
            scope: Some("wales".into()),
            sectors: vec!["primary-care".into()],
        };
        let uk = network(v, &p, net(&c, "uk"));
        assert_eq!(uk.marks(), "●●●◐");
        assert_eq!(uk.halves(), 7);
        assert_eq!(uk.score(), 3.5);
        assert_eq!(uk.max(), 4);
        assert!(uk.fits());
        let r = explain_network(v, &p, net(&c, "uk"));
        assert_eq!(r.unknown, [Field::Sector]);
        assert_eq!(
            r.reasons.fits,
            ["for data and analytics", "early career", "Wales (UK-wide)"]
        );
        assert_eq!(r.reasons.may_not_fit, ["sector not stated"]);
        // A network that states nothing is all unknown: it fits, but less.
        let london = network(v, &p, net(&c, "london"));
        assert_eq!(london.marks(), "◐◐○◐");
        assert!(!london.fits());
        let doctors = network(v, &p, net(&c, "welsh-doctors"));
        assert_eq!(doctors.marks(), "○○●◐");
        assert!(uk.rank() > doctors.rank());
        // Only the stated fields are marked.
        assert_eq!(network(v, &at("wales"), net(&c, "uk")).marks(), "●");
        assert!(network(v, &Profile::default(), net(&c, "uk")).fits());
    }

    #[test]
    fn closed_networks_never_fit_and_rank_after_open_ones() {
        let c = cat();
        let v = &c.vocab;
        let p = Profile {
            professions: vec!["data-analytics".into()],
            stage: Some("early-career".into()),
            ..Profile::default()
        };
        let gone = network(v, &p, net(&c, "gone"));
        assert_eq!(gone.marks(), "●●");
        assert!(!gone.fits());
        let weak = network(v, &p, net(&c, "london"));
        assert_eq!(weak.marks(), "◐◐");
        assert!(weak.rank() > gone.rank());
        let r = explain_network(v, &p, net(&c, "gone"));
        assert_eq!(r.reasons.may_not_fit[0], "closed");
    }

    #[test]
    fn fit_breaks_ties_between_equal_search_scores_only() {
        let mut hits = vec![
            Hit { doc: 0, score: 5 },
            Hit { doc: 1, score: 9 },
            Hit { doc: 2, score: 5 },
            Hit { doc: 3, score: 5 },
        ];
        let fit = [1u16, 0, 3, 1];
        tie_break(&mut hits, |d| fit[d as usize]);
        let docs: Vec<u32> = hits.iter().map(|h| h.doc).collect();
        assert_eq!(docs, [1, 2, 0, 3]);
    }
}
