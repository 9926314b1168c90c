//! Phish.net API v5: `shows/artist/{slug}.json` for the show list, then
//! `setlists/showyear/{year}.json` per year, and `songs.json` for covers' artists.

mod parse;
mod wire;

use std::collections::HashMap;

use serde::de::DeserializeOwned;

pub use parse::{build_year, duration_secs, set_label, transition, transition_by_id, ShowList};
pub(crate) use parse::{date_of, end_sets, is_artist};
pub use wire::{Envelope, SetlistRow, ShowRow, SongRow};

use crate::http::{segment, FetchError, HttpClient, HttpSettings};
use crate::model::{Show, ShowDate, SourceKind};

pub const DEFAULT_BASE_URL: &str = "https://api.phish.net/v5";
/// Phish.net publishes no hard limit; two a second keeps a full import under a minute
/// without hammering a volunteer-run service.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 2.0;

/// Which of Phish.net's artists to import (Phish is id 1, slug `phish`).
#[derive(Debug, Clone)]
pub struct Artist {
    pub id: String,
    pub slug: String,
}

impl Default for Artist {
    fn default() -> Self {
        Artist {
            id: "1".into(),
            slug: "phish".into(),
        }
    }
}

pub struct PhishNet {
    http: HttpClient,
    api_key: String,
    artist: Artist,
}

impl PhishNet {
    pub fn new(base_url: &str, api_key: &str, artist: Artist, settings: HttpSettings) -> Result<Self, FetchError> {
        let http = HttpClient::new(SourceKind::Phishnet, base_url, settings, vec![api_key.to_string()])?;
        Ok(PhishNet {
            http,
            api_key: api_key.to_string(),
            artist,
        })
    }

    pub fn requests_made(&self) -> u64 {
        self.http.requests_made()
    }

    /// The band's shows, past and future, with their `updated_at` stamps.
    pub async fn show_list(&self) -> Result<ShowList, FetchError> {
        let rows: Vec<ShowRow> = self
            .fetch(&format!("shows/artist/{}.json", segment(&self.artist.slug)))
            .await?;
        Ok(ShowList::from_rows(rows, &self.artist.id))
    }

    /// Song id → original artist, for songs the band did not write.
    pub async fn cover_artists(&self, band_name: &str) -> Result<HashMap<String, String>, FetchError> {
        let rows: Vec<SongRow> = self.fetch("songs.json").await?;
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let artist = r.artist.as_deref().and_then(crate::text::clean_text)?;
                (!artist.eq_ignore_ascii_case(band_name)).then_some((r.songid, artist))
            })
            .collect())
    }

    /// Every show of `year`, with full setlists.
    pub async fn year(
        &self,
        year: i32,
        list: &ShowList,
        covers: &HashMap<String, String>,
        today: ShowDate,
    ) -> Result<Vec<Show>, FetchError> {
        let rows: Vec<SetlistRow> = self.fetch(&format!("setlists/showyear/{year}.json")).await?;
        Ok(build_year(year, list, rows, &self.artist.id, covers, today))
    }

    /// GETs `path` under the base URL and unwraps the envelope's `data`.
    async fn fetch<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, FetchError> {
        let mut url = self.http.url(path)?;
        url.query_pairs_mut().append_pair("apikey", &self.api_key);
        let envelope: wire::Envelope = self.http.get_json(&url, &[]).await?;
        if let Some((code, message)) = envelope.error() {
            return Err(api_error(&self.http, code, message));
        }
        envelope.rows().map_err(|e| FetchError::Decode {
            service: SourceKind::Phishnet.display_name(),
            url: self.http.redact(&url),
            detail: e.to_string(),
        })
    }
}

fn api_error(http: &HttpClient, code: Option<i64>, message: Option<String>) -> FetchError {
    let message = message.map(|m| http.scrub(&m)).unwrap_or_else(|| "no message".into());
    let about_key = code == Some(2) || message.to_ascii_lowercase().contains("key");
    let hint = if about_key {
        "; check ELMEG_PHISHNET_API_KEY or [sources.phishnet] api_key"
    } else {
        ""
    };
    let code = code.map(|c| format!(" (code {c})")).unwrap_or_default();
    FetchError::Api {
        service: SourceKind::Phishnet.display_name(),
        message: format!("{message}{code}{hint}"),
    }
}
