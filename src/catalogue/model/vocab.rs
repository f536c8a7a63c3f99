//! The controlled vocabularies: their kinds, terms and lookups.

use serde::Serialize;

/// The seven controlled vocabularies of format 1.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum VocabKind {
    Kind,
    Scope,
    Sector,
    Profession,
    CareerStage,
    Format,
    OpportunityType,
}

impl VocabKind {
    pub const ALL: [VocabKind; 7] = [
        VocabKind::Kind,
        VocabKind::Scope,
        VocabKind::Sector,
        VocabKind::Profession,
        VocabKind::CareerStage,
        VocabKind::Format,
        VocabKind::OpportunityType,
    ];

    /// The table name under `[vocabulary]` in a catalogue file.
    pub fn key(self) -> &'static str {
        match self {
            VocabKind::Kind => "kind",
            VocabKind::Scope => "scope",
            VocabKind::Sector => "sector",
            VocabKind::Profession => "profession",
            VocabKind::CareerStage => "career_stage",
            VocabKind::Format => "format",
            VocabKind::OpportunityType => "opportunity_type",
        }
    }

    pub fn from_key(key: &str) -> Option<VocabKind> {
        VocabKind::ALL.into_iter().find(|k| k.key() == key)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One controlled value: its id, a label a person understands, and a line about it.
#[derive(Clone, Debug, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Term {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The broader value this one is within (scope only: a nation within
    /// `uk-wide`, a region within its nation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
}

/// The controlled vocabularies, each in the order the catalogue defines them.
#[derive(Clone, Debug, Default, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Vocabulary {
    lists: [Vec<Term>; 7],
}

impl Vocabulary {
    pub fn terms(&self, kind: VocabKind) -> &[Term] {
        &self.lists[kind.index()]
    }

    pub fn get(&self, kind: VocabKind, id: &str) -> Option<&Term> {
        self.lists[kind.index()].iter().find(|t| t.id == id)
    }

    pub fn contains(&self, kind: VocabKind, id: &str) -> bool {
        self.get(kind, id).is_some()
    }

    /// The label of a value, or the id itself when it is not defined.
    pub fn label<'a>(&'a self, kind: VocabKind, id: &'a str) -> &'a str {
        self.get(kind, id).map_or(id, |t| t.label.as_str())
    }

    /// Add a term, or replace the one with the same id. Returns true when it replaced.
    pub fn insert(&mut self, kind: VocabKind, term: Term) -> bool {
        let list = &mut self.lists[kind.index()];
        if let Some(old) = list.iter_mut().find(|t| t.id == term.id) {
            *old = term;
            true
        } else {
            list.push(term);
            false
        }
    }
}
