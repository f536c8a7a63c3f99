//! A table's typed values: text (sanitised and capped), ids and vocabulary
//! references, lists, links, booleans, numbers and dates, each wrong type or
//! bad value reported at its place.

use toml::de::DeValue;

use super::fields::{Tbl, is_network_id, is_vocab_id, wrong_type};
use super::{Loc, Reference, Reporter, limits};
use crate::catalogue::model::VocabKind;
use crate::text::links::check_url;
use crate::text::sanitize::{self, Lines};

/// How many characters `s` has when that is more than `max`; counted only
/// when it may be (a text of at most `max` bytes has at most `max`).
fn too_long(s: &str, max: usize) -> Option<usize> {
    if s.len() <= max {
        return None;
    }
    Some(s.chars().count()).filter(|&n| n > max)
}

/// `s` without leading and trailing white space, copied only when it has any.
fn trimmed(s: String) -> String {
    let t = s.trim();
    if t.len() == s.len() { s } else { t.to_string() }
}

impl Tbl<'_, '_> {
    /// A string field, sanitised; errors for a wrong type or over-long text.
    pub(super) fn string(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        max: usize,
        lines: Lines,
    ) -> Option<Option<String>> {
        let Some(v) = self.get(key) else {
            return Some(None);
        };
        match v.get_ref() {
            DeValue::String(s) => {
                if let Some(count) = too_long(s, max) {
                    rep.at(
                        self.loc_of(v),
                        &self.field(key),
                        format!("text is {count} characters long; the most is {max}"),
                    );
                    return None;
                }
                let clean = trimmed(sanitize::clean(s, lines, max));
                if clean.is_empty() {
                    return Some(None);
                }
                Some(Some(clean))
            }
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("a string", other),
                );
                None
            }
        }
    }

    pub(super) fn opt_str(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        max: usize,
        lines: Lines,
    ) -> Option<String> {
        self.string(rep, key, max, lines).flatten()
    }

    pub(super) fn req_str(&self, rep: &mut Reporter<'_>, key: &str, max: usize) -> Option<String> {
        match self.string(rep, key, max, Lines::One) {
            Some(Some(s)) => Some(s),
            Some(None) => {
                match self.get(key) {
                    Some(v) => rep.at(self.loc_of(v), &self.field(key), "must not be empty"),
                    None => self.missing(rep, key),
                }
                None
            }
            None => None,
        }
    }

    pub(super) fn network_id(&self, rep: &mut Reporter<'_>, key: &str) -> Option<String> {
        let id = self.req_str(rep, key, limits::ID)?;
        if !is_network_id(&id) {
            if let Some(v) = self.get(key) {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    format!("`{id}` is not a valid id: use 1-64 characters of a-z, 0-9 and -"),
                );
            }
            return None;
        }
        Some(id)
    }

    pub(super) fn vocab_id(&self, rep: &mut Reporter<'_>, key: &str) -> Option<(String, Loc)> {
        let id = self.req_str(rep, key, limits::ID)?;
        let loc = self.get(key).map_or(self.loc(), |v| self.loc_of(v));
        if !is_vocab_id(&id) {
            rep.at(
                loc,
                &self.field(key),
                format!("`{id}` is not a valid id: use a-z, 0-9 and -, with : between parts"),
            );
            return None;
        }
        Some((id, loc))
    }

    pub(super) fn vocab_ref(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        kind: VocabKind,
        required: bool,
        refs: &mut Vec<Reference>,
    ) -> Option<String> {
        if self.get(key).is_none() {
            if required {
                self.missing(rep, key);
                return None;
            }
            return Some(String::new());
        }
        let (id, loc) = self.vocab_id(rep, key)?;
        refs.push(Reference {
            kind: Some(kind),
            value: id.clone(),
            field: self.field(key),
            loc,
        });
        Some(id)
    }

    /// A list of strings; each entry sanitised and capped.
    pub(super) fn str_list(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        max: usize,
    ) -> Vec<(String, Loc)> {
        let Some(v) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            rep.at(
                self.loc_of(v),
                &self.field(key),
                wrong_type("a list of strings", v.get_ref()),
            );
            return Vec::new();
        };
        if items.len() > limits::LIST {
            rep.at(
                self.loc_of(v),
                &self.field(key),
                format!(
                    "the list has {} entries; the most is {}",
                    items.len(),
                    limits::LIST
                ),
            );
            return Vec::new();
        }
        // Exactly as long as the list (kept in the catalogue as it is).
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    if let Some(count) = too_long(s, max) {
                        rep.at(
                            self.loc_of(item),
                            &self.field(key),
                            format!("an entry is {count} characters long; the most is {max}"),
                        );
                        continue;
                    }
                    let s = trimmed(sanitize::line(s, max));
                    if !s.is_empty() {
                        out.push((s, self.loc_of(item)));
                    }
                }
                other => rep.at(
                    self.loc_of(item),
                    &self.field(key),
                    wrong_type("a string", other),
                ),
            }
        }
        out
    }

    /// A list of strings without their places.
    pub(super) fn strings(&self, rep: &mut Reporter<'_>, key: &str, max: usize) -> Vec<String> {
        let list = self.str_list(rep, key, max);
        let mut out = Vec::with_capacity(list.len());
        out.extend(list.into_iter().map(|(s, _)| s));
        out
    }

    pub(super) fn vocab_list(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        kind: VocabKind,
        refs: &mut Vec<Reference>,
    ) -> Option<Vec<String>> {
        let list = self.str_list(rep, key, limits::ID);
        let mut out = Vec::with_capacity(list.len());
        let mut ok = true;
        for (s, loc) in list {
            if !is_vocab_id(&s) {
                rep.at(loc, &self.field(key), format!("`{s}` is not a valid id"));
                ok = false;
                continue;
            }
            if out.contains(&s) {
                continue;
            }
            refs.push(Reference {
                kind: Some(kind),
                value: s.clone(),
                field: self.field(key),
                loc,
            });
            out.push(s);
        }
        ok.then_some(out)
    }

    pub(super) fn opt_url(&self, rep: &mut Reporter<'_>, key: &str) -> Option<Option<String>> {
        let Some(v) = self.get(key) else {
            return Some(None);
        };
        let raw = match v.get_ref() {
            DeValue::String(s) => s,
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("a string", other),
                );
                return None;
            }
        };
        match check_url(raw) {
            Ok(u) => Some(Some(u)),
            Err(e) => {
                rep.at(self.loc_of(v), &self.field(key), e);
                None
            }
        }
    }

    pub(super) fn opt_bool(&self, rep: &mut Reporter<'_>, key: &str) -> Option<bool> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("true or false", other),
                );
                None
            }
        }
    }

    pub(super) fn opt_int(&self, rep: &mut Reporter<'_>, key: &str) -> Option<i64> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                match i64::from_str_radix(digits.trim_start_matches('+'), i.radix()) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        rep.at(
                            self.loc_of(v),
                            &self.field(key),
                            "the number is out of range",
                        );
                        None
                    }
                }
            }
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("an integer", other),
                );
                None
            }
        }
    }

    pub(super) fn opt_float(&self, rep: &mut Reporter<'_>, key: &str) -> Option<f64> {
        let v = self.get(key)?;
        let parsed = match v.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            DeValue::Integer(i) if i.radix() == 10 => {
                i.as_str().replace('_', "").parse::<f64>().ok()
            }
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("a number", other),
                );
                return None;
            }
        };
        match parsed {
            Some(f) if f.is_finite() => Some(f),
            _ => {
                rep.at(self.loc_of(v), &self.field(key), "expected a finite number");
                None
            }
        }
    }

    pub(super) fn opt_date(&self, rep: &mut Reporter<'_>, key: &str) -> Option<String> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Datetime(d) => match d.date {
                Some(date) => Some(date.to_string()),
                None => {
                    rep.at(
                        self.loc_of(v),
                        &self.field(key),
                        "expected a date such as 2026-11-24",
                    );
                    None
                }
            },
            other => {
                rep.at(
                    self.loc_of(v),
                    &self.field(key),
                    wrong_type("a date such as 2026-11-24", other),
                );
                None
            }
        }
    }
}
