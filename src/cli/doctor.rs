//! `doctor`: where things live and what is set. It never prints a key, and
//! never creates a file.

use std::process::ExitCode;

use color_eyre::eyre::Result;
use elmeg_importers::gdshowsdb::embedded;
use elmeg_importers::SourceKind;
use elmeg_tui::cache::Cache;
use elmeg_tui::config::{BandSpec, Settings};

use crate::emit;

pub fn run(settings: &Settings) -> Result<ExitCode> {
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let config = if settings.demo {
        "(the demo uses built-in settings)".to_string()
    } else if settings.config_path.exists() {
        settings.config_path.display().to_string()
    } else {
        format!("{} (not there: defaults apply)", settings.config_path.display())
    };
    line(format!("config:  {config}"));
    // Looking never creates: a missing cache is reported, not made.
    let present = settings.cache_path.is_file();
    if present {
        line(format!("cache:   {}", settings.cache_path.display()));
    } else {
        line(format!(
            "cache:   {} (missing: `elmeg-tui --refresh all` or the explorer makes it)",
            settings.cache_path.display()
        ));
    }
    line(format!("log:     {}", settings.log_path.display()));
    let marks = match elmeg_tui::mine::Mine::read(&settings.mine_path) {
        Ok(marks) if settings.mine_path.is_file() => elmeg_tui::cache::plural(marks.len(), "attended show"),
        Ok(_) => "none yet: `m` in the explorer or `elmeg-tui attended add` makes it".to_string(),
        Err(e) => format!("cannot be read: {e:#}"),
    };
    line(format!("mine:    {} ({marks})", settings.mine_path.display()));

    line("keys:".into());
    for source in SourceKind::ALL {
        let cfg = settings.source(source)?;
        let env_set =
            |field: &str| std::env::var_os(format!("{}_{field}", source.env_prefix())).is_some_and(|v| !v.is_empty());
        let state = |value: &Option<String>, field: &str| match (value, env_set(field)) {
            (None, _) => format!("{field} not set"),
            (Some(_), true) => format!("{field} set (from {}_{field})", source.env_prefix()),
            (Some(_), false) => format!("{field} set (from the config file)"),
        };
        let what = match source {
            SourceKind::Gdshowsdb | SourceKind::Songfish => "no key needed".to_string(),
            SourceKind::Gratefulstats => {
                format!("{}, {}", state(&cfg.api_key, "API_KEY"), state(&cfg.user_id, "USER_ID"))
            }
            _ => state(&cfg.api_key, "API_KEY"),
        };
        line(format!("  {:<15} {what}", source.display_name()));
    }

    let records = if present {
        let cache = Cache::open(&settings.cache_path)?;
        line(format!("schema:  version {}", cache.schema_version()?));
        line(format!("size:    {} bytes", cache.size_bytes()));
        cache.refresh_records()?
    } else {
        Vec::new()
    };
    line("bands:".into());
    for band in &settings.bands {
        let last = match records.iter().find(|r| r.band == band.slug) {
            None => "never refreshed".to_string(),
            Some(r) if r.outcome == "ok" => format!(
                "last refresh {} ok: {} added, {} updated, {} requests",
                r.finished_at, r.added, r.updated, r.requests
            ),
            Some(r) => format!(
                "last refresh {} failed: {}",
                r.finished_at,
                r.error.as_deref().unwrap_or("no reason recorded")
            ),
        };
        line(format!(
            "  {:<18} {:<27} {last}",
            band.slug,
            source_used(settings, band)?
        ));
    }
    line(String::new());
    line(embedded::ATTRIBUTION.to_string());
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The source a band's refresh uses, and why: `gdshowsdb (auto, built in)`.
fn source_used(settings: &Settings, band: &BandSpec) -> Result<String> {
    let mut why = Vec::new();
    if band.auto_source {
        why.push("auto");
    }
    if settings.reads_embedded_gdshowsdb(band)? {
        why.push("built in");
    }
    Ok(if why.is_empty() {
        band.source.as_str().to_string()
    } else {
        format!("{} ({})", band.source.as_str(), why.join(", "))
    })
}
