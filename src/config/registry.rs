//! The band registry: the built-in bands from `assets/bands.toml`, then the user's.
//! A user entry with a built-in slug overrides only the fields it names.

use color_eyre::eyre::{eyre, Result};
use elmeg_importers::SourceKind;
use serde::Deserialize;

const BUILT_IN: &str = include_str!("../../assets/bands.toml");

/// Where a band's setlists come from, as written in a registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceChoice {
    /// The Grateful Dead's default: Grateful Stats when its key and user id are
    /// set, else the gdshowsdb data set built into the binary.
    Auto,
    Source(SourceKind),
}

impl<'de> Deserialize<'de> for SourceChoice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s == "auto" {
            return Ok(SourceChoice::Auto);
        }
        s.parse()
            .map(SourceChoice::Source)
            .map_err(|e: String| serde::de::Error::custom(format!("{e}, or auto")))
    }
}

/// A `[[bands]]` entry as written: only `slug` is required, since an entry for a
/// built-in band names just the fields it changes.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandEntry {
    pub slug: String,
    pub name: Option<String>,
    pub source: Option<SourceChoice>,
    /// Phish.net or Songfish: the artist's id (a number or a string).
    #[serde(default, deserialize_with = "opt_id")]
    pub artist_id: Option<String>,
    /// Phish.net: the artist's slug.
    pub artist_slug: Option<String>,
    /// setlist.fm: the artist's MusicBrainz id.
    pub mbid: Option<String>,
    /// Songfish: the site's API root, e.g. `https://elgoose.net/api/v2`.
    pub base_url: Option<String>,
    /// Short names a command also takes for the band (`gd`, `dnc`).
    pub aliases: Option<Vec<String>>,
    /// `false` hides the band everywhere (a built-in band you do not follow).
    pub enabled: Option<bool>,
}

fn opt_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    elmeg_importers::lenient::opt_text(d)
}

impl BandEntry {
    /// Takes every field `other` names.
    fn overlay(&mut self, other: BandEntry) {
        let BandEntry {
            slug: _,
            name,
            source,
            artist_id,
            artist_slug,
            mbid,
            base_url,
            aliases,
            enabled,
        } = other;
        self.name = name.or(self.name.take());
        self.source = source.or(self.source);
        self.artist_id = artist_id.or(self.artist_id.take());
        self.artist_slug = artist_slug.or(self.artist_slug.take());
        self.mbid = mbid.or(self.mbid.take());
        self.base_url = base_url.or(self.base_url.take());
        self.aliases = aliases.or(self.aliases.take());
        self.enabled = enabled.or(self.enabled);
    }
}

/// One configured band and where its setlists come from, with `auto` resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct BandSpec {
    pub slug: String,
    pub name: String,
    /// The source actually used.
    pub source: SourceKind,
    /// The registry said `auto` and `source` is what it resolved to.
    pub auto_source: bool,
    pub artist_id: Option<String>,
    pub artist_slug: Option<String>,
    pub mbid: Option<String>,
    pub base_url: Option<String>,
    pub aliases: Vec<String>,
}

impl BandSpec {
    /// A band with only its identity and source; the source's own fields unset.
    pub fn new(slug: &str, name: &str, source: SourceKind) -> Self {
        BandSpec {
            slug: slug.into(),
            name: name.into(),
            source,
            auto_source: false,
            artist_id: None,
            artist_slug: None,
            mbid: None,
            base_url: None,
            aliases: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
struct Registry {
    bands: Vec<BandEntry>,
}

pub fn built_in() -> Result<Vec<BandEntry>> {
    toml::from_str::<Registry>(BUILT_IN)
        .map(|r| r.bands)
        .map_err(|e| eyre!("the built-in band registry is broken: {e}"))
}

/// Built-in bands first, in registry order; a user entry with a built-in slug
/// changes the fields it names, in place; other user bands follow.
pub fn merge(mut bands: Vec<BandEntry>, user: Vec<BandEntry>) -> Result<Vec<BandEntry>> {
    let mut seen = std::collections::HashSet::new();
    for band in user {
        if !valid_slug(&band.slug) {
            return Err(eyre!(
                "band slug `{}` must be lowercase letters, digits and dashes",
                band.slug
            ));
        }
        if band.slug == "all" {
            return Err(eyre!("a band cannot be called `all`: `--refresh all` means every band"));
        }
        if !seen.insert(band.slug.clone()) {
            return Err(eyre!("band `{}` is configured twice", band.slug));
        }
        match bands.iter_mut().find(|b| b.slug == band.slug) {
            Some(existing) => existing.overlay(band),
            None => bands.push(band),
        }
    }
    Ok(bands)
}

/// Every entry as a band, `auto` resolved by `gratefulstats_ready` (its key and
/// user id are set); a band with `enabled = false` is left out. A new band must
/// name its `name` and `source`.
pub fn resolve(entries: Vec<BandEntry>, gratefulstats_ready: bool) -> Result<Vec<BandSpec>> {
    entries
        .into_iter()
        .filter(|entry| entry.enabled != Some(false))
        .map(|entry| {
            let missing = |field: &str| eyre!("band `{}` needs a `{field}`", entry.slug);
            let name = entry.name.clone().ok_or_else(|| missing("name"))?;
            let (source, auto_source) = match entry.source.ok_or_else(|| missing("source"))? {
                SourceChoice::Source(kind) => (kind, false),
                SourceChoice::Auto if gratefulstats_ready => (SourceKind::Gratefulstats, true),
                SourceChoice::Auto => (SourceKind::Gdshowsdb, true),
            };
            Ok(BandSpec {
                slug: entry.slug,
                name,
                source,
                auto_source,
                artist_id: entry.artist_id,
                artist_slug: entry.artist_slug,
                mbid: entry.mbid,
                base_url: entry.base_url,
                aliases: entry.aliases.unwrap_or_default(),
            })
        })
        .collect()
}

/// A MusicBrainz id: a UUID, `8-4-4-4-12` hex digits.
pub fn is_mbid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(slug: &str, name: &str) -> BandEntry {
        BandEntry {
            slug: slug.into(),
            name: Some(name.into()),
            source: Some(SourceChoice::Source(SourceKind::Setlistfm)),
            mbid: Some("x".into()),
            ..BandEntry::default()
        }
    }

    #[test]
    fn built_in_registry_parses_with_phish_first_and_songfish_bands_last() {
        let bands = resolve(built_in().unwrap(), false).unwrap();
        let slugs: Vec<&str> = bands.iter().map(|b| b.slug.as_str()).collect();
        assert_eq!(
            slugs,
            [
                "phish",
                "dead-and-company",
                "billy-strings",
                "grateful-dead",
                "goose",
                "king-gizzard",
                "umphreys-mcgee"
            ]
        );
        assert_eq!(bands[0].source, SourceKind::Phishnet);
        assert_eq!(bands[4].base_url.as_deref(), Some("https://elgoose.net/api/v2"));
        assert_eq!(bands[4].artist_id.as_deref(), Some("1"));
    }

    #[test]
    fn the_grateful_dead_source_is_auto() {
        let dead = |ready| {
            resolve(built_in().unwrap(), ready)
                .unwrap()
                .into_iter()
                .find(|b| b.slug == "grateful-dead")
                .unwrap()
        };
        assert_eq!(dead(false).source, SourceKind::Gdshowsdb);
        assert_eq!(dead(true).source, SourceKind::Gratefulstats);
        assert!(dead(true).auto_source);
    }

    #[test]
    fn user_bands_follow_and_override_only_the_fields_they_name() {
        let base_only: BandEntry =
            toml::from_str("slug = \"goose\"\nbase_url = \"http://127.0.0.1:9/api/v2\"").unwrap();
        let merged = merge(
            built_in().unwrap(),
            vec![
                entry("newband", "New Band"),
                entry("phish", "Phish (setlist.fm)"),
                base_only,
            ],
        )
        .unwrap();
        let bands = resolve(merged, false).unwrap();
        assert_eq!(bands[0].name, "Phish (setlist.fm)");
        assert_eq!(bands[0].source, SourceKind::Setlistfm);
        let goose = bands.iter().find(|b| b.slug == "goose").unwrap();
        assert_eq!(goose.base_url.as_deref(), Some("http://127.0.0.1:9/api/v2"));
        assert_eq!((goose.name.as_str(), goose.source), ("Goose", SourceKind::Songfish));
        assert_eq!(goose.artist_id.as_deref(), Some("1"));
        assert_eq!(bands.last().unwrap().slug, "newband");
        assert!(merge(vec![], vec![entry("Bad Slug", "x")]).is_err());
        assert!(merge(vec![], vec![entry("a", "x"), entry("a", "y")]).is_err());
        let nameless = BandEntry {
            slug: "nameless".into(),
            ..BandEntry::default()
        };
        let err = resolve(merge(vec![], vec![nameless]).unwrap(), false).unwrap_err();
        assert_eq!(err.to_string(), "band `nameless` needs a `name`");
    }
}
