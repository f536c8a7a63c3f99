//! The fit in words: the reasons behind the score, for the detail,
//! `recommend` and JSON.

use serde::Serialize;

use super::{Fit, Outcome, network, opportunity, place};
use crate::catalogue::{CostClass, Network, Opportunity, Status, VocabKind, Vocabulary};
use crate::profile::{Field, Profile, in_sentence};

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
                r.fits
                    .push(matched_reason(vocab, net, f, &wanted, &have, inherited));
            }
            Outcome::Unmatched => {
                unmatched.push(f);
                r.may_not_fit.push(unmatched_reason(vocab, f, &have));
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

/// The reason a matched field fits: "for data and analytics", "early
/// career (as its network)", "Wales (UK-wide)".
fn matched_reason(
    vocab: &Vocabulary,
    net: &Network,
    f: Field,
    wanted: &[&str],
    have: &[&str],
    inherited: bool,
) -> String {
    let both: Vec<&str> = wanted
        .iter()
        .copied()
        .filter(|w| have.contains(w))
        .collect();
    match f {
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
    }
}

/// The reason a field that does not match may not fit: "senior leader only".
fn unmatched_reason(vocab: &Vocabulary, f: Field, have: &[&str]) -> String {
    let plural = match f {
        Field::Profession => "professions",
        Field::Stage => "career stages",
        Field::Scope => "places",
        Field::Sector => "sectors",
    };
    let only = labels(vocab, f.vocab(), have, plural);
    match f {
        Field::Profession | Field::Sector if have.len() > 3 => format!("for {only}"),
        Field::Profession => format!("for {only} only"),
        Field::Sector => format!("in {only} only"),
        _ => format!("{only} only"),
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
