//! Reads: band overviews, setlists by date, and song histories with gaps.
//!
//! Times played and gaps, defined once: a song's history has one row per counted
//! show (see the `counted_shows` view) at which it was played, however often. The
//! band's counted shows are numbered 1..N in date order, then order within the
//! date (stored by every write, see `derived`). A row at show j whose previous row
//! was at show i has gap j − i; the first has none; the current gap is N − the
//! last row's number.

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::Transition;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

use super::Cache;
use crate::config::BandSpec;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandOverview {
    pub slug: String,
    pub name: String,
    pub source: String,
    pub shows: u64,
    pub performances: u64,
    pub songs: u64,
    /// RFC 3339 UTC end of the last successful refresh.
    pub last_refresh: Option<String>,
    /// What a refresh of the band lacks here (`ELMEG_PHISHNET_API_KEY`), for
    /// the explorer; not part of the JSON.
    #[serde(skip)]
    pub needs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetlistShow {
    #[serde(skip)]
    pub id: i64,
    pub band: String,
    pub date: String,
    pub venue: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub tour: Option<String>,
    pub sets: Vec<SetlistSet>,
    pub notes: Option<String>,
    pub permalink: Option<String>,
    pub text: String,
    /// Why the show is kept out of counts (`source` or `future`); not part of the JSON.
    #[serde(skip)]
    pub excluded: Option<String>,
    /// The songs the user saw for the first time here, at an attended show; the
    /// explorer fills it from the user's marks.
    #[serde(skip)]
    pub first_seen: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetlistSet {
    pub label: String,
    pub songs: Vec<SetlistSong>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetlistSong {
    pub name: String,
    /// `","`, `">"`, `"->"`, or `""` at the end of a set.
    pub transition: String,
    pub footnote: Option<String>,
    pub jamchart: bool,
    pub tape: bool,
    // Shown in the explorer; not part of the JSON.
    #[serde(skip)]
    pub song_id: i64,
    #[serde(skip)]
    pub original_artist: Option<String>,
    #[serde(skip)]
    pub guest: Option<String>,
    #[serde(skip)]
    pub jamchart_note: Option<String>,
}

/// A song's history: one row per counted show at which it was played. The JSON
/// keys are the `song --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongHistory {
    pub band: String,
    pub song: String,
    /// Counted shows at which the song was played (once however often in a show).
    pub times_played: u64,
    /// Every time it was played, a show's repeats included.
    pub occurrences: u64,
    pub debut: Option<String>,
    pub last_played: Option<String>,
    pub current_gap: Option<u64>,
    /// The mean and the largest gap between consecutive rows; none with fewer than 2.
    pub average_gap: Option<f64>,
    pub longest_gap: Option<u64>,
    /// Oldest first.
    pub performances: Vec<SongPerformance>,
}

/// One show at which the song was played.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongPerformance {
    #[serde(skip)]
    pub show_id: i64,
    pub date: String,
    pub venue: String,
    pub city: Option<String>,
    /// The set of its first time in the show.
    pub set: String,
    /// Its first 1-based place in the show, counting performances only.
    pub position: u64,
    /// Shows since the previous row (none for the first).
    pub gap: Option<u64>,
    /// How often it was played in the show: 2 or more for a sandwich or a reprise
    /// under the same name.
    pub occurrences: u64,
    /// Every place it had in the show, in order; shown in the explorer.
    #[serde(skip)]
    pub positions: Vec<u64>,
}

/// How a band's last refresh ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshSummaryRow {
    pub band: String,
    pub finished_at: String,
    /// `ok` or `failed`.
    pub outcome: String,
    pub error: Option<String>,
    pub added: u64,
    pub updated: u64,
    pub requests: u64,
}

/// A song of a band, for name matching.
#[derive(Debug, Clone, PartialEq)]
pub struct SongMatch {
    pub id: i64,
    pub name: String,
}

/// `Set 1: A > B, C -> D | Set 2: E | Encore: F`. Tape songs are left out, and so
/// is a set left with no performances; a set's last song carries no mark.
pub fn canonical_text(sets: &[SetlistSet]) -> String {
    sets.iter()
        .filter_map(|set| {
            let songs: Vec<&SetlistSong> = set.songs.iter().filter(|s| !s.tape).collect();
            let (last, rest) = songs.split_last()?;
            let mut line = format!("{}: ", set.label);
            for song in rest {
                line.push_str(&song.name);
                line.push_str(match Transition::from_mark(&song.transition) {
                    Some(Transition::Segue) => " > ",
                    Some(Transition::JamSegue) => " -> ",
                    _ => ", ",
                });
            }
            line.push_str(&last.name);
            Some(line)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// A song's current, average and longest gap, from the numbers of the shows it
/// was played at (ascending, once a show) and the band's count of shows: the one
/// definition, for a song's history and the catalog alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct GapFigures {
    pub current: Option<u64>,
    pub average: Option<f64>,
    pub longest: Option<u64>,
}

pub(super) fn gap_figures(numbers: &[u64], total_shows: u64) -> GapFigures {
    let gaps: Vec<u64> = numbers.windows(2).map(|w| w[1].saturating_sub(w[0])).collect();
    GapFigures {
        current: numbers.last().map(|last| total_shows.saturating_sub(*last)),
        average: (!gaps.is_empty()).then(|| gaps.iter().sum::<u64>() as f64 / gaps.len() as f64),
        longest: gaps.iter().max().copied(),
    }
}

impl Cache {
    pub(super) fn band_id(&self, slug: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT id FROM bands WHERE slug = ?1", [slug], |r| r.get(0))
            .optional()?)
    }

    /// Counts for each band, in the order given; a band never refreshed has zeros.
    /// They are stored, and kept current by every write.
    pub fn band_overviews(&self, bands: &[BandSpec]) -> Result<Vec<BandOverview>> {
        self.snapshot(|cache| cache.band_overviews_now(bands))
    }

    fn band_overviews_now(&self, bands: &[BandSpec]) -> Result<Vec<BandOverview>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.id, r.last_success_finished_at
             FROM bands b LEFT JOIN refreshes r ON r.band_id = b.id WHERE b.slug = ?1",
        )?;
        bands
            .iter()
            .map(|band| {
                let row: Option<(i64, Option<String>)> = stmt
                    .query_row([&band.slug], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let ((shows, performances, songs), last_refresh) = match row {
                    None => ((0, 0, 0), None),
                    Some((id, last)) => (self.counts(id)?, last),
                };
                Ok(BandOverview {
                    slug: band.slug.clone(),
                    name: band.name.clone(),
                    source: band.source.as_str().to_string(),
                    shows,
                    performances,
                    songs,
                    last_refresh,
                    needs: None,
                })
            })
            .collect()
    }

    /// Every stored show of the band on `date`, earliest first.
    pub fn setlists_on(&self, band: &str, date: &str) -> Result<Vec<SetlistShow>> {
        self.snapshot(|cache| cache.setlists_on_now(band, date))
    }

    fn setlists_on_now(&self, band: &str, date: &str) -> Result<Vec<SetlistShow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM shows s JOIN bands b ON b.id = s.band_id
             WHERE b.slug = ?1 AND s.date = ?2
             ORDER BY s.order_in_date, s.id",
        )?;
        let ids = stmt
            .query_map(params![band, date], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        ids.into_iter().filter_map(|id| self.setlist(id).transpose()).collect()
    }

    /// Whether the cache holds any show of the band.
    pub fn has_shows(&self, band: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM shows s JOIN bands b ON b.id = s.band_id WHERE b.slug = ?1)",
            [band],
            |r| r.get(0),
        )?)
    }

    /// The band's show ids in date order, for streaming every setlist.
    pub fn show_ids(&self, band: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM shows s JOIN bands b ON b.id = s.band_id
             WHERE b.slug = ?1 ORDER BY s.date, s.order_in_date, s.id",
        )?;
        let ids = stmt.query_map([band], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Each band's last refresh: (slug, finished at, outcome, error), if any.
    pub fn refresh_records(&self) -> Result<Vec<RefreshSummaryRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.slug, r.finished_at, r.outcome, r.error, r.shows_added, r.shows_updated, r.requests
             FROM refreshes r JOIN bands b ON b.id = r.band_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(RefreshSummaryRow {
                    band: r.get(0)?,
                    finished_at: r.get(1)?,
                    outcome: r.get(2)?,
                    error: r.get(3)?,
                    added: r.get(4)?,
                    updated: r.get(5)?,
                    requests: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// One show, in full, by its row id.
    pub fn setlist(&self, show_id: i64) -> Result<Option<SetlistShow>> {
        self.snapshot(|cache| cache.setlist_now(show_id))
    }

    fn setlist_now(&self, show_id: i64) -> Result<Option<SetlistShow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.slug, s.date, v.name, v.city, v.state, v.country, t.name, s.notes, s.permalink, s.excluded
             FROM shows s JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             LEFT JOIN tours t ON t.id = s.tour_id
             WHERE s.id = ?1",
        )?;
        let show = stmt
            .query_row([show_id], |r| {
                Ok(SetlistShow {
                    id: show_id,
                    band: r.get(0)?,
                    date: r.get(1)?,
                    venue: r.get(2)?,
                    city: r.get(3)?,
                    state: r.get(4)?,
                    country: r.get(5)?,
                    tour: r.get(6)?,
                    sets: Vec::new(),
                    notes: r.get(7)?,
                    permalink: r.get(8)?,
                    text: String::new(),
                    excluded: r.get(9)?,
                    first_seen: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut show) = show else {
            return Ok(None);
        };
        show.sets = self.sets_of(show_id)?;
        show.text = canonical_text(&show.sets);
        Ok(Some(show))
    }

    fn sets_of(&self, show_id: i64) -> Result<Vec<SetlistSet>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT st.idx, st.label, so.name, p.transition, p.footnote, p.jamchart, p.tape,
                    so.id, so.original_artist, p.guest, p.jamchart_note
             FROM sets st
             LEFT JOIN performances p ON p.set_id = st.id
             LEFT JOIN songs so ON so.id = p.song_id
             WHERE st.show_id = ?1
             ORDER BY st.idx, p.position, p.id",
        )?;
        let mut sets: Vec<(i64, SetlistSet)> = Vec::new();
        let mut rows = stmt.query([show_id])?;
        while let Some(r) = rows.next()? {
            let idx: i64 = r.get(0)?;
            if sets.last().is_none_or(|(i, _)| *i != idx) {
                sets.push((
                    idx,
                    SetlistSet {
                        label: r.get(1)?,
                        songs: Vec::new(),
                    },
                ));
            }
            if let Some(name) = r.get::<_, Option<String>>(2)? {
                sets.last_mut().expect("pushed above").1.songs.push(SetlistSong {
                    name,
                    transition: r.get(3)?,
                    footnote: r.get(4)?,
                    jamchart: r.get(5)?,
                    tape: r.get(6)?,
                    song_id: r.get(7)?,
                    original_artist: r.get(8)?,
                    guest: r.get(9)?,
                    jamchart_note: r.get(10)?,
                });
            }
        }
        Ok(sets.into_iter().map(|(_, s)| s).collect())
    }

    /// The band's songs, for matching a name typed by a person.
    pub fn songs_of(&self, band: &str) -> Result<Vec<SongMatch>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT so.id, so.name FROM songs so JOIN bands b ON b.id = so.band_id
             WHERE b.slug = ?1 ORDER BY so.name",
        )?;
        let songs = stmt
            .query_map([band], |r| {
                Ok(SongMatch {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(songs)
    }

    /// One song by its row id.
    pub fn song(&self, song_id: i64) -> Result<Option<SongMatch>> {
        Ok(self
            .conn
            .query_row("SELECT id, name FROM songs WHERE id = ?1", [song_id], |r| {
                Ok(SongMatch {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Every counted show at which a song was played, in date order, with gaps.
    /// The count of shows and the numbered rows are read in one snapshot.
    pub fn song_history(&self, band: &str, song: &SongMatch) -> Result<SongHistory> {
        self.snapshot(|cache| cache.song_history_now(band, song))
    }

    fn song_history_now(&self, band: &str, song: &SongMatch) -> Result<SongHistory> {
        self.history_of(band, &song.name, &[song.id])
    }

    /// The history of a band's songs taken as one (a song the source lists under
    /// two spellings), named `name`. Runs inside a snapshot.
    pub(super) fn history_of(&self, band: &str, name: &str, song_ids: &[i64]) -> Result<SongHistory> {
        let band_id = self.band_id(band)?.unwrap_or(-1);
        let (total_shows, ..) = self.counts(band_id)?;
        // Each row's show number and place in the show are stored (see `derived`).
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.n, s.date, v.name, v.city, st.label, p.place, s.id
             FROM performances p
             JOIN show_numbers n ON n.show_id = p.show_id
             JOIN sets st ON st.id = p.set_id
             JOIN shows s ON s.id = p.show_id
             JOIN venues v ON v.id = s.venue_id
             WHERE p.song_id = ?2 AND p.tape = 0 AND n.band_id = ?1
             ORDER BY n.n, p.place",
        )?;
        let mut rows: Vec<(u64, SongPerformance)> = Vec::new();
        for song_id in song_ids {
            let read = stmt
                .query_map(params![band_id, song_id], |r| {
                    Ok((
                        r.get::<_, u64>(0)?,
                        SongPerformance {
                            show_id: r.get(6)?,
                            date: r.get(1)?,
                            venue: r.get(2)?,
                            city: r.get(3)?,
                            set: r.get(4)?,
                            position: r.get(5)?,
                            gap: None,
                            occurrences: 1,
                            positions: vec![r.get(5)?],
                        },
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()
                .wrap_err_with(|| format!("cannot read the history of {name}"))?;
            rows.extend(read);
        }
        if song_ids.len() > 1 {
            rows.sort_by_key(|(n, p)| (*n, p.position));
        }

        // One row per show: a show's further times join its first row.
        let occurrences = rows.len() as u64;
        let mut numbered: Vec<(u64, SongPerformance)> = Vec::with_capacity(rows.len());
        for (show_number, perf) in rows {
            match numbered.last_mut() {
                Some((n, first)) if *n == show_number => {
                    first.occurrences += 1;
                    first.positions.push(perf.position);
                }
                _ => numbered.push((show_number, perf)),
            }
        }
        let numbers: Vec<u64> = numbered.iter().map(|(n, _)| *n).collect();
        let mut previous: Option<u64> = None;
        let performances: Vec<SongPerformance> = numbered
            .into_iter()
            .map(|(show_number, mut perf)| {
                perf.gap = previous.map(|p| show_number.saturating_sub(p));
                previous = Some(show_number);
                perf
            })
            .collect();
        let figures = gap_figures(&numbers, total_shows);
        Ok(SongHistory {
            band: band.to_string(),
            song: name.to_string(),
            times_played: performances.len() as u64,
            occurrences,
            debut: performances.first().map(|p| p.date.clone()),
            last_played: performances.last().map(|p| p.date.clone()),
            current_gap: figures.current,
            average_gap: figures.average,
            longest_gap: figures.longest,
            performances,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn song(name: &str, transition: &str, tape: bool) -> SetlistSong {
        SetlistSong {
            name: name.into(),
            transition: transition.into(),
            footnote: None,
            jamchart: false,
            tape,
            song_id: 0,
            original_artist: None,
            guest: None,
            jamchart_note: None,
        }
    }

    #[test]
    fn canonical_text_marks_segues_and_drops_tapes() {
        let sets = vec![
            SetlistSet {
                label: "Set 1".into(),
                songs: vec![
                    song("A", ">", false),
                    song("B", ",", false),
                    song("C", "->", false),
                    song("D", ">", false),
                ],
            },
            SetlistSet {
                label: "Set 2".into(),
                songs: vec![song("Intro", ",", true)],
            },
            SetlistSet {
                label: "Set 3".into(),
                songs: vec![song("E", "", false), song("Outro", "", true)],
            },
            SetlistSet {
                label: "Encore".into(),
                songs: vec![song("F", "", false)],
            },
        ];
        assert_eq!(canonical_text(&sets), "Set 1: A > B, C -> D | Set 3: E | Encore: F");
        assert_eq!(canonical_text(&[]), "");
    }
}
