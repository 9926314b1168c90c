//! The keyless catalogs, through the binary: the Grateful Dead built into it,
//! and a Songfish band pointed at a local site by a `[[bands]]` override.

mod support;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

struct Env {
    dir: TempDir,
}

impl Env {
    fn new(config: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), config).unwrap();
        Env { dir }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        cmd.args(args)
            .env("ELMEG_CACHE", self.dir.path().join("cache.sqlite3"))
            .env("ELMEG_CONFIG", self.dir.path().join("config.toml"));
        // No key and no other server: only what the test sets.
        for name in support::elmeg_vars_except(&[]) {
            cmd.env_remove(name);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        support::outcome(self.cmd(args).output().unwrap())
    }

    /// Runs a command that must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        support::stdout_of(args, self.run(args))
    }

    fn json(&self, args: &[&str]) -> Value {
        support::json_of(args, self.run(args))
    }

    fn band(&self, slug: &str) -> Value {
        let bands = self.json(&["bands", "--json"]);
        bands
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["slug"] == slug)
            .unwrap()
            .clone()
    }
}

#[test]
fn the_built_in_grateful_dead_needs_no_key_and_no_network() {
    let env = Env::new("");
    let stdout = env.ok(&["--refresh", "grateful-dead"]);
    assert!(
        stdout.starts_with("grateful-dead: 2358 shows added, 0 updated, 0 unchanged; 0 requests"),
        "{stdout}"
    );
    let dead = env.band("grateful-dead");
    assert_eq!(
        (&dead["source"], &dead["shows"], &dead["performances"]),
        (&json!("gdshowsdb"), &json!(2076), &json!(39774))
    );
    let barton = env.json(&["setlist", "grateful-dead", "1977-05-08", "--json"]);
    assert_eq!(barton[0]["venue"], "Barton Hall, Cornell University");
    assert_eq!(
        barton[0]["text"],
        "Set 1: Minglewood Blues, Loser, El Paso, They Love Each Other, Jack Straw, Deal, Lazy Lightning > \
         Supplication, Brown Eyed Women, Mama Tried, Row Jimmy, Dancin' In The Streets | Set 2: Scarlet Begonias > \
         Fire On The Mountain, Estimated Prophet, Saint Stephen > Not Fade Away > Saint Stephen > Morning Dew | \
         Encore: One More Saturday Night"
    );
    let dark_star = env.json(&["song", "grateful-dead", "Dark Star", "--json"]);
    assert_eq!(dark_star["song"], "Dark Star");
    // Counted from the year files: 276 occurrences at 245 shows (a song counts
    // once a show), the first on 1968-01-17, the last on 1994-03-30, followed
    // by 114 shows with a setlist.
    assert_eq!(dark_star["debut"], "1968-01-17");
    assert_eq!(dark_star["last_played"], "1994-03-30");
    assert_eq!(dark_star["times_played"], 245);
    assert_eq!(dark_star["occurrences"], 276);
    assert_eq!(dark_star["current_gap"], 114);

    // Nothing changes on a rerun; the doctor names the source and its origin.
    let stdout = env.ok(&["--refresh", "grateful-dead"]);
    assert!(stdout.starts_with("grateful-dead: 0 shows added, 0 updated, 2358 unchanged; 0 requests"));
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("gdshowsdb (auto, built in)"), "{doctor}");
    assert!(
        doctor.contains("gdshowsdb (MIT, Copyright (c) 2013 Jeff Smith)"),
        "{doctor}"
    );
    let version = env.ok(&["--version"]);
    assert!(version.contains("Copyright (c) 2013 Jeff Smith"), "{version}");
}

#[test]
fn auto_picks_grateful_stats_when_its_key_and_user_id_are_set() {
    let env = Env::new("[sources.gratefulstats]\napi_key = \"GS-SECRET\"\nuser_id = \"fan@example.org\"\n");
    assert_eq!(env.band("grateful-dead")["source"], "gratefulstats");
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("gratefulstats (auto)"), "{doctor}");
    assert!(!doctor.contains("GS-SECRET"));
    // A commit sends gdshowsdb to the network: no longer the built-in copy.
    let env = Env::new(
        "[[bands]]\nslug = \"grateful-dead\"\nsource = \"gdshowsdb\"\n[sources.gdshowsdb]\ncommit = \"abc\"\n",
    );
    let doctor = env.ok(&["doctor"]);
    assert!(doctor.contains("grateful-dead      gdshowsdb "), "{doctor}");
    assert!(!doctor.contains("built in)"), "{doctor}");
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/songfish/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Serves a Songfish site: `files` maps an API path to its body.
async fn serve(server: &MockServer, files: &[(&str, String)]) {
    server.reset().await;
    for (route, body) in files {
        Mock::given(method("GET"))
            .and(path(format!("/api/v2/{route}")))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"))
            .mount(server)
            .await;
    }
}

fn site() -> Vec<(&'static str, String)> {
    vec![
        ("shows/artist_id/1.json", fixture("shows_artist_id_1.json")),
        ("songs.json", fixture("songs.json")),
        ("setlists/showyear/2023.json", fixture("setlists_showyear_2023.json")),
        ("setlists/showyear/2024.json", fixture("setlists_showyear_2024.json")),
        ("setlists/showyear/2099.json", fixture("setlists_showyear_2099.json")),
    ]
}

/// `site` with `route`'s body edited by `edit`.
fn edited(
    mut files: Vec<(&'static str, String)>,
    route: &str,
    edit: impl Fn(&mut Value),
) -> Vec<(&'static str, String)> {
    let entry = files.iter_mut().find(|(r, _)| *r == route).unwrap();
    let mut value: Value = serde_json::from_str(&entry.1).unwrap();
    edit(&mut value);
    entry.1 = value.to_string();
    files
}

fn summary(stdout: &str) -> &str {
    stdout.split(" request").next().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_songfish_band_refreshes_exactly_then_incrementally_then_fully() {
    let server = MockServer::start().await;
    serve(&server, &site()).await;
    let env = Env::new(&format!(
        "[[bands]]\nslug = \"goose\"\nbase_url = \"{}/api/v2\"\n\n[sources.songfish]\nrequests_per_second = 200\n",
        server.uri()
    ));

    // First refresh: the show list, the song list and each year with shows.
    let stdout = env.ok(&["--refresh", "goose"]);
    assert_eq!(summary(&stdout), "goose: 6 shows added, 0 updated, 0 unchanged; 5");
    let goose = env.band("goose");
    assert_eq!(
        goose["name"], "Goose",
        "the override kept the built-in band's other fields"
    );
    assert_eq!(
        (
            &goose["source"],
            &goose["shows"],
            &goose["performances"],
            &goose["songs"]
        ),
        (&json!("songfish"), &json!(4), &json!(15), &json!(8)),
        "the future show and the one with no setlist yet are stored, not counted"
    );
    let stats = env.json(&["stats", "goose", "--json"]);
    assert_eq!(
        (&stats["shows"], &stats["occurrences"], &stats["distinct_songs"]),
        (&json!(4), &json!(15), &json!(8)),
        "stats count what bands counts"
    );
    let gorge = env.json(&["setlist", "goose", "2024-06-22", "--json"]);
    let texts: Vec<&str> = gorge
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Set 1: Arcadia > Tumble | Set 2: Hungersite | Encore: Royal",
            "Set 1: Hot Tea -> Madhuvan"
        ]
    );
    let text = env.ok(&["setlist", "goose", "2023-04-01"]);
    assert!(text.contains("The Fillmore & Annex, Denver, CO, USA"), "{text}");
    assert!(text.contains("Encore 2: Arcadia"), "{text}");
    assert!(
        text.contains(&format!(
            "{}/setlists/testband-april-1-2023-the-fillmore-annex-denver-co-usa.html",
            server.uri()
        )),
        "the show's page on the site: {text}"
    );
    let arcadia = env.json(&["song", "goose", "Arcadia", "--json"]);
    assert_eq!(
        (&arcadia["debut"], &arcadia["last_played"]),
        (&json!("2023-04-01"), &json!("2024-06-22"))
    );
    let gaps: Vec<&Value> = arcadia["performances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["gap"])
        .collect();
    assert_eq!(gaps, [&Value::Null, &json!(1)], "counted shows 1 (twice) and 2 of 4");
    assert_eq!(
        (&arcadia["times_played"], &arcadia["occurrences"]),
        (&json!(2), &json!(3))
    );
    assert_eq!(arcadia["current_gap"], 2);

    // Nothing new: the show list alone (no year of this band is this year or last).
    let stdout = env.ok(&["--refresh", "goose"]);
    assert_eq!(summary(&stdout), "goose: 0 shows added, 0 updated, 6 unchanged; 1");

    // The site adds a show to 2024: a plain refresh fetches that year.
    let added = edited(site(), "shows/artist_id/1.json", |v| {
        let mut show = v["data"][0].clone();
        show["show_id"] = json!(1734200006);
        show["showdate"] = json!("2024-12-14");
        v["data"].as_array_mut().unwrap().push(show);
    });
    let added = edited(added, "setlists/showyear/2024.json", |v| {
        let mut row = v["data"][0].clone();
        row["show_id"] = json!(1734200006);
        row["showdate"] = json!("2024-12-14");
        row["showorder"] = json!(1);
        v["data"].as_array_mut().unwrap().push(row);
    });
    serve(&server, &added).await;
    let stdout = env.ok(&["--refresh", "goose"]);
    assert_eq!(summary(&stdout), "goose: 1 show added, 0 updated, 6 unchanged; 3");
    assert_eq!(env.band("goose")["shows"], 5);

    // The site edits a 2023 setlist: unseen by a plain refresh, picked up by --full.
    let edit = edited(added, "setlists/showyear/2023.json", |v| {
        v["data"][0]["songname"] = json!("Tumble (edited)");
        v["data"][0]["song_id"] = json!(201);
    });
    serve(&server, &edit).await;
    let stdout = env.ok(&["--refresh", "goose"]);
    assert_eq!(summary(&stdout), "goose: 0 shows added, 0 updated, 7 unchanged; 1");
    let stdout = env.ok(&["--refresh", "goose", "--full"]);
    assert_eq!(summary(&stdout), "goose: 0 shows added, 1 updated, 6 unchanged; 5");
    let text = env.ok(&["setlist", "goose", "2023-04-01"]);
    assert!(text.contains("Set 2: Madhuvan[2] -> Tumble (edited)*"), "{text}");

    // A show the site drops goes from the cache too.
    let dropped = edited(edit, "shows/artist_id/1.json", |v| {
        v["data"]
            .as_array_mut()
            .unwrap()
            .retain(|s| s["show_id"] != json!(1735600004));
    });
    serve(&server, &dropped).await;
    env.ok(&["--refresh", "goose"]);
    assert_eq!(env.json(&["setlist", "goose", "2024-12-31", "--json"]), json!([]));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_songfish_error_envelope_is_one_clear_line_and_the_cache_keeps_its_shows() {
    let server = MockServer::start().await;
    serve(&server, &site()).await;
    let env = Env::new(&format!(
        "[[bands]]\nslug = \"umphreys-mcgee\"\nbase_url = \"{}/api/v2\"\n\n[sources.songfish]\nrequests_per_second = 200\n",
        server.uri()
    ));
    env.ok(&["--refresh", "umphreys-mcgee"]);
    serve(&server, &[("shows/artist_id/1.json", fixture("error.json"))]).await;
    let (code, stdout, stderr) = env.run(&["--refresh", "umphreys-mcgee"]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("Invalid method or column"))
            .count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("umphreys-mcgee: cannot fetch the show list: Songfish API error: Invalid method or column"),
        "{stderr}"
    );
    assert_eq!(env.band("umphreys-mcgee")["shows"], 4);
}
