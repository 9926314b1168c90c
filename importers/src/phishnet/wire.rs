//! Phish.net API v5 rows as they arrive. Every scalar may be a number or a
//! string depending on the era, so all of them go through `lenient`.

use serde::Deserialize;

use crate::lenient;

/// `{"error": false|0|true|2, "error_message": "", "data": [...]}`.
#[derive(Debug, Deserialize)]
pub struct Envelope {
    #[serde(default)]
    pub error: serde_json::Value,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub error_message: Option<String>,
    #[serde(default)]
    pub data: serde_json::Value,
}

impl Envelope {
    /// The error the envelope reports, if any: `(code, message)`.
    pub fn error(&self) -> Option<(Option<i64>, Option<String>)> {
        use serde_json::Value;
        let code = match &self.error {
            Value::Null | Value::Bool(false) => return None,
            Value::Bool(true) => None,
            Value::Number(n) if n.as_f64() == Some(0.0) => return None,
            Value::Number(n) => n.as_i64(),
            Value::String(s) if matches!(s.trim(), "" | "0" | "false") => return None,
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        Some((code, self.error_message.clone()))
    }

    /// The rows of `data`; `null` or an empty string is no rows.
    pub fn rows<T: serde::de::DeserializeOwned>(self) -> Result<Vec<T>, serde_json::Error> {
        match self.data {
            serde_json::Value::Null => Ok(Vec::new()),
            serde_json::Value::String(s) if s.trim().is_empty() => Ok(Vec::new()),
            data => serde_json::from_value(data),
        }
    }
}

/// A row of `shows/artist/{slug}.json`.
#[derive(Debug, Clone, Deserialize)]
pub struct ShowRow {
    #[serde(deserialize_with = "lenient::id")]
    pub showid: String,
    pub showdate: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub permalink: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub exclude_from_stats: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venueid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub setlist_notes: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub artistid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tourid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tour_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub updated_at: Option<String>,
}

/// A row of `setlists/showyear/{year}.json` or `setlists/showdate/{date}.json`:
/// one performance, with its show's details repeated.
#[derive(Debug, Clone, Deserialize)]
pub struct SetlistRow {
    #[serde(deserialize_with = "lenient::id")]
    pub showid: String,
    pub showdate: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub permalink: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub exclude: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub setlistnotes: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub songid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub position: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub transition: Option<u64>,
    /// Kept raw: `""` (end of set) differs from a missing field.
    #[serde(default)]
    pub trans_mark: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub footnote: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub set: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub isjamchart: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub jamchart_description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tracktime: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tourid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub tourname: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub song: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub slug: Option<String>,
    #[serde(default = "original_by_default", deserialize_with = "lenient::flag")]
    pub is_original: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venueid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub artistid: Option<String>,
}

fn original_by_default() -> bool {
    true
}

/// A row of `songs.json`; only what tells a cover's original artist.
#[derive(Debug, Clone, Deserialize)]
pub struct SongRow {
    #[serde(deserialize_with = "lenient::id")]
    pub songid: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub artist: Option<String>,
}
