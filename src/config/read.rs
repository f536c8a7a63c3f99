//! Reading settings text: the theme, then `[keys]` (keys.rs) and
//! `[profile]` (profile.rs), each problem a warning naming its line.

use toml::de::{DeTable, DeValue};

use super::{Settings, ThemeName, keys, profile};
use crate::catalogue::diag::line_col;
use crate::text::sanitize;

/// Where warnings point: the file's name, and its text to find lines in.
pub(super) struct Warner<'a> {
    name: &'a str,
    text: &'a str,
}

impl Warner<'_> {
    /// Add a warning naming the line of `offset`.
    pub(super) fn warn(&self, s: &mut Settings, offset: usize, msg: String) {
        let (line, _) = line_col(self.text, offset);
        s.warnings
            .push(sanitize::line(&format!("{}:{line}: {msg}", self.name), 300));
    }

    /// The line of `offset`.
    pub(super) fn line(&self, offset: usize) -> usize {
        line_col(self.text, offset).0
    }
}

/// Parse settings text; `name` is used in warnings.
pub fn parse(name: &str, text: &str) -> Settings {
    let mut s = Settings::default();
    let w = Warner { name, text };
    let doc = match DeTable::parse(text) {
        Ok(d) => d,
        Err(e) => {
            let offset = e.span().map_or(0, |r| r.start);
            w.warn(
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
    let mut overrides = Vec::new();
    for (k, v) in doc.get_ref().iter() {
        let key: &str = k.get_ref();
        match (key, v.get_ref()) {
            ("theme", DeValue::String(t)) => match t.as_ref() {
                "default" => s.theme = Some(ThemeName::Default),
                "mono" => s.theme = Some(ThemeName::Mono),
                "colour-blind" | "color-blind" => s.theme = Some(ThemeName::ColourBlind),
                other => w.warn(
                    &mut s,
                    v.span().start,
                    format!(
                        "unknown theme `{other}` (default, mono, colour-blind); using the default"
                    ),
                ),
            },
            ("keys", DeValue::Table(t)) => keys::read_table(&mut s, &w, &mut overrides, t),
            ("profile", DeValue::Table(t)) => profile::read_table(&mut s, &w, t),
            ("theme" | "keys" | "profile", _) => w.warn(
                &mut s,
                v.span().start,
                format!("`{key}` has the wrong type; ignored"),
            ),
            (other, _) => w.warn(
                &mut s,
                k.span().start,
                format!("unknown setting `{other}` (theme, keys, profile); ignored"),
            ),
        }
    }
    keys::apply(&mut s, &w, overrides);
    s
}
