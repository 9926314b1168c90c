//! `export`: every show of a band, streamed one show at a time so memory stays flat.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_tui::cache::Cache;
use elmeg_tui::config::Settings;

use crate::args::ExportFormat;
use crate::known_band;

const CSV_HEADER: [&str; 15] = [
    "band",
    "date",
    "venue",
    "city",
    "state",
    "country",
    "tour",
    "set",
    "position",
    "song",
    "transition",
    "footnote",
    "jamchart",
    "tape",
    "permalink",
];

pub fn run(settings: &Settings, band: &str, format: ExportFormat, out: Option<&Path>) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    let sink: Box<dyn Write> = match out {
        Some(path) => Box::new(File::create(path).wrap_err_with(|| format!("cannot write {}", path.display()))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut sink = BufWriter::new(sink);
    // One snapshot: a refresh writing meanwhile changes nothing in the export.
    let written = cache.snapshot(|cache| match format {
        ExportFormat::Json => json(cache, cache.show_ids(&band.slug)?, &mut sink),
        ExportFormat::Csv => csv(cache, &band.slug, &mut sink),
    });
    match written.and_then(|()| sink.flush().map_err(Into::into)) {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::SUCCESS),
        other => other.map(|()| ExitCode::SUCCESS),
    }
}

/// The reader went away (`| head`): not an error. The io error may be wrapped by
/// serde_json or csv.
fn is_broken_pipe(e: &color_eyre::Report) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>().and_then(|j| j.io_error_kind()) == Some(BrokenPipe)
            || c.downcast_ref::<::csv::Error>()
                .is_some_and(|c| matches!(c.kind(), ::csv::ErrorKind::Io(io) if io.kind() == BrokenPipe))
    })
}

/// A JSON array of the shows `ids` in the `setlist --json` shape, written show
/// by show; an id no longer in the cache is left out.
fn json(cache: &Cache, ids: Vec<i64>, out: &mut impl Write) -> Result<()> {
    out.write_all(b"[")?;
    let mut written = 0;
    for id in ids {
        if let Some(show) = cache.setlist(id)? {
            out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut *out, &show)?;
            written += 1;
        }
    }
    out.write_all(b"\n]\n")?;
    Ok(())
}

/// One row per song of every show, tapes included (and marked).
fn csv(cache: &Cache, band: &str, out: &mut impl Write) -> Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for id in cache.show_ids(band)? {
        let Some(show) = cache.setlist(id)? else { continue };
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut position = 0;
        for set in &show.sets {
            for song in &set.songs {
                position += 1;
                writer.write_record([
                    show.band.clone(),
                    show.date.clone(),
                    text(&show.venue),
                    text(&show.city),
                    text(&show.state),
                    text(&show.country),
                    text(&show.tour),
                    set.label.clone(),
                    position.to_string(),
                    song.name.clone(),
                    song.transition.clone(),
                    text(&song.footnote),
                    song.jamchart.to_string(),
                    song.tape.to_string(),
                    text(&show.permalink),
                ])?;
            }
        }
    }
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_show_gone_before_it_is_written_leaves_valid_json() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(&dir.path().join("cache.sqlite3")).unwrap();
        let band = elmeg_tui::config::BandSpec::new("gd", "GD", elmeg_importers::SourceKind::Gdshowsdb);
        let band_id = cache.ensure_band(&band).unwrap();
        let (_, shows) = elmeg_importers::gdshowsdb::embedded::shows_by_year()
            .unwrap()
            .remove(12);
        cache.write_shows(band_id, &shows[..2]).unwrap();
        let ids = cache.show_ids("gd").unwrap();
        // The first show listed is gone by the time it would be written.
        let mut out = Vec::new();
        json(&cache, vec![-1, ids[0], ids[1]], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        assert_eq!(parsed.as_array().unwrap().len(), 2);
    }
}
