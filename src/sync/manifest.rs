//! `manifest.json`: what a published snapshot holds, beside the snapshot file.

use serde::{Deserialize, Serialize};

/// The manifest format this build writes and reads.
pub const FORMAT: u32 = 1;
/// The snapshot's file name inside the published folder: gzip, which any web
/// server and HTTP cache carries as it is.
pub const SNAPSHOT_FILE: &str = "elmeg-cache.sqlite3.gz";
pub const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub schema_version: i64,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// The bare file name inside the folder.
    pub file: String,
    /// Of the compressed file.
    pub bytes: u64,
    pub sha256: String,
    pub bands: Vec<ManifestBand>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestBand {
    pub slug: String,
    pub name: String,
    pub source: String,
    pub shows: u64,
    pub performances: u64,
    pub last_refresh: Option<String>,
}
