//! Who may write the cache, across processes: OS file locks beside it.
//!
//! A refresh holds `<cache>.lock` shared and `<cache>.refresh-<band>.lock`
//! exclusively, so refreshes of different bands run side by side. A pull, which
//! replaces the whole cache, holds `<cache>.lock` exclusively: one file however
//! many bands there are. The OS releases a lock when its process ends, however
//! it ends, so the files stay (removing a lock file races its next opener).

use std::fs::{File, TryLockError};
use std::path::Path;

use color_eyre::eyre::{bail, Result, WrapErr};

use crate::cache::lock_file;

/// Held for the whole refresh of one band.
#[derive(Debug)]
pub struct BandLock {
    _cache: File,
    _band: File,
}

impl BandLock {
    pub fn acquire(cache_path: &Path, band: &str) -> Result<Self> {
        let (cache, path) = lock_file(cache_path, ".lock")?;
        if !locked(cache.try_lock_shared(), &path)? {
            bail!("a pull is replacing this cache; refresh {band} when it has finished");
        }
        let (band_file, path) = lock_file(cache_path, &format!(".refresh-{band}.lock"))?;
        if !locked(band_file.try_lock(), &path)? {
            bail!(
                "another refresh of {band} is already running (lock {}); wait for it to finish",
                path.display()
            );
        }
        Ok(BandLock {
            _cache: cache,
            _band: band_file,
        })
    }
}

/// Held for the whole pull: no refresh and no other pull of this cache meanwhile.
#[derive(Debug)]
pub struct CacheLock {
    _cache: File,
}

impl CacheLock {
    pub fn acquire(cache_path: &Path) -> Result<Self> {
        let (cache, path) = lock_file(cache_path, ".lock")?;
        if !locked(cache.try_lock(), &path)? {
            bail!("a refresh or another pull of this cache is running; wait for it to finish");
        }
        Ok(CacheLock { _cache: cache })
    }
}

/// Whether a `try_lock` took the lock; false when another process holds it.
fn locked(attempt: Result<(), TryLockError>, path: &Path) -> Result<bool> {
    match attempt {
        Ok(()) => Ok(true),
        Err(TryLockError::WouldBlock) => Ok(false),
        Err(TryLockError::Error(e)) => Err(e).wrap_err_with(|| format!("cannot lock {}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_band_fails_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.sqlite3");
        let first = BandLock::acquire(&cache, "phish").unwrap();
        let err = BandLock::acquire(&cache, "phish").unwrap_err().to_string();
        assert!(err.contains("another refresh of phish is already running"), "{err}");
        // Other bands are independent, and the lock frees on drop.
        BandLock::acquire(&cache, "goose").unwrap();
        drop(first);
        BandLock::acquire(&cache, "phish").unwrap();
    }

    #[test]
    fn a_pull_excludes_every_refresh_and_is_excluded_by_any() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cache.sqlite3");
        let refreshing = BandLock::acquire(&cache, "phish").unwrap();
        let err = CacheLock::acquire(&cache).unwrap_err().to_string();
        assert!(err.contains("a refresh or another pull"), "{err}");
        drop(refreshing);

        let pulling = CacheLock::acquire(&cache).unwrap();
        let err = BandLock::acquire(&cache, "goose").unwrap_err().to_string();
        assert!(err.contains("a pull is replacing this cache"), "{err}");
        assert!(CacheLock::acquire(&cache).is_err(), "one pull at a time");
        drop(pulling);
        BandLock::acquire(&cache, "goose").unwrap();
    }
}
