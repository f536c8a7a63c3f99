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
pub use walk::{Entry, Field, Item, Part, Report, Section};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{SourceFile, from_files};

    pub(crate) fn catalogue(text: &str) -> Catalogue {
        let file = SourceFile {
            name: "report.toml".into(),
            text: text.into(),
        };
        from_files(vec![file], Vec::new()).unwrap_or_else(|e| panic!("loads: {e}"))
    }

    const SUCCESSION: &str = r#"[catalogue]
name = "Succession"
format = 1

[[vocabulary.kind]]
id = "network"
label = "Network"

[[network]]
id = "new"
name = "New Network"
short_name = "NN"
kind = "network"
summary = "Now."

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

    #[test]
    fn a_merged_network_names_its_successor_and_an_active_one_says_nothing() {
        let cat = catalogue(SUCCESSION);
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
