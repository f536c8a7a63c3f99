//! Field access: a table being read, its keys (unknown ones reported with a
//! suggestion), its sub-tables, and the places and paths messages name.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Loc, Reporter, limits};
use crate::text::sanitize;
use crate::text::suggest::did_you_mean;

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

pub(super) fn wrong_type(expected: &str, found: &DeValue<'_>) -> String {
    format!("expected {expected}, found {}", type_name(found))
}

pub(super) fn is_vocab_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= limits::ID
        && s.split(':').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// A network id: 1-64 characters of a-z, 0-9 and -.
pub fn is_network_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= limits::ID
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A table being read, with its place and its path for messages.
pub(super) struct Tbl<'t, 'i> {
    pub(super) table: &'t DeTable<'i>,
    pub(super) span: Range<usize>,
    pub(super) path: String,
    pub(super) file: usize,
    /// Read for a quiet reporter, whose messages are only counted: paths
    /// and field names are left empty rather than built for nothing.
    pub(super) quiet: bool,
}

impl<'t, 'i> Tbl<'t, 'i> {
    /// The table at the top of a document.
    pub(super) fn root(
        rep: &Reporter<'_>,
        doc: &'t toml::Spanned<DeTable<'i>>,
        file: usize,
    ) -> Self {
        Tbl {
            table: doc.get_ref(),
            span: doc.span(),
            path: String::new(),
            file,
            quiet: rep.quiet,
        }
    }

    /// This table under another path (built only when messages are placed).
    pub(super) fn renamed(&self, path: impl FnOnce() -> String) -> Tbl<'t, 'i> {
        Tbl {
            table: self.table,
            span: self.span.clone(),
            path: if self.quiet { String::new() } else { path() },
            file: self.file,
            quiet: self.quiet,
        }
    }

    pub(super) fn loc(&self) -> Loc {
        Loc {
            file: self.file,
            offset: self.span.start,
        }
    }

    pub(super) fn loc_of(&self, v: &Spanned<DeValue<'_>>) -> Loc {
        Loc {
            file: self.file,
            offset: v.span().start,
        }
    }

    /// The path of a field for messages (empty when they are only counted).
    pub(super) fn field(&self, key: &str) -> String {
        if self.quiet {
            String::new()
        } else if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    pub(super) fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    pub(super) fn missing(&self, rep: &mut Reporter<'_>, key: &str) {
        rep.at(self.loc(), &self.field(key), "required field is missing");
    }

    pub(super) fn check_keys(&self, rep: &mut Reporter<'_>, allowed: &[&str]) {
        for (k, _) in self.table.iter() {
            let key: &str = k.get_ref();
            if !allowed.contains(&key) {
                let hint = did_you_mean(key, allowed.iter().copied())
                    .map(|m| format!("did you mean `{m}`? "))
                    .unwrap_or_default();
                rep.at(
                    Loc {
                        file: self.file,
                        offset: k.span().start,
                    },
                    &self.field(&sanitize::line(key, 60)),
                    format!("unknown field; {hint}valid fields: {}", allowed.join(", ")),
                );
            }
        }
    }

    pub(super) fn table(&self, rep: &mut Reporter<'_>, key: &str) -> Option<Tbl<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Tbl {
                table: t,
                span: v.span(),
                path: self.field(key),
                file: self.file,
                quiet: self.quiet,
            }),
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("a table", other),
                );
                None
            }
        }
    }

    pub(super) fn array_of_tables(&self, rep: &mut Reporter<'_>, key: &str) -> Vec<Tbl<'t, 'i>> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        match v.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| match item.get_ref() {
                    DeValue::Table(t) => Some(Tbl {
                        table: t,
                        span: item.span(),
                        path: self.field(key),
                        file: self.file,
                        quiet: self.quiet,
                    }),
                    other => {
                        rep.at(
                            self.loc_of(item),
                            &self.field(key),
                            wrong_type(&format!("tables ([[{key}]])"), other),
                        );
                        None
                    }
                })
                .collect(),
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type(&format!("a list of tables ([[{key}]])"), other),
                );
                Vec::new()
            }
        }
    }
}
