//! The offline SQLite cache: opening and migrating it, writes, and queries.

mod across;
mod attended;
mod bands;
mod browse;
mod catalog;
mod corpus;
mod derived;
mod identity;
mod query;
mod schema;
mod stats;
mod write;

use std::path::{Path, PathBuf};

use color_eyre::eyre::{bail, eyre, Result, WrapErr};
use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use across::{BandFigures, BandPerformance, SongAcross, SongIdentity};
pub use attended::{AttendedRow, AttendedShow, AttendedStats, BandShows, SongChased, SongSeen, CHASER_MIN_PLAYS};
pub use bands::stored_bands;
pub use browse::{Group, GroupKey, Grouping, ShowRow};
pub use catalog::{sort_catalog, CatalogOrder, CatalogSong, OVERDUE_MIN_PLAYS};
pub use corpus::{plural, thousands, ItemKind, ItemTarget, SearchItem};
pub use identity::song_key;

/// The cache schema this build writes; a newer file is refused.
pub fn latest_schema_version() -> i64 {
    schema::latest_version()
}
pub use query::{
    canonical_text, BandOverview, RefreshSummaryRow, SetlistSet, SetlistShow, SetlistSong, SongHistory, SongMatch,
    SongPerformance,
};
pub use stats::{Bustout, ScopeStats, SongDate, SongTimes, StatsScope, TourMatch};
pub use write::{KnownShows, Page, RefreshRecord, WriteOutcome};

pub struct Cache {
    conn: Connection,
    path: PathBuf,
}

impl Cache {
    /// Opens (creating if needed) the cache at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .wrap_err_with(|| format!("cannot create the cache folder {}", dir.display()))?;
        }
        if path.is_dir() {
            bail!(
                "the cache {} is a folder, not a file; point --cache at a file",
                path.display()
            );
        }
        let mut conn = Connection::open(path).wrap_err_with(|| format!("cannot open the cache {}", path.display()))?;
        when_not_busy(|| configure(&conn)).map_err(|e| corrupt(path, e))?;
        let read_version = |conn: &Connection| -> Result<i64> {
            when_not_busy(|| conn.pragma_query_value(None, "user_version", |r| r.get(0))).map_err(|e| corrupt(path, e))
        };
        let mut version = read_version(&conn)?;
        if version > schema::latest_version() {
            bail!(
                "the cache {} was written by a newer elmeg-tui (schema version {version}; this build knows up to {}); \
                 upgrade elmeg-tui, or point --cache at another file",
                path.display(),
                schema::latest_version()
            );
        }
        // Two processes opening a new cache at once: one migrates, the other waits
        // for it and then finds the schema ready.
        let lock = if version < schema::latest_version() {
            let lock = MigrationLock::acquire(path)?;
            version = read_version(&conn)?;
            schema::migrations()
                .to_latest(&mut conn)
                .map_err(|e| eyre!("cannot update the cache {} to the current schema: {e}", path.display()))?;
            Some(lock)
        } else {
            None
        };
        let mut cache = Cache {
            conn,
            path: path.to_path_buf(),
        };
        if version < schema::COUNTRIES_SINCE {
            let tx = cache.write_transaction()?;
            write::normalize_countries(&tx)?;
            tx.commit()?;
        }
        if version < schema::DERIVED_SINCE {
            // A cache from before derived data: build it now, once.
            for band_id in cache.band_ids()? {
                cache.refresh_derived(band_id)?;
            }
        }
        drop(lock);
        Ok(cache)
    }

    /// Every write goes through one of these: `BEGIN IMMEDIATE` takes the write
    /// lock first, so a transaction that reads and then writes waits for another
    /// writer (the busy timeout) instead of failing with `SQLITE_BUSY_SNAPSHOT`.
    fn write_transaction(&self) -> rusqlite::Result<Transaction<'_>> {
        Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
    }

    /// Runs several reads as one: a writer's commit between them is not seen, so
    /// what they read agrees (a count and the rows it counts, a whole export).
    pub fn snapshot<T>(&self, read: impl FnOnce(&Cache) -> Result<T>) -> Result<T> {
        if !self.conn.is_autocommit() {
            return read(self); // already inside one
        }
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Deferred)?;
        let result = read(self);
        // Only reads happened: ending the transaction either way loses nothing.
        let _ = tx.rollback();
        result
    }

    fn band_ids(&self) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM bands")?;
        let ids = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The cache file's size on disk, write-ahead log included.
    pub fn size_bytes(&self) -> u64 {
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        let wal = PathBuf::from(wal);
        [&self.path, &wal]
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum()
    }

    /// A consistent, compact copy of the whole cache into a new file at `path`.
    pub fn copy_into(&self, path: &Path) -> Result<()> {
        let _ = std::fs::remove_file(path);
        self.conn
            .execute("VACUUM INTO ?1", [path.to_string_lossy()])
            .wrap_err_with(|| format!("cannot copy the cache into {}", path.display()))?;
        Ok(())
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    // First, so that switching a new file to WAL waits for another process too.
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // WAL lets the explorer read while a refresh writes; NORMAL is durable enough under WAL.
    conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Runs `step` again while another process holds the lock it needs. Switching a
/// new file to WAL needs an exclusive lock, and two processes asking at once get
/// `SQLITE_BUSY` at once (SQLite's deadlock avoidance), not after the busy timeout.
fn when_not_busy<T>(mut step: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match step() {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// A file beside the cache, named after it plus `suffix` (`cache.sqlite3.lock`).
pub fn beside(cache_path: &Path, suffix: &str) -> PathBuf {
    let mut name = cache_path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    cache_path.with_file_name(name)
}

/// Opens (creating) the lock file beside the cache named by `suffix`, and its folder.
pub fn lock_file(cache_path: &Path, suffix: &str) -> Result<(std::fs::File, PathBuf)> {
    let path = beside(cache_path, suffix);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create {}", dir.display()))?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .wrap_err_with(|| format!("cannot open the lock file {}", path.display()))?;
    Ok((file, path))
}

/// Held while the schema is brought up to date: an OS file lock beside the
/// cache, waited for, released when dropped or when the process ends.
struct MigrationLock {
    _file: std::fs::File,
}

impl MigrationLock {
    fn acquire(cache_path: &Path) -> Result<Self> {
        let (file, path) = lock_file(cache_path, ".migrate.lock")?;
        file.lock()
            .wrap_err_with(|| format!("cannot lock {}", path.display()))?;
        Ok(MigrationLock { _file: file })
    }
}

/// Why the cache could not be opened. A folder or file we may not write is named
/// as the cause, since the cache itself is then healthy and must not be moved aside.
fn corrupt(path: &Path, e: rusqlite::Error) -> color_eyre::Report {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !writable_dir(dir) {
        return eyre!(
            "cannot open the cache {}: no write permission on its folder {} (SQLite writes its -wal and \
             -shm files there); make the folder writable, or copy the cache to a writable place and \
             point --cache at it",
            path.display(),
            dir.display()
        );
    }
    if std::fs::OpenOptions::new().append(true).open(path).is_err() && path.exists() {
        return eyre!(
            "cannot open the cache {}: no write permission on the file; make it writable",
            path.display()
        );
    }
    eyre!(
        "the cache {} cannot be read ({e}); it may be damaged or not a cache file: \
         move it aside and run `elmeg-tui --refresh all` to rebuild it",
        path.display()
    )
}

/// Whether a file can be made in `dir` (a probe, as root ignores permission bits
/// but not a read-only file system).
fn writable_dir(dir: &Path) -> bool {
    tempfile::Builder::new()
        .prefix(".elmeg-probe-")
        .tempfile_in(dir)
        .is_ok()
}
