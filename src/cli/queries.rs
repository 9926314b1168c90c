//! The scriptable query commands: `bands`, `setlist`, `song`, `songs`, `stats`, `search`.

use std::process::ExitCode;

use color_eyre::eyre::{bail, eyre, Result};
use elmeg_importers::ShowDate;
use elmeg_tui::cache::{sort_catalog, Cache, CatalogOrder, ItemKind, StatsScope};
use elmeg_tui::config::{BandSpec, Settings};
use elmeg_tui::search::{resolve, Named, Resolution, SearchIndex, SearchQuery, MAX_QUERY_CHARS};

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
    if shows.is_empty() && !cache.has_shows(&band.slug)? {
        return Err(not_cached(band, "shows"));
    }
    if json {
        print_json(&shows)?;
    } else if shows.is_empty() {
        emit(&format!("No {} show in the cache on {date}.\n", band.name))?;
    } else {
        emit(&output::setlists_text(&shows))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What `song` and `stats --tour` say when a typed name matches nothing or
/// several: which `what` (a Phish song, a Phish tour) and the closest names.
fn resolved<T: Named + Clone>(name: &str, items: &[T], what: &str) -> Result<T> {
    match resolve(name, items) {
        Resolution::Found(item) => Ok(item),
        Resolution::Ambiguous(names) => {
            bail!(
                "`{name}` matches several {what}s; say which:{}",
                crate::item_lines(&names)
            )
        }
        Resolution::NotFound(names) => {
            bail!("no {what} matches `{name}`; the closest:{}", crate::item_lines(&names))
        }
    }
}

pub fn song(settings: &Settings, band: &str, name: &str, oldest_first: bool, json: bool) -> Result<ExitCode> {
    if band == "all" {
        return song_everywhere(settings, name, oldest_first, json);
    }
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    let songs = cache.songs_of(&band.slug)?;
    if songs.is_empty() {
        return Err(not_cached(band, "songs"));
    }
    let song = resolved(name, &songs, &format!("{} song", band.name))?;
    let history = cache.song_history(&band.slug, &song)?;
    if json {
        print_json(&history)?;
    } else {
        emit(&output::song_text(&history, &band.name, oldest_first))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `song all <name>`: the song under every band that played it.
fn song_everywhere(settings: &Settings, name: &str, oldest_first: bool, json: bool) -> Result<ExitCode> {
    let cache = Cache::open(&settings.cache_path)?;
    let identities = cache.song_identities()?;
    if identities.is_empty() {
        bail!("no songs in the cache; run `elmeg-tui --refresh all` first");
    }
    let identity = resolved(name, &identities, "song")?;
    let across = cache.song_across(&identity)?;
    if json {
        print_json(&across)?;
    } else {
        emit(&output::song_across_text(
            &across,
            &|slug| band_name(settings, slug),
            oldest_first,
        ))?;
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
        return Err(not_cached(band, "songs"));
    } else {
        emit(&output::songs_table(&songs))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn stats(settings: &Settings, band: &str, year: Option<i32>, tour: Option<&str>, json: bool) -> Result<ExitCode> {
    let band = known_band(settings, band)?;
    let cache = Cache::open(&settings.cache_path)?;
    if cache.band_overviews(std::slice::from_ref(band))?[0].shows == 0 {
        return Err(not_cached(band, "shows"));
    }
    let scope = match (year, tour) {
        (Some(year), _) => StatsScope::Year(year),
        (None, Some(name)) => {
            let tours = cache.tours_of(&band.slug)?;
            if tours.is_empty() {
                bail!("the cache has no {} tours; the source names none", band.name);
            }
            StatsScope::Tour(resolved(name, &tours, &format!("{} tour", band.name))?)
        }
        (None, None) => StatsScope::Band,
    };
    let stats = cache.scope_stats(&band.slug, &scope)?;
    if stats.shows == 0 {
        let all = cache.scope_stats(&band.slug, &StatsScope::Band)?;
        let span = |d: &Option<String>| d.as_deref().and_then(|d| d.get(..4)).unwrap_or("?").to_string();
        bail!(
            "no counted {} show in {}; its shows run from {} to {}",
            band.name,
            stats.scope,
            span(&all.first),
            span(&all.last)
        );
    }
    if json {
        print_json(&stats)?;
    } else {
        emit(&output::stats_text(&band.name, &stats))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `today [--date MM-DD]`: every cached show played on that month and day.
pub fn today(settings: &Settings, month_day: Option<String>, json: bool) -> Result<ExitCode> {
    let month_day = month_day.unwrap_or_else(|| chrono::Local::now().format("%m-%d").to_string());
    let cache = Cache::open(&settings.cache_path)?;
    let shows = cache.on_this_day(&month_day)?;
    if json {
        #[derive(Serialize)]
        struct Show<'a> {
            band: &'a str,
            date: &'a str,
            venue: &'a str,
            city: Option<&'a str>,
            state: Option<&'a str>,
            country: Option<&'a str>,
        }
        let shows: Vec<Show> = shows
            .iter()
            .map(|s| Show {
                band: &s.band,
                date: &s.date,
                venue: &s.venue,
                city: s.city.as_deref(),
                state: s.state.as_deref(),
                country: s.country.as_deref(),
            })
            .collect();
        print_json(&shows)?;
    } else {
        emit(&output::today_lines(&month_day, &shows, &|slug| {
            band_name(settings, slug)
        }))?;
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
    let band = band.map(|b| known_band(settings, b)).transpose()?;
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
        band: band.map(|b| b.slug.clone()),
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

/// A band's name for a slug the cache holds (its slug if no longer configured).
fn band_name(settings: &Settings, slug: &str) -> String {
    settings.band(slug).map_or_else(|| slug.to_string(), |b| b.name.clone())
}

/// The band has nothing cached yet (`what`: songs, shows): say how to fill the cache.
fn not_cached(band: &BandSpec, what: &str) -> color_eyre::Report {
    eyre!(
        "no {} {what} in the cache; run `elmeg-tui --refresh {}` first",
        band.name,
        band.slug
    )
}

pub fn print_json<T: Serialize>(value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    emit(&text)
}
