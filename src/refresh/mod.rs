//! The driver from an importer to the cache: locking, progress, counts, and the
//! record of each band's refresh.

mod gdshowsdb;
mod gratefulstats;
mod lock;
mod phishnet;
pub mod progress;
mod setlistfm;
mod songfish;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use color_eyre::eyre::Result;
use elmeg_importers::{Show, SourceKind};

use crate::cache::{plural, Cache, Page, RefreshRecord, WriteOutcome};
use crate::config::{BandSpec, Settings};
pub use lock::{BandLock, CacheLock};
pub use progress::Progress;

/// The refresh of `band` cannot run here: the one line saying which key to set.
fn missing_key(settings: &Settings, band: &BandSpec) -> color_eyre::Report {
    match settings.missing_key(band) {
        Ok(Some(missing)) => color_eyre::eyre::eyre!(missing.message(&settings.config_path)),
        Ok(None) => color_eyre::eyre::eyre!("{}: its source's key is not set", band.slug),
        Err(e) => e,
    }
}

/// What one band's refresh did.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshSummary {
    pub band: String,
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub requests: u64,
    pub elapsed: Duration,
    /// Why the refresh stopped early without failing, e.g. a daily request limit.
    pub note: Option<String>,
}

impl std::fmt::Display for RefreshSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} added, {} updated, {} unchanged; {} in {:.1}s",
            self.band,
            plural(self.added as usize, "show"),
            self.updated,
            self.unchanged,
            plural(self.requests as usize, "request"),
            self.elapsed.as_secs_f64()
        )?;
        match &self.note {
            Some(note) => write!(f, " ({note})"),
            None => Ok(()),
        }
    }
}

/// Counts shows as they are written; a show seen twice counts once.
#[derive(Debug, Default)]
struct Tally {
    added: u64,
    updated: u64,
    seen: HashSet<String>,
}

impl Tally {
    fn record(&mut self, source_id: &str, outcome: WriteOutcome) {
        if !self.seen.insert(source_id.to_string()) {
            return;
        }
        match outcome {
            WriteOutcome::Added => self.added += 1,
            WriteOutcome::Updated => self.updated += 1,
            WriteOutcome::Unchanged => {}
        }
    }

    /// Shows the source lists that were neither added nor updated.
    fn unchanged(&self, listed: impl IntoIterator<Item = String>) -> u64 {
        let mut all = self.seen.clone();
        all.extend(listed);
        all.len() as u64 - self.added - self.updated
    }
}

/// How much a refresh fetches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Depth {
    /// What is new or changed, as cheaply as the source allows.
    #[default]
    Incremental,
    /// Everything again (`--full`), to pick up edits to old setlists that the
    /// source does not announce. Songfish refetches every year; sources whose
    /// incremental refresh already sees every edit refresh as usual.
    Full,
}

/// Writes one batch (a source page or a year) in one transaction and counts it.
fn store(cache: &mut Cache, band_id: i64, shows: &[Show], tally: &mut Tally) -> Result<()> {
    cache.write_page(band_id, |page| store_in(page, shows, tally))
}

/// Writes shows inside the caller's transaction and counts them.
fn store_in(page: &mut Page, shows: &[Show], tally: &mut Tally) -> Result<()> {
    for show in shows {
        tally.record(&show.source_id, page.write(show)?);
    }
    Ok(())
}

/// The first progress line of a refresh by years.
fn year_plan(shows: usize, years: usize) -> String {
    format!("{} listed; {} to fetch", plural(shows, "show"), plural(years, "year"))
}

/// What a source's driver hands back.
struct SourceOutcome {
    tally: Tally,
    /// Every show the source listed, for the unchanged count; empty when it lists
    /// only what it sent.
    listed: Vec<String>,
    requests: u64,
    /// Why the refresh stopped early without failing.
    note: Option<String>,
    /// What the source still owes (shows without a setlist yet), asked for again
    /// on the next refresh.
    pending: Option<String>,
}

/// Refreshes one band. A failure leaves what the cache already held intact, and
/// is recorded as the band's last refresh.
pub async fn refresh_band(
    settings: &Settings,
    band: &BandSpec,
    depth: Depth,
    progress: &mut dyn Progress,
) -> Result<RefreshSummary> {
    let _lock = BandLock::acquire(&settings.cache_path, &band.slug)?;
    let mut cache = Cache::open(&settings.cache_path)?;
    let band_id = cache.ensure_band(band)?;
    let started_at = now_rfc3339();
    let clock = Instant::now();

    let outcome = match band.source {
        SourceKind::Phishnet => phishnet::run(settings, band, &mut cache, band_id, progress).await,
        SourceKind::Setlistfm => setlistfm::run(settings, band, &mut cache, band_id, progress).await,
        SourceKind::Gratefulstats => gratefulstats::run(settings, band, &mut cache, band_id, progress).await,
        SourceKind::Gdshowsdb => gdshowsdb::run(settings, band, &mut cache, band_id, progress).await,
        SourceKind::Songfish => songfish::run(settings, band, depth, &mut cache, band_id, progress).await,
    };
    // A band moved to another source keeps its old shows until the new one delivers.
    let outcome = outcome.and_then(|o| {
        if o.note.is_none() {
            cache.remove_other_sources(band_id, band.source)?;
        }
        Ok(o)
    });
    progress.finish(&band.slug);
    // Whatever was written, even by a refresh that failed halfway, is counted and searchable.
    let derived = cache.refresh_derived(band_id);
    let outcome = outcome.and_then(|o| derived.map(|()| o));

    let mut record = RefreshRecord {
        started_at,
        finished_at: now_rfc3339(),
        ..RefreshRecord::default()
    };
    match outcome {
        Ok(SourceOutcome {
            tally,
            listed,
            requests,
            note,
            pending,
        }) => {
            let note = match (note, pending) {
                (Some(note), Some(pending)) => Some(format!("{note}; {pending}")),
                (note, pending) => note.or(pending),
            };
            let summary = RefreshSummary {
                band: band.slug.clone(),
                added: tally.added,
                updated: tally.updated,
                unchanged: tally.unchanged(listed),
                requests,
                elapsed: clock.elapsed(),
                note,
            };
            record.added = summary.added;
            record.updated = summary.updated;
            record.unchanged = summary.unchanged;
            record.requests = summary.requests;
            cache.record_refresh(band_id, &record)?;
            Ok(summary)
        }
        Err(err) => {
            record.error = Some(format!("{err:#}"));
            // The refresh's own error matters more than a failure to note it.
            let _ = cache.record_refresh(band_id, &record);
            Err(err)
        }
    }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
