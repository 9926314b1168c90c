//! One song followed across every band that plays it: the bands' songs whose
//! names share a [`song_key`], each band's figures, and every band's shows in
//! one date order. Per band, counts and gaps are those of a song's history.

use std::collections::BTreeMap;

use color_eyre::eyre::Result;
use serde::Serialize;

use super::identity::song_key;
use super::Cache;

/// A song as every band plays it: its key, a name to show, and each band's
/// songs of that key (a source may spell one song two ways).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SongIdentity {
    pub key: String,
    pub name: String,
    /// (band slug, song ids), in the cache's band order.
    pub bands: Vec<(String, Vec<i64>)>,
}

/// The JSON keys are the `song all --json` output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SongAcross {
    pub song: String,
    /// By debut, oldest first.
    pub bands: Vec<BandFigures>,
    /// Date order over every band, oldest first; one row per show per band.
    pub performances: Vec<BandPerformance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandFigures {
    pub band: String,
    pub times_played: u64,
    pub debut: Option<String>,
    pub last_played: Option<String>,
    pub current_gap: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandPerformance {
    pub band: String,
    #[serde(skip)]
    pub show_id: i64,
    pub date: String,
    pub venue: String,
    pub city: Option<String>,
    pub set: String,
    pub position: u64,
    /// Shows of this band since its previous row; shown in the explorer.
    #[serde(skip)]
    pub gap: Option<u64>,
    #[serde(skip)]
    pub positions: Vec<u64>,
}

impl SongIdentity {
    fn add(&mut self, band: String, song_id: i64) {
        match self.bands.iter_mut().find(|(b, _)| *b == band) {
            Some((_, ids)) => ids.push(song_id),
            None => self.bands.push((band, vec![song_id])),
        }
    }
}

impl Cache {
    /// Every song played at one or more counted shows, grouped across bands by
    /// [`song_key`], A–Z by key.
    pub fn song_identities(&self) -> Result<Vec<SongIdentity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.slug, so.id, so.name FROM songs so JOIN bands b ON b.id = so.band_id
             WHERE EXISTS (SELECT 1 FROM performances p JOIN show_numbers n ON n.show_id = p.show_id
                           WHERE p.song_id = so.id AND p.tape = 0)
             ORDER BY b.id, so.id",
        )?;
        let mut identities: BTreeMap<String, SongIdentity> = BTreeMap::new();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (band, id, name): (String, i64, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let key = song_key(&name);
            identities
                .entry(key.clone())
                .or_insert_with(|| SongIdentity {
                    key,
                    name,
                    bands: Vec::new(),
                })
                .add(band, id);
        }
        Ok(identities.into_values().collect())
    }

    /// The identity of one band's song: that song under every band. (Songs
    /// never played at a counted show drop out of `song_across`.)
    pub fn identity_of(&self, song_id: i64) -> Result<Option<SongIdentity>> {
        let Some(song) = self.song(song_id)? else {
            return Ok(None);
        };
        let key = song_key(&song.name);
        let mut identity = SongIdentity {
            key,
            name: song.name,
            bands: Vec::new(),
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT b.slug, so.id, so.name FROM songs so JOIN bands b ON b.id = so.band_id ORDER BY b.id, so.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if song_key(r.get_ref(2)?.as_str()?) == identity.key {
                identity.add(r.get(0)?, r.get(1)?);
            }
        }
        Ok(Some(identity))
    }

    /// The song's history under every band that played it, read in one snapshot.
    pub fn song_across(&self, identity: &SongIdentity) -> Result<SongAcross> {
        self.snapshot(|cache| {
            let mut bands = Vec::new();
            let mut performances = Vec::new();
            for (band, ids) in &identity.bands {
                let history = cache.history_of(band, &identity.name, ids)?;
                if history.times_played == 0 {
                    continue; // only ever a tape, or only at shows not counted
                }
                bands.push(BandFigures {
                    band: band.clone(),
                    times_played: history.times_played,
                    debut: history.debut,
                    last_played: history.last_played,
                    current_gap: history.current_gap,
                });
                performances.extend(history.performances.into_iter().map(|p| BandPerformance {
                    band: band.clone(),
                    show_id: p.show_id,
                    date: p.date,
                    venue: p.venue,
                    city: p.city,
                    set: p.set,
                    position: p.position,
                    gap: p.gap,
                    positions: p.positions,
                }));
            }
            bands.sort_by(|a, b| a.debut.cmp(&b.debut).then_with(|| a.band.cmp(&b.band)));
            // Stable: one band's shows of a date stay in their order.
            performances.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.band.cmp(&b.band)));
            Ok(SongAcross {
                song: identity.name.clone(),
                bands,
                performances,
            })
        })
    }
}
