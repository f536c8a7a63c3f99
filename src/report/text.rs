//! The plain text of `hinet show`: a walked network ([`super::walk`]) as
//! lines. No colour, no boxes: what a screen reader or a pipe wants.

use super::walk::{self, Entry, Item, Part, Report, Section, link_field};
use crate::catalogue::{Catalogue, Network};

/// A whole network as plain text.
pub fn network_text(cat: &Catalogue, n: &Network) -> String {
    let report = walk::network(cat, n);
    let mut out = Vec::new();
    for s in &report.sections {
        if s.part != Part::Head {
            out.push(String::new());
        }
        out.extend(heading(&report, s));
        let indent = match s.part {
            Part::Head | Part::Summary | Part::About | Part::Tags => "",
            _ => "  ",
        };
        for item in &s.items {
            item_lines(item, indent, &mut out);
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// The heading line of a section, where it has one.
fn heading(report: &Report<'_>, s: &Section<'_>) -> Option<String> {
    Some(match s.part {
        Part::Head | Part::Summary | Part::About | Part::Tags => return None,
        Part::Who => "Who it is for".into(),
        Part::Learning => format!("Learning and training ({})", report.entries().count()),
        Part::Join => "How to join".into(),
        Part::Policy => "Policy engagement".into(),
        Part::Sources => match s.items.first() {
            Some(Item::AsOf(Some(y))) => format!("Sources (facts as of {y})"),
            _ => "Sources (date of facts not known)".into(),
        },
    })
}

/// An item as lines, each after `indent`.
fn item_lines(item: &Item<'_>, indent: &str, out: &mut Vec<String>) {
    match item {
        Item::Title { name, short } => out.push(match short {
            Some(s) => format!("{indent}{name} ({s})"),
            None => format!("{indent}{name}"),
        }),
        Item::Id(id) => out.push(format!("{indent}id: {id}")),
        Item::Kind { label, local } => {
            let own = if *local { " · your own addition" } else { "" };
            out.push(format!("{indent}Kind: {label}{own}"));
        }
        Item::Status(s) => out.push(format!("{indent}Status: {s}")),
        Item::Formerly(s) => out.push(format!("{indent}{s}")),
        Item::Text(t) => push_indented(out, indent, t),
        Item::Empty(t) | Item::Source(t) => out.push(format!("{indent}{t}")),
        Item::Field(f, v) => out.push(format!("{indent}{}: {v}", f.label())),
        Item::Link(l) => {
            let (label, value) = link_field(l);
            out.push(format!("{indent}{label}: {value}"));
        }
        Item::Opportunity(e) => {
            let mut lines = Vec::new();
            entry_lines(e, &mut lines);
            lines.extend(e.link.map(|u| format!("  Link: {u}")));
            out.extend(lines.into_iter().map(|l| format!("{indent}{l}")));
        }
        Item::AsOf(_) => {}
    }
}

/// `text` as lines, each after `indent`: a multi-line field keeps its indent
/// past the first line.
fn push_indented(out: &mut Vec<String>, indent: &str, text: &str) {
    out.extend(text.lines().map(|line| format!("{indent}{line}")));
}

/// An opportunity's lines but its link (which each output writes its own
/// way): "- Title (Type) [historical]", then its summary and fields indented.
pub fn entry_lines(e: &Entry<'_>, out: &mut Vec<String>) {
    let mut head = format!("- {} ({})", e.title, e.kind);
    if e.historical {
        head.push_str(" [historical]");
    }
    out.push(head);
    if let Some(s) = e.summary {
        push_indented(out, "  ", s);
    }
    for (f, v) in &e.fields {
        out.push(format!("  {}: {v}", f.label()));
    }
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
        let md = crate::report::plan::markdown(&cat, &[bookmark]);
        for run in [
            &["- **How to join:** Join one. Join two.  Join three."][..],
            &["- A course (Course)", "  Summary one.", "  Summary two."],
        ] {
            assert!(has_run(&md, run), "{run:?} in:\n{md}");
        }
    }
}
