//! A band's show numbers and counts, derived from its shows and brought up to
//! date inside every transaction that writes them: a killed refresh leaves them
//! right, so nothing is ever counted live, and a song's gaps are read, not
//! computed by numbering every show of the band again.

use color_eyre::eyre::Result;
use rusqlite::{params, Connection, OptionalExtension};

use super::Cache;

/// Numbers the band's counted shows (the `counted_shows` view) 1..N in date order,
/// then order within the date, and counts them: the one definition of both, run by
/// every write. Rewrites only the numbers that moved.
pub(super) fn recount(conn: &Connection, band_id: i64) -> rusqlite::Result<()> {
    // Every date sorts after the empty string.
    recount_from(conn, band_id, "")
}

/// [`recount`] for a write that touched no show dated before `from`: the numbers
/// before it stand, so only the shows from `from` on are numbered again, and a
/// year or a page appended costs that year or page, not the whole band.
pub(super) fn recount_from(conn: &Connection, band_id: i64, from: &str) -> rusqlite::Result<()> {
    // The number of the last counted show before `from`.
    let before: i64 = conn
        .prepare_cached(
            "SELECT n.n FROM shows s JOIN show_numbers n ON n.show_id = s.id
             WHERE s.band_id = ?1 AND s.date < ?2
             ORDER BY s.date DESC, s.order_in_date DESC, s.id DESC LIMIT 1",
        )?
        .query_row(params![band_id, from], |r| r.get(0))
        .optional()?
        .unwrap_or(0);
    conn.prepare_cached(
        "DELETE FROM show_numbers WHERE show_id IN (SELECT id FROM shows WHERE band_id = ?1 AND date >= ?2)
           AND show_id NOT IN (SELECT id FROM counted_shows WHERE band_id = ?1 AND date >= ?2)",
    )?
    .execute(params![band_id, from])?;
    conn.prepare_cached(
        "INSERT INTO show_numbers (show_id, band_id, n, performances)
         SELECT c.id, ?1, ?3 + ROW_NUMBER() OVER (ORDER BY c.date, c.order_in_date, c.id),
                (SELECT COUNT(*) FROM performances p WHERE p.show_id = c.id AND p.tape = 0)
         FROM counted_shows c WHERE c.band_id = ?1 AND c.date >= ?2
         ON CONFLICT (show_id) DO UPDATE SET n = excluded.n, performances = excluded.performances
         WHERE show_numbers.n != excluded.n OR show_numbers.performances != excluded.performances",
    )?
    .execute(params![band_id, from, before])?;
    // (counted shows, their performances that are not tapes, songs played at one or more).
    conn.prepare_cached(
        "INSERT INTO band_stats (band_id, shows, performances, songs)
         SELECT ?1, COUNT(*), COALESCE(SUM(performances), 0),
                (SELECT COUNT(*) FROM songs so WHERE so.band_id = ?1 AND EXISTS (
                   SELECT 1 FROM performances p JOIN show_numbers n ON n.show_id = p.show_id
                   WHERE p.song_id = so.id AND p.tape = 0))
         FROM show_numbers WHERE band_id = ?1
         ON CONFLICT (band_id) DO UPDATE SET
           shows = excluded.shows, performances = excluded.performances, songs = excluded.songs",
    )?
    .execute([band_id])?;
    Ok(())
}

impl Cache {
    /// A band's stored counts: (shows, performances, distinct songs); zeros for a
    /// band never written.
    pub(super) fn counts(&self, band_id: i64) -> Result<(u64, u64, u64)> {
        Ok(self
            .conn
            .prepare_cached("SELECT shows, performances, songs FROM band_stats WHERE band_id = ?1")?
            .query_row([band_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .unwrap_or((0, 0, 0)))
    }
}
