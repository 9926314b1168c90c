//! The marks file's schema: versioned migrations of its own, tracked in
//! `PRAGMA user_version`, independent of the cache's.

use std::path::Path;

use color_eyre::eyre::{bail, eyre, Result};
use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

const V1: &str = r#"
-- One row per attended show: the band's slug, the date and the order within the
-- date, never a source's id, so that a mark outlives a change of source.
CREATE TABLE attended (
    band           TEXT NOT NULL,
    date           TEXT NOT NULL,
    order_in_date  INTEGER NOT NULL DEFAULT 1,
    marked_at      TEXT NOT NULL,
    PRIMARY KEY (band, date, order_in_date)
);
"#;

const STEPS: &[&str] = &[V1];

fn latest_version() -> i64 {
    STEPS.len() as i64
}

fn version(conn: &Connection, path: &Path) -> Result<i64> {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| {
            eyre!(
                "your marks file {} is not a marks file ({e}); move it away",
                path.display()
            )
        })
}

/// Refuses a file a newer build wrote, which this one cannot read safely.
pub fn check_readable(conn: &Connection, path: &Path) -> Result<()> {
    let found = version(conn, path)?;
    if found > latest_version() {
        bail!(
            "your marks file {} was written by a newer elmeg-tui (schema version {found}; this build knows up to {}); \
             upgrade elmeg-tui",
            path.display(),
            latest_version()
        );
    }
    Ok(())
}

/// WAL, then the schema brought up to date; each step in its own transaction.
pub fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    check_readable(conn, path)?;
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
        .map_err(|e| {
            eyre!(
                "your marks file {} is not a marks file ({e}); move it away",
                path.display()
            )
        })?;
    if version(conn, path)? < latest_version() {
        Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
            .to_latest(conn)
            .map_err(|e| eyre!("cannot update your marks file {}: {e}", path.display()))?;
    }
    Ok(())
}
