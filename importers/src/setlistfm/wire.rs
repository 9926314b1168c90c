//! setlist.fm API 1.0 JSON as it arrives. Optional parts are often missing.

use serde::Deserialize;

use crate::lenient;

/// `{"type","itemsPerPage","page","total","setlist":[...]}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub items_per_page: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub page: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub total: Option<u64>,
    #[serde(default)]
    pub setlist: Vec<Setlist>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Setlist {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub version_id: Option<String>,
    pub event_date: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_updated: Option<String>,
    pub artist: Artist,
    pub venue: SetlistVenue,
    #[serde(default)]
    pub tour: Option<Named>,
    #[serde(default)]
    pub sets: Option<Sets>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub info: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Artist {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub mbid: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Named {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SetlistVenue {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default)]
    pub city: Option<City>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct City {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state_code: Option<String>,
    #[serde(default)]
    pub coords: Option<Coords>,
    #[serde(default)]
    pub country: Option<Country>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Coords {
    pub lat: Option<f64>,
    pub long: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub code: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
}

/// `"sets": {"set": [...]}`; a missing `set` is no sets.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Sets {
    #[serde(default)]
    pub set: Vec<Set>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Set {
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
    /// 1 for the first encore, 2 for the second; missing on other sets.
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub encore: Option<u64>,
    #[serde(default)]
    pub song: Vec<SongEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SongEntry {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub info: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub tape: bool,
    #[serde(default)]
    pub cover: Option<Artist>,
    #[serde(default)]
    pub with: Option<Artist>,
}
