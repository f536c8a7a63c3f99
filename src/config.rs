//! Settings from `config.toml`: the theme and a `[keys]` table that replaces
//! an action's default keys. Problems become warnings that name the line; the
//! app then starts with the defaults for whatever was wrong.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::app::keymap::{Command, Key, Keymap, Layer, QUIT_ANYWHERE};
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

/// The largest settings file read: a complete one is a few kilobytes.
const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// Read the settings file; a missing file gives the defaults.
pub fn load(path: &Path) -> Settings {
    let name = crate::catalogue::read::display_path(path);
    let warn = |msg: String| Settings {
        warnings: vec![sanitize::line(
            &format!("{name}: {msg}; using the default settings"),
            300,
        )],
        ..Settings::default()
    };
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Settings::default(),
        Err(e) => {
            return warn(match e.kind() {
                std::io::ErrorKind::PermissionDenied => {
                    "cannot be read: permission denied (on the file or its folder)".into()
                }
                std::io::ErrorKind::NotADirectory => {
                    "cannot be read: the settings folder is not a folder".into()
                }
                _ => format!("cannot be read: {e}"),
            });
        }
        Ok(m) if m.is_file() && m.len() > MAX_SETTINGS_BYTES => {
            return warn(format!(
                "the settings file is larger than {} KB, far more than settings need; \
                 `hinet config default` prints a complete one to start from",
                MAX_SETTINGS_BYTES / 1024
            ));
        }
        Ok(_) => {}
    }
    match crate::catalogue::read::read_file(path, MAX_SETTINGS_BYTES) {
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
    let mut overrides: Vec<Override> = Vec::new();
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
                    if let (Some(layer), DeValue::Table(sub)) =
                        (Layer::from_table(action_name), keys.get_ref())
                    {
                        for (action, keys) in sub.iter() {
                            read_binding(&mut s, &warn, &mut overrides, layer, action, keys);
                        }
                    } else {
                        read_binding(&mut s, &warn, &mut overrides, Layer::Panes, action, keys);
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
    // already has where both are looked up is refused, and that action keeps
    // its defaults. So is a `quit` with keys of which none is one every
    // terminal sends (Ctrl-C always quits besides).
    overrides.sort_by_key(|o| o.2);
    for (index, keys, offset) in overrides {
        if s.keymap.bindings[index].command == Command::Quit
            && s.keymap.bindings[index].layer == Layer::Panes
            && !keys.is_empty()
            && !keys.iter().any(always_reaches)
        {
            warn(
                &mut s,
                offset,
                "`quit` would have no key every terminal sends (a letter, or Ctrl with a letter); \
                 `quit` keeps its defaults"
                    .to_string(),
            );
            continue;
        }
        let clash = keys
            .iter()
            .find_map(|k| s.keymap.clash(index, *k).map(|b| (*k, b.full_name())));
        match clash {
            Some((key, other)) => {
                let name = s.keymap.bindings[index].full_name();
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

/// A key every terminal sends as itself: a character, or Ctrl with a
/// letter (bar those that terminals send as Tab, Enter or Backspace).
/// Function keys and the like may be taken by the terminal or the desktop.
fn always_reaches(k: &Key) -> bool {
    use ratatui::crossterm::event::KeyCode;
    match k.code {
        KeyCode::Char(c) if k.ctrl => c.is_ascii_lowercase() && !matches!(c, 'h' | 'i' | 'j' | 'm'),
        KeyCode::Char(c) => !c.is_control() && c != ' ',
        _ => false,
    }
}

/// A binding's keys, binding index and offset, waiting to be applied.
type Override = (usize, Vec<Key>, usize);

/// Read one `action = [keys]` line of `[keys]` (or of a layer's sub-table).
fn read_binding(
    s: &mut Settings,
    warn: &dyn Fn(&mut Settings, usize, String),
    overrides: &mut Vec<Override>,
    layer: Layer,
    action: &toml::Spanned<std::borrow::Cow<'_, str>>,
    keys: &toml::Spanned<DeValue<'_>>,
) {
    let bare: &str = action.get_ref();
    let action_name = match layer.table() {
        Some(t) => format!("{t}.{bare}"),
        None => bare.to_string(),
    };
    let Some(index) = s.keymap.by_name_in(layer, bare) else {
        let names: Vec<String> = s
            .keymap
            .bindings
            .iter()
            .filter(|b| b.layer == layer)
            .map(|b| b.name.to_string())
            .collect();
        let hint = crate::catalogue::suggest::did_you_mean(bare, names.iter().map(String::as_str))
            .map(|m| format!(" (did you mean `{m}`?)"))
            .unwrap_or_default();
        warn(
            s,
            action.span().start,
            format!("unknown action `{action_name}`{hint}; ignored"),
        );
        return;
    };
    let list: Vec<&DeValue<'_>> = match keys.get_ref() {
        DeValue::Array(a) => a.iter().map(|i| i.get_ref()).collect(),
        one @ DeValue::String(_) => vec![one],
        _ => {
            warn(
                s,
                keys.span().start,
                format!("keys for `{action_name}` must be a list of strings; keeping the defaults"),
            );
            return;
        }
    };
    let is_quit = layer == Layer::Panes && bare == "quit";
    let mut parsed = Vec::new();
    let mut ok = true;
    for item in list {
        match item {
            DeValue::String(k) => match Key::parse(k) {
                // Ctrl-C always quits; naming it for `quit` is allowed.
                Some(QUIT_ANYWHERE) if is_quit => {}
                Some(QUIT_ANYWHERE) => {
                    warn(
                        s,
                        keys.span().start,
                        format!(
                            "`{QUIT_ANYWHERE}` always quits and cannot be given to `{action_name}`; keeping its defaults"
                        ),
                    );
                    ok = false;
                }
                Some(key) if layer.is_text() && key.is_printable() => {
                    warn(
                        s,
                        keys.span().start,
                        format!(
                            "`{key}` types text in a text box and cannot be given to `{action_name}`; keeping its defaults"
                        ),
                    );
                    ok = false;
                }
                Some(key) => parsed.push(key),
                None => {
                    warn(
                        s,
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
                    s,
                    keys.span().start,
                    format!("keys for `{action_name}` must be strings; keeping its defaults"),
                );
                ok = false;
            }
        }
    }
    if ok && parsed.is_empty() && !is_quit {
        warn(
            s,
            keys.span().start,
            format!("`{action_name}` would have no key; keeping its defaults"),
        );
        ok = false;
    }
    if ok {
        overrides.push((index, parsed, keys.span().start));
    }
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
    let layers = [
        Layer::Panes,
        Layer::Search,
        Layer::Input,
        Layer::Note,
        Layer::Find,
    ];
    for layer in layers {
        if let Some(t) = layer.table() {
            out.push_str(&format!(
                "\n# {}.\n# (Letters always type here.)\n[keys.{t}]\n",
                layer.title()
            ));
        } else {
            out.push_str(&format!(
                "# {}. {QUIT_ANYWHERE} always quits, from anywhere.\n",
                layer.title()
            ));
        }
        for b in km.bindings.iter().filter(|b| b.layer == layer) {
            let keys: Vec<String> = b.keys.iter().map(key_name).collect();
            out.push_str(&format!(
                "# {}\n# {} = [{}]\n",
                b.help,
                b.name,
                keys.join(", ")
            ));
        }
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
}
