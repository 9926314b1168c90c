//! setlist.fm setlists → normalized shows.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::wire::{Set as WireSet, Setlist, SongEntry};
use crate::model::{Exclusion, Performance, Set, SetLabel, Show, ShowDate, Song, SourceKind, Tour, Transition, Venue};
use crate::text::{clean_notes, clean_text, slugify};

/// `dd-MM-yyyy` → a show date.
pub fn event_date(raw: &str) -> Option<ShowDate> {
    NaiveDate::parse_from_str(raw.trim(), "%d-%m-%Y")
        .ok()
        .map(ShowDate::new)
}

/// Labels over the sets as listed: encores `Encore`, `Encore 2`, …; other sets
/// `Set 1`, `Set 2`, … when unnamed or named `Set N:`; any other name is kept.
pub fn set_labels(sets: &[WireSet]) -> Vec<SetLabel> {
    let mut set_no = 0;
    let mut encore_no = 0;
    sets.iter()
        .map(|set| {
            let name = set
                .name
                .as_deref()
                .map(|n| n.trim().trim_end_matches(':').trim())
                .unwrap_or("");
            let is_encore = set.encore.is_some() || name.eq_ignore_ascii_case("encore");
            if is_encore {
                encore_no += 1;
                return SetLabel::Encore(encore_no);
            }
            let numbered = name.is_empty()
                || name
                    .strip_prefix("Set ")
                    .or_else(|| name.strip_prefix("set "))
                    .is_some_and(|n| n.trim().parse::<u32>().is_ok());
            if numbered {
                set_no += 1;
                SetLabel::Set(set_no)
            } else {
                SetLabel::Named(name.to_string())
            }
        })
        .collect()
}

/// A song's `info`: a segue mark at its start or end, and the rest as a footnote.
pub fn split_info(info: Option<&str>) -> (Option<Transition>, Option<String>) {
    let Some(info) = info.map(str::trim).filter(|i| !i.is_empty()) else {
        return (None, None);
    };
    let mut mark = None;
    let mut rest = info;
    for (text, transition) in [("->", Transition::JamSegue), (">", Transition::Segue)] {
        if let Some(r) = rest.strip_prefix(text) {
            mark = Some(transition);
            rest = r;
            break;
        }
        if let Some(r) = rest.strip_suffix(text) {
            mark = Some(transition);
            rest = r;
            break;
        }
    }
    // What joined the mark to the note: "->, ended with a jam", "unfinished) (>".
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')'));
    let note = if mark.is_some() {
        clean_text(rest)
    } else {
        clean_text(info)
    };
    (mark, note)
}

fn song(entry: &SongEntry, position: u32) -> Option<Performance> {
    let name = entry.name.as_deref().and_then(clean_text)?;
    let (mark, footnote) = split_info(entry.info.as_deref());
    let artist_name = |a: &Option<super::wire::Artist>| a.as_ref().and_then(|a| a.name.as_deref()).and_then(clean_text);
    Some(Performance {
        song: Song {
            source_id: None,
            slug: slugify(&name),
            name,
            original_artist: artist_name(&entry.cover),
        },
        position,
        transition: mark.unwrap_or(Transition::None),
        footnote,
        jamchart: false,
        jamchart_note: None,
        guest: artist_name(&entry.with),
        tape: entry.tape,
        duration_secs: None,
    })
}

/// One setlist as a show; `None` when its date cannot be read.
pub fn build_show(setlist: &Setlist, order_in_date: u32, today: ShowDate) -> Option<Show> {
    let date = event_date(&setlist.event_date)?;
    let wire_sets = setlist.sets.as_ref().map(|s| s.set.as_slice()).unwrap_or(&[]);
    let mut position = 0;
    let sets: Vec<Set> = set_labels(wire_sets)
        .into_iter()
        .zip(wire_sets)
        .map(|(label, set)| {
            let mut performances: Vec<Performance> = set
                .song
                .iter()
                .filter_map(|entry| {
                    let p = song(entry, position + 1)?;
                    position += 1;
                    Some(p)
                })
                .collect();
            if let Some(last) = performances.last_mut() {
                if last.transition == Transition::None {
                    last.transition = Transition::EndOfSet;
                }
            }
            Set { label, performances }
        })
        .collect();
    let city = setlist.venue.city.as_ref();
    let coords = city.and_then(|c| c.coords.as_ref());
    let venue = Venue {
        latitude: coords.and_then(|c| c.lat),
        longitude: coords.and_then(|c| c.long),
        ..Venue::from_text(
            setlist.venue.id.clone(),
            setlist.venue.name.as_deref(),
            city.and_then(|c| c.name.as_deref()),
            city.and_then(|c| c.state_code.as_deref().or(c.state.as_deref())),
            city.and_then(|c| c.country.as_ref())
                .and_then(|c| c.name.as_deref().or(c.code.as_deref())),
        )
    };
    let tour = setlist
        .tour
        .as_ref()
        .and_then(|t| t.name.as_deref())
        .and_then(clean_text)
        .map(|name| Tour {
            source_id: name.clone(),
            name,
        });
    Some(Show {
        source: SourceKind::Setlistfm,
        source_id: setlist.id.clone(),
        date,
        order_in_date,
        venue,
        tour,
        notes: setlist.info.as_deref().and_then(clean_notes),
        permalink: setlist.url.clone(),
        sets,
        excluded: (date > today).then_some(Exclusion::Future),
        source_updated: setlist.version_id.clone(),
    })
}

/// The band's setlists as shows. setlist.fm lists the later of two shows on one
/// date first, so within a date the order is reversed.
pub fn build_shows(setlists: &[Setlist], mbid: &str, today: ShowDate) -> Vec<Show> {
    let own: Vec<&Setlist> = setlists
        .iter()
        .filter(|s| s.artist.mbid.as_deref().is_some_and(|m| m.eq_ignore_ascii_case(mbid)))
        .collect();
    let mut per_date: HashMap<&str, u32> = HashMap::new();
    for s in &own {
        *per_date.entry(s.event_date.as_str()).or_default() += 1;
    }
    let mut seen: HashMap<&str, u32> = HashMap::new();
    own.iter()
        .filter_map(|s| {
            let listed_before = seen.entry(s.event_date.as_str()).or_default();
            *listed_before += 1;
            let order = per_date[s.event_date.as_str()] - *listed_before + 1;
            build_show(s, order, today)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(name: Option<&str>, encore: Option<u64>) -> WireSet {
        WireSet {
            name: name.map(str::to_string),
            encore,
            song: Vec::new(),
        }
    }

    #[test]
    fn labels_number_sets_and_encores_over_the_list() {
        let sets = [
            set(Some("Set 1:"), None),
            set(None, None),
            set(Some("Acoustic:"), None),
            set(None, Some(1)),
            set(Some("Encore:"), None),
            set(Some("Encore 2:"), Some(2)),
        ];
        let labels: Vec<String> = set_labels(&sets).iter().map(|l| l.to_string()).collect();
        assert_eq!(labels, ["Set 1", "Set 2", "Acoustic", "Encore", "Encore 2", "Encore 3"]);
    }

    #[test]
    fn segue_marks_come_out_of_info() {
        assert_eq!(split_info(Some(">")), (Some(Transition::Segue), None));
        assert_eq!(split_info(Some(" -> ")), (Some(Transition::JamSegue), None));
        assert_eq!(
            split_info(Some("unfinished) (>")),
            (Some(Transition::Segue), Some("unfinished".into()))
        );
        assert_eq!(
            split_info(Some("->, ended with a jam")),
            (Some(Transition::JamSegue), Some("ended with a jam".into()))
        );
        assert_eq!(
            split_info(Some("with Kami Band intro.")),
            (None, Some("with Kami Band intro.".into()))
        );
        assert_eq!(split_info(Some("")), (None, None));
        assert_eq!(split_info(None), (None, None));
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(event_date("27-04-2025").unwrap().to_string(), "2025-04-27");
        assert!(event_date("2025-04-27").is_none());
    }
}
