//! Several processes on one cache at once: two first runs creating it, and two
//! bands refreshing together. Each must succeed, with exact counts.

mod support;

use std::process::{Child, Command, Stdio};

use tempfile::TempDir;

fn spawn(dir: &TempDir, args: &[&str]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_elmeg-tui"));
    cmd.args(args)
        .env("ELMEG_CACHE", dir.path().join("cache.sqlite3"))
        .env("ELMEG_CONFIG", dir.path().join("config.toml"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for name in support::elmeg_vars_except(&["ELMEG_CACHE", "ELMEG_CONFIG"]) {
        cmd.env_remove(name);
    }
    cmd.spawn().expect("the binary starts")
}

/// Waits for every child; each must exit 0. Their stdouts.
fn all_succeed(children: Vec<Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|child| {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{stderr}");
            assert!(stderr.is_empty() || !stderr.contains("elmeg-tui:"), "{stderr}");
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn first_runs_at_once_all_find_the_schema_ready() {
    for round in 0..6 {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        let children = (0..6).map(|_| spawn(&dir, &["bands", "--json"])).collect();
        for stdout in all_succeed(children) {
            let bands: serde_json::Value =
                serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(bands.as_array().unwrap().len(), 7, "round {round}");
        }
    }
}

#[test]
fn two_bands_refresh_at_the_same_time_in_two_processes() {
    // Two bands on the built-in gdshowsdb: each import writes 31 years and then
    // its derived data, interleaved with the other's writes.
    let config = "[[bands]]\nslug = \"dead-again\"\nname = \"Dead Again\"\nsource = \"gdshowsdb\"\n";
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        all_succeed(vec![spawn(&dir, &["bands"])]);
        let children = vec![
            spawn(&dir, &["--refresh", "grateful-dead"]),
            spawn(&dir, &["--refresh", "dead-again"]),
        ];
        for stdout in all_succeed(children) {
            assert!(stdout.contains(": 2358 shows added"), "round {round}: {stdout}");
        }
        let out = all_succeed(vec![spawn(&dir, &["bands", "--json"])]);
        let bands: serde_json::Value = serde_json::from_str(&out[0]).unwrap();
        for slug in ["grateful-dead", "dead-again"] {
            let band = bands.as_array().unwrap().iter().find(|b| b["slug"] == slug).unwrap();
            assert_eq!(
                (band["shows"].as_u64(), band["performances"].as_u64()),
                (Some(2076), Some(39774)),
                "{slug}"
            );
        }
    }
}
