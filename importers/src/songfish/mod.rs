//! Songfish API v2, the keyless API of the fan sites of Goose (elgoose.net), King
//! Gizzard (kglw.net), Umphrey's McGee (allthings.umphreys.com) and others:
//! `shows/artist_id/{id}.json` for the show list, `songs.json` for covers'
//! artists, and `setlists/showyear/{year}.json` for setlists. Phish.net runs on
//! Songfish too, so the two share their rules for sets, segues and envelopes.

mod parse;
mod wire;

use std::collections::HashMap;

use serde::de::DeserializeOwned;

pub use parse::{build_year, cover_artists, ListedShow, ShowList, Site};
pub use wire::{SetlistRow, ShowRow, SongRow};

use crate::http::{segment, FetchError, HttpClient, HttpSettings};
use crate::model::{Show, ShowDate, SourceKind};
use crate::phishnet::Envelope;

/// Two a second per site: a full import of a band with twenty years of shows
/// takes about ten seconds, and a volunteer-run site is never hurried.
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 2.0;

pub struct Songfish {
    http: HttpClient,
    site: Site,
}

impl Songfish {
    /// A client for the API at `base_url` (the site's `/api/v2` root) and the
    /// artist `artist_id` on it.
    pub fn new(base_url: &str, artist_id: &str, settings: HttpSettings) -> Result<Self, FetchError> {
        let http = HttpClient::new(SourceKind::Songfish, base_url, settings, Vec::new())?;
        let root = base_url.trim_end_matches('/');
        let root = root.strip_suffix("/api/v2").unwrap_or(root).to_string();
        Ok(Songfish {
            http,
            site: Site {
                root,
                artist_id: artist_id.trim().to_string(),
            },
        })
    }

    pub fn requests_made(&self) -> u64 {
        self.http.requests_made()
    }

    /// The band's shows, past and future.
    pub async fn show_list(&self) -> Result<ShowList, FetchError> {
        let rows: Vec<ShowRow> = self
            .fetch(&format!("shows/artist_id/{}.json", segment(&self.site.artist_id)))
            .await?;
        Ok(ShowList::from_rows(rows, &self.site.artist_id))
    }

    /// The listed shows, with venue keys as the stored shows have them.
    pub fn listed_shows(&self, list: &ShowList) -> Vec<ListedShow> {
        list.shows(&self.site)
    }

    /// Song id → original artist, for the site's covers.
    pub async fn cover_artists(&self) -> Result<HashMap<String, String>, FetchError> {
        Ok(cover_artists(self.fetch("songs.json").await?))
    }

    /// Every show of the band in `year`, with full setlists.
    pub async fn year(
        &self,
        year: i32,
        list: &ShowList,
        covers: &HashMap<String, String>,
        today: ShowDate,
    ) -> Result<Vec<Show>, FetchError> {
        let rows: Vec<SetlistRow> = self.fetch(&format!("setlists/showyear/{year}.json")).await?;
        Ok(build_year(year, list, rows, &self.site, covers, today))
    }

    /// GETs `path` and unwraps the envelope's `data`; an error envelope fails
    /// with its message, and an empty `data` is an empty answer.
    async fn fetch<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, FetchError> {
        let url = self.http.url(path)?;
        let envelope: Envelope = self.http.get_json(&url, &[]).await?;
        let service = SourceKind::Songfish.display_name();
        if let Some((code, message)) = envelope.error() {
            let code = code.map(|c| format!(" (code {c})")).unwrap_or_default();
            return Err(FetchError::Api {
                service,
                message: format!(
                    "{}{code} for {}",
                    message.unwrap_or_else(|| "no message".into()),
                    self.http.redact(&url)
                ),
            });
        }
        envelope.rows().map_err(|e| FetchError::Decode {
            service,
            url: self.http.redact(&url),
            detail: e.to_string(),
        })
    }
}
