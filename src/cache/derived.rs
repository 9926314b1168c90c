//! A band's show numbers and counts, derived from its shows and brought up to
//! date inside every transaction that writes them: a killed refresh leaves them
//! right, so nothing is ever counted live, and a song's gaps are read, not
//! computed by numbering every show of the band again.

use color_eyre::eyre::Result;
use rusqlite::{Connection, OptionalExtension};

use super::Cache;

/// Numbers the band's counted shows (the `counted_shows` view) 1..N in date order,
/// then order within the date, rewriting only the numbers that moved; then its
/// counts. The one definition of both, run by every write.
pub(super) fn recount(conn: &Connection, band_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM show_numbers WHERE band_id = ?1
           AND show_id NOT IN (SELECT id FROM counted_shows WHERE band_id = ?1)",
    )?
    .execute([band_id])?;
    conn.prepare_cached(
        "INSERT INTO show_numbers (show_id, band_id, n)
         SELECT id, ?1, ROW_NUMBER() OVER (ORDER BY date, order_in_date, id) FROM counted_shows WHERE band_id = ?1
         ON CONFLICT (show_id) DO UPDATE SET n = excluded.n WHERE show_numbers.n != excluded.n",
    )?
    .execute([band_id])?;
    // (shows, performances that are not tapes, distinct songs), over the numbered shows.
    conn.prepare_cached(
        "INSERT INTO band_stats (band_id, shows, performances, songs)
         SELECT ?1, (SELECT COUNT(*) FROM show_numbers WHERE band_id = ?1), COUNT(*), COUNT(DISTINCT p.song_id)
         FROM show_numbers n JOIN performances p ON p.show_id = n.show_id
         WHERE n.band_id = ?1 AND p.tape = 0
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
