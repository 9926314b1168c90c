//! Writes. Each show goes in with its sets and performances in one IMMEDIATE
//! transaction, so a killed refresh leaves every show whole, old or new.

use std::collections::{HashMap, HashSet};

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::{Exclusion, KnownShow, Show, SourceKind};
use rusqlite::{params, OptionalExtension, Transaction};

use super::Cache;
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
                "INSERT INTO bands (slug, name, source) VALUES (?1, ?2, ?3)
                 ON CONFLICT (slug) DO UPDATE SET name = excluded.name, source = excluded.source
                 RETURNING id",
                params![band.slug, band.name, band.source.as_str()],
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
        let tx = self.write_transaction()?;
        let outcome = write_show_in(&tx, band_id, show)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Writes a batch of shows (a source page or a year) in one transaction: a
    /// kill loses the batch in flight, never part of a show.
    pub fn write_shows(&mut self, band_id: i64, shows: &[Show]) -> Result<Vec<WriteOutcome>> {
        let tx = self.write_transaction()?;
        let outcomes = shows
            .iter()
            .map(|show| {
                write_show_in(&tx, band_id, show).wrap_err_with(|| format!("cannot store the show of {}", show.date))
            })
            .collect::<Result<Vec<_>>>()?;
        tx.commit()?;
        Ok(outcomes)
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
    pub fn shift_orders(&self, band_id: i64, source: SourceKind, date: &str, except: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE shows SET order_in_date = order_in_date + 1
             WHERE band_id = ?1 AND source = ?2 AND date = ?3 AND source_id != ?4",
            params![band_id, source.as_str(), date, except],
        )?;
        Ok(())
    }

    /// Gives a stored show another place on its date.
    pub fn set_show_order(&self, band_id: i64, source: SourceKind, source_id: &str, order: u32) -> Result<()> {
        self.conn.execute(
            "UPDATE shows SET order_in_date = ?4 WHERE band_id = ?1 AND source = ?2 AND source_id = ?3",
            params![band_id, source.as_str(), source_id, order],
        )?;
        Ok(())
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
/// unplayed, and the band's counts are stale.
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
    tx.execute("DELETE FROM band_stats WHERE band_id = ?1", [band_id])?;
    Ok(())
}

/// One show's write inside the caller's transaction.
fn write_show_in(tx: &Transaction, band_id: i64, show: &Show) -> Result<WriteOutcome> {
    let hash = content_hash(show);
    let existing: Option<(i64, String)> = tx
        .query_row(
            "SELECT id, content_hash FROM shows WHERE band_id = ?1 AND source = ?2 AND source_id = ?3",
            params![band_id, show.source.as_str(), show.source_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((id, old_hash)) = &existing {
        if *old_hash == hash {
            // The source may touch its stamp without changing anything we keep.
            tx.prepare_cached("UPDATE shows SET source_updated = ?2 WHERE id = ?1")?
                .execute(params![id, show.source_updated])?;
            return Ok(WriteOutcome::Unchanged);
        }
    }

    // The band's stored counts are stale from here; readers count live until rebuilt.
    tx.prepare_cached("DELETE FROM band_stats WHERE band_id = ?1")?
        .execute([band_id])?;
    let venue_key = show.venue.source_id.clone().unwrap_or_else(|| {
        [
            &Some(show.venue.name.clone()),
            &show.venue.city,
            &show.venue.state,
            &show.venue.country,
        ]
        .iter()
        .map(|p| p.as_deref().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("|")
    });
    let venue_id: i64 = tx
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
                show.source.as_str(),
                venue_key,
                show.venue.name,
                show.venue.city,
                show.venue.state,
                show.venue.country,
                show.venue.latitude,
                show.venue.longitude
            ],
            |r| r.get(0),
        )?;
    let tour_id: Option<i64> = match &show.tour {
        None => None,
        Some(tour) => Some(
            tx.prepare_cached(
                "INSERT INTO tours (band_id, source_key, name) VALUES (?1, ?2, ?3)
             ON CONFLICT (band_id, source_key) DO UPDATE SET name = excluded.name
             RETURNING id",
            )?
            .query_row(params![band_id, tour.source_id, tour.name], |r| r.get(0))?,
        ),
    };
    let excluded = show.excluded.map(|e| match e {
        Exclusion::Source => "source",
        Exclusion::Future => "future",
    });
    let show_id: i64 = match existing {
        Some((id, _)) => {
            tx.prepare_cached(
                "UPDATE shows SET date = ?2, order_in_date = ?3, venue_id = ?4, tour_id = ?5, notes = ?6,
                   permalink = ?7, excluded = ?8, source_updated = ?9, content_hash = ?10
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                show.date.to_string(),
                show.order_in_date,
                venue_id,
                tour_id,
                show.notes,
                show.permalink,
                excluded,
                show.source_updated,
                hash
            ])?;
            // Performances go with their sets (ON DELETE CASCADE).
            tx.prepare_cached("DELETE FROM sets WHERE show_id = ?1")?
                .execute([id])?;
            id
        }
        None => tx
            .prepare_cached(
                "INSERT INTO shows (band_id, source, source_id, date, order_in_date, venue_id, tour_id, notes,
                                permalink, excluded, source_updated, content_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
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
            )?,
    };

    {
        let mut insert_set =
            tx.prepare_cached("INSERT INTO sets (show_id, idx, label) VALUES (?1, ?2, ?3) RETURNING id")?;
        let mut upsert_song = tx.prepare_cached(
            "INSERT INTO songs (band_id, source_key, name, slug, original_artist) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (band_id, source_key) DO UPDATE SET
               name = excluded.name, slug = excluded.slug,
               original_artist = COALESCE(excluded.original_artist, songs.original_artist)
             RETURNING id",
        )?;
        let mut insert_performance = tx.prepare_cached(
            "INSERT INTO performances (show_id, set_id, position, song_id, transition, footnote, jamchart,
                                       jamchart_note, guest, tape, duration_secs)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (idx, set) in show.sets.iter().enumerate() {
            let set_id: i64 = insert_set.query_row(params![show_id, idx, set.label.to_string()], |r| r.get(0))?;
            for p in &set.performances {
                let key = song_key(p.song.source_id.as_deref(), &p.song.name);
                let song_id: i64 = upsert_song.query_row(
                    params![band_id, key, p.song.name, p.song.slug, p.song.original_artist],
                    |r| r.get(0),
                )?;
                insert_performance.execute(params![
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
                    p.duration_secs
                ])?;
            }
        }
    }
    Ok(if existing.is_some() {
        WriteOutcome::Updated
    } else {
        WriteOutcome::Added
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
fn content_hash(show: &Show) -> String {
    let mut stamped = show.clone();
    stamped.source_updated = None;
    let bytes = serde_json::to_vec(&stamped).unwrap_or_default();
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{hash:016x}")
}
