//! `elmeg-tui pull [URL]`: a published snapshot into this machine's cache.
//! Conditional requests make an unchanged snapshot one request and no
//! download; anything wrong leaves the old cache as it was.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use color_eyre::eyre::{bail, eyre, Result, WrapErr};
use flate2::read::GzDecoder;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::StatusCode;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use super::manifest::{Manifest, FORMAT, MANIFEST_FILE};
use super::publish::hex;
use crate::cache::Cache;
use crate::config::Settings;
use crate::refresh::{CacheLock, Progress};

/// What the last pull saw, kept in one file beside the cache.
#[derive(Debug, Default, Serialize, Deserialize)]
struct PullState {
    url: String,
    etag: Option<String>,
    last_modified: Option<String>,
    sha256: Option<String>,
}

/// How a pull ended.
#[derive(Debug, PartialEq)]
pub enum Pulled {
    UpToDate,
    Replaced(String),
}

/// A cache a pull wrote holds the server's bands, which this config may not
/// name: they are listed, browsed and refreshed too, with the ids they came with.
pub fn adopt_pulled_bands(settings: &mut Settings) {
    if state_path(&settings.cache_path).is_file() {
        settings.adopt(crate::cache::stored_bands(&settings.cache_path));
    }
}

fn state_path(cache_path: &Path) -> PathBuf {
    crate::cache::beside(cache_path, ".pull.json")
}

/// Temporary files of a pull sit beside the cache under this prefix, so that
/// one left by a killed pull is found and removed by the next.
fn temp_prefix(cache_path: &Path) -> String {
    let name = cache_path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.pull-")
}

fn remove_leftovers(cache_path: &Path) {
    let prefix = temp_prefix(cache_path);
    let dir = cache_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `base` (the folder that holds manifest.json) joined with a file in it.
fn file_url(base: &str, file: &str) -> Result<reqwest::Url> {
    if file.is_empty() || file.contains('/') || file.contains('\\') || file.starts_with('.') {
        bail!("the manifest names a file outside its folder: `{file}`");
    }
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let base = reqwest::Url::parse(&base).map_err(|e| eyre!("`{base}` is not a URL: {e}"))?;
    base.join(file).map_err(|e| eyre!("cannot join {base} and {file}: {e}"))
}

/// Pulls the snapshot at `url` into the cache. `force` replaces a cache that
/// holds bands refreshed here more recently than the snapshot.
pub fn pull(settings: &Settings, url: &str, force: bool, progress: &mut dyn Progress) -> Result<Pulled> {
    let cache_path = &settings.cache_path;
    // No refresh and no other pull of this cache while this one runs.
    let lock = CacheLock::acquire(cache_path)?;
    remove_leftovers(cache_path);
    // Ctrl-C, kill or a closed SSH session stops the download between chunks, so
    // that its temporary files go with it (a kill -9's are removed by the next pull).
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop)).wrap_err("cannot listen for signals")?;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .wrap_err("cannot start the network runtime")?;
    let result = runtime.block_on(fetch_and_replace(settings, url, force, &stop, progress));
    remove_leftovers(cache_path);
    drop(lock);
    result
}

async fn fetch_and_replace(
    settings: &Settings,
    url: &str,
    force: bool,
    stop: &AtomicBool,
    progress: &mut dyn Progress,
) -> Result<Pulled> {
    let cache_path = &settings.cache_path;
    let client = reqwest::Client::builder()
        .user_agent(elmeg_importers::http::default_user_agent())
        .connect_timeout(std::time::Duration::from_secs(20))
        .build()
        .wrap_err("cannot start the HTTP client")?;
    let previous: PullState = std::fs::read_to_string(state_path(cache_path))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .filter(|s: &PullState| s.url == url && cache_path.is_file())
        .unwrap_or_default();

    let manifest_url = file_url(url, MANIFEST_FILE)?;
    let mut request = client.get(manifest_url.clone());
    if let Some(etag) = &previous.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(modified) = &previous.last_modified {
        request = request.header(IF_MODIFIED_SINCE, modified);
    }
    progress.stage("pull", &format!("asking {manifest_url}"));
    let response = request
        .send()
        .await
        .map_err(|e| eyre!("cannot reach {manifest_url}: {}", e.without_url()))?;
    if response.status() == StatusCode::NOT_MODIFIED {
        return Ok(Pulled::UpToDate);
    }
    if !response.status().is_success() {
        bail!("{manifest_url} answered {}", response.status());
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(String::from)
    };
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    let body = response
        .bytes()
        .await
        .map_err(|e| eyre!("the manifest's download broke off: {e}"))?;
    let manifest: Manifest =
        serde_json::from_slice(&body).map_err(|e| eyre!("{manifest_url} is not an elmeg-tui manifest: {e}"))?;
    if manifest.format != FORMAT {
        bail!(
            "the manifest is of format {}; this elmeg-tui reads format {FORMAT}: upgrade elmeg-tui",
            manifest.format
        );
    }
    let state = PullState {
        url: url.to_string(),
        etag,
        last_modified,
        sha256: Some(manifest.sha256.clone()),
    };
    if previous.sha256.as_deref() == Some(manifest.sha256.as_str()) {
        save_state(cache_path, &state)?;
        return Ok(Pulled::UpToDate);
    }
    if !force {
        refuse_newer_local(cache_path, &manifest)?;
    }

    let started = Instant::now();
    let packed = download(
        &client,
        &file_url(url, &manifest.file)?,
        &manifest,
        cache_path,
        stop,
        progress,
    )
    .await?;
    let snapshot = unpack(packed.path(), cache_path)?;
    drop(packed);
    check_snapshot(snapshot.path())?;
    replace(cache_path, snapshot.path())?;
    drop(snapshot);
    save_state(cache_path, &state)?;
    progress.finish("pull");
    let shows: u64 = manifest.bands.iter().map(|b| b.shows).sum();
    Ok(Pulled::Replaced(format!(
        "pulled {}, {} (snapshot of {}), {:.1} MB in {:.1}s",
        crate::cache::plural(manifest.bands.len(), "band"),
        crate::cache::plural(crate::cache::thousands(shows), "show"),
        manifest.created_at,
        manifest.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    )))
}

fn save_state(cache_path: &Path, state: &PullState) -> Result<()> {
    let path = state_path(cache_path);
    std::fs::write(&path, serde_json::to_string_pretty(state)? + "\n")
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}

/// A pull replaces every band: not silently one refreshed here from its source
/// after the snapshot was made (an embedded load or a band never refreshed
/// here does not count).
fn refuse_newer_local(cache_path: &Path, manifest: &Manifest) -> Result<()> {
    if !cache_path.is_file() {
        return Ok(());
    }
    let cache = Cache::open(cache_path)?;
    for local in cache.refresh_records()? {
        if local.outcome != "ok" || local.requests == 0 {
            continue;
        }
        let theirs = manifest.bands.iter().find(|b| b.slug == local.band);
        let newer = match theirs.and_then(|b| b.last_refresh.as_deref()) {
            Some(theirs) => local.finished_at.as_str() > theirs,
            None => true,
        };
        if newer {
            bail!(
                "{} was refreshed here ({}) after the snapshot ({}); a pull replaces the whole cache: \
                 `elmeg-tui pull --force` to replace it anyway",
                local.band,
                local.finished_at,
                manifest.created_at
            );
        }
    }
    Ok(())
}

/// A temporary file beside the cache, removed when dropped.
fn temporary(cache_path: &Path, suffix: &str) -> Result<tempfile::NamedTempFile> {
    let dir = cache_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).wrap_err_with(|| format!("cannot create the folder {}", dir.display()))?;
    tempfile::Builder::new()
        .prefix(&temp_prefix(cache_path))
        .suffix(suffix)
        .tempfile_in(dir)
        .wrap_err_with(|| format!("cannot write in {}", dir.display()))
}

async fn download(
    client: &reqwest::Client,
    url: &reqwest::Url,
    manifest: &Manifest,
    cache_path: &Path,
    stop: &AtomicBool,
    progress: &mut dyn Progress,
) -> Result<tempfile::NamedTempFile> {
    let stopped = || stop.load(Ordering::Relaxed);
    let mut response = client
        .get(url.clone())
        .send()
        .await
        .map_err(|e| eyre!("cannot reach {url}: {}", e.without_url()))?;
    if !response.status().is_success() {
        bail!("{url} answered {}", response.status());
    }
    let mut file = temporary(cache_path, ".gz")?;
    let mut hasher = Sha256::new();
    let mut bytes = 0u64;
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| eyre!("the download broke off after {bytes} bytes: {}", e.without_url()))?
    {
        if stopped() {
            bail!("the pull was stopped; the cache is unchanged");
        }
        bytes += chunk.len() as u64;
        if bytes > manifest.bytes {
            bail!(
                "the snapshot is larger than its manifest says ({} bytes); not used",
                manifest.bytes
            );
        }
        hasher.update(&chunk);
        file.write_all(&chunk).wrap_err("cannot write the download")?;
        progress.step("pull", bytes, manifest.bytes, "downloading the snapshot");
    }
    if stopped() {
        bail!("the pull was stopped; the cache is unchanged");
    }
    if bytes != manifest.bytes {
        bail!(
            "the snapshot broke off: {bytes} of {} bytes; the cache is unchanged",
            manifest.bytes
        );
    }
    let sha256 = hex(&hasher.finalize());
    if sha256 != manifest.sha256 {
        bail!(
            "the snapshot's checksum is wrong (sha256 {sha256}, the manifest says {}); the cache is unchanged",
            manifest.sha256
        );
    }
    file.flush()?;
    Ok(file)
}

fn unpack(packed: &Path, cache_path: &Path) -> Result<tempfile::NamedTempFile> {
    let mut out = temporary(cache_path, ".sqlite3")?;
    let input = std::fs::File::open(packed)?;
    std::io::copy(&mut GzDecoder::new(input), &mut out)
        .map_err(|e| eyre!("the snapshot is not a gzip file ({e}); the cache is unchanged"))?;
    out.flush()?;
    Ok(out)
}

/// The snapshot must be a sound cache this build can read; an older schema is
/// brought up to date.
fn check_snapshot(path: &Path) -> Result<()> {
    {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let sound: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| eyre!("the snapshot is not a sound database ({e}); the cache is unchanged"))?;
        if sound != "ok" {
            bail!("the snapshot fails SQLite's integrity check ({sound}); the cache is unchanged");
        }
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > crate::cache::latest_schema_version() {
            bail!(
                "this snapshot needs a newer elmeg-tui (schema version {version}; this build knows up to {}); \
                 the cache is unchanged",
                crate::cache::latest_schema_version()
            );
        }
    }
    drop(Cache::open(path)?);
    Ok(())
}

/// Copies the snapshot over the cache through SQLite's backup, in one write
/// transaction: a reader (a running explorer) sees the old cache or the new, and
/// a pull killed half-way leaves the old one.
fn replace(cache_path: &Path, snapshot: &Path) -> Result<()> {
    let source = Connection::open_with_flags(snapshot, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut target =
        Connection::open(cache_path).wrap_err_with(|| format!("cannot open the cache {}", cache_path.display()))?;
    target.busy_timeout(std::time::Duration::from_secs(10))?;
    let backup = rusqlite::backup::Backup::new(&source, &mut target)?;
    // Every page in one step: the cache changes in one go, never half.
    let deadline = Instant::now() + std::time::Duration::from_secs(30);
    loop {
        match backup.step(-1) {
            Ok(rusqlite::backup::StepResult::Done) => return Ok(()),
            Ok(_) if Instant::now() < deadline => std::thread::sleep(std::time::Duration::from_millis(50)),
            Ok(_) => bail!(
                "the cache {} stayed busy (another program holds it); the cache is unchanged",
                cache_path.display()
            ),
            Err(e) => return Err(e).wrap_err_with(|| format!("cannot write the cache {}", cache_path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_stay_in_the_folder() {
        assert_eq!(
            file_url("https://example.org/elmeg", "manifest.json").unwrap().as_str(),
            "https://example.org/elmeg/manifest.json"
        );
        assert!(file_url("https://example.org/", "../etc/passwd").is_err());
        assert!(file_url("https://example.org/", "a/b").is_err());
    }
}
