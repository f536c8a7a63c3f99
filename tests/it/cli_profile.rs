//! "Which networks fit me?" on the command line: `hinet profile`,
//! `hinet recommend` and `--for-me`, run as a separate process with their
//! own config folder (the user's real settings are never read or touched).

use std::path::PathBuf;

use serde_json::Value;

use crate::common::cli::{Folders, Run, command, small_dir};

/// A config folder kept for several runs, and a data folder.
struct Home {
    config: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            config: tempfile::TempDir::new().expect("a temporary config folder"),
            data: tempfile::TempDir::new().expect("a temporary data folder"),
        }
    }

    fn config_file(&self) -> PathBuf {
        self.config.path().join("config.toml")
    }

    /// `hinet --catalogue tests/fixtures/small ARGS`.
    fn run(&self, args: &[&str]) -> Run {
        let out = command(&[], &Folders::new(self.data.path(), self.config.path()))
            .arg("--catalogue")
            .arg(small_dir())
            .args(args)
            .output()
            .expect("the hinet binary runs");
        assert!(!out.stdout.contains(&0x1b), "stdout of {args:?} holds ESC");
        Run::from_output(out)
    }
}

const ANALYST_NORTH_WEST: [&str; 6] = [
    "--profession",
    "data-analytics",
    "--stage",
    "entry-student",
    "--scope",
    "region:north-west",
];

#[test]
fn profile_set_show_and_clear() {
    let home = Home::new();
    let empty = home.run(&["profile"]).ok();
    assert_eq!(
        empty.stdout,
        "profession\t-\tnot set\nstage\t-\tnot set\nscope\t-\tnot set\nsector\t-\tnot set\n"
    );
    assert!(empty.stderr.contains("no profile yet"), "{}", empty.stderr);
    assert!(!home.config_file().exists(), "show wrote the config");

    let set = home
        .run(&[
            "profile",
            "set",
            "--profession",
            "data-analytics",
            "--profession",
            "knowledge-library",
            "--scope",
            "wales",
        ])
        .ok();
    assert_eq!(
        set.stdout,
        "profession\tdata-analytics\tData and analytics\n\
         profession\tknowledge-library\tKnowledge and library services\n\
         stage\t-\tnot set\nscope\twales\tWales\nsector\t-\tnot set\n"
    );
    // A later `set` replaces only the fields it gives.
    home.run(&["profile", "set", "--stage", "early-career"])
        .ok();
    let json = home.run(&["profile", "show", "--json"]).ok().json();
    assert_eq!(json["professions"][1], "knowledge-library");
    assert_eq!(json["stage"], "early-career");
    assert_eq!(json["scope"], "wales");
    assert_eq!(json["asked"], true);

    let cleared = home.run(&["profile", "clear"]).ok();
    assert_eq!(cleared.stdout, "profile cleared\n");
    let json = home.run(&["profile", "show", "--json"]).ok().json();
    assert_eq!(json["professions"], Value::Array(Vec::new()));
    assert_eq!(json["stage"], Value::Null);
    assert_eq!(json["asked"], true, "a cleared profile is not asked again");
}

#[test]
fn a_label_is_saved_as_the_id_it_means() {
    // (Everyday words, through the aliases: cli::a_facet_value_may_be_a_label_or_an_everyday_word.)
    let home = Home::new();
    let set = home
        .run(&[
            "profile",
            "set",
            "--scope",
            "WALES",
            "--profession",
            "data and analytics",
        ])
        .ok();
    assert!(
        set.stderr.contains("note: --scope WALES is taken as wales"),
        "{}",
        set.stderr
    );
    let json = home.run(&["profile", "show", "--json"]).ok().json();
    assert_eq!(json["scope"], "wales");
    assert_eq!(json["professions"][0], "data-analytics");
    let bad = home.run(&["profile", "set", "--scope", "nurse"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("unknown scope `nurse`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn a_bad_value_is_refused_with_a_suggestion_and_nothing_is_written() {
    let home = Home::new();
    let bad = home.run(&["profile", "set", "--profession", "data-analytic"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains(
            "--profession: unknown profession `data-analytic`; did you mean `data-analytics`?"
        ),
        "{}",
        bad.stderr
    );
    assert!(!home.config_file().exists());
    let bad = home.run(&["recommend", "--scope", "wles"]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("did you mean `wales`?"),
        "{}",
        bad.stderr
    );
    let none = home.run(&["profile", "set"]);
    assert_eq!(none.code, 2, "{}", none.stderr);
}

#[test]
fn setting_the_profile_keeps_the_users_comments_and_keys() {
    let home = Home::new();
    let mine = "# mine\ntheme = \"mono\"  # plain\n\n[keys]\nbookmark = [\"m\"]  # my key\n";
    std::fs::write(home.config_file(), mine).expect("write");
    home.run(&["profile", "set", "--stage", "mid-career"]).ok();
    let text = std::fs::read_to_string(home.config_file()).expect("read");
    assert!(text.starts_with(mine), "{text}");
    assert!(
        text.contains("[profile]\nstage = \"mid-career\"\n"),
        "{text}"
    );
    let check = home.run(&["config", "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn an_unknown_saved_value_is_a_warning_and_left_out() {
    let home = Home::new();
    std::fs::write(
        home.config_file(),
        "[profile]\nprofessions = [\"data-analytcs\"]\nscope = \"wales\"\n",
    )
    .expect("write");
    let show = home.run(&["profile"]).ok();
    assert!(
        show.stdout.starts_with("profession\t-\tnot set\n"),
        "{}",
        show.stdout
    );
    assert!(
        show.stderr.contains("config.toml:2: profile: unknown profession `data-analytcs`; did you mean `data-analytics`?"),
        "{}",
        show.stderr
    );
    let check = home.run(&["config", "check"]);
    assert_eq!(check.code, 1);
    assert!(check.stderr.contains("data-analytcs"), "{}", check.stderr);
}

#[test]
fn recommend_ranks_by_fit_with_the_reasons() {
    let home = Home::new();
    let mut args = vec!["recommend"];
    args.extend(ANALYST_NORTH_WEST);
    let run = home.run(&args).ok();
    // Best first, then by name; the closed network last; networks that
    // match nothing are left out.
    assert_eq!(
        run.ids(),
        [
            "lakeland-apprenticeship-academy",
            "northern-data-guild",
            "hearth-and-home-circle",
            "coastal-coders-guild",
            "riverside-records-forum",
            "old-mill-analysts",
        ]
    );
    let lines: Vec<Vec<&str>> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(lines[0][2], "●●●");
    assert_eq!(
        lines[0][3],
        "for data and analytics · entry level or student · North West (region)"
    );
    assert_eq!(lines[2][1], "Hearth and Home Digital Circle");
    assert_eq!(lines[2][2], "○●●");
    assert_eq!(
        lines[2][3],
        "entry level or student · North West (region) (UK-wide)"
    );
    assert!(
        lines[2][4].starts_with("for social care practice only"),
        "{:?}",
        lines[2]
    );
    assert!(lines[5][4].starts_with("closed"), "{:?}", lines[5]);

    let mut json_args = args.clone();
    json_args.extend(["--json", "--limit", "3"]);
    let json = home.run(&json_args).ok().json();
    let list = json.as_array().expect("an array");
    assert_eq!(list.len(), 3);
    let fit = &list[2]["fit"];
    assert_eq!(list[2]["id"], "hearth-and-home-circle");
    assert_eq!(fit["score"], 2.0);
    assert_eq!(fit["max"], 3);
    assert_eq!(fit["matched"], serde_json::json!(["stage", "scope"]));
    assert_eq!(fit["unmatched"], serde_json::json!(["profession"]));
    assert_eq!(fit["unknown"], serde_json::json!([]));
    assert_eq!(fit["reasons"]["fits"][1], "North West (region) (UK-wide)");
}

#[test]
fn recommend_flags_replace_the_saved_profile() {
    let home = Home::new();
    let none = home.run(&["recommend"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no profile saved"), "{}", none.stderr);
    home.run(&["profile", "set", "--profession", "knowledge-library"])
        .ok();
    assert_eq!(
        home.run(&["recommend"]).ok().ids(),
        ["valley-library-exchange"]
    );
    let other = home
        .run(&["recommend", "--profession", "clinical-informatics"])
        .ok();
    assert_eq!(other.ids(), ["thistle-informatics-society"]);
}

#[test]
fn for_me_narrows_search_and_opportunities_to_what_fits() {
    let home = Home::new();
    let none = home.run(&["search", "--for-me"]);
    assert_eq!(none.code, 1);
    assert!(none.stderr.contains("no profile saved"), "{}", none.stderr);
    let mut set = vec!["profile", "set"];
    set.extend(ANALYST_NORTH_WEST);
    home.run(&set).ok();
    // Every stated field matched: the two analyst networks of the North West.
    let found = home.run(&["search", "--for-me"]).ok();
    assert_eq!(
        found.ids(),
        ["lakeland-apprenticeship-academy", "northern-data-guild"]
    );
    // It narrows: the query still applies.
    let found = home.run(&["search", "--for-me", "lakeland"]).ok();
    assert_eq!(found.ids(), ["lakeland-apprenticeship-academy"]);
    // Opportunities are judged by their own stages or their network's.
    let opps = home.run(&["opportunities", "--for-me"]).ok();
    let networks: Vec<&str> = opps.ids();
    assert!(!networks.is_empty());
    assert!(
        networks
            .iter()
            .all(|n| ["lakeland-apprenticeship-academy", "northern-data-guild"].contains(n)),
        "{}",
        opps.stdout
    );
    // The guild's early/mid-career opportunity does not fit an entry-level
    // profile; its entry-level one does.
    assert_eq!(
        networks
            .iter()
            .filter(|n| **n == "northern-data-guild")
            .count(),
        1,
        "{}",
        opps.stdout
    );
    let all = home.run(&["opportunities"]).ok();
    assert!(all.ids().len() > networks.len());
}

#[test]
fn with_no_terminal_nothing_is_asked() {
    let home = Home::new();
    let run = home.run(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("needs a terminal"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!home.config_file().exists(), "the welcome was remembered");
}
