//! Everything fuzzy search matches against, read in one pass: songs, shows,
//! venues and tours of every band.

use color_eyre::eyre::Result;

use super::Cache;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Song,
    Show,
    Venue,
    Tour,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Song => "song",
            ItemKind::Show => "show",
            ItemKind::Venue => "venue",
            ItemKind::Tour => "tour",
        }
    }
}

/// Where choosing a search result leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemTarget {
    Song {
        song_id: i64,
    },
    /// A show: the show itself, the latest show at a venue, or a tour's first show.
    Show {
        show_id: i64,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchItem {
    pub kind: ItemKind,
    pub band: String,
    /// The text matched and shown.
    pub label: String,
    /// A little more to tell results apart: times played, a show's venue, a date range.
    pub context: String,
    pub target: ItemTarget,
}

impl Cache {
    pub fn search_corpus(&self) -> Result<Vec<SearchItem>> {
        let mut items = Vec::new();
        let mut stmt = self.conn.prepare(
            "SELECT b.slug, so.id, so.name, so.original_artist,
                    (SELECT COUNT(*) FROM performances p JOIN counted_shows s ON s.id = p.show_id
                     WHERE p.song_id = so.id AND p.tape = 0)
             FROM songs so JOIN bands b ON b.id = so.band_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let plays: i64 = r.get(4)?;
            let cover: Option<String> = r.get(3)?;
            let mut context = format!("played {plays}×");
            if let Some(artist) = cover {
                context.push_str(&format!(" · {artist} cover"));
            }
            Ok(SearchItem {
                kind: ItemKind::Song,
                band: r.get(0)?,
                label: r.get(2)?,
                context,
                target: ItemTarget::Song { song_id: r.get(1)? },
            })
        })?;
        items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

        let mut stmt = self.conn.prepare(
            "SELECT b.slug, s.id, s.date, v.name, v.city, COALESCE(v.state, v.country), t.name
             FROM shows s JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             LEFT JOIN tours t ON t.id = s.tour_id",
        )?;
        let rows = stmt.query_map([], |r| {
            let date: String = r.get(2)?;
            let venue: String = r.get(3)?;
            let place = [r.get::<_, Option<String>>(4)?, r.get(5)?]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let tour: Option<String> = r.get(6)?;
            Ok(SearchItem {
                kind: ItemKind::Show,
                band: r.get(0)?,
                label: format!("{date} {venue} {place}"),
                context: tour.unwrap_or_default(),
                target: ItemTarget::Show { show_id: r.get(1)? },
            })
        })?;
        items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

        let mut stmt = self.conn.prepare(
            "SELECT b.slug, v.name, v.city, COALESCE(v.state, v.country), COUNT(*), MAX(s.date),
                    (SELECT s2.id FROM shows s2 WHERE s2.band_id = b.id AND s2.venue_id = v.id
                     ORDER BY s2.date DESC, s2.order_in_date DESC LIMIT 1)
             FROM shows s JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             GROUP BY b.id, v.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let place = [r.get::<_, Option<String>>(2)?, r.get(3)?]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", ");
            let name: String = r.get(1)?;
            let shows: i64 = r.get(4)?;
            let last: String = r.get(5)?;
            Ok(SearchItem {
                kind: ItemKind::Venue,
                band: r.get(0)?,
                label: if place.is_empty() {
                    name
                } else {
                    format!("{name}, {place}")
                },
                context: format!("{shows} show{}, last {last}", if shows == 1 { "" } else { "s" }),
                target: ItemTarget::Show { show_id: r.get(6)? },
            })
        })?;
        items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

        let mut stmt = self.conn.prepare(
            "SELECT b.slug, t.name, MIN(s.date), MAX(s.date), COUNT(*),
                    (SELECT s2.id FROM shows s2 WHERE s2.tour_id = t.id
                     ORDER BY s2.date, s2.order_in_date LIMIT 1)
             FROM tours t JOIN bands b ON b.id = t.band_id JOIN shows s ON s.tour_id = t.id
             WHERE t.name NOT LIKE 'not part of a tour%'
             GROUP BY t.id",
        )?;
        let rows = stmt.query_map([], |r| {
            let first: String = r.get(2)?;
            let last: String = r.get(3)?;
            let shows: i64 = r.get(4)?;
            Ok(SearchItem {
                kind: ItemKind::Tour,
                band: r.get(0)?,
                label: r.get(1)?,
                context: format!("{first} – {last}, {shows} show{}", if shows == 1 { "" } else { "s" }),
                target: ItemTarget::Show { show_id: r.get(5)? },
            })
        })?;
        items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
        Ok(items)
    }
}
