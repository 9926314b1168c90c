//! setlist.fm API 1.0: an artist's setlists by MusicBrainz id, page by page, and
//! the setlists updated since a time, for incremental refresh.

mod parse;
mod wire;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderName, ACCEPT, ACCEPT_LANGUAGE};

pub use parse::{build_show, build_shows, event_date, set_labels, split_info};
pub use wire::{Page, Setlist};

use crate::http::{segment, FetchError, Fetched, HttpClient, HttpSettings};
use crate::model::{Show, ShowDate, SourceKind};

pub const DEFAULT_BASE_URL: &str = "https://api.setlist.fm/rest/1.0";
/// A standard key allows 2 a second, counted on arrival; network jitter makes
/// exactly 2 trip the limit, so the default stays below it.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 1.6;
/// A standard key allows 1440 requests a day.
pub const DEFAULT_REQUESTS_PER_DAY: u64 = 1440;

/// Settings that suit setlist.fm: its 429s often come without `Retry-After`,
/// and a retry after about two seconds works.
pub fn http_settings(requests_per_second: f64) -> HttpSettings {
    HttpSettings {
        min_wait_on_429: std::time::Duration::from_secs(2),
        ..HttpSettings::with_pace(requests_per_second)
    }
}

/// One page of results, as shows.
#[derive(Debug, Clone)]
pub struct ShowPage {
    pub shows: Vec<Show>,
    /// Setlists on the page, of any artist.
    pub listed: usize,
    /// The last page, from `total` and `itemsPerPage`, when both were sent.
    pub last_page: Option<u64>,
}

pub struct SetlistFm {
    http: HttpClient,
    api_key: String,
    mbid: String,
}

impl SetlistFm {
    pub fn new(base_url: &str, api_key: &str, mbid: &str, settings: HttpSettings) -> Result<Self, FetchError> {
        let http = HttpClient::new(SourceKind::Setlistfm, base_url, settings, vec![api_key.to_string()])?;
        Ok(SetlistFm {
            http,
            api_key: api_key.to_string(),
            mbid: mbid.to_string(),
        })
    }

    pub fn requests_made(&self) -> u64 {
        self.http.requests_made()
    }

    /// Page `page` (from 1) of the artist's setlists, newest first; `None` past the end.
    pub async fn artist_page(&self, page: u64, today: ShowDate) -> Result<Option<ShowPage>, FetchError> {
        let path = format!("artist/{}/setlists", segment(&self.mbid));
        self.page(&path, &[("p", page.to_string())], today).await
    }

    /// Page `page` of the artist's setlists edited on or after `since`; `None` past the end.
    pub async fn updated_since(
        &self,
        since: DateTime<Utc>,
        page: u64,
        today: ShowDate,
    ) -> Result<Option<ShowPage>, FetchError> {
        let query = [
            ("artistMbid", self.mbid.clone()),
            ("lastUpdated", since.format("%Y%m%d%H%M%S").to_string()),
            ("p", page.to_string()),
        ];
        self.page("search/setlists", &query, today).await
    }

    async fn page(
        &self,
        path: &str,
        query: &[(&str, String)],
        today: ShowDate,
    ) -> Result<Option<ShowPage>, FetchError> {
        let mut url = self.http.url(path)?;
        url.query_pairs_mut().extend_pairs(query);
        let headers = [
            (HeaderName::from_static("x-api-key"), self.api_key.clone()),
            (ACCEPT, "application/json".to_string()),
            (ACCEPT_LANGUAGE, "en".to_string()),
        ];
        // setlist.fm answers 404, not an empty list, when nothing matches.
        let page: Page = match self.http.get_json_or_404(&url, &headers).await? {
            Fetched::Found(page) => page,
            Fetched::NotFound => return Ok(None),
        };
        let last_page = match (page.total, page.items_per_page) {
            (Some(total), Some(per)) if per > 0 => Some(total.div_ceil(per)),
            _ => None,
        };
        Ok(Some(ShowPage {
            listed: page.setlist.len(),
            shows: build_shows(&page.setlist, &self.mbid, today),
            last_page,
        }))
    }
}
