//! The built-in demo: real setlists from `assets/demo/`, loaded into a cache of
//! its own in a temporary folder, so the user's cache is never touched.

use std::path::PathBuf;

use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::Show;
use serde::Deserialize;

use crate::cache::Cache;
use crate::config::Settings;

/// Shown in the explorer's status bar.
pub const BANNER: &str = "demo data: run `elmeg-tui --refresh <band>` for the full catalog";

/// The demo catalog, one file a band, in the importers' normalized format.
const BANDS: &[(&str, &str)] = &[
    ("phish", include_str!("../../assets/demo/phish.json")),
    ("grateful-dead", include_str!("../../assets/demo/grateful-dead.json")),
];

#[derive(Deserialize)]
struct DemoBand {
    band: String,
    shows: Vec<Show>,
}

/// A demo cache; the folder goes when this is dropped.
pub struct Demo {
    _dir: tempfile::TempDir,
    pub cache_path: PathBuf,
}

impl Demo {
    /// Writes the demo catalog into a new cache for the built-in bands.
    pub fn prepare(settings: &Settings) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("elmeg-tui-demo-")
            .tempdir()
            .wrap_err("cannot make a folder for the demo cache")?;
        let cache_path = dir.path().join("demo.sqlite3");
        let mut cache = Cache::open(&cache_path)?;
        for (slug, text) in BANDS {
            let data: DemoBand =
                serde_json::from_str(text).wrap_err_with(|| format!("the demo data of {slug} is broken"))?;
            let band = settings
                .band(&data.band)
                .ok_or_else(|| eyre!("the demo band {} is not in the registry", data.band))?;
            let band_id = cache.ensure_band(band)?;
            for show in &data.shows {
                cache.write_show(band_id, show)?;
            }
            cache.refresh_derived(band_id)?;
        }
        Ok(Demo { _dir: dir, cache_path })
    }
}
