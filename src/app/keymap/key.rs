//! A key with its modifiers, and the one table of key names: how
//! config.toml writes a key (`pgdown`, `shift-tab`) and how the screen shows
//! it (`PgDn`, `Shift-Tab`).

use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, as written in config.toml (`ctrl-c`, `G`, `pgdown`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

/// Every key with a name: the names config.toml may use for it (the first
/// is the one written out), and how the screen shows it. Letters, digits and
/// `f1`… are not here: they are their own names.
const NAMED: &[(KeyCode, &[&str], &str)] = &[
    (KeyCode::Enter, &["enter", "return"], "Enter"),
    (KeyCode::Esc, &["esc", "escape"], "Esc"),
    (KeyCode::Tab, &["tab"], "Tab"),
    (KeyCode::BackTab, &["shift-tab", "backtab"], "Shift-Tab"),
    (KeyCode::Char(' '), &["space"], "Space"),
    (KeyCode::Up, &["up"], "↑"),
    (KeyCode::Down, &["down"], "↓"),
    (KeyCode::Left, &["left"], "←"),
    (KeyCode::Right, &["right"], "→"),
    (KeyCode::Home, &["home"], "Home"),
    (KeyCode::End, &["end"], "End"),
    (KeyCode::PageUp, &["pgup", "pageup"], "PgUp"),
    (KeyCode::PageDown, &["pgdown", "pagedown", "pgdn"], "PgDn"),
    (KeyCode::Backspace, &["backspace"], "Backspace"),
    (KeyCode::Delete, &["delete", "del"], "Delete"),
];

fn named(code: KeyCode) -> Option<(&'static [&'static str], &'static str)> {
    NAMED
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, names, shown)| (*names, *shown))
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

    /// A key with Alt held (`alt-b`, Alt-Backspace).
    pub const fn alt(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: true,
        }
    }

    /// A character typed with no modifier: text in a text box.
    pub fn is_printable(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
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
        let lower = rest.to_ascii_lowercase();
        let code = if let Some((code, _, _)) = NAMED
            .iter()
            .find(|(_, names, _)| names.contains(&lower.as_str()))
        {
            *code
        } else if let Some(n) = lower.strip_prefix('f').filter(|n| !n.is_empty()) {
            KeyCode::F(n.parse().ok()?)
        } else {
            let mut chars = rest.chars();
            let c = chars.next()?;
            if chars.next().is_some() {
                return None;
            }
            KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key as config.toml writes it (`ctrl-u`, `pgdown`, `f1`).
    pub fn config_name(&self) -> String {
        let name = match (self.code, named(self.code)) {
            (_, Some((names, _))) => names.first().copied().unwrap_or_default().to_string(),
            (KeyCode::Char(c), None) => c.to_string(),
            (KeyCode::F(n), None) => format!("f{n}"),
            (other, None) => format!("{other:?}").to_lowercase(),
        };
        self.with_modifiers("ctrl-", "alt-", &name)
    }

    fn with_modifiers(&self, ctrl: &str, alt: &str, name: &str) -> String {
        let ctrl = if self.ctrl { ctrl } else { "" };
        let alt = if self.alt { alt } else { "" };
        format!("{ctrl}{alt}{name}")
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match (self.code, named(self.code)) {
            (_, Some((_, shown))) => shown.to_string(),
            (KeyCode::Char(c), None) if self.ctrl => c.to_ascii_uppercase().to_string(),
            (KeyCode::Char(c), None) => c.to_string(),
            (KeyCode::F(n), None) => format!("F{n}"),
            (other, None) => format!("{other:?}"),
        };
        f.write_str(&self.with_modifiers("Ctrl-", "Alt-", &name))
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
        assert_eq!(Key::parse("f"), Some(Key::ch('f')));
        assert_eq!(Key::parse("F"), Some(Key::ch('F')));
        assert_eq!(Key::parse("nonsense"), None);
        assert_eq!(Key::parse(""), None);
    }

    #[test]
    fn every_key_reads_back_from_the_name_it_is_written_with() {
        let keys = NAMED.iter().map(|(c, _, _)| Key::plain(*c)).chain([
            Key::ch('G'),
            Key::ctrl('u'),
            Key::alt(KeyCode::Char('b')),
            Key::alt(KeyCode::Backspace),
            Key::plain(KeyCode::F(12)),
        ]);
        for k in keys {
            assert_eq!(Key::parse(&k.config_name()), Some(k), "{}", k.config_name());
        }
    }

    #[test]
    fn keys_are_shown_by_their_screen_names() {
        assert_eq!(Key::ctrl('u').to_string(), "Ctrl-U");
        assert_eq!(Key::plain(KeyCode::PageDown).to_string(), "PgDn");
        assert_eq!(Key::alt(KeyCode::Backspace).to_string(), "Alt-Backspace");
        assert_eq!(Key::ch(' ').to_string(), "Space");
        assert_eq!(Key::plain(KeyCode::F(1)).to_string(), "F1");
        assert_eq!(Key::ctrl('u').config_name(), "ctrl-u");
        assert_eq!(Key::plain(KeyCode::BackTab).config_name(), "shift-tab");
    }
}
