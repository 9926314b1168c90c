//! A band's statistics over a scope (the whole band, a year, a tour): shows,
//! songs, the most played, debuts, bust-outs, openers and closers. Counts and
//! gaps follow the definitions of a song's history (see `query`).

use std::cmp::Reverse;
use std::collections::HashMap;

use color_eyre::eyre::Result;
use elmeg_importers::SetLabel;
use rusqlite::params;
use serde::Serialize;

use super::Cache;

/// Entries kept of each ranking.
pub const MOST_PLAYED: usize = 10;
pub const BUSTOUTS: usize = 10;
pub const OPENERS: usize = 5;

/// Which counted shows the statistics are over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatsScope {
    Band,
    Year(i32),
    /// A tour by name: every tour of the band of that name, in any case.
    Tour(TourMatch),
}

impl StatsScope {
    /// `all`, the year, or the tour's name: the JSON `scope`.
    pub fn label(&self) -> String {
        match self {
            StatsScope::Band => "all".into(),
            StatsScope::Year(year) => year.to_string(),
            StatsScope::Tour(tour) => tour.name.clone(),
        }
    }
}

/// A band's tour, for matching a typed name: the tours of that name, any case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TourMatch {
    pub name: String,
    pub ids: Vec<i64>,
}

/// The JSON keys are the `stats --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScopeStats {
    pub band: String,
    pub scope: String,
    pub shows: u64,
    pub occurrences: u64,
    pub distinct_songs: u64,
    pub most_played: Vec<SongTimes>,
    pub debuts: Vec<SongDate>,
    pub bustouts: Vec<Bustout>,
    pub openers: Vec<SongTimes>,
    pub closers: Vec<SongTimes>,
    /// The first and last counted show in scope, for a title.
    #[serde(skip)]
    pub first: Option<String>,
    #[serde(skip)]
    pub last: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongTimes {
    #[serde(skip)]
    pub song_id: i64,
    pub song: String,
    pub times: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongDate {
    #[serde(skip)]
    pub song_id: i64,
    pub song: String,
    pub date: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bustout {
    #[serde(skip)]
    pub song_id: i64,
    pub song: String,
    pub date: String,
    /// Shows since the song was last played.
    pub gap: u64,
}

/// One performance in scope as the scan reads it, in show-number order.
struct Row {
    song_id: i64,
    place: u64,
    encore: bool,
}

/// The first song of a show's first set and the last before its encore.
#[derive(Default)]
struct Ends {
    opener: Option<(u64, i64, bool)>,
    closer: Option<(u64, i64)>,
}

impl Ends {
    fn see(&mut self, row: &Row) {
        if self.opener.is_none_or(|(place, ..)| row.place < place) {
            self.opener = Some((row.place, row.song_id, row.encore));
        }
        if !row.encore && self.closer.is_none_or(|(place, _)| row.place > place) {
            self.closer = Some((row.place, row.song_id));
        }
    }
}

/// Everything counted while scanning the scope's shows. Shows are kept by
/// number (numbers run in date order), their dates looked up at the end.
#[derive(Default)]
struct Tally {
    /// (number, date) of each show in scope, in order.
    shows: Vec<(u64, String)>,
    occurrences: u64,
    /// Shows in scope each song was played at.
    times: HashMap<i64, u64>,
    /// (show number, place, song).
    debuts: Vec<(u64, u64, i64)>,
    /// (gap, show number, song).
    bustouts: Vec<(u64, u64, i64)>,
    openers: HashMap<i64, u64>,
    closers: HashMap<i64, u64>,
}

impl Tally {
    fn close_show(&mut self, ends: Ends) {
        if let Some((_, song, false)) = ends.opener {
            *self.openers.entry(song).or_default() += 1;
        }
        if let Some((_, song)) = ends.closer {
            *self.closers.entry(song).or_default() += 1;
        }
    }

    /// A performance in scope at show `number`, the song last played before at
    /// show `previous`.
    fn count(&mut self, number: u64, row: &Row, previous: Option<u64>) {
        self.occurrences += 1;
        match previous {
            // Again in the same show: counted once; a debut's place is its first.
            Some(n) if n == number => {
                let debut = self
                    .debuts
                    .iter_mut()
                    .rev()
                    .take_while(|d| d.0 == number)
                    .find(|d| d.2 == row.song_id);
                if let Some(debut) = debut {
                    debut.1 = debut.1.min(row.place);
                }
            }
            Some(n) => {
                *self.times.entry(row.song_id).or_default() += 1;
                self.bustouts.push((number - n, number, row.song_id));
            }
            None => {
                *self.times.entry(row.song_id).or_default() += 1;
                self.debuts.push((number, row.place, row.song_id));
            }
        }
    }

    /// The date of a show in scope.
    fn date(&self, number: u64) -> String {
        self.shows
            .binary_search_by_key(&number, |(n, _)| *n)
            .map(|i| self.shows[i].1.clone())
            .unwrap_or_default()
    }
}

impl Cache {
    /// The band's tours that have counted shows, one entry per name in any case.
    pub fn tours_of(&self, band: &str) -> Result<Vec<TourMatch>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.id, t.name FROM tours t JOIN bands b ON b.id = t.band_id
             WHERE b.slug = ?1 AND EXISTS (SELECT 1 FROM shows s JOIN show_numbers n ON n.show_id = s.id
                                           WHERE s.tour_id = t.id)
             ORDER BY t.name, t.id",
        )?;
        let mut tours: Vec<TourMatch> = Vec::new();
        let mut rows = stmt.query([band])?;
        while let Some(r) = rows.next()? {
            let (id, name): (i64, String) = (r.get(0)?, r.get(1)?);
            match tours.iter_mut().find(|t| t.name.to_lowercase() == name.to_lowercase()) {
                Some(tour) => tour.ids.push(id),
                None => tours.push(TourMatch { name, ids: vec![id] }),
            }
        }
        Ok(tours)
    }

    /// The statistics of the band's counted shows in `scope`.
    pub fn scope_stats(&self, band: &str, scope: &StatsScope) -> Result<ScopeStats> {
        self.snapshot(|cache| cache.scope_stats_now(band, scope))
    }

    fn scope_stats_now(&self, band: &str, scope: &StatsScope) -> Result<ScopeStats> {
        let band_id = self.band_id(band)?.unwrap_or(-1);
        let in_scope = |date: &str, tour_id: Option<i64>| match scope {
            StatsScope::Band => true,
            StatsScope::Year(year) => date.get(..4).and_then(|y| y.parse::<i32>().ok()) == Some(*year),
            StatsScope::Tour(tour) => tour_id.is_some_and(|id| tour.ids.contains(&id)),
        };
        // Every counted show up to the scope's last, in number order: a song's
        // debut and the gap before a bust-out look back before the scope.
        let end = match scope {
            StatsScope::Band => "9999".to_string(),
            StatsScope::Year(year) => format!("{}", year + 1),
            StatsScope::Tour(tour) => self.tour_end(&tour.ids)?,
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.n, s.date, s.tour_id, p.song_id, p.place, st.label
             FROM show_numbers n
             JOIN shows s ON s.id = n.show_id
             JOIN performances p ON p.show_id = n.show_id
             JOIN sets st ON st.id = p.set_id
             WHERE n.band_id = ?1 AND p.tape = 0 AND s.date < ?2
             ORDER BY n.n",
        )?;
        let mut rows = stmt.query(params![band_id, end])?;
        // The number of the last show each song was played at.
        let mut last_seen: HashMap<i64, u64> = HashMap::new();
        let mut tally = Tally::default();
        // The show being read, and whether it is in scope.
        let mut show: Option<(u64, bool)> = None;
        let mut ends = Ends::default();
        while let Some(r) = rows.next()? {
            let number: u64 = r.get(0)?;
            let counting = match show {
                Some((n, counting)) if n == number => counting,
                _ => {
                    if let Some((_, true)) = show {
                        tally.close_show(std::mem::take(&mut ends));
                    }
                    let date = r.get_ref(1)?.as_str()?;
                    let counting = in_scope(date, r.get(2)?);
                    if counting {
                        tally.shows.push((number, date.to_string()));
                    }
                    show = Some((number, counting));
                    counting
                }
            };
            let song_id: i64 = r.get(3)?;
            let previous = last_seen.insert(song_id, number);
            if !counting {
                continue;
            }
            let row = Row {
                song_id,
                place: r.get(4)?,
                encore: SetLabel::is_encore(r.get_ref(5)?.as_str()?),
            };
            ends.see(&row);
            tally.count(number, &row, previous);
        }
        if let Some((_, true)) = show {
            tally.close_show(ends);
        }
        self.ranked(band, band_id, scope, tally)
    }

    /// The day after a tour's last counted show.
    fn tour_end(&self, ids: &[i64]) -> Result<String> {
        let mut end = String::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT MAX(s.date) FROM shows s JOIN show_numbers n ON n.show_id = s.id WHERE s.tour_id = ?1",
        )?;
        for id in ids {
            let last: Option<String> = stmt.query_row([id], |r| r.get(0))?;
            end = end.max(last.unwrap_or_default());
        }
        // Every date of the last day sorts before it with a character appended.
        end.push('~');
        Ok(end)
    }

    /// The tally's rankings, with song names.
    fn ranked(&self, band: &str, band_id: i64, scope: &StatsScope, mut tally: Tally) -> Result<ScopeStats> {
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM songs WHERE band_id = ?1")?;
        let mut rows = stmt.query([band_id])?;
        while let Some(r) = rows.next()? {
            names.insert(r.get(0)?, r.get(1)?);
        }
        let name = |id: i64| names.get(&id).map_or("", String::as_str);
        // Ties go by name, A–Z in any case.
        let by_name = |id: i64| (name(id).to_lowercase(), name(id));
        let top = |counts: &HashMap<i64, u64>, keep: usize| {
            let mut list: Vec<(u64, i64)> = counts.iter().map(|(id, times)| (*times, *id)).collect();
            list.sort_by_cached_key(|(times, id)| (Reverse(*times), by_name(*id)));
            list.into_iter()
                .take(keep)
                .map(|(times, id)| SongTimes {
                    song_id: id,
                    song: name(id).to_string(),
                    times,
                })
                .collect::<Vec<_>>()
        };
        let mut debuts = std::mem::take(&mut tally.debuts);
        debuts.sort();
        // Longest gap first, then by date (show numbers run in date order), then
        // name: only the first few and their ties are named.
        let mut bustouts = std::mem::take(&mut tally.bustouts);
        bustouts.sort_unstable_by_key(|(gap, number, _)| (Reverse(*gap), *number));
        if let Some(&(gap, number, _)) = bustouts.get(BUSTOUTS - 1) {
            let ties = bustouts[BUSTOUTS..]
                .iter()
                .take_while(|b| (b.0, b.1) == (gap, number))
                .count();
            bustouts.truncate(BUSTOUTS + ties);
        }
        bustouts.sort_by_cached_key(|(gap, number, id)| (Reverse(*gap), *number, by_name(*id)));
        let bustouts: Vec<Bustout> = bustouts
            .into_iter()
            .take(BUSTOUTS)
            .map(|(gap, number, id)| Bustout {
                song_id: id,
                song: name(id).to_string(),
                date: tally.date(number),
                gap,
            })
            .collect();
        Ok(ScopeStats {
            band: band.to_string(),
            scope: scope.label(),
            shows: tally.shows.len() as u64,
            occurrences: tally.occurrences,
            distinct_songs: tally.times.len() as u64,
            most_played: top(&tally.times, MOST_PLAYED),
            debuts: debuts
                .into_iter()
                .map(|(number, _, id)| SongDate {
                    song_id: id,
                    song: name(id).to_string(),
                    date: tally.date(number),
                })
                .collect(),
            bustouts,
            openers: top(&tally.openers, OPENERS),
            closers: top(&tally.closers, OPENERS),
            first: tally.shows.first().map(|(_, d)| d.clone()),
            last: tally.shows.last().map(|(_, d)| d.clone()),
        })
    }
}
