//! What a `--facet VALUE` option names: a value's id, or else its label
//! (`"Northern Ireland"`), or else an everyday word the catalogue's aliases
//! map to values of that facet (`--scope glasgow` is Scotland,
//! `--profession nurse` is nursing and midwifery), as the search box
//! understands them.

use std::io::Write;

use super::Failure;
use crate::catalogue::{Alias, VocabKind};
use crate::query::{Facet, Index, NOT_STATED};

/// How a value given on the command line was understood.
#[derive(Debug, PartialEq)]
pub(super) enum Meaning {
    /// The id of a value: its position in the facet.
    Id(usize),
    /// A label or an alias: the positions of the values it stands for.
    Means(Vec<usize>),
    /// Nothing this facet knows.
    Unknown,
}

/// The vocabulary a facet's values come from (`None` for cost and status,
/// whose values the program fixes).
fn vocab_of(key: &str) -> Option<VocabKind> {
    match key {
        "stage" => Some(VocabKind::CareerStage),
        "type" => Some(VocabKind::OpportunityType),
        key => VocabKind::from_key(key),
    }
}

/// Lower case, with runs of spaces, `-` and `_` made one space.
fn folded(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// What `given` means for `facet`, trying its ids, then its labels, then
/// the aliases whose words include it (only their values of this facet
/// count; an alias that means only values of other facets is no answer).
pub(super) fn meaning(facet: &Facet, aliases: &[Alias], given: &str) -> Meaning {
    if let Some(p) = facet.position(given) {
        return Meaning::Id(p);
    }
    let want = folded(given);
    if want.is_empty() {
        return Meaning::Unknown;
    }
    let by_label: Vec<usize> = (facet.values.iter().enumerate())
        .filter(|(_, v)| folded(&v.label) == want || folded(&v.id) == want)
        .map(|(p, _)| p)
        .collect();
    if !by_label.is_empty() {
        return Meaning::Means(by_label);
    }
    let Some(kind) = vocab_of(facet.key) else {
        return Meaning::Unknown;
    };
    let mut meant: Vec<usize> = aliases
        .iter()
        .filter(|a| a.words.iter().any(|w| folded(w) == want))
        .flat_map(|a| a.values.iter())
        .filter(|(k, _)| *k == kind)
        .filter_map(|(_, id)| facet.position(id))
        .collect();
    meant.sort_unstable();
    meant.dedup();
    if meant.is_empty() {
        Meaning::Unknown
    } else {
        Meaning::Means(meant)
    }
}

/// The ids that the values `given` for `facet` name: its ids as they are,
/// and a label or an everyday word as the ids it means (said on stderr);
/// the first value that names nothing is refused with `refuse`'s error.
pub(super) fn resolve(
    facet: &Facet,
    aliases: &[Alias],
    given: &[String],
    refuse: &dyn Fn(&str) -> Failure,
) -> Result<Vec<String>, Failure> {
    let mut ids = Vec::new();
    for g in given {
        match meaning(facet, aliases, g) {
            Meaning::Id(_) => ids.push(g.clone()),
            Meaning::Means(values) => {
                let meant: Vec<&str> = values
                    .iter()
                    .map(|&v| facet.values[v].id.as_str())
                    .collect();
                let _ = writeln!(
                    std::io::stderr(),
                    "note: --{} {} is taken as {}",
                    facet.key,
                    crate::text::sanitize::line(g, 80),
                    meant.join(", ")
                );
                ids.extend(meant.into_iter().map(String::from));
            }
            Meaning::Unknown => return Err(refuse(g)),
        }
    }
    Ok(ids)
}

/// `resolve` for the facet `key` of `index`, with `not_stated` kept as it
/// is, refusing a value that names nothing with the nearest id or everyday
/// word and the valid ids.
pub(super) fn resolve_in(
    index: &Index,
    aliases: &[Alias],
    key: &str,
    given: &[String],
) -> Result<Vec<String>, Failure> {
    match index.facet(key) {
        Some((_, facet)) => {
            let refuse = |g: &str| unknown(facet, aliases, g);
            let mut ids = Vec::new();
            for g in given {
                if g == NOT_STATED {
                    ids.push(g.clone());
                } else {
                    ids.extend(resolve(facet, aliases, std::slice::from_ref(g), &refuse)?);
                }
            }
            Ok(ids)
        }
        None => Ok(given.to_vec()),
    }
}

/// The error for a value that names nothing in `facet`.
fn unknown(facet: &Facet, aliases: &[Alias], given: &str) -> Failure {
    let known = known(facet, aliases);
    let hint = crate::text::suggest::did_you_mean(given, known.iter().map(String::as_str))
        .map(|m| format!("did you mean `{m}`? "))
        .unwrap_or_default();
    let valid: Vec<&str> = facet.values.iter().map(|v| v.id.as_str()).collect();
    Failure::input(format!(
        "error: --{}: `{}` is not a known value; {hint}valid values: {}",
        facet.key,
        crate::text::sanitize::line(given, 80),
        valid.join(", ")
    ))
}

/// Everything `meaning` would take for `facet`, for "did you mean": its
/// ids, then the alias words that mean one of its values.
fn known(facet: &Facet, aliases: &[Alias]) -> Vec<String> {
    let mut known: Vec<String> = facet.values.iter().map(|v| v.id.clone()).collect();
    if let Some(kind) = vocab_of(facet.key) {
        let means_one = |a: &&Alias| {
            a.values
                .iter()
                .any(|(k, id)| *k == kind && facet.position(id).is_some())
        };
        for a in aliases.iter().filter(means_one) {
            known.extend(a.words.iter().map(|w| folded(w)));
        }
    }
    known
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::FacetValue;

    fn scope() -> Facet {
        let value = |id: &str, label: &str| FacetValue {
            id: id.into(),
            label: label.into(),
        };
        Facet {
            key: "scope",
            title: "Nation or region",
            values: vec![
                value("uk-wide", "UK-wide"),
                value("scotland", "Scotland"),
                value("northern-ireland", "Northern Ireland"),
                value("region:london", "London"),
            ],
        }
    }

    fn alias(words: &[&str], values: &[(VocabKind, &str)]) -> Alias {
        Alias {
            words: words.iter().map(|w| (*w).into()).collect(),
            values: values.iter().map(|(k, v)| (*k, (*v).into())).collect(),
            phrases: Vec::new(),
        }
    }

    #[test]
    fn an_id_is_itself() {
        assert_eq!(meaning(&scope(), &[], "scotland"), Meaning::Id(1));
    }

    #[test]
    fn a_label_in_any_case_or_spacing_means_its_value() {
        assert_eq!(
            meaning(&scope(), &[], "Northern  Ireland"),
            Meaning::Means(vec![2])
        );
        assert_eq!(meaning(&scope(), &[], "LONDON"), Meaning::Means(vec![3]));
        assert_eq!(meaning(&scope(), &[], "uk wide"), Meaning::Means(vec![0]));
    }

    #[test]
    fn an_alias_means_its_values_of_this_facet_only() {
        let aliases = [
            alias(
                &["Glasgow", "edinburgh"],
                &[(VocabKind::Scope, "scotland"), (VocabKind::Sector, "nhs")],
            ),
            alias(&["nurse"], &[(VocabKind::Profession, "nursing-midwifery")]),
        ];
        assert_eq!(
            meaning(&scope(), &aliases, "glasgow"),
            Meaning::Means(vec![1])
        );
        assert_eq!(meaning(&scope(), &aliases, "nurse"), Meaning::Unknown);
        assert_eq!(meaning(&scope(), &aliases, "wale"), Meaning::Unknown);
        assert_eq!(meaning(&scope(), &aliases, "  "), Meaning::Unknown);
        let known = known(&scope(), &aliases);
        assert!(known.contains(&"glasgow".to_string()), "{known:?}");
        assert!(!known.contains(&"nurse".to_string()), "{known:?}");
    }

    #[test]
    fn facets_the_program_fixes_take_no_alias() {
        let status = Facet {
            key: "status",
            title: "Status",
            values: vec![FacetValue {
                id: "closed".into(),
                label: "Closed".into(),
            }],
        };
        let aliases = [alias(&["shut"], &[(VocabKind::Scope, "closed")])];
        assert_eq!(meaning(&status, &aliases, "shut"), Meaning::Unknown);
        assert_eq!(
            meaning(&status, &aliases, "Closed"),
            Meaning::Means(vec![0])
        );
    }
}
