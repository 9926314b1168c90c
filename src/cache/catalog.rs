//! A band's song catalog: every song played at one or more counted shows, with
//! the figures of its history (the same definitions as a song's history), and
//! the orders a catalog is listed in.

use std::collections::HashMap;

use color_eyre::eyre::Result;
use serde::Serialize;

use super::query::gap_figures;
use super::Cache;

/// One song of a band's catalog. The JSON keys are the `songs --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CatalogSong {
    #[serde(skip)]
    pub song_id: i64,
    pub name: String,
    pub original_artist: Option<String>,
    pub times_played: u64,
    pub debut: String,
    pub last_played: String,
    pub current_gap: u64,
    pub average_gap: Option<f64>,
    pub longest_gap: Option<u64>,
}

/// How a catalog is ordered (`songs --sort`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CatalogOrder {
    /// Times played, most first.
    #[default]
    Plays,
    /// A–Z, any case.
    Name,
    /// Debut, newest first.
    Debut,
    /// Last played, newest first.
    Last,
    /// Current gap, longest first.
    Gap,
    /// Current gap over average gap, largest first, among songs played at least
    /// [`OVERDUE_MIN_PLAYS`] times; the others follow by plays.
    Overdue,
}

/// Fewer plays than this say too little about a song's usual gap to call it overdue.
pub const OVERDUE_MIN_PLAYS: u64 = 5;

impl CatalogSong {
    /// Current gap over average gap, for a song played often enough.
    pub fn overdue(&self) -> Option<f64> {
        let average = self.average_gap.filter(|a| *a > 0.0)?;
        (self.times_played >= OVERDUE_MIN_PLAYS).then(|| self.current_gap as f64 / average)
    }
}

/// Sorts `songs` in `order`; ties go by name, A–Z in any case.
pub fn sort_catalog(songs: &mut [CatalogSong], order: CatalogOrder) {
    let by_name = |a: &CatalogSong, b: &CatalogSong| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.name.cmp(&b.name))
    };
    songs.sort_by(|a, b| {
        let first = match order {
            CatalogOrder::Plays => b.times_played.cmp(&a.times_played),
            CatalogOrder::Name => std::cmp::Ordering::Equal,
            CatalogOrder::Debut => b.debut.cmp(&a.debut),
            CatalogOrder::Last => b.last_played.cmp(&a.last_played),
            CatalogOrder::Gap => b.current_gap.cmp(&a.current_gap),
            CatalogOrder::Overdue => match (a.overdue(), b.overdue()) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => b.times_played.cmp(&a.times_played),
            },
        };
        first.then_with(|| by_name(a, b))
    });
}

/// The shows a song was played at, in number order, and its first and last date.
#[derive(Default)]
struct Played {
    numbers: Vec<u64>,
    debut: String,
    last: String,
}

impl Cache {
    /// Every song the band played at one or more counted shows, by plays.
    pub fn song_catalog(&self, band: &str) -> Result<Vec<CatalogSong>> {
        self.snapshot(|cache| cache.song_catalog_now(band))
    }

    fn song_catalog_now(&self, band: &str) -> Result<Vec<CatalogSong>> {
        let band_id = self.band_id(band)?.unwrap_or(-1);
        let (total_shows, ..) = self.counts(band_id)?;
        // The band's counted shows in number order, each with its songs: every
        // song's list of show numbers comes out already in order.
        let mut played: HashMap<i64, Played> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.song_id, n.n, s.date
             FROM show_numbers n
             JOIN shows s ON s.id = n.show_id
             JOIN performances p ON p.show_id = n.show_id
             WHERE n.band_id = ?1 AND p.tape = 0
             ORDER BY n.n",
        )?;
        let mut rows = stmt.query([band_id])?;
        while let Some(r) = rows.next()? {
            let (song_id, number): (i64, u64) = (r.get(0)?, r.get(1)?);
            let entry = played.entry(song_id).or_default();
            // A song played twice in a show counts once.
            if entry.numbers.last() != Some(&number) {
                let date: String = r.get(2)?;
                if entry.numbers.is_empty() {
                    entry.debut = date.clone();
                }
                entry.numbers.push(number);
                entry.last = date;
            }
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, original_artist FROM songs WHERE band_id = ?1")?;
        let mut rows = stmt.query([band_id])?;
        let mut songs = Vec::with_capacity(played.len());
        while let Some(r) = rows.next()? {
            let song_id: i64 = r.get(0)?;
            let Some(played) = played.remove(&song_id) else {
                continue; // never at a counted show
            };
            let figures = gap_figures(&played.numbers, total_shows);
            songs.push(CatalogSong {
                song_id,
                name: r.get(1)?,
                original_artist: r.get(2)?,
                times_played: played.numbers.len() as u64,
                debut: played.debut,
                last_played: played.last,
                current_gap: figures.current.unwrap_or(0),
                average_gap: figures.average,
                longest_gap: figures.longest,
            });
        }
        sort_catalog(&mut songs, CatalogOrder::Plays);
        Ok(songs)
    }
}
