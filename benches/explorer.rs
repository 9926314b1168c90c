//! The explorer's speed at 1× (the four bands' size) and 10× (`--scale 10`, 40
//! bands; `--deep 10`, one band of 20,000 shows): start-up to the first full
//! frame, a search keystroke as a person types, opening a song's history, and
//! the import of a band's next year.
//! Run: `cargo bench --bench explorer`. Results: docs/PERFORMANCE.md.
//!
//! Writing the 10× catalogs takes about 30 s; `ELMEG_BENCH_DIR=/some/dir` keeps
//! them there and reuses them on the next run (delete them after a schema change).
//! `ELMEG_BENCH_CATALOG=/tmp/big.sqlite3` only writes the 1× catalog there.

mod catalog;
mod frame;

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use elmeg_tui::app::state::SongView;
use elmeg_tui::cache::{Cache, SongMatch, StatsScope};
use elmeg_tui::config::Settings;
use elmeg_tui::search::{SearchIndex, SearchQuery, Typing};

/// The config naming every band of the catalog (Phish comes built in).
fn config(dir: &Path, bands: &[catalog::BandShape]) -> PathBuf {
    let path = dir.join(format!("config-{}.toml", bands.len()));
    let mut text = String::new();
    for band in bands.iter().filter(|b| b.slug != "phish") {
        text.push_str(&format!(
            "[[bands]]\nslug = \"{}\"\nname = \"{}\"\nsource = \"phishnet\"\n\n",
            band.slug, band.name
        ));
    }
    std::fs::write(&path, text).expect("config written");
    path
}

/// The catalog `name`, written unless kept from an earlier run.
fn catalog_at(dir: &Path, name: &str, bands: &[catalog::BandShape]) -> PathBuf {
    let path = dir.join(format!("{name}.sqlite3"));
    if !path.exists() {
        let written = catalog::write_bands(&path, bands);
        eprintln!("{name}: {written:?}");
    }
    path
}

/// The band's most played song: the longest history there is.
fn most_played(cache_path: &Path) -> (String, SongMatch) {
    let conn = rusqlite::Connection::open(cache_path).unwrap();
    conn.query_row(
        "SELECT b.slug, so.id, so.name FROM performances p JOIN songs so ON so.id = p.song_id
         JOIN bands b ON b.id = so.band_id GROUP BY so.id ORDER BY COUNT(*) DESC LIMIT 1",
        [],
        |r| {
            Ok((
                r.get(0)?,
                SongMatch {
                    id: r.get(1)?,
                    name: r.get(2)?,
                },
            ))
        },
    )
    .unwrap()
}

fn benches(c: &mut Criterion) {
    // Only write the catalog, to try the explorer on it by hand.
    if let Ok(path) = std::env::var("ELMEG_BENCH_CATALOG") {
        catalog::write_bands(Path::new(&path), &catalog::scaled(1));
        std::process::exit(0);
    }
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("ELMEG_BENCH_DIR").map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&dir).expect("bench dir");
    let scales = [
        ("1x", catalog::scaled(1)),
        ("10x", catalog::scaled(10)),
        ("deep10", catalog::deep(10)),
    ];

    for (name, bands) in &scales {
        let cache_path = catalog_at(&dir, &format!("catalog-{name}"), bands);
        let config_path = config(&dir, bands);

        // Everything `elmeg-tui` does before its first frame, except touching the
        // tty: config, keymap, theme, cache, the search and loader threads, the
        // panes' loads (counts are stored by every write, so none is counted
        // live, even after a killed refresh), and one draw.
        // With no marks file (a new user), and with 1,000 attended shows of the
        // largest band, read at start-up to mark them in the shows pane.
        let marks_path = dir.join(format!("mine-{name}.sqlite3"));
        if !marks_path.exists() {
            let cache = Cache::open(&cache_path).unwrap();
            let largest = bands.iter().max_by_key(|b| b.shows).expect("a band").slug.clone();
            let marks: Vec<_> = cache.show_ids(&largest).unwrap()[..1000]
                .iter()
                .map(|id| cache.mark_of(*id).unwrap().expect("a cached show"))
                .collect();
            elmeg_tui::mine::Mine::open(&marks_path)
                .unwrap()
                .add_all(&marks)
                .unwrap();
        }
        // Opening an attended show's setlist: the songs first seen there, the
        // newest of 1,000 attended shows (every earlier one is looked back at).
        let cache_for_marks = Cache::open(&cache_path).unwrap();
        let marks = elmeg_tui::mine::Mine::read(&marks_path).unwrap();
        let newest = cache_for_marks.attended_shows(&marks[..1]).unwrap()[0]
            .show
            .as_ref()
            .expect("cached")
            .id;
        c.bench_function(&format!("setlist_first_seen_1000_marks/{name}"), |b| {
            b.iter(|| cache_for_marks.first_seen_at(newest, &marks).unwrap())
        });
        for (marks, mine_path) in [("", dir.join("no-marks.sqlite3")), ("/1000_marks", marks_path)] {
            c.bench_function(&format!("startup_to_first_frame_120x40/{name}{marks}"), |b| {
                b.iter_custom(|iters| {
                    frame::first_frames(iters, || {
                        let mut settings = Settings::load(Some(config_path.clone()), Some(cache_path.clone())).unwrap();
                        settings.mine_path = mine_path.clone();
                        settings
                    })
                })
            });
        }

        // What the loader thread does when the song list opens (`S`): the largest
        // band's catalog, every song with its figures.
        let largest = bands.iter().max_by_key(|b| b.shows).expect("a band").slug.clone();
        let cache_for_catalog = Cache::open(&cache_path).unwrap();
        c.bench_function(&format!("song_catalog_largest_band/{name}"), |b| {
            b.iter(|| cache_for_catalog.song_catalog(&largest).unwrap())
        });

        // What the loader thread does when the statistics open (`i`): the
        // largest band's, over every show and over one year (which still reads
        // every show before it, for debuts and the gaps before bust-outs).
        c.bench_function(&format!("stats_largest_band/{name}"), |b| {
            b.iter(|| cache_for_catalog.scope_stats(&largest, &StatsScope::Band).unwrap())
        });
        let whole = cache_for_catalog.scope_stats(&largest, &StatsScope::Band).unwrap();
        let last_year: i32 = whole
            .last
            .as_deref()
            .and_then(|d| d[..4].parse().ok())
            .expect("a last show");
        c.bench_function(&format!("stats_largest_band_last_year/{name}"), |b| {
            b.iter(|| {
                cache_for_catalog
                    .scope_stats(&largest, &StatsScope::Year(last_year))
                    .unwrap()
            })
        });

        // What the loader thread does when a song's history switches to every
        // band (`a`): the song's name matched across every band's songs, then
        // each band's history.
        let (_, song) = most_played(&cache_path);
        c.bench_function(&format!("song_every_band_most_played/{name}"), |b| {
            b.iter(|| {
                let identity = cache_for_catalog.identity_of(song.id).unwrap().expect("the song");
                cache_for_catalog.song_across(&identity).unwrap()
            })
        });

        // What the loader thread does when a song is opened: the song, its
        // history with gaps, and the view's figures.
        let (band, song) = most_played(&cache_path);
        let cache = Cache::open(&cache_path).unwrap();
        c.bench_function(&format!("song_history_open_most_played/{name}"), |b| {
            b.iter(|| {
                let song = cache.song(song.id).unwrap().expect("the song");
                SongView::new(song.id, cache.song_history(&band, &song).unwrap())
            })
        });

        // An import at this size: the band's next year, as a refresh by years
        // writes it (its shows, then the band numbered from that year on and
        // counted, in one transaction), on a fresh copy of the catalog.
        if *name != "10x" {
            let shape = bands.last().expect("a band");
            let year = catalog::next_year(bands.len() - 1, shape);
            let performances: usize = year.iter().map(|s| s.performance_count()).sum();
            eprintln!(
                "{name}: the next year of {}: {} shows, {performances} performances",
                shape.slug,
                year.len()
            );
            let copy = dir.join(format!("import-{name}.sqlite3"));
            c.bench_function(&format!("import_next_year/{name}"), |b| {
                b.iter_batched(
                    || {
                        for suffix in ["-wal", "-shm"] {
                            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
                        }
                        std::fs::copy(&cache_path, &copy).expect("catalog copied");
                        let cache = Cache::open(&copy).unwrap();
                        let band_id = cache
                            .ensure_band(&catalog::band_spec(&shape.slug, &shape.name))
                            .unwrap();
                        (cache, band_id)
                    },
                    |(mut cache, band_id)| cache.write_shows(band_id, &year).unwrap(),
                    BatchSize::PerIteration,
                )
            });
        }

        if *name == "deep10" {
            continue;
        }
        let index = SearchIndex::new(cache.search_corpus().unwrap());
        eprintln!("{name}: {} search items", index.len());
        c.bench_function(&format!("search_index_build/{name}"), |b| {
            b.iter(|| SearchIndex::new(cache.search_corpus().unwrap()))
        });
        // One search per keystroke of a typed query, over every band, as the
        // search thread runs it: each query after the first searches only the
        // last one's matches. An iteration is one keystroke; the first letter
        // of each round searches everything again.
        for typed in ["tweezer reprise", "2014-05-08 ghost arena", "scarlet fire"] {
            let id = format!("search_keystroke/{name}/{}", typed.replace(' ', "_"));
            c.bench_function(&id, |b| {
                let prefixes: Vec<String> = (1..=typed.len()).map(|n| typed[..n].to_string()).collect();
                let mut next = 0;
                let mut typing = Typing::default();
                b.iter(|| {
                    let text = prefixes[next % prefixes.len()].clone();
                    next += 1;
                    typing.search(
                        &index,
                        &SearchQuery {
                            text,
                            band: None,
                            kind: None,
                            limit: 200,
                        },
                    )
                })
            });
        }
        // The worst keystroke: the first letter, over every item.
        c.bench_function(&format!("search_first_keystroke/{name}/d"), |b| {
            b.iter(|| {
                index.search(&SearchQuery {
                    text: "d".into(),
                    limit: 200,
                    ..SearchQuery::default()
                })
            })
        });
    }
}

criterion_group! {
    name = explorer;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4));
    targets = benches
}
criterion_main!(explorer);
