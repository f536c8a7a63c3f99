//! `hinet check`: validate a catalogue, and with `--gaps` list what a reader
//! would miss in it.

use std::io::Write;
use std::path::Path;

use super::{Cli, Failure, load_catalogue};
use crate::catalogue::{self, Catalogue};

/// Load the catalogue at `path` (or the one in use) and say how much it
/// holds; the load's errors are the failure.
pub(super) fn check(
    cli: &Cli,
    path: Option<&Path>,
    gaps: bool,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let cat = match path {
        Some(p) => catalogue::load_path(p, cli.max_file_size.saturating_mul(1024 * 1024))?,
        None => load_catalogue(cli)?,
    };
    writeln!(
        out,
        "ok: {} networks, {} opportunities",
        cat.networks.len(),
        cat.opportunity_count()
    )?;
    if gaps {
        write_gaps(&cat, out)?;
    }
    Ok(())
}

/// `check --gaps`: per network what a reader would miss, then the totals.
fn write_gaps(cat: &Catalogue, out: &mut dyn Write) -> Result<(), Failure> {
    use catalogue::gaps::{STALE_YEARS, gaps};
    let g = gaps(cat);
    writeln!(out)?;
    match g.year {
        Some(y) => writeln!(
            out,
            "gaps: what a reader would miss (facts are old when dated before {}, \
             more than {STALE_YEARS} years before the catalogue's {y})",
            y - STALE_YEARS
        )?,
        None => writeln!(
            out,
            "gaps: what a reader would miss (the catalogue has no `updated` date, \
             so only undated facts count as old)"
        )?,
    }
    for n in g.networks.iter().filter(|n| !n.is_empty()) {
        let mut what = Vec::new();
        if n.no_website {
            what.push("no website or join page".to_string());
        }
        if n.cost_unknown {
            what.push("cost not known".to_string());
        }
        match n.old_facts {
            Some(Some(y)) => what.push(format!("facts as of {y}")),
            Some(None) => what.push("facts not dated".to_string()),
            None => {}
        }
        if n.opportunities_without_link > 0 {
            what.push(format!(
                "{} of {} opportunities with no link",
                n.opportunities_without_link, n.opportunities
            ));
        }
        if n.opportunities_without_stage > 0 {
            what.push(format!(
                "{} of {} opportunities with no career stage",
                n.opportunities_without_stage, n.opportunities
            ));
        }
        writeln!(out, "{}\t{}", n.id, what.join("; "))?;
    }
    let t = g.totals();
    writeln!(out)?;
    writeln!(
        out,
        "totals: {} of {} networks have gaps",
        t.with_gaps, t.networks
    )?;
    writeln!(out, "  no website or join page: {}", t.no_website)?;
    writeln!(
        out,
        "  cost not known (active networks): {}",
        t.cost_unknown
    )?;
    writeln!(
        out,
        "  facts older than {STALE_YEARS} years or not dated: {}",
        t.old_facts
    )?;
    writeln!(
        out,
        "  opportunities with no link: {} of {}",
        t.opportunities_without_link, t.opportunities
    )?;
    writeln!(
        out,
        "  opportunities with no career stage: {} of {}",
        t.opportunities_without_stage, t.opportunities
    )?;
    Ok(())
}
