//! `[profile]`: who you are, read from the settings (checked against a
//! catalogue later), and written back in place by `save_profile`.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::read::Warner;
use super::{MAX_SETTINGS_BYTES, Settings};
use crate::profile::{Field, Profile};
use crate::text::sanitize;
use crate::text::suggest::did_you_mean;

/// Read the `[profile]` table: each field's values, and `asked`.
pub(super) fn read_table(s: &mut Settings, w: &Warner<'_>, t: &DeTable<'_>) {
    for (k, v) in t.iter() {
        let name: &str = k.get_ref();
        if name == "asked" {
            match v.get_ref() {
                DeValue::Boolean(b) => s.profile_asked = *b,
                _ => w.warn(
                    s,
                    v.span().start,
                    "`profile.asked` must be true or false; ignored".into(),
                ),
            }
            continue;
        }
        let Some(field) = Field::ALL.into_iter().find(|f| f.config_key() == name) else {
            let names = ["professions", "stage", "scope", "sectors", "asked"];
            let hint = did_you_mean(name, names)
                .map(|m| format!(" (did you mean `{m}`?)"))
                .unwrap_or_default();
            w.warn(
                s,
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
                _ => w.warn(
                    s,
                    v.span().start,
                    format!("`profile.{name}` must be text; ignored"),
                ),
            }
        }
        if !field.multiple() && values.len() > 1 {
            w.warn(
                s,
                v.span().start,
                format!("`profile.{name}` takes one value; the first is used"),
            );
            values.truncate(1);
        }
        let line = w.line(v.span().start);
        for value in &values {
            s.profile_lines.push((field, value.clone(), line));
        }
        s.profile.set(field, values);
    }
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
