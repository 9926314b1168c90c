//! Everyday commands: the demo, search, export, completions, doctor, config errors.

mod support;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;

struct Env {
    dir: TempDir,
}

impl Env {
    /// A cache holding the hand-made catalog, and a config naming its band.
    fn with_catalog() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), support::CONFIG).unwrap();
        drop(support::write_catalog(&dir.path().join("cache.sqlite3")));
        Env { dir }
    }

    fn empty() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        Env { dir }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        cmd.args(args)
            .env("ELMEG_CACHE", self.dir.path().join("cache.sqlite3"))
            .env("ELMEG_CONFIG", self.dir.path().join("config.toml"));
        for source in ["PHISHNET", "SETLISTFM", "GRATEFULSTATS"] {
            cmd.env_remove(format!("ELMEG_{source}_API_KEY"));
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        support::outcome(self.cmd(args).output().unwrap())
    }

    fn json(&self, args: &[&str]) -> Value {
        support::json_of(args, self.run(args))
    }
}

#[test]
fn the_demo_holds_the_whole_grateful_dead_and_real_phish_and_goose_shows_and_leaves_the_cache_alone() {
    let env = Env::empty();
    let bands = env.json(&["bands", "--demo", "--json"]);
    let slugs: Vec<&str> = bands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, support::BUILT_IN_BANDS);
    assert_eq!(bands[0]["shows"], 3);
    assert_eq!(
        (&bands[3]["shows"], &bands[3]["performances"]),
        (&json!(2076), &json!(39774))
    );
    assert_eq!(bands[3]["source"], "gdshowsdb");
    assert_eq!(bands[4]["shows"], 3);

    let goose = env.json(&["setlist", "goose", "2025-05-27", "--demo", "--json"]);
    assert_eq!(
        goose[0]["text"],
        "Set 1: How It Ends, Iguana Song > Flodown, Borne -> One In, One Out -> Green River | \
         Set 2: Big Modern! -> Creatures > This Old Sea -> Atlas Dogs > Dripfield | Encore: Don't Do It"
    );

    let barton = env.json(&["setlist", "grateful-dead", "1977-05-08", "--demo", "--json"]);
    assert_eq!(
        barton[0]["text"],
        "Set 1: Minglewood Blues, Loser, El Paso, They Love Each Other, Jack Straw, Deal, Lazy Lightning > \
         Supplication, Brown Eyed Women, Mama Tried, Row Jimmy, Dancin' In The Streets | Set 2: Scarlet Begonias > \
         Fire On The Mountain, Estimated Prophet, Saint Stephen > Not Fade Away > Saint Stephen > Morning Dew | \
         Encore: One More Saturday Night"
    );
    assert!(
        !env.dir.path().join("cache.sqlite3").exists(),
        "the demo never touches the user's cache"
    );
    let (code, _, stderr) = env.run(&["--demo", "--refresh", "phish"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn search_ranks_the_exact_name_first_then_subsequences() {
    let env = Env::with_catalog();
    let hits = env.json(&["search", "tweezer", "--json"]);
    let labels: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Tweezer", "Tweezer Reprise"]);
    assert_eq!(hits[0]["kind"], "song");
    assert_eq!(hits[0]["band"], "testband");
    assert!(hits[0]["score"].as_i64().unwrap() >= hits[1]["score"].as_i64().unwrap());

    let hits = env.json(&["search", "twzr", "--json"]);
    let labels: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"Tweezer") && labels.contains(&"Tweezer Reprise"),
        "a subsequence matches: {labels:?}"
    );
    assert!(!labels.contains(&"Piper"), "{labels:?}");

    let venues = env.json(&["search", "hampton", "--kind", "venue", "--json"]);
    assert_eq!(venues.as_array().unwrap().len(), 1);
    assert_eq!(venues[0]["label"], "Hampton Coliseum, Hampton, VA");
    assert_eq!(
        env.json(&["search", "e", "--limit", "3", "--json"])
            .as_array()
            .unwrap()
            .len(),
        3
    );

    let (code, stdout, _) = env.run(&["search", "tweezer"]);
    assert_eq!(code, 0);
    assert!(
        stdout.lines().nth(1).unwrap().starts_with("song  testband  Tweezer"),
        "{stdout}"
    );
    let (code, _, stderr) = env.run(&["search", "x", "--band", "nope"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn csv_export_round_trips_its_row_count() {
    let env = Env::with_catalog();
    let out = env.dir.path().join("testband.csv");
    let (code, stdout, stderr) = env.run(&["export", "testband", "--format", "csv", "--out", out.to_str().unwrap()]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[9], "song");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();

    let shows = env.json(&["export", "testband", "--format", "json"]);
    let songs: usize = shows
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["sets"].as_array().unwrap())
        .map(|set| set["songs"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), songs);
    assert_eq!(songs, 14, "the hand-made catalog: 7 + 4 + 2 + 1 songs, tapes included");
    assert_eq!(
        shows.as_array().unwrap().len(),
        5,
        "every show, with or without a setlist"
    );
    assert!(
        rows.iter().any(|r| &r[9] == "Intro" && &r[13] == "true"),
        "tapes are marked"
    );
}

#[test]
fn completions_generate_for_each_shell() {
    let env = Env::empty();
    for shell in ["bash", "zsh", "fish"] {
        let (code, stdout, stderr) = env.run(&["completions", shell]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            stdout.contains("elmeg-tui") && stdout.contains("setlist"),
            "{shell}: {stdout}"
        );
    }
}

#[test]
fn doctor_tells_where_and_what_but_never_a_key() {
    let env = Env::with_catalog();
    std::fs::write(
        env.dir.path().join("config.toml"),
        format!(
            "{}\n[sources.setlistfm]\napi_key = \"CONFIG-SECRET-1\"\n",
            support::CONFIG
        ),
    )
    .unwrap();
    let out = env
        .cmd(&["doctor"])
        .env("ELMEG_PHISHNET_API_KEY", "ENV-SECRET-2")
        .env("ELMEG_GRATEFULSTATS_USER_ID", "ENV-SECRET-3")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    for secret in ["CONFIG-SECRET-1", "ENV-SECRET-2", "ENV-SECRET-3"] {
        assert!(!stdout.contains(secret), "{stdout}");
    }
    assert!(
        stdout.contains("Phish.net       API_KEY set (from ELMEG_PHISHNET_API_KEY)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("setlist.fm      API_KEY set (from the config file)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("cache:   {}", env.dir.path().join("cache.sqlite3").display())),
        "{stdout}"
    );
    assert!(
        stdout.contains("log:     ") && stdout.contains("elmeg-tui.log"),
        "{stdout}"
    );
    let schema = format!("schema:  version {}", elmeg_tui::cache::latest_schema_version());
    assert!(stdout.contains(&schema), "{stdout}");
    assert!(stdout.contains("testband"), "{stdout}");
}

#[test]
fn a_malformed_config_names_the_file_and_line() {
    let env = Env::empty();
    let config = env.dir.path().join("config.toml");
    for (text, expected) in [
        (
            "[sources.phishnet]\napi_key = \"k\"\nrequests_per_second = \"fast\"\n",
            "line 3",
        ),
        (
            "[[bands]]\nslug = \"x\"\nname = \"X\"\nsource = \"myspace\"\n",
            "line 4: unknown source `myspace`",
        ),
        (
            "[sources.phishnet]\n[sources.fishnet]\n",
            "line 2: [sources.fishnet]: unknown source",
        ),
        (
            "[[bands]]\nslug = \"x\"\nsource = \"setlistfm\"\n",
            "band `x` needs a `name`",
        ),
        (
            "[[bands]]\nslug = \"x\"\nname = \"X\"\nsource = \"setlistfm\"\n\nmbid = \"../../../x?y=\"\n",
            "line 6: band `x`: mbid `../../../x?y=` is not a MusicBrainz id",
        ),
        (
            "[[bands]]\nslug = \"all\"\nname = \"All\"\nsource = \"phishnet\"\n",
            "a band cannot be called `all`",
        ),
    ] {
        std::fs::write(&config, text).unwrap();
        let (code, _, stderr) = env.run(&["bands"]);
        assert_eq!(code, 1, "{text}");
        assert!(
            stderr.starts_with(&format!("elmeg-tui: {}", config.display())),
            "{stderr}"
        );
        assert!(stderr.contains(expected), "{text}: {stderr}");
    }
}

#[test]
fn global_flags_go_before_or_after_the_command() {
    let env = Env::with_catalog();
    let cache = env.dir.path().join("cache.sqlite3");
    let config = env.dir.path().join("config.toml");
    let (cache, config) = (cache.to_str().unwrap(), config.to_str().unwrap());
    for args in [
        vec!["--cache", cache, "--config", config, "search", "tweezer", "--json"],
        vec!["search", "tweezer", "--json", "--cache", cache, "--config", config],
    ] {
        let out = Command::cargo_bin("elmeg-tui").unwrap().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let hits: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(hits[0]["label"], "Tweezer");
    }
    let (code, _, stderr) = env.run(&["--refresh", "phish", "bands"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn every_command_has_examples_in_its_help() {
    let env = Env::empty();
    for command in [
        "bands",
        "setlist",
        "song",
        "songs",
        "search",
        "export",
        "completions",
        "doctor",
    ] {
        let (code, stdout, _) = env.run(&[command, "--help"]);
        assert_eq!(code, 0);
        assert!(stdout.contains("Example"), "{command}: {stdout}");
    }
    let (_, stdout, _) = env.run(&["--version"]);
    assert!(stdout.starts_with("elmeg-tui "), "{stdout}");
}

#[test]
fn the_explorer_without_a_terminal_says_so_in_one_line() {
    let env = Env::empty();
    let (code, stdout, stderr) = env.run(&[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("elmeg-tui: the explorer needs a terminal; without one use `elmeg-tui --refresh"),
        "{stderr}"
    );
}

#[test]
fn small_edges_of_the_command_line_are_usage_errors() {
    let env = Env::with_catalog();
    for (args, expected) in [
        (vec!["search", "tweezer", "--limit", "0"], "must be at least 1"),
        (vec!["setlist", "testband", "-1997-11-22"], "error"),
        (vec!["setlist", "testband", "0000-01-01"], "before 1900"),
    ] {
        let (code, _, stderr) = env.run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let long = "x".repeat(30_000);
    let (code, _, stderr) = env.run(&["search", &long]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        stderr,
        "elmeg-tui: a search query is at most 200 characters; this one has 30000\n"
    );
}

#[test]
fn the_same_band_twice_refreshes_once() {
    let env = Env::empty();
    let (code, stdout, stderr) = env.run(&["--refresh", "grateful-dead", "grateful-dead"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

#[test]
fn a_key_bound_to_two_actions_stops_the_explorer_with_exit_2() {
    let env = Env::empty();
    std::fs::write(env.dir.path().join("config.toml"), "[keys]\nsearch = \"t\"\n").unwrap();
    let (code, _, stderr) = env.run(&[]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("[keys]: `t` is bound to both search and today"),
        "{stderr}"
    );
}

#[test]
fn the_example_config_is_a_valid_config() {
    let env = Env::empty();
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/config.example.toml");
    let (code, stdout, stderr) = env.run(&["--config", example, "bands"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("umphreys-mcgee"), "{stdout}");
}
