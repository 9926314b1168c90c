//! What a band's source needs from this machine and lacks (an API key): the one
//! definition behind a refresh's error, `--refresh all`'s skip, and the
//! explorer's band row.

use std::path::Path;

use color_eyre::eyre::Result;
use elmeg_importers::SourceKind;

use super::{BandSpec, Settings};

/// A key a band's source needs that is not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingKey {
    /// "Phish.net API key".
    pub what: &'static str,
    /// The environment variables that set it.
    pub variables: &'static str,
    /// Where config.toml sets it.
    pub config: &'static str,
    /// Another way, if there is one.
    pub instead: &'static str,
}

impl MissingKey {
    /// The one line a refresh fails or is skipped with.
    pub fn message(&self, config_path: &Path) -> String {
        format!(
            "no {}; set {} or {} in {}{}",
            self.what,
            self.variables,
            self.config,
            config_path.display(),
            self.instead
        )
    }
}

impl Settings {
    /// The key the band's source needs and this machine lacks, if any.
    pub fn missing_key(&self, band: &BandSpec) -> Result<Option<MissingKey>> {
        let source = self.source(band.source)?;
        Ok(match band.source {
            SourceKind::Phishnet if source.api_key.is_none() => Some(MissingKey {
                what: "Phish.net API key",
                variables: "ELMEG_PHISHNET_API_KEY",
                config: "[sources.phishnet] api_key",
                instead: "",
            }),
            SourceKind::Setlistfm if source.api_key.is_none() => Some(MissingKey {
                what: "setlist.fm API key",
                variables: "ELMEG_SETLISTFM_API_KEY",
                config: "[sources.setlistfm] api_key",
                instead: "",
            }),
            SourceKind::Gratefulstats if source.api_key.is_none() || source.user_id.is_none() => Some(MissingKey {
                what: "Grateful Stats API key and user id",
                variables: "ELMEG_GRATEFULSTATS_API_KEY and ELMEG_GRATEFULSTATS_USER_ID",
                config: "[sources.gratefulstats] api_key and user_id",
                instead: " (or use source = \"gdshowsdb\", which needs no key)",
            }),
            _ => None,
        })
    }
}
