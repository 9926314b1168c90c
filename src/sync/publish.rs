//! `elmeg-tui publish <DIR>`: a consistent, compressed snapshot of the cache and
//! its manifest, each written under a temporary name and renamed into place,
//! the manifest last. The snapshot is named by its content, and also linked as
//! `elmeg-cache.sqlite3.gz`; the one before it stays for fans (and HTTP caches)
//! still holding the previous manifest.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use color_eyre::eyre::{bail, eyre, Result, WrapErr};
use flate2::write::GzEncoder;
use sha2::{Digest, Sha256};

use super::manifest::{
    is_named_snapshot, snapshot_file_for, Manifest, ManifestBand, FORMAT, MANIFEST_FILE, SNAPSHOT_FILE,
};
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

/// A hidden file in `dir`, removed when dropped unless persisted into place.
/// Readable by all, less the umask, as any file written: a web server running
/// as another user serves it (tempfile's own default is owner-only).
fn temporary(dir: &Path, name: &str) -> Result<tempfile::NamedTempFile> {
    let prefix = format!(".{name}-");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
        .tempfile_in(dir)
        .wrap_err_with(|| format!("cannot write in {}", dir.display()))
}

/// Renames a finished temporary file to its public name.
fn put_in_place(file: tempfile::NamedTempFile, to: &Path) -> Result<()> {
    file.persist(to).map(drop).map_err(|e| {
        eyre!(
            "cannot rename {} to {}: {}",
            e.file.path().display(),
            to.display(),
            e.error
        )
    })
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

    // VACUUM INTO reads in one transaction: the copy is consistent while a
    // refresh writes, and compact.
    let copy = temporary(dir, "elmeg-snapshot.sqlite3")?;
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

    let packed = temporary(dir, SNAPSHOT_FILE)?;
    let (bytes, sha256) = compress(copy.path(), packed.path())?;
    drop(copy);
    let manifest = Manifest {
        format: FORMAT,
        schema_version,
        created_at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        file: snapshot_file_for(&sha256),
        bytes,
        sha256,
        bands,
    };
    let listing = temporary(dir, MANIFEST_FILE)?;
    std::fs::write(listing.path(), serde_json::to_string_pretty(&manifest)? + "\n")
        .wrap_err_with(|| format!("cannot write {}", listing.path().display()))?;
    let previous = previous_file(dir);
    put_in_place(packed, &dir.join(&manifest.file))?;
    link_latest(dir, &manifest.file)?;
    put_in_place(listing, &dir.join(MANIFEST_FILE))?;
    remove_older(dir, &manifest.file, previous.as_deref());
    Ok(manifest)
}

/// The snapshot the manifest in `dir` names now, if there is one.
fn previous_file(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(MANIFEST_FILE)).ok()?;
    serde_json::from_str::<Manifest>(&text).ok().map(|m| m.file)
}

/// Puts `file` at the fixed name too: a hard link (a copy where links are not
/// supported), renamed over the old one.
fn link_latest(dir: &Path, file: &str) -> Result<()> {
    let (from, to) = (dir.join(file), dir.join(SNAPSHOT_FILE));
    let link = dir.join(format!(".{SNAPSHOT_FILE}-{}.link.tmp", std::process::id()));
    let _ = std::fs::remove_file(&link);
    let made = std::fs::hard_link(&from, &link)
        .or_else(|_| std::fs::copy(&from, &link).map(drop))
        .and_then(|()| std::fs::rename(&link, &to));
    if made.is_err() {
        let _ = std::fs::remove_file(&link);
    }
    made.wrap_err_with(|| format!("cannot put {} at {}", from.display(), to.display()))
}

/// Removes named snapshots but the new one and the one the old manifest named.
/// Best effort: a file left is only disk space.
fn remove_older(dir: &Path, current: &str, previous: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if is_named_snapshot(&name) && name != current && Some(name.as_str()) != previous {
            let _ = std::fs::remove_file(entry.path());
        }
    }
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
