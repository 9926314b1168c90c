//! `manifest.json`: what a published snapshot holds, beside the snapshot file.

use serde::{Deserialize, Serialize};

/// The manifest format this build writes and reads.
pub const FORMAT: u32 = 1;
/// The newest snapshot's fixed name inside the published folder, for a browser
/// or curl: gzip, which any web server and HTTP cache carries as it is.
pub const SNAPSHOT_FILE: &str = "elmeg-cache.sqlite3.gz";
pub const MANIFEST_FILE: &str = "manifest.json";

/// The name a manifest gives its snapshot: named by content, so a publish never
/// overwrites a file that an older manifest names. A manifest and its file then
/// match in the folder and in any HTTP cache in front of it, at every moment.
pub fn snapshot_file_for(sha256: &str) -> String {
    format!("elmeg-cache-{}.sqlite3.gz", &sha256[..sha256.len().min(16)])
}

/// Whether `name` is a snapshot that [`snapshot_file_for`] named.
pub fn is_named_snapshot(name: &str) -> bool {
    name.strip_prefix("elmeg-cache-")
        .and_then(|rest| rest.strip_suffix(".sqlite3.gz"))
        .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

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
