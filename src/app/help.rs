//! The help overlay's text, from the keymap in force, wrapped to a width.
//! The app scrolls it and the UI draws it, so both count the same rows.

use super::keymap::{Keymap, Layer, QUIT_ANYWHERE};
use crate::text::width::{width as cells, wrap};

/// What a row of the help is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Heading,
    Entry,
    Note,
}

/// One row of the help, already wrapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    pub kind: Kind,
    /// The keys (on an entry's first row only).
    pub keys: String,
    pub text: String,
}

/// The width of the keys column, where the screen has room for it.
pub const KEYS_WIDTH: usize = 14;

/// Every row of the help for a box `width` cells wide.
pub fn lines(keymap: &Keymap, width: usize) -> Vec<HelpLine> {
    let width = width.max(1);
    let mut out = Vec::new();
    let section = |out: &mut Vec<HelpLine>, title: &str| {
        if !out.is_empty() {
            out.push(note(""));
        }
        for row in wrap(title, width) {
            out.push(HelpLine {
                kind: Kind::Heading,
                keys: String::new(),
                text: row,
            });
        }
    };
    section(&mut out, "Anywhere");
    entry(
        &mut out,
        width,
        &QUIT_ANYWHERE.to_string(),
        "Quit (always; cannot be rebound)",
    );
    for layer in Layer::ALL {
        let title = match layer {
            Layer::Panes => format!(
                "Commands (after {} in the search box)",
                keymap.label_in(Layer::Search, super::Command::Back)
            ),
            other => other.title().to_string(),
        };
        section(&mut out, &title);
        if layer == Layer::Search {
            entry(
                &mut out,
                width,
                "letters",
                "Go into the query: results narrow at once",
            );
        }
        for b in keymap.bindings.iter().filter(|b| b.layer == layer) {
            let keys: Vec<String> = b.keys.iter().map(|k| k.to_string()).collect();
            entry(&mut out, width, &keys.join(" "), b.help);
        }
    }
    out.push(note(""));
    for text in [
        "Search: words must all match; 'word exact, ^word start, !word exclude.",
        "Every key can be changed in config.toml [keys] (hinet config default).",
    ] {
        for row in wrap(text, width) {
            out.push(note(&row));
        }
    }
    out
}

fn note(text: &str) -> HelpLine {
    HelpLine {
        kind: Kind::Note,
        keys: String::new(),
        text: text.to_string(),
    }
}

/// An entry: the keys in their column and the text beside them, wrapped;
/// keys too long for the column get a row of their own.
fn entry(out: &mut Vec<HelpLine>, width: usize, keys: &str, text: &str) {
    let col = if width >= KEYS_WIDTH + 16 {
        KEYS_WIDTH
    } else {
        width / 3
    };
    let mut keys = keys.to_string();
    if cells(&keys) + 1 > col {
        out.push(HelpLine {
            kind: Kind::Entry,
            keys: std::mem::take(&mut keys),
            text: String::new(),
        });
    }
    for row in wrap(text, width.saturating_sub(col).max(1)) {
        out.push(HelpLine {
            kind: Kind::Entry,
            keys: std::mem::take(&mut keys),
            text: row,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_in_the_help_at_every_width() {
        let km = Keymap::default();
        for w in [20, 38, 70] {
            let rows = lines(&km, w);
            for b in &km.bindings {
                let first = b.keys[0].to_string();
                assert!(
                    rows.iter().any(|r| r.keys.contains(&first)),
                    "{} at {w}",
                    b.full_name()
                );
            }
            for r in &rows {
                assert!(cells(&r.text) <= w, "{w}: {r:?}");
            }
        }
    }
}
