//! `elmeg-tui`: the binary. Parses the command line and runs one command.

mod args;
mod attended;
mod dates;
mod doctor;
mod export;
mod output;
mod queries;
mod refresh;

use clap::{CommandFactory, Parser};
use std::io::Write;
use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_tui::app::event_loop;
use elmeg_tui::config::Settings;
use elmeg_tui::demo::Demo;
use elmeg_tui::refresh::Depth;

use args::{Cli, Command};

/// An error in how the program was called: exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn main() -> ExitCode {
    // Errors are printed as one line below; color-eyre still restores panics politely.
    let _ = color_eyre::install();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            if let Some(tip) = args::flag_tip(&err, std::env::args().skip(1)) {
                eprintln!("elmeg-tui: {tip}");
                return ExitCode::from(2);
            }
            err.exit()
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            let usage = err.downcast_ref::<UsageError>().is_some();
            eprintln!("elmeg-tui: {err:#}");
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    if cli.refresh.is_some() && cli.command.is_some() {
        return Err(UsageError("--refresh runs on its own; give it no command".into()).into());
    }
    let mut settings = Settings::load(cli.config, cli.cache)?;
    if let Some(mine) = cli.mine {
        settings.mine_path = mine;
    }
    // Kept alive until exit: the demo's cache folder goes with it.
    let mut demo = None;
    if cli.demo {
        if cli.refresh.is_some() {
            return Err(UsageError("--demo has nothing to refresh; drop --demo to refresh your cache".into()).into());
        }
        if matches!(cli.command, Some(Command::Pull { .. } | Command::Publish { .. })) {
            return Err(UsageError("--demo is built in; drop --demo to publish or pull your cache".into()).into());
        }
        let prepared = Demo::prepare(&settings)?;
        settings = settings.demo(prepared.cache_path.clone())?;
        if cli.command.is_some() {
            // A command answers at once, so it needs the whole catalog first; the
            // explorer draws at once and loads the Grateful Dead in the background.
            Demo::load_built_in(&settings)?;
        }
        demo = Some(prepared);
    }
    elmeg_tui::sync::adopt_pulled_bands(&mut settings);
    if let Some(bands) = cli.refresh {
        let depth = if cli.full { Depth::Full } else { Depth::Incremental };
        return refresh::run(&settings, &bands, depth);
    }
    if cli.command.is_none() {
        // A keymap that gives one key to two actions is a usage error (exit 2).
        elmeg_tui::app::keymap::Keymap::new(&settings.keys)
            .map_err(|e| UsageError(format!("{}: {e}", settings.config_path.display())))?;
    }
    let code = match cli.command {
        Some(Command::Bands { json }) => queries::bands(&settings, json),
        Some(Command::Setlist { band, date, json }) => match date {
            Some(date) => queries::setlist(&settings, &band, date, json),
            // `setlist 1977-05-08`: the date took the band's place.
            None if args::looks_like_date(&band) => {
                Err(UsageError("missing the band: `elmeg-tui setlist <band> <date>`".into()).into())
            }
            None => Err(UsageError("missing the date: `elmeg-tui setlist <band> <date>`".into()).into()),
        },
        Some(Command::Song {
            band,
            name,
            oldest_first,
            json,
        }) => queries::song(&settings, &band, &name.join(" "), oldest_first, json),
        Some(Command::Songs { band, sort, json }) => queries::songs(&settings, &band, sort.into(), json),
        Some(Command::Stats { band, year, tour, json }) => {
            queries::stats(&settings, &band, year, tour.as_deref(), json)
        }
        Some(Command::Search {
            query,
            band,
            kind,
            limit,
            json,
        }) => queries::search(&settings, &query.join(" "), band.as_deref(), kind, limit, json),
        Some(Command::Today { date, json }) => queries::today(&settings, date, json),
        Some(Command::Export { band, format, out }) => export::run(&settings, &band, format, out.as_deref()),
        Some(Command::Completions { shell }) => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "elmeg-tui", &mut out);
            emit(&String::from_utf8_lossy(&out))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Attended { action }) => attended::run(&settings, action),
        Some(Command::Publish { dir }) => {
            let manifest = elmeg_tui::sync::publish(&settings, &dir)?;
            let shows: u64 = manifest.bands.iter().map(|b| b.shows).sum();
            emit(&format!(
                "published {}, {}: {} ({:.1} MB) and manifest.json in {}\n",
                elmeg_tui::cache::plural(manifest.bands.len(), "band"),
                elmeg_tui::cache::plural(elmeg_tui::cache::thousands(shows), "show"),
                manifest.file,
                manifest.bytes as f64 / 1e6,
                dir.display()
            ))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Pull { url, force }) => {
            let url = url.or(settings.sync_url.clone()).ok_or_else(|| {
                UsageError("no snapshot to pull: `elmeg-tui pull <URL>`, or set [sync] url or ELMEG_SYNC_URL".into())
            })?;
            let mut progress = elmeg_tui::refresh::progress::for_stderr();
            match elmeg_tui::sync::pull(&settings, &url, force, progress.as_mut())? {
                elmeg_tui::sync::Pulled::UpToDate => emit("up to date\n")?,
                elmeg_tui::sync::Pulled::Replaced(summary) => emit(&format!("{summary}\n"))?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Doctor) => doctor::run(&settings),
        None if !elmeg_tui::app::terminal::available() => Err(UsageError(
            "the explorer needs a terminal; without one use `elmeg-tui --refresh <band>|all`, `bands`, \
             `setlist`, `song`, `songs`, `stats`, `today`, `search`, `export` or `attended` (see --help)"
                .into(),
        )
        .into()),
        None => {
            let banner = demo.is_some().then(|| elmeg_tui::demo::BANNER.to_string());
            event_loop::run(settings, event_loop::Options { banner })?;
            Ok(ExitCode::SUCCESS)
        }
    };
    drop(demo);
    code
}

/// Writes to stdout. A reader that went away (`| head`) is not an error.
pub fn emit(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.wrap_err("cannot write to stdout"),
    }
}

/// The items an error lists, each on a line of its own after the message.
pub fn item_lines(items: &[impl AsRef<str>]) -> String {
    items.iter().map(|item| format!("\n  {}", item.as_ref())).collect()
}

/// The configured band a person named (slug, name or alias), or a usage error
/// listing the known ones.
pub fn known_band<'a>(settings: &'a Settings, typed: &str) -> Result<&'a elmeg_tui::config::BandSpec> {
    settings.find_band(typed).ok_or_else(|| {
        UsageError(format!(
            "unknown band `{typed}`; the known bands:{}",
            item_lines(&settings.band_slugs())
        ))
        .into()
    })
}
