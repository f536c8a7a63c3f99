//! Settings from `config.toml`: the theme and a `[keys]` table that replaces
//! an action's default keys. Problems become warnings that name the line; the
//! app then starts with the defaults for whatever was wrong.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::app::keymap::{Key, Keymap};
use crate::catalogue::{diag::line_col, sanitize};

/// The colour themes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ThemeName {
    #[default]
    Default,
    Mono,
    #[value(name = "colour-blind", alias = "color-blind")]
    ColourBlind,
}

/// Settings as read, with any warnings.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub theme: Option<ThemeName>,
    pub keymap: Keymap,
    pub warnings: Vec<String>,
}

/// Read the settings file; a missing file gives the defaults.
pub fn load(path: &Path) -> Settings {
    let name = crate::catalogue::read::display_path(path);
    if !path.exists() {
        return Settings::default();
    }
    match crate::catalogue::read::read_file(path, 1024 * 1024) {
        Ok(f) => parse(&name, &f.text),
        Err(d) => Settings {
            warnings: vec![format!("{d}; using the default settings")],
            ..Settings::default()
        },
    }
}

/// Parse settings text; `name` is used in warnings.
pub fn parse(name: &str, text: &str) -> Settings {
    let mut s = Settings::default();
    let warn = |s: &mut Settings, offset: usize, msg: String| {
        let (line, _) = line_col(text, offset);
        s.warnings
            .push(sanitize::line(&format!("{name}:{line}: {msg}"), 300));
    };
    let doc = match DeTable::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let offset = e.span().map_or(0, |r| r.start);
            warn(
                &mut s,
                offset,
                format!(
                    "not valid TOML ({}); using the default settings",
                    e.message().trim()
                ),
            );
            return s;
        }
    };
    let mut overrides: Vec<(usize, Vec<Key>, usize)> = Vec::new(); // binding index, keys, offset
    for (k, v) in doc.get_ref().iter() {
        let key: &str = k.get_ref();
        match (key, v.get_ref()) {
            ("theme", DeValue::String(t)) => match t.as_ref() {
                "default" => s.theme = Some(ThemeName::Default),
                "mono" => s.theme = Some(ThemeName::Mono),
                "colour-blind" | "color-blind" => s.theme = Some(ThemeName::ColourBlind),
                other => warn(
                    &mut s,
                    v.span().start,
                    format!(
                        "unknown theme `{other}` (default, mono, colour-blind); using the default"
                    ),
                ),
            },
            ("keys", DeValue::Table(t)) => {
                for (action, keys) in t.iter() {
                    let action_name: &str = action.get_ref();
                    let Some(index) = s.keymap.by_name(action_name) else {
                        let names: Vec<&str> = s.keymap.bindings.iter().map(|b| b.name).collect();
                        let hint = crate::catalogue::suggest::did_you_mean(
                            action_name,
                            names.iter().copied(),
                        )
                        .map(|m| format!(" (did you mean `{m}`?)"))
                        .unwrap_or_default();
                        warn(
                            &mut s,
                            action.span().start,
                            format!("unknown action `{action_name}`{hint}; ignored"),
                        );
                        continue;
                    };
                    let list: Vec<&DeValue<'_>> = match keys.get_ref() {
                        DeValue::Array(a) => a.iter().map(|i| i.get_ref()).collect(),
                        one @ DeValue::String(_) => vec![one],
                        _ => {
                            warn(
                                &mut s,
                                keys.span().start,
                                format!(
                                    "keys for `{action_name}` must be a list of strings; keeping the defaults"
                                ),
                            );
                            continue;
                        }
                    };
                    let mut parsed = Vec::new();
                    let mut ok = true;
                    for item in list {
                        match item {
                            DeValue::String(k) => match Key::parse(k) {
                                Some(key) => parsed.push(key),
                                None => {
                                    warn(
                                        &mut s,
                                        keys.span().start,
                                        format!(
                                            "cannot read the key `{k}` for `{action_name}`; keeping its defaults"
                                        ),
                                    );
                                    ok = false;
                                }
                            },
                            _ => {
                                warn(
                                    &mut s,
                                    keys.span().start,
                                    format!(
                                        "keys for `{action_name}` must be strings; keeping its defaults"
                                    ),
                                );
                                ok = false;
                            }
                        }
                    }
                    if ok && parsed.is_empty() {
                        warn(
                            &mut s,
                            keys.span().start,
                            format!("`{action_name}` would have no key; keeping its defaults"),
                        );
                        ok = false;
                    }
                    if ok {
                        overrides.push((index, parsed, keys.span().start));
                    }
                }
            }
            ("theme" | "keys", _) => warn(
                &mut s,
                v.span().start,
                format!("`{key}` has the wrong type; ignored"),
            ),
            (other, _) => warn(
                &mut s,
                k.span().start,
                format!("unknown setting `{other}` (theme, keys); ignored"),
            ),
        }
    }
    // Apply the overrides in file order; one that takes a key another action
    // already has is refused, and that action keeps its defaults.
    overrides.sort_by_key(|o| o.2);
    for (index, keys, offset) in overrides {
        let clash = keys.iter().find_map(|k| {
            s.keymap
                .bindings
                .iter()
                .enumerate()
                .find(|(i, b)| *i != index && b.keys.contains(k))
                .map(|(_, b)| (*k, b.name))
        });
        match clash {
            Some((key, other)) => {
                let name = s.keymap.bindings[index].name;
                warn(
                    &mut s,
                    offset,
                    format!("`{key}` is already the key of `{other}`; `{name}` keeps its defaults"),
                );
            }
            None => s.keymap.bindings[index].keys = keys,
        }
    }
    s
}

/// A fully commented default settings file.
pub fn default_file() -> String {
    let km = Keymap::default();
    let mut out = String::from(
        "# hinet settings. Every key is optional; delete what you do not change.\n\
         # `hinet config path` prints where this file is read from.\n\n\
         # The colour theme: default | mono | colour-blind.\n\
         # NO_COLOR (set to anything) always means mono; --theme overrides this.\n\
         # theme = \"default\"\n\n\
         # Keys: action = [the keys that trigger it]. A list replaces that action's\n\
         # defaults. Keys are written like q, G, ctrl-c, alt-x, enter, esc, tab,\n\
         # shift-tab, space, up, down, left, right, home, end, pgup, pgdown, f1.\n\
         [keys]\n",
    );
    for b in &km.bindings {
        let keys: Vec<String> = b.keys.iter().map(key_name).collect();
        out.push_str(&format!(
            "# {}\n# {} = [{}]\n",
            b.help,
            b.name,
            keys.join(", ")
        ));
    }
    out
}

/// A key as written in the settings file.
fn key_name(k: &Key) -> String {
    use ratatui::crossterm::event::KeyCode;
    let mut s = String::new();
    if k.ctrl {
        s.push_str("ctrl-");
    }
    if k.alt {
        s.push_str("alt-");
    }
    s.push_str(&match k.code {
        KeyCode::Char(' ') => "space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "enter".into(),
        KeyCode::Esc => "esc".into(),
        KeyCode::Tab => "tab".into(),
        KeyCode::BackTab => "shift-tab".into(),
        KeyCode::Up => "up".into(),
        KeyCode::Down => "down".into(),
        KeyCode::Left => "left".into(),
        KeyCode::Right => "right".into(),
        KeyCode::Home => "home".into(),
        KeyCode::End => "end".into(),
        KeyCode::PageUp => "pgup".into(),
        KeyCode::PageDown => "pgdown".into(),
        KeyCode::F(n) => format!("f{n}"),
        other => format!("{other:?}").to_lowercase(),
    });
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;

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
        assert_eq!(s.keymap.command_for(Key::ctrl('c')), Some(Command::Quit));
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
    fn broken_toml_and_unknown_theme() {
        let s = parse("c.toml", "theme = \"neon\"\n");
        assert!(s.warnings[0].starts_with("c.toml:1: unknown theme `neon`"));
        assert_eq!(s.theme, None);
        let s = parse("c.toml", "x = [\n");
        assert!(s.warnings[0].contains("not valid TOML"));
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
                    if rest
                        .split_once(" = [")
                        .is_some_and(|(name, _)| Keymap::default().by_name(name).is_some()) =>
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
}
