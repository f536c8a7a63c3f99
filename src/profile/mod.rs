//! Who the person is, for "Which networks fit me?" (DESIGN §3.2): their
//! profession(s), career stage, nation or region and sector(s), every value
//! from the catalogue's own vocabulary, and how well each network and each
//! opportunity fits them (`fit`). Nothing here knows of the terminal or of
//! the settings file: `config` reads and writes a profile, `app`, `ui` and
//! `cli` show one.

pub mod fit;

use serde::Serialize;

use crate::catalogue::{VocabKind, Vocabulary};
use crate::text::suggest::did_you_mean;

/// One of the four things a person may say about themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    Profession,
    Stage,
    Scope,
    Sector,
}

impl Field {
    /// In the order they are asked and shown.
    pub const ALL: [Field; 4] = [Field::Profession, Field::Stage, Field::Scope, Field::Sector];

    /// The name on the command line (`--profession`) and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Field::Profession => "profession",
            Field::Stage => "stage",
            Field::Scope => "scope",
            Field::Sector => "sector",
        }
    }

    /// The key under `[profile]` in config.toml.
    pub fn config_key(self) -> &'static str {
        match self {
            Field::Profession => "professions",
            Field::Stage => "stage",
            Field::Scope => "scope",
            Field::Sector => "sectors",
        }
    }

    /// What a person calls it.
    pub fn label(self) -> &'static str {
        match self {
            Field::Profession => "profession",
            Field::Stage => "career stage",
            Field::Scope => "nation or region",
            Field::Sector => "sector",
        }
    }

    /// The vocabulary its values come from.
    pub fn vocab(self) -> VocabKind {
        match self {
            Field::Profession => VocabKind::Profession,
            Field::Stage => VocabKind::CareerStage,
            Field::Scope => VocabKind::Scope,
            Field::Sector => VocabKind::Sector,
        }
    }

    /// Whether a person may give several values (professions and sectors).
    pub fn multiple(self) -> bool {
        matches!(self, Field::Profession | Field::Sector)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A profile: empty lists and `None` mean "not said".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub professions: Vec<String>,
    pub stage: Option<String>,
    pub scope: Option<String>,
    pub sectors: Vec<String>,
}

impl Profile {
    /// Nothing said at all.
    pub fn is_empty(&self) -> bool {
        Field::ALL.iter().all(|f| !self.states(*f))
    }

    /// Whether the person said something for `field`.
    pub fn states(&self, field: Field) -> bool {
        match field {
            Field::Profession => !self.professions.is_empty(),
            Field::Stage => self.stage.is_some(),
            Field::Scope => self.scope.is_some(),
            Field::Sector => !self.sectors.is_empty(),
        }
    }

    /// The values given for `field`.
    pub fn values(&self, field: Field) -> Vec<&str> {
        match field {
            Field::Profession => self.professions.iter().map(String::as_str).collect(),
            Field::Stage => self.stage.iter().map(String::as_str).collect(),
            Field::Scope => self.scope.iter().map(String::as_str).collect(),
            Field::Sector => self.sectors.iter().map(String::as_str).collect(),
        }
    }

    /// Replace what is said for `field` (a single-valued field keeps the
    /// first value; an empty list forgets it). Values are kept once each.
    pub fn set(&mut self, field: Field, values: Vec<String>) {
        let mut values = values;
        let mut seen = std::collections::HashSet::new();
        values.retain(|v| seen.insert(v.clone()));
        match field {
            Field::Profession => self.professions = values,
            Field::Stage => self.stage = values.into_iter().next(),
            Field::Scope => self.scope = values.into_iter().next(),
            Field::Sector => self.sectors = values,
        }
    }

    /// The profile with every value the vocabulary does not define left out.
    pub fn known_only(&self, vocab: &Vocabulary) -> Profile {
        let mut p = Profile::default();
        for f in Field::ALL {
            let kept = self
                .values(f)
                .into_iter()
                .filter(|v| vocab.contains(f.vocab(), v))
                .map(str::to_string)
                .collect();
            p.set(f, kept);
        }
        p
    }

    /// Whether the career stage is the first one the catalogue defines
    /// (entry level or student in the bundled catalogue): such a profile
    /// gets "first steps" in the learning tab.
    pub fn is_entry_level(&self, vocab: &Vocabulary) -> bool {
        let first = vocab.terms(VocabKind::CareerStage).first();
        matches!((&self.stage, first), (Some(s), Some(t)) if *s == t.id)
    }
}

/// Check a value against the vocabulary of `field`: an error names the
/// value, suggests a close one and lists the valid ones.
pub fn check_value(vocab: &Vocabulary, field: Field, value: &str) -> Result<(), String> {
    if vocab.contains(field.vocab(), value) {
        return Ok(());
    }
    let terms = vocab.terms(field.vocab());
    let hint = did_you_mean(value, terms.iter().map(|t| t.id.as_str()))
        .map(|m| format!("did you mean `{m}`? "))
        .unwrap_or_default();
    let valid: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
    Err(format!(
        "unknown {} `{}`; {hint}valid values: {}",
        field.key(),
        crate::text::sanitize::line(value, 80),
        valid.join(", ")
    ))
}

/// A label as it reads inside a sentence: the first letter lower-cased
/// unless the word is an abbreviation ("Data and analytics" → "data and
/// analytics", "NHS acute trusts" stays).
pub fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            let mut s: String = a.to_lowercase().collect();
            s.push_str(&label[a.len_utf8()..]);
            s
        }
        _ => label.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_keeps_one_value_for_single_fields_and_drops_repeats() {
        let mut p = Profile::default();
        assert!(p.is_empty());
        p.set(Field::Stage, vec!["a".into(), "b".into()]);
        assert_eq!(p.stage.as_deref(), Some("a"));
        p.set(Field::Profession, vec!["x".into(), "y".into(), "x".into()]);
        assert_eq!(p.professions, ["x", "y"]);
        assert!(!p.is_empty());
        p.set(Field::Profession, Vec::new());
        p.set(Field::Stage, Vec::new());
        assert!(p.is_empty());
    }

    #[test]
    fn labels_read_inside_a_sentence() {
        assert_eq!(in_sentence("Data and analytics"), "data and analytics");
        assert_eq!(in_sentence("NHS acute trusts"), "NHS acute trusts");
        assert_eq!(in_sentence("Early career"), "early career");
        assert_eq!(in_sentence(""), "");
    }
}
