//! The normalized model: every source maps its records into these types, so the
//! cache and the UI never see a source's wire format.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Which API a record came from. Part of every show's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Phishnet,
    Setlistfm,
    Gratefulstats,
    Gdshowsdb,
    /// The Songfish API v2 of a band's fan site (elgoose.net, kglw.net, …).
    Songfish,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Phishnet,
        SourceKind::Setlistfm,
        SourceKind::Gratefulstats,
        SourceKind::Gdshowsdb,
        SourceKind::Songfish,
    ];

    /// The name used in config (`[sources.<name>]`) and in the cache.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Phishnet => "phishnet",
            SourceKind::Setlistfm => "setlistfm",
            SourceKind::Gratefulstats => "gratefulstats",
            SourceKind::Gdshowsdb => "gdshowsdb",
            SourceKind::Songfish => "songfish",
        }
    }

    /// The prefix of this source's environment variables, e.g. `ELMEG_PHISHNET`.
    pub fn env_prefix(self) -> String {
        format!("ELMEG_{}", self.as_str().to_ascii_uppercase())
    }

    /// The name a person knows the service by.
    pub fn display_name(self) -> &'static str {
        match self {
            SourceKind::Phishnet => "Phish.net",
            SourceKind::Setlistfm => "setlist.fm",
            SourceKind::Gratefulstats => "Grateful Stats",
            SourceKind::Gdshowsdb => "gdshowsdb",
            SourceKind::Songfish => "Songfish",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| {
            let known: Vec<_> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown source `{s}`; expected one of {}", known.join(", "))
        })
    }
}

/// A calendar date of a show, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub struct ShowDate(NaiveDate);

impl ShowDate {
    pub fn new(date: NaiveDate) -> Self {
        ShowDate(date)
    }
    pub fn year(self) -> i32 {
        self.0.year()
    }
    pub fn today_utc() -> Self {
        ShowDate(chrono::Utc::now().date_naive())
    }
}

impl fmt::Display for ShowDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for ShowDate {
    type Err = String;
    /// Exactly `YYYY-MM-DD`, a real day, in a year from 1900 on (no band played before).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let shaped = text.len() == 10
            && text.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| shaped);
        match date {
            Some(d) if d.year() >= 1900 => Ok(ShowDate(d)),
            Some(_) => Err(format!("`{s}` is before 1900")),
            None => Err(format!("`{s}` is not a date in the form YYYY-MM-DD")),
        }
    }
}

impl From<ShowDate> for String {
    fn from(d: ShowDate) -> String {
        d.to_string()
    }
}

impl TryFrom<String> for ShowDate {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// What a cache already holds of a show, for a source to decide whether to
/// fetch it again.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KnownShow {
    pub source_updated: Option<String>,
    /// Stored before its date, so its setlist may have arrived since.
    pub awaiting_setlist: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Venue {
    /// The source's venue id; `None` when the source has none.
    pub source_id: Option<String>,
    pub name: String,
    pub city: Option<String>,
    pub state: Option<String>,
    pub country: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Venue {
    /// A venue from a source's text fields, cleaned of entities, its country under
    /// one name ([`crate::text::country_name`]); a venue with no name is "Unknown
    /// venue". No coordinates.
    pub fn from_text(
        source_id: Option<String>,
        name: Option<&str>,
        city: Option<&str>,
        state: Option<&str>,
        country: Option<&str>,
    ) -> Self {
        let clean = |v: Option<&str>| v.and_then(crate::text::clean_text);
        Venue {
            source_id,
            name: clean(name).unwrap_or_else(|| "Unknown venue".to_string()),
            city: clean(city),
            state: clean(state),
            country: clean(country).map(|c| crate::text::country_name(&c)),
            latitude: None,
            longitude: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tour {
    /// The source's tour id, or the tour's name when the source has no ids.
    pub source_id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Song {
    /// The source's song id, when it has one; songs are told apart by it, else by name.
    pub source_id: Option<String>,
    pub name: String,
    pub slug: String,
    /// The original artist, when the song is a cover.
    pub original_artist: Option<String>,
}

/// How one song leads into the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Transition {
    /// `,`: the song stops and the next starts.
    None,
    /// `>`: a segue.
    Segue,
    /// `->`: a jam segue.
    JamSegue,
    /// The last song of a set.
    EndOfSet,
}

impl Transition {
    /// The mark used in the JSON output: `","`, `">"`, `"->"` or `""`.
    pub fn mark(self) -> &'static str {
        match self {
            Transition::None => ",",
            Transition::Segue => ">",
            Transition::JamSegue => "->",
            Transition::EndOfSet => "",
        }
    }

    pub fn from_mark(mark: &str) -> Option<Self> {
        match mark.trim() {
            "," => Some(Transition::None),
            ">" => Some(Transition::Segue),
            "->" => Some(Transition::JamSegue),
            "" => Some(Transition::EndOfSet),
            _ => None,
        }
    }
}

/// The label of a set: `Set 1`, `Encore`, `Encore 2`, or a name the source gives.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum SetLabel {
    Set(u32),
    Encore(u32),
    Named(String),
}

impl fmt::Display for SetLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetLabel::Set(n) => write!(f, "Set {n}"),
            SetLabel::Encore(1) => f.write_str("Encore"),
            SetLabel::Encore(n) => write!(f, "Encore {n}"),
            SetLabel::Named(name) => f.write_str(name),
        }
    }
}

/// The number in `Set 2` or `Encore 2`.
fn label_number(rest: &str) -> Option<u32> {
    rest.trim().parse::<u32>().ok().filter(|n| *n > 0)
}

impl SetLabel {
    /// Whether a stored label (`Encore`, `Encore 2`) is an encore's, without
    /// making a label of it.
    pub fn is_encore(label: &str) -> bool {
        label == "Encore" || label.strip_prefix("Encore ").and_then(label_number).is_some()
    }
}

impl From<String> for SetLabel {
    fn from(s: String) -> Self {
        if let Some(n) = s.strip_prefix("Set ").and_then(label_number) {
            SetLabel::Set(n)
        } else if s == "Encore" {
            SetLabel::Encore(1)
        } else if let Some(n) = s.strip_prefix("Encore ").and_then(label_number) {
            SetLabel::Encore(n)
        } else {
            SetLabel::Named(s)
        }
    }
}

impl From<SetLabel> for String {
    fn from(l: SetLabel) -> String {
        l.to_string()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Performance {
    pub song: Song,
    /// The song's place in the show as the source orders it.
    pub position: u32,
    pub transition: Transition,
    pub footnote: Option<String>,
    pub jamchart: bool,
    pub jamchart_note: Option<String>,
    pub guest: Option<String>,
    /// A recording played over the PA: kept for display, never counted.
    pub tape: bool,
    pub duration_secs: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Set {
    pub label: SetLabel,
    pub performances: Vec<Performance>,
}

/// Why a show is stored but kept out of every count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exclusion {
    /// The source marks it as not counted (TV or radio set, soundcheck, cancelled date).
    Source,
    /// Dated after the import.
    Future,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Show {
    pub source: SourceKind,
    pub source_id: String,
    pub date: ShowDate,
    /// 1 for the first (or only) show on the date, 2 for a late show, …
    pub order_in_date: u32,
    pub venue: Venue,
    pub tour: Option<Tour>,
    pub notes: Option<String>,
    pub permalink: Option<String>,
    pub sets: Vec<Set>,
    pub excluded: Option<Exclusion>,
    /// The source's own last-modified stamp, used to refresh incrementally.
    pub source_updated: Option<String>,
}

impl Show {
    pub fn performance_count(&self) -> usize {
        self.sets
            .iter()
            .flat_map(|s| &s.performances)
            .filter(|p| !p.tape)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_labels_round_trip() {
        for label in [
            "Set 1", "Set 4", "Encore", "Encore 2", "Acoustic", "Set x", "Encore x", "Encores",
        ] {
            let parsed = SetLabel::from(label.to_string());
            assert_eq!(parsed.to_string(), label);
            assert_eq!(
                SetLabel::is_encore(label),
                matches!(parsed, SetLabel::Encore(_)),
                "{label}"
            );
        }
        assert_eq!(SetLabel::from("Encore".to_string()), SetLabel::Encore(1));
        assert_eq!(SetLabel::from("Set 2".to_string()), SetLabel::Set(2));
    }

    #[test]
    fn show_dates_parse_strictly() {
        assert_eq!("1997-11-22".parse::<ShowDate>().unwrap().year(), 1997);
        assert!("1997-13-22".parse::<ShowDate>().is_err());
        assert!("22-11-1997".parse::<ShowDate>().is_err());
        assert!("-1997-11-22".parse::<ShowDate>().is_err());
        assert!("0000-01-01".parse::<ShowDate>().is_err());
        assert!("1997-1-22".parse::<ShowDate>().is_err());
        assert!("+1997-11-22".parse::<ShowDate>().is_err());
    }

    #[test]
    fn transition_marks() {
        for t in [
            Transition::None,
            Transition::Segue,
            Transition::JamSegue,
            Transition::EndOfSet,
        ] {
            assert_eq!(Transition::from_mark(t.mark()), Some(t));
        }
        assert_eq!(Transition::from_mark(" -> "), Some(Transition::JamSegue));
    }
}
