//! Search finds what fzf's extended mode finds: every word matches on its own,
//! in any order. The same labels go to `fzf --filter` (with `--literal`, as we
//! fold case but not accents), to the explorer's index and to `elmeg-tui search`,
//! and the three must match the same labels. CI installs fzf; elsewhere the test
//! prints SKIPPED without it.

mod support;

use std::collections::BTreeSet;
use std::process::Command;

use elmeg_tui::cache::Cache;
use elmeg_tui::search::{SearchIndex, SearchQuery};

const QUERIES: [&str; 10] = [
    "scarlet fire",
    "fire scarlet",
    "tw rep",
    "rep tw",
    "hamp 97",
    "nas coli 98",
    "d",
    "mike song",
    "rider know",
    "xyz",
];

fn catalog(path: &std::path::Path) -> Cache {
    let mut cache = support::write_catalog(path);
    let band_id = cache.ensure_band(&support::band()).unwrap();
    let more = [
        support::show("401", "1977-05-08", 1, &[&["Scarlet Begonias", "Fire on the Mountain"]]),
        support::show("402", "1977-05-09", 1, &[&["I Know You Rider", "Fire on the Mountain"]]),
        support::show("403", "1978-04-01", 1, &[&["Scarlet Fire Jam", "Dark Star"]]),
    ];
    cache.write_shows(band_id, &more).unwrap();
    cache.refresh_derived(band_id).unwrap();
    cache
}

fn fzf(labels: &std::path::Path, query: &str) -> Option<BTreeSet<String>> {
    let out = Command::new("fzf")
        .args(["--filter", query, "--literal"])
        .stdin(std::fs::File::open(labels).unwrap())
        .output()
        .ok()?;
    // fzf exits 1 when nothing matches.
    assert!(out.status.code().is_some_and(|c| c <= 1), "fzf failed: {out:?}");
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect(),
    )
}

#[test]
fn search_and_the_explorer_match_what_fzf_matches() {
    let dir = tempfile::tempdir().unwrap();
    let cache_path = dir.path().join("cache.sqlite3");
    let cache = catalog(&cache_path);
    let corpus = cache.search_corpus().unwrap();
    let labels_path = dir.path().join("labels.txt");
    let labels: Vec<&str> = corpus.iter().map(|i| i.label.as_str()).collect();
    std::fs::write(&labels_path, labels.join("\n") + "\n").unwrap();
    let index = SearchIndex::new(corpus.clone());
    let config = dir.path().join("config.toml");
    std::fs::write(&config, support::CONFIG).unwrap();

    if fzf(&labels_path, "x").is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have fzf: .ci/run installs it"
        );
        eprintln!("SKIPPED: fzf is not installed");
        return;
    }
    let mut matched_somewhere = 0;
    for query in QUERIES {
        let expected = fzf(&labels_path, query).unwrap();
        let explorer: BTreeSet<String> = index
            .search(&SearchQuery {
                text: query.into(),
                limit: 100_000,
                ..SearchQuery::default()
            })
            .into_iter()
            .map(|h| h.item.label)
            .collect();
        assert_eq!(explorer, expected, "the explorer's search for {query:?}");

        let mut cmd = assert_cmd::Command::cargo_bin("elmeg-tui").unwrap();
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        let out = cmd
            .args([
                "--cache",
                cache_path.to_str().unwrap(),
                "--config",
                config.to_str().unwrap(),
            ])
            .args(["search", query, "--json", "--limit", "100000"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        let hits: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
        let cli: BTreeSet<String> = hits.iter().map(|h| h["label"].as_str().unwrap().to_string()).collect();
        assert_eq!(cli, expected, "`elmeg-tui search {query:?}`");
        matched_somewhere += usize::from(!expected.is_empty());
    }
    // Not a comparison of empty sets: all but the nonsense query find something.
    assert_eq!(matched_somewhere, QUERIES.len() - 1);
    let scarlet_fire = fzf(&labels_path, "scarlet fire").unwrap();
    assert!(scarlet_fire.contains("Scarlet Fire Jam"), "{scarlet_fire:?}");
}
