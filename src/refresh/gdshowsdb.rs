//! gdshowsdb: the 31 year files, from the copy built into the binary (no
//! network, no key) or, when `commit` or `base_url` is set, fetched from that
//! commit. Each year is one transaction; unchanged shows are left as they are,
//! so a rerun after a kill ends where a whole run would.

use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::gdshowsdb::{self, embedded, GdShowsDb};
use elmeg_importers::{HttpSettings, Show, SourceKind};

use super::{store, Progress, SourceOutcome, Tally};
use crate::cache::Cache;
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
/// whole data set is one answer, written in well under a second (each page of
/// the cache is then written once, not once a year).
fn load_embedded(
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    progress.stage(&band.slug, "reading the built-in gdshowsdb");
    let shows: Vec<Show> = embedded::shows_by_year()
        .map_err(|e| eyre!(e))?
        .into_iter()
        .flat_map(|(_, shows)| shows)
        .collect();
    progress.stage(&band.slug, &format!("writing {} shows", shows.len()));
    let mut batches = Batches::default();
    batches.write(cache, band_id, &shows)?;
    Ok(batches.outcome(0))
}

/// Years written so far, and what they did.
#[derive(Default)]
struct Batches {
    tally: Tally,
    listed: Vec<String>,
}

impl Batches {
    fn write(&mut self, cache: &mut Cache, band_id: i64, shows: &[Show]) -> Result<()> {
        store(cache, band_id, shows, &mut self.tally)?;
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
