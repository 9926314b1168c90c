//! The command line.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use elmeg_importers::gdshowsdb::embedded;
use elmeg_importers::ShowDate;

/// `--version`: the version, and the data the binary carries.
fn long_version() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{}\nBuilt in: {}, commit {}",
            env!("CARGO_PKG_VERSION"),
            embedded::ATTRIBUTION,
            embedded::COMMIT
        )
    })
}

const EXAMPLES: &str = "\
Examples:
  elmeg-tui --refresh phish                 fetch new and changed Phish shows into the cache
  elmeg-tui --refresh all                   refresh every configured band (cron-friendly)
  elmeg-tui --refresh goose --full          refetch every year, picking up edits to old setlists
  elmeg-tui bands --json                    every band with its counts
  elmeg-tui setlist phish 1997-11-22        the setlist(s) of a date
  elmeg-tui song phish Tweezer --json       a song's history: plays, debut, gaps
  elmeg-tui song all \"Scarlet Begonias\"     one song across every band
  elmeg-tui songs grateful-dead --sort gap  a band's songs, longest gone first
  elmeg-tui stats phish --year 1997         a year's shows, most played, debuts, bust-outs
  elmeg-tui search tweezer                  fuzzy search songs, shows, venues, tours
  elmeg-tui export phish --format csv       every setlist, one row per song
  elmeg-tui --demo                          the explorer on the built-in demo catalog

Exit codes: 0 success, 1 failure (one line on stderr says why), 2 usage error.";

#[derive(Debug, Parser)]
#[command(name = "elmeg-tui", version, long_version = long_version(), about, after_help = EXAMPLES)]
pub struct Cli {
    /// The SQLite cache file [default: the data dir's cache.sqlite3]
    #[arg(long, global = true, env = "ELMEG_CACHE", value_name = "PATH")]
    pub cache: Option<PathBuf>,

    /// The config file [default: the config dir's config.toml]
    #[arg(long, global = true, env = "ELMEG_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Your marks file (attended shows) [default: the data dir's mine.sqlite3]
    #[arg(long, global = true, env = "ELMEG_MINE", value_name = "PATH")]
    pub mine: Option<PathBuf>,

    /// Use the built-in demo catalog (real setlists; no key needed) instead of your cache.
    /// Works with the explorer and every query command.
    #[arg(long, global = true)]
    pub demo: bool,

    /// Refresh these bands (or `all`) without starting the explorer, then exit.
    /// Progress goes to stderr, a summary per band to stdout.
    #[arg(long, num_args = 1.., value_name = "BAND")]
    pub refresh: Option<Vec<String>>,

    /// With --refresh: fetch every year again, not only what looks new, to pick up
    /// edits to old setlists (Songfish bands; other sources already see every edit).
    #[arg(long, requires = "refresh")]
    pub full: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The configured bands with their show, performance and song counts
    #[command(after_help = "Example:\n  elmeg-tui bands --json")]
    Bands {
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Every show of a band on a date, with its full setlist
    #[command(
        after_help = "Examples:\n  elmeg-tui setlist phish 1997-11-22\n  elmeg-tui setlist gd 5/8/77\n  elmeg-tui setlist phish 1997-11-22 --json"
    )]
    Setlist {
        /// The band: its slug, name or alias, as `elmeg-tui bands` lists them
        band: String,
        /// The date: YYYY-MM-DD, M/D/YY, M/D/YYYY or YYYY/MM/DD
        #[arg(value_parser = parse_date)]
        date: Option<ShowDate>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// A song's history: times played, debut, last played, gaps, every performance;
    /// `all` for the band follows the song across every band
    #[command(
        after_help = "Examples:\n  elmeg-tui song phish Tweezer\n  elmeg-tui song phish \"harry hood\" --json\n  elmeg-tui song all \"Scarlet Begonias\""
    )]
    Song {
        /// The band: its slug, name or alias, or `all` for every band
        band: String,
        /// The song's name: exact (any case), or enough of it to match one song
        #[arg(required = true, num_args = 1..)]
        name: Vec<String>,
        /// List the shows oldest first (the text lists the newest first; JSON is
        /// always oldest first)
        #[arg(long)]
        oldest_first: bool,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// A band's song catalog: every song it played, with times played, debut, last
    /// played and gaps
    #[command(
        after_help = "Examples:\n  elmeg-tui songs phish\n  elmeg-tui songs grateful-dead --sort overdue\n  elmeg-tui songs goose --sort name --json"
    )]
    Songs {
        /// The band: its slug, name or alias, as `elmeg-tui bands` lists them
        band: String,
        /// plays: most played first; name: A–Z; debut, last: newest first; gap: the
        /// longest current gap first; overdue: current gap over average gap, among
        /// songs played 5 times or more, then the rest by plays
        #[arg(long, value_enum, default_value = "plays")]
        sort: SortArg,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// A band's statistics, for the whole band, a year or a tour: shows, songs,
    /// the most played, debuts, bust-outs, openers and closers
    #[command(
        after_help = "Examples:\n  elmeg-tui stats grateful-dead\n  elmeg-tui stats grateful-dead --year 1977\n  elmeg-tui stats phish --tour \"fall tour\" --json"
    )]
    Stats {
        /// The band: its slug, name or alias, as `elmeg-tui bands` lists them
        band: String,
        /// Only this year's shows
        #[arg(long, value_parser = parse_year, conflicts_with = "tour")]
        year: Option<i32>,
        /// Only this tour's shows: its name in any case, or enough of it to match one tour
        #[arg(long, value_name = "NAME")]
        tour: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Fuzzy search over songs, shows, venues and tours, best first
    #[command(
        after_help = "Examples:\n  elmeg-tui search tweezer\n  elmeg-tui search \"barton hall\" --kind show --json\n  elmeg-tui search dark star --band grateful-dead --limit 5"
    )]
    Search {
        /// What to look for: every word must match, in any order, each fuzzily
        /// (its letters in order, any case), as in fzf
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only this band's results (its slug, name or alias)
        #[arg(long, value_name = "BAND")]
        band: Option<String>,
        /// Only results of this kind
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// How many results at most
        #[arg(long, default_value_t = 20, value_parser = parse_limit)]
        limit: usize,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Today in history: every cached show played on this month and day, any year
    #[command(after_help = "Examples:\n  elmeg-tui today\n  elmeg-tui today --date 5/8 --json")]
    Today {
        /// Another month and day: MM-DD or M/D
        #[arg(long, value_parser = crate::dates::parse_month_day, value_name = "MM-DD")]
        date: Option<String>,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Write every show of a band with its setlist, as JSON or CSV (one row per song)
    #[command(
        after_help = "Examples:\n  elmeg-tui export phish --format json --out phish.json\n  elmeg-tui export grateful-dead --format csv > gd.csv"
    )]
    Export {
        /// The band: its slug, name or alias
        band: String,
        /// json: the `setlist --json` shape for every show; csv: one row per song
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print shell completions
    #[command(
        after_help = "Examples:\n  elmeg-tui completions bash > ~/.local/share/bash-completion/completions/elmeg-tui\n  elmeg-tui completions zsh > ~/.zfunc/_elmeg-tui\n  elmeg-tui completions fish > ~/.config/fish/completions/elmeg-tui.fish"
    )]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write a snapshot of the cache (compressed, with manifest.json) into a folder
    /// a web server serves, for `pull`; safe while a refresh runs
    #[command(after_help = "Example:\n  elmeg-tui publish /srv/snapshot")]
    Publish {
        /// The folder: it gets elmeg-cache.sqlite3.gz and manifest.json
        dir: PathBuf,
    },
    /// Replace the cache with a published snapshot: no key needed, one request when
    /// nothing changed
    #[command(
        after_help = "Examples:\n  elmeg-tui pull https://setlists.example.org/\n  elmeg-tui pull            (the URL from [sync] url or ELMEG_SYNC_URL)"
    )]
    Pull {
        /// The folder that holds manifest.json [default: ELMEG_SYNC_URL, then [sync] url]
        #[arg(env = "ELMEG_SYNC_URL")]
        url: Option<String>,
        /// Replace the cache even if it holds bands refreshed here after the snapshot
        #[arg(long)]
        force: bool,
    },
    /// Your attended shows: mark them, list them, import and export them, and see
    /// the songs you saw and still chase. Kept in a file of their own, never in the cache.
    #[command(
        after_help = "Examples:\n  elmeg-tui attended add gd 5/8/77\n  elmeg-tui attended add phish 1998-04-02 --order 2\n  elmeg-tui attended list --json\n  elmeg-tui attended stats --band phish"
    )]
    Attended {
        #[command(subcommand)]
        action: AttendedAction,
    },
    /// Where config, cache and log live, which keys are set, and each band's last refresh
    #[command(after_help = "Example:\n  elmeg-tui doctor")]
    Doctor,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum KindArg {
    Song,
    Show,
    Venue,
    Tour,
}

/// `songs --sort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SortArg {
    Plays,
    Name,
    Debut,
    Last,
    Gap,
    Overdue,
}

impl From<SortArg> for elmeg_tui::cache::CatalogOrder {
    fn from(sort: SortArg) -> Self {
        use elmeg_tui::cache::CatalogOrder;
        match sort {
            SortArg::Plays => CatalogOrder::Plays,
            SortArg::Name => CatalogOrder::Name,
            SortArg::Debut => CatalogOrder::Debut,
            SortArg::Last => CatalogOrder::Last,
            SortArg::Gap => CatalogOrder::Gap,
            SortArg::Overdue => CatalogOrder::Overdue,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

fn parse_limit(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a whole number")),
    }
}

#[derive(Debug, Subcommand)]
pub enum AttendedAction {
    /// Mark a show as attended (a mark already there is kept, and said so)
    Add {
        /// The band: its slug, name or alias
        band: String,
        /// The date: YYYY-MM-DD, M/D/YY, M/D/YYYY or YYYY/MM/DD
        #[arg(value_parser = parse_date)]
        date: ShowDate,
        /// Which show of the date, for a band that played twice
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        order: u32,
    },
    /// Remove a mark (a mark that is not there is said so)
    Remove {
        /// The band: its slug, name or alias
        band: String,
        /// The date: YYYY-MM-DD, M/D/YY, M/D/YYYY or YYYY/MM/DD
        #[arg(value_parser = parse_date)]
        date: ShowDate,
        /// Which show of the date
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..))]
        order: u32,
    },
    /// Every attended show, newest first, with its venue if the cache has it
    List {
        /// Only this band's (its slug, name or alias)
        #[arg(long, value_name = "BAND")]
        band: Option<String>,
        /// Print JSON instead of lines
        #[arg(long)]
        json: bool,
    },
    /// Add the marks of a file: one show a line, `band,date[,order]`, `#` comments;
    /// nothing is added unless every line is good
    Import {
        /// The file (as `attended export` writes it)
        file: PathBuf,
    },
    /// Write every mark, one show a line, `band,date[,order]`
    Export {
        /// Write to this file instead of stdout
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// The songs you saw, how often, and the often-played ones you never saw
    Stats {
        /// Only this band's (its slug, name or alias)
        #[arg(long, value_name = "BAND")]
        band: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

fn parse_year(s: &str) -> Result<i32, String> {
    match s.trim().parse::<i32>() {
        Ok(year) if (1000..=9999).contains(&year) => Ok(year),
        _ => Err(format!("`{s}` is not a year (YYYY)")),
    }
}

fn parse_date(s: &str) -> Result<ShowDate, String> {
    use chrono::Datelike;
    crate::dates::parse_typed_date(s, chrono::Local::now().year())
}

/// Whether a band argument is really a date, as in `setlist 1977-05-08`.
pub fn looks_like_date(text: &str) -> bool {
    use chrono::Datelike;
    crate::dates::parse_typed_date(text, chrono::Local::now().year()).is_ok()
}

/// A tip for a command that is a flag: `elmeg-tui refresh phish` means
/// `--refresh phish`.
pub fn flag_tip(err: &clap::Error, args: impl Iterator<Item = String>) -> Option<String> {
    if err.kind() != clap::error::ErrorKind::InvalidSubcommand {
        return None;
    }
    let args: Vec<String> = args.collect();
    let at = args.iter().position(|a| a == "refresh")?;
    let rest = args[at + 1..].join(" ");
    Some(format!(
        "`refresh` is a flag, not a command: `elmeg-tui --refresh {}`",
        if rest.is_empty() { "<band>|all" } else { rest.as_str() }
    ))
}
