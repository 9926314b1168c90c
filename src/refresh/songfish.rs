//! Songfish: the show list, then the setlists of the years that need them. A
//! first refresh (or `--full`) fetches every year with shows; a later one the
//! current and previous years and any year whose shows were added, removed,
//! moved or given another venue. Nothing new costs at most four requests.

use std::collections::{BTreeSet, HashSet};

use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::songfish::{self, ListedShow, Songfish};
use elmeg_importers::{HttpSettings, ShowDate, SourceKind};

use super::{plural, store, year_plan, Depth, Progress, SourceOutcome, Tally};
use crate::cache::Cache;
use crate::config::{BandSpec, Settings};

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    depth: Depth,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    let needs = |field: &str| {
        eyre!(
            "band `{}` has source = \"songfish\" but no {field}; set it in its [[bands]] entry in {}",
            band.slug,
            settings.config_path.display()
        )
    };
    let base_url = band.base_url.as_deref().ok_or_else(|| needs("base_url"))?;
    let artist_id = band.artist_id.as_deref().ok_or_else(|| needs("artist_id"))?;
    let pace = settings
        .source(SourceKind::Songfish)?
        .requests_per_second
        .unwrap_or(songfish::DEFAULT_REQUESTS_PER_SECOND);
    let client = Songfish::new(
        base_url,
        artist_id,
        settings.http(SourceKind::Songfish, HttpSettings::with_pace(pace))?,
    )?;

    progress.stage(&band.slug, "fetching the show list");
    let list = client.show_list().await.wrap_err("cannot fetch the show list")?;
    let listed = client.listed_shows(&list);
    let stored = cache.show_places(band_id, SourceKind::Songfish)?;
    let today = ShowDate::today_utc();
    let years = years_to_fetch(&listed, &stored, depth, today);
    let total = years.len() as u64;
    progress.step(&band.slug, 0, total, &year_plan(listed.len(), years.len()));

    let mut tally = Tally::default();
    if !years.is_empty() {
        let covers = client.cover_artists().await.wrap_err("cannot fetch the song list")?;
        for (done, year) in years.into_iter().enumerate() {
            let shows = client
                .year(year, &list, &covers, today)
                .await
                .wrap_err_with(|| format!("cannot fetch the setlists of {year}"))?;
            store(cache, band_id, &shows, &mut tally)?;
            progress.step(
                &band.slug,
                done as u64 + 1,
                total,
                &format!("{year}: {}", plural(shows.len(), "show")),
            );
        }
    }
    // A show the site no longer lists is gone from it; an empty list is more
    // likely a fault than a band with no shows, so it removes nothing.
    if !listed.is_empty() {
        let ids: HashSet<&str> = listed.iter().map(|s| s.id.as_str()).collect();
        let gone: Vec<String> = stored.keys().filter(|id| !ids.contains(id.as_str())).cloned().collect();
        cache.remove_shows(band_id, SourceKind::Songfish, &gone)?;
    }
    Ok(SourceOutcome {
        tally,
        listed: listed.into_iter().map(|s| s.id).collect(),
        requests: client.requests_made(),
        note: None,
        pending: None,
    })
}

/// Every listed year on a first or full refresh; otherwise the current and
/// previous years (where the band has shows) and every year a show was added
/// to, removed from, or moved out of, or whose show changed venue.
fn years_to_fetch(
    listed: &[ListedShow],
    stored: &std::collections::HashMap<String, (String, String)>,
    depth: Depth,
    today: ShowDate,
) -> BTreeSet<i32> {
    let listed_years: BTreeSet<i32> = listed.iter().map(|s| s.date.year()).collect();
    if depth == Depth::Full || stored.is_empty() {
        return listed_years;
    }
    let year_of = |date: &str| date.get(..4).and_then(|y| y.parse::<i32>().ok());
    let stored_years: BTreeSet<i32> = stored.values().filter_map(|(d, _)| year_of(d)).collect();
    let mut years: BTreeSet<i32> = [today.year(), today.year() - 1]
        .into_iter()
        .filter(|y| listed_years.contains(y) || stored_years.contains(y))
        .collect();
    let ids: HashSet<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    for show in listed {
        match stored.get(&show.id) {
            None => {
                years.insert(show.date.year());
            }
            Some((date, venue)) => {
                let moved = *date != show.date.to_string();
                let new_venue = show.venue_key.as_ref().is_some_and(|v| v != venue);
                if moved || new_venue {
                    years.insert(show.date.year());
                    years.extend(year_of(date));
                }
            }
        }
    }
    for (id, (date, _)) in stored {
        if !ids.contains(id.as_str()) {
            years.extend(year_of(date));
        }
    }
    // A year the site no longer lists has nothing to fetch: its shows are removed.
    years.retain(|y| listed_years.contains(y));
    years
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn listed(id: &str, date: &str, venue: &str) -> ListedShow {
        ListedShow {
            id: id.into(),
            date: date.parse().unwrap(),
            venue_key: Some(venue.into()),
        }
    }

    fn stored(rows: &[(&str, &str, &str)]) -> HashMap<String, (String, String)> {
        rows.iter()
            .map(|(id, d, v)| (id.to_string(), (d.to_string(), v.to_string())))
            .collect()
    }

    #[test]
    fn which_years_a_refresh_fetches() {
        let today: ShowDate = "2025-06-01".parse().unwrap();
        let list = [
            listed("1", "2019-05-01", "a"),
            listed("2", "2021-07-01", "b"),
            listed("3", "2024-08-01", "c"),
            listed("4", "2025-05-27", "d"),
        ];
        let all = BTreeSet::from([2019, 2021, 2024, 2025]);
        assert_eq!(years_to_fetch(&list, &HashMap::new(), Depth::Incremental, today), all);
        let same = stored(&[
            ("1", "2019-05-01", "a"),
            ("2", "2021-07-01", "b"),
            ("3", "2024-08-01", "c"),
            ("4", "2025-05-27", "d"),
        ]);
        assert_eq!(years_to_fetch(&list, &same, Depth::Full, today), all);
        assert_eq!(
            years_to_fetch(&list, &same, Depth::Incremental, today),
            BTreeSet::from([2024, 2025]),
            "nothing new: this year and last"
        );
        let changed = stored(&[
            ("1", "2019-05-02", "a"),
            ("2", "2021-07-01", "x"),
            ("4", "2025-05-27", "d"),
            ("9", "2018-01-01", "z"),
        ]);
        assert_eq!(
            years_to_fetch(&list, &changed, Depth::Incremental, today),
            BTreeSet::from([2019, 2021, 2024, 2025]),
            "a moved show, a new venue and a new show; 2018's removed show has nothing to fetch"
        );
    }
}
