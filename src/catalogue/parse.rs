//! Turning catalogue text into the model, checking every field as it goes and
//! reporting every problem with its file, line, column and field.

use std::collections::HashMap;
use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diag::Diagnostic;
use super::model::{
    Alias, CatalogueInfo, Cost, Network, Opportunity, OpportunityStatus, Origin, Provenance,
    Status, Term, VocabKind,
};
use super::read::SourceFile;
use crate::text::links::check_url;
use crate::text::sanitize::{self, Lines};
use crate::text::suggest::did_you_mean;

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

/// Parse every file of a layer.
pub fn parse_layer(rep: &mut Reporter<'_>, first_file: usize, count: usize) -> Layer {
    let mut layer = Layer::default();
    for file in first_file..first_file + count {
        parse_file(rep, file, &mut layer);
    }
    layer
}

fn parse_file(rep: &mut Reporter<'_>, file: usize, layer: &mut Layer) {
    let text = rep.files[file].text.as_str();
    parse_text(rep, file, text, false, layer);
}

/// Parse a piece of a file (for the fast parse, which splits large files at
/// `[[network]]` headers and parses the pieces on several threads): its
/// places are counted from the start of the piece, not of the file, so the
/// reporter must be quiet. `rest`: not the first piece of its file, so it
/// must hold networks only (anything else is reported, so that the whole
/// file is parsed again as one).
pub fn parse_piece(
    rep: &mut Reporter<'_>,
    file: usize,
    piece: Range<usize>,
    rest: bool,
    layer: &mut Layer,
) {
    debug_assert!(rep.quiet);
    match rep.files[file].text.get(piece) {
        Some(text) => parse_text(rep, file, text, rest, layer),
        None => rep.at(Loc { file, offset: 0 }, "", "not a piece of the file"),
    }
}

fn parse_text(rep: &mut Reporter<'_>, file: usize, text: &str, rest: bool, layer: &mut Layer) {
    if text.trim().is_empty() {
        rep.at(Loc { file, offset: 0 }, "", "the file is empty");
        return;
    }
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // The parser may give one error many times at the same place (an
        // unclosed array per level of a deep nest): say each once.
        let mut said: Vec<(usize, String)> = Vec::new();
        for e in &errors {
            if said.len() == 20 {
                break;
            }
            let offset = char_floor(text, e.span().map_or(0, |s| s.start));
            let message = format!("TOML syntax: {}", e.message().trim());
            if said.iter().any(|(o, m)| *o == offset && *m == message) {
                continue;
            }
            rep.at(Loc { file, offset }, "", message.clone());
            said.push((offset, message));
        }
        layer.incomplete = true;
        return;
    }
    let root = Tbl {
        table: doc.get_ref(),
        span: doc.span(),
        path: String::new(),
        file,
    };
    root.check_keys(
        rep,
        if rest {
            &["network"]
        } else {
            &["catalogue", "vocabulary", "network", "alias"]
        },
    );
    if let Some(t) = root.table(rep, "catalogue") {
        layer.info_seen = true;
        let info = parse_info(rep, &t, &mut layer.newer_format);
        if let Some((_, first)) = &layer.info {
            let at = rep.origin(*first);
            rep.at(
                t.loc(),
                "catalogue",
                format!("a second [catalogue] table; the first is at {at}"),
            );
        } else if let Some(info) = info {
            layer.info = Some((info, t.loc()));
        }
    }
    if let Some(v) = root.table(rep, "vocabulary") {
        let keys: Vec<&str> = VocabKind::ALL.iter().map(|k| k.key()).collect();
        v.check_keys(rep, &keys);
        for kind in VocabKind::ALL {
            for t in v.array_of_tables(rep, kind.key()) {
                let scope = kind == VocabKind::Scope;
                t.check_keys(
                    rep,
                    if scope {
                        SCOPE_TERM_FIELDS
                    } else {
                        TERM_FIELDS
                    },
                );
                let id = t.vocab_id(rep, "id");
                let label = t.req_str(rep, "label", limits::LABEL);
                let description = t.opt_str(rep, "description", limits::SUMMARY, Lines::One);
                let within = if let (true, Some((id, _))) = (scope, &id) {
                    t.renamed(format!("vocabulary.scope[{id}]"))
                        .vocab_ref(rep, "within", VocabKind::Scope, false, &mut layer.refs)
                        .filter(|w| !w.is_empty())
                } else {
                    None
                };
                if let (Some((id, _)), Some(label)) = (id, label) {
                    layer.vocab.push((
                        kind,
                        Term {
                            id,
                            label,
                            description,
                            within,
                        },
                        t.loc(),
                    ));
                }
            }
        }
    }
    for t in root.array_of_tables(rep, "alias") {
        if let Some(a) = parse_alias(rep, &t, &mut layer.refs) {
            layer.aliases.push(a);
        }
    }
    for t in root.array_of_tables(rep, "network") {
        let (id, network) = parse_network(rep, &t, &mut layer.refs);
        if let Some(id) = id {
            layer.ids.push((id, t.loc()));
        }
        if let Some(n) = network {
            layer.networks.push((n, t.loc()));
        }
    }
}

/// `offset` within `text`, moved back to a character boundary: the place a
/// diagnostic shows for it.
fn char_floor(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn parse_info(rep: &mut Reporter<'_>, t: &Tbl<'_, '_>, newer: &mut bool) -> Option<CatalogueInfo> {
    t.check_keys(rep, CATALOGUE_FIELDS);
    let name = t.req_str(rep, "name", limits::NAME);
    let format = match t.get("format") {
        None => {
            t.missing(rep, "format");
            None
        }
        Some(v) => match v.get_ref() {
            DeValue::Integer(_) => {
                let f = t.opt_int(rep, "format")?;
                if f > FORMAT_VERSION {
                    *newer = true;
                    rep.at(
                        t.loc_of(v),
                        &t.field("format"),
                        format!(
                            "catalogue format {f} is newer than this hinet reads (format {FORMAT_VERSION}); update hinet"
                        ),
                    );
                    None
                } else if f < 1 {
                    rep.at(
                        t.loc_of(v),
                        &t.field("format"),
                        "the format version starts at 1",
                    );
                    None
                } else {
                    Some(f)
                }
            }
            other => {
                rep.at(
                    t.loc_of(v),
                    &t.field("format"),
                    wrong_type("an integer", other),
                );
                None
            }
        },
    };
    let updated = t.opt_date(rep, "updated");
    Some(CatalogueInfo {
        name: name?,
        format: format?,
        updated,
    })
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

/// One `[[alias]]`: words people type, and the vocabulary values or phrases
/// they mean (at least one).
fn parse_alias(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> Option<Alias> {
    t.check_keys(rep, ALIAS_FIELDS);
    let words: Vec<String> = t
        .str_list(rep, "words", limits::LABEL)
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    let phrases: Vec<String> = t
        .str_list(rep, "phrases", limits::LABEL)
        .into_iter()
        .map(|(w, _)| w)
        .collect();
    let mut values = Vec::new();
    let mut ok = true;
    for kind in VocabKind::ALL {
        match t.vocab_list(rep, kind.key(), kind, refs) {
            Some(ids) => values.extend(ids.into_iter().map(|id| (kind, id))),
            None => ok = false,
        }
    }
    if words.is_empty() {
        t.missing(rep, "words");
        return None;
    }
    if ok && values.is_empty() && phrases.is_empty() {
        rep.at(
            t.loc(),
            &t.field("words"),
            "an alias needs what its words mean: phrases, or vocabulary values such as scope = [\"wales\"]",
        );
        return None;
    }
    ok.then_some(Alias {
        words,
        values,
        phrases,
    })
}
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

/// Read one network: its id (when valid) and the network (when it has no error).
fn parse_network(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> (Option<String>, Option<Network>) {
    let id = t.network_id(rep, "id");
    let network = network_fields(rep, t, refs, id.clone());
    (id, network)
}

fn network_fields(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
    id: Option<String>,
) -> Option<Network> {
    let t = &t.renamed(match &id {
        Some(id) => format!("network[{id}]"),
        None => "network".to_string(),
    });
    t.check_keys(rep, NETWORK_FIELDS);
    let name = t.req_str(rep, "name", limits::NAME);
    let short_name = t.opt_str(rep, "short_name", limits::SHORT_NAME, Lines::One);
    let kind = t.vocab_ref(rep, "kind", VocabKind::Kind, true, refs);
    let status = match t.opt_str(rep, "status", limits::ID, Lines::One) {
        None => Some(Status::Active),
        Some(s) => match Status::from_id(&s) {
            Some(st) => Some(st),
            None => {
                let v = t.get("status").map(|v| t.loc_of(v)).unwrap_or(t.loc());
                let hint = did_you_mean(&s, Status::ALL.iter().map(|s| s.id()))
                    .map(|m| format!("; did you mean `{m}`?"))
                    .unwrap_or_default();
                rep.at(
                    v,
                    &t.field("status"),
                    format!("`{s}` is not a status (active, merged, closed){hint}"),
                );
                None
            }
        },
    };
    let successor = t.opt_str(rep, "successor", limits::ID, Lines::One);
    if let (Some(s), Some(v)) = (&successor, t.get("successor")) {
        refs.push(Reference {
            kind: None,
            value: s.clone(),
            field: t.field("successor"),
            loc: t.loc_of(v),
        });
    }
    let ended = t.opt_int(rep, "ended");
    if let (Some(y), Some(v)) = (ended, t.get("ended")) {
        if !(1900..=2200).contains(&y) {
            rep.at(
                t.loc_of(v),
                &t.field("ended"),
                format!("`{y}` is not a year"),
            );
        } else if status == Some(Status::Active) {
            rep.at(
                t.loc_of(v),
                &t.field("ended"),
                "only a merged or closed network has ended; set `status` too",
            );
        }
    }
    let summary = t.req_str(rep, "summary", limits::SUMMARY);
    let description = t.opt_str(rep, "description", limits::LONG_TEXT, Lines::Many);
    let website = t.opt_url(rep, "website");
    let how_to_join = t.opt_str(rep, "how_to_join", limits::MEDIUM_TEXT, Lines::Many);
    let join_url = t.opt_url(rep, "join_url");
    let scope = t.vocab_list(rep, "scope", VocabKind::Scope, refs);
    let sectors = t.vocab_list(rep, "sectors", VocabKind::Sector, refs);
    let professions = t.vocab_list(rep, "professions", VocabKind::Profession, refs);
    let career_stages = t.vocab_list(rep, "career_stages", VocabKind::CareerStage, refs);
    let formats = t.vocab_list(rep, "formats", VocabKind::Format, refs);
    let policy_engagement = t.opt_str(rep, "policy_engagement", limits::MEDIUM_TEXT, Lines::Many);
    // Lower-case before the cap: lower-casing may lengthen text (U+0130).
    let tags = t
        .str_list(rep, "tags", limits::TAG)
        .into_iter()
        .map(|(s, _)| sanitize::line(&s.to_lowercase(), limits::TAG))
        .collect();
    let cost = t.table(rep, "cost").and_then(|c| parse_cost(rep, &c));
    let mut opportunities = Vec::new();
    for (i, o) in t
        .array_of_tables(rep, "opportunity")
        .into_iter()
        .enumerate()
    {
        let o = o.renamed(format!("{}.opportunity[{}]", t.path, i + 1));
        if let Some(o) = parse_opportunity(rep, &o, refs) {
            opportunities.push(o);
        }
    }
    let provenance = t.table(rep, "provenance").map(|p| {
        p.check_keys(rep, PROVENANCE_FIELDS);
        let mut sources = Vec::new();
        for (s, loc) in p.str_list(rep, "sources", limits::MEDIUM_TEXT) {
            match check_url(&s) {
                Ok(u) => sources.push(u),
                Err(e) => rep.at(loc, &p.field("sources"), e),
            }
        }
        Provenance {
            sources,
            as_of: p.opt_int(rep, "as_of"),
            uncertain: p
                .str_list(rep, "uncertain", limits::NOTE)
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
        }
    });
    Some(Network {
        id: id?,
        name: name?,
        short_name,
        kind: kind?,
        status: status?,
        successor,
        ended,
        summary: summary?,
        description,
        website: website?,
        how_to_join,
        join_url: join_url?,
        scope: scope?,
        sectors: sectors?,
        professions: professions?,
        career_stages: career_stages?,
        formats: formats?,
        policy_engagement,
        tags,
        cost,
        opportunities,
        provenance,
        local: false,
    })
}

fn parse_cost(rep: &mut Reporter<'_>, c: &Tbl<'_, '_>) -> Option<Cost> {
    c.check_keys(rep, COST_FIELDS);
    let amount_gbp = c.opt_float(rep, "amount_gbp");
    if let (Some(a), Some(v)) = (amount_gbp, c.get("amount_gbp"))
        && !(0.0..=1_000_000.0).contains(&a)
    {
        rep.at(
            c.loc_of(v),
            &c.field("amount_gbp"),
            "the amount must be between 0 and 1,000,000",
        );
    }
    Some(Cost {
        free: c.opt_bool(rep, "free"),
        amount_gbp,
        year: c.opt_int(rep, "year"),
        note: c.opt_str(rep, "note", limits::NOTE, Lines::One),
    })
}

fn parse_opportunity(
    rep: &mut Reporter<'_>,
    t: &Tbl<'_, '_>,
    refs: &mut Vec<Reference>,
) -> Option<Opportunity> {
    t.check_keys(rep, OPPORTUNITY_FIELDS);
    let title = t.req_str(rep, "title", limits::TITLE);
    let kind = t.vocab_ref(rep, "type", VocabKind::OpportunityType, true, refs);
    let status = match t.opt_str(rep, "status", limits::ID, Lines::One).as_deref() {
        None | Some("current") => Some(OpportunityStatus::Current),
        Some("historical") => Some(OpportunityStatus::Historical),
        Some(other) => {
            let loc = t.get("status").map(|v| t.loc_of(v)).unwrap_or(t.loc());
            rep.at(
                loc,
                &t.field("status"),
                format!("`{other}` is not an opportunity status (current, historical)"),
            );
            None
        }
    };
    Some(Opportunity {
        title: title?,
        kind: kind?,
        summary: t.opt_str(rep, "summary", limits::MEDIUM_TEXT, Lines::Many),
        url: t.opt_url(rep, "url")?,
        formats: t.vocab_list(rep, "formats", VocabKind::Format, refs)?,
        career_stages: t.vocab_list(rep, "career_stages", VocabKind::CareerStage, refs)?,
        duration: t.opt_str(rep, "duration", limits::SHORT_TEXT, Lines::One),
        eligibility: t.opt_str(rep, "eligibility", limits::NOTE, Lines::One),
        when: t.opt_str(rep, "when", limits::SHORT_TEXT, Lines::One),
        status: status?,
        cost: t.table(rep, "cost").and_then(|c| parse_cost(rep, &c)),
    })
}

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

fn wrong_type(expected: &str, found: &DeValue<'_>) -> String {
    format!("expected {expected}, found {}", type_name(found))
}

fn is_vocab_id(s: &str) -> bool {
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
struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    path: String,
    file: usize,
}

impl<'t, 'i> Tbl<'t, 'i> {
    fn renamed(&self, path: String) -> Tbl<'t, 'i> {
        Tbl {
            table: self.table,
            span: self.span.clone(),
            path,
            file: self.file,
        }
    }

    fn loc(&self) -> Loc {
        Loc {
            file: self.file,
            offset: self.span.start,
        }
    }

    fn loc_of(&self, v: &Spanned<DeValue<'_>>) -> Loc {
        Loc {
            file: self.file,
            offset: v.span().start,
        }
    }

    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        self.table.get(key)
    }

    fn missing(&self, rep: &mut Reporter<'_>, key: &str) {
        rep.at(self.loc(), &self.field(key), "required field is missing");
    }

    fn check_keys(&self, rep: &mut Reporter<'_>, allowed: &[&str]) {
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

    fn table(&self, rep: &mut Reporter<'_>, key: &str) -> Option<Tbl<'t, 'i>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Table(t) => Some(Tbl {
                table: t,
                span: v.span(),
                path: self.field(key),
                file: self.file,
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

    fn array_of_tables(&self, rep: &mut Reporter<'_>, key: &str) -> Vec<Tbl<'t, 'i>> {
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

    /// A string field, sanitised; errors for a wrong type or over-long text.
    fn string(
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
                let count = s.chars().count();
                if count > max {
                    rep.at(
                        self.loc_of(v),
                        &self.field(key),
                        format!("text is {count} characters long; the most is {max}"),
                    );
                    return None;
                }
                let clean = sanitize::clean(s, lines, max);
                let trimmed = clean.trim();
                if trimmed.is_empty() {
                    return Some(None);
                }
                Some(Some(trimmed.to_string()))
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

    fn opt_str(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        max: usize,
        lines: Lines,
    ) -> Option<String> {
        self.string(rep, key, max, lines).flatten()
    }

    fn req_str(&self, rep: &mut Reporter<'_>, key: &str, max: usize) -> Option<String> {
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

    fn network_id(&self, rep: &mut Reporter<'_>, key: &str) -> Option<String> {
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

    fn vocab_id(&self, rep: &mut Reporter<'_>, key: &str) -> Option<(String, Loc)> {
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

    fn vocab_ref(
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
    fn str_list(&self, rep: &mut Reporter<'_>, key: &str, max: usize) -> Vec<(String, Loc)> {
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
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => {
                    let count = s.chars().count();
                    if count > max {
                        rep.at(
                            self.loc_of(item),
                            &self.field(key),
                            format!("an entry is {count} characters long; the most is {max}"),
                        );
                        continue;
                    }
                    let s = sanitize::line(s, max);
                    let s = s.trim();
                    if !s.is_empty() {
                        out.push((s.to_string(), self.loc_of(item)));
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

    fn vocab_list(
        &self,
        rep: &mut Reporter<'_>,
        key: &str,
        kind: VocabKind,
        refs: &mut Vec<Reference>,
    ) -> Option<Vec<String>> {
        let mut out = Vec::new();
        let mut ok = true;
        for (s, loc) in self.str_list(rep, key, limits::ID) {
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

    fn opt_url(&self, rep: &mut Reporter<'_>, key: &str) -> Option<Option<String>> {
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

    fn opt_bool(&self, rep: &mut Reporter<'_>, key: &str) -> Option<bool> {
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

    fn opt_int(&self, rep: &mut Reporter<'_>, key: &str) -> Option<i64> {
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

    fn opt_float(&self, rep: &mut Reporter<'_>, key: &str) -> Option<f64> {
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

    fn opt_date(&self, rep: &mut Reporter<'_>, key: &str) -> Option<String> {
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
