//! The band registry: the built-in bands from `assets/bands.toml`, then the user's.

use color_eyre::eyre::{eyre, Result};
use elmeg_importers::SourceKind;
use serde::Deserialize;

const BUILT_IN: &str = include_str!("../../assets/bands.toml");

/// One configured band and where its setlists come from.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    pub slug: String,
    pub name: String,
    #[serde(deserialize_with = "source_kind")]
    pub source: SourceKind,
    /// Phish.net: the artist's id (Phish is 1) and slug.
    pub artist_id: Option<String>,
    pub artist_slug: Option<String>,
    /// setlist.fm: the artist's MusicBrainz id.
    pub mbid: Option<String>,
}

fn source_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SourceKind, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

#[derive(Deserialize)]
struct Registry {
    bands: Vec<BandSpec>,
}

pub fn built_in() -> Result<Vec<BandSpec>> {
    toml::from_str::<Registry>(BUILT_IN)
        .map(|r| r.bands)
        .map_err(|e| eyre!("the built-in band registry is broken: {e}"))
}

/// Built-in bands first, in registry order; a user band with a built-in slug replaces it in place.
pub fn merge(mut bands: Vec<BandSpec>, user: Vec<BandSpec>) -> Result<Vec<BandSpec>> {
    let mut seen = std::collections::HashSet::new();
    for band in user {
        if !valid_slug(&band.slug) {
            return Err(eyre!(
                "band slug `{}` must be lowercase letters, digits and dashes",
                band.slug
            ));
        }
        if !seen.insert(band.slug.clone()) {
            return Err(eyre!("band `{}` is configured twice", band.slug));
        }
        match bands.iter_mut().find(|b| b.slug == band.slug) {
            Some(existing) => *existing = band,
            None => bands.push(band),
        }
    }
    Ok(bands)
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

    fn band(slug: &str, name: &str) -> BandSpec {
        BandSpec {
            slug: slug.into(),
            name: name.into(),
            source: SourceKind::Setlistfm,
            artist_id: None,
            artist_slug: None,
            mbid: Some("x".into()),
        }
    }

    #[test]
    fn built_in_registry_parses_with_phish_first() {
        let bands = built_in().unwrap();
        assert_eq!(bands[0].slug, "phish");
        assert_eq!(bands[0].source, SourceKind::Phishnet);
    }

    #[test]
    fn user_bands_follow_and_override() {
        let merged = merge(
            built_in().unwrap(),
            vec![band("goose", "Goose"), band("phish", "Phish (setlist.fm)")],
        )
        .unwrap();
        assert_eq!(merged[0].name, "Phish (setlist.fm)");
        assert_eq!(merged.last().unwrap().slug, "goose");
        assert!(merge(vec![], vec![band("Bad Slug", "x")]).is_err());
        assert!(merge(vec![], vec![band("a", "x"), band("a", "y")]).is_err());
    }
}
