//! Plain-text descriptions of networks and opportunities, shared by the
//! command line (`show`) and the exported joining plan. No colour, no boxes:
//! what a screen reader or a pipe wants.

use crate::catalogue::{
    Catalogue, Cost, LinkKind, Network, Opportunity, OpportunityStatus, Status, VocabKind,
};

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

/// One line for each network whose `successor` is `n` (worked out from the
/// catalogue, never written in it): "Formerly: UKCHIP (closed; ukchip)".
pub fn predecessor_lines(cat: &Catalogue, n: &Network) -> Vec<String> {
    cat.predecessors(&n.id)
        .map(|p| {
            let ended = p.ended.map(|y| format!(" {y}")).unwrap_or_default();
            format!(
                "Formerly: {} ({}{ended}; {})",
                p.display_short(),
                p.status.id(),
                p.id
            )
        })
        .collect()
}

/// The career stages of an opportunity as a line's value, saying when they
/// are its network's (it states none of its own); None when neither has any.
pub fn stages_text(cat: &Catalogue, n: &Network, o: &Opportunity) -> Option<String> {
    let stages = n.stages_of(o);
    if stages.ids.is_empty() {
        return None;
    }
    let mut s = labels(cat, VocabKind::CareerStage, stages.ids);
    if stages.inherited {
        s.push_str(" (as its network)");
    }
    Some(s)
}

/// The link line of a network where it has no website or join page: its
/// first source page, labelled as such.
pub fn fallback_link(n: &Network) -> Option<String> {
    n.link()
        .filter(|l| l.kind == LinkKind::Source)
        .map(|l| format!("{} ({})", l.url, l.label()))
}

/// `text` as lines, each after `indent`: a multi-line field keeps its indent
/// past the first line.
fn push_indented(out: &mut Vec<String>, indent: &str, text: &str) {
    out.extend(text.lines().map(|line| format!("{indent}{line}")));
}

/// One opportunity of network `n` as indented plain-text lines.
pub fn opportunity_lines(cat: &Catalogue, n: &Network, o: &Opportunity, out: &mut Vec<String>) {
    let mut head = format!(
        "- {} ({})",
        o.title,
        cat.vocab.label(VocabKind::OpportunityType, &o.kind)
    );
    if o.status == OpportunityStatus::Historical {
        head.push_str(" [historical]");
    }
    out.push(head);
    if let Some(s) = &o.summary {
        push_indented(out, "  ", s);
    }
    out.push(format!("  Cost: {}", Cost::describe(o.cost.as_ref())));
    if !o.formats.is_empty() {
        out.push(format!(
            "  Format: {}",
            labels(cat, VocabKind::Format, &o.formats)
        ));
    }
    if let Some(d) = &o.duration {
        out.push(format!("  Duration: {d}"));
    }
    if let Some(w) = &o.when {
        out.push(format!("  When: {w}"));
    }
    if let Some(stages) = stages_text(cat, n, o) {
        out.push(format!("  Career stage: {stages}"));
    }
    if let Some(e) = &o.eligibility {
        out.push(format!("  Eligibility: {e}"));
    }
    if let Some(u) = &o.url {
        out.push(format!("  Link: {u}"));
    }
}

/// A whole network as plain text.
pub fn network_text(cat: &Catalogue, n: &Network) -> String {
    let mut out = Vec::new();
    let title = match &n.short_name {
        Some(s) => format!("{} ({s})", n.name),
        None => n.name.clone(),
    };
    out.push(title);
    out.push(format!("id: {}", n.id));
    let mut kind = cat.vocab.label(VocabKind::Kind, &n.kind).to_string();
    if n.local {
        kind.push_str(" · your own addition");
    }
    out.push(format!("Kind: {kind}"));
    if let Some(s) = status_line(cat, n) {
        out.push(format!("Status: {s}"));
    }
    out.extend(predecessor_lines(cat, n));
    out.push(String::new());
    out.push(n.summary.clone());
    if let Some(d) = &n.description {
        out.push(String::new());
        out.extend(d.lines().map(str::to_string));
    }
    out.push(String::new());
    out.push("Who it is for".into());
    for (label, kind, ids) in [
        ("Nation or region", VocabKind::Scope, &n.scope),
        ("Sectors", VocabKind::Sector, &n.sectors),
        ("Professions", VocabKind::Profession, &n.professions),
        ("Career stages", VocabKind::CareerStage, &n.career_stages),
        ("Formats", VocabKind::Format, &n.formats),
    ] {
        if !ids.is_empty() {
            out.push(format!("  {label}: {}", labels(cat, kind, ids)));
        }
    }
    out.push(String::new());
    out.push(format!("Learning and training ({})", n.opportunities.len()));
    if n.opportunities.is_empty() {
        out.push("  None recorded.".into());
    }
    for o in &n.opportunities {
        let mut lines = Vec::new();
        opportunity_lines(cat, n, o, &mut lines);
        out.extend(lines.into_iter().map(|l| format!("  {l}")));
    }
    out.push(String::new());
    out.push("How to join".into());
    push_indented(
        &mut out,
        "  ",
        n.how_to_join.as_deref().unwrap_or("Not recorded."),
    );
    out.push(format!("  Cost: {}", Cost::describe(n.cost.as_ref())));
    if let Some(u) = &n.join_url {
        out.push(format!("  Join: {u}"));
    }
    if let Some(u) = &n.website {
        out.push(format!("  Website: {u}"));
    }
    if let Some(l) = fallback_link(n) {
        out.push(format!("  Link: {l}"));
    }
    if let Some(p) = &n.policy_engagement {
        out.push(String::new());
        out.push("Policy engagement".into());
        push_indented(&mut out, "  ", p);
    }
    if !n.tags.is_empty() {
        out.push(String::new());
        out.push(format!("Tags: {}", n.tags.join(", ")));
    }
    if let Some(p) = &n.provenance {
        out.push(String::new());
        out.push(match p.as_of {
            Some(y) => format!("Sources (facts as of {y})"),
            None => "Sources (date of facts not known)".into(),
        });
        for s in &p.sources {
            out.push(format!("  {s}"));
        }
        if !p.uncertain.is_empty() {
            out.push(format!("  Uncertain: {}", p.uncertain.join("; ")));
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bookmarks::{Bookmark, BookmarkStatus};
    use crate::catalogue::{SourceFile, from_files};

    const TEXT: &str = r#"[catalogue]
name = "Lines"
format = 1

[[vocabulary.kind]]
id = "network"
label = "Network"

[[vocabulary.opportunity_type]]
id = "course"
label = "Course"

[[network]]
id = "many-lines"
name = "Many Lines"
kind = "network"
summary = "One line."
description = """Description one.
Description two."""
how_to_join = """Join one.
Join two.

Join three."""
policy_engagement = """Policy one.
Policy two."""

[[network.opportunity]]
title = "A course"
type = "course"
summary = """Summary one.
Summary two."""
"#;

    fn catalogue() -> Catalogue {
        let file = SourceFile {
            name: "lines.toml".into(),
            text: TEXT.into(),
        };
        from_files(vec![file], Vec::new()).unwrap_or_else(|e| panic!("loads: {e}"))
    }

    /// Whether `lines` holds `want` as consecutive lines.
    fn has_run(text: &str, want: &[&str]) -> bool {
        let lines: Vec<&str> = text.lines().collect();
        lines.windows(want.len()).any(|w| w == want)
    }

    #[test]
    fn every_line_of_a_multi_line_field_keeps_its_indent() {
        let cat = catalogue();
        let n = cat.network("many-lines").expect("the network");
        let text = network_text(&cat, n);
        for run in [
            &[
                "How to join",
                "  Join one.",
                "  Join two.",
                "  ",
                "  Join three.",
            ][..],
            &["Policy engagement", "  Policy one.", "  Policy two."],
            &["    Summary one.", "    Summary two."],
            // The description is not indented at all, its first line included.
            &["Description one.", "Description two."],
        ] {
            assert!(has_run(&text, run), "{run:?} in:\n{text}");
        }
        let bookmark = Bookmark {
            id: "many-lines".into(),
            status: BookmarkStatus::ToJoin,
            note: None,
            added: String::new(),
        };
        let md = crate::export::markdown(&cat, &[bookmark]);
        for run in [
            &["- **How to join:** Join one. Join two.  Join three."][..],
            &["- A course (Course)", "  Summary one.", "  Summary two."],
        ] {
            assert!(has_run(&md, run), "{run:?} in:\n{md}");
        }
    }
}
