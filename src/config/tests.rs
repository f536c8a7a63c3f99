//! Tests of reading and writing the settings file.

use super::*;
use crate::app::Command;
use crate::app::keymap::{Key, Layer};

#[test]
fn valid_settings() {
    let s = parse(
        "c.toml",
        "theme = \"mono\"\n[keys]\nbookmark = [\"m\", \"ctrl-b\"]\n",
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.theme, Some(ThemeName::Mono));
    assert_eq!(s.keymap.command_for(Key::ch('m')), Some(Command::Bookmark));
    assert_eq!(
        s.keymap.command_for(Key::ctrl('b')),
        Some(Command::Bookmark)
    );
    assert_eq!(s.keymap.command_for(Key::ch('b')), None);
}

#[test]
fn unknown_action_is_a_warning_with_its_line() {
    let s = parse("c.toml", "[keys]\n\nbookmrk = [\"m\"]\n");
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].starts_with("c.toml:3: unknown action `bookmrk`"),
        "{:?}",
        s.warnings
    );
    assert!(s.warnings[0].contains("did you mean `bookmark`"));
    assert_eq!(s.keymap.command_for(Key::ch('b')), Some(Command::Bookmark));
}

#[test]
fn bad_key_keeps_the_defaults() {
    let s = parse("c.toml", "[keys]\nquit = [\"ctrl-\", \"q\"]\n");
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].starts_with("c.toml:2: cannot read the key"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.keymap.command_for(Key::ch('q')), Some(Command::Quit));
}

#[test]
fn two_actions_on_one_key() {
    let s = parse("c.toml", "[keys]\nbookmark = [\"q\"]\n");
    assert_eq!(s.warnings.len(), 1);
    assert!(
        s.warnings[0].starts_with("c.toml:2: `q` is already the key of `quit`"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.keymap.command_for(Key::ch('q')), Some(Command::Quit));
    assert_eq!(s.keymap.command_for(Key::ch('b')), Some(Command::Bookmark));
}

#[test]
fn quit_keeps_a_key_every_terminal_sends() {
    let s = parse("c.toml", "[keys]\nquit = [\"f12\", \"ctrl-m\"]\n");
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.warnings[0].starts_with("c.toml:2: `quit` would have no key"));
    assert_eq!(s.keymap.command_for(Key::ch('q')), Some(Command::Quit));
    let s = parse("c.toml", "[keys]\nquit = [\"ctrl-q\"]\n");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.keymap.command_for(Key::ctrl('q')), Some(Command::Quit));
}

#[test]
fn the_text_boxes_keys_are_rebound_in_their_own_tables() {
    let s = parse(
        "c.toml",
        "[keys]\nbookmark = [\"m\"]\n[keys.editing]\nclear = [\"ctrl-k\"]\n\
         [keys.search_box]\nleave = [\"ctrl-g\", \"esc\"]\n",
    );
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let km = &s.keymap;
    assert_eq!(
        km.lookup(Layer::Input, Key::ctrl('k')),
        Some(Command::ClearLine)
    );
    assert_eq!(km.lookup(Layer::Input, Key::ctrl('u')), None);
    assert_eq!(
        km.lookup(Layer::Search, Key::ctrl('g')),
        Some(Command::Back)
    );
    // `m` is a command among the panes and text in the search box.
    assert_eq!(km.command_for(Key::ch('m')), Some(Command::Bookmark));
    assert_eq!(km.lookup(Layer::Search, Key::ch('m')), None);
}

#[test]
fn a_text_box_key_that_would_stop_typing_is_refused() {
    let s = parse("c.toml", "[keys.search_box]\ndown = [\"j\"]\n");
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0].contains("`j` types text in a text box"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.keymap.lookup(Layer::Search, Key::ch('j')), None);
    // A clash between the shared editing keys and the search box's.
    let s = parse("c.toml", "[keys.editing]\nclear = [\"esc\"]\n");
    assert!(
        s.warnings[0].contains("`Esc` is already the key of `search_box.leave`"),
        "{:?}",
        s.warnings
    );
    // An unknown action in a table names the table.
    let s = parse("c.toml", "[keys.note_editor]\nsav = [\"ctrl-s\"]\n");
    assert!(
        s.warnings[0].contains("unknown action `note_editor.sav` (did you mean `save`?)"),
        "{:?}",
        s.warnings
    );
}

#[test]
fn ctrl_c_always_quits_and_cannot_be_taken() {
    // Naming it for quit is fine (DESIGN's example does).
    let s = parse("c.toml", "[keys]\nquit = [\"q\", \"ctrl-c\"]\n");
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    let s = parse("c.toml", "[keys]\nbookmark = [\"ctrl-c\"]\n");
    assert!(
        s.warnings[0].contains("`Ctrl-C` always quits"),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.keymap.command_for(Key::ch('b')), Some(Command::Bookmark));
}

#[test]
fn broken_toml_and_unknown_theme() {
    let s = parse("c.toml", "theme = \"neon\"\n");
    assert!(s.warnings[0].starts_with("c.toml:1: unknown theme `neon`"));
    assert_eq!(s.theme, None);
    let s = parse("c.toml", "x = [\n");
    assert!(s.warnings[0].contains("not valid TOML"));
}

#[test]
fn profile_is_read_and_checked_against_the_vocabulary() {
    let s = parse(
        "c.toml",
        "[profile]\nprofessions = [\"data-analytics\", \"data-analytic\"]\nstage = \"early-career\"\nscope = \"wales\"\nasked = true\nsector = [\"x\"]\n",
    );
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(
        s.warnings[0]
            .starts_with("c.toml:6: unknown profile setting `sector` (did you mean `sectors`?)"),
        "{:?}",
        s.warnings
    );
    assert!(s.profile_asked);
    assert_eq!(s.profile.professions, ["data-analytics", "data-analytic"]);
    let cat = crate::catalogue::load(
        &crate::catalogue::Source::Bundled,
        &crate::catalogue::LoadOptions::default(),
    )
    .expect("the bundled catalogue loads");
    let (p, w) = s.checked_profile("c.toml", &cat.vocab);
    assert_eq!(p.professions, ["data-analytics"]);
    assert_eq!(p.stage.as_deref(), Some("early-career"));
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].starts_with(
            "c.toml:2: profile: unknown profession `data-analytic`; did you mean `data-analytics`?"
        ),
        "{w:?}"
    );
}

#[test]
fn saving_the_profile_keeps_comments_keys_and_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    let original = "# my settings\ntheme = \"mono\" # I like it plain\n\n[keys]\n# my keys\nbookmark = [\"m\"]\n\n[profile]\n# who I am\nstage = \"mid-career\"\nfuture_key = 1\n";
    std::fs::write(&path, original).expect("write");
    let profile = Profile {
        professions: vec!["data-analytics".into()],
        stage: Some("early-career".into()),
        scope: None,
        sectors: vec!["primary-care".into(), "social-care".into()],
    };
    save_profile(&path, &profile, true).expect("saved");
    let text = std::fs::read_to_string(&path).expect("read");
    for kept in [
        "# my settings\n",
        "theme = \"mono\" # I like it plain\n",
        "[keys]\n# my keys\nbookmark = [\"m\"]\n",
        "# who I am\n",
        "future_key = 1\n",
    ] {
        assert!(text.contains(kept), "lost {kept:?} in:\n{text}");
    }
    assert!(text.find("theme").unwrap_or(0) < text.find("[keys]").unwrap_or(0));
    assert!(text.find("[keys]").unwrap_or(0) < text.find("[profile]").unwrap_or(0));
    let s = parse("c.toml", &text);
    assert_eq!(s.profile, profile);
    assert!(s.profile_asked);
    assert_eq!(s.theme, Some(ThemeName::Mono));
    assert_eq!(s.keymap.command_for(Key::ch('m')), Some(Command::Bookmark));
    // Clearing removes the values and keeps the rest.
    save_profile(&path, &Profile::default(), true).expect("saved");
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(
        !text.contains("early-career") && text.contains("future_key = 1"),
        "{text}"
    );
    assert!(parse("c.toml", &text).profile.is_empty());
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn saving_refuses_a_broken_file_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "theme = [\n").expect("write");
    let e = save_profile(&path, &Profile::default(), true).expect_err("refused");
    assert!(e.contains("not valid TOML"), "{e}");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), "theme = [\n");
    // A new file is made where there was none, in a new folder.
    let fresh = dir.path().join("sub").join("config.toml");
    save_profile(&fresh, &Profile::default(), true).expect("saved");
    assert!(parse("c.toml", &std::fs::read_to_string(&fresh).expect("read")).profile_asked);
}

#[cfg(unix)]
#[test]
fn saving_writes_through_a_symlink() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real = dir.path().join("real.toml");
    std::fs::write(&real, "theme = \"mono\"\n").expect("write");
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let p = Profile {
        scope: Some("wales".into()),
        ..Profile::default()
    };
    save_profile(&link, &p, false).expect("saved");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let text = std::fs::read_to_string(&real).expect("read");
    assert!(
        text.contains("scope = \"wales\"") && text.contains("theme"),
        "{text}"
    );
}

#[test]
fn the_default_file_parses_to_the_defaults() {
    let text = default_file();
    let s = parse("d.toml", &text);
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    // Uncommenting every key line gives the same keymap.
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# ") {
            Some(rest)
                if rest.split_once(" = [").is_some_and(|(name, _)| {
                    Keymap::default().bindings.iter().any(|b| b.name == name)
                }) =>
            {
                rest.to_string()
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let s2 = parse("d.toml", &uncommented);
    assert!(s2.warnings.is_empty(), "{:?}", s2.warnings);
    for (a, b) in s2.keymap.bindings.iter().zip(Keymap::default().bindings) {
        assert_eq!(a.keys, b.keys, "{}", a.name);
    }
}
