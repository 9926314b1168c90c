//! Writes. Shows go in by batches (a source page or a year), each batch in one
//! IMMEDIATE transaction with its shows' sets and performances and the band's
//! show numbers and counts, so a killed refresh leaves every show whole, old or
//! new, and the counts right.

use std::collections::{HashMap, HashSet};

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::{Exclusion, KnownShow, Show, Song, SourceKind, Venue};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::Serialize;

use super::bands::SourceIds;
use super::{derived, Cache};
use crate::config::BandSpec;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Added,
    Updated,
    Unchanged,
}

/// What the cache holds of a band's shows from one source, by source id.
pub type KnownShows = HashMap<String, KnownShow>;

/// The end of one band's refresh, successful or not.
#[derive(Debug, Clone, Default)]
pub struct RefreshRecord {
    pub started_at: String,
    pub finished_at: String,
    /// `None` on success; the one-line reason on failure.
    pub error: Option<String>,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub requests: u64,
}

impl Cache {
    /// The band's row id, creating or renaming the row as the registry says.
    pub fn ensure_band(&self, band: &BandSpec) -> Result<i64> {
        self.conn
            .query_row(
                "INSERT INTO bands (slug, name, source, source_ids) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (slug) DO UPDATE
                 SET name = excluded.name, source = excluded.source, source_ids = excluded.source_ids
                 RETURNING id",
                params![band.slug, band.name, band.source.as_str(), SourceIds::json_of(band)],
                |r| r.get(0),
            )
            .wrap_err_with(|| format!("cannot record band {} in the cache", band.slug))
    }

    pub fn known_shows(&self, band_id: i64, source: SourceKind) -> Result<KnownShows> {
        let mut stmt = self
            .conn
            .prepare("SELECT source_id, source_updated, excluded FROM shows WHERE band_id = ?1 AND source = ?2")?;
        let rows = stmt.query_map(params![band_id, source.as_str()], |r| {
            let excluded: Option<String> = r.get(2)?;
            Ok((
                r.get::<_, String>(0)?,
                KnownShow {
                    source_updated: r.get(1)?,
                    awaiting_setlist: excluded.as_deref() == Some("future"),
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The source ids of the band's stored shows that have a setlist.
    pub fn shows_with_setlists(&self, band_id: i64, source: SourceKind) -> Result<HashSet<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT source_id FROM shows s WHERE band_id = ?1 AND source = ?2
               AND EXISTS (SELECT 1 FROM sets WHERE sets.show_id = s.id)",
        )?;
        let rows = stmt.query_map(params![band_id, source.as_str()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Inserts or replaces one show. A show whose content is as stored is left alone.
    pub fn write_show(&mut self, band_id: i64, show: &Show) -> Result<WriteOutcome> {
        let outcomes = self.write_shows(band_id, std::slice::from_ref(show))?;
        Ok(outcomes[0])
    }

    /// Writes a batch of shows (a source page or a year) in one transaction: a
    /// kill loses the batch in flight, never part of a show. The band's show
    /// numbers and counts are brought up to date in the same transaction.
    pub fn write_shows(&mut self, band_id: i64, shows: &[Show]) -> Result<Vec<WriteOutcome>> {
        self.write_page(band_id, |page| shows.iter().map(|show| page.write(show)).collect())
    }

    /// Runs `writes` (a source page's shows, and moves of shows within their
    /// dates) in one transaction, which then brings the band's show numbers and
    /// counts up to date if anything changed, and commits; an error rolls it all back.
    pub fn write_page<T>(&mut self, band_id: i64, writes: impl FnOnce(&mut Page) -> Result<T>) -> Result<T> {
        let tx = self.write_transaction()?;
        let mut page = Page {
            writer: ShowWriter::new(&tx, band_id),
            earliest: None,
        };
        let result = writes(&mut page)?;
        if let Some(earliest) = &page.earliest {
            derived::recount_from(&tx, band_id, earliest)?;
        }
        tx.commit()?;
        Ok(result)
    }

    pub fn record_refresh(&self, band_id: i64, record: &RefreshRecord) -> Result<()> {
        let outcome = if record.error.is_none() { "ok" } else { "failed" };
        self.conn
            .execute(
                "INSERT INTO refreshes (band_id, started_at, finished_at, outcome, error, shows_added, shows_updated,
                                        shows_unchanged, requests, last_success_started_at, last_success_finished_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,
                         CASE WHEN ?5 IS NULL THEN ?2 END, CASE WHEN ?5 IS NULL THEN ?3 END)
                 ON CONFLICT (band_id) DO UPDATE SET
                   started_at = excluded.started_at, finished_at = excluded.finished_at, outcome = excluded.outcome,
                   error = excluded.error, shows_added = excluded.shows_added, shows_updated = excluded.shows_updated,
                   shows_unchanged = excluded.shows_unchanged, requests = excluded.requests,
                   last_success_started_at = COALESCE(excluded.last_success_started_at, refreshes.last_success_started_at),
                   last_success_finished_at = COALESCE(excluded.last_success_finished_at, refreshes.last_success_finished_at)",
                params![
                    band_id,
                    record.started_at,
                    record.finished_at,
                    outcome,
                    record.error,
                    record.added,
                    record.updated,
                    record.unchanged,
                    record.requests
                ],
            )
            .wrap_err("cannot record the refresh in the cache")?;
        Ok(())
    }

    /// Each stored show's date and order within it, by source id.
    pub fn show_orders(&self, band_id: i64, source: SourceKind) -> Result<HashMap<String, (String, u32)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT source_id, date, order_in_date FROM shows WHERE band_id = ?1 AND source = ?2")?;
        let rows = stmt.query_map(params![band_id, source.as_str()], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Drops the band's shows that came from another source than `keep`: after a
    /// band moves to a new source and its first refresh there succeeds.
    pub fn remove_other_sources(&self, band_id: i64, keep: SourceKind) -> Result<usize> {
        let tx = self.write_transaction()?;
        let removed = tx.execute(
            "DELETE FROM shows WHERE band_id = ?1 AND source != ?2",
            params![band_id, keep.as_str()],
        )?;
        forget_orphans(&tx, band_id, removed)?;
        tx.commit()?;
        Ok(removed)
    }

    /// Drops shows the source no longer lists.
    pub fn remove_shows(&self, band_id: i64, source: SourceKind, source_ids: &[String]) -> Result<usize> {
        let tx = self.write_transaction()?;
        let mut removed = 0;
        {
            let mut delete = tx.prepare("DELETE FROM shows WHERE band_id = ?1 AND source = ?2 AND source_id = ?3")?;
            for id in source_ids {
                removed += delete.execute(params![band_id, source.as_str(), id])?;
            }
        }
        forget_orphans(&tx, band_id, removed)?;
        tx.commit()?;
        Ok(removed)
    }

    /// Each stored show's date and venue key, by source id: what a source's show
    /// list is compared with.
    pub fn show_places(&self, band_id: i64, source: SourceKind) -> Result<HashMap<String, (String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.source_id, s.date, v.source_key FROM shows s JOIN venues v ON v.id = s.venue_id
             WHERE s.band_id = ?1 AND s.source = ?2",
        )?;
        let rows = stmt.query_map(params![band_id, source.as_str()], |r| {
            Ok((r.get(0)?, (r.get(1)?, r.get(2)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Moves a date's other shows one place later, to make room for an earlier one.
    pub fn shift_orders(&mut self, band_id: i64, source: SourceKind, date: &str, except: &str) -> Result<()> {
        self.write_page(band_id, |page| page.shift_orders(source, date, except))
    }

    /// Gives a stored show another place on its date.
    pub fn set_show_order(&mut self, band_id: i64, source: SourceKind, source_id: &str, order: u32) -> Result<()> {
        self.write_page(band_id, |page| page.set_show_order(source, source_id, order))
    }

    pub fn sync_cursor(&self, band_id: i64, source: SourceKind) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT cursor FROM sync_cursors WHERE band_id = ?1 AND source = ?2",
                params![band_id, source.as_str()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Every band's cursor for `source`: (band id, cursor).
    pub fn sync_cursors(&self, source: SourceKind) -> Result<Vec<(i64, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT band_id, cursor FROM sync_cursors WHERE source = ?1")?;
        let rows = stmt.query_map([source.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn set_sync_cursor(&self, band_id: i64, source: SourceKind, cursor: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO sync_cursors (band_id, source, cursor) VALUES (?1, ?2, ?3)
             ON CONFLICT (band_id, source) DO UPDATE SET cursor = excluded.cursor",
            params![band_id, source.as_str(), cursor],
        )?;
        Ok(())
    }
}

/// After `removed` shows went: songs and tours only they had would linger,
/// unplayed, and the band's numbers and counts must be brought up to date.
fn forget_orphans(tx: &Transaction, band_id: i64, removed: usize) -> Result<()> {
    if removed == 0 {
        return Ok(());
    }
    tx.execute(
        "DELETE FROM songs WHERE band_id = ?1
           AND NOT EXISTS (SELECT 1 FROM performances p WHERE p.song_id = songs.id)",
        [band_id],
    )?;
    tx.execute(
        "DELETE FROM tours WHERE band_id = ?1
           AND NOT EXISTS (SELECT 1 FROM shows s WHERE s.tour_id = tours.id)",
        [band_id],
    )?;
    derived::recount(tx, band_id)?;
    Ok(())
}

/// One transaction's writes to a band's shows; see [`Cache::write_page`].
pub struct Page<'t> {
    writer: ShowWriter<'t>,
    /// The earliest date a show was added, changed or moved on (or from): the
    /// band's show numbers before it stand.
    earliest: Option<String>,
}

impl Page<'_> {
    /// One show, whole. A show whose content is as stored is left alone.
    pub fn write(&mut self, show: &Show) -> Result<WriteOutcome> {
        let (outcome, old_date) = self
            .writer
            .write(show)
            .wrap_err_with(|| format!("cannot store the show of {}", show.date))?;
        if outcome != WriteOutcome::Unchanged {
            self.touched(show.date.to_string());
            if let Some(old) = old_date {
                self.touched(old);
            }
        }
        Ok(outcome)
    }

    fn touched(&mut self, date: String) {
        if self.earliest.as_ref().is_none_or(|e| date < *e) {
            self.earliest = Some(date);
        }
    }

    /// Moves a date's other shows one place later, to make room for an earlier one.
    pub fn shift_orders(&mut self, source: SourceKind, date: &str, except: &str) -> Result<()> {
        let band_id = self.writer.band_id;
        self.moved(
            "UPDATE shows SET order_in_date = order_in_date + 1
             WHERE band_id = ?1 AND source = ?2 AND date = ?3 AND source_id != ?4 RETURNING date",
            params![band_id, source.as_str(), date, except],
        )
    }

    /// Gives a stored show another place on its date.
    pub fn set_show_order(&mut self, source: SourceKind, source_id: &str, order: u32) -> Result<()> {
        let band_id = self.writer.band_id;
        self.moved(
            "UPDATE shows SET order_in_date = ?4 WHERE band_id = ?1 AND source = ?2 AND source_id = ?3 RETURNING date",
            params![band_id, source.as_str(), source_id, order],
        )
    }

    /// Runs an `UPDATE … RETURNING date` that moves shows within their dates.
    fn moved(&mut self, sql: &str, params: impl rusqlite::Params) -> Result<()> {
        let dates = self
            .writer
            .tx
            .prepare_cached(sql)?
            .query_map(params, |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for date in dates {
            self.touched(date);
        }
        Ok(())
    }
}

/// Writes shows inside one transaction. Songs, venues and tours are looked up
/// once a transaction and written only when new or changed, so a batch of shows
/// that share them writes each page of those tables once, and a rerun none.
struct ShowWriter<'t> {
    tx: &'t Transaction<'t>,
    band_id: i64,
    songs: HashMap<String, (i64, SongRow)>,
    venues: HashMap<(SourceKind, String), (i64, Venue)>,
    tours: HashMap<String, (i64, String)>,
}

/// What the songs table holds of a song besides its key.
#[derive(Clone, PartialEq)]
struct SongRow {
    name: String,
    slug: String,
    original_artist: Option<String>,
}

impl<'t> ShowWriter<'t> {
    fn new(tx: &'t Transaction<'t>, band_id: i64) -> Self {
        ShowWriter {
            tx,
            band_id,
            songs: HashMap::new(),
            venues: HashMap::new(),
            tours: HashMap::new(),
        }
    }

    /// One show, whole, and the date it was stored on before, if it was. A show
    /// whose content is as stored is left alone.
    fn write(&mut self, show: &Show) -> Result<(WriteOutcome, Option<String>)> {
        let (tx, band_id) = (self.tx, self.band_id);
        let hash = content_hash(show);
        let existing: Option<(i64, String, String)> = tx
            .prepare_cached(
                "SELECT id, content_hash, date FROM shows WHERE band_id = ?1 AND source = ?2 AND source_id = ?3",
            )?
            .query_row(params![band_id, show.source.as_str(), show.source_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if let Some((id, old_hash, _)) = &existing {
            if *old_hash == hash {
                // The source may touch its stamp without changing anything we keep.
                tx.prepare_cached("UPDATE shows SET source_updated = ?2 WHERE id = ?1 AND source_updated IS NOT ?2")?
                    .execute(params![id, show.source_updated])?;
                return Ok((WriteOutcome::Unchanged, None));
            }
        }

        let venue_id = self.venue(show.source, &show.venue)?;
        let tour_id = match &show.tour {
            None => None,
            Some(tour) => Some(self.tour(&tour.source_id, &tour.name)?),
        };
        let excluded = show.excluded.map(|e| match e {
            Exclusion::Source => "source",
            Exclusion::Future => "future",
        });
        // One statement for a new show and a changed one; a changed show keeps its row id.
        let show_id: i64 = tx
            .prepare_cached(
                "INSERT INTO shows (band_id, source, source_id, date, order_in_date, venue_id, tour_id, notes,
                                    permalink, excluded, source_updated, content_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
                 ON CONFLICT (band_id, source, source_id) DO UPDATE SET
                   date = excluded.date, order_in_date = excluded.order_in_date, venue_id = excluded.venue_id,
                   tour_id = excluded.tour_id, notes = excluded.notes, permalink = excluded.permalink,
                   excluded = excluded.excluded, source_updated = excluded.source_updated,
                   content_hash = excluded.content_hash
                 RETURNING id",
            )?
            .query_row(
                params![
                    band_id,
                    show.source.as_str(),
                    show.source_id,
                    show.date.to_string(),
                    show.order_in_date,
                    venue_id,
                    tour_id,
                    show.notes,
                    show.permalink,
                    excluded,
                    show.source_updated,
                    hash
                ],
                |r| r.get(0),
            )?;
        if existing.is_some() {
            // Performances go with their sets (ON DELETE CASCADE).
            tx.prepare_cached("DELETE FROM sets WHERE show_id = ?1")?
                .execute([show_id])?;
        }

        let places = places(show);
        for (idx, set) in show.sets.iter().enumerate() {
            let set_id: i64 = tx
                .prepare_cached("INSERT INTO sets (show_id, idx, label) VALUES (?1, ?2, ?3) RETURNING id")?
                .query_row(params![show_id, idx, set.label.to_string()], |r| r.get(0))?;
            for (i, p) in set.performances.iter().enumerate() {
                let song_id = self.song(&p.song)?;
                tx.prepare_cached(
                    "INSERT INTO performances (show_id, set_id, position, song_id, transition, footnote, jamchart,
                                               jamchart_note, guest, tape, duration_secs, place)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    show_id,
                    set_id,
                    p.position,
                    song_id,
                    p.transition.mark(),
                    p.footnote,
                    p.jamchart,
                    p.jamchart_note,
                    p.guest,
                    p.tape,
                    p.duration_secs,
                    places[idx][i]
                ])?;
            }
        }
        Ok(match existing {
            Some((.., old_date)) => (WriteOutcome::Updated, Some(old_date)),
            None => (WriteOutcome::Added, None),
        })
    }

    /// The song's row id. A source that names no original artist keeps the one stored.
    fn song(&mut self, song: &Song) -> Result<i64> {
        let key = song_key(song.source_id.as_deref(), &song.name);
        let wanted = |stored: Option<&SongRow>| SongRow {
            name: song.name.clone(),
            slug: song.slug.clone(),
            original_artist: song
                .original_artist
                .clone()
                .or_else(|| stored.and_then(|s| s.original_artist.clone())),
        };
        if let Some((id, stored)) = self.songs.get(&key) {
            if *stored == wanted(Some(stored)) {
                return Ok(*id);
            }
        }
        let tx = self.tx;
        let stored: Option<(i64, SongRow)> = tx
            .prepare_cached("SELECT id, name, slug, original_artist FROM songs WHERE band_id = ?1 AND source_key = ?2")?
            .query_row(params![self.band_id, key], |r| {
                Ok((
                    r.get(0)?,
                    SongRow {
                        name: r.get(1)?,
                        slug: r.get(2)?,
                        original_artist: r.get(3)?,
                    },
                ))
            })
            .optional()?;
        let row = wanted(stored.as_ref().map(|(_, s)| s));
        let id = match stored {
            Some((id, old)) if old == row => id,
            // New or changed: one upsert for both.
            _ => tx
                .prepare_cached(
                    "INSERT INTO songs (band_id, source_key, name, slug, original_artist) VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (band_id, source_key) DO UPDATE SET
                       name = excluded.name, slug = excluded.slug, original_artist = excluded.original_artist
                     RETURNING id",
                )?
                .query_row(
                    params![self.band_id, key, row.name, row.slug, row.original_artist],
                    |r| r.get(0),
                )?,
        };
        self.songs.insert(key, (id, row));
        Ok(id)
    }

    /// The venue's row id; venues are shared by every band of a source.
    fn venue(&mut self, source: SourceKind, venue: &Venue) -> Result<i64> {
        let key = (source, venue_key(venue));
        if let Some((id, stored)) = self.venues.get(&key) {
            if stored == venue {
                return Ok(*id);
            }
        }
        let tx = self.tx;
        let stored: Option<(i64, Venue)> = tx
            .prepare_cached(
                "SELECT id, name, city, state, country, latitude, longitude FROM venues
                 WHERE source = ?1 AND source_key = ?2",
            )?
            .query_row(params![source.as_str(), key.1], |r| {
                Ok((
                    r.get(0)?,
                    Venue {
                        source_id: venue.source_id.clone(),
                        name: r.get(1)?,
                        city: r.get(2)?,
                        state: r.get(3)?,
                        country: r.get(4)?,
                        latitude: r.get(5)?,
                        longitude: r.get(6)?,
                    },
                ))
            })
            .optional()?;
        let id = match stored {
            Some((id, old)) if old == *venue => id,
            _ => tx
                .prepare_cached(
                    "INSERT INTO venues (source, source_key, name, city, state, country, latitude, longitude)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                     ON CONFLICT (source, source_key) DO UPDATE SET
                       name = excluded.name, city = excluded.city, state = excluded.state, country = excluded.country,
                       latitude = excluded.latitude, longitude = excluded.longitude
                     RETURNING id",
                )?
                .query_row(
                    params![
                        source.as_str(),
                        key.1,
                        venue.name,
                        venue.city,
                        venue.state,
                        venue.country,
                        venue.latitude,
                        venue.longitude
                    ],
                    |r| r.get(0),
                )?,
        };
        self.venues.insert(key, (id, venue.clone()));
        Ok(id)
    }

    fn tour(&mut self, source_key: &str, name: &str) -> Result<i64> {
        if let Some((id, stored)) = self.tours.get(source_key) {
            if stored == name {
                return Ok(*id);
            }
        }
        let tx = self.tx;
        let stored: Option<(i64, String)> = tx
            .prepare_cached("SELECT id, name FROM tours WHERE band_id = ?1 AND source_key = ?2")?
            .query_row(params![self.band_id, source_key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let id = match stored {
            Some((id, old)) if old == name => id,
            _ => tx
                .prepare_cached(
                    "INSERT INTO tours (band_id, source_key, name) VALUES (?1, ?2, ?3)
                     ON CONFLICT (band_id, source_key) DO UPDATE SET name = excluded.name
                     RETURNING id",
                )?
                .query_row(params![self.band_id, source_key, name], |r| r.get(0))?,
        };
        self.tours.insert(source_key.to_string(), (id, name.to_string()));
        Ok(id)
    }
}

/// Each performance's place in the show, by set and then index in the set: 1, 2,
/// … over the performances that are not tapes, in set order and then the
/// source's position (as stored, a tie keeps the source's order); none for a tape.
fn places(show: &Show) -> Vec<Vec<Option<u32>>> {
    let mut next = 0;
    show.sets
        .iter()
        .map(|set| {
            let mut order: Vec<usize> = (0..set.performances.len()).collect();
            order.sort_by_key(|&i| (set.performances[i].position, i));
            let mut places = vec![None; order.len()];
            for i in order.into_iter().filter(|&i| !set.performances[i].tape) {
                next += 1;
                places[i] = Some(next);
            }
            places
        })
        .collect()
}

/// The source's venue id, or, for a source without ids, the name and place joined.
/// Caches from before countries had one name (schema v4): each venue's country
/// under [`elmeg_importers::text::country_name`], and the key of a venue known by
/// its name and place with it, so that the next refresh finds the venue again.
pub(super) fn normalize_countries(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    let mut read =
        conn.prepare("SELECT id, source_key, name, city, state, country FROM venues WHERE country IS NOT NULL")?;
    let venues = read
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                Venue {
                    source_id: None,
                    name: r.get(2)?,
                    city: r.get(3)?,
                    state: r.get(4)?,
                    country: r.get(5)?,
                    latitude: None,
                    longitude: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, key, mut venue) in venues {
        let was = venue.country.clone().unwrap_or_default();
        let now = elmeg_importers::text::country_name(&was);
        if now == was {
            continue;
        }
        let by_parts = key == venue_key(&venue);
        venue.country = Some(now.clone());
        if by_parts {
            // Kept when another row has the new key already.
            conn.execute(
                "UPDATE OR IGNORE venues SET source_key = ?2 WHERE id = ?1",
                params![id, venue_key(&venue)],
            )?;
        }
        conn.execute("UPDATE venues SET country = ?2 WHERE id = ?1", params![id, now])?;
    }
    Ok(())
}

fn venue_key(venue: &Venue) -> String {
    venue.source_id.clone().unwrap_or_else(|| {
        [&Some(venue.name.clone()), &venue.city, &venue.state, &venue.country]
            .iter()
            .map(|p| p.as_deref().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("|")
    })
}

/// Songs are told apart by the source's id where it has one, else by name.
fn song_key(source_id: Option<&str>, name: &str) -> String {
    match source_id {
        Some(id) => format!("id:{id}"),
        None => format!("name:{}", name.to_lowercase()),
    }
}

/// A stable fingerprint of what we store of a show (FNV-1a over its JSON form).
/// The source's own stamp is left out: touching it alone changes nothing we keep.
/// The show is streamed into the hash as it serializes, stamp as `null`: the
/// same bytes as serializing a copy of the show without its stamp, which is how
/// the hashes in existing caches were made, without the copy.
fn content_hash(show: &Show) -> String {
    #[derive(Serialize)]
    struct Unstamped<'a> {
        source: SourceKind,
        source_id: &'a str,
        date: elmeg_importers::ShowDate,
        order_in_date: u32,
        venue: &'a Venue,
        tour: &'a Option<elmeg_importers::Tour>,
        notes: &'a Option<String>,
        permalink: &'a Option<String>,
        sets: &'a [elmeg_importers::Set],
        excluded: Option<Exclusion>,
        source_updated: Option<()>,
    }
    struct Fnv(u64);
    impl std::io::Write for Fnv {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            for b in bytes {
                self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
            }
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let unstamped = Unstamped {
        source: show.source,
        source_id: &show.source_id,
        date: show.date,
        order_in_date: show.order_in_date,
        venue: &show.venue,
        tour: &show.tour,
        notes: &show.notes,
        permalink: &show.permalink,
        sets: &show.sets,
        excluded: show.excluded,
        source_updated: None,
    };
    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    // Serializing these types into a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut hash, &unstamped);
    format!("{:016x}", hash.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Caches written before keep their hashes: the same show hashes as it did
    /// when a copy without its stamp was serialized whole.
    #[test]
    fn the_content_hash_is_the_one_earlier_caches_hold() {
        use elmeg_importers::{Performance, Set, SetLabel, Tour, Transition};
        let performance = |name: &str, position, transition| Performance {
            song: Song {
                source_id: Some(format!("id-{name}")),
                name: name.into(),
                slug: name.to_lowercase(),
                original_artist: Some("Someone".into()),
            },
            position,
            transition,
            footnote: Some("debut".into()),
            jamchart: true,
            jamchart_note: Some("a note".into()),
            guest: Some("A Guest".into()),
            tape: position == 3,
            duration_secs: Some(600),
        };
        let show = Show {
            source: SourceKind::Phishnet,
            source_id: "1252698256".into(),
            date: "1997-11-22".parse().unwrap(),
            order_in_date: 2,
            venue: Venue {
                source_id: Some("42".into()),
                name: "Hampton Coliseum".into(),
                city: Some("Hampton".into()),
                state: Some("VA".into()),
                country: Some("USA".into()),
                latitude: Some(37.04),
                longitude: Some(-76.39),
            },
            tour: Some(Tour {
                source_id: "t1".into(),
                name: "Fall Tour".into(),
            }),
            notes: Some("Notes, with \"quotes\" and ü".into()),
            permalink: Some("https://example.org/show".into()),
            sets: vec![Set {
                label: SetLabel::from("Set 1".to_string()),
                performances: vec![
                    performance("Mike's Song", 1, Transition::JamSegue),
                    performance("Weekapaug Groove", 2, Transition::None),
                    performance("Intro", 3, Transition::Segue),
                ],
            }],
            excluded: Some(Exclusion::Future),
            source_updated: Some("2024-01-01 00:00:00".into()),
        };
        let mut stamped = show.clone();
        stamped.source_updated = None;
        let bytes = serde_json::to_vec(&stamped).unwrap();
        let old = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        assert_eq!(content_hash(&show), format!("{old:016x}"));
        let mut touched = show.clone();
        touched.source_updated = Some("2026-01-01".into());
        assert_eq!(content_hash(&touched), content_hash(&show));
        touched.notes = Some("changed".into());
        assert_ne!(content_hash(&touched), content_hash(&show));
    }
}
