//! The real binary against a local Phish.net mock and a temp cache.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "TEST-KEY-4242";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/phishnet/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn json_body(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

/// A Phish.net mock serving the fixture catalog, and an empty answer for any other year.
async fn phishnet() -> MockServer {
    let server = MockServer::start().await;
    mount_catalog(
        &server,
        fixture("shows_artist_phish.json"),
        fixture("setlists_showyear_1997.json"),
    )
    .await;
    server
}

async fn mount_catalog(server: &MockServer, shows: String, year_1997: String) {
    Mock::given(method("GET"))
        .and(path("/v5/shows/artist/phish.json"))
        .respond_with(json_body(shows))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/songs.json"))
        .respond_with(json_body(fixture("songs.json")))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v5/setlists/showyear/1997.json"))
        .respond_with(json_body(year_1997))
        .with_priority(1)
        .mount(server)
        .await;
    for year in [1985, 2020, 2025] {
        Mock::given(method("GET"))
            .and(path(format!("/v5/setlists/showyear/{year}.json")))
            .respond_with(json_body(fixture(&format!("setlists_showyear_{year}.json"))))
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/v5/setlists/showyear/\d+\.json$"))
        .respond_with(json_body(r#"{"error": false, "error_message": "", "data": []}"#.into()))
        .with_priority(5)
        .mount(server)
        .await;
}

struct Env {
    dir: TempDir,
    base_url: String,
}

impl Env {
    fn new(server: &MockServer) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        Env {
            dir,
            base_url: format!("{}/v5", server.uri()),
        }
    }

    fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("elmeg-tui").unwrap();
        cmd.args(args)
            .env("ELMEG_CACHE", self.dir.path().join("cache.sqlite3"))
            .env("ELMEG_CONFIG", self.config_path())
            .env("ELMEG_PHISHNET_BASE_URL", &self.base_url)
            .env("ELMEG_PHISHNET_API_KEY", KEY)
            .env("ELMEG_PHISHNET_REQUESTS_PER_SECOND", "200");
        cmd
    }

    /// Runs the binary; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (out.status.code().unwrap(), text(out.stdout), text(out.stderr))
    }

    fn json(&self, args: &[&str]) -> Value {
        let (code, stdout, stderr) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}: {stdout}"))
    }
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

#[tokio::test(flavor = "multi_thread")]
async fn refresh_then_exact_bands_setlist_and_song() {
    let server = phishnet().await;
    let env = Env::new(&server);
    let (code, stdout, stderr) = env.run(&["--refresh", "phish"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("phish: 7 shows added, 0 updated, 0 unchanged; 8 requests in "),
        "{stdout}"
    );
    // Not a terminal: plain lines, no escape codes, and the key nowhere.
    assert!(stderr.contains("phish: fetching the show list\n"), "{stderr}");
    assert!(stderr.contains("phish: [2/6] 1997: 1 show\n"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'));
    assert!(!stdout.contains(KEY) && !stderr.contains(KEY));

    let bands = env.json(&["bands", "--json"]);
    let last_refresh = bands[0]["last_refresh"].as_str().unwrap().to_string();
    assert!(chrono::DateTime::parse_from_rfc3339(&last_refresh).is_ok() && last_refresh.ends_with('Z'));
    assert_eq!(
        bands,
        json!([{"slug": "phish", "name": "Phish", "source": "phishnet",
                "shows": 4, "performances": 46, "songs": 38, "last_refresh": last_refresh}])
    );

    let setlist = env.json(&["setlist", "phish", "1997-11-22", "--json"]);
    let shows = setlist.as_array().unwrap();
    assert_eq!(shows.len(), 1);
    let show = &shows[0];
    assert_eq!(
        show["text"],
        "Set 1: Mike's Song -> I Am Hydrogen > Weekapaug Groove, Harry Hood > Train Song, Billy Breathes, \
         Frankenstein > Izabella | Set 2: Halley's Comet > Tweezer > Black-Eyed Katy > Piper > \
         Run Like an Antelope | Encore: Bouncing Around the Room > Tweezer Reprise"
    );
    for (field, expected) in [
        ("band", json!("phish")),
        ("date", json!("1997-11-22")),
        ("venue", json!("Hampton Coliseum")),
        ("city", json!("Hampton")),
        ("state", json!("VA")),
        ("country", json!("USA")),
        ("tour", json!("1997 Fall Tour (a.k.a. Phish Destroys America)")),
        (
            "permalink",
            json!("https://phish.net/setlists/phish-november-22-1997-hampton-coliseum-hampton-va-usa.html"),
        ),
    ] {
        assert_eq!(show[field], expected, "{field}");
    }
    let labels: Vec<&str> = show["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Set 1", "Set 2", "Encore"]);
    assert_eq!(
        show["sets"][0]["songs"][0],
        json!({"name": "Mike's Song", "transition": "->", "footnote": null, "jamchart": true, "tape": false})
    );
    assert_eq!(show["sets"][0]["songs"][7]["transition"], "");
    assert_eq!(
        show["sets"][1]["songs"][4]["footnote"],
        "Lyric changed to \"Michael Esquandolas.\""
    );
    assert!(show["notes"]
        .as_str()
        .unwrap()
        .contains("Trey\u{2019}s humorous response"));

    let tweezer = env.json(&["song", "phish", "tweezer", "--json"]);
    assert_eq!(
        tweezer,
        json!({
            "band": "phish", "song": "Tweezer", "times_played": 3,
            "debut": "1985-05-01", "last_played": "2025-12-31", "current_gap": 0,
            "performances": [
                {"date": "1985-05-01", "venue": "Hand-made Hall", "city": "Burlington", "set": "Set 1", "position": 2, "gap": null},
                {"date": "1997-11-22", "venue": "Hampton Coliseum", "city": "Hampton", "set": "Set 2", "position": 10, "gap": 2},
                {"date": "2025-12-31", "venue": "Madison Square Garden", "city": "New York", "set": "Set 3", "position": 22, "gap": 1}
            ]
        })
    );
    // A unique fuzzy match is taken, as typed words.
    let hood = env.json(&["song", "phish", "harry", "hd", "--json"]);
    assert_eq!(hood["song"], "Harry Hood");
}

#[tokio::test(flavor = "multi_thread")]
async fn two_shows_on_a_date_come_earliest_first_and_excluded_shows_do_not_count() {
    let server = phishnet().await;
    let env = Env::new(&server);
    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let both = env.json(&["setlist", "phish", "1985-05-01", "--json"]);
    let texts: Vec<&str> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Set 1: Slave to the Traffic Light, Tweezer",
            "Set 1: Mike's Song -> Weekapaug Groove"
        ]
    );
    // The cancelled show is stored and shown, with no setlist; it is in no count (see `bands`).
    let cancelled = env.json(&["setlist", "phish", "2020-07-14", "--json"]);
    assert_eq!(cancelled[0]["sets"], json!([]));
    assert_eq!(cancelled[0]["text"], "");
    assert_eq!(env.json(&["setlist", "phish", "1997-11-21", "--json"]), json!([]));
    let jam = env.json(&["song", "phish", "Jam", "--json"]);
    assert_eq!(jam["times_played"], 0, "the soundcheck is excluded: {jam}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_incremental_refresh_with_nothing_new_makes_three_requests() {
    let server = phishnet().await;
    let env = Env::new(&server);
    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let before = requests(&server).await;
    let (code, stdout, stderr) = env.run(&["--refresh", "phish"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(requests(&server).await - before, 3);
    assert!(
        stdout.starts_with("phish: 0 shows added, 0 updated, 7 unchanged; 3 requests in "),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_show_changed_at_the_source_is_replaced() {
    let server = phishnet().await;
    let env = Env::new(&server);
    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);

    server.reset().await;
    let shows = fixture("shows_artist_phish.json").replace(
        r#""updated_at": "2024-11-11 04:36:38""#,
        r#""updated_at": "2026-11-01 12:00:00""#,
    );
    assert_ne!(shows, fixture("shows_artist_phish.json"), "the fixture's stamp moved");
    let year = fixture("setlists_showyear_1997.json").replace("Train Song", "Train Song (corrected)");
    mount_catalog(&server, shows, year).await;

    let (code, stdout, stderr) = env.run(&["--refresh", "phish"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("phish: 0 shows added, 1 updated, 6 unchanged; 4 requests"),
        "{stdout}"
    );
    let setlist = env.json(&["setlist", "phish", "1997-11-22", "--json"]);
    assert_eq!(setlist.as_array().unwrap().len(), 1);
    assert!(setlist[0]["text"]
        .as_str()
        .unwrap()
        .contains("Harry Hood > Train Song (corrected), Billy"));
    assert_eq!(env.json(&["bands", "--json"])[0]["shows"], 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_key_fails_with_the_exact_hint() {
    let server = phishnet().await;
    let env = Env::new(&server);
    let out = env
        .cmd(&["--refresh", "phish"])
        .env_remove("ELMEG_PHISHNET_API_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "phish: no Phish.net API key; set ELMEG_PHISHNET_API_KEY or [sources.phishnet] api_key in {}\n",
        env.config_path().display()
    );
    assert!(stderr.ends_with(&expected), "{stderr}");
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_api_error_fails_cleanly_and_keeps_the_cache() {
    let server = phishnet().await;
    let env = Env::new(&server);
    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let before = env.json(&["bands", "--json"]);

    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(json_body(
            r#"{"error": 2, "error_message": "Invalid API key.", "data": []}"#.into(),
        ))
        .mount(&server)
        .await;
    let (code, stdout, stderr) = env.run(&["--refresh", "phish"]);
    assert_eq!(code, 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr.lines().filter(|l| l.contains("Invalid API key.")).count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(KEY), "{stderr}");
    assert_eq!(
        env.json(&["bands", "--json"]),
        before,
        "a failure leaves the cache as it was"
    );
    assert_eq!(env.json(&["song", "phish", "Tweezer", "--json"])["times_played"], 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn when_one_band_fails_the_others_still_run() {
    let server = phishnet().await;
    let env = Env::new(&server);
    // A second Phish.net artist whose show list the mock does not know (404).
    std::fs::write(
        env.config_path(),
        "[[bands]]\nslug = \"trey\"\nname = \"Trey Anastasio\"\nsource = \"phishnet\"\nartist_id = \"2\"\nartist_slug = \"trey-anastasio\"\n",
    )
    .unwrap();
    let (code, stdout, stderr) = env.run(&["--refresh", "all"]);
    assert_eq!(code, 1);
    assert!(stdout.starts_with("phish: 7 shows added"), "{stdout}");
    let failures: Vec<&str> = stderr.lines().filter(|l| l.contains("404")).collect();
    assert_eq!(failures.len(), 1, "{stderr}");
    assert!(
        failures[0].starts_with("trey: cannot fetch the show list: "),
        "{stderr}"
    );
    let bands = env.json(&["bands", "--json"]);
    let slugs: Vec<&str> = bands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["phish", "trey"]);
    assert_eq!(bands[1]["shows"], 0);
    assert_eq!(bands[1]["last_refresh"], Value::Null);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_refresh_of_the_same_band_exits_at_once() {
    let server = phishnet().await;
    let env = Env::new(&server);
    let _held = elmeg_tui::refresh::BandLock::acquire(&env.dir.path().join("cache.sqlite3"), "phish").unwrap();
    let (code, _, stderr) = env.run(&["--refresh", "phish"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("phish: another refresh of phish is already running"),
        "{stderr}"
    );
    assert_eq!(requests(&server).await, 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_errors_exit_2_and_failures_exit_1() {
    let server = phishnet().await;
    let env = Env::new(&server);
    let (code, _, stderr) = env.run(&["setlist", "phish", "1997-11-31"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("YYYY-MM-DD"), "{stderr}");
    let (code, _, stderr) = env.run(&["setlist", "fish", "1997-11-22"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "elmeg-tui: unknown band `fish`; known bands: phish\n");
    let (code, _, stderr) = env.run(&["--refresh", "fish"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("known bands: phish"), "{stderr}");
    assert_eq!(env.run(&["--bogus"]).0, 2);

    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let (code, stdout, stderr) = env.run(&["song", "phish", "Tweezr Reprse Xyz"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("closest:") && stderr.contains("Tweezer Reprise"),
        "{stderr}"
    );
    let (code, _, stderr) = env.run(&["song", "phish", "twz"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("matches several") && stderr.contains("Tweezer"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn readable_text_without_json() {
    let server = phishnet().await;
    let env = Env::new(&server);
    let (_, stdout, _) = env.run(&["bands"]);
    assert!(stdout.contains("never (elmeg-tui --refresh phish)"), "{stdout}");
    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let (code, stdout, _) = env.run(&["setlist", "phish", "1997-11-22"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("1997-11-22  Hampton Coliseum, Hampton, VA, USA\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Encore: Bouncing Around the Room > Tweezer Reprise\n"),
        "{stdout}"
    );
    let (_, stdout, _) = env.run(&["song", "phish", "Tweezer"]);
    assert!(
        stdout.contains("Times played: 3\n") && stdout.contains("Current gap:  0 shows"),
        "{stdout}"
    );
}
