//! The command line, run as a separate process: `check`, `search`,
//! `opportunities`, `show`, catalogue selection and output hygiene.
//!
//! Every run gets its own empty data and config folders, so the user's real
//! bookmarks, settings and `catalogue.d/` are never read or touched.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Stdio;

use serde_json::Value;

use crate::common::cli::{Folders, Run, command, root, small_dir};
use crate::common::large::large_catalogue;

fn small() -> String {
    small_dir().to_string_lossy().into_owned()
}

/// Run the binary with these arguments and extra environment variables.
fn hinet_env(args: &[&str], envs: &[(&str, &str)]) -> Run {
    let data = tempfile::TempDir::new().expect("a temporary data folder");
    let config = tempfile::TempDir::new().expect("a temporary config folder");
    let mut cmd = command(args, &Folders::new(data.path(), config.path()));
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("the hinet binary runs");
    assert!(
        !out.stdout.contains(&0x1b),
        "stdout of {args:?} holds an ESC byte"
    );
    let run = Run::from_output(out);
    // Nothing was written into the user's folders.
    for dir in [data.path(), config.path()] {
        let entries = std::fs::read_dir(dir).expect("temp folder").count();
        assert_eq!(entries, 0, "{args:?} wrote into {}", dir.display());
    }
    run
}

fn hinet(args: &[&str]) -> Run {
    hinet_env(args, &[])
}

/// `hinet --catalogue tests/fixtures/small ARGS`.
fn on_small(args: &[&str]) -> Run {
    let s = small();
    let mut all = vec!["--catalogue", s.as_str()];
    all.extend_from_slice(args);
    hinet(&all)
}

fn set<'a>(ids: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    ids.into_iter().map(str::to_string).collect()
}

const FIXTURE_IDS: [&str; 8] = [
    "coastal-coders-guild",
    "hearth-and-home-circle",
    "lakeland-apprenticeship-academy",
    "northern-data-guild",
    "old-mill-analysts",
    "riverside-records-forum",
    "thistle-informatics-society",
    "valley-library-exchange",
];

// ---------------------------------------------------------------------------
// help and check
// ---------------------------------------------------------------------------

#[test]
fn help_mentions_the_subcommands() {
    let r = hinet(&["--help"]).ok();
    for word in ["check", "search", "opportunities", "show", "--catalogue"] {
        assert!(
            r.stdout.contains(word),
            "--help lacks {word}:\n{}",
            r.stdout
        );
    }
}

/// Parse `ok: N networks, M opportunities`.
fn parse_ok(line: &str) -> (usize, usize) {
    let rest = line
        .strip_prefix("ok: ")
        .unwrap_or_else(|| panic!("not an ok line: {line:?}"));
    let (n, rest) = rest
        .split_once(" networks, ")
        .unwrap_or_else(|| panic!("no network count: {line:?}"));
    let m = rest
        .strip_suffix(" opportunities")
        .unwrap_or_else(|| panic!("no opportunity count: {line:?}"));
    (
        n.parse().expect("network count is a number"),
        m.parse().expect("opportunity count is a number"),
    )
}

/// How many networks the bundled catalogue holds: one file per network.
fn bundled_file_count() -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/networks");
    std::fs::read_dir(dir)
        .expect("catalogue/networks")
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
        .count()
}

#[test]
fn check_the_bundled_catalogue() {
    for args in [&["check"][..], &["check", "catalogue"][..]] {
        let r = hinet(args).ok();
        assert_eq!(r.lines().len(), 1, "{}", r.stdout);
        let (n, m) = parse_ok(r.lines()[0]);
        assert_eq!(n, bundled_file_count(), "{args:?}");
        assert!(n >= 115, "the bundled catalogue has only {n} networks");
        assert!(m >= 130, "only {m} opportunities");
        assert!(r.stderr.is_empty(), "{}", r.stderr);
    }
}

#[test]
fn check_the_small_fixture() {
    let r = hinet(&["check", &small()]).ok();
    assert_eq!(r.stdout, "ok: 8 networks, 12 opportunities\n");
}

/// One `error: FILE:LINE:COL: FIELD: message` line, split up.
struct ErrorLine {
    file: String,
    line: usize,
    col: usize,
    field: String,
    message: String,
}

fn parse_error(line: &str) -> ErrorLine {
    let rest = line
        .strip_prefix("error: ")
        .unwrap_or_else(|| panic!("no `error: ` prefix: {line:?}"));
    let mut parts = rest.splitn(4, ':');
    let file = parts.next().unwrap_or_default().to_string();
    let l = parts.next().unwrap_or_default();
    let c = parts.next().unwrap_or_default();
    let tail = parts.next().unwrap_or_default();
    let (field, message) = tail
        .strip_prefix(' ')
        .and_then(|t| t.split_once(": "))
        .unwrap_or_else(|| panic!("no `FIELD: message`: {line:?}"));
    assert!(
        !field.is_empty() && !field.contains(' '),
        "field {field:?} in {line:?}"
    );
    assert!(!message.trim().is_empty(), "empty message in {line:?}");
    assert!(line.chars().count() <= 310, "over-long line {line:?}");
    ErrorLine {
        file,
        line: l
            .parse()
            .unwrap_or_else(|_| panic!("line number in {line:?}")),
        col: c
            .parse()
            .unwrap_or_else(|_| panic!("column number in {line:?}")),
        field: field.to_string(),
        message: message.to_string(),
    }
}

/// 1-based number of the first line of `file` containing `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .expect("fixture file")
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.display()))
        + 1
}

#[test]
fn check_reports_every_error_with_its_place() {
    let r = hinet(&["check", "tests/fixtures/broken"]);
    assert_eq!(r.code, 1, "stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "stdout: {}", r.stdout);
    let errors: Vec<ErrorLine> = r.stderr.lines().map(parse_error).collect();
    assert!(errors.len() >= 6, "{}", r.stderr);
    let cat = "tests/fixtures/broken/catalogue.toml";
    let nets = "tests/fixtures/broken/networks.toml";
    for e in &errors {
        assert!(e.file == cat || e.file == nets, "file {:?}", e.file);
        assert!(e.line >= 1 && e.col >= 1);
    }
    let find = |file: &str, field_end: &str| {
        errors
            .iter()
            .find(|e| e.file == file && e.field.ends_with(field_end))
            .unwrap_or_else(|| panic!("no error for {field_end} in {file}:\n{}", r.stderr))
    };
    let cat_path = root().join(cat);
    let nets_path = root().join(nets);

    let e = find(cat, ".webiste");
    assert_eq!(e.line, line_of(&cat_path, "webiste ="));
    assert!(e.message.contains("unknown field"), "{}", e.message);
    assert!(e.message.contains("`website`"), "{}", e.message);

    let e = find(cat, ".website");
    assert_eq!(e.line, line_of(&cat_path, "website = \"javascript"));
    assert!(e.message.contains("javascript"), "{}", e.message);

    let e = find(cat, ".sectors");
    assert_eq!(
        (e.line, e.col),
        (line_of(&cat_path, "social-cair"), 12),
        "{}",
        e.message
    );
    assert!(
        e.message.contains("did you mean `social-care`"),
        "{}",
        e.message
    );

    let e = find(nets, ".kind");
    assert_eq!(e.line, line_of(&nets_path, "netwrok"));
    assert!(
        e.message.contains("did you mean `network`"),
        "{}",
        e.message
    );

    let e = find(nets, ".join_url");
    assert_eq!(e.line, line_of(&nets_path, "user:secret@"));

    let e = find(nets, "network[twin-network].id");
    assert!(e.message.contains("duplicate id"), "{}", e.message);
    assert!(
        e.message.contains(&format!(
            "{cat}:{}:",
            line_of(&cat_path, "id = \"twin-network\"") - 1
        )),
        "the duplicate names the first place: {}",
        e.message
    );
}

#[test]

fn duplicate_id_is_reported_even_when_the_first_copy_has_errors() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let head = "[catalogue]\nname = \"T\"\nformat = 1\n\n[[vocabulary.kind]]\nid = \"network\"\nlabel = \"Network\"\n\n";
    let bad = "[[network]]\nid = \"dup\"\nname = \"A\"\nkind = \"network\"\nsummary = \"S\"\nwebsite = \"javascript:alert(1)\"\n";
    let good = "[[network]]\nid = \"dup\"\nname = \"B\"\nkind = \"network\"\nsummary = \"S\"\n";
    std::fs::write(dir.path().join("a.toml"), format!("{head}{bad}")).expect("write");
    std::fs::write(dir.path().join("b.toml"), good).expect("write");
    let path = dir.path().to_string_lossy().into_owned();
    let r = hinet(&["check", &path]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("javascript"), "{}", r.stderr);
    assert!(r.stderr.contains("duplicate id `dup`"), "{}", r.stderr);
}

#[test]
fn check_a_missing_path() {
    let r = hinet(&["check", "tests/fixtures/no-such-catalogue"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("tests/fixtures/no-such-catalogue"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.starts_with("error: "), "{}", r.stderr);
}

/// Run the binary with stderr a pipe whose read end is already closed (as
/// under `2>&1 | head -c 600` once `head` has gone): every write to stderr
/// fails with a broken pipe. Returns the exit status.
fn with_closed_stderr(args: &[&str]) -> Option<i32> {
    let data = tempfile::TempDir::new().expect("a temporary data folder");
    let config = tempfile::TempDir::new().expect("a temporary config folder");
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let status = command(args, &Folders::new(data.path(), config.path()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(writer)
        .status()
        .expect("the hinet binary runs");
    status.code()
}

#[test]
fn a_closed_stderr_gives_the_usual_exit_status_not_a_panic() {
    let s = small();
    let dir = tempfile::TempDir::new().expect("temp dir");
    let plan = dir.path().join("plan.md");
    let plan_arg = plan.to_string_lossy().into_owned();
    for (args, want) in [
        // Errors: the message cannot be written, the status is still 1.
        (vec!["check", "tests/fixtures/no-such-catalogue"], 1),
        (vec!["--catalogue", &s, "show", "northern-data-gild"], 1),
        // The app without a terminal.
        (vec!["--catalogue", &s], 1),
        // Success that reports on stderr (`wrote PATH`).
        (
            vec![
                "--catalogue",
                &s,
                "bookmarks",
                "export",
                "--output",
                &plan_arg,
            ],
            0,
        ),
        // A usage error, reported by clap.
        (vec!["--no-such-option"], 2),
    ] {
        assert_eq!(with_closed_stderr(&args), Some(want), "{args:?}");
    }
    assert!(plan.exists(), "the export was written");
}

/// Standard output a pipe whose reader has gone (`hinet search | head -1`
/// once `head` has read its line) ends the run quietly with status 0,
/// whether the broken pipe is met while writing text, while writing JSON, or
/// only when the last of the output is flushed.
#[test]
fn a_closed_stdout_ends_quietly_with_status_0() {
    let data = tempfile::TempDir::new().expect("a temporary data folder");
    let config = tempfile::TempDir::new().expect("a temporary config folder");
    for args in [
        // Far more than the output buffer holds: met while writing.
        vec!["search", "--json"],
        vec!["schema"],
        vec!["opportunities"],
        // Less than the buffer holds: met when it is flushed at the end.
        vec!["man"],
        vec!["--catalogue", "tests/fixtures/small", "search"],
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = command(&args, &Folders::new(data.path(), config.path()))
            .stdin(Stdio::null())
            .stdout(writer)
            .output()
            .expect("the hinet binary runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?} says nothing");
    }
}

// ---------------------------------------------------------------------------
// catalogue selection
// ---------------------------------------------------------------------------

#[test]
fn catalogue_option_and_environment_select_the_fixture() {
    let by_option = on_small(&["search"]).ok();
    assert_eq!(set(by_option.ids()), set(FIXTURE_IDS));
    let s = small();
    let by_env = hinet_env(&["search"], &[("HINET_CATALOGUE", &s)]).ok();
    assert_eq!(by_env.stdout, by_option.stdout);
    let by_env = hinet_env(&["check"], &[("HINET_CATALOGUE", &s)]).ok();
    assert_eq!(by_env.stdout, "ok: 8 networks, 12 opportunities\n");
    // Without either, the bundled catalogue.
    let bundled = hinet(&["search"]).ok();
    assert_eq!(bundled.lines().len(), bundled_file_count());
    assert!(!bundled.ids().contains(&"northern-data-guild"));
}

// ---------------------------------------------------------------------------
// search
// ---------------------------------------------------------------------------

#[test]
fn search_with_a_query_prints_id_tab_name() {
    let r = on_small(&["search", "guild"]).ok();
    assert_eq!(
        r.stdout,
        "coastal-coders-guild\tCoastal Coders Guild\n\
         northern-data-guild\tNorthern Data Guild\n\
         thistle-informatics-society\tThistle Informatics Society\n\
         valley-library-exchange\tValley Library and Knowledge Exchange\n\
         lakeland-apprenticeship-academy\tLakeland Apprenticeship Academy\n"
    );
    // Several words: all must match.
    let r = on_small(&["search", "guild", "data"]).ok();
    assert_eq!(
        r.ids(),
        ["northern-data-guild", "lakeland-apprenticeship-academy"]
    );
    let r = on_small(&["search", "guild !coders"]).ok();
    assert!(!r.ids().contains(&"coastal-coders-guild"));
    assert_eq!(r.lines().len(), 4);
    let r = on_small(&["search", "carers"]).ok();
    assert_eq!(r.ids(), ["hearth-and-home-circle"]);
    let r = on_small(&["search", "zzzzqqq"]).ok();
    assert_eq!(r.stdout, "");
}

#[test]
fn an_empty_result_says_so_on_stderr_only() {
    let r = on_small(&["search", "zzzzqqq", "--scope", "wales"]).ok();
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "no networks match \"zzzzqqq\" --scope wales\n");
    let r = on_small(&["search", "zzzzqqq", "--json"]).ok();
    assert_eq!(r.json(), Value::Array(Vec::new()));
    assert_eq!(r.stderr, "no networks match \"zzzzqqq\"\n");
    let r = on_small(&["opportunities", "--type", "conference", "--free"]).ok();
    assert_eq!(r.stdout, "");
    assert_eq!(
        r.stderr,
        "no opportunities match --type conference --free\n"
    );
    // Something found: nothing on stderr.
    let r = on_small(&["search", "guild"]).ok();
    assert_eq!(r.stderr, "");
}

#[test]
fn closed_and_merged_networks_are_marked_in_plain_lists() {
    let r = on_small(&["search", "old mill"]).ok();
    assert_eq!(
        r.stdout,
        "old-mill-analysts\tOld Mill Analysts Network [closed]\n"
    );
    let r = on_small(&["opportunities", "--catalogue", &small(), "old mill"]).ok();
    for l in r.lines() {
        assert!(l.starts_with("old-mill-analysts\t"), "{l}");
        assert!(l.ends_with(" [closed]"), "{l}");
    }
    assert!(!r.lines().is_empty());
    // The ids stay clean, so scripts can take the first column.
    let r = hinet(&["search", "--status", "merged"]).ok();
    assert!(!r.lines().is_empty());
    for l in r.lines() {
        let (id, name) = l.split_once('\t').expect("two columns");
        assert!(!id.contains(' '), "{l}");
        assert!(name.contains("[merged into "), "{l}");
    }
    let r = hinet(&["search", "--status", "active"]).ok();
    assert!(
        r.lines()
            .iter()
            .all(|l| !l.contains("[closed]") && !l.contains("[merged"))
    );
}

#[test]
fn places_nest_on_the_command_line() {
    // Wales: the Welsh networks and the UK-wide one; not England's.
    let ids = |args: &[&str]| -> BTreeSet<String> {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        on_small(&all)
            .ok()
            .ids()
            .into_iter()
            .map(String::from)
            .collect()
    };
    assert!(ids(&["--scope", "wales"]).contains("hearth-and-home-circle"));
    assert!(!ids(&["--scope", "wales"]).contains("old-mill-analysts"));
    assert_eq!(
        ids(&["--scope", "uk-wide"]),
        set(["hearth-and-home-circle"])
    );
    // The rows say which networks are there through UK-wide.
    let r = on_small(&["search", "--scope", "wales"]).ok();
    assert_eq!(r.lines().len(), 3);
    for l in r.lines() {
        let through = l.ends_with(" · UK-wide");
        assert_eq!(through, l.starts_with("hearth-and-home-circle\t"), "{l}");
    }
    let r = on_small(&["search", "--scope", "uk-wide"]).ok();
    assert!(!r.stdout.contains("· UK-wide"), "{}", r.stdout);
    // The learning list takes the place from each opportunity's network.
    let r = on_small(&["opportunities", "--scope", "scotland"]).ok();
    let nets: BTreeSet<&str> = r.ids().into_iter().collect();
    assert_eq!(
        nets,
        ["hearth-and-home-circle", "thistle-informatics-society"]
            .into_iter()
            .collect()
    );
    // Unknown places are refused with a suggestion.
    let r = on_small(&["opportunities", "--scope", "wale"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `wales`"), "{}", r.stderr);
}

#[test]
fn a_facet_value_may_be_a_label_or_an_everyday_word() {
    // The bundled catalogue's aliases: Glasgow is in Scotland, a nurse's
    // profession is nursing and midwifery. The note says what was taken.
    for (flag, given, id) in [
        ("--scope", "glasgow", "scotland"),
        ("--scope", "Northern Ireland", "northern-ireland"),
        ("--profession", "nurse", "nursing-midwifery"),
        ("--stage", "apprentice", "entry-student"),
    ] {
        let by_word = hinet(&["search", flag, given]).ok();
        let by_id = hinet(&["search", flag, id]).ok();
        assert!(!by_id.stdout.is_empty(), "{flag} {id}");
        assert_eq!(by_word.stdout, by_id.stdout, "{flag} {given}");
        assert_eq!(
            by_word.stderr,
            format!("note: {flag} {given} is taken as {id}\n")
        );
        assert_eq!(by_id.stderr, "");
    }
    // A word meaning values of another facet only is refused, and a typo
    // of an everyday word is suggested.
    let r = hinet(&["search", "--scope", "nurse"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("`nurse` is not a known value"),
        "{}",
        r.stderr
    );
    let r = hinet(&["search", "--scope", "glasgw"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `glasgow`?"), "{}", r.stderr);
}

#[test]
fn not_stated_is_a_value_like_any_other() {
    // In the bundled catalogue, the opportunities that state no stage take
    // their network's; `not_stated` finds the ones left with none.
    let all = on_small(&["opportunities", "--json"]).ok().json();
    let all = all.as_array().expect("an array").clone();
    let carers = all
        .iter()
        .find(|o| o["title"] == "Digital skills for carers")
        .expect("the carers course");
    assert_eq!(carers["career_stages_inherited"], true);
    assert_eq!(
        carers["career_stages"],
        serde_json::json!(["entry-student", "early-career"])
    );
    let r = on_small(&["opportunities", "--stage", "early-career"]).ok();
    assert!(
        r.stdout.contains("Digital skills for carers"),
        "{}",
        r.stdout
    );
    // No opportunity of the fixture is left without a stage: nothing, said once.
    let r = on_small(&["opportunities", "--stage", "not_stated"]).ok();
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "no opportunities match --stage not_stated\n");
    let r = on_small(&[
        "opportunities",
        "--stage",
        "not_stated",
        "--stage",
        "mid-career",
    ])
    .ok();
    assert!(!r.stdout.is_empty(), "OR within a facet");
    // A network with no sectors counts under not_stated.
    let dir = tempfile::TempDir::new().expect("temp");
    let text = std::fs::read_to_string(root().join("tests/fixtures/small/catalogue.toml"))
        .expect("fixture");
    std::fs::write(dir.path().join("catalogue.toml"), text).expect("write");
    std::fs::write(
        dir.path().join("quiet.toml"),
        "[[network]]\nid = \"quiet\"\nname = \"Quiet\"\nkind = \"network\"\nsummary = \"S\"\n",
    )
    .expect("write");
    let p = dir.path().to_string_lossy().into_owned();
    let r = hinet(&["--catalogue", &p, "search", "--sector", "not_stated"]).ok();
    assert_eq!(r.stdout, "quiet\tQuiet\n");
    let r = hinet(&[
        "--catalogue",
        &p,
        "search",
        "--scope",
        "not_stated",
        "--stage",
        "not_stated",
    ])
    .ok();
    assert_eq!(r.ids(), ["quiet"]);
}

#[test]
fn show_offers_a_link_for_every_network_and_names_predecessors() {
    // No website or join page: the first source page, labelled.
    let r = on_small(&["show", "hearth-and-home-circle"]).ok();
    assert!(
        r.stdout
            .contains("Link: https://example.org/hearth (no website known — source page)"),
        "{}",
        r.stdout
    );
    let v = on_small(&["show", "hearth-and-home-circle", "--json"])
        .ok()
        .json();
    assert_eq!(v["link"]["url"], "https://example.org/hearth");
    assert_eq!(v["link"]["kind"], "source");
    assert_eq!(v["link"]["label"], "no website known — source page");
    let v = on_small(&["show", "coastal-coders-guild", "--json"])
        .ok()
        .json();
    assert_eq!(v["link"]["kind"], "website");
    assert_eq!(v["link"]["url"], v["website"]);
    // The successor says what it replaced; derived, not written in the data.
    let r = on_small(&["show", "northern-data-guild"]).ok();
    assert!(
        r.stdout
            .contains("Formerly: Old Mill Analysts Network (closed; old-mill-analysts)"),
        "{}",
        r.stdout
    );
    let v = on_small(&["show", "northern-data-guild", "--json"])
        .ok()
        .json();
    assert_eq!(
        v["formerly"],
        serde_json::json!([{"id": "old-mill-analysts", "name": "Old Mill Analysts Network", "status": "closed"}])
    );
    let v = on_small(&["show", "coastal-coders-guild", "--json"])
        .ok()
        .json();
    assert!(v.get("formerly").is_none(), "{v}");
    // Every bundled network has something to open.
    for n in bundled_networks().keys() {
        let v = hinet(&["show", n, "--json"]).ok().json();
        assert!(
            v["link"]["url"]
                .as_str()
                .is_some_and(|u| u.starts_with("http")),
            "{n}: {v}"
        );
    }
    // The bundled successors: FEDIP was formerly UKCHIP.
    let r = hinet(&["show", "fedip"]).ok();
    assert!(
        r.stdout.contains("Formerly: UKCHIP (closed 2018; ukchip)"),
        "{}",
        r.stdout
    );
}

#[test]
fn check_gaps_lists_what_a_reader_would_miss() {
    let r = on_small(&["check", "--gaps"]).ok();
    let lines = r.lines();
    assert!(lines[0].starts_with("ok: 8 networks"), "{}", r.stdout);
    assert!(
        r.stdout.contains("facts are old when dated before 2023"),
        "the fixture is updated in 2026:\n{}",
        r.stdout
    );
    let row = |id: &str| -> Option<String> {
        lines
            .iter()
            .find(|l| l.starts_with(&format!("{id}\t")))
            .map(|l| l.to_string())
    };
    let hearth = row("hearth-and-home-circle").expect("hearth has gaps");
    assert!(hearth.contains("no website or join page"), "{hearth}");
    assert!(hearth.contains("cost not known"), "{hearth}");
    assert!(r.stdout.contains("\ntotals: "), "{}", r.stdout);
    // Every figure in the totals agrees with the rows above it.
    let count = |what: &str| {
        lines
            .iter()
            .filter(|l| l.contains('\t') && l.contains(what))
            .count()
    };
    let total = |label: &str| -> usize {
        let l = lines
            .iter()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("a totals line for {label}:\n{}", r.stdout));
        l.rsplit(": ")
            .next()
            .and_then(|n| n.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("a number in {l}"))
    };
    assert_eq!(
        total("no website or join page"),
        count("no website or join page")
    );
    assert_eq!(total("cost not known"), count("cost not known"));
    assert!(total("no website or join page") >= 1);
    // Plain check says nothing of gaps.
    let r = on_small(&["check"]).ok();
    assert_eq!(r.lines().len(), 1);
}

#[test]
fn search_filters_or_within_and_across() {
    let ids = |args: &[&str]| {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        set(on_small(&all).ok().ids())
    };
    assert_eq!(
        ids(&["--sector", "social-care"]),
        set(["hearth-and-home-circle", "lakeland-apprenticeship-academy"])
    );
    assert_eq!(
        ids(&["--sector", "social-care", "--sector", "mental-health"]),
        set([
            "hearth-and-home-circle",
            "lakeland-apprenticeship-academy",
            "riverside-records-forum"
        ])
    );
    assert_eq!(
        ids(&[
            "--sector",
            "social-care",
            "--sector",
            "mental-health",
            "--stage",
            "mid-career"
        ]),
        set(["riverside-records-forum"])
    );
    assert_eq!(
        ids(&["--stage", "entry-student"]),
        set([
            "coastal-coders-guild",
            "hearth-and-home-circle",
            "lakeland-apprenticeship-academy",
            "northern-data-guild"
        ])
    );
    assert_eq!(ids(&["--free"]), set(["northern-data-guild"]));
    assert_eq!(
        ids(&["--stage", "entry-student", "--free"]),
        set(["northern-data-guild"])
    );
    assert_eq!(ids(&["--stage", "senior-leader", "--free"]), set([]));
    assert_eq!(
        ids(&["--scope", "wales"]),
        set([
            "coastal-coders-guild",
            "valley-library-exchange",
            "hearth-and-home-circle"
        ])
    );
    assert_eq!(ids(&["--status", "closed"]), set(["old-mill-analysts"]));
    assert_eq!(
        ids(&["--kind", "academy", "--kind", "professional-body"]),
        set([
            "lakeland-apprenticeship-academy",
            "thistle-informatics-society"
        ])
    );
    assert_eq!(
        ids(&["--profession", "data-analytics", "guild"]),
        set(["northern-data-guild", "lakeland-apprenticeship-academy"])
    );
}

#[test]
fn search_filters_on_the_bundled_catalogue_narrow() {
    let all = hinet(&["search"]).ok().lines().len();
    let social = hinet(&["search", "--sector", "social-care"]).ok();
    let entry = hinet(&["search", "--stage", "entry-student"]).ok();
    let both = hinet(&[
        "search",
        "--sector",
        "social-care",
        "--stage",
        "entry-student",
    ])
    .ok();
    let either = hinet(&[
        "search",
        "--sector",
        "social-care",
        "--sector",
        "primary-care",
    ])
    .ok();
    let (s, e, b) = (set(social.ids()), set(entry.ids()), set(both.ids()));
    assert!(!s.is_empty() && s.len() < all);
    assert!(!e.is_empty() && e.len() < all);
    assert_eq!(b, s.intersection(&e).cloned().collect());
    let primary = set(hinet(&["search", "--sector", "primary-care"]).ok().ids());
    assert_eq!(set(either.ids()), s.union(&primary).cloned().collect());
    let free = hinet(&["search", "--free", "--json"]).ok().json();
    let free = free.as_array().expect("an array");
    assert!(!free.is_empty() && free.len() < all);
    for n in free {
        assert_eq!(n["cost"]["free"], Value::Bool(true), "{}", n["id"]);
    }
}

#[test]
fn search_limit() {
    let r = on_small(&["search", "guild", "--limit", "2"]).ok();
    assert_eq!(r.ids(), ["coastal-coders-guild", "northern-data-guild"]);
    let r = on_small(&["search", "--limit", "0"]).ok();
    assert_eq!(r.stdout, "");
    let r = on_small(&["search", "--limit", "100"]).ok();
    assert_eq!(r.lines().len(), 8);
    let r = on_small(&["search", "guild", "--limit", "1", "--json"]).ok();
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
}

#[test]
fn search_json() {
    let plain = on_small(&["search", "guild"]).ok();
    let r = on_small(&["search", "guild", "--json"]).ok();
    let v = r.json();
    let arr = v.as_array().expect("a JSON array");
    let ids: Vec<&str> = arr
        .iter()
        .map(|n| n["id"].as_str().expect("id is a string"))
        .collect();
    assert_eq!(ids, plain.ids());
    for n in arr {
        assert!(n["name"].is_string(), "{n}");
        assert!(n["sectors"].is_array(), "{n}");
        assert!(n["opportunity"].is_array(), "{n}");
        assert!(n["provenance"]["sources"].is_array(), "{n}");
    }
    let ndg = arr
        .iter()
        .find(|n| n["id"] == "northern-data-guild")
        .expect("ndg");
    assert_eq!(ndg["name"], "Northern Data Guild");
    assert_eq!(
        ndg["sectors"],
        serde_json::json!(["nhs-acute", "primary-care"])
    );
    assert_eq!(ndg["opportunity"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ndg["opportunity"][1]["title"],
        "Introduction to SQL for analysts"
    );
    assert_eq!(ndg["opportunity"][1]["type"], "course");
    assert_eq!(ndg["provenance"]["as_of"], 2025);
    // No results: an empty array, still JSON.
    let r = on_small(&["search", "zzzzqqq", "--json"]).ok();
    assert_eq!(r.json(), serde_json::json!([]));
}

#[test]
fn unknown_facet_value_suggests_one() {
    let r = on_small(&["search", "--sector", "social-cair"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("did you mean `social-care`"),
        "{}",
        r.stderr
    );
    let r = hinet(&["search", "--stage", "entry-studnet"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did you mean `entry-student`"),
        "{}",
        r.stderr
    );
    let r = hinet(&["opportunities", "--type", "cours"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("did you mean `course`"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

#[test]
fn show_plain_and_json() {
    let r = on_small(&["show", "northern-data-guild"]).ok();
    for want in [
        "Northern Data Guild (NDG)",
        "id: northern-data-guild",
        "Learning and training (2)",
        "Introduction to SQL for analysts",
        "Monthly analyst meet-up",
        "Sources (facts as of 2025)",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?}:\n{}", r.stdout);
    }
    let r = on_small(&["show", "old-mill-analysts"]).ok();
    assert!(r.stdout.contains("Closed"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Closed — succeeded by Northern Data Guild (northern-data-guild)"),
        "{}",
        r.stdout
    );
    let r = on_small(&["show", "northern-data-guild", "--json"]).ok();
    let v = r.json();
    assert!(v.is_object(), "{v}");
    assert_eq!(v["id"], "northern-data-guild");
    assert_eq!(v["opportunity"].as_array().map(Vec::len), Some(2));
    // On the bundled catalogue too.
    let r = hinet(&["show", "apha"]).ok();
    assert!(
        r.stdout
            .contains("Association of Professional Healthcare Analysts"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Learning and training"), "{}", r.stdout);
}

#[test]
fn show_unknown_id_suggests_one() {
    let r = on_small(&["show", "northern-data-gild"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("did you mean `northern-data-guild`"),
        "{}",
        r.stderr
    );
    let r = hinet(&["show", "aphaa", "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(r.stderr.contains("did you mean `apha`"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------
// opportunities
// ---------------------------------------------------------------------------

#[test]
fn opportunities_plain_lines_on_the_fixture() {
    let r = on_small(&["opportunities", "--type", "mentoring"]).ok();
    assert_eq!(
        r.stdout,
        "coastal-coders-guild\tCoders' buddy scheme\tmentoring\n\
         valley-library-exchange\tEvidence mentoring circle\tmentoring\n"
    );
    let r = on_small(&["opportunities", "carers"]).ok();
    assert_eq!(
        r.stdout,
        "hearth-and-home-circle\tDigital skills for carers\tcourse\n"
    );
    let r = on_small(&["opportunities"]).ok();
    assert_eq!(r.lines().len(), 12);
    for l in r.lines() {
        let cols: Vec<&str> = l.split('\t').collect();
        assert_eq!(cols.len(), 3, "{l:?}");
        assert!(FIXTURE_IDS.contains(&cols[0]), "{l:?}");
    }
}

/// The bundled catalogue's networks by id, for checking filters.
fn bundled_networks() -> HashMap<String, Value> {
    let v = hinet(&["search", "--json"]).ok().json();
    v.as_array()
        .expect("an array")
        .iter()
        .map(|n| (n["id"].as_str().expect("id").to_string(), n.clone()))
        .collect()
}

fn has(v: &Value, key: &str, want: &str) -> bool {
    v[key]
        .as_array()
        .is_some_and(|a| a.iter().any(|x| x == want))
}

#[test]
fn opportunities_filters_narrow() {
    let networks = bundled_networks();
    let all = hinet(&["opportunities", "--json"]).ok().json();
    let all = all.as_array().expect("an array").clone();
    assert!(all.len() >= 130);
    for o in &all {
        for key in ["network", "network_name", "title", "type"] {
            assert!(o[key].is_string(), "{key} in {o}");
        }
        let n = &networks[o["network"].as_str().expect("network")];
        assert_eq!(o["network_name"], n["name"]);
    }
    type Check = fn(&Value, &Value) -> bool;
    let cases: [(&[&str], Check); 6] = [
        (&["--type", "course"], |o, _| o["type"] == "course"),
        (&["--stage", "entry-student"], |o, _| {
            has(o, "career_stages", "entry-student")
        }),
        (&["--format", "online"], |o, _| has(o, "formats", "online")),
        (&["--sector", "social-care"], |_, n| {
            has(n, "sectors", "social-care")
        }),
        (&["--free"], |o, _| o["cost"]["free"] == true),
        (
            &["--type", "webinar", "--type", "conference", "--free"],
            |o, _| {
                (o["type"] == "webinar" || o["type"] == "conference") && o["cost"]["free"] == true
            },
        ),
    ];
    for (args, check) in cases {
        let mut full = vec!["opportunities", "--json"];
        full.extend_from_slice(args);
        let got = hinet(&full).ok().json();
        let got = got.as_array().expect("an array");
        assert!(
            !got.is_empty() && got.len() < all.len(),
            "{args:?} gave {} of {}",
            got.len(),
            all.len()
        );
        for o in got {
            let n = &networks[o["network"].as_str().expect("network")];
            assert!(check(o, n), "{args:?} let through {o}");
        }
        // Everything the filter should keep is kept.
        let want = all
            .iter()
            .filter(|o| check(o, &networks[o["network"].as_str().expect("network")]))
            .count();
        assert_eq!(got.len(), want, "{args:?}");
        // The plain output lists the same items.
        let mut plain = vec!["opportunities"];
        plain.extend_from_slice(args);
        let r = hinet(&plain).ok();
        let lines: Vec<String> = got
            .iter()
            .map(|o| {
                let n = &networks[o["network"].as_str().unwrap_or("")];
                let mark = match (n["status"].as_str(), n["successor"].as_str()) {
                    (Some("closed"), _) => " [closed]".to_string(),
                    (Some("merged"), Some(s)) => {
                        let succ = &networks[s];
                        let name = succ["short_name"].as_str().or(succ["name"].as_str());
                        format!(" [merged into {}]", name.unwrap_or(""))
                    }
                    (Some("merged"), None) => " [merged]".to_string(),
                    _ => String::new(),
                };
                format!(
                    "{}\t{}\t{}{mark}",
                    o["network"].as_str().unwrap_or(""),
                    o["title"].as_str().unwrap_or(""),
                    o["type"].as_str().unwrap_or("")
                )
            })
            .collect();
        assert_eq!(r.lines(), lines, "{args:?}");
    }
}

// ---------------------------------------------------------------------------
// every bundled network can be found
// ---------------------------------------------------------------------------

#[test]
fn every_bundled_network_is_found_by_its_short_name_and_name() {
    let networks = bundled_networks();
    assert_eq!(networks.len(), bundled_file_count());
    let mut failures = Vec::new();
    let mut with_short = 0;
    let mut ids: Vec<&String> = networks.keys().collect();
    ids.sort();
    for id in ids {
        let n = &networks[id];
        let mut queries = vec![n["name"].as_str().expect("name").to_string()];
        if let Some(s) = n["short_name"].as_str() {
            with_short += 1;
            queries.push(s.to_string());
        }
        for q in queries {
            let r = hinet(&["search", &q]).ok();
            let top: Vec<&str> = r.ids().into_iter().take(3).collect();
            if !top.contains(&id.as_str()) {
                failures.push(format!("{id}: `{q}` gave {top:?}"));
            }
        }
    }
    assert!(with_short > 30, "only {with_short} short names");
    assert!(
        failures.is_empty(),
        "not in the top 3:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------
// output hygiene
// ---------------------------------------------------------------------------

const COLOUR_ENV: &[(&str, &str)] = &[("TERM", "xterm-256color"), ("COLORTERM", "truecolor")];

#[test]
fn no_escape_bytes_even_with_a_colour_terminal_set() {
    // hinet_env asserts there is no ESC on stdout for every run; these are
    // the runs most likely to emit one.
    for args in [
        &["search", "data"][..],
        &["search", "--json"][..],
        &["show", "apha"][..],
        &["opportunities"][..],
        &["check"][..],
    ] {
        let r = hinet_env(args, COLOUR_ENV).ok();
        assert!(!r.stdout.is_empty(), "{args:?}");
    }
    let r = hinet_env(&["--help"], COLOUR_ENV).ok();
    assert!(r.stdout.contains("search"));
}

fn run_in(dirs: &Path, args: &[&str]) -> std::process::Output {
    command(args, &Folders::beside(dirs))
        .output()
        .expect("the hinet binary runs")
}

fn cache_entries(dirs: &Path) -> usize {
    std::fs::read_dir(dirs.join("cache")).map_or(0, |d| {
        d.flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "bin"))
            .count()
    })
}

#[test]
fn a_large_catalogue_is_cached_by_content_and_never_served_stale() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cat = large_catalogue(tmp.path(), 2_000, "Alpha");
    assert!(std::fs::metadata(&cat).expect("stat").len() > 1 << 20);
    let cat = cat.to_str().expect("utf-8 path");
    let query = ["--catalogue", cat, "search", "network", "17", "--json"];
    let first = run_in(tmp.path(), &query);
    assert!(first.status.success());
    assert_eq!(
        cache_entries(tmp.path()),
        1,
        "the first run fills the cache"
    );
    let second = run_in(tmp.path(), &query);
    assert!(second.status.success());
    assert_eq!(second.stdout, first.stdout, "the cached answer is the same");
    // Every command that reads the catalogue gives the same through the cache.
    for args in [
        vec!["--catalogue", cat, "show", "net-5"],
        vec!["--catalogue", cat, "opportunities"],
        vec![
            "--catalogue",
            cat,
            "search",
            "librarians",
            "--sector",
            "nhs",
        ],
    ] {
        let cached = run_in(tmp.path(), &args);
        let mut fresh_args = args.clone();
        fresh_args.push("--no-cache");
        let fresh = run_in(tmp.path(), &fresh_args);
        assert_eq!(cached.stdout, fresh.stdout, "{args:?}");
        assert_eq!(cached.status.code(), fresh.status.code(), "{args:?}");
    }
    // One changed letter in the file: the new text, not the cached one.
    large_catalogue(tmp.path(), 2_000, "Alphb");
    let after = run_in(tmp.path(), &["--catalogue", cat, "show", "net-17"]);
    let text = String::from_utf8_lossy(&after.stdout);
    assert!(text.contains("Alphb network 17"), "{text}");
    // A broken file is reported, even though an entry for its old text exists.
    let broken = std::fs::read_to_string(cat).expect("read").replacen(
        "kind = \"network\"",
        "kind = \"netwrok\"",
        1,
    );
    std::fs::write(cat, broken).expect("write");
    let bad = run_in(tmp.path(), &["--catalogue", cat, "search", "x"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("netwrok"));
}

#[test]
fn a_same_size_edit_with_its_mtime_put_back_is_not_served_stale() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let path = large_catalogue(tmp.path(), 2_000, "Alpha");
    let cat = path.to_str().expect("utf-8 path");
    let mtime = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let show = ["--catalogue", cat, "show", "net-17"];
    for _ in 0..2 {
        let out = run_in(tmp.path(), &show);
        assert!(String::from_utf8_lossy(&out.stdout).contains("Alpha network 17"));
    }
    // The same size, and the modification time put back.
    large_catalogue(tmp.path(), 2_000, "Gamma");
    let f = std::fs::File::options()
        .write(true)
        .open(&path)
        .expect("open");
    f.set_modified(mtime).expect("set the mtime back");
    drop(f);
    let out = run_in(tmp.path(), &show);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Gamma network 17"), "{text}");
}

#[cfg(unix)]
#[test]
fn three_catalogues_in_turn_are_all_kept_in_the_cache() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cats: Vec<String> = ["a", "b", "c"]
        .iter()
        .map(|d| {
            let dir = tmp.path().join(d);
            std::fs::create_dir_all(&dir).expect("mkdir");
            let p = large_catalogue(&dir, 2_000, &format!("Cat{d}"));
            p.to_str().expect("utf-8 path").to_string()
        })
        .collect();
    for cat in &cats {
        assert!(
            run_in(tmp.path(), &["--catalogue", cat, "search", "x"])
                .status
                .success()
        );
    }
    assert_eq!(cache_entries(tmp.path()), 3);
    // Each entry and its inode: an entry written anew is a new file renamed
    // into place, an entry read keeps its inode.
    let names = || -> Vec<(std::path::PathBuf, u64)> {
        use std::os::unix::fs::MetadataExt;
        let mut v: Vec<_> = std::fs::read_dir(tmp.path().join("cache"))
            .expect("cache")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "bin"))
            .map(|p| {
                let ino = std::fs::metadata(&p).expect("stat").ino();
                (p, ino)
            })
            .collect();
        v.sort();
        v
    };
    let before = names();
    // The next round: each is read from its entry, none written anew.
    for cat in &cats {
        let out = run_in(tmp.path(), &["--catalogue", cat, "search", "network", "7"]);
        let fresh = run_in(
            tmp.path(),
            &["--no-cache", "--catalogue", cat, "search", "network", "7"],
        );
        assert_eq!(out.stdout, fresh.stdout);
    }
    assert_eq!(names(), before);
}

#[test]
fn no_cache_reads_and_writes_no_cache() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cat = large_catalogue(tmp.path(), 2_000, "Alpha");
    let cat = cat.to_str().expect("utf-8 path");
    let out = run_in(
        tmp.path(),
        &["--no-cache", "--catalogue", cat, "search", "alpha"],
    );
    assert!(out.status.success());
    assert_eq!(cache_entries(tmp.path()), 0);
    // `check` always parses afresh, and writes nothing either.
    let out = run_in(tmp.path(), &["--catalogue", cat, "check"]);
    assert!(out.status.success());
    assert_eq!(cache_entries(tmp.path()), 0);
    // A cache folder that cannot be written is no error.
    std::fs::write(tmp.path().join("cache"), "not a folder").expect("write");
    let out = run_in(tmp.path(), &["--catalogue", cat, "search", "alpha"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn search_says_on_stderr_where_partial_matches_start_and_what_matched_nothing() {
    let r = on_small(&["search", "guild", "data", "zzzqqq"]).ok();
    // stdout stays one id<TAB>name line per result.
    assert!(
        r.stdout.lines().all(|l| l.split('\t').count() == 2),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.starts_with("northern-data-guild\t"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.contains("matching 2 of 3 words"), "{}", r.stderr);
    assert!(
        r.stderr.contains("\"zzzqqq\" matched nothing"),
        "{}",
        r.stderr
    );
    // Nothing: nothing on stdout, the word that matched nothing named on
    // stderr (not the one that matched), still success.
    let r = on_small(&["search", "xqzvw", "guild"]).ok();
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("\"xqzvw\" matched nothing"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("\"guild\" matched"), "{}", r.stderr);
    // A short word one letter from a word of the catalogue: did you mean.
    let r = hinet(&["search", "fhib"]).ok();
    assert!(r.stderr.contains("did you mean \"fhir\"?"), "{}", r.stderr);
}

/// `HINET_NO_CACHE` takes the words people write for "yes" (the README says
/// `HINET_NO_CACHE=1`), and `0` or an empty value leaves the cache on.
#[test]
fn hinet_no_cache_takes_one_true_or_yes() {
    let tmp = tempfile::TempDir::new().expect("temp");
    let cat = large_catalogue(tmp.path(), 2_000, "Alpha");
    let cat = cat.to_str().expect("utf-8 path");
    let with = |value: &str| {
        command(
            &["--catalogue", cat, "search", "network"],
            &Folders::beside(tmp.path()),
        )
        .env("HINET_NO_CACHE", value)
        .output()
        .expect("the hinet binary runs")
    };
    for yes in ["1", "true", "yes"] {
        let out = with(yes);
        assert!(
            out.status.success(),
            "HINET_NO_CACHE={yes}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(cache_entries(tmp.path()), 0, "HINET_NO_CACHE={yes}");
    }
    let out = with("0");
    assert!(out.status.success());
    assert_eq!(
        cache_entries(tmp.path()),
        1,
        "HINET_NO_CACHE=0 uses the cache"
    );
}
