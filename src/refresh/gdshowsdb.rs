//! gdshowsdb: the 31 year files of a pinned commit, every refresh. Unchanged shows
//! are left as they are, so a rerun after a kill ends where a whole run would.

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::gdshowsdb::{self, GdShowsDb};
use elmeg_importers::{HttpSettings, SourceKind};

use super::{Progress, SourceOutcome, Tally};
use crate::cache::Cache;
use crate::config::{BandSpec, Settings};

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    let source = settings.source(SourceKind::Gdshowsdb)?;
    let base_url = match source.base_url {
        Some(url) => url,
        None => gdshowsdb::default_base_url(source.commit.as_deref().unwrap_or(gdshowsdb::DEFAULT_COMMIT)),
    };
    let pace = source
        .requests_per_second
        .unwrap_or(gdshowsdb::DEFAULT_REQUESTS_PER_SECOND);
    let client = GdShowsDb::new(&base_url, HttpSettings::with_pace(pace))?;

    let years = gdshowsdb::YEARS.count() as u64;
    let mut tally = Tally::default();
    let mut listed = Vec::new();
    for (i, year) in gdshowsdb::YEARS.enumerate() {
        let shows = client
            .year(year)
            .await
            .wrap_err_with(|| format!("cannot fetch the shows of {year}"))?;
        for show in &shows {
            let outcome = cache
                .write_show(band_id, show)
                .wrap_err_with(|| format!("cannot store the show of {}", show.date))?;
            tally.record(&show.source_id, outcome);
            listed.push(show.source_id.clone());
        }
        progress.step(
            &band.slug,
            i as u64 + 1,
            years,
            &format!("{year}: {} shows", shows.len()),
        );
    }
    Ok(SourceOutcome {
        tally,
        listed,
        requests: client.requests_made(),
        note: None,
    })
}
