//! The catalogue: model types, loading (file, directory, embedded), validation
//! with locations, sanitising of external text and the vocabulary.
//!
//! Nothing here knows about the terminal.

mod assemble;
pub mod diag;
mod fast;
pub mod gaps;
pub mod model;
pub mod parse;
pub mod places;
pub mod read;
pub mod schema;

use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, LoadError};
pub use model::*;
pub use places::PlaceMatch;
pub use read::SourceFile;

use parse::{Reporter, parse_layer};

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

/// The bundled catalogue as build.rs parsed, checked and encoded it (the
/// cache's `format`: head, networks), each on a 16-byte boundary; `None`
/// when the build found it had errors.
pub fn bundled_encoded() -> Option<(&'static [u8], &'static [u8])> {
    bundled::ENCODED
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
    let catalogue = assemble::assemble(&mut rep, base, extra);
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

#[cfg(test)]
mod tests;
