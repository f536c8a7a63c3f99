//! The catalogue: model types, loading (file, directory, embedded), validation
//! with locations, sanitising of external text and the vocabulary.
//!
//! Nothing here knows about the terminal.

pub mod codec;
pub mod diag;
mod fast;
pub mod gaps;
pub mod model;
pub mod parse;
pub mod places;
pub mod read;
pub mod schema;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, LoadError};
pub use model::*;
pub use places::PlaceMatch;
pub use read::SourceFile;

use crate::text::suggest::did_you_mean;
/// The text utilities' old home, kept for callers not yet moved over.
pub use crate::text::{links, sanitize, suggest};
use parse::{Layer, Reporter, parse_layer};

// build.rs sets `hinet_bundled` for the crate; build.rs itself compiles
// these modules too (to check and encode the bundled catalogue), without it
// and without a catalogue of its own.
#[cfg(hinet_bundled)]
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}
#[cfg(not(hinet_bundled))]
mod bundled {
    pub static BUNDLED: &[(&str, &str)] = &[];
    pub static ENCODED: Option<(&[u8], &[u8])> = None;
}

/// Which catalogue to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The catalogue embedded in the binary.
    Bundled,
    /// A file or a directory of `*.toml` files.
    Path(PathBuf),
}

/// How to load.
#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// The user's own additions (`catalogue.d/`), merged over the catalogue.
    pub additions: Option<PathBuf>,
    /// The largest file accepted, in bytes.
    pub max_file_bytes: u64,
    /// Addition files to leave out (named as in messages): those with
    /// errors, when the rest is wanted anyway.
    pub skip_additions: Vec<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            additions: None,
            max_file_bytes: read::DEFAULT_MAX_FILE_BYTES,
            skip_additions: Vec::new(),
        }
    }
}

/// The names and texts of the bundled catalogue's files, as embedded.
pub fn bundled_texts() -> impl Iterator<Item = (&'static str, &'static str)> {
    bundled::BUNDLED.iter().copied()
}

/// The files of the bundled catalogue.
pub fn bundled_files() -> Vec<SourceFile> {
    bundled_texts()
        .map(|(name, text)| SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect()
}

/// The bundled catalogue as build.rs parsed, checked and encoded it
/// (`codec`'s head and networks), decoded; `None` when the build found it
/// had errors or the bytes do not decode, and then it is parsed at start
/// (which reports the errors). `hinet check` parses the text instead.
pub fn bundled_decoded() -> Option<Catalogue> {
    let (head, networks) = bundled::ENCODED?;
    let mut catalogue = codec::decode_head(head)?;
    catalogue.networks = codec::decode_networks(networks)?;
    Some(catalogue)
}

/// Load and check a catalogue, with the user's additions merged over it.
pub fn load(source: &Source, options: &LoadOptions) -> Result<Catalogue, LoadError> {
    let (base, additions) = read_sources(source, options)?;
    from_files(base, additions)
}

/// Read the files of a catalogue and of the user's additions, unparsed.
pub fn read_sources(
    source: &Source,
    options: &LoadOptions,
) -> Result<(Vec<SourceFile>, Vec<SourceFile>), LoadError> {
    let base = match source {
        Source::Bundled => bundled_files(),
        Source::Path(p) => read::read_path(p, options.max_file_bytes).map_err(into_error)?,
    };
    Ok((base, read_additions(options)?))
}

/// Read the files of the user's additions (none when there is no folder).
pub fn read_additions(options: &LoadOptions) -> Result<Vec<SourceFile>, LoadError> {
    Ok(match &options.additions {
        Some(dir) if dir.is_dir() => {
            read::read_path_except(dir, options.max_file_bytes, &options.skip_additions)
                .map_err(into_error)?
        }
        _ => Vec::new(),
    })
}

/// Load a catalogue from a path with no additions (what `hinet check PATH` does).
pub fn load_path(path: &Path, max_file_bytes: u64) -> Result<Catalogue, LoadError> {
    let files = read::read_path(path, max_file_bytes).map_err(into_error)?;
    from_files(files, Vec::new())
}

fn into_error(diagnostics: Vec<Diagnostic>) -> LoadError {
    LoadError { diagnostics }
}

/// Build a catalogue from the base files and the additions merged over them.
pub fn from_files(
    base: Vec<SourceFile>,
    additions: Vec<SourceFile>,
) -> Result<Catalogue, LoadError> {
    let base_count = base.len();
    let mut files = base;
    files.extend(additions);
    if base_count == 0 {
        let mut rep = Reporter::new(&files);
        rep.diagnostics.push(Diagnostic::file(
            "catalogue",
            "no catalogue files (*.toml) were found",
        ));
        return Err(into_error(rep.finish()));
    }
    // First without places, in pieces; when that finds a problem, again
    // with them, to say where.
    if let Some(catalogue) = fast::parse(&files, base_count) {
        return Ok(catalogue);
    }
    parse_placed(&files, base_count)
}

/// Parse whole files, placing every problem (`from_files` without its
/// first, fast parse).
fn parse_placed(files: &[SourceFile], base_count: usize) -> Result<Catalogue, LoadError> {
    let mut rep = Reporter::new(files);
    let base = parse_layer(&mut rep, 0, base_count);
    let extra = parse_layer(&mut rep, base_count, files.len() - base_count);
    let newer = base.newer_format || extra.newer_format;
    let catalogue = assemble(&mut rep, base, extra);
    let mut diagnostics = rep.finish();
    if newer {
        // Everything else may be a feature of the newer format: say only that.
        diagnostics.retain(|d| d.field.as_deref() == Some("catalogue.format"));
    }
    match catalogue {
        Some(c) if diagnostics.is_empty() => Ok(c),
        _ => Err(into_error(diagnostics)),
    }
}

fn assemble(rep: &mut Reporter<'_>, base: Layer, extra: Layer) -> Option<Catalogue> {
    let mut catalogue = Catalogue::default();
    let incomplete = base.incomplete || extra.incomplete;
    // The [catalogue] table: once in the catalogue; additions may repeat it.
    match base.info {
        Some((info, _)) => catalogue.info = info,
        None if base.info_seen || incomplete => {}
        None => {
            rep.at(
                parse::Loc { file: 0, offset: 0 },
                "catalogue",
                "no [catalogue] table: a catalogue needs one, with name and format",
            );
        }
    }
    // Vocabulary: each id once per kind within a layer.
    let mut seen: HashMap<(VocabKind, String), parse::Loc> = HashMap::new();
    let mut scope_locs: HashMap<String, parse::Loc> = HashMap::new();
    for (kind, term, loc) in base.vocab {
        if let Some(first) = seen.get(&(kind, term.id.clone())) {
            let at = rep.origin(*first);
            rep.at(
                loc,
                &format!("vocabulary.{}.id", kind.key()),
                format!("`{}` is defined twice; first at {at}", term.id),
            );
            continue;
        }
        seen.insert((kind, term.id.clone()), loc);
        if kind == VocabKind::Scope {
            scope_locs.insert(term.id.clone(), loc);
        }
        catalogue.vocab.insert(kind, term);
    }
    // An addition may add values, never change one the catalogue defines:
    // that would change what every network using it says.
    for (kind, term, loc) in extra.vocab {
        if kind == VocabKind::Scope && !catalogue.vocab.contains(kind, &term.id) {
            scope_locs.insert(term.id.clone(), loc);
        }
        if let Some(old) = catalogue.vocab.get(kind, &term.id) {
            if *old != term {
                let at = seen
                    .get(&(kind, term.id.clone()))
                    .map(|l| format!(" (at {})", rep.origin(*l)))
                    .unwrap_or_default();
                rep.at(
                    loc,
                    &format!("vocabulary.{}.id", kind.key()),
                    format!(
                        "`{}` is already defined by the catalogue{at}; an addition may add new values but not redefine one (use a new id)",
                        term.id
                    ),
                );
            }
            continue;
        }
        catalogue.vocab.insert(kind, term);
    }
    // Aliases: the catalogue's, then the additions'.
    catalogue.aliases = base.aliases.into_iter().chain(extra.aliases).collect();
    // Networks: ids unique within a layer (checked on every id read, even of
    // networks with other errors); additions replace by id and are local.
    for ids in [&base.ids, &extra.ids] {
        let mut first: HashMap<&str, parse::Loc> = HashMap::new();
        for (id, loc) in ids.iter() {
            match first.get(id.as_str()) {
                Some(at) => {
                    let at = rep.origin(*at);
                    rep.at(
                        *loc,
                        &format!("network[{id}].id"),
                        format!("duplicate id `{id}`; also at {at}"),
                    );
                }
                None => {
                    first.insert(id, *loc);
                }
            }
        }
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    for (n, _) in base.networks {
        if index.contains_key(&n.id) {
            continue;
        }
        index.insert(n.id.clone(), catalogue.networks.len());
        catalogue.networks.push(n);
    }
    let mut local_seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (mut n, _) in extra.networks {
        if !local_seen.insert(n.id.clone()) {
            continue;
        }
        n.local = true;
        match index.get(&n.id) {
            Some(i) => catalogue.networks[*i] = n,
            None => {
                index.insert(n.id.clone(), catalogue.networks.len());
                catalogue.networks.push(n);
            }
        }
    }
    // A successor may name a network that has errors of its own.
    for ids in [&base.ids, &extra.ids] {
        for (id, _) in ids.iter() {
            index.entry(id.clone()).or_insert(usize::MAX);
        }
    }
    // References to vocabulary values and successors (only when every file
    // could be read: otherwise the missing definitions may be in a broken file).
    let refs = if incomplete {
        Vec::new()
    } else {
        base.refs.into_iter().chain(extra.refs).collect()
    };
    for r in refs {
        match r.kind {
            Some(kind) => {
                if !catalogue.vocab.contains(kind, &r.value) {
                    let ids = catalogue.vocab.terms(kind).iter().map(|t| t.id.as_str());
                    let hint = did_you_mean(&r.value, ids)
                        .map(|m| format!("; did you mean `{m}`?"))
                        .unwrap_or_default();
                    rep.at(
                        r.loc,
                        &r.field,
                        format!(
                            "`{}` is not defined in vocabulary.{}{hint}",
                            r.value,
                            kind.key()
                        ),
                    );
                }
            }
            None => {
                if !index.contains_key(&r.value) {
                    let hint = did_you_mean(&r.value, index.keys().map(String::as_str))
                        .map(|m| format!("; did you mean `{m}`?"))
                        .unwrap_or_default();
                    rep.at(
                        r.loc,
                        &r.field,
                        format!("no network has the id `{}`{hint}", r.value),
                    );
                }
            }
        }
    }
    if !incomplete {
        check_places(rep, &catalogue.vocab, &scope_locs);
    }
    Some(catalogue)
}

/// Places must not contain themselves: report each loop in `within` once,
/// at the first of its places the catalogue defines.
fn check_places(rep: &mut Reporter<'_>, vocab: &Vocabulary, locs: &HashMap<String, parse::Loc>) {
    let mut reported: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for term in vocab.terms(VocabKind::Scope) {
        let mut path: Vec<&str> = vec![term.id.as_str()];
        let mut at = term.id.as_str();
        while let Some(up) = vocab.within(at) {
            if let Some(start) = path.iter().position(|p| *p == up) {
                // `term` leads into a loop; it is in it only when start is 0.
                if start == 0 && path.iter().all(|p| !reported.contains(p)) {
                    reported.extend(path.iter().copied());
                    let mut shown: Vec<&str> = path.clone();
                    shown.push(up);
                    if let Some(loc) = locs.get(&term.id) {
                        rep.at(
                            *loc,
                            &format!("vocabulary.scope[{}].within", term.id),
                            format!(
                                "places cannot be within themselves: {}",
                                shown.join(" within ")
                            ),
                        );
                    }
                }
                break;
            }
            path.push(up);
            at = up;
        }
    }
}

#[cfg(test)]
mod tests;
