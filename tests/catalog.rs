//! A band's song catalog (`songs`): each song once a show, the same figures as
//! its history, and every order, on hand-made catalogs with known answers.

mod support;

use elmeg_importers::Show;
use elmeg_tui::cache::{sort_catalog, Cache, CatalogOrder, CatalogSong};
use serde_json::{json, Value};
use support::{band, show};

/// The counting traps of `support::counting_catalog`: A is played twice at #4,
/// Intro only as a tape, and the excluded and future shows do not count.
fn catalog() -> Vec<Show> {
    support::counting_catalog()
}

fn cache_with(dir: &tempfile::TempDir, shows: &[Show]) -> Cache {
    let mut cache = Cache::open(&dir.path().join("cache.sqlite3")).unwrap();
    let band_id = cache.ensure_band(&band()).unwrap();
    cache.write_shows(band_id, shows).unwrap();
    cache.refresh_derived(band_id).unwrap();
    cache
}

fn names(songs: &[CatalogSong]) -> Vec<&str> {
    songs.iter().map(|s| s.name.as_str()).collect()
}

fn sorted(songs: &[CatalogSong], order: CatalogOrder) -> Vec<String> {
    let mut songs = songs.to_vec();
    sort_catalog(&mut songs, order);
    songs.into_iter().map(|s| s.name).collect()
}

#[test]
fn each_song_once_a_show_with_the_figures_of_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let cache = cache_with(&dir, &catalog());
    let songs = cache.song_catalog("testband").unwrap();
    // Played at counted shows only: no Intro (only ever a tape); the future and
    // excluded shows add nothing to A.
    assert_eq!(names(&songs), ["B", "A", "C"], "by plays");
    let a = &songs[1];
    assert_eq!(
        (a.times_played, a.debut.as_str(), a.last_played.as_str(), a.current_gap),
        (3, "2001-01-01", "2001-01-04", 1),
        "A at #1, #3 and #4 (twice) of 5"
    );
    assert_eq!((a.average_gap, a.longest_gap), (Some(1.5), Some(2)));
    // The same figures as the song's history, for every song.
    for song in &songs {
        let matched = cache
            .songs_of("testband")
            .unwrap()
            .into_iter()
            .find(|m| m.id == song.song_id)
            .unwrap();
        let h = cache.song_history("testband", &matched).unwrap();
        assert_eq!(
            (
                h.times_played,
                h.debut.as_deref(),
                h.last_played.as_deref(),
                h.current_gap
            ),
            (
                song.times_played,
                Some(song.debut.as_str()),
                Some(song.last_played.as_str()),
                Some(song.current_gap)
            ),
            "{}",
            song.name
        );
        assert_eq!((h.average_gap, h.longest_gap), (song.average_gap, song.longest_gap));
    }
}

#[test]
fn every_order_with_ties_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let songs = cache_with(&dir, &catalog()).song_catalog("testband").unwrap();
    assert_eq!(sorted(&songs, CatalogOrder::Plays), ["B", "A", "C"]);
    assert_eq!(sorted(&songs, CatalogOrder::Name), ["A", "B", "C"]);
    // Debuts: C on 01-02, A and B on 01-01 (a tie).
    assert_eq!(sorted(&songs, CatalogOrder::Debut), ["C", "A", "B"]);
    // Last played: B on 01-06, A and C on 01-04 (a tie).
    assert_eq!(sorted(&songs, CatalogOrder::Last), ["B", "A", "C"]);
    // Current gaps: A 1, C 1 (a tie), B 0.
    assert_eq!(sorted(&songs, CatalogOrder::Gap), ["A", "C", "B"]);
    // None is played 5 times: all follow by plays.
    assert_eq!(sorted(&songs, CatalogOrder::Overdue), ["B", "A", "C"]);
}

#[test]
fn overdue_ranks_the_current_gap_against_the_usual_one() {
    // Ten shows: X at 1-5 (usual gap 1, now 5 shows ago), Y at 1, 3, 5, 7, 9
    // (usual gap 2, now 1), W at 8 and 10, V at 2 and F at 6 only; "a" and "B"
    // tie with W by name.
    let songs_at = |n: usize| -> Vec<&str> {
        let mut songs = Vec::new();
        if n <= 5 {
            songs.push("X");
        }
        if n % 2 == 1 {
            songs.push("Y");
        }
        if n == 8 || n == 10 {
            songs.extend(["W", "a", "B"]);
        }
        match n {
            2 => songs.push("V"),
            6 => songs.push("F"),
            _ => {}
        }
        songs
    };
    let shows: Vec<Show> = (1..=10)
        .map(|n| show(&n.to_string(), &format!("2002-01-{n:02}"), 1, &[&songs_at(n)]))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let songs = cache_with(&dir, &shows).song_catalog("testband").unwrap();
    let x = songs.iter().find(|s| s.name == "X").unwrap();
    assert_eq!((x.current_gap, x.average_gap, x.overdue()), (5, Some(1.0), Some(5.0)));
    assert_eq!(
        sorted(&songs, CatalogOrder::Overdue),
        ["X", "Y", "a", "B", "W", "F", "V"],
        "X (5.0), Y (0.5), then by plays: a, B, W (2 each, by name in any case), F, V (1)"
    );
}

#[test]
fn the_songs_command_prints_the_catalog_as_json_and_as_a_table() {
    let dir = tempfile::tempdir().unwrap();
    drop(cache_with(&dir, &catalog()));
    let config = dir.path().join("config.toml");
    std::fs::write(&config, support::CONFIG).unwrap();
    let run = |args: &[&str]| {
        let mut cmd = assert_cmd::Command::cargo_bin("elmeg-tui").unwrap();
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        let cache = dir.path().join("cache.sqlite3");
        cmd.args(["--cache", cache.to_str().unwrap(), "--config", config.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["songs", "testband", "--sort", "gap", "--json"]);
    assert!(out.status.success(), "{out:?}");
    let songs: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        songs[0],
        json!({"name": "A", "original_artist": null, "times_played": 3, "debut": "2001-01-01",
               "last_played": "2001-01-04", "current_gap": 1, "average_gap": 1.5, "longest_gap": 2})
    );
    assert_eq!(songs.as_array().unwrap().len(), 3);
    let out = run(&["songs", "testband"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("SONG"), "{text}");
    assert!(text.lines().nth(1).unwrap().starts_with("B "), "{text}");
    // A band with nothing cached says how to fill it.
    std::fs::remove_file(dir.path().join("cache.sqlite3")).unwrap();
    let out = run(&["songs", "testband"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("--refresh testband"), "{err}");
}
