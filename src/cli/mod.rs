//! The command line: clap definitions and every subcommand that works without
//! the screen. Output goes to stdout, diagnostics to stderr, never colour.
//!
//! `args` holds clap's structs; `catalogue` the search, opportunities and
//! show commands; `check` the catalogue's validation; `profile` the profile
//! and recommend commands; `bookmarks` the bookmark commands. This file runs
//! them, loads the catalogue for them, and says how a command failed.

mod args;
mod bookmarks;
mod catalogue;
mod check;
mod facet_value;
mod profile;

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

pub use args::{
    BookmarkCommand, Cli, Command, ConfigCommand, OpportunityArgs, PlanFormat, ProfileArgs,
    ProfileCommand, RecommendArgs, SearchArgs,
};
pub use bookmarks::bookmarks_ids;
pub use catalogue::OpportunityWithNetwork;

use crate::bookmarks::Store;
use crate::cache;
use crate::catalogue::{Catalogue, LoadOptions, Network, Source};
use crate::files;
use crate::query::Index;

/// The settings file in use: --config, else the usual place.
pub fn config_path(cli: &Cli) -> PathBuf {
    cli.config.clone().unwrap_or_else(files::config_file)
}

/// What kind of failure a command met; the kind decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad input: an unknown id, an invalid catalogue or settings file, a
    /// file that cannot be read or written. Exit status 1.
    Input,
    /// The command was given wrongly (an option it needs is missing). Exit
    /// status 2, as clap's own usage errors.
    Usage,
    /// Standard output's reader has gone (`hinet search | head -1`): not a
    /// failure at all. Exit status 0, and nothing said.
    BrokenPipe,
}

/// A command's failure: what kind it is and a message for stderr.
#[derive(Debug)]
pub struct Failure {
    pub kind: Kind,
    pub message: String,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            kind: Kind::Input,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            kind: Kind::Usage,
            message: message.into(),
        }
    }

    /// The process's exit status for this failure.
    pub fn code(&self) -> i32 {
        match self.kind {
            Kind::Input => 1,
            Kind::Usage => 2,
            Kind::BrokenPipe => 0,
        }
    }

    /// The message for stderr; none for a broken pipe, which is a normal end.
    pub fn report(&self) -> Option<&str> {
        (self.kind != Kind::BrokenPipe).then_some(self.message.as_str())
    }
}

impl From<crate::catalogue::LoadError> for Failure {
    fn from(e: crate::catalogue::LoadError) -> Self {
        Failure::input(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        let kind = match e.kind() {
            std::io::ErrorKind::BrokenPipe => Kind::BrokenPipe,
            _ => Kind::Input,
        };
        Failure {
            kind,
            message: format!("error: {e}"),
        }
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        let kind = match e.io_error_kind() {
            Some(std::io::ErrorKind::BrokenPipe) => Kind::BrokenPipe,
            _ => Kind::Input,
        };
        Failure {
            kind,
            message: format!("error: {e}"),
        }
    }
}

/// Which catalogue the options name, and how to load it.
fn source_of(cli: &Cli) -> (Source, LoadOptions) {
    let source = match &cli.catalogue {
        Some(p) => Source::Path(p.clone()),
        None => Source::Bundled,
    };
    let options = LoadOptions {
        additions: Some(files::additions_dir()),
        max_file_bytes: cli.max_file_size.saturating_mul(1024 * 1024),
        skip_additions: Vec::new(),
    };
    (source, options)
}

/// Which catalogue the options name, with the user's additions, parsed
/// afresh (what `check` does).
pub fn load_catalogue(cli: &Cli) -> Result<Catalogue, crate::catalogue::LoadError> {
    let (source, options) = source_of(cli);
    crate::catalogue::load(&source, &options)
}

/// Which catalogue the options name, with the user's additions, through the
/// cache of parsed catalogues unless `--no-cache`.
pub fn load(cli: &Cli, need: cache::Need) -> Result<cache::Loaded, crate::catalogue::LoadError> {
    let (source, options) = source_of(cli);
    let dir = (!cli.no_cache).then(files::cache_dir);
    cache::load(&source, &options, dir.as_deref(), need)
}

/// What was left out of a catalogue to load the rest: the user's addition
/// files that have errors, and those errors.
#[derive(Debug)]
pub struct LeftOut {
    pub files: Vec<String>,
    pub error: crate::catalogue::LoadError,
}

impl LeftOut {
    /// One warning per error, then one naming what was left out.
    pub fn warnings(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .error
            .diagnostics
            .iter()
            .map(|d| d.to_string())
            .collect();
        out.push(self.summary());
        out
    }

    /// The app's status line about it.
    pub fn status(&self) -> String {
        self.line(
            "Started without",
            ": your own addition has errors (`hinet check` lists them)",
        )
    }

    /// One line: which files were left out, and how to see why.
    pub fn summary(&self) -> String {
        self.line(
            "left out",
            " (your own addition, with errors; `hinet check` lists them)",
        )
    }

    /// `before FILES after`, made safe to show as one line.
    fn line(&self, before: &str, after: &str) -> String {
        let text = format!("{before} {}{after}", self.files.join(", "));
        crate::text::sanitize::line(&text, 300)
    }
}

/// `load`, except that the user's own additions (`catalogue.d/`) with
/// errors are left out when the rest loads without them: a typo in one's
/// own file must not lock anyone out of their bookmarks. The errors come
/// back in `LeftOut`; errors in the catalogue itself are errors as ever.
pub fn load_leaving_out_broken_additions(
    cli: &Cli,
    need: cache::Need,
) -> Result<(cache::Loaded, Option<LeftOut>), crate::catalogue::LoadError> {
    let (source, mut options) = source_of(cli);
    let dir = (!cli.no_cache).then(files::cache_dir);
    let first = match cache::load(&source, &options, dir.as_deref(), need) {
        Ok(loaded) => return Ok((loaded, None)),
        Err(e) => e,
    };
    let folder = crate::catalogue::read::display_path(&files::additions_dir());
    let within = format!("{folder}{}", std::path::MAIN_SEPARATOR);
    let mut left_out: Vec<String> = Vec::new();
    let mut error = first.clone();
    // Each round leaves out at least one more file, so this ends.
    while options.additions.is_some() {
        let mut broken: Vec<String> = Vec::new();
        for d in &error.diagnostics {
            if d.file != folder && !d.file.starts_with(&within) {
                // Something outside the additions is wrong: no use.
                return Err(first);
            }
            if !broken.contains(&d.file) {
                broken.push(d.file.clone());
            }
        }
        if broken.contains(&folder) {
            options.additions = None;
        } else if broken.iter().all(|f| options.skip_additions.contains(f)) {
            return Err(first);
        }
        options.skip_additions.extend(broken.iter().cloned());
        left_out.extend(broken);
        match cache::load(&source, &options, dir.as_deref(), need) {
            Ok(loaded) => {
                let left = LeftOut {
                    files: left_out,
                    error: first,
                };
                return Ok((loaded, Some(left)));
            }
            Err(e) => error = e,
        }
    }
    Err(first)
}

/// A loaded catalogue the process is about to exit with: not freed piece
/// by piece (for 100,000 networks that takes longer than the search), the
/// operating system takes the memory back at once.
fn exit_soon(loaded: (cache::Loaded, Index)) {
    std::mem::forget(loaded);
}

/// Run a subcommand, writing to `out`.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        Command::Check { path, gaps } => check::check(cli, path.as_deref(), *gaps, out),
        Command::Search(args) => {
            let mut loaded = load(cli, cache::Need::NETWORKS)?;
            let index = loaded.take_networks();
            let profile = profile::for_me(cli, &loaded.catalogue, args.for_me)?;
            let result = catalogue::search(&loaded.catalogue, &index, args, profile.as_ref(), out);
            exit_soon((loaded, index));
            result
        }
        Command::Opportunities(args) => {
            let mut loaded = load(cli, cache::Need::LEARNING)?;
            let index = loaded.take_learning();
            let profile = profile::for_me(cli, &loaded.catalogue, args.for_me)?;
            let result =
                catalogue::opportunities(&loaded.catalogue, &index, args, profile.as_ref(), out);
            exit_soon((loaded, index));
            result
        }
        Command::Show { id, json } => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            catalogue::show(&cat, id, *json, out)
        }
        Command::Config { action } => config_command(cli, action, out),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "hinet", out);
            Ok(())
        }
        Command::Schema => write_json(out, &crate::catalogue::schema::schema()),
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(())
        }
        Command::Bookmarks { action } => bookmarks_command(cli, action.as_ref(), out),
        Command::Profile { action } => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            let default = ProfileCommand::Show { json: false };
            profile::command(cli, &cat, action.as_ref().unwrap_or(&default), out)
        }
        Command::Recommend(args) => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            profile::recommend(cli, &cat, args, out)
        }
    }
}

/// `hinet config`: where the settings file is, a default one, or its warnings.
fn config_command(cli: &Cli, action: &ConfigCommand, out: &mut dyn Write) -> Result<(), Failure> {
    match action {
        ConfigCommand::Path => {
            writeln!(out, "{}", config_path(cli).display())?;
            Ok(())
        }
        ConfigCommand::Default => {
            write!(out, "{}", crate::config::default_file())?;
            Ok(())
        }
        ConfigCommand::Check => {
            let mut settings = crate::config::load(&config_path(cli));
            if !settings.profile_lines.is_empty() {
                let cat = load(cli, cache::Need::NONE)?.catalogue;
                let name = crate::catalogue::read::display_path(&config_path(cli));
                let (_, w) = settings.checked_profile(&name, &cat.vocab);
                settings.warnings.extend(w);
            }
            if settings.warnings.is_empty() {
                writeln!(out, "ok: {}", config_path(cli).display())?;
                Ok(())
            } else {
                Err(Failure::input(
                    settings
                        .warnings
                        .iter()
                        .map(|w| format!("warning: {w}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                ))
            }
        }
    }
}

/// `hinet bookmarks`, on the catalogue it needs: none to remove a bookmark
/// or change one (only its id), so no mistake in one can stand in the way.
fn bookmarks_command(
    cli: &Cli,
    action: Option<&BookmarkCommand>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let cat = if matches!(
        action,
        Some(BookmarkCommand::Remove { .. } | BookmarkCommand::Set { .. })
    ) {
        Catalogue::default()
    } else {
        let (loaded, left_out) = load_leaving_out_broken_additions(cli, cache::Need::NONE)?;
        for w in left_out.iter().flat_map(LeftOut::warnings) {
            let _ = writeln!(std::io::stderr(), "warning: {w}");
        }
        loaded.catalogue
    };
    let store = Store::in_dir(&files::data_dir());
    let default = BookmarkCommand::List { json: false };
    bookmarks::command(&cat, &store, action.unwrap_or(&default), out)
}

/// The network with this id, or an error that suggests a close one.
pub fn find_network<'c>(cat: &'c Catalogue, id: &str) -> Result<&'c Network, Failure> {
    cat.network(id).ok_or_else(|| {
        let ids: Vec<String> = cat.networks.iter().map(|n| n.id.clone()).collect();
        let hint = crate::text::suggest::did_you_mean(id, ids.iter().map(String::as_str))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        Failure::input(format!(
            "error: no network has the id `{}`{hint} (`hinet search` lists ids)",
            crate::text::sanitize::line(id, 80)
        ))
    })
}

/// `value` as pretty JSON and a newline.
/// A JSON array of what an iterator yields, serialised one item at a time
/// (so a long result is never held whole). Serialising takes the iterator:
/// a second serialisation writes an empty array.
struct JsonSeq<I>(std::cell::Cell<Option<I>>);

impl<I> JsonSeq<I> {
    fn of(items: I) -> Self {
        JsonSeq(std::cell::Cell::new(Some(items)))
    }
}

impl<I: Iterator<Item = T>, T: Serialize> Serialize for JsonSeq<I> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.take() {
            Some(items) => s.collect_seq(items),
            None => s.collect_seq(std::iter::empty::<T>()),
        }
    }
}

fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_s_kind_gives_its_exit_status_and_whether_it_is_said() {
        let usage = Failure::usage("error: give --status, --note or both");
        assert_eq!((usage.kind, usage.code()), (Kind::Usage, 2));
        assert_eq!(usage.report(), Some("error: give --status, --note or both"));
        let input = Failure::input("error: no network has the id `x`");
        assert_eq!((input.kind, input.code()), (Kind::Input, 1));
        assert_eq!(input.report(), Some("error: no network has the id `x`"));
    }

    #[test]
    fn a_broken_pipe_is_known_by_its_kind_not_its_words() {
        let pipe = Failure::from(std::io::Error::new(
            std::io::ErrorKind::BrokenPipe,
            "the reader has gone",
        ));
        assert_eq!(
            (pipe.kind, pipe.code(), pipe.report()),
            (Kind::BrokenPipe, 0, None)
        );
        // Words that merely mention a broken pipe are an ordinary failure.
        let other = Failure::from(std::io::Error::other("Broken pipe"));
        assert_eq!((other.kind, other.code()), (Kind::Input, 1));
        assert_eq!(other.report(), Some("error: Broken pipe"));
    }

    #[test]
    fn json_that_meets_a_broken_pipe_is_a_broken_pipe() {
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let f = write_json(&mut Closed, &["a"]).expect_err("nothing can be written");
        assert_eq!(f.kind, Kind::BrokenPipe);
    }
}
