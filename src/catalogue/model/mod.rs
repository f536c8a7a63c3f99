//! The loaded catalogue: plain Rust types shared by the command line and the UI.
//!
//! Field names follow catalogue format 1, so the JSON output (serde) uses the
//! catalogue's own names. Every string here has been sanitised on the way in.

mod cost;
mod networks;
mod vocab;

use serde::Serialize;

pub use cost::*;
pub use networks::{Archive, NetRef, Networks, Shape};
pub use vocab::*;

/// The `[catalogue]` table.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct CatalogueInfo {
    pub name: String,
    pub format: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// Whether a network still exists.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    #[default]
    Active,
    Merged,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::Merged, Status::Closed];

    pub fn id(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Merged => "merged",
            Status::Closed => "closed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Active => "Active",
            Status::Merged => "Merged",
            Status::Closed => "Closed",
        }
    }

    pub fn from_id(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|v| v.id() == s)
    }
}

/// Whether an opportunity still runs, as far as the sources say.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum OpportunityStatus {
    #[default]
    Current,
    Historical,
}

impl OpportunityStatus {
    pub fn is_current(&self) -> bool {
        *self == OpportunityStatus::Current
    }
}

/// A learning or training opportunity offered by a network.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct Opportunity {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub formats: Vec<String>,
    pub career_stages: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    #[serde(skip_serializing_if = "OpportunityStatus::is_current")]
    pub status: OpportunityStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
}

/// Where the facts came from.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct Provenance {
    pub sources: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<i64>,
    pub uncertain: Vec<String>,
}

/// Where an item was defined: a file and the line of its table.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: String,
    pub line: usize,
    pub col: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// A network, community or professional body.
#[derive(
    Clone, Debug, Default, PartialEq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
pub struct Network {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_name: Option<String>,
    pub kind: String,
    pub status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub successor: Option<String>,
    /// For a merged or closed network: the year it ended, where a source says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended: Option<i64>,
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how_to_join: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_url: Option<String>,
    pub scope: Vec<String>,
    pub sectors: Vec<String>,
    pub professions: Vec<String>,
    pub career_stages: Vec<String>,
    pub formats: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_engagement: Option<String>,
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    #[serde(rename = "opportunity")]
    pub opportunities: Vec<Opportunity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// True when the network came from the user's own `catalogue.d/`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub local: bool,
}

impl Network {
    /// The short name where there is one, else the name.
    pub fn display_short(&self) -> &str {
        self.short_name.as_deref().unwrap_or(&self.name)
    }

    /// The link to open for this network: its website, else its joining
    /// page, else the first page its facts were read from (labelled as such,
    /// so `o` and `y` always do something and say what they opened).
    pub fn link(&self) -> Option<Link<'_>> {
        if let Some(url) = self.website.as_deref() {
            return Some(Link {
                url,
                kind: LinkKind::Website,
            });
        }
        if let Some(url) = self.join_url.as_deref() {
            return Some(Link {
                url,
                kind: LinkKind::Join,
            });
        }
        self.provenance
            .as_ref()
            .and_then(|p| p.sources.iter().find(|s| crate::text::links::is_web_url(s)))
            .map(|url| Link {
                url,
                kind: LinkKind::Source,
            })
    }

    /// The career stages an opportunity is for: its own, or where it states
    /// none, its network's. Filters, counts and every display use this.
    pub fn stages_of<'a>(&'a self, o: &'a Opportunity) -> Stages<'a> {
        if o.career_stages.is_empty() && !self.career_stages.is_empty() {
            Stages {
                ids: &self.career_stages,
                inherited: true,
            }
        } else {
            Stages {
                ids: &o.career_stages,
                inherited: false,
            }
        }
    }
}

/// The career stages of an opportunity (see [`Network::stages_of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stages<'a> {
    pub ids: &'a [String],
    /// True when the opportunity states none and these are its network's.
    pub inherited: bool,
}

/// What kind of page a network's link is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkKind {
    /// The network's own site (or its page on a parent body's site).
    Website,
    /// The page about joining.
    Join,
    /// No website is known: the first page its facts were read from.
    Source,
}

impl LinkKind {
    /// How the link is described to a person.
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::Website => "website",
            LinkKind::Join => "join page",
            LinkKind::Source => "no website known — source page",
        }
    }
}

/// A network's link: the address and what kind of page it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Link<'a> {
    pub url: &'a str,
    pub kind: LinkKind,
}

impl Link<'_> {
    pub fn label(&self) -> &'static str {
        self.kind.label()
    }
}

/// The words people use for what the vocabulary names (`[[alias]]`): a fact
/// about language, not about a network. "swansea" means the scope Wales,
/// "physiotherapist" the allied health professions, "epr" the phrase
/// "electronic patient record". Search finds the entries that have one of
/// the values (or contain one of the phrases) when a person types the words.
#[derive(Clone, Debug, Default, PartialEq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Alias {
    /// What people type: words or short phrases.
    pub words: Vec<String>,
    /// The vocabulary values they mean.
    pub values: Vec<(VocabKind, String)>,
    /// Phrases they mean: text an entry may contain.
    pub phrases: Vec<String>,
}

/// A whole catalogue, loaded and validated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    pub info: CatalogueInfo,
    pub vocab: Vocabulary,
    pub networks: Networks,
    /// The words people use (see `Alias`), in file order.
    pub aliases: Vec<Alias>,
}

impl Catalogue {
    /// The network with this id (kept once read: for what is shown).
    pub fn network(&self, id: &str) -> Option<&Network> {
        self.networks.by_id(id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.networks.position(id)
    }

    pub fn opportunity_count(&self) -> usize {
        self.networks
            .shapes()
            .map(|s| s.opportunities as usize)
            .sum()
    }

    /// The networks whose `successor` is `id`, in catalogue order: what a
    /// network was formerly, or what it succeeded.
    pub fn predecessors<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Network> + 'a {
        self.networks.predecessors(id).into_iter()
    }
}
