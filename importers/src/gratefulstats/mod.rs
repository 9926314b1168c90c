//! Grateful Stats API (Grateful Dead): key check, a show list per year
//! (1965–1995), then one request per show for its sets. The service allows about
//! 50 calls in 5 minutes, so callers fetch only the shows they lack.

use std::collections::BTreeMap;

use reqwest::header::HeaderName;
use serde::Deserialize;

use crate::encore::{show_from, PlayedSong};
use crate::http::{parse_json, segment, BodyError, FetchError, Fetched, HttpClient, HttpSettings};
use crate::lenient;
use crate::model::{Show, ShowDate, SourceKind, Venue};
use crate::text::clean_text;

pub const DEFAULT_BASE_URL: &str = "https://api.gratefulstats.com/deadapi/v2/";
/// About 50 calls in 5 minutes.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 0.16;
pub const YEARS: std::ops::RangeInclusive<i32> = 1965..=1995;

/// The limit's window is five minutes: after a 429, wait at least a minute.
pub fn http_settings(requests_per_second: f64) -> HttpSettings {
    HttpSettings {
        min_wait_on_429: std::time::Duration::from_secs(60),
        max_backoff: std::time::Duration::from_secs(300),
        ..HttpSettings::with_pace(requests_per_second)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct YearData {
    #[serde(rename = "ShowsOneYear", default)]
    pub shows: Vec<ListedShow>,
}

/// A show of the year list.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedShow {
    #[serde(deserialize_with = "lenient::id")]
    pub show_id: String,
    pub show_date: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub venue: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub city: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub state: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ShowDetails {
    #[serde(default)]
    pub sets: Vec<DetailSet>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailSet {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub sequence: Option<u64>,
    #[serde(default)]
    pub songs: Vec<DetailSong>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DetailSong {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub song_sequence: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub song_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "lenient::flag")]
    pub segue: bool,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub length_seconds: Option<u64>,
}

/// `1977-05-08`, `1977-05-08T00:00:00`, or with a zone: the date, and the time part if any.
pub fn split_show_date(raw: &str) -> Option<(ShowDate, Option<&str>)> {
    let raw = raw.trim();
    let date = raw.get(..10)?.parse().ok()?;
    let time = raw.get(11..).filter(|t| !t.is_empty());
    Some((date, time))
}

/// A year's shows in order within each date: by the time part of `showDate` when
/// there is one, else by their place in the list. Returns (show, order in date).
pub fn order_year(shows: &[ListedShow]) -> Vec<(&ListedShow, ShowDate, u32)> {
    // (time part, place in the list, show) per date
    type Listed<'a> = (Option<&'a str>, usize, &'a ListedShow);
    let mut by_date: BTreeMap<ShowDate, Vec<Listed>> = BTreeMap::new();
    for (i, show) in shows.iter().enumerate() {
        if let Some((date, time)) = split_show_date(&show.show_date) {
            by_date.entry(date).or_default().push((time, i, show));
        }
    }
    let mut ordered = Vec::new();
    for (date, mut shows) in by_date {
        shows.sort_by(|a, b| a.0.unwrap_or("").cmp(b.0.unwrap_or("")).then(a.1.cmp(&b.1)));
        for (k, (_, _, show)) in shows.into_iter().enumerate() {
            ordered.push((show, date, k as u32 + 1));
        }
    }
    ordered
}

/// A listed show with its details (none when the source has no sets for it).
pub fn build_show(listed: &ListedShow, date: ShowDate, order_in_date: u32, details: Option<&ShowDetails>) -> Show {
    let mut sets: Vec<&DetailSet> = details.map(|d| d.sets.iter().collect()).unwrap_or_default();
    sets.sort_by_key(|s| s.sequence.unwrap_or(u64::MAX));
    let songs_per_set = sets
        .into_iter()
        .map(|set| {
            let mut songs: Vec<&DetailSong> = set.songs.iter().collect();
            songs.sort_by_key(|s| s.song_sequence.unwrap_or(u64::MAX));
            songs
                .into_iter()
                .filter_map(|s| {
                    let name = s.title.as_deref().and_then(clean_text)?;
                    let seconds = s.length_seconds.filter(|n| *n > 0).map(|n| n as u32);
                    Some(PlayedSong {
                        name,
                        segued: s.segue,
                        song_id: s.song_id.clone(),
                        seconds,
                    })
                })
                .collect()
        })
        .filter(|songs: &Vec<_>| !songs.is_empty())
        .collect();
    let venue = Venue::from_text(
        listed.venue_id.clone(),
        listed.venue.as_deref(),
        listed.city.as_deref(),
        listed.state.as_deref(),
        listed.country.as_deref(),
    );
    show_from(
        SourceKind::Gratefulstats,
        listed.show_id.clone(),
        date,
        order_in_date,
        venue,
        songs_per_set,
    )
}

pub struct GratefulStats {
    http: HttpClient,
    api_key: String,
    user_id: String,
}

impl GratefulStats {
    pub fn new(base_url: &str, api_key: &str, user_id: &str, settings: HttpSettings) -> Result<Self, FetchError> {
        let http = HttpClient::new(
            SourceKind::Gratefulstats,
            base_url,
            settings,
            vec![api_key.to_string(), user_id.to_string()],
        )?;
        Ok(GratefulStats {
            http,
            api_key: api_key.to_string(),
            user_id: user_id.to_string(),
        })
    }

    pub fn requests_made(&self) -> u64 {
        self.http.requests_made()
    }

    async fn get<T>(
        &self,
        path: &str,
        parse: impl Fn(&[u8]) -> Result<T, BodyError>,
    ) -> Result<Fetched<T>, FetchError> {
        let url = self.http.url(path)?;
        let headers = [
            (HeaderName::from_static("apikey"), self.api_key.clone()),
            (HeaderName::from_static("apiuserid"), self.user_id.clone()),
        ];
        self.http.get_or_404(&url, &headers, parse).await
    }

    /// Checks the key; a rejected one is an error naming the settings to fix.
    pub async fn validate_key(&self) -> Result<(), FetchError> {
        let rejected = |detail: String| FetchError::Api {
            service: SourceKind::Gratefulstats.display_name(),
            message: format!(
                "the key check failed ({detail}); check ELMEG_GRATEFULSTATS_API_KEY and ELMEG_GRATEFULSTATS_USER_ID, \
                 or [sources.gratefulstats] api_key and user_id"
            ),
        };
        let body = self
            .get("keytest/validatekey", |b| Ok(String::from_utf8_lossy(b).to_lowercase()))
            .await?;
        // The success text is not documented ("key works", "key valid"): anything
        // but a refusal passes.
        const REFUSALS: [&str; 6] = ["invalid", "not valid", "fail", "denied", "unauthorized", "false"];
        match body {
            Fetched::Found(text) if !REFUSALS.iter().any(|r| text.contains(r)) => Ok(()),
            Fetched::Found(text) => Err(rejected(format!("the service answered {:?}", text.trim()))),
            Fetched::NotFound => Err(rejected("HTTP 404".into())),
        }
    }

    pub async fn year(&self, year: i32) -> Result<Vec<ListedShow>, FetchError> {
        match self.get(&format!("years/getyeardata/{year}"), parse_json).await? {
            Fetched::Found(YearData { shows }) => Ok(shows),
            Fetched::NotFound => Ok(Vec::new()),
        }
    }

    /// A show's sets; `None` when the service has none for it (`[]` or 404).
    pub async fn details(&self, show_id: &str) -> Result<Option<ShowDetails>, FetchError> {
        let found: Fetched<Vec<ShowDetails>> = self
            .get(&format!("shows/getshowdatabyshowid/{}", segment(show_id)), parse_json)
            .await?;
        Ok(match found {
            Fetched::Found(mut list) if !list.is_empty() => Some(list.swap_remove(0)),
            _ => None,
        })
    }
}
