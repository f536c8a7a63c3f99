//! Settings from `config.toml`: the theme, a `[keys]` table that replaces
//! an action's default keys, and the `[profile]` of "Which networks fit me?".
//! Problems become warnings that name the line; the app then starts with the
//! defaults for whatever was wrong. `save_profile` is the one writer of the
//! file: it keeps the user's comments, other keys and order.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use crate::app::keymap::{Command, Key, Keymap, Layer, QUIT_ANYWHERE};
use crate::catalogue::{Vocabulary, diag::line_col};
use crate::profile::{Field, Profile};
use crate::text::sanitize;
use crate::text::suggest::did_you_mean;

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
    /// The `[profile]` as written (values not yet checked against a catalogue).
    pub profile: Profile,
    /// The welcome questions were answered or skipped (`[profile] asked = true`).
    pub profile_asked: bool,
    /// Where each profile value was written: field, value, line.
    pub profile_lines: Vec<(Field, String, usize)>,
    pub warnings: Vec<String>,
}

impl Settings {
    /// The profile with values this catalogue does not define left out, and
    /// a warning (with "did you mean") for each of them.
    pub fn checked_profile(&self, name: &str, vocab: &Vocabulary) -> (Profile, Vec<String>) {
        let mut warnings = Vec::new();
        for (field, value, line) in &self.profile_lines {
            if let Err(e) = crate::profile::check_value(vocab, *field, value) {
                warnings.push(sanitize::line(
                    &format!("{name}:{line}: profile: {e}; ignored"),
                    300,
                ));
            }
        }
        (self.profile.known_only(vocab), warnings)
    }
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
            ("profile", DeValue::Table(t)) => {
                for (k, v) in t.iter() {
                    let name: &str = k.get_ref();
                    if name == "asked" {
                        match v.get_ref() {
                            DeValue::Boolean(b) => s.profile_asked = *b,
                            _ => warn(
                                &mut s,
                                v.span().start,
                                "`profile.asked` must be true or false; ignored".into(),
                            ),
                        }
                        continue;
                    }
                    let Some(field) = Field::ALL.into_iter().find(|f| f.config_key() == name)
                    else {
                        let names = ["professions", "stage", "scope", "sectors", "asked"];
                        let hint = did_you_mean(name, names)
                            .map(|m| format!(" (did you mean `{m}`?)"))
                            .unwrap_or_default();
                        warn(
                            &mut s,
                            k.span().start,
                            format!("unknown profile setting `{name}`{hint}; ignored"),
                        );
                        continue;
                    };
                    let items: Vec<&DeValue<'_>> = match v.get_ref() {
                        DeValue::Array(a) => a.iter().map(|i| i.get_ref()).collect(),
                        one => vec![one],
                    };
                    let mut values = Vec::new();
                    for item in items {
                        match item {
                            DeValue::String(text) => {
                                values.push(sanitize::line(text, 80));
                            }
                            _ => warn(
                                &mut s,
                                v.span().start,
                                format!("`profile.{name}` must be text; ignored"),
                            ),
                        }
                    }
                    if !field.multiple() && values.len() > 1 {
                        warn(
                            &mut s,
                            v.span().start,
                            format!("`profile.{name}` takes one value; the first is used"),
                        );
                        values.truncate(1);
                    }
                    let (line, _) = line_col(text, v.span().start);
                    for value in &values {
                        s.profile_lines.push((field, value.clone(), line));
                    }
                    s.profile.set(field, values);
                }
            }
            ("theme" | "keys" | "profile", _) => warn(
                &mut s,
                v.span().start,
                format!("`{key}` has the wrong type; ignored"),
            ),
            (other, _) => warn(
                &mut s,
                k.span().start,
                format!("unknown setting `{other}` (theme, keys, profile); ignored"),
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
        let hint = did_you_mean(bare, names.iter().map(String::as_str))
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
    // `quit = ["ctrl-c"]` names only the key that always quits, which is
    // fine; `quit = []` names none at all, which is refused like any other.
    let named_none = list.is_empty();
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
    if ok && parsed.is_empty() && (!is_quit || named_none) {
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
         # Who you are, for \"Which networks fit me?\": values from the catalogue's\n\
         # vocabulary (`hinet profile set` writes them; `hinet schema` lists the kinds).\n\
         # [profile]\n\
         # professions = [\"data-analytics\"]\n\
         # stage = \"early-career\"\n\
         # scope = \"wales\"\n\
         # sectors = [\"primary-care\"]\n\
         # asked = true   # the welcome questions were answered or skipped\n\n\
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

/// Write `profile` (and whether the welcome questions were asked) into the
/// settings file at `path`, keeping everything else in it as written: the
/// user's comments, other keys and their order (`toml_edit`). The file is
/// replaced atomically; a symlinked file is written through its link. A
/// file that is not valid TOML is left alone and the error says so.
pub fn save_profile(path: &Path, profile: &Profile, asked: bool) -> Result<(), String> {
    let name = crate::catalogue::read::display_path(path);
    let text = if path.exists() {
        crate::catalogue::read::read_file(path, MAX_SETTINGS_BYTES)
            .map_err(|d| d.to_string())?
            .text
    } else {
        String::new()
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| {
        sanitize::line(
            &format!(
                "{name}: not valid TOML ({}); fix it first, nothing was changed",
                e.message().trim()
            ),
            300,
        )
    })?;
    if !doc.contains_key("profile") {
        doc.insert("profile", toml_edit::Item::Table(toml_edit::Table::new()));
    }
    let Some(table) = doc.get_mut("profile").and_then(|t| t.as_table_like_mut()) else {
        return Err(format!(
            "{name}: `profile` is not a table; fix it first, nothing was changed"
        ));
    };
    // A key already in the file keeps its place, the comment above it and
    // the one after its value.
    let mut put = |key: &str, mut new: toml_edit::Value| match table.get_mut(key) {
        Some(toml_edit::Item::Value(old)) => {
            *new.decor_mut() = old.decor().clone();
            *old = new;
        }
        Some(item) => *item = toml_edit::Item::Value(new),
        None => {
            table.insert(key, toml_edit::Item::Value(new));
        }
    };
    for f in Field::ALL {
        let values = profile.values(f);
        if values.is_empty() {
            continue;
        } else if f.multiple() {
            let array: toml_edit::Array = values.iter().copied().collect();
            put(f.config_key(), toml_edit::Value::Array(array));
        } else {
            put(f.config_key(), toml_edit::Value::from(values[0]));
        }
    }
    if asked {
        put("asked", toml_edit::Value::from(true));
    }
    for f in Field::ALL {
        if !profile.states(f) {
            table.remove(f.config_key());
        }
    }
    if !asked {
        table.remove("asked");
    }
    if table.is_empty() {
        doc.remove("profile");
    }
    // The settings folder may not exist yet on a first start.
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !path.exists()
    {
        std::fs::create_dir_all(dir).map_err(|e| format!("{name}: {e}"))?;
    }
    crate::files::write_atomic(path, doc.to_string().as_bytes()).map_err(|e| format!("{name}: {e}"))
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
    fn profile_is_read_and_checked_against_the_vocabulary() {
        let s = parse(
            "c.toml",
            "[profile]\nprofessions = [\"data-analytics\", \"data-analytic\"]\nstage = \"early-career\"\nscope = \"wales\"\nasked = true\nsector = [\"x\"]\n",
        );
        assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
        assert!(
            s.warnings[0].starts_with(
                "c.toml:6: unknown profile setting `sector` (did you mean `sectors`?)"
            ),
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
            w[0].starts_with("c.toml:2: profile: unknown profession `data-analytic`; did you mean `data-analytics`?"),
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
}
