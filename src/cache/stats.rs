//! A band's statistics over a scope (the whole band, a year, a tour): shows,
//! songs, the most played, debuts, bust-outs, openers and closers. Counts and
//! gaps follow the definitions of a song's history (see `query`).

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

/// One performance as the scan reads it, in show-number order.
struct Row {
    number: u64,
    date: String,
    tour_id: Option<i64>,
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

/// Everything counted while scanning the scope's shows.
#[derive(Default)]
struct Tally {
    shows: u64,
    occurrences: u64,
    /// Shows in scope each song was played at.
    times: HashMap<i64, u64>,
    /// (show number, place, song, date).
    debuts: Vec<(u64, u64, i64, String)>,
    /// (gap, date, song).
    bustouts: Vec<(u64, String, i64)>,
    openers: HashMap<i64, u64>,
    closers: HashMap<i64, u64>,
    first: Option<String>,
    last: Option<String>,
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
        let in_scope = |row: &Row| match scope {
            StatsScope::Band => true,
            StatsScope::Year(year) => row.date.get(..4).and_then(|y| y.parse::<i32>().ok()) == Some(*year),
            StatsScope::Tour(tour) => row.tour_id.is_some_and(|id| tour.ids.contains(&id)),
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
        let mut show: Option<(u64, bool)> = None;
        let mut ends = Ends::default();
        let mut encore_labels: HashMap<String, bool> = HashMap::new();
        while let Some(r) = rows.next()? {
            let label: String = r.get(5)?;
            let encore = *encore_labels
                .entry(label)
                .or_insert_with_key(|l| matches!(SetLabel::from(l.clone()), SetLabel::Encore(_)));
            let row = Row {
                number: r.get(0)?,
                date: r.get(1)?,
                tour_id: r.get(2)?,
                song_id: r.get(3)?,
                place: r.get(4)?,
                encore,
            };
            let counting = match show {
                Some((number, counting)) if number == row.number => counting,
                _ => {
                    if let Some((_, true)) = show {
                        tally.close_show(std::mem::take(&mut ends));
                    }
                    let counting = in_scope(&row);
                    if counting {
                        tally.shows += 1;
                        tally.first.get_or_insert_with(|| row.date.clone());
                        tally.last = Some(row.date.clone());
                    }
                    show = Some((row.number, counting));
                    counting
                }
            };
            let previous = last_seen.insert(row.song_id, row.number);
            if !counting {
                continue;
            }
            tally.occurrences += 1;
            ends.see(&row);
            match previous {
                Some(n) if n == row.number => {} // again in the same show: counted once
                Some(n) => {
                    *tally.times.entry(row.song_id).or_default() += 1;
                    tally.bustouts.push((row.number - n, row.date, row.song_id));
                }
                None => {
                    *tally.times.entry(row.song_id).or_default() += 1;
                    tally.debuts.push((row.number, row.place, row.song_id, row.date));
                }
            }
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
    fn ranked(&self, band: &str, band_id: i64, scope: &StatsScope, tally: Tally) -> Result<ScopeStats> {
        let mut names: HashMap<i64, String> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM songs WHERE band_id = ?1")?;
        let mut rows = stmt.query([band_id])?;
        while let Some(r) = rows.next()? {
            names.insert(r.get(0)?, r.get(1)?);
        }
        let name = |id: i64| names.get(&id).cloned().unwrap_or_default();
        let by_name = |a: &str, b: &str| a.to_lowercase().cmp(&b.to_lowercase()).then_with(|| a.cmp(b));
        let top = |counts: &HashMap<i64, u64>, keep: usize| {
            let mut list: Vec<SongTimes> = counts
                .iter()
                .map(|(id, times)| SongTimes {
                    song_id: *id,
                    song: name(*id),
                    times: *times,
                })
                .collect();
            list.sort_by(|a, b| b.times.cmp(&a.times).then_with(|| by_name(&a.song, &b.song)));
            list.truncate(keep);
            list
        };
        let mut debuts = tally.debuts;
        debuts.sort();
        let mut bustouts: Vec<Bustout> = tally
            .bustouts
            .into_iter()
            .map(|(gap, date, id)| Bustout {
                song_id: id,
                song: name(id),
                date,
                gap,
            })
            .collect();
        bustouts.sort_by(|a, b| {
            b.gap
                .cmp(&a.gap)
                .then_with(|| a.date.cmp(&b.date))
                .then_with(|| by_name(&a.song, &b.song))
        });
        bustouts.truncate(BUSTOUTS);
        Ok(ScopeStats {
            band: band.to_string(),
            scope: scope.label(),
            shows: tally.shows,
            occurrences: tally.occurrences,
            distinct_songs: tally.times.len() as u64,
            most_played: top(&tally.times, MOST_PLAYED),
            debuts: debuts
                .into_iter()
                .map(|(_, _, id, date)| SongDate {
                    song_id: id,
                    song: name(id),
                    date,
                })
                .collect(),
            bustouts,
            openers: top(&tally.openers, OPENERS),
            closers: top(&tally.closers, OPENERS),
            first: tally.first,
            last: tally.last,
        })
    }
}
