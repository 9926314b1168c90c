//! The keyless issue's targets: a refresh from the gdshowsdb built into the
//! binary (≤ 1 s on the CI machine) and the demo's first frame (< 300 ms).
//! Run: `cargo bench --bench keyless`. Results: docs/PERFORMANCE.md.

mod frame;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use elmeg_tui::app::state::SongView;
use elmeg_tui::cache::Cache;
use elmeg_tui::config::Settings;
use elmeg_tui::demo::Demo;
use elmeg_tui::refresh::progress::PlainProgress;
use elmeg_tui::refresh::{refresh_band, Depth};

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").expect("config written");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    // `--refresh grateful-dead` on an empty cache, in process: inflate, parse
    // 31 years, write 2,358 shows and 39,774 performances, derive the counts.
    let mut run = 0;
    c.bench_function("refresh_embedded_gdshowsdb_empty_cache", |b| {
        b.iter_batched(
            || {
                run += 1;
                let cache = dir.path().join(format!("refresh-{run}.sqlite3"));
                let settings = Settings::load(Some(config.clone()), Some(cache)).expect("settings");
                let band = settings.band("grateful-dead").expect("built in").clone();
                (settings, band)
            },
            |(settings, band)| {
                let mut quiet = PlainProgress::new(std::io::sink());
                let summary = runtime
                    .block_on(refresh_band(&settings, &band, Depth::Incremental, &mut quiet))
                    .expect("refresh");
                assert_eq!((summary.added, summary.requests), (2358, 0));
            },
            BatchSize::PerIteration,
        )
    });

    // Opening Drums (1,777 performances) in the explorer on the real data: what
    // the loader thread does (the song, its history with gaps, the view's figures).
    {
        let cache_path = dir.path().join("drums.sqlite3");
        let settings = Settings::load(Some(config.clone()), Some(cache_path.clone())).expect("settings");
        let band = settings.band("grateful-dead").expect("built in").clone();
        let mut quiet = PlainProgress::new(std::io::sink());
        runtime
            .block_on(refresh_band(&settings, &band, Depth::Incremental, &mut quiet))
            .expect("refresh");
        let cache = Cache::open(&cache_path).unwrap();
        let drums = cache
            .songs_of("grateful-dead")
            .unwrap()
            .into_iter()
            .find(|s| s.name == "Drums")
            .expect("Drums");
        c.bench_function("song_history_open/grateful-dead/Drums", |b| {
            b.iter(|| {
                let song = cache.song(drums.id).unwrap().expect("the song");
                SongView::new(song.id, cache.song_history("grateful-dead", &song).unwrap())
            })
        });
    }

    // `elmeg-tui --demo` up to its first frame: the demo cache with its Phish
    // and Goose shows, settings, keymap, theme, the panes' loads, one draw. The
    // Grateful Dead then loads in the background (measured next).
    c.bench_function("demo_first_frame_120x40", |b| {
        b.iter_custom(|iters| {
            let mut demos = Vec::new();
            let total = frame::first_frames(iters, || {
                let user = Settings::load(Some(config.clone()), Some(dir.path().join("unused.sqlite3"))).unwrap();
                let demo = Demo::prepare(&user).unwrap();
                let settings = user.demo(demo.cache_path.clone()).unwrap();
                demos.push(demo);
                settings
            });
            drop(demos);
            total
        })
    });

    // The demo's Grateful Dead, loaded in full (what the background job does,
    // and what `--demo <command>` waits for).
    c.bench_function("demo_grateful_dead_loaded", |b| {
        b.iter(|| {
            let user = Settings::load(Some(config.clone()), Some(dir.path().join("unused.sqlite3"))).unwrap();
            let demo = Demo::prepare(&user).unwrap();
            let settings = user.demo(demo.cache_path.clone()).unwrap();
            Demo::load_built_in(&settings).unwrap();
            demo
        })
    });
}

criterion_group! {
    name = keyless;
    config = Criterion::default().sample_size(20).measurement_time(Duration::from_secs(10));
    targets = benches
}
criterion_main!(keyless);
