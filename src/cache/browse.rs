//! Reads for the explorer's panes: tours (or years), the shows in one, today in
//! history, and where a show sits. Every one runs on an index.

use color_eyre::eyre::Result;
use rusqlite::{params, OptionalExtension};

use super::Cache;

/// Tours named like this hold shows outside any tour; they are grouped by year.
const UNTOURED: &str = "(s.tour_id IS NULL OR t.name LIKE 'not part of a tour%')";

/// How the second pane groups a band's shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Grouping {
    /// By tour; shows outside any tour by year.
    #[default]
    Tours,
    /// By year only.
    Years,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKey {
    Tour(i64),
    /// Shows of a year that belong to no tour.
    Untoured(i32),
    Year(i32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub key: GroupKey,
    pub name: String,
    pub first: String,
    pub last: String,
    pub shows: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ShowRow {
    pub id: i64,
    pub band: String,
    pub date: String,
    pub venue: String,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub excluded: Option<String>,
    /// Performances (tapes left out); 0 for a show with no setlist.
    pub performances: u64,
}

impl ShowRow {
    /// `City, ST` for the US, `City, Country` elsewhere.
    pub fn place(&self) -> String {
        let region = match self.country.as_deref() {
            Some("USA") | Some("US") | Some("United States") | None => {
                self.state.as_deref().or(self.country.as_deref())
            }
            Some(country) => Some(country),
        };
        [self.city.as_deref(), region]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) const SHOW_COLUMNS: &str = "s.id, b.slug, s.date, v.name, v.city, v.state, v.country, s.excluded,
    (SELECT COUNT(*) FROM performances p WHERE p.show_id = s.id AND p.tape = 0)";

fn show_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ShowRow> {
    show_row_at(r, 0)
}

/// A row's [`SHOW_COLUMNS`], from column `at` on.
pub(super) fn show_row_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<ShowRow> {
    Ok(ShowRow {
        id: r.get(at)?,
        band: r.get(at + 1)?,
        date: r.get(at + 2)?,
        venue: r.get(at + 3)?,
        city: r.get(at + 4)?,
        state: r.get(at + 5)?,
        country: r.get(at + 6)?,
        excluded: r.get(at + 7)?,
        performances: r.get(at + 8)?,
    })
}

impl Cache {
    /// The band's tours (and untoured years), or its years; newest first.
    pub fn groups(&self, band: &str, grouping: Grouping) -> Result<Vec<Group>> {
        let sql = match grouping {
            Grouping::Tours => format!(
                "SELECT 't', t.id, t.name, MIN(s.date), MAX(s.date), COUNT(*)
                 FROM shows s JOIN bands b ON b.id = s.band_id LEFT JOIN tours t ON t.id = s.tour_id
                 WHERE b.slug = ?1 AND NOT {UNTOURED} GROUP BY t.id
                 UNION ALL
                 SELECT 'u', CAST(substr(s.date, 1, 4) AS INTEGER), substr(s.date, 1, 4), MIN(s.date), MAX(s.date), COUNT(*)
                 FROM shows s JOIN bands b ON b.id = s.band_id LEFT JOIN tours t ON t.id = s.tour_id
                 WHERE b.slug = ?1 AND {UNTOURED} GROUP BY substr(s.date, 1, 4)
                 ORDER BY 5 DESC, 4 DESC"
            ),
            Grouping::Years => "SELECT 'y', CAST(substr(s.date, 1, 4) AS INTEGER), substr(s.date, 1, 4),
                        MIN(s.date), MAX(s.date), COUNT(*)
                 FROM shows s JOIN bands b ON b.id = s.band_id
                 WHERE b.slug = ?1 GROUP BY substr(s.date, 1, 4)
                 ORDER BY 5 DESC"
                .to_string(),
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let groups = stmt
            .query_map([band], |r| {
                let kind: String = r.get(0)?;
                let id: i64 = r.get(1)?;
                let name: String = r.get(2)?;
                let (key, name) = match kind.as_str() {
                    "t" => (GroupKey::Tour(id), name),
                    "u" => (GroupKey::Untoured(id as i32), format!("{name} · no tour")),
                    _ => (GroupKey::Year(id as i32), name),
                };
                Ok(Group {
                    key,
                    name,
                    first: r.get(3)?,
                    last: r.get(4)?,
                    shows: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(groups)
    }

    /// The shows of one group, in date order.
    pub fn shows_in(&self, band: &str, key: GroupKey) -> Result<Vec<ShowRow>> {
        // Years as date ranges, so the (band, date) index serves them.
        let in_year = "s.date >= printf('%04d-01-01', ?2) AND s.date <= printf('%04d-12-31', ?2)";
        let (filter, arg) = match key {
            GroupKey::Tour(id) => ("s.tour_id = ?2".to_string(), id),
            GroupKey::Untoured(year) => (format!("{in_year} AND {UNTOURED}"), year.into()),
            GroupKey::Year(year) => (in_year.to_string(), year.into()),
        };
        let sql = format!(
            "SELECT {SHOW_COLUMNS}
             FROM shows s JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             LEFT JOIN tours t ON t.id = s.tour_id
             WHERE b.slug = ?1 AND {filter}
             ORDER BY s.date, s.order_in_date, s.id"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let shows = stmt
            .query_map(params![band, arg], show_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(shows)
    }

    /// Shows of every band played on this month and day (`MM-DD`), oldest first.
    pub fn on_this_day(&self, month_day: &str) -> Result<Vec<ShowRow>> {
        let sql = format!(
            "SELECT {SHOW_COLUMNS}
             FROM shows s JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             WHERE substr(s.date, 6) = ?1 AND s.excluded IS NULL
             ORDER BY s.date, b.slug, s.order_in_date"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let shows = stmt
            .query_map([month_day], show_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(shows)
    }

    /// Every show of the band of `show_id` at its venue, newest first.
    pub fn shows_at_venue_of(&self, show_id: i64) -> Result<Vec<ShowRow>> {
        let sql = format!(
            "SELECT {SHOW_COLUMNS}
             FROM shows at JOIN shows s ON s.band_id = at.band_id AND s.venue_id = at.venue_id
             JOIN bands b ON b.id = s.band_id JOIN venues v ON v.id = s.venue_id
             WHERE at.id = ?1
             ORDER BY s.date DESC, s.order_in_date DESC, s.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let shows = stmt.query_map([show_id], show_row)?.collect::<rusqlite::Result<_>>()?;
        Ok(shows)
    }

    /// Where a show sits: its band and its group under `grouping`.
    pub fn locate_show(&self, show_id: i64, grouping: Grouping) -> Result<Option<(String, GroupKey)>> {
        let found = self
            .conn
            .query_row(
                &format!(
                    "SELECT b.slug, s.tour_id, CAST(substr(s.date, 1, 4) AS INTEGER), {UNTOURED}
                     FROM shows s JOIN bands b ON b.id = s.band_id LEFT JOIN tours t ON t.id = s.tour_id
                     WHERE s.id = ?1"
                ),
                [show_id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, i32>(2)?,
                        r.get::<_, bool>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(found.map(|(band, tour, year, untoured)| {
            let key = match (grouping, tour) {
                (Grouping::Years, _) => GroupKey::Year(year),
                (Grouping::Tours, Some(tour)) if !untoured => GroupKey::Tour(tour),
                (Grouping::Tours, _) => GroupKey::Untoured(year),
            };
            (band, key)
        }))
    }

    /// Changes whenever another connection commits: the cue to reload.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
    }
}
