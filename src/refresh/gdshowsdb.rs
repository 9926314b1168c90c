//! gdshowsdb: the 31 year files, from the copy built into the binary (no
//! network, no key) or, when `commit` or `base_url` is set, fetched from that
//! commit. Each year is one transaction; unchanged shows are left as they are,
//! so a rerun after a kill ends where a whole run would.

use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::gdshowsdb::{self, embedded, GdShowsDb};
use elmeg_importers::{HttpSettings, Show, SourceKind};

use super::{store_in, Progress, SourceOutcome, Tally};
use crate::cache::{plural, Cache, Page};
use crate::config::{BandSpec, Settings};

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    if settings.reads_embedded_gdshowsdb(band)? {
        return load_embedded(band, cache, band_id, progress);
    }
    let source = settings.source(SourceKind::Gdshowsdb)?;
    let base_url = match source.base_url {
        Some(url) => url,
        None => gdshowsdb::default_base_url(source.commit.as_deref().unwrap_or(gdshowsdb::DEFAULT_COMMIT)),
    };
    let pace = source
        .requests_per_second
        .unwrap_or(gdshowsdb::DEFAULT_REQUESTS_PER_SECOND);
    let client = GdShowsDb::new(
        &base_url,
        settings.http(SourceKind::Gdshowsdb, HttpSettings::with_pace(pace))?,
    )?;

    let years = gdshowsdb::YEARS.count() as u64;
    let mut batches = Batches::default();
    for (i, year) in gdshowsdb::YEARS.enumerate() {
        let shows = client
            .year(year)
            .await
            .wrap_err_with(|| format!("cannot fetch the shows of {year}"))?;
        batches.write(cache, band_id, &shows)?;
        progress.step(
            &band.slug,
            i as u64 + 1,
            years,
            &format!("{year}: {} shows", shows.len()),
        );
    }
    Ok(batches.outcome(client.requests_made()))
}

/// The copy built into the binary: 0 requests, and one transaction, since the
/// whole data set is one answer (each page of the cache is then written once,
/// not once a year). Each year is written while the next ones parse.
fn load_embedded(
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    progress.stage(&band.slug, "reading the built-in gdshowsdb");
    let years = embedded::years().map_err(|e| eyre!(e))?;
    let mut batches = Batches::default();
    cache.write_page(band_id, |page| {
        for year in years {
            let (year, shows) = year.map_err(|e| eyre!(e))?;
            progress.stage(&band.slug, &format!("{year}: {}", plural(shows.len(), "show")));
            batches.write_in(page, &shows)?;
        }
        Ok(())
    })?;
    Ok(batches.outcome(0))
}

/// Years written so far, and what they did.
#[derive(Default)]
struct Batches {
    tally: Tally,
    listed: Vec<String>,
}

impl Batches {
    /// A year in a transaction of its own.
    fn write(&mut self, cache: &mut Cache, band_id: i64, shows: &[Show]) -> Result<()> {
        cache.write_page(band_id, |page| self.write_in(page, shows))
    }

    /// A year inside the caller's transaction.
    fn write_in(&mut self, page: &mut Page, shows: &[Show]) -> Result<()> {
        store_in(page, shows, &mut self.tally)?;
        self.listed.extend(shows.iter().map(|s| s.source_id.clone()));
        Ok(())
    }

    fn outcome(self, requests: u64) -> SourceOutcome {
        SourceOutcome {
            tally: self.tally,
            listed: self.listed,
            requests,
            note: None,
            pending: None,
        }
    }
}
