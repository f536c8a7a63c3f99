//! The command line: clap definitions and every subcommand that works without
//! the screen. Output goes to stdout, diagnostics to stderr, never colour.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use crate::bookmarks::{self, BookmarkStatus, Change, Store};
use crate::cache;
use crate::catalogue::{self, Catalogue, LoadOptions, Network, Opportunity, Source};
use crate::config::ThemeName;
use crate::paths;
use crate::profile::{Field, Profile, fit};
use crate::query::{DocRef, Filters, Index, NOT_STATED, Query};
use crate::report::{self, plan};

const EXAMPLES: &str = "\
Examples:
  hinet                                   open the app on the bundled catalogue
  hinet search data analyst               networks for data analysts
  hinet search --stage entry-student --free
  hinet show apha                         one network in full
  hinet opportunities --stage entry-student --free
  hinet bookmarks add apha --note \"ask about CPD funding\"
  hinet bookmarks export --format markdown -o plan.md
  hinet profile set --profession data-analytics --stage early-career --scope wales
  hinet recommend                         networks ranked by how well they fit you
  hinet opportunities --for-me --free     learning that fits your profile
  hinet check my-catalogue/               validate a catalogue

Exit status: 0 ok, 1 bad input (unknown id, invalid catalogue), 2 usage.";

/// Find UK health and care informatics networks, their learning and training,
/// and keep a list of the ones to join. Offline.
#[derive(Debug, Parser)]
#[command(name = "hinet", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Use this catalogue (a TOML file or a folder of them) instead of the bundled one.
    #[arg(long, global = true, env = "HINET_CATALOGUE", value_name = "PATH")]
    pub catalogue: Option<PathBuf>,
    /// Colour theme for the app.
    #[arg(long, global = true, value_enum, value_name = "THEME")]
    pub theme: Option<ThemeName>,
    /// Read settings from this file instead of the usual config.toml.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Refuse catalogue files larger than this many megabytes.
    #[arg(long, global = true, value_name = "MB", default_value_t = 512)]
    pub max_file_size: u64,
    /// Parse the catalogue afresh: neither read nor write the cache of
    /// parsed catalogues (large catalogues are cached by content).
    #[arg(
        long,
        global = true,
        env = "HINET_NO_CACHE",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub no_cache: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a catalogue and print `ok: N networks, M opportunities` or the errors.
    Check {
        /// The catalogue to check (default: the one in use).
        path: Option<PathBuf>,
        /// Then list, per network, what a reader would miss (no website or
        /// join page, cost not known, facts older than three years,
        /// opportunities with no link or no career stage), and the totals.
        #[arg(long)]
        gaps: bool,
    },
    /// Search networks: one `id<TAB>name` line each, best first.
    Search(SearchArgs),
    /// Learning and training across every network: `network<TAB>title<TAB>type`.
    Opportunities(OpportunityArgs),
    /// One network in full, its learning and training included.
    Show {
        /// The network's id (as `search` prints it).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// The settings file: where it is, a commented default, or its warnings.
    Config {
        #[command(subcommand)]
        action: ConfigCommand,
    },
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of catalogue format 1 (for editors).
    Schema,
    /// Print the man page (roff): `hinet man > ~/.local/share/man/man1/hinet.1`.
    Man,
    /// Your saved list of networks to join (default: list it).
    Bookmarks {
        #[command(subcommand)]
        action: Option<BookmarkCommand>,
    },
    /// Who you are, for "Which networks fit me?" (default: show it).
    Profile {
        #[command(subcommand)]
        action: Option<ProfileCommand>,
    },
    /// Networks ranked by how well they fit you:
    /// `id<TAB>name<TAB>fit<TAB>why it fits<TAB>what may not fit`.
    ///
    /// One point for each thing you said that a network matches (places nest:
    /// a UK-wide network serves Wales), half a point where the network does
    /// not say; closed and merged networks come after open ones. The fit mark
    /// has one symbol per thing you said: ● matches, ◐ not stated, ○ does not
    /// match. Networks that match nothing you said are left out. The saved
    /// profile (`hinet profile`) is used where an option is not given.
    Recommend(RecommendArgs),
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Print the saved profile: `field<TAB>id<TAB>label`, one line per value.
    Show {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Save who you are; the fields you give replace the saved ones.
    Set(ProfileArgs),
    /// Forget the saved profile.
    Clear,
}

/// The four profile fields as options.
#[derive(Debug, Args, Default)]
pub struct ProfileArgs {
    /// Your profession (repeat for several): data-analytics, knowledge-library, ...
    #[arg(long, value_name = "ID")]
    pub profession: Vec<String>,
    /// Your career stage: entry-student, early-career, mid-career, senior-leader.
    #[arg(long, value_name = "ID")]
    pub stage: Option<String>,
    /// Where you work: a nation or region (wales, england, region:london, ...).
    #[arg(long, value_name = "ID")]
    pub scope: Option<String>,
    /// Your sector (repeat for several): primary-care, social-care, ...
    #[arg(long, value_name = "ID")]
    pub sector: Vec<String>,
}

impl ProfileArgs {
    fn given(&self) -> Vec<(Field, Vec<String>)> {
        let mut out = Vec::new();
        if !self.profession.is_empty() {
            out.push((Field::Profession, self.profession.clone()));
        }
        if let Some(s) = &self.stage {
            out.push((Field::Stage, vec![s.clone()]));
        }
        if let Some(s) = &self.scope {
            out.push((Field::Scope, vec![s.clone()]));
        }
        if !self.sector.is_empty() {
            out.push((Field::Sector, self.sector.clone()));
        }
        out
    }
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    /// Options given here replace the saved profile's fields for this run.
    #[command(flatten)]
    pub profile: ProfileArgs,
    /// At most this many networks.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print a JSON array of networks, each with its `fit`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print where the settings file is read from.
    Path,
    /// Print a fully commented default settings file.
    Default,
    /// Read the settings file and print any warnings (exit 1 if there are some).
    Check,
}

/// The settings file in use: --config, else the usual place.
pub fn config_path(cli: &Cli) -> PathBuf {
    cli.config.clone().unwrap_or_else(paths::config_file)
}

#[derive(Debug, Subcommand)]
pub enum BookmarkCommand {
    /// List bookmarks: `id<TAB>status<TAB>name<TAB>note`, to join first.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Bookmark a network.
    Add {
        id: String,
        /// to-join (default) or joined.
        #[arg(long, value_parser = parse_status)]
        status: Option<BookmarkStatus>,
        /// A short note (at most 500 characters).
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove a bookmark.
    Remove { id: String },
    /// Change a bookmark's status or note (`--note ""` removes the note).
    Set {
        id: String,
        #[arg(long, value_parser = parse_status)]
        status: Option<BookmarkStatus>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Export the joining plan.
    Export {
        #[arg(long, value_enum, default_value_t = PlanFormat::Markdown)]
        format: PlanFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// `--format` of the joining plan: clap's side of [`plan::Format`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlanFormat {
    Markdown,
    Csv,
    Json,
}

impl From<PlanFormat> for plan::Format {
    fn from(f: PlanFormat) -> plan::Format {
        match f {
            PlanFormat::Markdown => plan::Format::Markdown,
            PlanFormat::Csv => plan::Format::Csv,
            PlanFormat::Json => plan::Format::Json,
        }
    }
}

fn parse_status(s: &str) -> Result<BookmarkStatus, String> {
    BookmarkStatus::from_id(s).ok_or_else(|| "use to-join or joined".to_string())
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to search for; all must match. 'word exact, ^word start of name, !word excludes.
    pub query: Vec<String>,
    /// Only networks for this sector (repeat for any of several).
    #[arg(long, value_name = "ID")]
    pub sector: Vec<String>,
    /// Only networks for this profession.
    #[arg(long, value_name = "ID")]
    pub profession: Vec<String>,
    /// Only networks for this career stage (entry-student, early-career, mid-career, senior-leader).
    #[arg(long, value_name = "ID")]
    pub stage: Vec<String>,
    /// Only networks serving this nation or region (uk-wide, england, wales, ...);
    /// a nation includes UK-wide networks, a region its nation's and UK-wide ones.
    #[arg(long, value_name = "ID")]
    pub scope: Vec<String>,
    /// Only networks of this kind.
    #[arg(long, value_name = "ID")]
    pub kind: Vec<String>,
    /// Only networks with this status (active, merged, closed).
    #[arg(long, value_name = "ID")]
    pub status: Vec<String>,
    /// Only networks known to be free to join.
    #[arg(long)]
    pub free: bool,
    /// Only bookmarked networks.
    #[arg(long)]
    pub bookmarked: bool,
    /// Only networks that fit your saved profile (`hinet profile`).
    #[arg(long)]
    pub for_me: bool,
    /// At most this many results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print a JSON array of networks.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct OpportunityArgs {
    /// Words to search for; all must match.
    pub query: Vec<String>,
    /// Only this type (course, webinar, conference, apprenticeship, ...).
    #[arg(long = "type", value_name = "ID")]
    pub kind: Vec<String>,
    /// Only for this career stage.
    #[arg(long, value_name = "ID")]
    pub stage: Vec<String>,
    /// Only in this format (online, in-person, ...).
    #[arg(long, value_name = "ID")]
    pub format: Vec<String>,
    /// Only from networks in this sector.
    #[arg(long, value_name = "ID")]
    pub sector: Vec<String>,
    /// Only from networks serving this nation or region (UK-wide ones serve every nation).
    #[arg(long, value_name = "ID")]
    pub scope: Vec<String>,
    /// Only opportunities known to be free.
    #[arg(long)]
    pub free: bool,
    /// Only opportunities that fit your saved profile (`hinet profile`).
    #[arg(long)]
    pub for_me: bool,
    /// At most this many results.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Print a JSON array; each object carries `network` and `network_name`.
    #[arg(long)]
    pub json: bool,
}

/// A command's failure: a message for stderr and the exit status.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
}

impl Failure {
    pub fn input(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            code: 1,
        }
    }
}

impl From<catalogue::LoadError> for Failure {
    fn from(e: catalogue::LoadError) -> Self {
        Failure {
            message: e.to_string(),
            code: 1,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::input(format!("error: {e}"))
    }
}

/// Which catalogue the options name, and how to load it.
fn source_of(cli: &Cli) -> (Source, LoadOptions) {
    let source = match &cli.catalogue {
        Some(p) => Source::Path(p.clone()),
        None => Source::Bundled,
    };
    let options = LoadOptions {
        additions: Some(paths::additions_dir()),
        max_file_bytes: cli.max_file_size.saturating_mul(1024 * 1024),
        skip_additions: Vec::new(),
    };
    (source, options)
}

/// Which catalogue the options name, with the user's additions, parsed
/// afresh (what `check` does).
pub fn load_catalogue(cli: &Cli) -> Result<Catalogue, catalogue::LoadError> {
    let (source, options) = source_of(cli);
    catalogue::load(&source, &options)
}

/// Which catalogue the options name, with the user's additions, through the
/// cache of parsed catalogues unless `--no-cache`.
pub fn load(cli: &Cli, need: cache::Need) -> Result<cache::Loaded, catalogue::LoadError> {
    let (source, options) = source_of(cli);
    let dir = (!cli.no_cache).then(paths::cache_dir);
    cache::load(&source, &options, dir.as_deref(), need)
}

/// What was left out of a catalogue to load the rest: the user's addition
/// files that have errors, and those errors.
#[derive(Debug)]
pub struct LeftOut {
    pub files: Vec<String>,
    pub error: catalogue::LoadError,
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
        catalogue::sanitize::line(
            &format!(
                "Started without {}: your own addition has errors (`hinet check` lists them)",
                self.files.join(", ")
            ),
            300,
        )
    }

    /// One line: which files were left out, and how to see why.
    pub fn summary(&self) -> String {
        catalogue::sanitize::line(
            &format!(
                "left out {} (your own addition, with errors; `hinet check` lists them)",
                self.files.join(", ")
            ),
            300,
        )
    }
}

/// `load`, except that the user's own additions (`catalogue.d/`) with
/// errors are left out when the rest loads without them: a typo in one's
/// own file must not lock anyone out of their bookmarks. The errors come
/// back in `LeftOut`; errors in the catalogue itself are errors as ever.
pub fn load_leaving_out_broken_additions(
    cli: &Cli,
    need: cache::Need,
) -> Result<(cache::Loaded, Option<LeftOut>), catalogue::LoadError> {
    let (source, mut options) = source_of(cli);
    let dir = (!cli.no_cache).then(paths::cache_dir);
    let first = match cache::load(&source, &options, dir.as_deref(), need) {
        Ok(loaded) => return Ok((loaded, None)),
        Err(e) => e,
    };
    let folder = catalogue::read::display_path(&paths::additions_dir());
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

/// Run a subcommand, writing to `out`. Returns the exit status.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write) -> Result<(), Failure> {
    match command {
        Command::Check { path, gaps } => {
            let cat = match path {
                Some(p) => catalogue::load_path(p, cli.max_file_size.saturating_mul(1024 * 1024))?,
                None => load_catalogue(cli)?,
            };
            writeln!(
                out,
                "ok: {} networks, {} opportunities",
                cat.networks.len(),
                cat.opportunity_count()
            )?;
            if *gaps {
                write_gaps(&cat, out)?;
            }
            Ok(())
        }
        Command::Search(args) => {
            let mut loaded = load(cli, cache::Need::NETWORKS)?;
            let index = loaded.take_networks();
            let profile = match args.for_me {
                true => Some(saved_profile_required(cli, &loaded.catalogue)?),
                false => None,
            };
            let result = search(&loaded.catalogue, &index, args, profile.as_ref(), out);
            exit_soon((loaded, index));
            result
        }
        Command::Opportunities(args) => {
            let mut loaded = load(cli, cache::Need::LEARNING)?;
            let index = loaded.take_learning();
            let profile = match args.for_me {
                true => Some(saved_profile_required(cli, &loaded.catalogue)?),
                false => None,
            };
            let result = opportunities(&loaded.catalogue, &index, args, profile.as_ref(), out);
            exit_soon((loaded, index));
            result
        }
        Command::Show { id, json } => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            let n = find_network(&cat, id)?;
            if *json {
                write_json(out, &NetworkInFull::of(&cat, n))?;
            } else {
                write!(out, "{}", report::network_text(&cat, n))?;
            }
            Ok(())
        }
        Command::Config { action } => match action {
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
                    let name = catalogue::read::display_path(&config_path(cli));
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
        },
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "hinet", out);
            Ok(())
        }
        Command::Schema => write_json(out, &catalogue::schema::schema()),
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(out)?;
            Ok(())
        }
        Command::Bookmarks { action } => {
            // Removing a bookmark or changing one needs only its id: no
            // catalogue, so no mistake in one can stand in the way.
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
            let store = Store::in_dir(&paths::data_dir());
            let default = BookmarkCommand::List { json: false };
            bookmarks_command(&cat, &store, action.as_ref().unwrap_or(&default), out)
        }
        Command::Profile { action } => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            let default = ProfileCommand::Show { json: false };
            profile_command(cli, &cat, action.as_ref().unwrap_or(&default), out)
        }
        Command::Recommend(args) => {
            let cat = load(cli, cache::Need::NONE)?.catalogue;
            recommend(cli, &cat, args, out)
        }
    }
}

/// The saved profile with values this catalogue does not know left out
/// (each one a warning on stderr), and whether the welcome was asked.
fn saved_profile(cli: &Cli, cat: &Catalogue) -> (Profile, bool) {
    let path = config_path(cli);
    let settings = crate::config::load(&path);
    let (profile, warnings) =
        settings.checked_profile(&catalogue::read::display_path(&path), &cat.vocab);
    for w in settings
        .warnings
        .iter()
        .chain(&warnings)
        .filter(|w| w.contains("profile"))
    {
        let _ = writeln!(std::io::stderr(), "warning: {w}");
    }
    (profile, settings.profile_asked)
}

fn no_profile() -> Failure {
    Failure::input(
        "error: no profile saved; say who you are with `hinet profile set --profession ID --stage ID --scope ID --sector ID` (any of them)",
    )
}

/// The saved profile, or an error when there is none (for `--for-me`).
fn saved_profile_required(cli: &Cli, cat: &Catalogue) -> Result<Profile, Failure> {
    let (p, _) = saved_profile(cli, cat);
    if p.is_empty() {
        Err(no_profile())
    } else {
        Ok(p)
    }
}

/// Check the values of `--profession` and friends against the vocabulary.
fn checked_args(cat: &Catalogue, args: &ProfileArgs) -> Result<Vec<(Field, Vec<String>)>, Failure> {
    let given = args.given();
    for (f, values) in &given {
        for v in values {
            crate::profile::check_value(&cat.vocab, *f, v)
                .map_err(|e| Failure::input(format!("error: --{}: {e}", f.key())))?;
        }
    }
    Ok(given)
}

fn write_profile(cat: &Catalogue, p: &Profile, out: &mut dyn Write) -> Result<(), Failure> {
    for f in Field::ALL {
        let values = p.values(f);
        if values.is_empty() {
            writeln!(out, "{}\t-\tnot set", f.key())?;
        }
        for v in values {
            writeln!(out, "{}\t{v}\t{}", f.key(), cat.vocab.label(f.vocab(), v))?;
        }
    }
    Ok(())
}

fn profile_command(
    cli: &Cli,
    cat: &Catalogue,
    action: &ProfileCommand,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let path = config_path(cli);
    let save = |p: &Profile| {
        crate::config::save_profile(&path, p, true)
            .map_err(|e| Failure::input(format!("error: {e}")))
    };
    match action {
        ProfileCommand::Show { json } => {
            let (p, asked) = saved_profile(cli, cat);
            if *json {
                #[derive(Serialize)]
                struct Shown<'a> {
                    #[serde(flatten)]
                    profile: &'a Profile,
                    asked: bool,
                }
                return write_json(out, &Shown { profile: &p, asked });
            }
            if p.is_empty() {
                let _ = writeln!(
                    std::io::stderr(),
                    "no profile yet: `hinet profile set --profession ID --stage ID --scope ID --sector ID` (any of them)"
                );
            }
            write_profile(cat, &p, out)
        }
        ProfileCommand::Set(args) => {
            let given = checked_args(cat, args)?;
            if given.is_empty() {
                return Err(Failure {
                    message: "error: give --profession, --stage, --scope or --sector".into(),
                    code: 2,
                });
            }
            let (mut p, _) = saved_profile(cli, cat);
            for (f, values) in given {
                p.set(f, values);
            }
            save(&p)?;
            write_profile(cat, &p, out)
        }
        ProfileCommand::Clear => {
            save(&Profile::default())?;
            writeln!(out, "profile cleared")?;
            Ok(())
        }
    }
}

/// A network with its fit, for `recommend --json`.
#[derive(Serialize)]
struct Recommended<'a> {
    #[serde(flatten)]
    network: &'a Network,
    fit: fit::Report,
}

/// Networks ranked by fit: every network that matches at least one stated
/// field, best first, then by name; closed and merged ones after open ones.
fn recommend(
    cli: &Cli,
    cat: &Catalogue,
    args: &RecommendArgs,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let given = checked_args(cat, &args.profile)?;
    let (mut p, _) = saved_profile(cli, cat);
    for (f, values) in given {
        p.set(f, values);
    }
    if p.is_empty() {
        return Err(no_profile());
    }
    let rule = fit::Rule::new(&cat.vocab, &p);
    let mut ranked: Vec<(&Network, fit::Fit)> = cat
        .networks
        .iter()
        .map(|n| (n, rule.network(n)))
        .filter(|(_, f)| f.fields.contains(&Some(fit::Outcome::Matched)))
        .collect();
    ranked.sort_by(|a, b| {
        b.1.rank()
            .cmp(&a.1.rank())
            .then_with(|| a.0.name.to_lowercase().cmp(&b.0.name.to_lowercase()))
    });
    ranked.truncate(args.limit.unwrap_or(usize::MAX));
    let reports: Vec<Recommended<'_>> = ranked
        .into_iter()
        .map(|(n, _)| Recommended {
            network: n,
            fit: fit::explain_network(&cat.vocab, &p, n),
        })
        .collect();
    if args.json {
        return write_json(out, &reports);
    }
    for r in reports {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            r.network.id,
            r.network.name,
            r.fit.marks,
            r.fit.reasons.fits.join(" · "),
            r.fit.reasons.may_not_fit.join(" · ")
        )?;
    }
    Ok(())
}

fn store_failure(e: bookmarks::StoreError) -> Failure {
    Failure::input(format!("error: {e}"))
}

fn bookmarks_command(
    cat: &Catalogue,
    store: &Store,
    action: &BookmarkCommand,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let now = bookmarks::now_rfc3339();
    match action {
        BookmarkCommand::List { json } => {
            let loaded = store.load().map_err(store_failure)?;
            for n in &loaded.notices {
                let _ = writeln!(std::io::stderr(), "warning: {n}");
            }
            if *json {
                return write_json(out, &export_entries(cat, &loaded.bookmarks));
            }
            let mut list: Vec<_> = loaded.bookmarks.iter().collect();
            list.sort_by_key(|b| b.status == BookmarkStatus::Joined);
            for b in list {
                let name = cat.network(&b.id).map_or_else(
                    || "(missing from the catalogue)".to_string(),
                    |n| n.name.clone(),
                );
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    b.id,
                    b.status.id(),
                    name,
                    b.note.as_deref().unwrap_or("")
                )?;
            }
            Ok(())
        }
        BookmarkCommand::Add { id, status, note } => {
            check_note(note.as_deref())?;
            let n = find_network(cat, id)?;
            let id = n.id.clone();
            let mut changes = vec![Change::Add(id.clone())];
            changes.extend(status.map(|s| Change::Status(id.clone(), s)));
            changes.extend(note.clone().map(|n| Change::Note(id.clone(), Some(n))));
            let (_, loaded) = store.apply(&changes, &now).map_err(store_failure)?;
            report_notices(&loaded.notices);
            let status = loaded
                .bookmarks
                .iter()
                .find(|b| b.id == id)
                .map_or("to-join", |b| b.status.id());
            writeln!(out, "bookmarked {id} ({status})")?;
            Ok(())
        }
        BookmarkCommand::Remove { id } => {
            let (steps, loaded) = store
                .apply(&[Change::Remove(id.clone())], &now)
                .map_err(store_failure)?;
            report_notices(&loaded.notices);
            if !steps.iter().any(|s| s.before.is_some()) {
                return Err(Failure::input(format!(
                    "error: `{}` is not bookmarked (`hinet bookmarks list` shows them)",
                    catalogue::sanitize::line(id, 80)
                )));
            }
            writeln!(out, "removed {id}")?;
            Ok(())
        }
        BookmarkCommand::Set { id, status, note } => {
            if status.is_none() && note.is_none() {
                return Err(Failure {
                    message: "error: give --status, --note or both".into(),
                    code: 2,
                });
            }
            check_note(note.as_deref())?;
            let mut changes: Vec<Change> = status
                .map(|s| Change::Status(id.clone(), s))
                .into_iter()
                .collect();
            changes.extend(note.clone().map(|n| Change::Note(id.clone(), Some(n))));
            let (steps, loaded) = store.apply(&changes, &now).map_err(store_failure)?;
            report_notices(&loaded.notices);
            if !steps.iter().any(|s| s.before.is_some()) {
                return Err(Failure::input(format!(
                    "error: `{}` is not bookmarked; add it first with `hinet bookmarks add`",
                    catalogue::sanitize::line(id, 80)
                )));
            }
            writeln!(out, "updated {id}")?;
            Ok(())
        }
        BookmarkCommand::Export { format, output } => {
            let loaded = store.load().map_err(store_failure)?;
            report_notices(&loaded.notices);
            let text = plan::render((*format).into(), cat, &loaded.bookmarks);
            match output {
                Some(path) => {
                    crate::files::write_atomic(path, text.as_bytes()).map_err(|e| {
                        Failure::input(format!(
                            "error: {}: {e}",
                            catalogue::read::display_path(path)
                        ))
                    })?;
                    let _ = writeln!(
                        std::io::stderr(),
                        "wrote {}",
                        catalogue::read::display_path(path)
                    );
                }
                None => write!(out, "{text}")?,
            }
            Ok(())
        }
    }
}

/// A note over the limit is refused, never cut: the person decides what to keep.
fn check_note(note: Option<&str>) -> Result<(), Failure> {
    let n = note.map_or(0, |n| n.trim().chars().count());
    if n > bookmarks::MAX_NOTE_CHARS {
        return Err(Failure::input(format!(
            "error: the note is {n} characters; a note may have at most {} (nothing was saved)",
            bookmarks::MAX_NOTE_CHARS
        )));
    }
    Ok(())
}

fn report_notices(notices: &[String]) {
    for n in notices {
        let _ = writeln!(std::io::stderr(), "warning: {n}");
    }
}

#[derive(Serialize)]
struct BookmarkEntry<'a> {
    #[serde(flatten)]
    bookmark: &'a bookmarks::Bookmark,
    name: Option<&'a str>,
    missing: bool,
}

fn export_entries<'a>(
    cat: &'a Catalogue,
    list: &'a [bookmarks::Bookmark],
) -> Vec<BookmarkEntry<'a>> {
    list.iter()
        .map(|b| {
            let n = cat.network(&b.id);
            BookmarkEntry {
                bookmark: b,
                name: n.map(|n| n.name.as_str()),
                missing: n.is_none(),
            }
        })
        .collect()
}

/// The network with this id, or an error that suggests a close one.
pub fn find_network<'c>(cat: &'c Catalogue, id: &str) -> Result<&'c Network, Failure> {
    cat.network(id).ok_or_else(|| {
        let hint = catalogue::suggest::did_you_mean(id, cat.networks.iter().map(|n| n.id.as_str()))
            .map(|m| format!("; did you mean `{m}`?"))
            .unwrap_or_default();
        Failure::input(format!(
            "error: no network has the id `{}`{hint} (`hinet search` lists ids)",
            catalogue::sanitize::line(id, 80)
        ))
    })
}

fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result<(), Failure> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(|e| Failure::input(format!("error: {e}")))?;
    writeln!(out)?;
    Ok(())
}

/// Turn `--facet ID` options into filters, refusing unknown values. `None`
/// when nothing can match: only `not_stated` was asked of a facet that no
/// record of this catalogue leaves empty.
fn filters_from(index: &Index, wanted: &[(&str, &[String])]) -> Result<Option<Filters>, Failure> {
    let mut filters = Filters::new(index);
    let mut impossible = false;
    for (key, ids) in wanted {
        let Some((f, facet)) = index.facet(key) else {
            continue;
        };
        let mut any = false;
        for id in ids.iter() {
            if id == NOT_STATED && facet.position(id).is_none() {
                continue;
            }
            any = true;
            match facet.position(id) {
                Some(v) => filters.set(f, v, true),
                None => {
                    let hint = catalogue::suggest::did_you_mean(
                        id,
                        facet.values.iter().map(|v| v.id.as_str()),
                    )
                    .map(|m| format!("did you mean `{m}`? "))
                    .unwrap_or_default();
                    let valid: Vec<&str> = facet.values.iter().map(|v| v.id.as_str()).collect();
                    return Err(Failure::input(format!(
                        "error: --{key}: `{}` is not a known value; {hint}valid values: {}",
                        catalogue::sanitize::line(id, 80),
                        valid.join(", ")
                    )));
                }
            }
        }
        impossible |= !ids.is_empty() && !any;
    }
    Ok((!impossible).then_some(filters))
}

/// Run the query words with `--facet ID` filters (and `--free`) over an index.
fn run_query(
    index: &Index,
    words: &[String],
    facets: &[(&str, &[String])],
    free: bool,
    allow: Option<&(dyn Fn(usize) -> bool + Sync)>,
) -> Result<crate::query::Outcome, Failure> {
    let free = if free {
        vec!["free".to_string()]
    } else {
        Vec::new()
    };
    let mut wanted = facets.to_vec();
    wanted.push(("cost", &free));
    let Some(filters) = filters_from(index, &wanted)? else {
        return Ok(crate::query::Outcome::default());
    };
    let outcome = index.search(&Query::parse(&words.join(" ")), &filters, allow);
    note_partial(&outcome);
    Ok(outcome)
}

/// On stderr (stdout stays one result a line): where the partial matches
/// start, and the words that matched nothing.
fn note_partial(outcome: &crate::query::Outcome) {
    let mut notes = Vec::new();
    if let Some(d) = outcome.divider() {
        notes.push(if outcome.full == 0 {
            format!("no result matches every word; these are {d}")
        } else {
            format!("after the first {}: {d}", outcome.full)
        });
    }
    // With no result, the "no networks match" line names the query; the
    // words are named too when that says more (which of several words, or
    // a word it may have meant).
    let says_more = !outcome.hits.is_empty()
        || outcome.words > 1
        || outcome.unmatched.iter().any(|(_, s)| s.is_some());
    if says_more {
        notes.extend(outcome.unmatched_note());
    }
    for n in notes {
        let n = crate::catalogue::sanitize::line(&n, 300);
        let _ = writeln!(std::io::stderr(), "note: {n}");
    }
}

fn search(
    cat: &Catalogue,
    index: &Index,
    args: &SearchArgs,
    profile: Option<&Profile>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let fits: Vec<fit::Fit> = match profile {
        Some(p) => {
            let rule = fit::Rule::new(&cat.vocab, p);
            cat.networks.iter().map(|n| rule.network(n)).collect()
        }
        None => Vec::new(),
    };
    let bookmarked: Option<std::collections::HashSet<String>> = if args.bookmarked {
        Some(bookmarks_ids()?)
    } else {
        None
    };
    let allow = |i: usize| {
        bookmarked
            .as_ref()
            .is_none_or(|b| cat.networks.get(i).is_some_and(|n| b.contains(&n.id)))
            && (profile.is_none() || fits.get(i).is_some_and(fit::Fit::fits))
    };
    let facets: [(&str, &[String]); 6] = [
        ("sector", &args.sector),
        ("profession", &args.profession),
        ("stage", &args.stage),
        ("scope", &args.scope),
        ("kind", &args.kind),
        ("status", &args.status),
    ];
    let mut outcome = run_query(index, &args.query, &facets, args.free, Some(&allow))?;
    if profile.is_some() {
        fit::tie_break(&mut outcome.hits, |d| {
            fits.get(d as usize).map_or(0, fit::Fit::rank)
        });
    }
    let limit = args.limit.unwrap_or(usize::MAX);
    let networks: Vec<&Network> = outcome
        .hits
        .iter()
        .take(limit)
        .filter_map(|h| match index.refs[h.doc as usize] {
            DocRef::Network(i) => cat.networks.get(i as usize),
            DocRef::Opportunity(..) => None,
        })
        .collect();
    if networks.is_empty() {
        say_none_match("networks", &args.query, &facets, args.free, args.bookmarked);
    }
    if args.json {
        return write_json(out, &networks);
    }
    for n in networks {
        let mark = report::status_mark(cat, n)
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let place = through_mark(cat, n, &args.scope);
        writeln!(out, "{}\t{}{mark}{place}", n.id, n.name)?;
    }
    Ok(())
}

/// " · UK-wide" when `--scope` chose places that `n` serves only through a
/// broader one (as the app's rows say it).
fn through_mark(cat: &Catalogue, n: &Network, places: &[String]) -> String {
    let places: Vec<&str> = places.iter().map(String::as_str).collect();
    match cat.vocab.serves_any(&n.scope, &places) {
        Some(catalogue::PlaceMatch::Through(x)) => {
            format!(" · {}", cat.vocab.label(catalogue::VocabKind::Scope, x))
        }
        _ => String::new(),
    }
}

/// The one line on stderr when nothing matches (stdout stays empty, or `[]`
/// with `--json`): `no networks match "data" --scope wales --free`.
fn say_none_match(
    what: &str,
    words: &[String],
    facets: &[(&str, &[String])],
    free: bool,
    bookmarked: bool,
) {
    let mut parts = Vec::new();
    if !words.is_empty() {
        parts.push(format!("\"{}\"", words.join(" ")));
    }
    for (key, ids) in facets {
        for id in ids.iter() {
            parts.push(format!("--{key} {id}"));
        }
    }
    if free {
        parts.push("--free".into());
    }
    if bookmarked {
        parts.push("--bookmarked".into());
    }
    let line = if parts.is_empty() {
        format!("no {what} in the catalogue")
    } else {
        format!("no {what} match {}", parts.join(" "))
    };
    let _ = writeln!(
        std::io::stderr(),
        "{}",
        catalogue::sanitize::line(&line, 300)
    );
}

/// What `show --json` prints: the network as the catalogue has it, the link
/// `o` would open (with what kind of page it is), and the networks it
/// replaced (from their `successor`).
#[derive(Serialize)]
struct NetworkInFull<'a> {
    #[serde(flatten)]
    network: &'a Network,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<LinkOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    formerly: Vec<Predecessor<'a>>,
}

/// A network's link in JSON: `{"url", "kind", "label"}`, kind one of
/// `website`, `join`, `source`.
#[derive(Serialize)]
struct LinkOut<'a> {
    url: &'a str,
    kind: catalogue::LinkKind,
    label: &'static str,
}

#[derive(Serialize)]
struct Predecessor<'a> {
    id: &'a str,
    name: &'a str,
    status: catalogue::Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    ended: Option<i64>,
}

impl<'a> NetworkInFull<'a> {
    fn of(cat: &'a Catalogue, n: &'a Network) -> Self {
        NetworkInFull {
            network: n,
            link: n.link().map(|l| LinkOut {
                url: l.url,
                kind: l.kind,
                label: l.label(),
            }),
            formerly: cat
                .predecessors(&n.id)
                .map(|p| Predecessor {
                    id: &p.id,
                    name: &p.name,
                    status: p.status,
                    ended: p.ended,
                })
                .collect(),
        }
    }
}

/// `check --gaps`: per network what a reader would miss, then the totals.
fn write_gaps(cat: &Catalogue, out: &mut dyn Write) -> Result<(), Failure> {
    use catalogue::gaps::{STALE_YEARS, gaps};
    let g = gaps(cat);
    writeln!(out)?;
    match g.year {
        Some(y) => writeln!(
            out,
            "gaps: what a reader would miss (facts are old when dated before {}, \
             more than {STALE_YEARS} years before the catalogue's {y})",
            y - STALE_YEARS
        )?,
        None => writeln!(
            out,
            "gaps: what a reader would miss (the catalogue has no `updated` date, \
             so only undated facts count as old)"
        )?,
    }
    for n in g.networks.iter().filter(|n| !n.is_empty()) {
        let mut what = Vec::new();
        if n.no_website {
            what.push("no website or join page".to_string());
        }
        if n.cost_unknown {
            what.push("cost not known".to_string());
        }
        match n.old_facts {
            Some(Some(y)) => what.push(format!("facts as of {y}")),
            Some(None) => what.push("facts not dated".to_string()),
            None => {}
        }
        if n.opportunities_without_link > 0 {
            what.push(format!(
                "{} of {} opportunities with no link",
                n.opportunities_without_link, n.opportunities
            ));
        }
        if n.opportunities_without_stage > 0 {
            what.push(format!(
                "{} of {} opportunities with no career stage",
                n.opportunities_without_stage, n.opportunities
            ));
        }
        writeln!(out, "{}\t{}", n.id, what.join("; "))?;
    }
    let t = g.totals();
    writeln!(out)?;
    writeln!(
        out,
        "totals: {} of {} networks have gaps",
        t.with_gaps, t.networks
    )?;
    writeln!(out, "  no website or join page: {}", t.no_website)?;
    writeln!(
        out,
        "  cost not known (active networks): {}",
        t.cost_unknown
    )?;
    writeln!(
        out,
        "  facts older than {STALE_YEARS} years or not dated: {}",
        t.old_facts
    )?;
    writeln!(
        out,
        "  opportunities with no link: {} of {}",
        t.opportunities_without_link, t.opportunities
    )?;
    writeln!(
        out,
        "  opportunities with no career stage: {} of {}",
        t.opportunities_without_stage, t.opportunities
    )?;
    Ok(())
}

/// An opportunity with the network it belongs to, for JSON output.
#[derive(Serialize)]
pub struct OpportunityWithNetwork<'a> {
    /// The opportunity, with its network's career stages where it states none.
    #[serde(flatten)]
    pub opportunity: std::borrow::Cow<'a, Opportunity>,
    /// True when `career_stages` are the network's (the opportunity states none).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub career_stages_inherited: bool,
    pub network: &'a str,
    pub network_name: &'a str,
}

fn opportunities(
    cat: &Catalogue,
    index: &Index,
    args: &OpportunityArgs,
    profile: Option<&Profile>,
    out: &mut dyn Write,
) -> Result<(), Failure> {
    let rule = profile.map(|p| fit::Rule::new(&cat.vocab, p));
    let fit_of = |d: usize| -> Option<fit::Fit> {
        let rule = rule.as_ref()?;
        match index.refs.get(d)? {
            DocRef::Opportunity(n, o) => {
                let net = cat.networks.get(*n as usize)?;
                Some(rule.opportunity(net, net.opportunities.get(*o as usize)?))
            }
            DocRef::Network(_) => None,
        }
    };
    let allow = |d: usize| profile.is_none() || fit_of(d).is_some_and(|f| f.fits());
    let facets: [(&str, &[String]); 5] = [
        ("type", &args.kind),
        ("stage", &args.stage),
        ("format", &args.format),
        ("sector", &args.sector),
        ("scope", &args.scope),
    ];
    let mut outcome = run_query(index, &args.query, &facets, args.free, Some(&allow))?;
    if profile.is_some() {
        fit::tie_break(&mut outcome.hits, |d| {
            fit_of(d as usize).map_or(0, |f| f.rank())
        });
    }
    let limit = args.limit.unwrap_or(usize::MAX);
    let items: Vec<OpportunityWithNetwork<'_>> = outcome
        .hits
        .iter()
        .take(limit)
        .filter_map(|h| match index.refs[h.doc as usize] {
            DocRef::Opportunity(n, o) => {
                let net = cat.networks.get(n as usize)?;
                let opp = net.opportunities.get(o as usize)?;
                let stages = net.stages_of(opp);
                let opportunity = if stages.inherited {
                    let mut owned = opp.clone();
                    owned.career_stages = stages.ids.to_vec();
                    std::borrow::Cow::Owned(owned)
                } else {
                    std::borrow::Cow::Borrowed(opp)
                };
                Some(OpportunityWithNetwork {
                    opportunity,
                    career_stages_inherited: stages.inherited,
                    network: &net.id,
                    network_name: &net.name,
                })
            }
            DocRef::Network(_) => None,
        })
        .collect();
    if items.is_empty() {
        say_none_match("opportunities", &args.query, &facets, args.free, false);
    }
    if args.json {
        return write_json(out, &items);
    }
    for i in items {
        let net = cat.network(i.network);
        let mark = net
            .and_then(|n| report::status_mark(cat, n))
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        let place = net.map_or_else(String::new, |n| through_mark(cat, n, &args.scope));
        writeln!(
            out,
            "{}\t{}\t{}{mark}{place}",
            i.network, i.opportunity.title, i.opportunity.kind
        )?;
    }
    Ok(())
}

/// The ids of the user's bookmarks (for `search --bookmarked`).
pub fn bookmarks_ids() -> Result<std::collections::HashSet<String>, Failure> {
    let store = crate::bookmarks::Store::in_dir(&crate::paths::data_dir());
    let loaded = store
        .load()
        .map_err(|e| Failure::input(format!("error: {e}")))?;
    Ok(loaded.bookmarks.into_iter().map(|b| b.id).collect())
}
