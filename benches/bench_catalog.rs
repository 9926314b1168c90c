//! Writes a synthetic catalog for benchmarks, through the cache API a refresh uses.
//!
//! cargo run --release --example bench_catalog -- --scale N --out PATH   (4·N bands)
//! cargo run --release --example bench_catalog -- --deep N --out PATH    (one band, N × 2,000 shows)

#[allow(dead_code)] // the benchmarks use more of it than the writer
mod catalog;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: bench_catalog (--scale N | --deep N) --out PATH";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (mut bands, mut out) = (None, None);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = || {
            value
                .as_deref()
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|n| *n > 0)
        };
        match arg.as_str() {
            "--scale" => bands = number().map(catalog::scaled),
            "--deep" => bands = number().map(catalog::deep),
            "--out" => out = value.clone().map(PathBuf::from),
            _ => {}
        }
    }
    let (Some(bands), Some(out)) = (bands, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if out.exists() {
        eprintln!("{} exists already; give a new path", out.display());
        return ExitCode::from(2);
    }
    let written = catalog::write_bands(&out, &bands);
    let cache = elmeg_tui::cache::Cache::open(&out).expect("the catalog opens");
    let items = cache.search_corpus().expect("search items");
    let mut labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    println!(
        "{}: {} bands, {} shows, {} performances, {} search items ({} distinct labels)",
        out.display(),
        written.bands,
        written.shows,
        written.performances,
        items.len(),
        labels.len()
    );
    ExitCode::SUCCESS
}
