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
pub(crate) mod tests {
    use super::*;
    use crate::report::fixture;

    /// Whether `text` holds `want` as consecutive lines.
    pub(crate) fn has_run(text: &str, want: &[&str]) -> bool {
        let lines: Vec<&str> = text.lines().collect();
        lines.windows(want.len()).any(|w| w == want)
    }

    #[test]
    fn every_line_of_a_multi_line_field_keeps_its_indent() {
        let cat = fixture::catalogue();
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
    }

    #[test]
    fn show_gives_every_part_in_order_with_its_heading() {
        let cat = fixture::catalogue();
        let n = cat.network("new").expect("the network");
        let want = "New Network (NN)
id: new
Kind: Network
Formerly: Old Network (merged 2020; old)

Now.

Who it is for

Learning and training (0)
  None recorded.

How to join
  Not recorded.
  Cost: Not known
  Join: https://example.org/new/join
  Website: https://example.org/new

Sources (facts as of 2024)
  https://example.org/new/about
";
        assert_eq!(network_text(&cat, n), want);
    }

    #[test]
    fn a_network_with_no_page_of_its_own_links_its_source_and_says_so() {
        let cat = fixture::catalogue();
        let n = cat.network("many-lines").expect("the network");
        let text = network_text(&cat, n);
        let run = [
            "  Cost: Not known",
            "  Link: https://example.org/source (no website known — source page)",
        ];
        assert!(has_run(&text, &run), "{text}");
        let sources = [
            "Sources (date of facts not known)",
            "  https://example.org/source",
            "  Uncertain: cost",
        ];
        assert!(has_run(&text, &sources), "{text}");
    }
}
