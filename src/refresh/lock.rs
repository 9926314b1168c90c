//! One refresh per band at a time, across processes: an OS file lock beside the cache.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use color_eyre::eyre::{bail, Result, WrapErr};

/// Held for the whole refresh; the OS releases it when the process ends, however it ends.
#[derive(Debug)]
pub struct BandLock {
    _file: File,
}

impl BandLock {
    pub fn acquire(cache_path: &Path, band: &str) -> Result<Self> {
        let path = lock_path(cache_path, band);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create {}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .wrap_err_with(|| format!("cannot open the lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(BandLock { _file: file }),
            Err(TryLockError::WouldBlock) => bail!(
                "another refresh of {band} is already running (lock {}); wait for it to finish",
                path.display()
            ),
            Err(TryLockError::Error(e)) => Err(e).wrap_err_with(|| format!("cannot lock {}", path.display())),
        }
    }
}

fn lock_path(cache_path: &Path, band: &str) -> PathBuf {
    let mut name = cache_path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".refresh-{band}.lock"));
    cache_path.with_file_name(name)
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
}
