//! A band's row beyond its identity: the ids its refresh needs, kept so that a
//! pulled snapshot brings the server's bands whole, and read back without
//! writing anything.

use std::path::Path;

use elmeg_importers::SourceKind;
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use crate::config::BandSpec;

/// What `bands.source_ids` holds, as JSON.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct SourceIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    artist_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    artist_slug: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    mbid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
}

impl SourceIds {
    pub(super) fn json_of(band: &BandSpec) -> String {
        let ids = SourceIds {
            artist_id: band.artist_id.clone(),
            artist_slug: band.artist_slug.clone(),
            mbid: band.mbid.clone(),
            base_url: band.base_url.clone(),
        };
        serde_json::to_string(&ids).unwrap_or_default()
    }
}

/// The bands the cache file at `path` holds, with their ids, oldest first. Opens
/// it read-only and migrates nothing; a missing or unreadable file holds none
/// here, and opening it for real says what is wrong with it.
pub fn stored_bands(path: &Path) -> Vec<BandSpec> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let Ok(conn) = Connection::open_with_flags(path, flags) else {
        return Vec::new();
    };
    // A cache older than schema 5 has no ids: its bands come with their source only.
    let Ok(mut stmt) = conn
        .prepare("SELECT slug, name, source, source_ids FROM bands ORDER BY id")
        .or_else(|_| conn.prepare("SELECT slug, name, source, NULL FROM bands ORDER BY id"))
    else {
        return Vec::new();
    };
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<String>>(3)?,
        ))
    });
    let Ok(rows) = rows else { return Vec::new() };
    rows.flatten()
        .filter_map(|(slug, name, source, ids)| {
            let source: SourceKind = source.parse().ok()?;
            let ids: SourceIds = ids.and_then(|j| serde_json::from_str(&j).ok()).unwrap_or_default();
            Some(BandSpec {
                artist_id: ids.artist_id,
                artist_slug: ids.artist_slug,
                mbid: ids.mbid,
                base_url: ids.base_url,
                ..BandSpec::new(&slug, &name, source)
            })
        })
        .collect()
}
