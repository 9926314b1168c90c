//! Phish.net: the show list, then one request per year that has new or changed
//! shows (plus the current year), and the song list for covers' artists.

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::phishnet::{self, Artist, PhishNet};
use elmeg_importers::{HttpSettings, ShowDate, SourceKind};

use super::missing_key;
use super::{plural, store, year_plan, Progress, SourceOutcome, Tally};
use crate::cache::Cache;
use crate::config::{BandSpec, Settings};

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    let source = settings.source(SourceKind::Phishnet)?;
    let key = source.api_key.ok_or_else(|| missing_key(settings, band))?;
    let artist = Artist {
        id: band.artist_id.clone().unwrap_or_else(|| Artist::default().id),
        slug: band.artist_slug.clone().unwrap_or_else(|| band.slug.clone()),
    };
    let base_url = source.base_url.as_deref().unwrap_or(phishnet::DEFAULT_BASE_URL);
    let pace = source
        .requests_per_second
        .unwrap_or(phishnet::DEFAULT_REQUESTS_PER_SECOND);
    let client = PhishNet::new(
        base_url,
        &key,
        artist,
        settings.http(SourceKind::Phishnet, HttpSettings::with_pace(pace))?,
    )?;

    progress.stage(&band.slug, "fetching the show list");
    let list = client.show_list().await.wrap_err("cannot fetch the show list")?;
    let known = cache.known_shows(band_id, SourceKind::Phishnet)?;
    let today = ShowDate::today_utc();
    let years = list.years_to_fetch(&known, today);
    let total = years.len() as u64;
    progress.step(&band.slug, 0, total, &year_plan(list.len(), years.len()));

    let covers = client
        .cover_artists(&band.name)
        .await
        .wrap_err("cannot fetch the song list")?;
    let mut tally = Tally::default();
    for (done, year) in years.into_iter().enumerate() {
        let shows = client
            .year(year, &list, &covers, today)
            .await
            .wrap_err_with(|| format!("cannot fetch the setlists of {year}"))?;
        store(cache, band_id, &shows, &mut tally)?;
        let message = format!("{year}: {}", plural(shows.len(), "show"));
        progress.step(&band.slug, done as u64 + 1, total, &message);
    }
    if let Some(stamp) = list.newest_update() {
        cache.set_sync_cursor(band_id, SourceKind::Phishnet, stamp)?;
    }
    Ok(SourceOutcome {
        tally,
        // Shows only the setlist rows named are in the cache, though not in the list.
        listed: list.ids().map(str::to_string).chain(known.into_keys()).collect(),
        requests: client.requests_made(),
        note: None,
        pending: None,
    })
}
