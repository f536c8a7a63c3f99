//! The joining plan: the bookmarks with their networks, as Markdown (a
//! document to send to a manager), CSV (one row per bookmark) or JSON.
//! A bookmark whose network left the catalogue is exported as missing.

use serde::Serialize;

use crate::bookmarks::Bookmark;
use crate::catalogue::{Catalogue, Cost, Network};
use crate::present::{opportunity_lines, status_line};

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Markdown,
    Csv,
    Json,
}

/// Bookmarks in plan order: to join first, then joined; each group as saved.
fn ordered(bookmarks: &[Bookmark]) -> Vec<&Bookmark> {
    let mut v: Vec<&Bookmark> = bookmarks.iter().collect();
    v.sort_by_key(|b| b.status == crate::bookmarks::BookmarkStatus::Joined);
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
                out.push_str(&format!("- **Status:** {}\n", b.status.label()));
                if let Some(note) = &b.note {
                    out.push_str(&format!("- **Note:** {}\n", md(note)));
                }
                out.push_str("- This network is no longer in the catalogue.\n\n");
            }
        }
    }
    out
}

fn network_section(cat: &Catalogue, n: &Network, b: &Bookmark, out: &mut String) {
    let title = match &n.short_name {
        Some(s) => format!("{} ({})", md(&n.name), md(s)),
        None => md(&n.name),
    };
    out.push_str(&format!("## {title}\n\n"));
    out.push_str(&format!("- **Status:** {}\n", b.status.label()));
    if let Some(note) = &b.note {
        out.push_str(&format!("- **Note:** {}\n", md(note)));
    }
    if let Some(s) = status_line(cat, n) {
        out.push_str(&format!("- **Network status:** {}\n", md(&s)));
    }
    out.push_str(&format!(
        "- **Cost:** {}\n",
        md(&Cost::describe(n.cost.as_ref()))
    ));
    if let Some(h) = &n.how_to_join {
        out.push_str(&format!(
            "- **How to join:** {}\n",
            md(&h.replace('\n', " "))
        ));
    }
    if let Some(u) = &n.join_url {
        out.push_str(&format!("- **Join:** <{u}>\n"));
    }
    if let Some(u) = &n.website {
        out.push_str(&format!("- **Website:** <{u}>\n"));
    }
    out.push_str(&format!("\n{}\n\n", md(&n.summary)));
    if !n.opportunities.is_empty() {
        out.push_str("### Learning and training\n\n");
        for o in &n.opportunities {
            let mut lines = Vec::new();
            opportunity_lines(cat, n, o, &mut lines);
            for l in lines {
                // Links stay clickable; everything else is escaped.
                match l.trim_start().strip_prefix("Link: ") {
                    Some(u) => out.push_str(&format!("  Link: <{u}>\n")),
                    None => out.push_str(&format!("{}\n", md(&l).replacen("\\- ", "- ", 1))),
                }
            }
        }
        out.push('\n');
    }
    if let Some(p) = &n.provenance
        && let Some(y) = p.as_of
    {
        out.push_str(&format!("_Facts as of {y}._\n\n"));
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
        let row = [
            b.id.clone(),
            n.map(|n| n.name.clone()).unwrap_or_default(),
            b.status.id().to_string(),
            b.note.clone().unwrap_or_default(),
            n.map(|n| Cost::describe(n.cost.as_ref()))
                .unwrap_or_default(),
            n.and_then(|n| n.how_to_join.clone()).unwrap_or_default(),
            // The network's own page only: a source page is not labelled here.
            n.and_then(|n| n.website.clone().or_else(|| n.join_url.clone()))
                .unwrap_or_default(),
            n.map(|n| n.opportunities.len().to_string())
                .unwrap_or_default(),
            if n.is_some() { "yes" } else { "no (missing)" }.to_string(),
            b.added.clone(),
        ];
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
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
