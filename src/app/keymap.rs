//! One table of actions, their keys and their help text. It drives key
//! dispatch, the footer hints and the help overlay; `config.toml` may replace
//! an action's keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key can ask for (outside text entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Search,
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    NextPane,
    PrevPane,
    Toggle,
    Open,
    ClearFilters,
    Bookmark,
    BookmarksOnly,
    CycleStatus,
    EditNote,
    Export,
    Undo,
    Redo,
    Facets,
    OpenLink,
    CopyLink,
    Networks,
    Learning,
    Help,
    Back,
}

/// Where a command is offered, for the footer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Everywhere,
    Facets,
    Results,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Binding {
    pub command: Command,
    /// The name used in config.toml's `[keys]` table.
    pub name: &'static str,
    pub keys: Vec<Key>,
    pub help: &'static str,
    /// Short label for the footer, or None to leave it out of the footer.
    pub hint: Option<&'static str>,
    pub context: Context,
}

/// A key with its modifiers, as written in config.toml (`ctrl-c`, `G`, `pgdown`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    pub const fn ch(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }

    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
            alt: false,
        }
    }

    /// The key a terminal event stands for. Shift is folded into the character.
    pub fn from_event(ev: &KeyEvent) -> Key {
        let code = match ev.code {
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Char(c) if ev.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Key {
            code,
            ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
            alt: ev.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Parse `q`, `G`, `ctrl-c`, `alt-x`, `enter`, `esc`, `tab`, `shift-tab`,
    /// `space`, `up`, `down`, `left`, `right`, `home`, `end`, `pgup`, `pgdown`, `f1`…
    pub fn parse(s: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(r) = lower.strip_prefix("ctrl-") {
                ctrl = true;
                rest = &rest[rest.len() - r.len()..];
            } else if let Some(r) = lower.strip_prefix("alt-") {
                alt = true;
                rest = &rest[rest.len() - r.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdown" | "pagedown" | "pgdn" => KeyCode::PageDown,
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() >= 2 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCode::F(f[1..].parse().ok()?)
            }
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The keymap: every binding, in the order the help shows them.
#[derive(Clone, Debug)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        use Command as C;
        use Context::*;
        let b = |command, name, keys: &[Key], help, hint, context| Binding {
            command,
            name,
            keys: keys.to_vec(),
            help,
            hint,
            context,
        };
        let k = Key::ch;
        let p = Key::plain;
        Keymap {
            bindings: vec![
                b(
                    C::Search,
                    "search",
                    &[k('/')],
                    "Search: type to filter at once; Enter or Esc leaves, Ctrl-U clears",
                    Some("search"),
                    Everywhere,
                ),
                b(
                    C::Down,
                    "down",
                    &[k('j'), p(KeyCode::Down)],
                    "Move down",
                    None,
                    Everywhere,
                ),
                b(
                    C::Up,
                    "up",
                    &[k('k'), p(KeyCode::Up)],
                    "Move up",
                    None,
                    Everywhere,
                ),
                b(
                    C::Top,
                    "top",
                    &[k('g'), p(KeyCode::Home)],
                    "Go to the first row",
                    None,
                    Everywhere,
                ),
                b(
                    C::Bottom,
                    "bottom",
                    &[k('G'), p(KeyCode::End)],
                    "Go to the last row",
                    None,
                    Everywhere,
                ),
                b(
                    C::PageDown,
                    "page_down",
                    &[p(KeyCode::PageDown)],
                    "Page down",
                    None,
                    Everywhere,
                ),
                b(
                    C::PageUp,
                    "page_up",
                    &[p(KeyCode::PageUp)],
                    "Page up",
                    None,
                    Everywhere,
                ),
                b(
                    C::NextPane,
                    "next_pane",
                    &[p(KeyCode::Tab)],
                    "Next pane",
                    Some("pane"),
                    Everywhere,
                ),
                b(
                    C::PrevPane,
                    "prev_pane",
                    &[p(KeyCode::BackTab)],
                    "Previous pane",
                    None,
                    Everywhere,
                ),
                b(
                    C::Toggle,
                    "toggle",
                    &[k(' ')],
                    "Toggle the filter value (Enter too)",
                    Some("toggle"),
                    Facets,
                ),
                b(
                    C::ClearFilters,
                    "clear_filters",
                    &[k('x')],
                    "Clear every filter",
                    Some("clear"),
                    Facets,
                ),
                b(
                    C::Open,
                    "open",
                    &[p(KeyCode::Enter)],
                    "Open the detail / go to the network",
                    Some("detail"),
                    Results,
                ),
                b(
                    C::Bookmark,
                    "bookmark",
                    &[k('b')],
                    "Bookmark the network (again to remove)",
                    Some("bookmark"),
                    Results,
                ),
                b(
                    C::BookmarksOnly,
                    "bookmarks_only",
                    &[k('B')],
                    "Show bookmarks only (again for all)",
                    Some("bookmarks"),
                    Everywhere,
                ),
                b(
                    C::CycleStatus,
                    "status",
                    &[k('s')],
                    "Bookmark status: to join / joined",
                    None,
                    Results,
                ),
                b(
                    C::EditNote,
                    "note",
                    &[k('e')],
                    "Edit the bookmark's note",
                    None,
                    Results,
                ),
                b(
                    C::Undo,
                    "undo",
                    &[k('u')],
                    "Undo the last bookmark change (again for the one before)",
                    None,
                    Everywhere,
                ),
                b(
                    C::Redo,
                    "redo",
                    &[k('U'), Key::ctrl('r')],
                    "Redo the bookmark change just undone",
                    None,
                    Everywhere,
                ),
                b(
                    C::Export,
                    "export",
                    &[k('E')],
                    "Export the joining plan (Markdown)",
                    None,
                    Everywhere,
                ),
                b(
                    C::Facets,
                    "facets",
                    &[k('f')],
                    "Filters as an overlay (narrow screens)",
                    Some("filters"),
                    Everywhere,
                ),
                b(
                    C::OpenLink,
                    "open_link",
                    &[k('o')],
                    "Open the website in the browser",
                    Some("open"),
                    Results,
                ),
                b(
                    C::CopyLink,
                    "copy_link",
                    &[k('y')],
                    "Copy the link (OSC 52)",
                    None,
                    Results,
                ),
                b(
                    C::Networks,
                    "networks",
                    &[k('1')],
                    "Tab 1: networks",
                    Some("networks"),
                    Everywhere,
                ),
                b(
                    C::Learning,
                    "learning",
                    &[k('2')],
                    "Tab 2: learning and training",
                    Some("learning"),
                    Everywhere,
                ),
                b(
                    C::Help,
                    "help",
                    &[k('?')],
                    "This help",
                    Some("help"),
                    Everywhere,
                ),
                b(
                    C::Back,
                    "back",
                    &[p(KeyCode::Esc)],
                    "Close the overlay, dismiss a message, or go back",
                    None,
                    Everywhere,
                ),
                b(
                    C::Quit,
                    "quit",
                    &[k('q'), Key::ctrl('c')],
                    "Quit",
                    Some("quit"),
                    Everywhere,
                ),
            ],
        }
    }
}

impl Keymap {
    pub fn command_for(&self, key: Key) -> Option<Command> {
        self.bindings
            .iter()
            .find(|b| b.keys.contains(&key))
            .map(|b| b.command)
    }

    pub fn binding(&self, command: Command) -> Option<&Binding> {
        self.bindings.iter().find(|b| b.command == command)
    }

    /// The first key of a command, for hints ("b").
    pub fn key_label(&self, command: Command) -> String {
        self.binding(command)
            .and_then(|b| b.keys.first())
            .map_or_else(|| "-".to_string(), |k| k.to_string())
    }

    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.bindings.iter().position(|b| b.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_keys() {
        assert_eq!(Key::parse("q"), Some(Key::ch('q')));
        assert_eq!(Key::parse("G"), Some(Key::ch('G')));
        assert_eq!(Key::parse("ctrl-c"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("Ctrl-C"), Some(Key::ctrl('c')));
        assert_eq!(Key::parse("pgdown"), Some(Key::plain(KeyCode::PageDown)));
        assert_eq!(Key::parse("space"), Some(Key::ch(' ')));
        assert_eq!(Key::parse("f5"), Some(Key::plain(KeyCode::F(5))));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn default_keys_are_unique() {
        let km = Keymap::default();
        let mut seen = std::collections::HashSet::new();
        for b in &km.bindings {
            for k in &b.keys {
                assert!(seen.insert(*k), "{k} is bound twice");
            }
        }
        assert_eq!(km.command_for(Key::ch('b')), Some(Command::Bookmark));
    }
}
