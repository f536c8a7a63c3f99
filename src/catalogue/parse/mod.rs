//! Turning catalogue text into the model, checking every field as it goes and
//! reporting every problem with its file, line, column and field.
//!
//! The parts: `fields` reads a table's keys and places, `values` its typed
//! values (text, lists, links, numbers, dates), `network` a network with its
//! opportunities, cost and provenance, and `file` a whole file (syntax
//! errors, `[catalogue]`, `[vocabulary]`, `[[alias]]`, `[[network]]`) into a
//! `Layer`.

mod fields;
mod file;
mod network;
mod values;

use std::collections::HashMap;

use super::diag::Diagnostic;
use super::model::{Alias, CatalogueInfo, Network, Origin, Term, VocabKind};
use super::read::SourceFile;

pub use fields::is_network_id;
pub use file::{parse_layer, parse_piece};

/// The catalogue format this build reads.
pub const FORMAT_VERSION: i64 = 1;

/// How many problems are reported before the rest are summarised.
pub const MAX_DIAGNOSTICS: usize = 200;

/// Limits on text fields, in characters.
pub mod limits {
    pub const ID: usize = 64;
    pub const NAME: usize = 200;
    pub const SHORT_NAME: usize = 60;
    pub const SUMMARY: usize = 1_000;
    pub const LONG_TEXT: usize = 10_000;
    pub const MEDIUM_TEXT: usize = 2_000;
    pub const NOTE: usize = 1_000;
    pub const SHORT_TEXT: usize = 200;
    pub const TITLE: usize = 300;
    pub const TAG: usize = 60;
    pub const LIST: usize = 100;
    pub const LABEL: usize = 100;
}

/// A place in one of the files being loaded: the file's index and a byte offset.
#[derive(Clone, Copy, Debug)]
pub struct Loc {
    pub file: usize,
    pub offset: usize,
}

/// A reference from a network to a vocabulary value or another network,
/// checked once every file of the catalogue has been read.
#[derive(Clone, Debug)]
pub struct Reference {
    pub kind: Option<VocabKind>, // None: a network id (successor)
    pub value: String,
    pub field: String,
    pub loc: Loc,
}

/// What one layer of files (the catalogue, or the user's additions) holds.
#[derive(Default)]
pub struct Layer {
    pub info: Option<(CatalogueInfo, Loc)>,
    pub vocab: Vec<(VocabKind, Term, Loc)>,
    pub networks: Vec<(Network, Loc)>,
    /// Every network id read, with its place, even from networks with errors
    /// (so duplicates are always reported).
    pub ids: Vec<(String, Loc)>,
    pub refs: Vec<Reference>,
    pub aliases: Vec<Alias>,
    /// A `[catalogue]` table was present, valid or not.
    pub info_seen: bool,
    /// Some file could not be parsed, so cross-file checks would mislead.
    pub incomplete: bool,
    /// A file declares a format newer than this build reads.
    pub newer_format: bool,
}

/// Collects diagnostics for a set of files.
pub struct Reporter<'f> {
    pub files: &'f [SourceFile],
    pub diagnostics: Vec<Diagnostic>,
    pub dropped: usize,
    /// Byte offsets where each line starts, per file, built on first use, so
    /// that placing every network of a large file stays linear.
    line_starts: Vec<Option<Vec<usize>>>,
    /// Only count problems, without placing them (for the first, fast
    /// parse, which is redone with places when it finds any).
    quiet: bool,
}

impl<'f> Reporter<'f> {
    pub fn new(files: &'f [SourceFile]) -> Self {
        Reporter {
            files,
            diagnostics: Vec::new(),
            dropped: 0,
            line_starts: vec![None; files.len()],
            quiet: false,
        }
    }

    /// A reporter that only counts problems: `is_clean` says whether there
    /// were any.
    pub fn quiet(files: &'f [SourceFile]) -> Self {
        Reporter {
            files,
            diagnostics: Vec::new(),
            dropped: 0,
            // Never placed: nothing per file (one quiet reporter per piece,
            // so this must not grow with the number of files).
            line_starts: Vec::new(),
            quiet: true,
        }
    }

    /// Whether no problem has been reported.
    pub fn is_clean(&self) -> bool {
        self.diagnostics.is_empty() && self.dropped == 0
    }

    pub fn at(&mut self, loc: Loc, field: &str, message: impl Into<String>) {
        if self.quiet {
            self.dropped += 1;
            return;
        }
        if self.diagnostics.len() >= MAX_DIAGNOSTICS {
            self.dropped += 1;
            return;
        }
        let f = &self.files[loc.file];
        self.diagnostics
            .push(Diagnostic::at(&f.name, &f.text, loc.offset, field, message));
    }

    pub fn origin(&mut self, loc: Loc) -> Origin {
        let f = &self.files[loc.file];
        if self.quiet {
            return Origin {
                file: f.name.clone(),
                line: 0,
                col: 0,
            };
        }
        let starts = self.line_starts[loc.file].get_or_insert_with(|| {
            std::iter::once(0)
                .chain(f.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let offset = loc.offset.min(f.text.len());
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let start = starts[line - 1];
        let col = f
            .text
            .get(start..offset)
            .map_or(1, |t| t.chars().count() + 1);
        Origin {
            file: f.name.clone(),
            line,
            col,
        }
    }

    /// The diagnostics, sorted by place, with a last line for any left out.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        let order: HashMap<&str, usize> = self
            .files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect();
        self.diagnostics.sort_by_key(|d| {
            (
                order.get(d.file.as_str()).copied().unwrap_or(usize::MAX),
                d.line,
                d.col,
            )
        });
        if self.dropped > 0 {
            let file = self
                .diagnostics
                .last()
                .map(|d| d.file.clone())
                .unwrap_or_default();
            self.diagnostics.push(Diagnostic::file(
                &file,
                format!("{} more problems not shown", self.dropped),
            ));
        }
        self.diagnostics
    }
}

/// The fields of `[catalogue]`.
pub const CATALOGUE_FIELDS: &[&str] = &["name", "format", "updated"];
/// The fields of a vocabulary term.
pub const TERM_FIELDS: &[&str] = &["id", "label", "description"];
/// The fields of a scope term: a place may be within another.
pub const SCOPE_TERM_FIELDS: &[&str] = &["id", "label", "description", "within"];

/// The fields of an `[[alias]]`: the words, then what they mean (phrases,
/// and values of any vocabulary, keyed as under `[vocabulary]`).
pub const ALIAS_FIELDS: &[&str] = &[
    "words",
    "phrases",
    "kind",
    "scope",
    "sector",
    "profession",
    "career_stage",
    "format",
    "opportunity_type",
];

/// The fields of a cost table.
pub const COST_FIELDS: &[&str] = &["free", "amount_gbp", "year", "note"];
/// The fields of `[network.provenance]`.
pub const PROVENANCE_FIELDS: &[&str] = &["sources", "as_of", "uncertain"];

/// The fields of a network.
pub const NETWORK_FIELDS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "kind",
    "status",
    "successor",
    "ended",
    "summary",
    "description",
    "website",
    "how_to_join",
    "join_url",
    "scope",
    "sectors",
    "professions",
    "career_stages",
    "formats",
    "policy_engagement",
    "tags",
    "cost",
    "opportunity",
    "provenance",
];

pub const OPPORTUNITY_FIELDS: &[&str] = &[
    "title",
    "type",
    "summary",
    "url",
    "formats",
    "career_stages",
    "duration",
    "eligibility",
    "when",
    "status",
    "cost",
];
