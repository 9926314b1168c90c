//! The user's attended shows (their marks, from `mine`) as the cache knows
//! them: which show each mark names, and what the user saw there. The scope of
//! every figure is the attended shows that are in the cache and counted; within a
//! show a song counts once and a tape is no performance, as in a song's history.

use std::collections::{HashMap, HashSet};

use color_eyre::eyre::Result;
use rusqlite::OptionalExtension;
use serde::Serialize;

use super::browse::{show_row_at, ShowRow, SHOW_COLUMNS};
use super::Cache;
use crate::mine::Mark;

/// Songs played this often or more and never seen are the user's "chasers".
pub const CHASER_MIN_PLAYS: u64 = 10;

/// A mark and the show it names, if the cache holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendedShow {
    pub mark: Mark,
    pub show: Option<ShowRow>,
}

/// The JSON keys are the `attended list --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendedRow {
    pub band: String,
    pub date: String,
    pub order: u32,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub in_cache: bool,
}

impl From<&AttendedShow> for AttendedRow {
    fn from(a: &AttendedShow) -> Self {
        AttendedRow {
            band: a.mark.band.clone(),
            date: a.mark.date.to_string(),
            order: a.mark.order,
            venue: a.show.as_ref().map(|s| s.venue.clone()),
            city: a.show.as_ref().and_then(|s| s.city.clone()),
            in_cache: a.show.is_some(),
        }
    }
}

/// The JSON keys are the `attended stats --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttendedStats {
    /// Attended shows in scope: in the cache and counted.
    pub shows: u64,
    pub bands: Vec<BandShows>,
    /// Most seen first.
    pub songs_seen: Vec<SongSeen>,
    /// Songs played at least [`CHASER_MIN_PLAYS`] times and never seen, most played first.
    pub never_seen: Vec<SongChased>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandShows {
    pub band: String,
    pub shows: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongSeen {
    pub band: String,
    pub song: String,
    pub times_seen: u64,
    pub first_seen: String,
    pub last_seen: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongChased {
    pub band: String,
    pub song: String,
    pub times_played: u64,
}

/// One song as the user saw it: at how many attended shows, first and last.
struct Caught {
    times: u64,
    first: String,
    last: String,
}

/// The shows that the marks in `?1` (see [`marks_json`]) name, `m.key` being
/// the mark's index: one query over them all, each found by the (band, date,
/// order) index. CROSS JOIN keeps the marks the outer loop: SQLite cannot see
/// how few they are and would scan every show instead.
const MARKED_SHOWS: &str = "FROM json_each(?1) m
     CROSS JOIN bands b ON b.slug = json_extract(m.value, '$[0]')
     CROSS JOIN shows s ON s.band_id = b.id
          AND s.date = json_extract(m.value, '$[1]')
          AND s.order_in_date = json_extract(m.value, '$[2]')";

/// The marks as the JSON array [`MARKED_SHOWS`] reads: `[band, date, order]` each.
fn marks_json(marks: &[Mark]) -> Result<String> {
    let triples: Vec<(&str, String, u32)> = marks
        .iter()
        .map(|m| (m.band.as_str(), m.date.to_string(), m.order))
        .collect();
    Ok(serde_json::to_string(&triples)?)
}

/// A counted attended show: its id and date.
struct Seen {
    show_id: i64,
    date: String,
}

impl Cache {
    /// Each mark with the show it names, in the marks' order (of two shows a
    /// mark could name, the first stored).
    pub fn attended_shows(&self, marks: &[Mark]) -> Result<Vec<AttendedShow>> {
        let sql =
            format!("SELECT m.key, {SHOW_COLUMNS} {MARKED_SHOWS} JOIN venues v ON v.id = s.venue_id ORDER BY s.id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut shows: Vec<Option<ShowRow>> = vec![None; marks.len()];
        let mut rows = stmt.query([marks_json(marks)?])?;
        while let Some(r) = rows.next()? {
            let at: usize = r.get(0)?;
            if shows[at].is_none() {
                shows[at] = Some(show_row_at(r, 1)?);
            }
        }
        Ok(marks
            .iter()
            .cloned()
            .zip(shows)
            .map(|(mark, show)| AttendedShow { mark, show })
            .collect())
    }

    /// The ids of the cached shows that `marks` name: read at every start, so
    /// the ids only.
    pub fn attended_ids(&self, marks: &[Mark]) -> Result<HashSet<i64>> {
        let mut stmt = self.conn.prepare_cached(&format!("SELECT s.id {MARKED_SHOWS}"))?;
        let ids = stmt
            .query_map([marks_json(marks)?], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The mark that names a cached show.
    pub fn mark_of(&self, show_id: i64) -> Result<Option<Mark>> {
        let found = self
            .conn
            .query_row(
                "SELECT b.slug, s.date, s.order_in_date FROM shows s JOIN bands b ON b.id = s.band_id
                 WHERE s.id = ?1",
                [show_id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?)),
            )
            .optional()?;
        Ok(found.and_then(|(band, date, order)| Some(Mark::new(&band, date.parse().ok()?, order))))
    }

    /// The attended shows of `band` that are counted, oldest first.
    fn counted_attended(&self, band: &str, marks: &[Mark]) -> Result<Vec<Seen>> {
        let of_band: Vec<Mark> = marks.iter().filter(|m| m.band == band).cloned().collect();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT s.id, s.date {MARKED_SHOWS} JOIN show_numbers n ON n.show_id = s.id ORDER BY s.date, s.id"
        ))?;
        let seen = stmt
            .query_map([marks_json(&of_band)?], |r| {
                Ok(Seen {
                    show_id: r.get(0)?,
                    date: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(seen)
    }

    /// The songs of each of `shows`, once a show, tapes left out: (show, song) pairs.
    fn songs_at(&self, shows: &[i64]) -> Result<Vec<(i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT p.show_id, p.song_id FROM json_each(?1) j
             CROSS JOIN performances p ON p.show_id = j.value
             WHERE p.tape = 0",
        )?;
        let pairs = stmt
            .query_map([serde_json::to_string(shows)?], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(pairs)
    }

    /// The counted attended shows of `band`, and each song the user saw there.
    fn seen_of(&self, band: &str, marks: &[Mark]) -> Result<(u64, HashMap<i64, Caught>)> {
        let shows = self.counted_attended(band, marks)?;
        let ids: Vec<i64> = shows.iter().map(|s| s.show_id).collect();
        let mut songs_of: HashMap<i64, Vec<i64>> = HashMap::new();
        for (show, song) in self.songs_at(&ids)? {
            songs_of.entry(show).or_default().push(song);
        }
        let mut seen: HashMap<i64, Caught> = HashMap::new();
        // In date order, so that the first show a song is met at is its first.
        for show in &shows {
            for &song in songs_of.get(&show.show_id).into_iter().flatten() {
                let caught = seen.entry(song).or_insert_with(|| Caught {
                    times: 0,
                    first: show.date.clone(),
                    last: String::new(),
                });
                caught.times += 1;
                caught.last = show.date.clone();
            }
        }
        Ok((shows.len() as u64, seen))
    }

    /// What the user saw and still chases: of one band, or of every band they saw.
    pub fn attended_stats(&self, marks: &[Mark], band: Option<&str>) -> Result<AttendedStats> {
        self.snapshot(|cache| {
            let mut bands: Vec<String> = marks
                .iter()
                .map(|m| m.band.clone())
                .filter(|b| band.is_none_or(|only| only == b))
                .collect();
            bands.sort();
            bands.dedup();
            let mut stats = AttendedStats {
                shows: 0,
                bands: Vec::new(),
                songs_seen: Vec::new(),
                never_seen: Vec::new(),
            };
            for band in bands {
                let (shows, seen) = cache.seen_of(&band, marks)?;
                if shows == 0 {
                    continue;
                }
                stats.shows += shows;
                stats.bands.push(BandShows {
                    band: band.clone(),
                    shows,
                });
                let catalog = cache.song_catalog(&band)?;
                for song in &catalog {
                    match seen.get(&song.song_id) {
                        Some(caught) => stats.songs_seen.push(SongSeen {
                            band: band.clone(),
                            song: song.name.clone(),
                            times_seen: caught.times,
                            first_seen: caught.first.clone(),
                            last_seen: caught.last.clone(),
                        }),
                        None if song.times_played >= CHASER_MIN_PLAYS => stats.never_seen.push(SongChased {
                            band: band.clone(),
                            song: song.name.clone(),
                            times_played: song.times_played,
                        }),
                        None => {}
                    }
                }
            }
            let by_name = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase());
            stats.songs_seen.sort_by(|a, b| {
                b.times_seen
                    .cmp(&a.times_seen)
                    .then_with(|| by_name(&a.song, &b.song))
                    .then_with(|| a.band.cmp(&b.band))
            });
            stats.never_seen.sort_by(|a, b| {
                b.times_played
                    .cmp(&a.times_played)
                    .then_with(|| by_name(&a.song, &b.song))
                    .then_with(|| a.band.cmp(&b.band))
            });
            Ok(stats)
        })
    }

    /// The songs of an attended show that the user saw there for the first time
    /// (at no earlier attended show). None for a show that is not attended or not counted.
    pub fn first_seen_at(&self, show_id: i64, marks: &[Mark]) -> Result<Vec<i64>> {
        let Some(mark) = self.mark_of(show_id)? else {
            return Ok(Vec::new());
        };
        if !marks.contains(&mark) {
            return Ok(Vec::new());
        }
        let shows = self.counted_attended(&mark.band, marks)?;
        let Some(at) = shows.iter().position(|s| s.show_id == show_id) else {
            return Ok(Vec::new());
        };
        let before: Vec<i64> = shows[..at].iter().map(|s| s.show_id).collect();
        let before: HashSet<i64> = self.songs_at(&before)?.into_iter().map(|(_, song)| song).collect();
        let here = self.songs_at(&[show_id])?.into_iter().map(|(_, song)| song);
        Ok(here.filter(|s| !before.contains(s)).collect())
    }

    /// How many of the user's attended, counted shows of `band` had the song.
    pub fn times_seen(&self, band: &str, song_id: i64, marks: &[Mark]) -> Result<u64> {
        let (_, seen) = self.seen_of(band, marks)?;
        Ok(seen.get(&song_id).map_or(0, |c| c.times))
    }
}
