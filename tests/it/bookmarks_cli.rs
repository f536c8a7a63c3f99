//! CLI tests for bookmarks: add, set, remove, list, and every export format.

use std::path::Path;
use std::process::Output;

use crate::common::cli::{Folders, Run, command};

fn hinet(args: &[&str], dir: &Path) -> Output {
    command(args, &Folders::in_dir(dir))
        .output()
        .expect("run hinet")
}

fn ok(args: &[&str], dir: &Path) -> String {
    Run::from_output(hinet(args, dir)).ok().stdout
}

/// `hinet bookmarks add ARGS...`, which must succeed.
fn add(dir: &Path, args: &[&str]) {
    let mut all = vec!["bookmarks", "add"];
    all.extend_from_slice(args);
    ok(&all, dir);
}

#[test]
fn add_set_remove_and_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    add(d, &["apha", "--note", "ask about CPD funding"]);
    add(d, &["cilip", "--status", "joined"]);
    let list = ok(&["bookmarks", "list"], d);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with(
            "apha\tto-join\tAssociation of Professional Healthcare Analysts\task about CPD funding"
        ),
        "{list}"
    );
    assert!(lines[1].starts_with("cilip\tjoined\t"), "{list}");

    ok(
        &[
            "bookmarks",
            "set",
            "apha",
            "--status",
            "joined",
            "--note",
            "",
        ],
        d,
    );
    let list = ok(&["bookmarks", "list"], d);
    assert!(list.contains("apha\tjoined\t"), "{list}");
    assert!(!list.contains("CPD"), "the note was removed: {list}");

    let o = hinet(&["bookmarks", "add", "nope-not-real"], d);
    assert_eq!(o.status.code(), Some(1));
    let o = hinet(&["bookmarks", "remove", "fedip"], d);
    assert_eq!(
        o.status.code(),
        Some(1),
        "removing what is not bookmarked is an error"
    );
    let o = hinet(&["bookmarks", "set", "fedip", "--status", "joined"], d);
    assert_eq!(o.status.code(), Some(1));
    let o = hinet(&["bookmarks", "add", "apha", "--status", "maybe"], d);
    assert_eq!(o.status.code(), Some(2), "a bad status is a usage error");

    ok(&["bookmarks", "remove", "cilip"], d);
    let list = ok(&["bookmarks"], d);
    assert_eq!(list.lines().count(), 1);
    let search = ok(&["search", "--bookmarked"], d);
    assert_eq!(
        search.trim(),
        "apha\tAssociation of Professional Healthcare Analysts"
    );
}

#[test]
fn a_bookmark_whose_network_left_is_kept_and_exported_as_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("bookmarks.toml"),
        "format = 1\n[[bookmark]]\nid = \"gone-network\"\nstatus = \"to-join\"\nnote = \"was great\"\n\n[[bookmark]]\nid = \"apha\"\n",
    )
    .expect("write");
    let list = ok(&["bookmarks", "list"], d);
    assert!(
        list.contains("gone-network\tto-join\t(missing from the catalogue)\twas great"),
        "{list}"
    );
    let md = ok(&["bookmarks", "export", "--format", "markdown"], d);
    assert!(md.contains("## gone-network (missing)"), "{md}");
    assert!(md.contains("no longer in the catalogue"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["bookmarks", "export", "--format", "json"], d)).expect("json");
    let gone = json
        .as_array()
        .expect("array")
        .iter()
        .find(|e| e["id"] == "gone-network")
        .expect("kept");
    assert_eq!(gone["missing"], true);
    // Changing another bookmark keeps the missing one.
    ok(&["bookmarks", "set", "apha", "--status", "joined"], d);
    assert!(
        std::fs::read_to_string(d.join("bookmarks.toml"))
            .expect("read")
            .contains("gone-network")
    );
}

#[test]
fn every_export_format() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    add(
        d,
        &["apha", "--note", "=HYPERLINK(\"x\") and \"quotes\", commas"],
    );
    add(d, &["nhs-open-analytics", "--status", "joined"]);

    // Markdown: names, status, note, how to join, links, learning and training.
    let md = ok(&["bookmarks", "export", "--format", "markdown"], d);
    assert!(md.starts_with("# My joining plan"));
    assert!(
        md.contains("## Association of Professional Healthcare Analysts (AphA)"),
        "{md}"
    );
    assert!(md.contains("## NHS Open Analytics Community"), "{md}");
    assert!(
        md.find("AphA").expect("apha") < md.find("NHS Open Analytics").expect("nhs-oa"),
        "to join first"
    );
    assert!(md.contains("**Status:** Joined"));
    assert!(md.contains("### Learning and training"));
    assert!(md.contains("<https://"), "links are kept clickable: {md}");

    // CSV: a header, one row per bookmark, parseable.
    let csv = ok(&["bookmarks", "export", "--format", "csv"], d);
    let rows = parse_csv(&csv);
    assert_eq!(rows[0][0], "id");
    assert_eq!(rows.len(), 3, "{csv}");
    assert!(
        rows.iter().all(|r| r.len() == rows[0].len()),
        "every row has every column"
    );
    let note_col = rows[0]
        .iter()
        .position(|h| h == "note")
        .expect("note column");
    assert_eq!(rows[1][0], "apha");
    assert!(
        rows[1][note_col].starts_with("'="),
        "formulas are neutralised: {}",
        rows[1][note_col]
    );
    assert!(rows[1][note_col].contains("\"quotes\", commas"));

    // JSON: the bookmarks with their networks.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["bookmarks", "export", "--format", "json"], d)).expect("json");
    let arr = json.as_array().expect("array");
    assert_eq!(arr.len(), 2);
    assert_eq!(arr[0]["id"], "apha");
    assert_eq!(
        arr[0]["network"]["name"],
        "Association of Professional Healthcare Analysts"
    );
    assert!(arr[0]["network"]["opportunity"].is_array());

    // -o writes a file and says where.
    let out = d.join("plan.md");
    let o = hinet(
        &["bookmarks", "export", "-o", out.to_str().expect("utf-8")],
        d,
    );
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("plan.md"));
    assert!(
        std::fs::read_to_string(&out)
            .expect("read")
            .contains("# My joining plan")
    );
}

/// A small RFC 4180 reader: quoted fields, doubled quotes, CRLF rows.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}
