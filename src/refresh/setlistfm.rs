//! setlist.fm: a full import pages through the artist's setlists, saving its place
//! after every page so an interrupted one resumes; later refreshes fetch only the
//! setlists edited since the last one. Requests are counted per day, to stop
//! cleanly before the daily limit.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::setlistfm::{self, SetlistFm};
use elmeg_importers::{Show, ShowDate, SourceKind};
use serde::{Deserialize, Serialize};

use super::missing_key;
use super::{Progress, SourceOutcome, Tally};
use crate::cache::Cache;
use crate::config::{BandSpec, Settings};

/// Where the band's setlist.fm sync stands, kept in the cache's sync cursor.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Cursor {
    /// Set while a full import is under way.
    full: Option<FullImport>,
    /// The start of the last refresh that completed: edits since then, less a day
    /// of margin, are fetched next time.
    synced_from: Option<DateTime<Utc>>,
    /// Requests sent on `day` (UTC).
    day: Option<NaiveDate>,
    requests_today: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct FullImport {
    next_page: u64,
    started_at: DateTime<Utc>,
}

/// What a refresh fetches.
enum Mode {
    Full { started_at: DateTime<Utc> },
    Since(DateTime<Utc>),
}

pub(super) async fn run(
    settings: &Settings,
    band: &BandSpec,
    cache: &mut Cache,
    band_id: i64,
    progress: &mut dyn Progress,
) -> Result<SourceOutcome> {
    let config = settings.config_path.display();
    let source = settings.source(SourceKind::Setlistfm)?;
    let key = source.api_key.ok_or_else(|| missing_key(settings, band))?;
    let mbid = band
        .mbid
        .clone()
        .ok_or_else(|| eyre!("band `{}` uses setlist.fm but has no mbid in {config}", band.slug))?;
    let base_url = source.base_url.as_deref().unwrap_or(setlistfm::DEFAULT_BASE_URL);
    let pace = source
        .requests_per_second
        .unwrap_or(setlistfm::DEFAULT_REQUESTS_PER_SECOND);
    let daily_limit = source.requests_per_day.unwrap_or(setlistfm::DEFAULT_REQUESTS_PER_DAY);
    let client = SetlistFm::new(
        base_url,
        &key,
        &mbid,
        settings.http(SourceKind::Setlistfm, setlistfm::http_settings(pace))?,
    )?;

    let mut cursor: Cursor = match cache.sync_cursor(band_id, SourceKind::Setlistfm)? {
        Some(text) => serde_json::from_str(&text).unwrap_or_default(),
        None => Cursor::default(),
    };
    let now = Utc::now();
    if cursor.day != Some(now.date_naive()) {
        cursor.day = Some(now.date_naive());
        cursor.requests_today = 0;
    }
    let today = ShowDate::today_utc();
    let (mode, mut page) = match (&cursor.full, cursor.synced_from) {
        (Some(full), _) => (
            Mode::Full {
                started_at: full.started_at,
            },
            full.next_page,
        ),
        (None, None) => (Mode::Full { started_at: now }, 1),
        (None, Some(synced)) => (Mode::Since(synced - Duration::days(1)), 1),
    };
    match &mode {
        Mode::Full { .. } if page > 1 => {
            progress.stage(&band.slug, &format!("resuming the full import at page {page}"))
        }
        Mode::Full { .. } => progress.stage(&band.slug, "full import"),
        Mode::Since(since) => progress.stage(
            &band.slug,
            &format!("setlists edited since {}", since.format("%Y-%m-%d %H:%M")),
        ),
    }

    let mut tally = Tally::default();
    let mut orders = DateOrders::new(
        cache.show_orders(band_id, SourceKind::Setlistfm)?,
        matches!(mode, Mode::Full { .. }),
    );
    // The daily budget belongs to the key: other bands' requests today count too.
    let others_today: u64 = cache
        .sync_cursors(SourceKind::Setlistfm)?
        .into_iter()
        .filter(|(id, _)| *id != band_id)
        .filter_map(|(_, text)| serde_json::from_str::<Cursor>(&text).ok())
        .filter(|other| other.day == cursor.day)
        .map(|other| other.requests_today)
        .sum();
    let mut note = None;
    let save = |cache: &Cache, cursor: &Cursor| -> Result<()> {
        cache.set_sync_cursor(band_id, SourceKind::Setlistfm, &serde_json::to_string(cursor)?)
    };
    loop {
        if others_today + cursor.requests_today >= daily_limit {
            note = Some(format!(
                "stopped at the daily limit of {daily_limit} setlist.fm requests; run again tomorrow to continue"
            ));
            break;
        }
        let before = client.requests_made();
        let fetched = match mode {
            Mode::Full { .. } => client.artist_page(page, today).await,
            Mode::Since(since) => client.updated_since(since, page, today).await,
        };
        cursor.requests_today += client.requests_made() - before;
        let fetched = match fetched {
            Ok(fetched) => fetched,
            Err(e) => {
                save(cache, &cursor)?;
                return Err(e).wrap_err_with(|| format!("cannot fetch page {page} of setlists"));
            }
        };
        // A full import that finds nothing for the artist is no import: fail,
        // naming the MBID, and keep the band unsynced so the next run starts over.
        let first_page_of_full = matches!(mode, Mode::Full { .. }) && page == 1;
        let empty = fetched.as_ref().is_none_or(|f| f.listed == 0);
        if first_page_of_full && empty {
            save(cache, &cursor)?;
            return Err(eyre!(
                "setlist.fm has no setlists for the MBID {mbid} of band `{}`; check its mbid in {config}",
                band.slug
            ));
        }
        let Some(fetched) = fetched else {
            break; // 404: past the last page, or nothing edited
        };
        // The page in one transaction: its shows, and the moves that place them.
        cache.write_page(band_id, |page| {
            for show in fetched.shows {
                orders.place(show, |placed| match placed {
                    Placed::Write(show) => {
                        tally.record(&show.source_id, page.write(show)?);
                        Ok(())
                    }
                    Placed::MakeRoom { date, except } => page.shift_orders(SourceKind::Setlistfm, &date, &except),
                    Placed::Reorder { source_id, order } => {
                        page.set_show_order(SourceKind::Setlistfm, &source_id, order)
                    }
                })?;
            }
            Ok(())
        })?;
        if let Mode::Full { started_at } = mode {
            cursor.full = Some(FullImport {
                next_page: page + 1,
                started_at,
            });
        }
        save(cache, &cursor)?;
        let last = fetched.last_page.unwrap_or(page).max(page);
        progress.step(
            &band.slug,
            page,
            last,
            &format!("page {page} of {last}: {} setlists", fetched.listed),
        );
        if fetched.listed == 0 || page >= last {
            break;
        }
        page += 1;
    }
    if note.is_none() {
        cursor.full = None;
        cursor.synced_from = Some(match mode {
            Mode::Full { started_at } => started_at,
            Mode::Since(_) => now,
        });
    }
    save(cache, &cursor)?;
    Ok(SourceOutcome {
        tally,
        listed: Vec::new(),
        requests: client.requests_made(),
        note,
        pending: None,
    })
}

/// Orders shows within a date across pages. setlist.fm lists the later of two shows
/// on a date first, and the two may fall on different pages, or different runs of a
/// resumed full import. A show that comes alone keeps the place the cache gave it.
struct DateOrders {
    stored: HashMap<String, (String, u32)>,
    /// This refresh's shows per date, in the order listed.
    listed: HashMap<ShowDate, Vec<Show>>,
    /// A full import lists newest first: a new show on a date the cache already has
    /// is the earlier one. An incremental refresh takes it as the later one.
    full: bool,
}

/// What placing a show asks of the cache.
enum Placed<'a> {
    /// Write this show.
    Write(&'a Show),
    /// Move the date's other stored shows one place later.
    MakeRoom { date: String, except: String },
    /// Give a stored show another place on its date.
    Reorder { source_id: String, order: u32 },
}

impl DateOrders {
    fn new(stored: HashMap<String, (String, u32)>, full: bool) -> Self {
        DateOrders {
            stored,
            listed: HashMap::new(),
            full,
        }
    }

    /// Sets the show's order and hands it to `apply` to write; when its date now has
    /// several shows in this refresh, hands them all over again in their new order.
    fn place(&mut self, mut show: Show, mut apply: impl FnMut(Placed) -> Result<()>) -> Result<()> {
        let date = show.date.to_string();
        let shows = self.listed.entry(show.date).or_default();
        // A setlist repeated across pages is placed once.
        if shows.iter().any(|s| s.source_id == show.source_id) {
            return Ok(());
        }
        if shows.is_empty() {
            let others: Vec<u32> = self
                .stored
                .iter()
                .filter(|(id, (d, _))| *d == date && **id != show.source_id)
                .map(|(_, (_, o))| *o)
                .collect();
            show.order_in_date = match self.stored.get(&show.source_id) {
                Some((d, order)) if *d == date => *order,
                _ if others.is_empty() => 1,
                _ if self.full => {
                    apply(Placed::MakeRoom {
                        date: date.clone(),
                        except: show.source_id.clone(),
                    })?;
                    for (id, (d, o)) in self.stored.iter_mut() {
                        if *d == date && *id != show.source_id {
                            *o += 1;
                        }
                    }
                    1
                }
                _ => others.iter().max().map_or(1, |m| m + 1),
            };
            apply(Placed::Write(&show))?;
            shows.push(show);
            return Ok(());
        }
        shows.push(show);
        // Number the whole date against what is stored: this refresh's shows are
        // listed latest first; the date's other stored shows keep their relative
        // order, after this refresh's in a full import (they came from earlier
        // pages, so later in the day) and before them otherwise.
        let listed: Vec<String> = shows.iter().map(|s| s.source_id.clone()).collect();
        let mut others: Vec<(u32, String)> = self
            .stored
            .iter()
            .filter(|(id, (d, _))| *d == date && !listed.contains(id))
            .map(|(id, (_, o))| (*o, id.clone()))
            .collect();
        others.sort();
        let first_listed = if self.full { 1 } else { others.len() as u32 + 1 };
        let first_other = if self.full { shows.len() as u32 + 1 } else { 1 };
        for (k, (_, id)) in others.iter().enumerate() {
            let order = first_other + k as u32;
            if let Some(stored) = self.stored.get_mut(id) {
                stored.1 = order;
            }
            apply(Placed::Reorder {
                source_id: id.clone(),
                order,
            })?;
        }
        let n = shows.len() as u32;
        for (k, show) in shows.iter_mut().enumerate() {
            show.order_in_date = first_listed + n - 1 - k as u32;
            apply(Placed::Write(show))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(id: &str, date: &str) -> Show {
        Show {
            source: SourceKind::Setlistfm,
            source_id: id.into(),
            date: date.parse().unwrap(),
            order_in_date: 0,
            venue: elmeg_importers::Venue::from_text(None, Some("V"), None, None, None),
            tour: None,
            notes: None,
            permalink: None,
            sets: Vec::new(),
            excluded: None,
            source_updated: None,
        }
    }

    /// Places the shows in turn; every show's final place on the date.
    fn run(stored: &[(&str, u32)], full: bool, listed: &[&str]) -> Vec<(String, u32)> {
        let date = "2023-07-15";
        let stored_map: HashMap<String, (String, u32)> = stored
            .iter()
            .map(|(id, o)| (id.to_string(), (date.to_string(), *o)))
            .collect();
        let mut orders = DateOrders::new(stored_map, full);
        let mut places: HashMap<String, u32> = stored.iter().map(|(id, o)| (id.to_string(), *o)).collect();
        let mut writes = 0;
        for id in listed {
            orders
                .place(show(id, date), |placed| {
                    match placed {
                        Placed::Write(s) => {
                            writes += 1;
                            places.insert(s.source_id.clone(), s.order_in_date);
                        }
                        Placed::Reorder { source_id, order } => {
                            places.insert(source_id, order);
                        }
                        Placed::MakeRoom { except, .. } => {
                            for (id, o) in places.iter_mut() {
                                if *id != except {
                                    *o += 1;
                                }
                            }
                        }
                    }
                    Ok(())
                })
                .unwrap();
        }
        assert!(writes > 0);
        let mut out: Vec<(String, u32)> = places.into_iter().collect();
        out.sort_by_key(|(_, o)| *o);
        out
    }

    #[test]
    fn shows_of_one_date_from_different_runs_get_distinct_places() {
        // A resumed full import: the late show came in an earlier run; this run
        // lists two more of the date, latest first.
        let places = run(&[("late", 1)], true, &["middle", "early"]);
        let ids: Vec<&str> = places.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["early", "middle", "late"]);
        assert_eq!(places.iter().map(|(_, o)| *o).collect::<Vec<_>>(), [1, 2, 3]);
        // An incremental refresh: new shows of a known date come after it.
        let places = run(&[("first", 1)], false, &["third", "second"]);
        assert_eq!(places.iter().map(|(_, o)| *o).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(places[0].0, "first");
    }

    #[test]
    fn a_setlist_repeated_across_pages_is_placed_once() {
        let places = run(&[], true, &["late", "early", "late"]);
        assert_eq!(places, [("early".to_string(), 1), ("late".to_string(), 2)]);
    }
}
