//! A small hand-made catalog for tests: not real setlists, but every shape the
//! explorer has to draw (segues, jam charts, footnotes, tapes, covers, guests,
//! two shows on a date, an untoured show, a cancelled one).

#![allow(dead_code)] // each test crate uses its own part of this module

use std::path::Path;

use elmeg_importers::{Exclusion, Performance, Set, SetLabel, Show, Song, SourceKind, Tour, Transition, Venue};
use elmeg_tui::cache::Cache;
use elmeg_tui::config::BandSpec;

/// A finished command's (exit code, stdout, stderr).
pub fn outcome(out: std::process::Output) -> (i32, String, String) {
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
}

/// What a command printed, which must have succeeded.
pub fn stdout_of(args: &[&str], (code, stdout, stderr): (i32, String, String)) -> String {
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout
}

/// The JSON a command printed, which must have succeeded.
pub fn json_of(args: &[&str], outcome: (i32, String, String)) -> serde_json::Value {
    let stdout = stdout_of(args, outcome);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
}

/// The `ELMEG_*` variables of the test's own environment but `keep`: a binary
/// under test runs without them, so no key or server of the caller leaks in.
pub fn elmeg_vars_except(keep: &[&str]) -> Vec<String> {
    std::env::vars()
        .map(|(name, _)| name)
        .filter(|name| name.starts_with("ELMEG_") && !keep.contains(&name.as_str()))
        .collect()
}

/// The built-in bands, in registry order.
pub const BUILT_IN_BANDS: [&str; 7] = [
    "phish",
    "dead-and-company",
    "billy-strings",
    "grateful-dead",
    "goose",
    "king-gizzard",
    "umphreys-mcgee",
];

/// The built-in Songfish bands, which a test must point at a local server.
pub const SONGFISH_BANDS: [&str; 3] = ["goose", "king-gizzard", "umphreys-mcgee"];

pub const CONFIG: &str = r#"
[[bands]]
slug = "testband"
name = "Test Band"
source = "phishnet"
artist_id = "99"
"#;

pub fn band() -> BandSpec {
    BandSpec {
        artist_id: Some("99".into()),
        ..BandSpec::new("testband", "Test Band", SourceKind::Phishnet)
    }
}

pub fn perf(name: &str, position: u32, transition: Transition, tape: bool) -> Performance {
    Performance {
        song: Song {
            source_id: None,
            name: name.into(),
            slug: name.to_lowercase().replace(' ', "-"),
            original_artist: None,
        },
        position,
        transition,
        footnote: None,
        jamchart: false,
        jamchart_note: None,
        guest: None,
        tape,
        duration_secs: None,
    }
}

pub fn venue(id: &str, name: &str, city: &str, state: &str) -> Venue {
    Venue {
        source_id: Some(id.into()),
        name: name.into(),
        city: Some(city.into()),
        state: Some(state.into()),
        country: Some("USA".into()),
        latitude: None,
        longitude: None,
    }
}

/// A show whose sets hold the named songs; a name starting with `~` is a tape.
pub fn show(id: &str, date: &str, order: u32, sets: &[&[&str]]) -> Show {
    let mut position = 0;
    Show {
        source: SourceKind::Phishnet,
        source_id: id.into(),
        date: date.parse().unwrap(),
        order_in_date: order,
        venue: venue(&format!("v{id}"), &format!("Venue {id}"), "Town", "VT"),
        tour: Some(Tour {
            source_id: "t1".into(),
            name: "Test Tour".into(),
        }),
        notes: None,
        permalink: None,
        sets: sets
            .iter()
            .enumerate()
            .map(|(i, songs)| Set {
                label: SetLabel::Set(i as u32 + 1),
                performances: songs
                    .iter()
                    .map(|name| {
                        position += 1;
                        let (name, tape) = name.strip_prefix('~').map_or((*name, false), |n| (n, true));
                        perf(name, position, Transition::None, tape)
                    })
                    .collect(),
            })
            .collect(),
        excluded: None,
        source_updated: Some("2024-01-01".into()),
    }
}

fn tour(id: &str, name: &str) -> Option<Tour> {
    Some(Tour {
        source_id: id.into(),
        name: name.into(),
    })
}

/// The catalog the explorer's tests draw.
pub fn explorer_catalog() -> Vec<Show> {
    let mut shows = Vec::new();

    let mut hampton = show(
        "101",
        "1997-11-22",
        1,
        &[
            &["Mike's Song", "I Am Hydrogen", "Weekapaug Groove"],
            &["Tweezer", "Piper", "Run Like an Antelope"],
            &["Tweezer Reprise"],
        ],
    );
    hampton.venue = venue("6", "Hampton Coliseum", "Hampton", "VA");
    hampton.tour = tour("37", "Fall Tour");
    hampton.sets[2].label = SetLabel::Encore(1);
    let set1 = &mut hampton.sets[0].performances;
    set1[0].transition = Transition::JamSegue;
    set1[0].jamchart = true;
    set1[1].transition = Transition::Segue;
    set1[2].transition = Transition::EndOfSet;
    let set2 = &mut hampton.sets[1].performances;
    set2[0].transition = Transition::Segue;
    set2[0].jamchart = true;
    set2[1].transition = Transition::Segue;
    set2[2].transition = Transition::EndOfSet;
    set2[2].footnote = Some("Lyric changed.".into());
    hampton.notes = Some("A hand-made show for tests. Its notes run long enough to wrap in a narrow pane.".into());
    shows.push(hampton);

    let mut winston = show(
        "102",
        "1997-11-23",
        1,
        &[&["~Intro", "Tweezer", "Cities"], &["Also Sprach Zarathustra"]],
    );
    winston.venue = venue("7", "Lawrence Joel Coliseum", "Winston-Salem", "NC");
    winston.tour = tour("37", "Fall Tour");
    winston.sets[0].performances[2].song.original_artist = Some("Talking Heads".into());
    winston.sets[1].performances[0].guest = Some("A Guest".into());
    // Notes longer than any pane, and the link below them that must stay reachable.
    winston.notes = Some(
        (1..=30)
            .map(|n| format!("Note line {n} of a long story."))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    winston.permalink = Some("https://example.invalid/setlist/winston-salem-1997".into());
    shows.push(winston);

    // Two shows on one date, and no tour.
    let mut early = show("201", "1998-04-02", 1, &[&["Tweezer", "Piper"]]);
    early.venue = venue("8", "Nassau Coliseum", "Uniondale", "NY");
    early.tour = tour("61", "Not Part of a Tour");
    let mut late = show("202", "1998-04-02", 2, &[&["Cities"]]);
    late.venue = venue("8", "Nassau Coliseum", "Uniondale", "NY");
    late.tour = None;
    shows.extend([early, late]);

    let mut cancelled = show("301", "1999-07-04", 1, &[]);
    cancelled.venue = venue("9", "Café Zürich", "Montréal", "QC");
    cancelled.tour = tour("40", "Summer Tour");
    cancelled.excluded = Some(Exclusion::Source);
    cancelled.notes = Some("Cancelled.".into());
    shows.push(cancelled);
    shows
}

/// A cache at `path` holding the explorer catalog under the band `testband`.
pub fn write_catalog(path: &Path) -> Cache {
    let mut cache = Cache::open(path).unwrap();
    let band_id = cache.ensure_band(&band()).unwrap();
    for show in explorer_catalog() {
        cache.write_show(band_id, &show).unwrap();
    }
    cache.refresh_derived(band_id).unwrap();
    cache
}

/// Shows in date order, with the traps the counting and gap rules must step over:
/// counted shows #1..#5, two on one date (written late show first), a tape-only
/// show, a sandwich (A twice at #4), an excluded, a setlist-less and a future show.
pub fn counting_catalog() -> Vec<Show> {
    let mut cancelled = show("c", "2001-01-05", 1, &[&["A"]]);
    cancelled.excluded = Some(Exclusion::Source);
    let mut future = show("f", "2999-01-01", 1, &[&["A"]]);
    future.excluded = Some(Exclusion::Future);
    vec![
        show("1", "2001-01-01", 1, &[&["A", "B"]]),
        // Two shows on one date, written late show first.
        show("3", "2001-01-02", 2, &[&["A"]]),
        show("2", "2001-01-02", 1, &[&["B", "C"]]),
        // Only a tape: not a counted show.
        show("t", "2001-01-03", 1, &[&["~A"]]),
        show("4", "2001-01-04", 1, &[&["~Intro", "C"], &["A", "B", "A"]]),
        cancelled,
        show("5", "2001-01-06", 1, &[&["B"]]),
        // A stub with no setlist.
        show("6", "2001-01-07", 1, &[]),
        future,
    ]
}
