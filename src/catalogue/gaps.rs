//! What a reader would miss: for the people who keep the catalogue, each
//! network's gaps (no website or join page, cost not known, old facts,
//! opportunities with no link or no career stage) and the totals.

use super::model::{Catalogue, CostClass, LinkKind, Network, Status};

/// Facts older than this many years before the catalogue's `updated` year
/// are old.
pub const STALE_YEARS: i64 = 3;

/// The gaps of one network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkGaps<'a> {
    pub id: &'a str,
    /// Neither `website` nor `join_url`: only a source page (or nothing) to open.
    pub no_website: bool,
    /// An active network whose cost to join is not known.
    pub cost_unknown: bool,
    /// `provenance.as_of` when it is more than `STALE_YEARS` before the
    /// catalogue's year; `Some(None)` when the facts carry no year at all.
    pub old_facts: Option<Option<i64>>,
    /// Opportunities with no link of their own.
    pub opportunities_without_link: usize,
    /// Opportunities with no career stage, after taking their network's.
    pub opportunities_without_stage: usize,
    pub opportunities: usize,
}

impl NetworkGaps<'_> {
    pub fn is_empty(&self) -> bool {
        !self.no_website
            && !self.cost_unknown
            && self.old_facts.is_none()
            && self.opportunities_without_link == 0
            && self.opportunities_without_stage == 0
    }
}

/// The gaps of a whole catalogue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gaps<'a> {
    /// The year facts are measured against (the catalogue's `updated`), if any.
    pub year: Option<i64>,
    /// Every network, in catalogue order (those with no gaps included).
    pub networks: Vec<NetworkGaps<'a>>,
}

/// Totals over the networks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub networks: usize,
    pub with_gaps: usize,
    pub no_website: usize,
    pub cost_unknown: usize,
    pub old_facts: usize,
    pub opportunities: usize,
    pub opportunities_without_link: usize,
    pub opportunities_without_stage: usize,
}

/// The year of a TOML date such as `2026-11-24`.
fn year_of(date: &str) -> Option<i64> {
    date.get(..4)?.parse().ok()
}

/// Work out what each network of `cat` leaves a reader without.
pub fn gaps(cat: &Catalogue) -> Gaps<'_> {
    let year = cat.info.updated.as_deref().and_then(year_of);
    let networks = cat.networks.held().map(|n| network_gaps(n, year)).collect();
    Gaps { year, networks }
}

fn network_gaps(n: &Network, year: Option<i64>) -> NetworkGaps<'_> {
    let as_of = n.provenance.as_ref().and_then(|p| p.as_of);
    let old_facts = match (year, as_of) {
        (Some(y), Some(a)) if y - a > STALE_YEARS => Some(Some(a)),
        (_, None) => Some(None),
        _ => None,
    };
    NetworkGaps {
        id: &n.id,
        no_website: n.link().is_none_or(|l| l.kind == LinkKind::Source),
        cost_unknown: n.status == Status::Active
            && CostClass::of(n.cost.as_ref()) == CostClass::Unknown,
        old_facts,
        opportunities_without_link: n.opportunities.iter().filter(|o| o.url.is_none()).count(),
        opportunities_without_stage: n
            .opportunities
            .iter()
            .filter(|o| n.stages_of(o).ids.is_empty())
            .count(),
        opportunities: n.opportunities.len(),
    }
}

impl Gaps<'_> {
    pub fn totals(&self) -> Totals {
        let mut t = Totals {
            networks: self.networks.len(),
            ..Totals::default()
        };
        for g in &self.networks {
            t.with_gaps += usize::from(!g.is_empty());
            t.no_website += usize::from(g.no_website);
            t.cost_unknown += usize::from(g.cost_unknown);
            t.old_facts += usize::from(g.old_facts.is_some());
            t.opportunities += g.opportunities;
            t.opportunities_without_link += g.opportunities_without_link;
            t.opportunities_without_stage += g.opportunities_without_stage;
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{SourceFile, from_files};

    const TEXT: &str = r#"[catalogue]
name = "Gaps"
format = 1
updated = 2026-05-01

[[vocabulary.kind]]
id = "network"
label = "Network"

[[vocabulary.career_stage]]
id = "early"
label = "Early"

[[vocabulary.opportunity_type]]
id = "course"
label = "Course"

[[network]]
id = "complete"
name = "Complete"
kind = "network"
summary = "S"
website = "https://example.org/"
career_stages = ["early"]
cost = { free = true }
[[network.opportunity]]
title = "Linked, inherits a stage"
type = "course"
url = "https://example.org/course"
[network.provenance]
sources = ["https://example.org/"]
as_of = 2023

[[network]]
id = "sparse"
name = "Sparse"
kind = "network"
summary = "S"
[[network.opportunity]]
title = "No link, no stage"
type = "course"
[[network.opportunity]]
title = "Stage, no link"
type = "course"
career_stages = ["early"]
[network.provenance]
sources = ["https://example.org/sparse"]
as_of = 2022

[[network]]
id = "gone"
name = "Gone"
kind = "network"
status = "closed"
summary = "S"
join_url = "https://example.org/join"
"#;

    fn cat() -> Catalogue {
        let f = SourceFile {
            name: "g.toml".into(),
            text: TEXT.into(),
        };
        from_files(vec![f], Vec::new()).unwrap_or_else(|e| panic!("loads: {e}"))
    }

    #[test]
    fn each_gap_is_found_and_totalled() {
        let cat = cat();
        let g = gaps(&cat);
        assert_eq!(g.year, Some(2026));
        let [complete, sparse, gone] = &g.networks[..] else {
            panic!("three networks: {g:?}");
        };
        assert!(complete.is_empty(), "{complete:?}");
        assert!(sparse.no_website, "only a source page");
        assert!(sparse.cost_unknown);
        assert_eq!(sparse.old_facts, Some(Some(2022)), "2026 - 2022 > 3");
        assert_eq!(sparse.opportunities_without_link, 2);
        assert_eq!(sparse.opportunities_without_stage, 1);
        assert!(!gone.no_website, "a join page is enough");
        assert!(!gone.cost_unknown, "cost does not matter once closed");
        assert_eq!(gone.old_facts, Some(None), "no year for its facts");
        let t = g.totals();
        assert_eq!(
            t,
            Totals {
                networks: 3,
                with_gaps: 2,
                no_website: 1,
                cost_unknown: 1,
                old_facts: 2,
                opportunities: 3,
                opportunities_without_link: 2,
                opportunities_without_stage: 1,
            }
        );
    }
}
