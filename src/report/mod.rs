//! Words about networks: one walk over a network's fields ([`walk`]) that
//! every view renders — the plain text of `hinet show` ([`text`]), the
//! joining plan ([`plan`]) and the app's detail pane (`ui::detail`).
//!
//! The walk decides what is said about a network and in what words; a
//! renderer decides only how it looks (and which parts its view leaves out).
//! Nothing here knows of the terminal or the command line.

pub mod plan;
pub mod text;
pub mod walk;

pub use text::network_text;

use crate::catalogue::{Catalogue, Network, Status, VocabKind};

/// Labels of a list of vocabulary values, joined with commas.
pub fn labels(cat: &Catalogue, kind: VocabKind, ids: &[String]) -> String {
    ids.iter()
        .map(|id| cat.vocab.label(kind, id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Closed — succeeded by …" style status line, or None for an active network.
pub fn status_line(cat: &Catalogue, n: &Network) -> Option<String> {
    if n.status == Status::Active {
        return None;
    }
    let mut s = n.status.label().to_string();
    if let Some(y) = n.ended {
        s.push_str(&format!(" in {y}"));
    }
    if let Some(succ) = &n.successor {
        let name = cat.network(succ).map_or(succ.as_str(), |s| s.name.as_str());
        let how = match n.status {
            Status::Merged => "now part of",
            _ => "succeeded by",
        };
        s.push_str(&format!(" — {how} {name} ({succ})"));
    }
    Some(s)
}

/// The mark of a closed or merged network in a list: `[closed]`,
/// `[merged into FEDIP]`; None for an active one.
pub fn status_mark(cat: &Catalogue, n: &Network) -> Option<String> {
    match (n.status, n.successor.as_deref()) {
        (Status::Active, _) => None,
        (Status::Merged, Some(succ)) => {
            let name = cat.network(succ).map_or(succ, |s| s.display_short());
            Some(format!("[merged into {name}]"))
        }
        (Status::Merged, None) => Some("[merged]".into()),
        (Status::Closed, _) => Some("[closed]".into()),
    }
}

/// A small catalogue for the tests of the report and its views.
#[cfg(test)]
pub(crate) mod fixture {
    use crate::catalogue::{Catalogue, SourceFile, from_files};

    /// Multi-line fields, an opportunity whose summary looks like a link
    /// line, a successor, a merged and a closed network.
    pub(crate) const TEXT: &str = r#"[catalogue]
name = "Lines"
format = 1

[[vocabulary.kind]]
id = "network"
label = "Network"

[[vocabulary.opportunity_type]]
id = "course"
label = "Course"

[[vocabulary.scope]]
id = "uk-wide"
label = "UK-wide"

[[network]]
id = "many-lines"
name = "Many Lines"
kind = "network"
summary = "One line."
scope = ["uk-wide"]
description = """Description one.
Description two."""
how_to_join = """Join one.
Join two.

Join three."""
policy_engagement = """Policy one.
Policy two."""

[network.provenance]
sources = ["https://example.org/source"]
uncertain = ["cost"]

[[network.opportunity]]
title = "A course"
type = "course"
summary = """Summary one.
Summary two."""

[[network.opportunity]]
title = "Escaped \\- dash"
type = "course"
summary = """Link: <b>not a link</b>"""
url = "https://example.org/course"

[[network]]
id = "new"
name = "New Network"
short_name = "NN"
kind = "network"
summary = "Now."
website = "https://example.org/new"
join_url = "https://example.org/new/join"

[network.provenance]
sources = ["https://example.org/new/about"]
as_of = 2024

[[network]]
id = "old"
name = "Old Network"
kind = "network"
summary = "Then."
status = "merged"
ended = 2020
successor = "new"

[[network]]
id = "shut"
name = "Shut"
kind = "network"
summary = "Gone."
status = "closed"
"#;

    pub(crate) fn catalogue() -> Catalogue {
        let file = SourceFile {
            name: "report.toml".into(),
            text: TEXT.into(),
        };
        from_files(vec![file], Vec::new()).unwrap_or_else(|e| panic!("loads: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_merged_network_names_its_successor_and_an_active_one_says_nothing() {
        let cat = fixture::catalogue();
        let at = |id: &str| cat.network(id).unwrap_or_else(|| panic!("{id}"));
        assert_eq!(status_line(&cat, at("new")), None);
        assert_eq!(status_mark(&cat, at("new")), None);
        assert_eq!(
            status_line(&cat, at("old")).as_deref(),
            Some("Merged in 2020 — now part of New Network (new)")
        );
        assert_eq!(
            status_mark(&cat, at("old")).as_deref(),
            Some("[merged into NN]")
        );
        assert_eq!(status_line(&cat, at("shut")).as_deref(), Some("Closed"));
        assert_eq!(status_mark(&cat, at("shut")).as_deref(), Some("[closed]"));
    }
}
