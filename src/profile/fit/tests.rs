//! Tests of the fit rule and its reasons.

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
