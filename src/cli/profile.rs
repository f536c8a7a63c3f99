//! `hinet profile` and `hinet recommend`: who you are, and the networks that
//! fit you; and the saved profile for `--for-me`.

use std::io::Write;

use serde::Serialize;

use super::facet_value;
use super::{Cli, Failure, ProfileArgs, ProfileCommand, RecommendArgs, config_path, write_json};
use crate::catalogue::{self, Catalogue, Network};
use crate::profile::{Field, Profile, fit};
use crate::query::{Facet, FacetValue};

/// The saved profile with values this catalogue does not know left out
/// (each one a warning on stderr), and whether the welcome was asked.
fn saved_profile(cli: &Cli, cat: &Catalogue) -> (Profile, bool) {
    let path = config_path(cli);
    let settings = crate::config::load(&path);
    let (profile, warnings) =
        settings.checked_profile(&catalogue::read::display_path(&path), &cat.vocab);
    for w in settings
        .warnings
        .iter()
        .chain(&warnings)
        .filter(|w| w.contains("profile"))
    {
        let _ = writeln!(std::io::stderr(), "warning: {w}");
    }
    (profile, settings.profile_asked)
}

fn no_profile() -> Failure {
    Failure::input(
        "error: no profile saved; say who you are with `hinet profile set --profession ID --stage ID --scope ID --sector ID` (any of them)",
    )
}

/// With `--for-me`, the saved profile, or an error when there is none.
pub(super) fn for_me(cli: &Cli, cat: &Catalogue, wanted: bool) -> Result<Option<Profile>, Failure> {
    if !wanted {
        return Ok(None);
    }
    let (p, _) = saved_profile(cli, cat);
    if p.is_empty() {
        Err(no_profile())
    } else {
        Ok(Some(p))
    }
}

/// The values of `--profession` and friends as vocabulary ids: an id, or
/// else a label or an everyday word the aliases give for that field (said
/// on stderr); anything else is refused.
fn checked_args(cat: &Catalogue, args: &ProfileArgs) -> Result<Vec<(Field, Vec<String>)>, Failure> {
    let mut given = args.given();
    for (f, values) in &mut given {
        let facet = Facet {
            key: f.key(),
            title: "",
            values: (cat.vocab.terms(f.vocab()).iter())
                .map(|t| FacetValue {
                    id: t.id.clone(),
                    label: t.label.clone(),
                })
                .collect(),
        };
        let refuse = |v: &str| match crate::profile::check_value(&cat.vocab, *f, v) {
            Err(e) => Failure::input(format!("error: --{}: {e}", f.key())),
            Ok(()) => Failure::input(format!("error: --{}: `{v}`", f.key())),
        };
        *values = facet_value::resolve(&facet, &cat.aliases, values, &refuse)?;
    }
    Ok(given)
}

fn write_profile(cat: &Catalogue, p: &Profile, out: &mut dyn Write) -> Result<(), Failure> {
    for f in Field::ALL {
        let values = p.values(f);
        if values.is_empty() {
            writeln!(out, "{}\t-\tnot set", f.key())?;
        }
        for v in values {
            writeln!(out, "{}\t{v}\t{}", f.key(), cat.vocab.label(f.vocab(), v))?;
        }
    }
    Ok(())
}

pub(super) fn command(
    cli: &Cli,
    cat: &Catalogue,
    action: &ProfileCommand,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let path = config_path(cli);
    let save = |p: &Profile| {
        crate::config::save_profile(&path, p, true)
            .map_err(|e| Failure::input(format!("error: {e}")))
    };
    match action {
        ProfileCommand::Show { json } => {
            let (p, asked) = saved_profile(cli, cat);
            if *json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    profile: &'a Profile,
                    asked: bool,
                }
                return write_json(out, &Shown { profile: &p, asked });
            }
            if p.is_empty() {
                let _ = writeln!(
                    std::io::stderr(),
                    "no profile yet: `hinet profile set --profession ID --stage ID --scope ID --sector ID` (any of them)"
                );
            }
            write_profile(cat, &p, out)
        }
        ProfileCommand::Set(args) => {
            let given = checked_args(cat, args)?;
            if given.is_empty() {
                return Err(Failure::usage(
                    "error: give --profession, --stage, --scope or --sector",
                ));
            }
            let (mut p, _) = saved_profile(cli, cat);
            for (f, values) in given {
                p.set(f, values);
            }
            save(&p)?;
            write_profile(cat, &p, out)
        }
        ProfileCommand::Clear => {
            save(&Profile::default())?;
            writeln!(out, "profile cleared")?;
            Ok(())
        }
    }
}

/// A network with its fit, for `recommend --json`.
#[derive(Serialize)]
struct Recommended<'a> {
    #[serde(flatten)]
    network: &'a Network,
    fit: fit::Report,
}

/// Networks ranked by fit: every network that matches at least one stated
/// field, best first, then by name; closed and merged ones after open ones.
pub(super) fn recommend(
    cli: &Cli,
    cat: &Catalogue,
    args: &RecommendArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let given = checked_args(cat, &args.profile)?;
    let (mut p, _) = saved_profile(cli, cat);
    for (f, values) in given {
        p.set(f, values);
    }
    if p.is_empty() {
        return Err(no_profile());
    }
    let rule = fit::Rule::new(&cat.vocab, &p);
    let mut ranked: Vec<(&Network, fit::Fit)> = cat
        .networks
        .held()
        .map(|n| (n, rule.network(n)))
        .filter(|(_, f)| f.fields.contains(&Some(fit::Outcome::Matched)))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.rank()
            .cmp(&a.1.rank())
            .then_with(|| a.0.name.to_lowercase().cmp(&b.0.name.to_lowercase()))
    });
    ranked.truncate(args.limit.unwrap_or(usize::MAX));
    let reports: Vec<Recommended<'_>> = ranked
        .into_iter()
        .map(|(n, _)| Recommended {
            network: n,
            fit: fit::explain_network(&cat.vocab, &p, n),
        })
        .collect();
    if args.json {
        return write_json(out, &reports);
    }
    for r in reports {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            r.network.id,
            r.network.name,
            r.fit.marks,
            r.fit.reasons.fits.join(" · "),
            r.fit.reasons.may_not_fit.join(" · ")
        )?;
    }
    Ok(())
}
