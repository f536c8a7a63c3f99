//! One `[[network]]`: its fields, its opportunities, cost and provenance.

use super::fields::Tbl;
use super::{
    COST_FIELDS, NETWORK_FIELDS, OPPORTUNITY_FIELDS, PROVENANCE_FIELDS, Reference, Reporter, limits,
};
use crate::catalogue::model::{
    Cost, Network, Opportunity, OpportunityStatus, Provenance, Status, VocabKind,
};
use crate::text::links::check_url;
use crate::text::sanitize::{self, Lines};
use crate::text::suggest::did_you_mean;

/// Read one network: its id (when valid) and the network (when it has no error).
pub(super) fn parse_network(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> (Option<String>, Option<Network>) {
    let id = t.network_id(rep, "id");
    let network = network_fields(rep, t, refs, id.clone());
    (id, network)
}

fn network_fields(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
    id: Option<String>,
) -> Option<Network> {
    let t = &t.renamed(|| match &id {
        Some(id) => format!("network[{id}]"),
        None => "network".to_string(),
    });
    t.check_keys(rep, NETWORK_FIELDS);
    let name = t.req_str(rep, "name", limits::NAME);
    let short_name = t.opt_str(rep, "short_name", limits::SHORT_NAME, Lines::One);
    let kind = t.vocab_ref(rep, "kind", VocabKind::Kind, true, refs);
    let status = network_status(rep, t);
    let successor = successor(rep, t, refs);
    let ended = ended(rep, t, status);
    let summary = t.req_str(rep, "summary", limits::SUMMARY);
    let description = t.opt_str(rep, "description", limits::LONG_TEXT, Lines::Many);
    let website = t.opt_url(rep, "website");
    let how_to_join = t.opt_str(rep, "how_to_join", limits::MEDIUM_TEXT, Lines::Many);
    let join_url = t.opt_url(rep, "join_url");
    let scope = t.vocab_list(rep, "scope", VocabKind::Scope, refs);
    let sectors = t.vocab_list(rep, "sectors", VocabKind::Sector, refs);
    let professions = t.vocab_list(rep, "professions", VocabKind::Profession, refs);
    let career_stages = t.vocab_list(rep, "career_stages", VocabKind::CareerStage, refs);
    let formats = t.vocab_list(rep, "formats", VocabKind::Format, refs);
    let policy_engagement = t.opt_str(rep, "policy_engagement", limits::MEDIUM_TEXT, Lines::Many);
    let tags = tags(rep, t);
    let cost = t.table(rep, "cost").and_then(|c| parse_cost(rep, &c));
    let opportunities = opportunities(rep, t, refs);
    let provenance = t.table(rep, "provenance").map(|p| provenance(rep, &p));
    Some(Network {
        id: id?,
        name: name?,
        short_name,
        kind: kind?,
        status: status?,
        successor,
        ended,
        summary: summary?,
        description,
        website: website?,
        how_to_join,
        join_url: join_url?,
        scope: scope?,
        sectors: sectors?,
        professions: professions?,
        career_stages: career_stages?,
        formats: formats?,
        policy_engagement,
        tags,
        cost,
        opportunities,
        provenance,
        local: false,
    })
}

/// A network's status (active when not given).
fn network_status(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>) -> Option<Status> {
    match t.opt_str(rep, "status", limits::ID, Lines::One) {
        None => Some(Status::Active),
        Some(s) => match Status::from_id(&s) {
            Some(st) => Some(st),
            None => {
                let v = t.get("status").map(|v| t.loc_of(v)).unwrap_or(t.loc());
                let hint = did_you_mean(&s, Status::ALL.iter().map(|s| s.id()))
                    .map(|m| format!("; did you mean `{m}`?"))
                    .unwrap_or_default();
                rep.at(
                    v,
                    &t.field("status"),
                    format!("`{s}` is not a status (active, merged, closed){hint}"),
                );
                None
            }
        },
    }
}

/// The network that took a merged or closed one's place: an id, checked
/// once every file is read.
fn successor(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>, refs: &mut Vec<Reference>) -> Option<String> {
    let successor = t.opt_str(rep, "successor", limits::ID, Lines::One);
    if let (Some(s), Some(v)) = (&successor, t.get("successor")) {
        refs.push(Reference {
            kind: None,
            value: s.clone(),
            field: t.field("successor"),
            loc: t.loc_of(v),
        });
    }
    successor
}

/// The year a merged or closed network ended.
fn ended(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>, status: Option<Status>) -> Option<i64> {
    let ended = t.opt_int(rep, "ended");
    if let (Some(y), Some(v)) = (ended, t.get("ended")) {
        if !(1900..=2200).contains(&y) {
            rep.at(
                t.loc_of(v),
                &t.field("ended"),
                format!("`{y}` is not a year"),
            );
        } else if status == Some(Status::Active) {
            rep.at(
                t.loc_of(v),
                &t.field("ended"),
                "only a merged or closed network has ended; set `status` too",
            );
        }
    }
    ended
}

/// The tags, lower-cased.
fn tags(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>) -> Vec<String> {
    // Lower-case before the cap: lower-casing may lengthen text (U+0130).
    t.strings(rep, "tags", limits::TAG)
        .into_iter()
        .map(|s| {
            // Already lower-case printable ASCII within the cap (as most
            // are): lower-casing and sanitising again would give it back.
            if s.len() <= limits::TAG
                && s.bytes()
                    .all(|b| (0x20..0x7f).contains(&b) && !b.is_ascii_uppercase())
            {
                s
            } else {
                sanitize::line(&s.to_lowercase(), limits::TAG)
            }
        })
        .collect()
}

/// A network's `[[network.opportunity]]`s that have no error.
fn opportunities(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> Vec<Opportunity> {
    let tables = t.array_of_tables(rep, "opportunity");
    let mut opportunities = Vec::with_capacity(tables.len());
    for (i, o) in tables.into_iter().enumerate() {
        let o = o.renamed(|| format!("{}.opportunity[{}]", t.path, i + 1));
        if let Some(o) = parse_opportunity(rep, &o, refs) {
            opportunities.push(o);
        }
    }
    opportunities
}

/// `[network.provenance]`: where the entry comes from; every source a link.
fn provenance(rep: &mut Reporter<'_>, p: &Tbl<'_, '_>) -> Provenance {
    p.check_keys(rep, PROVENANCE_FIELDS);
    let list = p.str_list(rep, "sources", limits::MEDIUM_TEXT);
    let mut sources = Vec::with_capacity(list.len());
    for (s, loc) in list {
        match check_url(&s) {
            Ok(u) => sources.push(u),
            Err(e) => rep.at(loc, &p.field("sources"), e),
        }
    }
    Provenance {
        sources,
        as_of: p.opt_int(rep, "as_of"),
        uncertain: p.strings(rep, "uncertain", limits::NOTE),
    }
}

fn parse_cost(rep: &mut Reporter<'_>, c: &Tbl<'_, '_>) -> Option<Cost> {
    c.check_keys(rep, COST_FIELDS);
    let amount_gbp = c.opt_float(rep, "amount_gbp");
    if let (Some(a), Some(v)) = (amount_gbp, c.get("amount_gbp"))
        && !(0.0..=1_000_000.0).contains(&a)
    {
        rep.at(
            c.loc_of(v),
            &c.field("amount_gbp"),
            "the amount must be between 0 and 1,000,000",
        );
    }
    Some(Cost {
        free: c.opt_bool(rep, "free"),
        amount_gbp,
        year: c.opt_int(rep, "year"),
        note: c.opt_str(rep, "note", limits::NOTE, Lines::One),
    })
}

fn parse_opportunity(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> Option<Opportunity> {
    t.check_keys(rep, OPPORTUNITY_FIELDS);
    let title = t.req_str(rep, "title", limits::TITLE);
    let kind = t.vocab_ref(rep, "type", VocabKind::OpportunityType, true, refs);
    let status = match t.opt_str(rep, "status", limits::ID, Lines::One).as_deref() {
        None | Some("current") => Some(OpportunityStatus::Current),
        Some("historical") => Some(OpportunityStatus::Historical),
        Some(other) => {
            let loc = t.get("status").map(|v| t.loc_of(v)).unwrap_or(t.loc());
            rep.at(
                loc,
                &t.field("status"),
                format!("`{other}` is not an opportunity status (current, historical)"),
            );
            None
        }
    };
    Some(Opportunity {
        title: title?,
        kind: kind?,
        summary: t.opt_str(rep, "summary", limits::MEDIUM_TEXT, Lines::Many),
        url: t.opt_url(rep, "url")?,
        formats: t.vocab_list(rep, "formats", VocabKind::Format, refs)?,
        career_stages: t.vocab_list(rep, "career_stages", VocabKind::CareerStage, refs)?,
        duration: t.opt_str(rep, "duration", limits::SHORT_TEXT, Lines::One),
        eligibility: t.opt_str(rep, "eligibility", limits::NOTE, Lines::One),
        when: t.opt_str(rep, "when", limits::SHORT_TEXT, Lines::One),
        status: status?,
        cost: t.table(rep, "cost").and_then(|c| parse_cost(rep, &c)),
    })
}
