//! `elmeg-tui publish <DIR>`: a consistent, compressed snapshot of the cache and
//! its manifest, each written under a temporary name and renamed into place,
//! the manifest last.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use color_eyre::eyre::{bail, Result, WrapErr};
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use super::manifest::{Manifest, ManifestBand, FORMAT, MANIFEST_FILE, SNAPSHOT_FILE};
use crate::cache::Cache;
use crate::config::Settings;

/// A writer that counts and hashes what passes through it.
struct Hashing<W> {
    inner: W,
    hasher: Sha256,
    bytes: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// A file that is removed when dropped unless it was renamed into place.
struct Temporary(Option<PathBuf>);

impl Temporary {
    fn path(&self) -> &Path {
        self.0.as_deref().expect("not yet renamed")
    }

    fn rename_to(mut self, to: &Path) -> Result<()> {
        let from = self.0.take().expect("not yet renamed");
        std::fs::rename(&from, to).wrap_err_with(|| format!("cannot rename {} to {}", from.display(), to.display()))
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Publishes the cache into `dir`; returns the manifest written.
pub fn publish(settings: &Settings, dir: &Path) -> Result<Manifest> {
    if !settings.cache_path.is_file() {
        bail!(
            "there is no cache to publish at {}; run `elmeg-tui --refresh all` first",
            settings.cache_path.display()
        );
    }
    std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create the folder {}", dir.display()))?;
    let cache = Cache::open(&settings.cache_path)?;
    let stamp = std::process::id();

    // VACUUM INTO reads in one transaction: the copy is consistent while a
    // refresh writes, and compact.
    let copy = Temporary(Some(dir.join(format!(".elmeg-snapshot-{stamp}.sqlite3.tmp"))));
    cache.copy_into(copy.path())?;
    let bands = cache
        .band_overviews(&settings.bands)?
        .into_iter()
        .filter(|b| b.shows > 0)
        .map(|b| ManifestBand {
            slug: b.slug,
            name: b.name,
            source: b.source,
            shows: b.shows,
            performances: b.performances,
            last_refresh: b.last_refresh,
        })
        .collect();
    let schema_version = cache.schema_version()?;
    drop(cache);

    let packed = Temporary(Some(dir.join(format!(".{SNAPSHOT_FILE}-{stamp}.tmp"))));
    let (bytes, sha256) = compress(copy.path(), packed.path())?;
    drop(copy);
    let manifest = Manifest {
        format: FORMAT,
        schema_version,
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        file: SNAPSHOT_FILE.to_string(),
        bytes,
        sha256,
        bands,
    };
    let listing = Temporary(Some(dir.join(format!(".{MANIFEST_FILE}-{stamp}.tmp"))));
    std::fs::write(listing.path(), serde_json::to_string_pretty(&manifest)? + "\n")
        .wrap_err_with(|| format!("cannot write {}", listing.path().display()))?;
    packed.rename_to(&dir.join(SNAPSHOT_FILE))?;
    listing.rename_to(&dir.join(MANIFEST_FILE))?;
    Ok(manifest)
}

/// Gzips `from` into `to`: the compressed size and its SHA-256, in hex.
fn compress(from: &Path, to: &Path) -> Result<(u64, String)> {
    let out = File::create(to).wrap_err_with(|| format!("cannot write {}", to.display()))?;
    let hashing = Hashing {
        inner: BufWriter::new(out),
        hasher: Sha256::new(),
        bytes: 0,
    };
    let mut gz = GzEncoder::new(hashing, flate2::Compression::default());
    let mut input = File::open(from).wrap_err_with(|| format!("cannot read {}", from.display()))?;
    std::io::copy(&mut input, &mut gz).wrap_err_with(|| format!("cannot write {}", to.display()))?;
    let mut hashing = gz.finish()?;
    hashing.flush()?;
    hashing.inner.into_inner()?.sync_all()?;
    Ok((hashing.bytes, hex(&hashing.hasher.finalize())))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
