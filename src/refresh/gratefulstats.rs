//! Grateful Stats: check the key, list 31 years, then fetch only the shows the
//! cache lacks, so a killed import resumes and a complete cache costs the key
//! check and the year lists.

use std::collections::HashSet;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::gratefulstats::{self, GratefulStats, ListedShow};
use elmeg_importers::{ShowDate, SourceKind};

use super::missing_key;
use super::{plural, Progress, SourceOutcome, Tally};
use crate::cache::Cache;
use crate::config::{BandSpec, Settings};

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    let source = settings.source(SourceKind::Gratefulstats)?;
    let (Some(key), Some(user)) = (source.api_key, source.user_id) else {
        return Err(missing_key(settings, band));
    };
    let base_url = source.base_url.as_deref().unwrap_or(gratefulstats::DEFAULT_BASE_URL);
    let pace = source
        .requests_per_second
        .unwrap_or(gratefulstats::DEFAULT_REQUESTS_PER_SECOND);
    let client = GratefulStats::new(
        base_url,
        &key,
        &user,
        settings.http(SourceKind::Gratefulstats, gratefulstats::http_settings(pace))?,
    )?;

    progress.stage(&band.slug, "checking the key");
    client.validate_key().await?;

    let years = gratefulstats::YEARS.count() as u64;
    let mut listed: Vec<(ListedShow, ShowDate, u32)> = Vec::new();
    for (i, year) in gratefulstats::YEARS.enumerate() {
        let shows = client
            .year(year)
            .await
            .wrap_err_with(|| format!("cannot fetch the show list of {year}"))?;
        listed.extend(
            gratefulstats::order_year(&shows)
                .into_iter()
                .map(|(show, date, order)| (show.clone(), date, order)),
        );
        progress.step(&band.slug, i as u64 + 1, years, &format!("show list of {year}"));
    }

    // A show stored without a setlist (its details were `[]` or a 404) is asked
    // for again: the service may have it now.
    let known: HashSet<String> = cache.shows_with_setlists(band_id, SourceKind::Gratefulstats)?;
    let to_fetch: Vec<&(ListedShow, ShowDate, u32)> = listed
        .iter()
        .filter(|(show, ..)| !known.contains(&show.show_id))
        .collect();
    let total = to_fetch.len() as u64;
    let mut tally = Tally::default();
    let mut without_setlist = 0;
    for (i, (show, date, order)) in to_fetch.into_iter().enumerate() {
        let details = client
            .details(&show.show_id)
            .await
            .wrap_err_with(|| format!("cannot fetch the show of {date}"))?;
        let built = gratefulstats::build_show(show, *date, *order, details.as_ref());
        without_setlist += usize::from(built.sets.is_empty());
        let outcome = cache
            .write_show(band_id, &built)
            .wrap_err_with(|| format!("cannot store the show of {date}"))?;
        tally.record(&built.source_id, outcome);
        let venue = show.venue.as_deref().unwrap_or("");
        progress.step(&band.slug, i as u64 + 1, total, &format!("shows: {date} {venue}"));
    }
    Ok(SourceOutcome {
        tally,
        listed: listed.into_iter().map(|(show, ..)| show.show_id).collect(),
        requests: client.requests_made(),
        note: None,
        pending: (without_setlist > 0).then(|| {
            format!(
                "{} without a setlist yet; asked for again on the next refresh",
                plural(without_setlist, "show")
            )
        }),
    })
}
