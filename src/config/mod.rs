//! Settings: the config file, environment overrides, and the band registry.

mod needs;
mod registry;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use color_eyre::eyre::{bail, eyre, Result, WrapErr};
use elmeg_importers::{HttpSettings, SourceKind};
use serde::Deserialize;

pub use needs::MissingKey;
use registry::BandEntry;
pub use registry::BandSpec;

const APP: &str = "elmeg-tui";

/// `config.toml` as written. Every field is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    sources: HashMap<String, SourceConfig>,
    #[serde(default)]
    bands: Vec<BandEntry>,
    #[serde(default)]
    keys: HashMap<String, KeySpec>,
    #[serde(default)]
    theme: ThemeConfig,
    #[serde(default)]
    paths: PathsConfig,
    #[serde(default)]
    sync: SyncConfig,
}

/// `[sync]`: where `pull` fetches a published snapshot from.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncConfig {
    /// The folder (URL) that holds `manifest.json`.
    url: Option<String>,
}

/// `[paths]`: where the user's own files live.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PathsConfig {
    /// The marks file; relative to the config file's folder.
    mine: Option<PathBuf>,
}

/// `[keys]`: an action's keys, one or several (`quit = ["q", "ctrl-c"]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum KeySpec {
    One(String),
    Many(Vec<String>),
}

impl KeySpec {
    pub fn keys(&self) -> Vec<String> {
        match self {
            KeySpec::One(k) => vec![k.clone()],
            KeySpec::Many(ks) => ks.clone(),
        }
    }
}

/// `[theme]`: colours by name (`"cyan"`), `"#rrggbb"`, or a 0-255 index.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    pub accent: Option<String>,
    pub jamchart: Option<String>,
    pub error: Option<String>,
    pub matched: Option<String>,
}

/// `[sources.<name>]`: where a source lives, its key, and its pace.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub base_url: Option<String>,
    pub api_key: Option<String>,
    pub requests_per_second: Option<f64>,
    /// The most requests a day (setlist.fm counts them); a refresh stops before it.
    pub requests_per_day: Option<u64>,
    /// Grateful Stats' second credential.
    pub user_id: Option<String>,
    /// gdshowsdb: the commit whose data files to read.
    pub commit: Option<String>,
    /// How long one request may take, in seconds (default 20); a request that
    /// times out is tried once more.
    pub timeout_secs: Option<u64>,
}

/// Everything a command needs to know, resolved from flags, environment and files.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_path: PathBuf,
    pub cache_path: PathBuf,
    /// Where the explorer logs warnings and errors: beside the cache.
    pub log_path: PathBuf,
    /// The user's marks (attended shows): the data dir's `mine.sqlite3`, whatever
    /// cache is in use; `[paths] mine`, `ELMEG_MINE` or `--mine` put it elsewhere.
    pub mine_path: PathBuf,
    /// `[sync] url`: the published snapshot `pull` fetches when given no URL.
    pub sync_url: Option<String>,
    sources: HashMap<SourceKind, SourceConfig>,
    pub bands: Vec<BandSpec>,
    /// The slugs `enabled = false` hides.
    hidden: Vec<String>,
    pub keys: HashMap<String, KeySpec>,
    pub theme: ThemeConfig,
    /// The built-in demo: built-in bands only, and nothing to refresh.
    pub demo: bool,
}

impl Settings {
    /// `config` and `cache` are the `--config`/`--cache` flags (or their env vars), if given.
    pub fn load(config: Option<PathBuf>, cache: Option<PathBuf>) -> Result<Self> {
        let explicit = config.is_some();
        let config_path = match config {
            Some(p) => p,
            None => project_dirs()?.config_dir().join("config.toml"),
        };
        let text = match std::fs::read_to_string(&config_path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => String::new(),
            Err(e) => return Err(e).wrap_err_with(|| format!("cannot read the config file {}", config_path.display())),
        };
        let file = parse_config(&text, &config_path)?;
        // Where in the file a value stands, for an error about it.
        let at = |needle: &str| {
            text.lines()
                .position(|l| l.contains(needle))
                .map(|i| format!(", line {}", i + 1))
                .unwrap_or_default()
        };
        let cache_path = match cache {
            Some(p) => p,
            None => project_dirs()?.data_dir().join("cache.sqlite3"),
        };
        let mut sources = HashMap::new();
        for (name, cfg) in file.sources {
            let kind: SourceKind = name.parse().map_err(|e| {
                let line = at(&format!("[sources.{name}]"));
                eyre!("{}{line}: [sources.{name}]: {e}", config_path.display())
            })?;
            sources.insert(kind, cfg);
        }
        let log_path = cache_path.with_file_name("elmeg-tui.log");
        let mine_path = match file.paths.mine {
            Some(p) => config_path.parent().map_or(p.clone(), |dir| dir.join(&p)),
            None => project_dirs()?.data_dir().join("mine.sqlite3"),
        };
        let mut settings = Settings {
            config_path,
            cache_path,
            log_path,
            mine_path,
            sync_url: file.sync.url,
            sources,
            bands: Vec::new(),
            hidden: Vec::new(),
            keys: file.keys,
            theme: file.theme,
            demo: false,
        };
        let entries = registry::merge(registry::built_in()?, file.bands)
            .map_err(|e| eyre!("{}: {e}", settings.config_path.display()))?;
        settings.hidden = entries
            .iter()
            .filter(|e| e.enabled == Some(false))
            .map(|e| e.slug.clone())
            .collect();
        settings.bands = registry::resolve(entries, settings.gratefulstats_ready()?)
            .map_err(|e| eyre!("{}: {e}", settings.config_path.display()))?;
        for band in &settings.bands {
            if let Some(mbid) = band.mbid.as_deref().filter(|m| !registry::is_mbid(m)) {
                bail!(
                    "{}{}: band `{}`: mbid `{mbid}` is not a MusicBrainz id (a UUID such as \
                     94f8947c-2d9c-4519-bcf9-6d11a24ad006)",
                    settings.config_path.display(),
                    at(mbid),
                    band.slug
                );
            }
        }
        Ok(settings)
    }

    /// Grateful Stats has both its credentials, so `auto` picks it.
    fn gratefulstats_ready(&self) -> Result<bool> {
        let cfg = self.source(SourceKind::Gratefulstats)?;
        Ok(cfg.api_key.is_some() && cfg.user_id.is_some())
    }

    /// The band reads the gdshowsdb copy built into the binary: its source is
    /// gdshowsdb and no `commit` or `base_url` sends it to the network.
    pub fn reads_embedded_gdshowsdb(&self, band: &BandSpec) -> Result<bool> {
        if band.source != SourceKind::Gdshowsdb {
            return Ok(false);
        }
        let cfg = self.source(SourceKind::Gdshowsdb)?;
        Ok(cfg.commit.is_none() && cfg.base_url.is_none())
    }

    /// Settings for the demo: the built-in bands over `cache_path`; the user's keys
    /// and theme still apply.
    pub fn demo(mut self, cache_path: PathBuf) -> Result<Self> {
        // No keys: the Grateful Dead comes from the built-in gdshowsdb.
        self.bands = registry::resolve(registry::built_in()?, false)?;
        self.sources.clear();
        self.cache_path = cache_path;
        self.demo = true;
        Ok(self)
    }

    /// Adds the bands of `stored` that no registry entry or config names or hides:
    /// those a pulled snapshot brought, listed and refreshed as the server's.
    pub fn adopt(&mut self, stored: Vec<BandSpec>) {
        for band in stored {
            if self.band(&band.slug).is_none() && !self.hidden.contains(&band.slug) {
                self.bands.push(band);
            }
        }
    }

    /// A source's settings: the config file's, each field overridden by `ELMEG_<SOURCE>_<FIELD>`.
    pub fn source(&self, kind: SourceKind) -> Result<SourceConfig> {
        if self.demo {
            // The demo runs on built-in settings only.
            return Ok(SourceConfig::default());
        }
        let mut cfg = self.sources.get(&kind).cloned().unwrap_or_default();
        let env = |field: &str| {
            std::env::var(format!("{}_{field}", kind.env_prefix()))
                .ok()
                .filter(|v| !v.trim().is_empty())
        };
        if let Some(v) = env("BASE_URL") {
            cfg.base_url = Some(v);
        }
        if let Some(v) = env("API_KEY") {
            cfg.api_key = Some(v);
        }
        if let Some(v) = env("USER_ID") {
            cfg.user_id = Some(v);
        }
        if let Some(v) = env("COMMIT") {
            cfg.commit = Some(v);
        }
        if let Some(v) = env("REQUESTS_PER_SECOND") {
            let pace = v
                .trim()
                .parse::<f64>()
                .map_err(|_| eyre!("{}_REQUESTS_PER_SECOND must be a number, got `{v}`", kind.env_prefix()))?;
            cfg.requests_per_second = Some(pace);
        }
        if let Some(v) = env("TIMEOUT_SECS") {
            let secs = v
                .trim()
                .parse::<u64>()
                .map_err(|_| eyre!("{}_TIMEOUT_SECS must be a whole number, got `{v}`", kind.env_prefix()))?;
            cfg.timeout_secs = Some(secs);
        }
        if let Some(v) = env("REQUESTS_PER_DAY") {
            let limit = v.trim().parse::<u64>().map_err(|_| {
                eyre!(
                    "{}_REQUESTS_PER_DAY must be a whole number, got `{v}`",
                    kind.env_prefix()
                )
            })?;
            cfg.requests_per_day = Some(limit);
        }
        if let Some(pace) = cfg.requests_per_second {
            if !(pace.is_finite() && pace > 0.0) {
                bail!("requests_per_second for {kind} must be a number above 0, got {pace}");
            }
        }
        Ok(cfg)
    }

    /// `defaults` for a source's HTTP client, with its configured timeout.
    pub fn http(&self, kind: SourceKind, defaults: HttpSettings) -> Result<HttpSettings> {
        let timeout = match self.source(kind)?.timeout_secs {
            Some(0) => bail!("timeout_secs for {kind} must be at least 1"),
            Some(secs) => std::time::Duration::from_secs(secs),
            None => defaults.timeout,
        };
        Ok(HttpSettings { timeout, ..defaults })
    }

    pub fn band(&self, slug: &str) -> Option<&BandSpec> {
        self.bands.iter().find(|b| b.slug == slug)
    }

    /// A band's name, or its slug if it is no longer configured.
    pub fn band_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.band(slug).map_or(slug, |b| b.name.as_str())
    }

    /// The band a person means: its slug or its name in any case ("grateful dead",
    /// "Dead and Company"), or one of its aliases ("gd", "dnc").
    pub fn find_band(&self, typed: &str) -> Option<&BandSpec> {
        let typed = typed.trim();
        let lower = typed.to_lowercase();
        let key = crate::cache::song_key(typed);
        self.band(&lower)
            .or_else(|| {
                self.bands
                    .iter()
                    .find(|b| b.aliases.iter().any(|a| a.to_lowercase() == lower))
            })
            .or_else(|| self.bands.iter().find(|b| crate::cache::song_key(&b.name) == key))
    }

    pub fn band_slugs(&self) -> Vec<&str> {
        self.bands.iter().map(|b| b.slug.as_str()).collect()
    }
}

/// The 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn project_dirs() -> Result<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", APP)
        .ok_or_else(|| eyre!("cannot find a home folder; pass --cache and --config"))
}

/// Fields whose values are secrets: an error about them never repeats the value.
const SECRET_FIELDS: [&str; 2] = ["api_key", "user_id"];

fn parse_config(text: &str, path: &Path) -> Result<ConfigFile> {
    toml::from_str(text).map_err(|e| {
        let Some(span) = e.span() else {
            return eyre!("{}: {}", path.display(), e.message());
        };
        let line = line_at(text, span.start);
        let field = text
            .lines()
            .nth(line - 1)
            .and_then(|l| l.split_once('='))
            .map(|(key, _)| key.trim())
            .filter(|key| SECRET_FIELDS.contains(key));
        match field {
            Some(key) => eyre!(
                "{}, line {line}: {key} must be text in quotes (its value is not shown)",
                path.display()
            ),
            None => eyre!("{}, line {line}: {}", path.display(), e.message()),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_secret_is_never_repeated() {
        let err = parse_config("[sources.phishnet]\napi_key = 8675309867530\n", Path::new("c.toml")).unwrap_err();
        let text = err.to_string();
        assert_eq!(
            text,
            "c.toml, line 2: api_key must be text in quotes (its value is not shown)"
        );
    }

    #[test]
    fn bad_config_names_file_and_line() {
        let err = parse_config("[sources.phishnet]\napi_key = 12\n", Path::new("/x/config.toml")).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("/x/config.toml, line 2:"), "{text}");
    }

    #[test]
    fn unknown_fields_are_rejected_naming_their_line() {
        let err = parse_config("[sources.phishnet]\napikey = \"x\"\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().starts_with("c.toml, line 2:"), "{err}");
        // A key at the very start of a line is on that line, not the one before.
        let err = parse_config("\n\n[theme]\naccent = 3\n", Path::new("c.toml")).unwrap_err();
        assert!(err.to_string().starts_with("c.toml, line 4:"), "{err}");
    }
}
