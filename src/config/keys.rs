//! `[keys]`: an action's keys replaced, in a layer's sub-table or at the
//! top; the overrides applied in file order, clashes and a `quit` no
//! terminal can send refused; and the commented default file.

use toml::de::{DeTable, DeValue};

use super::Settings;
use super::read::Warner;
use crate::app::keymap::{Command, Key, Keymap, Layer, QUIT_ANYWHERE};
use crate::text::suggest::did_you_mean;

/// A binding's keys, binding index and offset, waiting to be applied.
pub(super) type Override = (usize, Vec<Key>, usize);

/// Read the `[keys]` table: each `action = [keys]`, at the top (the panes)
/// or in a layer's sub-table (`[keys.search]`).
pub(super) fn read_table(
    s: &mut Settings,
    w: &Warner<'_>,
    overrides: &mut Vec<Override>,
    t: &DeTable<'_>,
) {
    for (action, keys) in t.iter() {
        let action_name: &str = action.get_ref();
        if let (Some(layer), DeValue::Table(sub)) = (Layer::from_table(action_name), keys.get_ref())
        {
            for (action, keys) in sub.iter() {
                read_binding(s, w, overrides, layer, action, keys);
            }
        } else {
            read_binding(s, w, overrides, Layer::Panes, action, keys);
        }
    }
}

/// Apply the overrides read, in file order.
pub(super) fn apply(s: &mut Settings, w: &Warner<'_>, mut overrides: Vec<Override>) {
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
            w.warn(
                s,
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
                w.warn(
                    s,
                    offset,
                    format!("`{key}` is already the key of `{other}`; `{name}` keeps its defaults"),
                );
            }
            None => s.keymap.bindings[index].keys = keys,
        }
    }
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

/// Read one `action = [keys]` line of `[keys]` (or of a layer's sub-table).
fn read_binding(
    s: &mut Settings,
    w: &Warner<'_>,
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
        w.warn(
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
            w.warn(
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
    let (parsed, mut ok) = parse_keys(s, w, keys.span().start, list, layer, is_quit, &action_name);
    if ok && parsed.is_empty() && (!is_quit || named_none) {
        w.warn(
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

/// The keys of one action's list (`is_quit`: the panes' `quit`, which may
/// name Ctrl-C), each one that cannot be given to it warned about (at
/// `at`); false when any was.
fn parse_keys(
    s: &mut Settings,
    w: &Warner<'_>,
    at: usize,
    list: Vec<&DeValue<'_>>,
    layer: Layer,
    is_quit: bool,
    action_name: &str,
) -> (Vec<Key>, bool) {
    let mut parsed = Vec::new();
    let mut ok = true;
    for item in list {
        match item {
            DeValue::String(k) => match Key::parse(k) {
                // Ctrl-C always quits; naming it for `quit` is allowed.
                Some(QUIT_ANYWHERE) if is_quit => {}
                Some(QUIT_ANYWHERE) => {
                    w.warn(
                        s,
                        at,
                        format!(
                            "`{QUIT_ANYWHERE}` always quits and cannot be given to `{action_name}`; keeping its defaults"
                        ),
                    );
                    ok = false;
                }
                Some(key) if layer.is_text() && key.is_printable() => {
                    w.warn(
                        s,
                        at,
                        format!(
                            "`{key}` types text in a text box and cannot be given to `{action_name}`; keeping its defaults"
                        ),
                    );
                    ok = false;
                }
                Some(key) => parsed.push(key),
                None => {
                    w.warn(
                        s,
                        at,
                        format!(
                            "cannot read the key `{k}` for `{action_name}`; keeping its defaults"
                        ),
                    );
                    ok = false;
                }
            },
            _ => {
                w.warn(
                    s,
                    at,
                    format!("keys for `{action_name}` must be strings; keeping its defaults"),
                );
                ok = false;
            }
        }
    }
    (parsed, ok)
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
    for layer in Layer::ALL {
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
    format!("\"{}\"", k.config_name())
}
