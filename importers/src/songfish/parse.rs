//! Songfish rows → normalized shows.

use std::collections::{BTreeMap, HashMap};

use super::wire::{SetlistRow, ShowRow, SongRow};
use crate::model::{Exclusion, Performance, Set, SetLabel, Show, ShowDate, Song, SourceKind, Tour, Transition, Venue};
use crate::phishnet::{date_of, duration_secs, end_sets, is_artist, set_label, transition_by_id};
use crate::text::{clean_notes, clean_text, slugify};

/// Songfish's placeholder for a one-off song: its `song_id` is shared, so such
/// songs are told apart by name.
const CUSTOM_SLUG: &str = "_custom_";
/// Songfish's tour for shows that belong to none.
const NO_TOUR: &str = "Not Part of a Tour";

/// The band's rows of a site's show list; other artists' rows dropped.
#[derive(Debug, Clone, Default)]
pub struct ShowList {
    rows: Vec<ShowRow>,
}

/// A listed show as the refresh compares it with the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedShow {
    pub id: String,
    pub date: ShowDate,
    /// As [`Site::venue_key`] makes it.
    pub venue_key: Option<String>,
}

impl ShowList {
    pub fn from_rows(rows: Vec<ShowRow>, artist_id: &str) -> Self {
        let rows = rows
            .into_iter()
            .filter(|r| is_artist(r.artist_id.as_deref(), artist_id))
            .collect();
        ShowList { rows }
    }

    pub fn shows(&self, site: &Site) -> Vec<ListedShow> {
        self.rows
            .iter()
            .filter_map(|r| {
                Some(ListedShow {
                    id: r.show_id.clone(),
                    date: date_of(&r.showdate)?,
                    venue_key: r.venue_id.as_deref().map(|id| site.venue_key(id)),
                })
            })
            .collect()
    }
}

/// Song id → original artist, for the site's covers.
pub fn cover_artists(rows: Vec<SongRow>) -> HashMap<String, String> {
    rows.into_iter()
        .filter(|r| !r.isoriginal)
        .filter_map(|r| Some((r.id, r.original_artist.as_deref().and_then(clean_text)?)))
        .collect()
}

/// The shows of `year`: every listed show of that year (with no sets where the
/// answer has no rows for it), plus any show of the band only the rows name.
pub fn build_year(
    year: i32,
    list: &ShowList,
    rows: Vec<SetlistRow>,
    site: &Site,
    covers: &HashMap<String, String>,
    today: ShowDate,
) -> Vec<Show> {
    let mut rows_by_show: BTreeMap<String, Vec<SetlistRow>> = BTreeMap::new();
    for row in rows
        .into_iter()
        .filter(|r| is_artist(r.artist_id.as_deref(), &site.artist_id))
    {
        rows_by_show.entry(row.show_id.clone()).or_default().push(row);
    }
    let listed: HashMap<&str, &ShowRow> = list.rows.iter().map(|r| (r.show_id.as_str(), r)).collect();

    // (date, showorder, id) of every show of the year, from the list and from the rows.
    let mut shows: BTreeMap<String, (ShowDate, u64)> = list
        .rows
        .iter()
        .filter_map(|r| Some((r.show_id.clone(), (date_of(&r.showdate)?, r.showorder.unwrap_or(1)))))
        .filter(|(_, (d, _))| d.year() == year)
        .collect();
    for (id, rows) in &rows_by_show {
        if let Some(d) = date_of(&rows[0].showdate).filter(|d| d.year() == year) {
            shows.entry(id.clone()).or_insert((d, rows[0].showorder.unwrap_or(1)));
        }
    }
    let mut ordered: Vec<(ShowDate, u64, String)> = shows.into_iter().map(|(id, (d, o))| (d, o, id)).collect();
    ordered.sort();

    let mut built = Vec::with_capacity(ordered.len());
    let mut previous: Option<(ShowDate, u32)> = None;
    for (date, _, id) in ordered {
        let order_in_date = match previous {
            Some((d, n)) if d == date => n + 1,
            _ => 1,
        };
        previous = Some((date, order_in_date));
        let rows = rows_by_show.remove(&id).unwrap_or_default();
        let show = build_show(
            &id,
            date,
            order_in_date,
            listed.get(id.as_str()).copied(),
            rows,
            site,
            covers,
        );
        built.push(Show {
            excluded: (date > today).then_some(Exclusion::Future),
            ..show
        });
    }
    built
}

/// Where a site lives and which of its artists is the band.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's home page, e.g. `https://elgoose.net`; show pages hang below it.
    pub root: String,
    pub artist_id: String,
}

impl Site {
    /// A venue's key: its id on this site. Sites number venues each on their
    /// own, so the id alone would merge two sites' venues.
    pub fn venue_key(&self, venue_id: &str) -> String {
        format!("{}#{}", self.root, venue_id.trim())
    }

    /// A show's page from a row's `permalink`: a full URL as it is, else the
    /// site's `setlists/` page of that name.
    pub fn show_page(&self, permalink: &str) -> String {
        let permalink = permalink.trim();
        if permalink.starts_with("http://") || permalink.starts_with("https://") {
            return permalink.to_string();
        }
        let path = permalink.trim_start_matches('/');
        let path = path.strip_prefix("setlists/").unwrap_or(path);
        format!("{}/setlists/{path}", self.root.trim_end_matches('/'))
    }
}

fn build_show(
    id: &str,
    date: ShowDate,
    order_in_date: u32,
    listed: Option<&ShowRow>,
    rows: Vec<SetlistRow>,
    site: &Site,
    covers: &HashMap<String, String>,
) -> Show {
    let first = rows.first();
    let pick = |from_list: Option<&Option<String>>, from_row: Option<&Option<String>>| {
        from_list.cloned().flatten().or_else(|| from_row.cloned().flatten())
    };
    let venue = Venue::from_text(
        pick(listed.map(|l| &l.venue_id), first.map(|r| &r.venue_id)).map(|id| site.venue_key(&id)),
        pick(listed.map(|l| &l.venuename), first.map(|r| &r.venuename)).as_deref(),
        pick(listed.map(|l| &l.city), first.map(|r| &r.city)).as_deref(),
        pick(listed.map(|l| &l.state), first.map(|r| &r.state)).as_deref(),
        pick(listed.map(|l| &l.country), first.map(|r| &r.country)).as_deref(),
    );
    let tour_id = pick(listed.map(|l| &l.tour_id), first.map(|r| &r.tour_id));
    let tour = pick(listed.map(|l| &l.tourname), first.map(|r| &r.tourname))
        .and_then(|t| clean_text(&t))
        .filter(|name| !name.eq_ignore_ascii_case(NO_TOUR))
        .map(|name| Tour {
            source_id: tour_id.unwrap_or_else(|| name.clone()),
            name,
        });
    let notes = pick(listed.map(|l| &l.shownotes), first.map(|r| &r.shownotes)).and_then(|n| clean_notes(&n));
    let permalink = pick(listed.map(|l| &l.permalink), first.map(|r| &r.permalink)).map(|p| site.show_page(&p));
    Show {
        source: SourceKind::Songfish,
        source_id: id.to_string(),
        date,
        order_in_date,
        venue,
        tour,
        notes,
        permalink,
        sets: build_sets(rows, covers),
        excluded: None,
        source_updated: None,
    }
}

/// Where a set goes in the show: numbered sets in order, then encores in order.
fn set_rank(label: &SetLabel) -> (u8, u32) {
    match label {
        SetLabel::Set(n) => (0, *n),
        SetLabel::Encore(n) => (1, *n),
        SetLabel::Named(_) => (2, 0),
    }
}

/// A row's set: `setnumber` (`"1"`, `"e"`, `"e2"`), and a lone `"One Set"` is set 1.
fn row_set(row: &SetlistRow) -> SetLabel {
    match row.setnumber.as_deref() {
        Some(n) => set_label(n),
        None => SetLabel::Set(1),
    }
}

fn build_sets(mut rows: Vec<SetlistRow>, covers: &HashMap<String, String>) -> Vec<Set> {
    // Some sites number positions across the show, others restart each set:
    // ordering by set, then position, reads both right.
    rows.sort_by_key(|r| (set_rank(&row_set(r)), r.position.unwrap_or(u64::MAX)));
    let mut sets: Vec<Set> = Vec::new();
    for row in rows {
        let Some(name) = row.songname.as_deref().and_then(clean_text) else {
            continue;
        };
        let label = row_set(&row);
        if sets.last().is_none_or(|s| s.label != label) {
            sets.push(Set {
                label,
                performances: Vec::new(),
            });
        }
        let custom = row.slug.as_deref() == Some(CUSTOM_SLUG);
        let source_id = row.song_id.clone().filter(|_| !custom);
        let original_artist = (!row.isoriginal)
            .then(|| {
                row.original_artist
                    .as_deref()
                    .and_then(clean_text)
                    .or_else(|| source_id.as_ref().and_then(|id| covers.get(id)).cloned())
            })
            .flatten();
        let song = Song {
            slug: row.slug.clone().filter(|_| !custom).unwrap_or_else(|| slugify(&name)),
            source_id,
            name,
            original_artist,
        };
        let transition = row
            .transition_id
            .and_then(transition_by_id)
            .or_else(|| row.transition.as_deref().and_then(Transition::from_mark))
            .unwrap_or(Transition::None);
        if let Some(set) = sets.last_mut() {
            set.performances.push(Performance {
                song,
                position: row.position.unwrap_or(0) as u32,
                transition,
                footnote: row.footnote.as_deref().and_then(clean_text),
                jamchart: row.isjamchart,
                jamchart_note: row.jamchart_notes.as_deref().and_then(clean_text),
                guest: None,
                tape: false,
                duration_secs: row.tracktime.as_deref().and_then(duration_secs),
            });
        }
    }
    // Positions run 1.. across the show, whichever style the site uses.
    for (i, p) in sets.iter_mut().flat_map(|s| &mut s.performances).enumerate() {
        p.position = i as u32 + 1;
    }
    end_sets(&mut sets);
    sets
}
