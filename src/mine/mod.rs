//! The user's own data: the shows they attended. It lives in a file of its own
//! (`mine.sqlite3`), never in the cache, so that the cache can always be deleted,
//! rebuilt or replaced. A mark names a show by band slug, date and order within
//! the date, not by a source's id, so it outlives a change of source.

mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_importers::ShowDate;
use rusqlite::{params, Connection, OpenFlags};

/// One attended show.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mark {
    pub band: String,
    pub date: ShowDate,
    /// 1 for the first (or only) show of the date.
    pub order: u32,
}

impl Mark {
    pub fn new(band: &str, date: ShowDate, order: u32) -> Self {
        Mark {
            band: band.to_string(),
            date,
            order,
        }
    }
}

/// The marks file, open for reading and writing.
pub struct Mine {
    conn: Connection,
    path: PathBuf,
}

impl Mine {
    /// Opens the marks file, creating it (and its folder) if need be.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create the folder {}", dir.display()))?;
        }
        if path.is_dir() {
            color_eyre::eyre::bail!("your marks file {} is a folder; point --mine at a file", path.display());
        }
        let mut conn =
            Connection::open(path).wrap_err_with(|| format!("cannot open your marks file {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        schema::migrate(&mut conn, path)?;
        Ok(Mine {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// Every mark in the file at `path`, newest first; none if there is no file
    /// yet (reading never creates it).
    pub fn read(path: &Path) -> Result<Vec<Mark>> {
        if !path.exists() {
            return Ok(Vec::new());
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .wrap_err_with(|| format!("cannot open your marks file {}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5))?;
        schema::check_readable(&conn, path)?;
        all_marks(&conn, path)
    }

    /// Adds a mark; false if it was there already.
    pub fn add(&mut self, mark: &Mark) -> Result<bool> {
        let added = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO attended (band, date, order_in_date, marked_at)
                 VALUES (?1, ?2, ?3, datetime('now'))",
                params![mark.band, mark.date.to_string(), mark.order],
            )
            .wrap_err_with(|| format!("cannot write to your marks file {}", self.path.display()))?;
        Ok(added == 1)
    }

    /// Removes a mark; false if there was none.
    pub fn remove(&mut self, mark: &Mark) -> Result<bool> {
        let removed = self
            .conn
            .execute(
                "DELETE FROM attended WHERE band = ?1 AND date = ?2 AND order_in_date = ?3",
                params![mark.band, mark.date.to_string(), mark.order],
            )
            .wrap_err_with(|| format!("cannot write to your marks file {}", self.path.display()))?;
        Ok(removed == 1)
    }

    /// Adds every mark in one transaction: all of them or, on an error, none.
    /// Returns how many were new.
    pub fn add_all(&mut self, marks: &[Mark]) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let mut added = 0;
        {
            let mut stmt = tx.prepare(
                "INSERT OR IGNORE INTO attended (band, date, order_in_date, marked_at)
                 VALUES (?1, ?2, ?3, datetime('now'))",
            )?;
            for mark in marks {
                added += stmt.execute(params![mark.band, mark.date.to_string(), mark.order])?;
            }
        }
        tx.commit()
            .wrap_err_with(|| format!("cannot write to your marks file {}", self.path.display()))?;
        Ok(added)
    }
}

fn all_marks(conn: &Connection, path: &Path) -> Result<Vec<Mark>> {
    let mut stmt = conn.prepare(
        "SELECT band, date, order_in_date FROM attended
         ORDER BY date DESC, order_in_date DESC, band",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, u32>(2)?))
    })?;
    let mut marks = Vec::new();
    for row in rows {
        let (band, date, order) = row?;
        let date = date
            .parse()
            .map_err(|e| color_eyre::eyre::eyre!("{}: a mark of {band} has a bad date: {e}", path.display()))?;
        marks.push(Mark { band, date, order });
    }
    Ok(marks)
}
