//! The catalogue on the command line: `search`, `opportunities` and `show`.

use std::borrow::Cow;
use std::io::Write;

use serde::Serialize;

use super::bookmarks::bookmarks_ids;
use super::facet_value;
use super::{Failure, JsonSeq, OpportunityArgs, SearchArgs, find_network, write_json};
use crate::catalogue::{self, Catalogue, NetRef, Network, Opportunity};
use crate::profile::{Profile, fit};
use crate::query::{DocRef, Filters, Index, Outcome, Query};
use crate::report;

/// `show`: one network in full, as text or JSON.
pub(super) fn show(
    cat: &Catalogue,
    id: &str,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let n = find_network(cat, id)?;
    if json {
        write_json(out, &NetworkInFull::of(cat, n))?;
    } else {
        write!(out, "{}", report::network_text(cat, n))?;
    }
    Ok(())
}

/// What `show --json` prints: the network as the catalogue has it, the link
/// `o` would open (with what kind of page it is), and the networks it
/// replaced (from their `successor`).
#[derive(Serialize)]
struct NetworkInFull<'a> {
    #[serde(flatten)]
    network: &'a Network,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<LinkOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    formerly: Vec<Predecessor<'a>>,
}

/// A network's link in JSON: `{"url", "kind", "label"}`, kind one of
/// `website`, `join`, `source`.
#[derive(Serialize)]
struct LinkOut<'a> {
    url: &'a str,
    kind: catalogue::LinkKind,
    label: &'static str,
}

#[derive(Serialize)]
struct Predecessor<'a> {
    id: &'a str,
    name: &'a str,
    status: catalogue::Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    ended: Option<i64>,
}

impl<'a> NetworkInFull<'a> {
    fn of(cat: &'a Catalogue, n: &'a Network) -> Self {
        NetworkInFull {
            network: n,
            link: n.link().map(|l| LinkOut {
                url: l.url,
                kind: l.kind,
                label: l.label(),
            }),
            formerly: cat
                .predecessors(&n.id)
                .map(|p| Predecessor {
                    id: &p.id,
                    name: &p.name,
                    status: p.status,
                    ended: p.ended,
                })
                .collect(),
        }
    }
}

/// Turn `--facet ID` options (ids already resolved by
/// `facet_value::resolve`) into filters. `None` when nothing can match:
/// only `not_stated` was asked of a facet that no record of this catalogue
/// leaves empty.
fn filters_from(index: &Index, wanted: &[(&str, &[String])]) -> Option<Filters> {
    let mut filters = Filters::new(index);
    let mut impossible = false;
    for (key, ids) in wanted {
        let Some((f, facet)) = index.facet(key) else {
            continue;
        };
        let mut any = false;
        for v in ids.iter().filter_map(|id| facet.position(id)) {
            any = true;
            filters.set(f, v, true);
        }
        impossible |= !ids.is_empty() && !any;
    }
    (!impossible).then_some(filters)
}

/// What a `search` or `opportunities` command asked for.
struct Asked<'a> {
    words: &'a [String],
    /// `--facet ID` options, by facet key.
    facets: &'a [(&'a str, &'a [String])],
    free: bool,
    bookmarked: bool,
}

impl Asked<'_> {
    /// Run the query words with the facet filters (and `--free`) over the
    /// documents of an index that `allow` lets through; with `rank` (the fit
    /// to a profile), the better fit first among hits of one score.
    fn run(
        &self,
        index: &Index,
        allow: &(dyn Fn(usize) -> bool + Sync),
        rank: Option<&dyn Fn(u32) -> u16>,
    ) -> Result<Outcome, Failure> {
        let free = if self.free {
            vec!["free".to_string()]
        } else {
            Vec::new()
        };
        let mut wanted = self.facets.to_vec();
        wanted.push(("cost", &free));
        let Some(filters) = filters_from(index, &wanted) else {
            return Ok(Outcome::default());
        };
        let query = Query::parse(&self.words.join(" "));
        let mut outcome = index.search(&query, &filters, Some(allow));
        note_partial(&outcome);
        if let Some(rank) = rank {
            fit::tie_break(&mut outcome.hits, rank);
        }
        Ok(outcome)
    }

    /// The one line on stderr when nothing matches (stdout stays empty, or
    /// `[]` with `--json`): `no networks match "data" --scope wales --free`.
    fn say_none_match(&self, what: &str) {
        let mut parts = Vec::new();
        if !self.words.is_empty() {
            parts.push(format!("\"{}\"", self.words.join(" ")));
        }
        for (key, ids) in self.facets {
            for id in ids.iter() {
                parts.push(format!("--{key} {id}"));
            }
        }
        if self.free {
            parts.push("--free".into());
        }
        if self.bookmarked {
            parts.push("--bookmarked".into());
        }
        let line = if parts.is_empty() {
            format!("no {what} in the catalogue")
        } else {
            format!("no {what} match {}", parts.join(" "))
        };
        let _ = writeln!(
            std::io::stderr(),
            "{}",
            crate::text::sanitize::line(&line, 300)
        );
    }
}

/// On stderr (stdout stays one result a line): where the partial matches
/// start, and the words that matched nothing.
fn note_partial(outcome: &Outcome) {
    let mut notes = Vec::new();
    if let Some(d) = outcome.divider() {
        notes.push(if outcome.full == 0 {
            format!("no result matches every word; these are {d}")
        } else {
            format!("after the first {}: {d}", outcome.full)
        });
    }
    // With no result, the "no networks match" line names the query; the
    // words are named too when that says more (which of several words, or
    // a word it may have meant).
    let says_more = !outcome.hits.is_empty()
        || outcome.words > 1
        || outcome.unmatched.iter().any(|(_, s)| s.is_some());
    if says_more {
        notes.extend(outcome.unmatched_note());
    }
    for n in notes {
        let n = crate::text::sanitize::line(&n, 300);
        let _ = writeln!(std::io::stderr(), "note: {n}");
    }
}

pub(super) fn search(
    cat: &Catalogue,
    index: &Index,
    args: &SearchArgs,
    profile: Option<&Profile>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let fits: Vec<fit::Fit> = match profile {
        Some(p) => {
            let rule = fit::Rule::new(&cat.vocab, p);
            cat.networks.iter().map(|n| rule.network(&n)).collect()
        }
        None => Vec::new(),
    };
    let bookmarked: Option<std::collections::HashSet<String>> = if args.bookmarked {
        Some(bookmarks_ids()?)
    } else {
        None
    };
    let allow = |i: usize| {
        bookmarked
            .as_ref()
            .is_none_or(|b| cat.networks.with(i, |n| b.contains(&n.id)).unwrap_or(false))
            && (profile.is_none() || fits.get(i).is_some_and(fit::Fit::fits))
    };
    let ids =
        |key: &str, given: &[String]| facet_value::resolve_in(index, &cat.aliases, key, given);
    let scope = ids("scope", &args.scope)?;
    let (sector, profession) = (
        ids("sector", &args.sector)?,
        ids("profession", &args.profession)?,
    );
    let (stage, kind) = (ids("stage", &args.stage)?, ids("kind", &args.kind)?);
    let status = ids("status", &args.status)?;
    let facets: [(&str, &[String]); 6] = [
        ("sector", &sector),
        ("profession", &profession),
        ("stage", &stage),
        ("scope", &scope),
        ("kind", &kind),
        ("status", &status),
    ];
    let asked = Asked {
        words: &args.query,
        facets: &facets,
        free: args.free,
        bookmarked: args.bookmarked,
    };
    let rank = |d: u32| fits.get(d as usize).map_or(0, fit::Fit::rank);
    let outcome = asked.run(index, &allow, profile.is_some().then_some(&rank))?;
    let limit = args.limit.unwrap_or(usize::MAX);
    // Each network is read for the moment it is written, so a long result
    // never holds every network read from a cache entry.
    let shown = || {
        (outcome.hits.iter().take(limit)).filter_map(|h| match index.refs[h.doc as usize] {
            DocRef::Network(i) => cat.networks.at(i as usize),
            DocRef::Opportunity(..) => None,
        })
    };
    let mut shown = shown().peekable();
    if shown.peek().is_none() {
        asked.say_none_match("networks");
    }
    if args.json {
        return write_json(out, &JsonSeq::of(shown));
    }
    for n in shown {
        let mark = report::status_mark(cat, &n)
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let place = through_mark(cat, &n, &scope);
        writeln!(out, "{}\t{}{mark}{place}", n.id, n.name)?;
    }
    Ok(())
}

/// " · UK-wide" when `--scope` chose places that `n` serves only through a
/// broader one (as the app's rows say it).
fn through_mark(cat: &Catalogue, n: &Network, places: &[String]) -> String {
    let places: Vec<&str> = places.iter().map(String::as_str).collect();
    match cat.vocab.serves_any(&n.scope, &places) {
        Some(catalogue::PlaceMatch::Through(x)) => {
            format!(" · {}", cat.vocab.label(catalogue::VocabKind::Scope, x))
        }
        _ => String::new(),
    }
}

/// An opportunity with the network it belongs to, for JSON output.
#[derive(Serialize)]
pub struct OpportunityWithNetwork<'a> {
    /// The opportunity, with its network's career stages where it states none.
    #[serde(flatten)]
    pub opportunity: Cow<'a, Opportunity>,
    /// True when `career_stages` are the network's (the opportunity states none).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub career_stages_inherited: bool,
    pub network: &'a str,
    pub network_name: &'a str,
}

impl<'a> OpportunityWithNetwork<'a> {
    /// Opportunity `o` of `net`, if it is there.
    fn of(net: &'a Network, o: usize) -> Option<Self> {
        let opp = net.opportunities.get(o)?;
        let stages = net.stages_of(opp);
        let opportunity = if stages.inherited {
            let mut owned = opp.clone();
            owned.career_stages = stages.ids.to_vec();
            Cow::Owned(owned)
        } else {
            Cow::Borrowed(opp)
        };
        Some(OpportunityWithNetwork {
            opportunity,
            career_stages_inherited: stages.inherited,
            network: &net.id,
            network_name: &net.name,
        })
    }
}

pub(super) fn opportunities(
    cat: &Catalogue,
    index: &Index,
    args: &OpportunityArgs,
    profile: Option<&Profile>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let rule = profile.map(|p| fit::Rule::new(&cat.vocab, p));
    let fit_of = |d: usize| -> Option<fit::Fit> {
        let rule = rule.as_ref()?;
        match index.refs.get(d)? {
            DocRef::Opportunity(n, o) => cat
                .networks
                .with(*n as usize, |net| {
                    (net.opportunities.get(*o as usize)).map(|opp| rule.opportunity(net, opp))
                })
                .flatten(),
            DocRef::Network(_) => None,
        }
    };
    let allow = |d: usize| profile.is_none() || fit_of(d).is_some_and(|f| f.fits());
    let ids =
        |key: &str, given: &[String]| facet_value::resolve_in(index, &cat.aliases, key, given);
    let scope = ids("scope", &args.scope)?;
    let (kind, stage) = (ids("type", &args.kind)?, ids("stage", &args.stage)?);
    let (format, sector) = (ids("format", &args.format)?, ids("sector", &args.sector)?);
    let facets: [(&str, &[String]); 5] = [
        ("type", &kind),
        ("stage", &stage),
        ("format", &format),
        ("sector", &sector),
        ("scope", &scope),
    ];
    let asked = Asked {
        words: &args.query,
        facets: &facets,
        free: args.free,
        bookmarked: false,
    };
    let rank = |d: u32| fit_of(d as usize).map_or(0, |f| f.rank());
    let outcome = asked.run(index, &allow, profile.is_some().then_some(&rank))?;
    let limit = args.limit.unwrap_or(usize::MAX);
    // Each network is read for the moment its opportunity is written, so a
    // long result never holds every network read from a cache entry.
    let shown = || {
        (outcome.hits.iter().take(limit)).filter_map(|h| match index.refs[h.doc as usize] {
            DocRef::Opportunity(n, o) => {
                let net = cat.networks.at(n as usize)?;
                net.opportunities.get(o as usize)?;
                Some(Shown { net, o: o as usize })
            }
            DocRef::Network(_) => None,
        })
    };
    let mut shown = shown().peekable();
    if shown.peek().is_none() {
        asked.say_none_match("opportunities");
    }
    if args.json {
        return write_json(out, &JsonSeq::of(shown));
    }
    for Shown { net, o } in shown {
        let Some(opp) = net.opportunities.get(o) else {
            continue;
        };
        let mark = report::status_mark(cat, &net)
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let place = through_mark(cat, &net, &scope);
        writeln!(out, "{}\t{}\t{}{mark}{place}", net.id, opp.title, opp.kind)?;
    }
    Ok(())
}

/// An opportunity of a network read for the moment, as `opportunities`
/// writes it (its JSON is `OpportunityWithNetwork`'s).
struct Shown<'a> {
    net: NetRef<'a>,
    o: usize,
}

impl Serialize for Shown<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match OpportunityWithNetwork::of(&self.net, self.o) {
            Some(item) => item.serialize(s),
            None => s.serialize_none(),
        }
    }
}
