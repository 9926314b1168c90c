//! gdshowsdb (MIT): every Grateful Dead show 1965–1995 as one YAML file a year,
//! read from a pinned commit. No key, no rate limit to speak of.

pub mod embedded;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::encore::{show_from, PlayedSong};
use crate::http::{BodyError, FetchError, Fetched, HttpClient, HttpSettings};
use crate::model::{Show, ShowDate, SourceKind, Venue};
use crate::text::clean_text;

pub const DEFAULT_COMMIT: &str = "2ccd86c1f0db284ed1f3967df17f8defc80a387e";
pub const DEFAULT_REQUESTS_PER_SECOND: f64 = 2.0;
pub const YEARS: std::ops::RangeInclusive<i32> = 1965..=1995;

/// Where the year files of `commit` live.
pub fn default_base_url(commit: &str) -> String {
    format!("https://raw.githubusercontent.com/jefmsmit/gdshowsdb/{commit}/data/gdshowsdb/")
}

/// A show as the YAML holds it; keys keep Ruby's leading colon.
#[derive(Debug, Clone, Deserialize)]
pub struct YamlShow {
    #[serde(rename = ":uuid")]
    pub uuid: String,
    #[serde(rename = ":venue", default)]
    pub venue: Option<String>,
    #[serde(rename = ":city", default)]
    pub city: Option<String>,
    #[serde(rename = ":state", default)]
    pub state: Option<String>,
    #[serde(rename = ":country", default)]
    pub country: Option<String>,
    #[serde(rename = ":sets", default)]
    pub sets: Option<Vec<YamlSet>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct YamlSet {
    #[serde(rename = ":songs", default)]
    pub songs: Option<Vec<YamlSong>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct YamlSong {
    #[serde(rename = ":name", default)]
    pub name: Option<String>,
    #[serde(rename = ":segued", default)]
    pub segued: Option<bool>,
}

/// `YYYY/MM/DD` or `YYYY/MM/DD/N` (N orders several shows on a date).
pub fn parse_key(key: &str) -> Option<(ShowDate, u32)> {
    let mut parts = key.trim().split('/');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let n = match parts.next() {
        Some(n) => n.parse().ok()?,
        None => 0,
    };
    Some((format!("{y}-{m}-{d}").parse().ok()?, n))
}

/// A year file's shows, with several shows on a date ordered by their `/N`.
pub fn parse_year(yaml: &str) -> Result<Vec<Show>, String> {
    let file: BTreeMap<String, YamlShow> = serde_yaml_ng::from_str(yaml).map_err(|e| e.to_string())?;
    let mut by_date: BTreeMap<ShowDate, Vec<(u32, YamlShow)>> = BTreeMap::new();
    for (key, show) in file {
        if let Some((date, n)) = parse_key(&key) {
            by_date.entry(date).or_default().push((n, show));
        }
    }
    let mut shows = Vec::new();
    for (date, mut on_date) in by_date {
        on_date.sort_by_key(|(n, _)| *n);
        for (k, (_, show)) in on_date.into_iter().enumerate() {
            shows.push(build_show(show, date, k as u32 + 1));
        }
    }
    Ok(shows)
}

fn build_show(show: YamlShow, date: ShowDate, order_in_date: u32) -> Show {
    let songs_per_set = show
        .sets
        .unwrap_or_default()
        .into_iter()
        .map(|set| {
            set.songs
                .unwrap_or_default()
                .into_iter()
                .filter_map(|s| {
                    Some(PlayedSong {
                        name: s.name.as_deref().and_then(clean_text)?,
                        segued: s.segued.unwrap_or(false),
                        song_id: None,
                        seconds: None,
                    })
                })
                .collect::<Vec<_>>()
        })
        .filter(|songs| !songs.is_empty())
        .collect();
    let venue = Venue::from_text(
        None,
        show.venue.as_deref(),
        show.city.as_deref(),
        show.state.as_deref(),
        show.country.as_deref(),
    );
    show_from(
        SourceKind::Gdshowsdb,
        show.uuid,
        date,
        order_in_date,
        venue,
        songs_per_set,
    )
}

pub struct GdShowsDb {
    http: HttpClient,
}

impl GdShowsDb {
    pub fn new(base_url: &str, settings: HttpSettings) -> Result<Self, FetchError> {
        let http = HttpClient::new(SourceKind::Gdshowsdb, base_url, settings, Vec::new())?;
        Ok(GdShowsDb { http })
    }

    pub fn requests_made(&self) -> u64 {
        self.http.requests_made()
    }

    /// Every show of `year`; none when the year has no file.
    pub async fn year(&self, year: i32) -> Result<Vec<Show>, FetchError> {
        let url = self.http.url(&format!("{year}.yaml"))?;
        let parse = |body: &[u8]| {
            let text = std::str::from_utf8(body).map_err(|e| BodyError::Garbled(format!("not UTF-8 ({e})")))?;
            parse_year(text).map_err(|e| BodyError::Garbled(format!("not gdshowsdb YAML ({e})")))
        };
        match self.http.get_or_404(&url, &[], parse).await? {
            Fetched::Found(shows) => Ok(shows),
            Fetched::NotFound => Ok(Vec::new()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_the_date_and_the_show_number() {
        assert_eq!(parse_key("1977/05/08").unwrap().0.to_string(), "1977-05-08");
        assert_eq!(parse_key("1966/03/04/1").unwrap().1, 1);
        assert!(parse_key("1977/13/08").is_none());
    }
}
