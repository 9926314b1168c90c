//! The explorer's speed targets on a catalog the size of all four bands:
//! start-up to the first full frame (< 100 ms) and search per keystroke (< 16 ms).
//! Run: `cargo bench --bench explorer`. Results: docs/PERFORMANCE.md.
//! `ELMEG_BENCH_CATALOG=/tmp/big.sqlite3 cargo bench --bench explorer` only writes
//! the catalog there, to open it with `elmeg-tui --cache`.

mod catalog;
mod frame;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use elmeg_tui::cache::Cache;
use elmeg_tui::config::Settings;
use elmeg_tui::search::{SearchIndex, SearchQuery};

fn config(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    let mut text = String::new();
    for (slug, name, ..) in catalog::BANDS.iter().skip(1) {
        text.push_str(&format!(
            "[[bands]]\nslug = \"{slug}\"\nname = \"{name}\"\nsource = \"phishnet\"\n\n"
        ));
    }
    std::fs::write(&path, text).expect("config written");
    path
}

fn benches(c: &mut Criterion) {
    // Only write the catalog, to try the explorer on it by hand.
    if let Ok(path) = std::env::var("ELMEG_BENCH_CATALOG") {
        catalog::write(std::path::Path::new(&path));
        std::process::exit(0);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cache_path = dir.path().join("cache.sqlite3");
    let performances = catalog::write(&cache_path);
    let config_path = config(dir.path());
    let index = SearchIndex::new(Cache::open(&cache_path).unwrap().search_corpus().unwrap());
    eprintln!(
        "catalog: {} shows, {performances} performances, {} search items",
        catalog::BANDS.iter().map(|b| b.2).sum::<usize>(),
        index.len()
    );

    // Everything `elmeg-tui` does before its first frame, except touching the tty:
    // config, keymap, theme, cache, search thread, the panes' loads, and one draw.
    c.bench_function("startup_to_first_frame_120x40", |b| {
        b.iter(|| {
            let settings = Settings::load(Some(config_path.clone()), Some(cache_path.clone())).unwrap();
            frame::first_frame(settings)
        })
    });

    c.bench_function("search_index_build", |b| {
        let cache = Cache::open(&cache_path).unwrap();
        b.iter(|| SearchIndex::new(cache.search_corpus().unwrap()))
    });

    // One search per keystroke of a typed query, over every band.
    for typed in ["tweezer reprise", "2014-05-08 ghost arena"] {
        let name = format!("search_keystroke_all_bands/{}", typed.replace(' ', "_"));
        c.bench_function(&name, |b| {
            let prefixes: Vec<String> = (1..=typed.len()).map(|n| typed[..n].to_string()).collect();
            let mut next = 0;
            b.iter(|| {
                let text = prefixes[next % prefixes.len()].clone();
                next += 1;
                index.search(&SearchQuery {
                    text,
                    band: None,
                    kind: None,
                    limit: 200,
                })
            })
        });
    }
}

criterion_group! {
    name = explorer;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(5));
    targets = benches
}
criterion_main!(explorer);
