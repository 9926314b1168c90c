//! `--refresh <band>...`: headless, one band after another; a failure of one
//! does not stop the others, and `all` skips the bands whose key is not set.

use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_tui::config::{BandSpec, Settings};
use elmeg_tui::refresh::{progress, refresh_band, Depth};

use crate::{emit, known_band};

pub fn run(settings: &Settings, requested: &[String], depth: Depth) -> Result<ExitCode> {
    let bands: Vec<&BandSpec> = if requested.iter().any(|b| b == "all") {
        // Every band that can refresh here; one line for each that lacks a key.
        let mut ready = Vec::new();
        for band in &settings.bands {
            match settings.missing_key(band)? {
                Some(missing) => eprintln!("{}: skipped: {}", band.slug, missing.message(&settings.config_path)),
                None => ready.push(band),
            }
        }
        ready
    } else {
        let mut bands: Vec<&BandSpec> = requested
            .iter()
            .map(|slug| known_band(settings, slug))
            .collect::<Result<_>>()?;
        // `--refresh phish phish` refreshes once.
        let mut seen = std::collections::HashSet::new();
        bands.retain(|band| seen.insert(band.slug.clone()));
        bands
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let mut progress = progress::for_stderr();
    let mut failed = false;
    for band in bands {
        match runtime.block_on(refresh_band(settings, band, depth, progress.as_mut())) {
            Ok(summary) => emit(&format!("{summary}\n"))?,
            Err(err) => {
                failed = true;
                eprintln!("{}: {err:#}", band.slug);
            }
        }
    }
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
