//! A band's statistics over a scope (`stats`) and one song across every band
//! (`song all`), on hand-made catalogs whose answers are worked out by hand.

mod support;

use elmeg_importers::{Exclusion, SetLabel, Show, SourceKind, Tour};
use elmeg_tui::cache::{song_key, Cache, ScopeStats, StatsScope, TourMatch};
use elmeg_tui::config::BandSpec;
use elmeg_tui::search::{resolve, Resolution};
use serde_json::{json, Value};
use support::{band, show};

fn on_tour(mut show: Show, tour: &str) -> Show {
    show.tour = Some(Tour {
        source_id: tour.to_lowercase(),
        name: tour.into(),
    });
    show
}

/// The last set is an encore.
fn with_encore(mut show: Show) -> Show {
    let last = show.sets.len() - 1;
    show.sets[last].label = SetLabel::Encore(1);
    show
}

/// Counted shows #1..#5. #2 opens with a tape and has A twice (a reprise under
/// the same name); #4 shares its date with #3 and is a sandwich (D > X > D);
/// an excluded show, a tape-only show and a future show count for nothing.
fn catalog() -> Vec<Show> {
    let mut excluded = show("x", "2001-03-03", 1, &[&["Z"]]);
    excluded.excluded = Some(Exclusion::Source);
    let mut future = show("f", "2999-01-01", 1, &[&["G", "A"]]);
    future.excluded = Some(Exclusion::Future);
    vec![
        on_tour(
            with_encore(show("1", "2001-03-01", 1, &[&["A", "B"], &["C"]])),
            "Spring",
        ),
        on_tour(
            with_encore(show(
                "2",
                "2001-03-02",
                1,
                &[&["~Intro", "B", "A"], &["D", "A"], &["E"]],
            )),
            "Spring",
        ),
        on_tour(excluded, "Spring"),
        // Written late show first.
        on_tour(show("4", "2002-01-05", 2, &[&["D", "X", "D"]]), "Winter"),
        on_tour(show("3", "2002-01-05", 1, &[&["A", "C"]]), "Winter"),
        on_tour(show("t", "2002-01-06", 1, &[&["~A"]]), "Winter"),
        on_tour(
            with_encore(show("5", "2002-06-01", 1, &[&["B", "C"], &["F"], &["A"]])),
            "Summer",
        ),
        on_tour(future, "Summer"),
    ]
}

fn cache_with(dir: &tempfile::TempDir, bands: &[(BandSpec, Vec<Show>)]) -> Cache {
    let mut cache = Cache::open(&dir.path().join("cache.sqlite3")).unwrap();
    for (spec, shows) in bands {
        let band_id = cache.ensure_band(spec).unwrap();
        cache.write_shows(band_id, shows).unwrap();
        cache.refresh_derived(band_id).unwrap();
    }
    cache
}

fn stats(cache: &Cache, scope: StatsScope) -> Value {
    serde_json::to_value(cache.scope_stats("testband", &scope).unwrap()).unwrap()
}

fn times(list: &[(&str, u64)]) -> Value {
    list.iter()
        .map(|(song, times)| json!({"song": song, "times": times}))
        .collect()
}

fn tour(cache: &Cache, name: &str) -> TourMatch {
    match resolve(name, &cache.tours_of("testband").unwrap()) {
        Resolution::Found(tour) => tour,
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn the_whole_band() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_with(&dir, &[(band(), catalog())]);
    assert_eq!(
        stats(&cache, StatsScope::Band),
        json!({
            "band": "testband", "scope": "all",
            // 3 + 5 (the tape left out) + 2 + 3 + 4.
            "shows": 5, "occurrences": 17, "distinct_songs": 7,
            "most_played": times(&[("A", 4), ("B", 3), ("C", 3), ("D", 2), ("E", 1), ("F", 1), ("X", 1)]),
            "debuts": [
                {"song": "A", "date": "2001-03-01"}, {"song": "B", "date": "2001-03-01"},
                {"song": "C", "date": "2001-03-01"}, {"song": "D", "date": "2001-03-02"},
                {"song": "E", "date": "2001-03-02"}, {"song": "X", "date": "2002-01-05"},
                {"song": "F", "date": "2002-06-01"}
            ],
            // Each song's first time in a show, measured back to its last show:
            // the reprise of A at #2 and the second D of the sandwich are none.
            "bustouts": [
                {"song": "B", "date": "2002-06-01", "gap": 3},
                {"song": "C", "date": "2002-01-05", "gap": 2},
                {"song": "D", "date": "2002-01-05", "gap": 2},
                {"song": "A", "date": "2002-06-01", "gap": 2},
                {"song": "C", "date": "2002-06-01", "gap": 2},
                {"song": "A", "date": "2001-03-02", "gap": 1},
                {"song": "B", "date": "2001-03-02", "gap": 1},
                {"song": "A", "date": "2002-01-05", "gap": 1}
            ],
            // #2 opens with a tape, so B; #5's last set is an encore, so F closes.
            "openers": times(&[("A", 2), ("B", 2), ("D", 1)]),
            "closers": times(&[("A", 1), ("B", 1), ("C", 1), ("D", 1), ("F", 1)]),
        })
    );
}

#[test]
fn a_year_with_a_debut_and_a_bust_out() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_with(&dir, &[(band(), catalog())]);
    assert_eq!(
        stats(&cache, StatsScope::Year(2002)),
        json!({
            "band": "testband", "scope": "2002",
            "shows": 3, "occurrences": 9, "distinct_songs": 6,
            "most_played": times(&[("A", 2), ("C", 2), ("B", 1), ("D", 1), ("F", 1), ("X", 1)]),
            "debuts": [{"song": "X", "date": "2002-01-05"}, {"song": "F", "date": "2002-06-01"}],
            // Gaps reach back before the year.
            "bustouts": [
                {"song": "B", "date": "2002-06-01", "gap": 3},
                {"song": "C", "date": "2002-01-05", "gap": 2},
                {"song": "D", "date": "2002-01-05", "gap": 2},
                {"song": "A", "date": "2002-06-01", "gap": 2},
                {"song": "C", "date": "2002-06-01", "gap": 2},
                {"song": "A", "date": "2002-01-05", "gap": 1}
            ],
            "openers": times(&[("A", 1), ("B", 1), ("D", 1)]),
            "closers": times(&[("C", 1), ("D", 1), ("F", 1)]),
        })
    );
    let empty = cache.scope_stats("testband", &StatsScope::Year(1990)).unwrap();
    assert_eq!((empty.shows, empty.distinct_songs, empty.first), (0, 0, None));
}

#[test]
fn a_tour_by_name_in_any_case_or_fuzzily() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_with(&dir, &[(band(), catalog())]);
    let names: Vec<String> = cache
        .tours_of("testband")
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["Spring", "Summer", "Winter"]);
    assert_eq!(
        tour(&cache, "SPRING"),
        tour(&cache, "sprng"),
        "exact in any case, or the one fuzzy match"
    );
    assert_eq!(tour(&cache, "mer").name, "Summer");
    assert!(matches!(
        resolve("er", &cache.tours_of("testband").unwrap()),
        Resolution::Ambiguous(names) if names.len() == 2
    ));
    // The excluded show of the spring tour counts for nothing.
    let spring = stats(&cache, StatsScope::Tour(tour(&cache, "spring")));
    assert_eq!(
        (
            &spring["scope"],
            &spring["shows"],
            &spring["occurrences"],
            &spring["distinct_songs"]
        ),
        (&json!("Spring"), &json!(2), &json!(8), &json!(5))
    );
    assert_eq!(spring["openers"], times(&[("A", 1), ("B", 1)]));
    assert_eq!(spring["closers"], times(&[("A", 1), ("B", 1)]));
    // The winter tour: two shows on one date; its tape-only show is not one.
    let winter = stats(&cache, StatsScope::Tour(tour(&cache, "winter")));
    assert_eq!((&winter["shows"], &winter["occurrences"]), (&json!(2), &json!(5)));
    assert_eq!(winter["debuts"], json!([{"song": "X", "date": "2002-01-05"}]));
    // The future show of the summer tour neither counts nor debuts G.
    let summer = stats(&cache, StatsScope::Tour(tour(&cache, "summer")));
    assert_eq!(
        (&summer["shows"], &summer["debuts"]),
        (&json!(1), &json!([{"song": "F", "date": "2002-06-01"}]))
    );
}

#[test]
fn the_figures_agree_with_the_song_histories_and_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_with(&dir, &[(band(), catalog())]);
    let all: ScopeStats = cache.scope_stats("testband", &StatsScope::Band).unwrap();
    let catalog = cache.song_catalog("testband").unwrap();
    assert_eq!(all.distinct_songs as usize, catalog.len());
    for entry in &all.most_played {
        let song = catalog.iter().find(|s| s.name == entry.song).unwrap();
        assert_eq!(entry.times, song.times_played, "{}", entry.song);
    }
    let overview = &cache.band_overviews(&[band()]).unwrap()[0];
    assert_eq!((all.shows, all.occurrences), (overview.shows, overview.performances));
}

fn other_band() -> BandSpec {
    BandSpec {
        artist_id: Some("98".into()),
        ..BandSpec::new("otherband", "Other Band", SourceKind::Phishnet)
    }
}

#[test]
fn one_song_across_bands_whose_names_differ_in_case_apostrophes_and_ampersands() {
    let dir = tempfile::tempdir().unwrap();
    let first = vec![
        show("1", "2001-01-01", 1, &[&["Don't Stop", "Me & You", "The Wheel"]]),
        show("2", "2001-02-01", 1, &[&["Scarlet Begonias", "Don't Stop"]]),
        show("3", "2001-03-01", 1, &[&["Ramble"]]),
    ];
    let other = vec![
        show("11", "2001-01-15", 1, &[&["don’t stop", "Me and You"]]),
        show(
            "12",
            "2001-02-01",
            1,
            &[&["Wheel", "scarlet begonias", "Scarlet Begonias"]],
        ),
    ];
    let cache = cache_with(&dir, &[(band(), first), (other_band(), other)]);
    let identities = cache.song_identities().unwrap();
    let key_of = |name: &str| {
        identities
            .iter()
            .find(|i| i.key == song_key(name))
            .unwrap_or_else(|| panic!("{name}"))
    };
    for name in ["Don't Stop", "Me & You", "The Wheel", "Scarlet Begonias"] {
        let bands: Vec<&str> = key_of(name).bands.iter().map(|(b, _)| b.as_str()).collect();
        assert_eq!(bands, ["testband", "otherband"], "{name}");
    }
    // Only ever a tape under the other band: not one of its songs.
    assert_eq!(key_of("Ramble").bands.len(), 1);
    let ramble_id = cache
        .songs_of("testband")
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Ramble")
        .unwrap()
        .id;
    let ramble = cache.identity_of(ramble_id).unwrap().unwrap();
    let across = cache.song_across(&ramble).unwrap();
    assert_eq!(
        across.bands.iter().map(|b| b.band.as_str()).collect::<Vec<_>>(),
        ["testband"]
    );
    // From one band's song, as the explorer asks: the same bands and songs.
    let other_id = cache
        .songs_of("otherband")
        .unwrap()
        .into_iter()
        .find(|s| s.name == "don’t stop")
        .unwrap()
        .id;
    let from_song = cache.identity_of(other_id).unwrap().unwrap();
    assert_eq!(from_song.bands, key_of("Don't Stop").bands);

    let across = serde_json::to_value(cache.song_across(key_of("dont stop")).unwrap()).unwrap();
    assert_eq!(
        across,
        json!({
            "song": "Don't Stop",
            "bands": [
                {"band": "testband", "times_played": 2, "debut": "2001-01-01", "last_played": "2001-02-01", "current_gap": 1},
                {"band": "otherband", "times_played": 1, "debut": "2001-01-15", "last_played": "2001-01-15", "current_gap": 1}
            ],
            "performances": [
                {"band": "testband", "date": "2001-01-01", "venue": "Venue 1", "city": "Town", "set": "Set 1", "position": 1},
                {"band": "otherband", "date": "2001-01-15", "venue": "Venue 11", "city": "Town", "set": "Set 1", "position": 1},
                {"band": "testband", "date": "2001-02-01", "venue": "Venue 2", "city": "Town", "set": "Set 1", "position": 2}
            ]
        })
    );
    // The other band's source spells Scarlet Begonias two ways in one show: one
    // row for the show, as a history has.
    let scarlet = cache.song_across(key_of("Scarlet Begonias")).unwrap();
    let rows: Vec<(&str, &str, u64)> = scarlet
        .performances
        .iter()
        .map(|p| (p.band.as_str(), p.date.as_str(), p.position))
        .collect();
    assert_eq!(rows, [("otherband", "2001-02-01", 2), ("testband", "2001-02-01", 1)]);
    assert_eq!(scarlet.bands[1].times_played, 1);
    assert_eq!(scarlet.performances[0].positions, [2, 3]);
}
