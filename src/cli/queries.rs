//! The scriptable query commands: `bands`, `setlist`, `song`, `songs`, `search`.

use std::process::ExitCode;

use color_eyre::eyre::{bail, eyre, Result};
use elmeg_importers::ShowDate;
use elmeg_tui::cache::{sort_catalog, Cache, CatalogOrder, ItemKind};
use elmeg_tui::config::{BandSpec, Settings};
use elmeg_tui::search::{resolve_song, SearchIndex, SearchQuery, SongResolution, MAX_QUERY_CHARS};

use crate::args::KindArg;
use serde::Serialize;

use crate::{emit, known_band, output, UsageError};

pub fn bands(settings: &Settings, json: bool) -> Result<ExitCode> {
    let cache = Cache::open(&settings.cache_path)?;
    let overviews = cache.band_overviews(&settings.bands)?;
    if json {
        print_json(&overviews)?;
    } else {
        emit(&output::bands_table(&overviews))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn setlist(settings: &Settings, band: &str, date: ShowDate, json: bool) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    let shows = cache.setlists_on(&band.slug, &date.to_string())?;
    if json {
        print_json(&shows)?;
    } else if shows.is_empty() {
        emit(&format!("No {} show in the cache on {date}.\n", band.name))?;
    } else {
        emit(&output::setlists_text(&shows))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn song(settings: &Settings, band: &str, name: &str, json: bool) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    let songs = cache.songs_of(&band.slug)?;
    let song = match resolve_song(name, &songs) {
        SongResolution::Found(song) => song,
        SongResolution::Ambiguous(names) => {
            bail!(
                "`{name}` matches several {} songs; say which:{}",
                band.name,
                crate::item_lines(&names)
            )
        }
        SongResolution::NotFound(names) if names.is_empty() => return Err(no_songs(band)),
        SongResolution::NotFound(names) => {
            bail!(
                "no {} song matches `{name}`; the closest:{}",
                band.name,
                crate::item_lines(&names)
            )
        }
    };
    let history = cache.song_history(&band.slug, &song)?;
    if json {
        print_json(&history)?;
    } else {
        emit(&output::song_text(&history))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn songs(settings: &Settings, band: &str, order: CatalogOrder, json: bool) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    let mut songs = cache.song_catalog(&band.slug)?;
    sort_catalog(&mut songs, order);
    if json {
        print_json(&songs)?;
    } else if songs.is_empty() {
        return Err(no_songs(band));
    } else {
        emit(&output::songs_table(&songs))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn search(
    settings: &Settings,
    query: &str,
    band: Option<&str>,
    kind: Option<KindArg>,
    limit: usize,
    json: bool,
) -> Result<ExitCode> {
    if let Some(band) = band {
        known_band(settings, band)?;
    }
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(UsageError(format!(
            "a search query is at most {MAX_QUERY_CHARS} characters; this one has {}",
            query.chars().count()
        ))
        .into());
    }
    let cache = Cache::open(&settings.cache_path)?;
    // Only the rows that can match: the CLI answers once, so it skips loading the rest.
    let index = SearchIndex::new(cache.search_candidates(query)?);
    let hits = index.into_hits(&SearchQuery {
        text: query.to_string(),
        band: band.map(str::to_string),
        kind: kind.map(|k| match k {
            KindArg::Song => ItemKind::Song,
            KindArg::Show => ItemKind::Show,
            KindArg::Venue => ItemKind::Venue,
            KindArg::Tour => ItemKind::Tour,
        }),
        limit,
    });
    if json {
        #[derive(Serialize)]
        struct Hit<'a> {
            kind: &'a str,
            band: &'a str,
            label: &'a str,
            score: i64,
        }
        let hits: Vec<Hit> = hits
            .iter()
            .map(|h| Hit {
                kind: h.item.kind.as_str(),
                band: &h.item.band,
                label: &h.item.label,
                score: h.score,
            })
            .collect();
        print_json(&hits)?;
    } else {
        emit(&output::search_lines(&hits))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The band has no songs cached yet: say how to fill the cache.
fn no_songs(band: &BandSpec) -> color_eyre::Report {
    eyre!(
        "no {} songs in the cache; run `elmeg-tui --refresh {}` first",
        band.name,
        band.slug
    )
}

fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    emit(&text)
}
