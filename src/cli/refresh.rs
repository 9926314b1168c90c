//! `--refresh <band>...`: headless, one band after another; a failure of one
//! does not stop the others.

use std::process::ExitCode;

use color_eyre::eyre::{Result, WrapErr};
use elmeg_tui::config::{BandSpec, Settings};
use elmeg_tui::refresh::{progress, refresh_band, Depth};

use crate::{emit, known_band};

pub fn run(settings: &Settings, requested: &[String], depth: Depth) -> Result<ExitCode> {
    let bands: Vec<&BandSpec> = if requested.iter().any(|b| b == "all") {
        settings.bands.iter().collect()
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
