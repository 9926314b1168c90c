//! Phish.net rows → normalized shows, on hand-written fixtures in the API's shapes.

use std::collections::HashMap;

use elmeg_importers::phishnet::{build_year, SetlistRow, ShowList, ShowRow};
use elmeg_importers::KnownShow;
use elmeg_importers::{Exclusion, SetLabel, Show, ShowDate, Transition};

fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/../tests/fixtures/phishnet/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn data<T: serde::de::DeserializeOwned>(name: &str) -> Vec<T> {
    serde_json::from_value(fixture(name)["data"].clone()).unwrap()
}

fn show_list() -> ShowList {
    ShowList::from_rows(data::<ShowRow>("shows_artist_phish.json"), "1")
}

fn today() -> ShowDate {
    "2026-11-28".parse().unwrap()
}

fn covers() -> HashMap<String, String> {
    HashMap::from([("3209".to_string(), "Prince and the New Power Generation".to_string())])
}

fn year(y: i32) -> Vec<Show> {
    let rows: Vec<SetlistRow> = data(&format!("setlists_showyear_{y}.json"));
    build_year(y, &show_list(), rows, "1", &covers(), today())
}

#[test]
fn other_artists_rows_are_dropped_from_list_and_setlists() {
    let list = show_list();
    assert_eq!(list.len(), 7, "the Trey Anastasio show is not Phish's");
    assert!(!list.ids().any(|id| id == "1999000001"));
    let shows = year(1997);
    assert_eq!(shows.len(), 1);
    let songs: Vec<&str> = shows[0]
        .sets
        .iter()
        .flat_map(|s| &s.performances)
        .map(|p| p.song.name.as_str())
        .collect();
    assert_eq!(songs.len(), 15);
    assert!(
        !songs.contains(&"Sand"),
        "Trey's row on the same date was kept: {songs:?}"
    );
}

#[test]
fn strings_era_show_parses_in_full() {
    let show = &year(1997)[0];
    assert_eq!(show.source_id, "1252683584");
    assert_eq!(show.date.to_string(), "1997-11-22");
    assert_eq!(show.venue.name, "Hampton Coliseum");
    assert_eq!(show.venue.source_id.as_deref(), Some("6"));
    assert_eq!(
        (show.venue.city.as_deref(), show.venue.state.as_deref()),
        (Some("Hampton"), Some("VA"))
    );
    assert_eq!(
        show.tour.as_ref().unwrap().name,
        "1997 Fall Tour (a.k.a. Phish Destroys America)"
    );
    assert_eq!(show.excluded, None);
    // PHP-escaped slashes decode like any JSON.
    assert_eq!(
        show.permalink.as_deref(),
        Some("https://phish.net/setlists/phish-november-22-1997-hampton-coliseum-hampton-va-usa.html")
    );

    let labels: Vec<String> = show.sets.iter().map(|s| s.label.to_string()).collect();
    assert_eq!(labels, ["Set 1", "Set 2", "Encore"]);
    let first = &show.sets[0].performances[0];
    assert_eq!(first.song.name, "Mike's Song");
    assert_eq!(first.song.source_id.as_deref(), Some("381"));
    assert_eq!(first.transition, Transition::JamSegue);
    assert!(first.jamchart);
    assert_eq!(show.sets[0].performances[1].transition, Transition::Segue);
    assert_eq!(show.sets[0].performances[2].transition, Transition::None);
    assert_eq!(
        show.sets[0].performances.last().unwrap().transition,
        Transition::EndOfSet
    );
    let antelope = show.sets[1].performances.last().unwrap();
    assert_eq!(antelope.position, 13);
    assert_eq!(
        antelope.footnote.as_deref(),
        Some("Lyric changed to \"Michael Esquandolas.\"")
    );
}

#[test]
fn html_entities_and_tags_are_cleaned_from_notes() {
    let show = &year(1997)[0];
    let notes = show.notes.as_deref().unwrap();
    assert!(notes.starts_with("Mike's Song and Tweezer"), "{notes}");
    assert!(notes.contains("Trey\u{2019}s humorous"), "{notes}");
    assert!(notes.ends_with("Hampton/Winston-Salem '97 box set."), "{notes}");
    assert!(!notes.contains('<') && !notes.contains('&'), "{notes}");
}

#[test]
fn numbers_era_show_parses_with_covers() {
    let show = &year(2025)[0];
    assert_eq!(show.source_id, "1758048050");
    let labels: Vec<String> = show.sets.iter().map(|s| s.label.to_string()).collect();
    assert_eq!(labels, ["Set 1", "Set 2", "Set 3", "Encore"]);
    assert_eq!(show.performance_count(), 27);
    let cream = show.sets[1]
        .performances
        .iter()
        .find(|p| p.song.name == "Cream")
        .unwrap();
    assert_eq!(
        cream.song.original_artist.as_deref(),
        Some("Prince and the New Power Generation")
    );
    assert_eq!(cream.footnote.as_deref(), Some("Phish debut."));
    let free = &show.sets[0].performances[0];
    assert_eq!(free.song.original_artist, None, "an original has no original artist");
    assert!(show.notes.as_deref().unwrap().starts_with("YEM contained Fuego teases"));
}

#[test]
fn two_shows_on_a_date_are_ordered_by_showid() {
    let shows = year(1985);
    assert_eq!(shows.len(), 2);
    let by_order: Vec<(&str, u32)> = shows.iter().map(|s| (s.source_id.as_str(), s.order_in_date)).collect();
    assert!(by_order.contains(&("1250000100", 1)), "{by_order:?}");
    assert!(by_order.contains(&("1250000200", 2)), "{by_order:?}");
    let late = shows.iter().find(|s| s.source_id == "1250000200").unwrap();
    assert_eq!(late.sets[0].performances[0].duration_secs, Some(581));
}

#[test]
fn cancelled_soundcheck_and_future_shows_are_marked_excluded() {
    let shows = year(2020);
    assert_eq!(shows.len(), 2);
    let cancelled = shows.iter().find(|s| s.date.to_string() == "2020-07-14").unwrap();
    assert_eq!(cancelled.excluded, Some(Exclusion::Source));
    assert!(cancelled.sets.is_empty());
    let soundcheck = shows.iter().find(|s| s.date.to_string() == "2020-02-19").unwrap();
    assert_eq!(
        soundcheck.excluded,
        Some(Exclusion::Source),
        "its rows carry exclude = 1"
    );
    assert_eq!(soundcheck.sets[0].label, SetLabel::Set(1));

    let future = build_year(2099, &show_list(), Vec::new(), "1", &covers(), today());
    assert_eq!(future.len(), 1);
    assert_eq!(future[0].excluded, Some(Exclusion::Future));
}

#[test]
fn incremental_plan_fetches_only_changed_years_and_the_current_one() {
    let list = show_list();
    assert_eq!(list.newest_update(), Some("2026-01-02 10:00:00"));
    let full = list.years_to_fetch(&HashMap::new(), today());
    assert_eq!(
        full.into_iter().collect::<Vec<_>>(),
        [1985, 1997, 2020, 2025, 2026, 2099]
    );

    let rows: Vec<ShowRow> = data("shows_artist_phish.json");
    let mut known: HashMap<String, KnownShow> = rows
        .iter()
        .map(|r| {
            let k = KnownShow {
                source_updated: r.updated_at.clone(),
                awaiting_setlist: false,
            };
            (r.showid.clone(), k)
        })
        .collect();
    assert_eq!(
        list.years_to_fetch(&known, today()).into_iter().collect::<Vec<_>>(),
        [2026]
    );

    known.get_mut("1252683584").unwrap().source_updated = Some("2000-01-01 00:00:00".into());
    assert_eq!(
        list.years_to_fetch(&known, today()).into_iter().collect::<Vec<_>>(),
        [1997, 2026]
    );

    // A show stored before its date is fetched again once the date has passed.
    known.get_mut("1252683584").unwrap().source_updated = rows[0].updated_at.clone();
    known.get_mut("1790000000").unwrap().awaiting_setlist = true;
    let later: ShowDate = "2099-07-05".parse().unwrap();
    assert_eq!(
        list.years_to_fetch(&known, later).into_iter().collect::<Vec<_>>(),
        [2099]
    );
}
