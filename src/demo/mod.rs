//! The built-in demo: real setlists from `assets/demo/` and the whole Grateful
//! Dead from the gdshowsdb copy inside the binary, in a cache of its own in a
//! temporary folder, so the user's cache is never touched.
//!
//! `assets/demo/goose.json` is the Songfish importer's reading of the three
//! recorded elgoose.net answers (`setlists/showdate/…`), saved in our format.

use std::path::PathBuf;

use color_eyre::eyre::{eyre, Result, WrapErr};
use elmeg_importers::Show;
use serde::Deserialize;

use crate::cache::Cache;
use crate::config::Settings;
use crate::refresh::progress::PlainProgress;
use crate::refresh::{refresh_band, Depth};

/// Shown in the explorer's status bar.
pub const BANNER: &str = "demo data: run `elmeg-tui --refresh <band>` for the full catalog";

/// The demo catalog, one file a band, in the importers' normalized format.
const BANDS: &[(&str, &str)] = &[
    ("phish", include_str!("../../assets/demo/phish.json")),
    ("goose", include_str!("../../assets/demo/goose.json")),
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
    /// Writes the small demo catalogs into a new cache for the built-in bands.
    /// The Grateful Dead is not in it yet: the explorer loads it in the
    /// background at start, as on any first start; a command calls
    /// [`Demo::load_built_in`] first.
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

    /// Loads every band whose catalog is built into the binary (the Grateful
    /// Dead), now. `settings` are the demo's.
    pub fn load_built_in(settings: &Settings) -> Result<()> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .wrap_err("cannot start the async runtime")?;
        let mut quiet = PlainProgress::new(std::io::sink());
        for band in &settings.bands {
            if settings.reads_embedded_gdshowsdb(band)? {
                runtime.block_on(refresh_band(settings, band, Depth::Incremental, &mut quiet))?;
            }
        }
        Ok(())
    }
}
