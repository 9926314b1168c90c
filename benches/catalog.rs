//! Synthetic catalogs for benchmarks: the four bands' size (`--scale 1`), `4·N`
//! such bands (`--scale N`), or one band `N` times deeper (`--deep N`). Names are
//! made up, each band with its own song, venue and tour names; the counts and
//! shapes are realistic. Written through the cache API a refresh uses: a year of
//! shows a transaction, then the band's search items.

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

const SYLLABLES: [&str; 16] = [
    "ka", "lo", "mi", "tre", "bu", "san", "vor", "el", "qui", "dra", "pen", "zo", "ru", "fal", "nis", "go",
];

/// One band to write: its slug and name, and the shape of its catalog.
#[derive(Debug, Clone)]
pub struct BandShape {
    pub slug: String,
    pub name: String,
    pub shows: usize,
    pub repertoire: usize,
    pub per_show: usize,
    pub first_year: i32,
    /// Years the shows spread over.
    pub years: usize,
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub bands: usize,
    pub shows: usize,
    pub performances: usize,
}

/// The four bands `n` times over, each copy with names of its own.
pub fn scaled(n: usize) -> Vec<BandShape> {
    (0..n.max(1))
        .flat_map(|copy| {
            BANDS
                .iter()
                .map(move |(slug, name, shows, repertoire, per_show, first_year)| {
                    let (slug, name) = if copy == 0 {
                        (slug.to_string(), name.to_string())
                    } else {
                        (
                            format!("{slug}-{copy}"),
                            format!("{name} {}", pseudo_word(copy as u64 * 7919, 2)),
                        )
                    };
                    BandShape {
                        slug,
                        name,
                        shows: *shows,
                        repertoire: *repertoire,
                        per_show: *per_show,
                        first_year: *first_year,
                        years: 30,
                    }
                })
        })
        .collect()
}

/// One band with `n` × 2,000 shows over sixty years, and a repertoire to match.
pub fn deep(n: usize) -> Vec<BandShape> {
    vec![BandShape {
        slug: "deep".into(),
        name: "Deep Band".into(),
        shows: n.max(1) * 2000,
        repertoire: 950 + 100 * n,
        per_show: 18,
        first_year: 1965,
        years: 60,
    }]
}

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

/// A made-up word of `syllables` syllables, the same for the same seed.
fn pseudo_word(seed: u64, syllables: usize) -> String {
    let mut rng = Lcg(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d);
    let mut word: String = (0..syllables)
        .map(|_| SYLLABLES[rng.next() % SYLLABLES.len()])
        .collect();
    if let Some(first) = word.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    word
}

fn song_name(band: usize, i: usize) -> String {
    format!(
        "{} {} {}",
        WORDS[(i * 7 + band) % WORDS.len()],
        WORDS[(i * 13 + 3) % WORDS.len()],
        pseudo_word((band as u64) << 32 | i as u64, 3)
    )
}

pub fn band_spec(slug: &str, name: &str) -> BandSpec {
    BandSpec::new(slug, name, SourceKind::Phishnet)
}

/// Writes the bands to a new cache at `path`.
pub fn write_bands(path: &Path, bands: &[BandShape]) -> Written {
    let mut cache = Cache::open(path).expect("cache opens");
    let mut rng = Lcg(42);
    let mut written = Written::default();
    for (b, shape) in bands.iter().enumerate() {
        let band_id = cache
            .ensure_band(&band_spec(&shape.slug, &shape.name))
            .expect("band row");
        let per_year = shape.shows.div_ceil(shape.years);
        let shows: Vec<Show> = (0..shape.shows)
            .map(|i| show(b, shape, i, per_year, &mut rng))
            .collect();
        written.performances += shows.iter().map(Show::performance_count).sum::<usize>();
        written.shows += shows.len();
        // A year a transaction, as a refresh by years writes them.
        for year in shows.chunk_by(|a, b| a.date.year() == b.date.year()) {
            cache.write_shows(band_id, year).expect("shows written");
        }
        // As a refresh ends: the search items.
        cache.refresh_derived(band_id).expect("derived data");
        written.bands += 1;
    }
    written
}

fn show(b: usize, shape: &BandShape, i: usize, per_year: usize, rng: &mut Lcg) -> Show {
    let year = shape.first_year + (i / per_year) as i32;
    // Spread the year's shows over its days, a few days apart.
    let day_of_year = (i % per_year) * 360 / per_year.max(1);
    let date = format!("{year:04}-{:02}-{:02}", day_of_year / 30 + 1, day_of_year % 28 + 1);
    let venue_no = rng.next() % 400;
    let mut position = 0;
    let sets = ["Set 1", "Set 2", "Encore"]
        .iter()
        .enumerate()
        .map(|(s, label)| {
            let count = if s == 2 { 2 } else { (shape.per_show - 2) / 2 };
            let performances = (0..count)
                .map(|_| {
                    position += 1;
                    // Skewed: a few songs are played at most shows, most rarely.
                    let song = (rng.next() % shape.repertoire) * (rng.next() % shape.repertoire) / shape.repertoire;
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
    let season = i % 3;
    Show {
        source: SourceKind::Phishnet,
        source_id: format!("{}-{i}", shape.slug),
        date: date.parse().expect("valid date"),
        order_in_date: 1,
        venue: Venue {
            source_id: Some(format!("{b}-{venue_no}")),
            name: format!(
                "{} {} {}",
                WORDS[venue_no % WORDS.len()],
                pseudo_word((b as u64) << 40 | venue_no as u64, 2),
                ["Arena", "Theatre", "Amphitheatre", "Hall"][venue_no % 4]
            ),
            city: Some(format!("{}ville", pseudo_word(venue_no as u64 % 150 + 1_000_000, 2))),
            state: Some("NY".into()),
            country: Some("USA".into()),
            latitude: None,
            longitude: None,
        },
        tour: Some(Tour {
            source_id: format!("{year}-{season}"),
            name: format!(
                "{year} {} {} Tour",
                ["Spring", "Summer", "Fall"][season],
                pseudo_word((b as u64) << 20 | year as u64, 2)
            ),
        }),
        notes: Some("Notes about the show, of a typical length for a setlist site.".into()),
        permalink: None,
        sets,
        excluded: None,
        source_updated: None,
    }
}

/// The year after the band's last: what its next refresh by years writes.
pub fn next_year(b: usize, shape: &BandShape) -> Vec<Show> {
    let per_year = shape.shows.div_ceil(shape.years);
    let mut rng = Lcg(7);
    let first = per_year * shape.years;
    (first..first + per_year)
        .map(|i| show(b, shape, i, per_year, &mut rng))
        .collect()
}
