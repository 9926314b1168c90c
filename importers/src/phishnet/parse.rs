//! Phish.net rows → normalized shows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::wire::{SetlistRow, ShowRow};
use crate::model::{
    Exclusion, KnownShow, Performance, Set, SetLabel, Show, ShowDate, Song, SourceKind, Tour, Transition, Venue,
};
use crate::text::{clean_notes, clean_text, slugify};

/// The band's rows of the show list, other artists' rows dropped.
#[derive(Debug, Clone, Default)]
pub struct ShowList {
    rows: Vec<ShowRow>,
}

impl ShowList {
    pub fn from_rows(rows: Vec<ShowRow>, artist_id: &str) -> Self {
        let rows = rows
            .into_iter()
            .filter(|r| is_artist(r.artistid.as_deref(), artist_id))
            .collect();
        ShowList { rows }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The newest `updated_at` stamp in the list: how far the source has been read.
    pub fn newest_update(&self) -> Option<&str> {
        self.rows.iter().filter_map(|r| r.updated_at.as_deref()).max()
    }

    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.rows.iter().map(|r| r.showid.as_str())
    }

    /// The years an incremental refresh must fetch: those with a show that is new,
    /// changed at the source (`updated_at`), or was awaiting its setlist; plus the current year.
    pub fn years_to_fetch(&self, known: &HashMap<String, KnownShow>, today: ShowDate) -> BTreeSet<i32> {
        let mut years: BTreeSet<i32> = self
            .rows
            .iter()
            .filter_map(|r| {
                let date = date_of(&r.showdate)?;
                let stale = match known.get(&r.showid) {
                    None => true,
                    Some(k) => k.source_updated != r.updated_at || (k.awaiting_setlist && date <= today),
                };
                stale.then_some(date.year())
            })
            .collect();
        years.insert(today.year());
        years
    }

    fn by_id(&self) -> HashMap<&str, &ShowRow> {
        self.rows.iter().map(|r| (r.showid.as_str(), r)).collect()
    }
}

pub(crate) fn is_artist(row_artist: Option<&str>, artist_id: &str) -> bool {
    // A row that names no artist is taken as the band's own.
    row_artist.is_none_or(|a| a.trim() == artist_id)
}

/// A row's date: `YYYY-MM-DD`, with or without a time after it.
pub(crate) fn date_of(raw: &str) -> Option<ShowDate> {
    raw.get(..10).unwrap_or(raw).parse().ok()
}

/// `"1"` → `Set 1`, `"e"` → `Encore`, `"e2"` → `Encore 2`; anything else is kept as named.
pub fn set_label(raw: &str) -> SetLabel {
    let raw = raw.trim();
    let lower = raw.to_ascii_lowercase();
    if let Ok(n) = lower.parse::<u32>() {
        return SetLabel::Set(n);
    }
    if let Some(rest) = lower.strip_prefix('e') {
        if rest.is_empty() {
            return SetLabel::Encore(1);
        }
        if let Ok(n) = rest.parse::<u32>() {
            return SetLabel::Encore(n.max(1));
        }
    }
    SetLabel::Named(raw.to_string())
}

/// `trans_mark` first; the numeric `transition` when the mark is missing or unknown.
pub fn transition(row: &SetlistRow) -> Option<Transition> {
    row.trans_mark
        .as_deref()
        .and_then(Transition::from_mark)
        .or(row.transition.and_then(transition_by_id))
}

/// Songfish's transition ids: 1 `,`, 2 `>`, 3 `->`, 4–6 the end of a set or show.
pub fn transition_by_id(id: u64) -> Option<Transition> {
    match id {
        1 => Some(Transition::None),
        2 => Some(Transition::Segue),
        3 => Some(Transition::JamSegue),
        4..=6 => Some(Transition::EndOfSet),
        _ => None,
    }
}

/// `"9:41"` or `"1:02:03"` → seconds.
pub fn duration_secs(raw: &str) -> Option<u32> {
    let parts: Vec<u32> = raw.trim().split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    match parts.as_slice() {
        [s] => Some(*s),
        [m, s] => Some(m * 60 + s),
        [h, m, s] => Some(h * 3600 + m * 60 + s),
        _ => None,
    }
    .filter(|s| *s > 0)
}

/// The shows of one year: every listed show of that year (with no sets where the
/// year answer has no rows for it), plus any show that only the rows name.
pub fn build_year(
    year: i32,
    list: &ShowList,
    rows: Vec<SetlistRow>,
    artist_id: &str,
    covers: &HashMap<String, String>,
    today: ShowDate,
) -> Vec<Show> {
    let mut rows_by_show: BTreeMap<String, Vec<SetlistRow>> = BTreeMap::new();
    for row in rows.into_iter().filter(|r| is_artist(r.artistid.as_deref(), artist_id)) {
        rows_by_show.entry(row.showid.clone()).or_default().push(row);
    }
    let listed = list.by_id();

    // Every show of the year, with its date, from the list and from the rows.
    let mut dates: BTreeMap<String, ShowDate> = list
        .rows
        .iter()
        .filter_map(|r| Some((r.showid.clone(), date_of(&r.showdate)?)))
        .filter(|(_, d)| d.year() == year)
        .collect();
    for (id, rows) in &rows_by_show {
        if let Some(d) = date_of(&rows[0].showdate) {
            dates.entry(id.clone()).or_insert(d);
        }
    }
    let orders = order_in_date(&dates);

    dates
        .iter()
        .filter(|(_, d)| d.year() == year)
        .map(|(id, date)| {
            let rows = rows_by_show.remove(id).unwrap_or_default();
            build_show(
                id,
                *date,
                orders[id],
                listed.get(id.as_str()).copied(),
                rows,
                covers,
                today,
            )
        })
        .collect()
}

/// Phish.net has no field for the order of two shows on a date: ascending `showid` decides.
fn order_in_date(dates: &BTreeMap<String, ShowDate>) -> HashMap<String, u32> {
    let mut by_date: BTreeMap<ShowDate, Vec<&String>> = BTreeMap::new();
    for (id, d) in dates {
        by_date.entry(*d).or_default().push(id);
    }
    let mut orders = HashMap::new();
    for ids in by_date.values_mut() {
        ids.sort_by_key(|id| (id.parse::<u64>().unwrap_or(u64::MAX), id.to_string()));
        for (i, id) in ids.iter().enumerate() {
            orders.insert((*id).clone(), i as u32 + 1);
        }
    }
    orders
}

fn build_show(
    id: &str,
    date: ShowDate,
    order_in_date: u32,
    listed: Option<&ShowRow>,
    mut rows: Vec<SetlistRow>,
    covers: &HashMap<String, String>,
    today: ShowDate,
) -> Show {
    rows.sort_by_key(|r| r.position.unwrap_or(u64::MAX));
    let first = rows.first();
    let pick = |from_list: Option<&Option<String>>, from_row: Option<&Option<String>>| {
        from_list.cloned().flatten().or_else(|| from_row.cloned().flatten())
    };
    let venue = Venue::from_text(
        pick(listed.map(|l| &l.venueid), first.map(|r| &r.venueid)),
        pick(listed.map(|l| &l.venue), first.map(|r| &r.venue)).as_deref(),
        pick(listed.map(|l| &l.city), first.map(|r| &r.city)).as_deref(),
        pick(listed.map(|l| &l.state), first.map(|r| &r.state)).as_deref(),
        pick(listed.map(|l| &l.country), first.map(|r| &r.country)).as_deref(),
    );
    let tour_id = pick(listed.map(|l| &l.tourid), first.map(|r| &r.tourid));
    let tour_name = pick(listed.map(|l| &l.tour_name), first.map(|r| &r.tourname)).and_then(|t| clean_text(&t));
    let tour = tour_name.map(|name| Tour {
        source_id: tour_id.unwrap_or_else(|| name.clone()),
        name,
    });
    let notes = pick(listed.map(|l| &l.setlist_notes), first.map(|r| &r.setlistnotes)).and_then(|n| clean_notes(&n));
    let permalink = pick(listed.map(|l| &l.permalink), first.map(|r| &r.permalink));

    let excluded = if listed.is_some_and(|l| l.exclude_from_stats) || rows.iter().any(|r| r.exclude) {
        Some(Exclusion::Source)
    } else if date > today {
        Some(Exclusion::Future)
    } else {
        None
    };

    Show {
        source: SourceKind::Phishnet,
        source_id: id.to_string(),
        date,
        order_in_date,
        venue,
        tour,
        notes,
        permalink,
        sets: build_sets(rows, covers),
        excluded,
        source_updated: listed.and_then(|l| l.updated_at.clone()),
    }
}

fn build_sets(rows: Vec<SetlistRow>, covers: &HashMap<String, String>) -> Vec<Set> {
    let mut sets: Vec<Set> = Vec::new();
    let mut raw_labels: Vec<String> = Vec::new();
    for row in rows {
        let Some(name) = row.song.as_deref().and_then(clean_text) else {
            continue;
        };
        let raw_set = row.set.clone().unwrap_or_else(|| "1".to_string());
        let index = match raw_labels.iter().position(|l| *l == raw_set) {
            Some(i) => i,
            None => {
                raw_labels.push(raw_set.clone());
                sets.push(Set {
                    label: set_label(&raw_set),
                    performances: Vec::new(),
                });
                sets.len() - 1
            }
        };
        let original_artist = (!row.is_original)
            .then(|| row.songid.as_ref().and_then(|id| covers.get(id)).cloned())
            .flatten();
        let song = Song {
            source_id: row.songid.clone(),
            slug: row.slug.clone().unwrap_or_else(|| slugify(&name)),
            name,
            original_artist,
        };
        sets[index].performances.push(Performance {
            song,
            position: row.position.unwrap_or(0) as u32,
            transition: transition(&row).unwrap_or(Transition::None),
            footnote: row.footnote.as_deref().and_then(clean_text),
            jamchart: row.isjamchart,
            jamchart_note: row.jamchart_description.as_deref().and_then(clean_text),
            guest: None,
            tape: false,
            duration_secs: row.tracktime.as_deref().and_then(duration_secs),
        });
    }
    end_sets(&mut sets);
    sets
}

/// A set's last song always ends the set, whatever mark the source left on it
/// (a segue into the next set stays).
pub(crate) fn end_sets(sets: &mut [Set]) {
    for set in sets {
        if let Some(last) = set.performances.last_mut() {
            if last.transition == Transition::None {
                last.transition = Transition::EndOfSet;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_labels() {
        assert_eq!(set_label("1"), SetLabel::Set(1));
        assert_eq!(set_label("4"), SetLabel::Set(4));
        assert_eq!(set_label("e"), SetLabel::Encore(1));
        assert_eq!(set_label("E2"), SetLabel::Encore(2));
        assert_eq!(set_label("e3").to_string(), "Encore 3");
        assert_eq!(set_label("Soundcheck"), SetLabel::Named("Soundcheck".into()));
    }

    #[test]
    fn durations() {
        assert_eq!(duration_secs("9:41"), Some(581));
        assert_eq!(duration_secs("1:02:03"), Some(3723));
        assert_eq!(duration_secs(""), None);
        assert_eq!(duration_secs("x"), None);
    }
}
