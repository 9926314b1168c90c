//! `elmeg-tui attended …`: the user's marks from the command line.

use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::ShowDate;
use elmeg_tui::cache::{AttendedRow, AttendedShow, AttendedStats, Cache};
use elmeg_tui::config::Settings;
use elmeg_tui::mine::{Mark, Mine};

use crate::args::AttendedAction;
use crate::queries::print_json;
use crate::{emit, known_band};

pub fn run(settings: &Settings, action: AttendedAction) -> Result<ExitCode> {
    match action {
        AttendedAction::Add { band, date, order } => change(settings, &band, date, order, true),
        AttendedAction::Remove { band, date, order } => change(settings, &band, date, order, false),
        AttendedAction::List { band, json } => list(settings, band.as_deref(), json),
        AttendedAction::Import { file } => import(settings, &file),
        AttendedAction::Export { out } => export(settings, out.as_deref()),
        AttendedAction::Stats { band, json } => stats(settings, band.as_deref(), json),
    }
}

/// The cache, if there is one: marks are listed without it too.
fn cache_if_any(settings: &Settings) -> Result<Option<Cache>> {
    if !settings.cache_path.exists() {
        return Ok(None);
    }
    Cache::open(&settings.cache_path).map(Some)
}

/// `band date` as a line says it: the band's name, the date, the venue if known.
fn describe(settings: &Settings, shown: &AttendedShow) -> String {
    let band = settings.band_name(&shown.mark.band);
    let order = match shown.mark.order {
        1 => String::new(),
        n => format!(" (show {n} of the date)"),
    };
    let place = match &shown.show {
        Some(show) => format!(", {}, {}", show.venue, show.place()),
        None => ": not in the cache".to_string(),
    };
    format!("{band} {}{order}{place}", shown.mark.date)
}

fn change(settings: &Settings, band: &str, date: ShowDate, order: u32, add: bool) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let mark = Mark::new(&band.slug, date, order);
    let mut mine = Mine::open(&settings.mine_path)?;
    let changed = if add { mine.add(&mark)? } else { mine.remove(&mark)? };
    let shown = match cache_if_any(settings)? {
        Some(cache) => cache.attended_shows(std::slice::from_ref(&mark))?.remove(0),
        None => AttendedShow { mark, show: None },
    };
    let what = describe(settings, &shown);
    let line = match (add, changed) {
        (true, true) if shown.show.is_none() => format!("marked {what} (kept until the cache has it)"),
        (true, true) => format!("marked {what}"),
        (true, false) => format!("already marked: {what}"),
        (false, true) => format!("unmarked {what}"),
        (false, false) => format!("not marked, nothing to remove: {what}"),
    };
    emit(&format!("{line}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// The marks, of one band if `band` is given.
fn marks_of(settings: &Settings, band: Option<&str>) -> Result<Vec<Mark>> {
    let slug = band
        .map(|b| known_band(settings, b).map(|b| b.slug.clone()))
        .transpose()?;
    let marks = Mine::read(&settings.mine_path)?;
    Ok(marks
        .into_iter()
        .filter(|m| slug.as_ref().is_none_or(|s| *s == m.band))
        .collect())
}

fn list(settings: &Settings, band: Option<&str>, json: bool) -> Result<ExitCode> {
    let marks = marks_of(settings, band)?;
    let shown = match cache_if_any(settings)? {
        Some(cache) => cache.attended_shows(&marks)?,
        None => marks
            .into_iter()
            .map(|mark| AttendedShow { mark, show: None })
            .collect(),
    };
    if json {
        let rows: Vec<AttendedRow> = shown.iter().map(AttendedRow::from).collect();
        print_json(&rows)?;
    } else if shown.is_empty() {
        emit("No attended shows yet; mark one with `elmeg-tui attended add <band> <date>` or `m` in the explorer.\n")?;
    } else {
        let text: String = shown.iter().map(|s| describe(settings, s) + "\n").collect();
        emit(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// One mark a line, `band,date[,order]`: every line's mark, or every bad line's
/// `line N: reason`.
fn parse_marks(settings: &Settings, text: &str) -> std::result::Result<Vec<Mark>, Vec<String>> {
    use chrono::Datelike;
    let this_year = chrono::Local::now().year();
    let mut marks = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let parsed = match fields[..] {
            [band, date] => one_mark(settings, band, date, "1", this_year),
            [band, date, order] => one_mark(settings, band, date, order, this_year),
            _ => Err(format!("`{line}` is not `band,date[,order]`")),
        };
        match parsed {
            Ok(mark) => marks.push(mark),
            Err(reason) => errors.push(format!("line {}: {reason}", i + 1)),
        }
    }
    if errors.is_empty() {
        Ok(marks)
    } else {
        Err(errors)
    }
}

fn one_mark(settings: &Settings, band: &str, date: &str, order: &str, this_year: i32) -> Result<Mark, String> {
    let band = settings
        .find_band(band)
        .ok_or_else(|| format!("unknown band `{band}` (see `elmeg-tui bands`)"))?;
    let date = crate::dates::parse_typed_date(date, this_year)?;
    let order = order
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("`{order}` is not a show's order within its date (1, 2, …)"))?;
    Ok(Mark::new(&band.slug, date, order))
}

fn import(settings: &Settings, file: &Path) -> Result<ExitCode> {
    let text = std::fs::read_to_string(file).wrap_err_with(|| format!("cannot read {}", file.display()))?;
    let marks = match parse_marks(settings, &text) {
        Ok(marks) => marks,
        Err(errors) => {
            for error in &errors {
                eprintln!("{}: {error}", file.display());
            }
            eprintln!(
                "elmeg-tui: nothing imported: {} bad line{}; fix {} and import again",
                errors.len(),
                if errors.len() == 1 { "" } else { "s" },
                if errors.len() == 1 { "it" } else { "them" }
            );
            return Ok(ExitCode::FAILURE);
        }
    };
    let added = Mine::open(&settings.mine_path)?.add_all(&marks)?;
    emit(&format!(
        "imported {} mark{}: {added} new, {} already there\n",
        marks.len(),
        if marks.len() == 1 { "" } else { "s" },
        marks.len() - added
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// The lines `import` reads.
fn export_text(marks: &[Mark]) -> String {
    let mut text = String::from("# elmeg-tui attended shows: band,date[,order]\n");
    for mark in marks {
        match mark.order {
            1 => text.push_str(&format!("{},{}\n", mark.band, mark.date)),
            n => text.push_str(&format!("{},{},{n}\n", mark.band, mark.date)),
        }
    }
    text
}

fn export(settings: &Settings, out: Option<&Path>) -> Result<ExitCode> {
    let text = export_text(&Mine::read(&settings.mine_path)?);
    match out {
        Some(path) => std::fs::write(path, text).wrap_err_with(|| format!("cannot write {}", path.display()))?,
        None => emit(&text)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(settings: &Settings, band: Option<&str>, json: bool) -> Result<ExitCode> {
    let marks = marks_of(settings, band)?;
    let stats = match cache_if_any(settings)? {
        Some(cache) => cache.attended_stats(&marks, None)?,
        None => AttendedStats {
            shows: 0,
            bands: Vec::new(),
            songs_seen: Vec::new(),
            never_seen: Vec::new(),
        },
    };
    if json {
        print_json(&stats)?;
    } else {
        emit(&stats_text(settings, &stats))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn stats_text(settings: &Settings, stats: &AttendedStats) -> String {
    let name = |slug| settings.band_name(slug);
    if stats.shows == 0 {
        return "No attended show is in the cache yet (see `elmeg-tui attended list`).\n".to_string();
    }
    let bands: Vec<String> = stats
        .bands
        .iter()
        .map(|b| format!("{} {}", name(&b.band), b.shows))
        .collect();
    let mut text = format!(
        "{} attended show{} in the cache: {}\n",
        stats.shows,
        if stats.shows == 1 { "" } else { "s" },
        bands.join(", ")
    );
    let width = |names: &mut dyn Iterator<Item = &str>| names.map(|n| n.chars().count()).max().unwrap_or(4).max(4);
    let w = width(&mut stats.songs_seen.iter().map(|s| s.song.as_str()));
    text.push_str(&format!(
        "\nSONGS SEEN ({})\n{:<w$}  {:<15}  SEEN  FIRST       LAST\n",
        stats.songs_seen.len(),
        "SONG",
        "BAND"
    ));
    for s in &stats.songs_seen {
        text.push_str(&format!(
            "{:<w$}  {:<15}  {:>4}  {}  {}\n",
            s.song,
            name(&s.band),
            s.times_seen,
            s.first_seen,
            s.last_seen
        ));
    }
    let w = width(&mut stats.never_seen.iter().map(|s| s.song.as_str()));
    text.push_str(&format!(
        "\nNEVER SEEN, PLAYED {}+ TIMES ({})\n{:<w$}  {:<15}  PLAYED\n",
        elmeg_tui::cache::CHASER_MIN_PLAYS,
        stats.never_seen.len(),
        "SONG",
        "BAND"
    ));
    for s in &stats.never_seen {
        text.push_str(&format!(
            "{:<w$}  {:<15}  {:>6}\n",
            s.song,
            name(&s.band),
            s.times_played
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_writes_what_import_reads() {
        let marks = vec![
            Mark::new("phish", "1998-04-02".parse().unwrap(), 2),
            Mark::new("grateful-dead", "1977-05-08".parse().unwrap(), 1),
        ];
        let text = export_text(&marks);
        assert_eq!(
            text,
            "# elmeg-tui attended shows: band,date[,order]\nphish,1998-04-02,2\ngrateful-dead,1977-05-08\n"
        );
    }
}
