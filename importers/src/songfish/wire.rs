//! Songfish API v2 rows as they arrive. Sites differ in whether a scalar is a
//! number or a string, so every field goes through `lenient`.

use serde::Deserialize;

use crate::lenient;

/// A row of `shows/artist_id/{id}.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ShowRow {
    #[serde(deserialize_with = "lenient::id")]
    pub show_id: String,
    pub showdate: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub artist_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub showorder: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub permalink: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venuename: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tour_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tourname: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub shownotes: Option<String>,
}

/// A row of `setlists/…`: one song played, with its show's details repeated.
#[derive(Debug, Clone, Deserialize)]
pub struct SetlistRow {
    #[serde(deserialize_with = "lenient::id")]
    pub show_id: String,
    pub showdate: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub artist_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub showorder: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub permalink: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub song_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub songname: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub slug: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub settype: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub setnumber: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub position: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tracktime: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub transition_id: Option<u64>,
    /// Kept raw: `""` (end of set) differs from a missing field.
    #[serde(default)]
    pub transition: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub footnote: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub isjamchart: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub jamchart_notes: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub shownotes: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tour_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tourname: Option<String>,
    #[serde(default = "original_by_default", deserialize_with = "lenient::flag")]
    pub isoriginal: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub original_artist: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venuename: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
}

fn original_by_default() -> bool {
    true
}

/// A row of `songs.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct SongRow {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default = "original_by_default", deserialize_with = "lenient::flag")]
    pub isoriginal: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub original_artist: Option<String>,
}
