//! The gdshowsdb copy inside the binary matches the pinned data set
//! (2ccd86c1): per year, the shows, the shows with a setlist and the songs
//! played, counted independently from the year files; and known shows.

use elmeg_importers::gdshowsdb::embedded;
use elmeg_importers::{SetLabel, Show, Transition};

/// (year, shows, shows with songs, song occurrences), counted from the year files.
const PINNED: [(i32, usize, usize, usize); 31] = [
    (1965, 12, 2, 2),
    (1966, 113, 32, 228),
    (1967, 139, 41, 201),
    (1968, 126, 69, 529),
    (1969, 149, 124, 1527),
    (1970, 145, 135, 2078),
    (1971, 81, 80, 1793),
    (1972, 86, 86, 2229),
    (1973, 72, 72, 1884),
    (1974, 40, 40, 1059),
    (1975, 4, 4, 54),
    (1976, 41, 41, 941),
    (1977, 60, 60, 1233),
    (1978, 81, 81, 1584),
    (1979, 75, 75, 1597),
    (1980, 87, 87, 2103),
    (1981, 83, 83, 1841),
    (1982, 61, 61, 1312),
    (1983, 66, 66, 1357),
    (1984, 64, 64, 1281),
    (1985, 71, 71, 1402),
    (1986, 46, 46, 879),
    (1987, 85, 85, 1693),
    (1988, 80, 80, 1563),
    (1989, 73, 73, 1449),
    (1990, 74, 74, 1489),
    (1991, 77, 77, 1463),
    (1992, 55, 55, 1011),
    (1993, 81, 81, 1544),
    (1994, 84, 84, 1584),
    (1995, 47, 47, 864),
];

fn all() -> Vec<(i32, Vec<Show>)> {
    embedded::shows_by_year().expect("the embedded data parses")
}

#[test]
fn every_year_matches_the_pinned_data_set() {
    let years = all();
    let counted: Vec<(i32, usize, usize, usize)> = years
        .iter()
        .map(|(year, shows)| {
            (
                *year,
                shows.len(),
                shows.iter().filter(|s| s.performance_count() > 0).count(),
                shows.iter().map(Show::performance_count).sum(),
            )
        })
        .collect();
    assert_eq!(counted, PINNED);
    let shows: Vec<&Show> = years.iter().flat_map(|(_, s)| s).collect();
    assert_eq!(shows.len(), 2358);
    let segues = shows
        .iter()
        .flat_map(|s| &s.sets)
        .flat_map(|set| &set.performances)
        .filter(|p| p.transition == Transition::Segue)
        .count();
    assert_eq!(segues, 16_577, "every `:segued: true` of the data set");
    assert_eq!(embedded::COMMIT, "2ccd86c1f0db284ed1f3967df17f8defc80a387e");
    assert!(embedded::LICENSE.contains("Copyright (c) 2013 Jeff Smith"));
    // The asset stays small: the issue allows the binary 1.5 MB for it.
    assert!(embedded::packed_len() < 1_500_000, "{}", embedded::packed_len());
}

#[test]
fn barton_hall_and_the_last_show_are_as_recorded() {
    let years = all();
    let find = |date: &str| {
        years
            .iter()
            .flat_map(|(_, s)| s)
            .find(|s| s.date.to_string() == date)
            .unwrap_or_else(|| panic!("no show on {date}"))
            .clone()
    };
    let barton = find("1977-05-08");
    assert_eq!(barton.source_id, "40cb4e0a-7c88-4f44-bf87-2596c174b699");
    assert_eq!(barton.venue.name, "Barton Hall, Cornell University");
    let sizes: Vec<(SetLabel, usize)> = barton
        .sets
        .iter()
        .map(|s| (s.label.clone(), s.performances.len()))
        .collect();
    assert_eq!(
        sizes,
        [(SetLabel::Set(1), 12), (SetLabel::Set(2), 7), (SetLabel::Encore(1), 1)]
    );
    let last = find("1995-07-09");
    assert_eq!(last.source_id, "98d2c34f-e754-42d4-817d-de1fb0dde224");
    assert_eq!(last.venue.name, "Soldier Field");
}
