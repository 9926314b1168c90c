//! Search items: each band's songs, shows, venues and tours, rebuilt in one
//! transaction at the end of a refresh (with the band's numbers and counts), and
//! read by search.

use color_eyre::eyre::{Result, WrapErr};
use rusqlite::{params, Connection};

use super::Cache;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemKind {
    Song,
    Show,
    Venue,
    Tour,
}

impl ItemKind {
    pub const ALL: [ItemKind; 4] = [ItemKind::Song, ItemKind::Show, ItemKind::Venue, ItemKind::Tour];

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

/// `1 show`, `2 shows`: the one way counts are written.
pub fn plural(n: impl std::fmt::Display, noun: &str) -> String {
    let n = n.to_string();
    let s = if n == "1" { "" } else { "s" };
    format!("{n} {noun}{s}")
}

/// 5123 as "5,123", for counts a person reads.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `City, ST` or `City, Country`, from the two columns.
fn place(city: Option<String>, region: Option<String>) -> String {
    [city, region].into_iter().flatten().collect::<Vec<_>>().join(", ")
}

impl Cache {
    /// Rebuilds a band's search items from its shows, at the end of a refresh,
    /// and brings its numbers and counts up to date: every write keeps them so,
    /// but a future show whose date has passed is counted from here on.
    pub fn refresh_derived(&mut self, band_id: i64) -> Result<()> {
        let tx = self.write_transaction()?;
        super::derived::recount(&tx, band_id)?;
        tx.execute("DELETE FROM search_items WHERE band_id = ?1", [band_id])?;
        let items = items_of(&tx, band_id)?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO search_items (band_id, kind, label, context, song_id, show_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (kind, label, context, target) in items {
                let (song, show) = match target {
                    ItemTarget::Song { song_id } => (Some(song_id), None),
                    ItemTarget::Show { show_id } => (None, Some(show_id)),
                };
                insert.execute(params![band_id, kind.as_str(), label, context, song, show])?;
            }
        }
        tx.commit()
            .wrap_err("cannot store the band's counts and search items")?;
        Ok(())
    }

    /// Every band's search items.
    pub fn search_corpus(&self) -> Result<Vec<SearchItem>> {
        self.search_items_like(&[])
    }

    /// The items that can match `query` fuzzily: for each of its words, a label
    /// holding that word's letters, digits and ASCII punctuation in order (SQL
    /// `LIKE '%a%b%'`, case-insensitive for ASCII). A superset of fuzzy matches,
    /// read without loading the whole corpus.
    pub fn search_candidates(&self, query: &str) -> Result<Vec<SearchItem>> {
        let patterns: Vec<String> = crate::search::terms(query)
            .into_iter()
            .map(|word| {
                let mut pattern = String::from("%");
                for c in word.chars().filter(|c| c.is_ascii_graphic()) {
                    if matches!(c, '%' | '_' | '\\') {
                        pattern.push('\\');
                    }
                    pattern.push(c);
                    pattern.push('%');
                }
                pattern
            })
            .collect();
        self.search_items_like(&patterns)
    }

    /// Items whose label is `LIKE` every pattern (none: every item).
    fn search_items_like(&self, patterns: &[String]) -> Result<Vec<SearchItem>> {
        let mut sql = String::from(
            "SELECT i.kind, b.slug, i.label, i.context, i.song_id, i.show_id
             FROM search_items i JOIN bands b ON b.id = i.band_id WHERE 1",
        );
        for k in 1..=patterns.len() {
            sql.push_str(&format!(" AND i.label LIKE ?{k} ESCAPE '\\'"));
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(patterns), |r| {
            let kind: String = r.get(0)?;
            let song: Option<i64> = r.get(4)?;
            let show: Option<i64> = r.get(5)?;
            Ok((kind, song, show, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        let mut items = Vec::new();
        for row in rows {
            let (kind, song, show, band, label, context) = row?;
            let kind = ItemKind::ALL.into_iter().find(|k| k.as_str() == kind);
            let target = match (song, show) {
                (Some(song_id), _) => ItemTarget::Song { song_id },
                (None, Some(show_id)) => ItemTarget::Show { show_id },
                (None, None) => continue,
            };
            if let Some(kind) = kind {
                items.push(SearchItem {
                    kind,
                    band,
                    label,
                    context,
                    target,
                });
            }
        }
        Ok(items)
    }
}

type Item = (ItemKind, String, String, ItemTarget);

/// One band's songs, shows, venues and tours, as search items.
fn items_of(conn: &Connection, band_id: i64) -> rusqlite::Result<Vec<Item>> {
    let mut items = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT so.id, so.name, so.original_artist, COALESCE(plays.n, 0)
         FROM songs so LEFT JOIN (
             SELECT p.song_id, COUNT(DISTINCT p.show_id) AS n
             FROM performances p JOIN show_numbers s ON s.show_id = p.show_id
             WHERE s.band_id = ?1 AND p.tape = 0 GROUP BY p.song_id
         ) plays ON plays.song_id = so.id
         WHERE so.band_id = ?1",
    )?;
    let rows = stmt.query_map([band_id], |r| {
        let mut context = format!("played {}×", r.get::<_, i64>(3)?);
        if let Some(artist) = r.get::<_, Option<String>>(2)? {
            context.push_str(&format!(" · {artist} cover"));
        }
        Ok((
            ItemKind::Song,
            r.get(1)?,
            context,
            ItemTarget::Song { song_id: r.get(0)? },
        ))
    })?;
    items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

    let mut stmt = conn.prepare(
        "SELECT s.id, s.date, v.name, v.city, COALESCE(v.state, v.country), t.name
         FROM shows s JOIN venues v ON v.id = s.venue_id LEFT JOIN tours t ON t.id = s.tour_id
         WHERE s.band_id = ?1",
    )?;
    let rows = stmt.query_map([band_id], |r| {
        let date: String = r.get(1)?;
        let venue: String = r.get(2)?;
        let label = format!("{date} {venue} {}", place(r.get(3)?, r.get(4)?));
        let tour: Option<String> = r.get(5)?;
        Ok((
            ItemKind::Show,
            label,
            tour.unwrap_or_default(),
            ItemTarget::Show { show_id: r.get(0)? },
        ))
    })?;
    items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

    // The latest show at a venue: the greatest "date|id", as ids grow with nothing.
    let mut stmt = conn.prepare(
        "SELECT v.name, v.city, COALESCE(v.state, v.country), g.n, g.last, g.latest
         FROM (SELECT venue_id, COUNT(*) AS n, MAX(date) AS last,
                      MAX(date || '|' || printf('%015d', order_in_date) || '|' || id) AS latest
               FROM shows WHERE band_id = ?1 GROUP BY venue_id) g
         JOIN venues v ON v.id = g.venue_id",
    )?;
    let rows = stmt.query_map([band_id], |r| {
        let name: String = r.get(0)?;
        let where_ = place(r.get(1)?, r.get(2)?);
        let label = if where_.is_empty() {
            name
        } else {
            format!("{name}, {where_}")
        };
        let last: String = r.get(4)?;
        let latest: String = r.get(5)?;
        let show_id = latest
            .rsplit('|')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or_default();
        let context = format!("{}, last {last}", plural(r.get::<_, i64>(3)?, "show"));
        Ok((ItemKind::Venue, label, context, ItemTarget::Show { show_id }))
    })?;
    items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);

    let mut stmt = conn.prepare(
        "SELECT t.name, MIN(s.date), MAX(s.date), COUNT(*),
                MIN(s.date || '|' || printf('%015d', s.order_in_date) || '|' || s.id)
         FROM tours t JOIN shows s ON s.tour_id = t.id
         WHERE t.band_id = ?1 AND t.name NOT LIKE 'not part of a tour%'
         GROUP BY t.id",
    )?;
    let rows = stmt.query_map([band_id], |r| {
        let first: String = r.get(1)?;
        let last: String = r.get(2)?;
        let earliest: String = r.get(4)?;
        let show_id = earliest
            .rsplit('|')
            .next()
            .and_then(|id| id.parse().ok())
            .unwrap_or_default();
        let context = format!("{first} – {last}, {}", plural(r.get::<_, i64>(3)?, "show"));
        Ok((ItemKind::Tour, r.get(0)?, context, ItemTarget::Show { show_id }))
    })?;
    items.extend(rows.collect::<rusqlite::Result<Vec<_>>>()?);
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_by_commas() {
        assert_eq!(thousands(5123), "5,123");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(plural(thousands(1), "show"), "1 show");
    }
}
