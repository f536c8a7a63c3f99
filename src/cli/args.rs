//! The command line's arguments: clap's structs and enums, and the help text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::bookmarks::BookmarkStatus;
use crate::config::ThemeName;
use crate::profile::Field;
use crate::report::plan;

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
    pub(super) fn given(&self) -> Vec<(Field, Vec<String>)> {
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
