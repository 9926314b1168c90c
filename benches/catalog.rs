//! A synthetic catalog the size of the real four bands, for benchmarks only.
//! Names are made up; only the shape and the counts are realistic.

use std::path::Path;

use elmeg_importers::{Performance, Set, SetLabel, Show, Song, SourceKind, Tour, Transition, Venue};
use elmeg_tui::cache::Cache;
use elmeg_tui::config::BandSpec;

/// (slug, name, shows, songs in the repertoire, songs a show, first year)
pub const BANDS: [(&str, &str, usize, usize, usize, i32); 4] = [
    ("phish", "Phish", 2000, 950, 18, 1983),
    ("grateful-dead", "Grateful Dead", 2300, 500, 17, 1965),
    ("dead-and-company", "Dead & Company", 300, 150, 20, 2015),
    ("billy-strings", "Billy Strings", 1400, 400, 22, 2013),
];

const WORDS: [&str; 24] = [
    "Tweezer", "Dark", "Star", "Reprise", "Harry", "Hood", "Scarlet", "Fire", "Mountain", "Ghost", "Piper", "Sugar",
    "Magnolia", "Bird", "Song", "Dust", "Bowl", "Meltdown", "China", "Cat", "Rider", "Ice", "Cream", "Run",
];

/// A little deterministic randomness, so every run builds the same catalog.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn song_name(band: usize, i: usize) -> String {
    format!(
        "{} {} {}",
        WORDS[(i * 7 + band) % WORDS.len()],
        WORDS[(i * 13 + 3) % WORDS.len()],
        i
    )
}

pub fn band_spec(slug: &str, name: &str) -> BandSpec {
    BandSpec::new(slug, name, SourceKind::Phishnet)
}

/// Writes the catalog to a new cache at `path`; returns the number of performances.
pub fn write(path: &Path) -> usize {
    let mut cache = Cache::open(path).expect("cache opens");
    let mut rng = Lcg(42);
    let mut performances = 0;
    for (b, (slug, name, shows, repertoire, per_show, first_year)) in BANDS.iter().enumerate() {
        let band_id = cache.ensure_band(&band_spec(slug, name)).expect("band row");
        for i in 0..*shows {
            let year = first_year + (i * 11 / shows.max(&1)) as i32 * 2 % 30;
            let day_of_year = (i * 37) % 360;
            let date = format!("{year:04}-{:02}-{:02}", day_of_year / 30 + 1, day_of_year % 28 + 1);
            let venue_no = rng.next() % 400;
            let mut position = 0;
            let sets = ["Set 1", "Set 2", "Encore"]
                .iter()
                .enumerate()
                .map(|(s, label)| {
                    let count = if s == 2 { 2 } else { (per_show - 2) / 2 };
                    let performances = (0..count)
                        .map(|_| {
                            position += 1;
                            let song = rng.next() % repertoire;
                            Performance {
                                song: Song {
                                    source_id: Some(format!("{b}-{song}")),
                                    name: song_name(b, song),
                                    slug: format!("song-{song}"),
                                    original_artist: None,
                                },
                                position,
                                transition: [Transition::None, Transition::Segue, Transition::JamSegue][rng.next() % 3],
                                footnote: None,
                                jamchart: rng.next().is_multiple_of(10),
                                jamchart_note: None,
                                guest: None,
                                tape: false,
                                duration_secs: None,
                            }
                        })
                        .collect();
                    Set {
                        label: SetLabel::from(label.to_string()),
                        performances,
                    }
                })
                .collect::<Vec<_>>();
            performances += position as usize;
            let show = Show {
                source: SourceKind::Phishnet,
                source_id: format!("{slug}-{i}"),
                date: date.parse().expect("valid date"),
                order_in_date: 1,
                venue: Venue {
                    source_id: Some(format!("{b}-{venue_no}")),
                    name: format!("{} Arena {venue_no}", WORDS[venue_no % WORDS.len()]),
                    city: Some(format!("City {}", venue_no % 150)),
                    state: Some("NY".into()),
                    country: Some("USA".into()),
                    latitude: None,
                    longitude: None,
                },
                tour: Some(Tour {
                    source_id: format!("{year}-{}", i % 3),
                    name: format!("{year} {} Tour", ["Spring", "Summer", "Fall"][i % 3]),
                }),
                notes: Some("Notes about the show, of a typical length for a setlist site.".into()),
                permalink: None,
                sets,
                excluded: None,
                source_updated: None,
            };
            cache.write_show(band_id, &show).expect("show written");
        }
        // As a refresh ends: counts and search items.
        cache.refresh_derived(band_id).expect("derived data");
    }
    performances
}
