//! The joining plan: the bookmarks with their networks, as Markdown (a
//! document to send to a manager), CSV (one row per bookmark) or JSON.
//! A bookmark whose network left the catalogue is exported as missing.

use serde::Serialize;

use super::text::entry_lines;
use super::walk::{self, Field, Item, Part, Report};
use crate::bookmarks::{Bookmark, BookmarkStatus};
use crate::catalogue::{Catalogue, LinkKind, Network};

/// The export formats (`hinet bookmarks export --format`; the command line
/// has its own copy for clap and converts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Csv,
    Json,
}

/// Bookmarks in plan order: to join first, then joined; each group as saved.
fn ordered(bookmarks: &[Bookmark]) -> Vec<&Bookmark> {
    let mut v: Vec<&Bookmark> = bookmarks.iter().collect();
    v.sort_by_key(|b| b.status == BookmarkStatus::Joined);
    v
}

/// Markdown that is safe to paste: no raw HTML, no accidental emphasis or links.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn markdown(cat: &Catalogue, bookmarks: &[Bookmark]) -> String {
    let mut out = String::new();
    out.push_str("# My joining plan\n\n");
    out.push_str(&format!(
        "Networks I mean to join, from *{}*{}. {} bookmarked.\n\n",
        md(&cat.info.name),
        cat.info
            .updated
            .as_ref()
            .map(|u| format!(" (catalogue updated {u})"))
            .unwrap_or_default(),
        bookmarks.len()
    ));
    if bookmarks.is_empty() {
        out.push_str("No bookmarks yet.\n");
    }
    for b in ordered(bookmarks) {
        match cat.network(&b.id) {
            Some(n) => network_section(cat, n, b, &mut out),
            None => {
                out.push_str(&format!("## {} (missing)\n\n", md(&b.id)));
                bookmark_lines(b, &mut out);
                out.push_str("- This network is no longer in the catalogue.\n\n");
            }
        }
    }
    out
}

/// The bookmark's status and note.
fn bookmark_lines(b: &Bookmark, out: &mut String) {
    out.push_str(&format!("- **Status:** {}\n", b.status.label()));
    if let Some(note) = &b.note {
        out.push_str(&format!("- **Note:** {}\n", md(note)));
    }
}

fn network_section(cat: &Catalogue, n: &Network, b: &Bookmark, out: &mut String) {
    let report = walk::network(cat, n);
    let title = match report.part(Part::Head).first() {
        Some(Item::Title {
            name,
            short: Some(s),
        }) => format!("{} ({})", md(name), md(s)),
        _ => md(&n.name),
    };
    out.push_str(&format!("## {title}\n\n"));
    bookmark_lines(b, out);
    for item in report.part(Part::Head) {
        if let Item::Status(s) = item {
            out.push_str(&format!("- **Network status:** {}\n", md(s)));
        }
    }
    join_lines(&report, out);
    let summary = report.text(Part::Summary).unwrap_or_default();
    out.push_str(&format!("\n{}\n\n", md(summary)));
    learning(&report, out);
    if let Some(Item::AsOf(Some(y))) = report.part(Part::Sources).first() {
        out.push_str(&format!("_Facts as of {y}._\n\n"));
    }
}

/// The cost, how to join (on one line) and the network's own pages; a source
/// page is left out of the plan.
fn join_lines(report: &Report<'_>, out: &mut String) {
    if let Some(cost) = report.field(Part::Join, Field::Cost) {
        out.push_str(&format!("- **Cost:** {}\n", md(cost)));
    }
    if let Some(h) = report.text(Part::Join) {
        let h = md(&h.replace('\n', " "));
        out.push_str(&format!("- **How to join:** {h}\n"));
    }
    for item in report.part(Part::Join) {
        match item {
            Item::Link(l) if l.kind == LinkKind::Join => {
                out.push_str(&format!("- **Join:** <{}>\n", l.url));
            }
            Item::Link(l) if l.kind == LinkKind::Website => {
                out.push_str(&format!("- **Website:** <{}>\n", l.url));
            }
            _ => {}
        }
    }
}

/// The opportunities as `show` words them, escaped; their links stay clickable.
fn learning(report: &Report<'_>, out: &mut String) {
    let mut any = false;
    for e in report.entries() {
        if !any {
            out.push_str("### Learning and training\n\n");
            any = true;
        }
        let mut lines = Vec::new();
        entry_lines(e, &mut lines);
        for l in lines {
            out.push_str(&format!("{}\n", md(&l)));
        }
        if let Some(u) = e.link {
            out.push_str(&format!("  Link: <{u}>\n"));
        }
    }
    if any {
        out.push('\n');
    }
}

fn csv_field(s: &str) -> String {
    // Quote always; double any quote; neutralise spreadsheet formulas.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\"").replace(['\n', '\r'], " "))
}

pub fn csv(cat: &Catalogue, bookmarks: &[Bookmark]) -> String {
    let mut out = String::from(
        "id,name,status,note,cost,how_to_join,link,opportunities,in_catalogue,added\r\n",
    );
    for b in ordered(bookmarks) {
        let n = cat.network(&b.id);
        let [cost, how, link, count] = n
            .map(|n| csv_network(&walk::network(cat, n)))
            .unwrap_or_default();
        let row = [
            b.id.clone(),
            n.map(|n| n.name.clone()).unwrap_or_default(),
            b.status.id().to_string(),
            b.note.clone().unwrap_or_default(),
            cost,
            how,
            link,
            count,
            if n.is_some() { "yes" } else { "no (missing)" }.to_string(),
            b.added.clone(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A network's cost, how to join, link and number of opportunities.
fn csv_network(report: &Report<'_>) -> [String; 4] {
    let page = |kind: LinkKind| {
        report.part(Part::Join).iter().find_map(|i| match i {
            Item::Link(l) if l.kind == kind => Some(l.url),
            _ => None,
        })
    };
    [
        report.field(Part::Join, Field::Cost).unwrap_or_default(),
        report.text(Part::Join).unwrap_or_default(),
        // The network's own page only: a source page is not labelled here.
        page(LinkKind::Website)
            .or_else(|| page(LinkKind::Join))
            .unwrap_or_default(),
        &report.entries().count().to_string(),
    ]
    .map(str::to_string)
}

#[derive(Serialize)]
struct JsonEntry<'a> {
    #[serde(flatten)]
    bookmark: &'a Bookmark,
    missing: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    network: Option<&'a Network>,
}

pub fn json(cat: &Catalogue, bookmarks: &[Bookmark]) -> String {
    let entries: Vec<JsonEntry<'_>> = ordered(bookmarks)
        .into_iter()
        .map(|b| {
            let network = cat.network(&b.id);
            JsonEntry {
                bookmark: b,
                missing: network.is_none(),
                network,
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&entries).unwrap_or_else(|_| "[]".to_string());
    s.push('\n');
    s
}

pub fn render(format: Format, cat: &Catalogue, bookmarks: &[Bookmark]) -> String {
    match format {
        Format::Markdown => markdown(cat, bookmarks),
        Format::Csv => csv(cat, bookmarks),
        Format::Json => json(cat, bookmarks),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;
    use crate::report::text::tests::has_run;

    fn bookmark(id: &str, status: BookmarkStatus) -> Bookmark {
        Bookmark {
            id: id.into(),
            status,
            note: None,
            added: String::new(),
        }
    }

    #[test]
    fn the_plan_words_a_network_as_show_does_on_fewer_lines() {
        let cat = fixture::catalogue();
        let md = markdown(&cat, &[bookmark("many-lines", BookmarkStatus::ToJoin)]);
        for run in [
            &["- **How to join:** Join one. Join two.  Join three."][..],
            &["- A course (Course)", "  Summary one.", "  Summary two."],
        ] {
            assert!(has_run(&md, run), "{run:?} in:\n{md}");
        }
        // A source page is not one of the network's own pages.
        assert!(!md.contains("example.org/source"), "{md}");
    }

    #[test]
    fn only_a_real_link_is_left_unescaped() {
        let cat = fixture::catalogue();
        let md = markdown(&cat, &[bookmark("many-lines", BookmarkStatus::ToJoin)]);
        let run = [
            r"- Escaped \\- dash (Course)",
            r"  Link: \<b\>not a link\</b\>",
            "  Cost: Not known",
            "  Link: <https://example.org/course>",
        ];
        assert!(has_run(&md, &run), "{md}");
    }

    #[test]
    fn joined_networks_come_after_those_to_join_and_a_missing_one_says_so() {
        let cat = fixture::catalogue();
        let list = [
            bookmark("new", BookmarkStatus::Joined),
            bookmark("gone", BookmarkStatus::ToJoin),
            bookmark("old", BookmarkStatus::ToJoin),
        ];
        let md = markdown(&cat, &list);
        let heads: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            heads,
            ["## gone (missing)", "## Old Network", "## New Network (NN)"]
        );
        for line in [
            "- **Network status:** Merged in 2020 — now part of New Network (new)",
            "- **Join:** <https://example.org/new/join>",
            "- **Website:** <https://example.org/new>",
            "_Facts as of 2024._",
        ] {
            assert!(md.lines().any(|l| l == line), "{line:?} in:\n{md}");
        }
        let csv = csv(&cat, &list);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows.len(), 4, "{csv}");
        assert_eq!(
            rows[3],
            r#""new","New Network","joined","","Not known","","https://example.org/new","0","yes","""#
        );
        assert!(
            rows[1].ends_with(r#""","","","","no (missing)","""#),
            "{csv}"
        );
    }
}
