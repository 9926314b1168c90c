//! The real binary against a local Phish.net mock and a temp cache.

mod support;

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{json, Value};
use tempfile::TempDir;
use wiremock::matchers::{method, path, path_regex, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "TEST-KEY-4242";
const SFM_KEY: &str = "SFM-KEY-9090";
const GS_KEY: &str = "$2a$11$gs-secret";
const DNC: &str = "94f8947c-2d9c-4519-bcf9-6d11a24ad006";
const BS: &str = "640db492-34c4-47df-be14-96e2cd4b9fe4";

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
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
        fixture("phishnet/shows_artist_phish.json"),
        fixture("phishnet/setlists_showyear_1997.json"),
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
        .respond_with(json_body(fixture("phishnet/songs.json")))
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
            .respond_with(json_body(fixture(&format!("phishnet/setlists_showyear_{year}.json"))))
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
            .env("ELMEG_PHISHNET_REQUESTS_PER_SECOND", "200")
            .env("ELMEG_SETLISTFM_BASE_URL", self.base_url.replace("/v5", "/rest/1.0"))
            .env("ELMEG_SETLISTFM_API_KEY", SFM_KEY)
            .env("ELMEG_SETLISTFM_REQUESTS_PER_SECOND", "200")
            .env(
                "ELMEG_GRATEFULSTATS_BASE_URL",
                self.base_url.replace("/v5", "/deadapi/v2/"),
            )
            .env("ELMEG_GRATEFULSTATS_API_KEY", GS_KEY)
            .env("ELMEG_GRATEFULSTATS_USER_ID", "fan@example.org")
            .env("ELMEG_GRATEFULSTATS_REQUESTS_PER_SECOND", "200")
            .env("ELMEG_GDSHOWSDB_BASE_URL", self.base_url.replace("/v5", "/gd"))
            .env("ELMEG_GDSHOWSDB_REQUESTS_PER_SECOND", "200");
        cmd
    }

    /// Runs the binary; returns (exit code, stdout, stderr).
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        support::outcome(self.cmd(args).output().unwrap())
    }

    fn json(&self, args: &[&str]) -> Value {
        support::json_of(args, self.run(args))
    }
}

/// Every message on stderr is one line: none is blank or carries on indented.
fn assert_one_line_each(stderr: &str) {
    for line in stderr.lines() {
        assert!(
            !line.trim().is_empty() && !line.starts_with(char::is_whitespace),
            "a message spills over lines:\n{stderr}"
        );
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
        bands[0],
        json!({"slug": "phish", "name": "Phish", "source": "phishnet",
               "shows": 4, "performances": 46, "songs": 38, "last_refresh": last_refresh})
    );
    // Every configured band is listed, built-in ones in registry order, with zeros until refreshed.
    assert_eq!(
        bands[1],
        json!({"slug": "dead-and-company", "name": "Dead & Company", "source": "setlistfm",
               "shows": 0, "performances": 0, "songs": 0, "last_refresh": null})
    );
    assert_eq!(bands[2]["slug"], "billy-strings");
    assert_eq!(bands[3]["slug"], "grateful-dead");
    let slugs: Vec<&str> = bands.as_array().unwrap()[4..]
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, support::SONGFISH_BANDS);

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
            "band": "phish", "song": "Tweezer", "times_played": 3, "occurrences": 3,
            "debut": "1985-05-01", "last_played": "2025-12-31", "current_gap": 0,
            "average_gap": 1.5, "longest_gap": 2,
            "performances": [
                {"date": "1985-05-01", "venue": "Hand-made Hall", "city": "Burlington", "set": "Set 1", "position": 2, "gap": null, "occurrences": 1},
                {"date": "1997-11-22", "venue": "Hampton Coliseum", "city": "Hampton", "set": "Set 2", "position": 10, "gap": 2, "occurrences": 1},
                {"date": "2025-12-31", "venue": "Madison Square Garden", "city": "New York", "set": "Set 3", "position": 22, "gap": 1, "occurrences": 1}
            ]
        })
    );

    // The band's statistics count what `bands` counts; a tour matches fuzzily.
    let stats = env.json(&["stats", "phish", "--json"]);
    assert_eq!(
        (
            &stats["scope"],
            &stats["shows"],
            &stats["occurrences"],
            &stats["distinct_songs"]
        ),
        (&json!("all"), &json!(4), &json!(46), &json!(38))
    );
    let fall = env.json(&["stats", "phish", "--tour", "1997 fall", "--json"]);
    assert_eq!(
        (&fall["scope"], &fall["shows"], &fall["openers"], &fall["closers"]),
        (
            &json!("1997 Fall Tour (a.k.a. Phish Destroys America)"),
            &json!(1),
            &json!([{"song": "Mike's Song", "times": 1}]),
            &json!([{"song": "Run Like an Antelope", "times": 1}])
        ),
        "the closer comes before the encore"
    );
    assert_eq!(env.json(&["stats", "phish", "--year", "1997", "--json"])["shows"], 1);
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
    let shows = fixture("phishnet/shows_artist_phish.json").replace(
        r#""updated_at": "2024-11-11 04:36:38""#,
        r#""updated_at": "2026-11-01 12:00:00""#,
    );
    assert_ne!(
        shows,
        fixture("phishnet/shows_artist_phish.json"),
        "the fixture's stamp moved"
    );
    let year = fixture("phishnet/setlists_showyear_1997.json").replace("Train Song", "Train Song (corrected)");
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
    // A second Phish.net artist whose show list the mock does not know (404), and
    // the Songfish bands pointed at the mock, which knows none of them either.
    let songfish_offline: String = support::SONGFISH_BANDS
        .iter()
        .map(|slug| {
            format!(
                "[[bands]]\nslug = \"{slug}\"\nbase_url = \"{}/sf/{slug}/api/v2\"\n",
                server.uri()
            )
        })
        .collect();
    std::fs::write(
        env.config_path(),
        format!(
            "[[bands]]\nslug = \"trey\"\nname = \"Trey Anastasio\"\nsource = \"phishnet\"\nartist_id = \"2\"\n\
             artist_slug = \"trey-anastasio\"\n{songfish_offline}"
        ),
    )
    .unwrap();
    let out = env
        .cmd(&["--refresh", "all"])
        .env_remove("ELMEG_SETLISTFM_API_KEY")
        .env_remove("ELMEG_GRATEFULSTATS_API_KEY")
        .env_remove("ELMEG_GDSHOWSDB_BASE_URL")
        .output()
        .unwrap();
    let (code, stdout, stderr) = (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert_eq!(code, 1);
    let done: Vec<&str> = stdout.lines().collect();
    assert_eq!(done.len(), 2, "{stdout}");
    assert!(done[0].starts_with("phish: 7 shows added"), "{stdout}");
    // With no Grateful Stats key, `auto` reads the gdshowsdb built into the binary.
    assert!(
        done[1].starts_with("grateful-dead: 2358 shows added, 0 updated, 0 unchanged; 0 requests"),
        "{stdout}"
    );
    let failures: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("404") || l.contains(" API key;"))
        .collect();
    assert_eq!(failures.len(), 6, "{stderr}");
    assert_one_line_each(&stderr);
    // `all` skips the bands whose key is missing, one line each, first.
    assert!(
        failures[0].starts_with("dead-and-company: skipped: no setlist.fm API key; set ELMEG_SETLISTFM_API_KEY"),
        "{stderr}"
    );
    assert!(
        failures[1].starts_with("billy-strings: skipped: no setlist.fm API key"),
        "{stderr}"
    );
    for (failure, band) in failures[2..5].iter().zip(support::SONGFISH_BANDS) {
        assert!(
            failure.starts_with(&format!(
                "{band}: cannot fetch the show list: Songfish answered HTTP 404"
            )),
            "{stderr}"
        );
    }
    assert!(
        failures[5].starts_with("trey: cannot fetch the show list: "),
        "{stderr}"
    );
    let bands = env.json(&["bands", "--json"]);
    let slugs: Vec<&str> = bands
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs[..7], support::BUILT_IN_BANDS);
    assert_eq!(slugs[7..], ["trey"]);
    assert_eq!(bands[3]["shows"], 2076);
    assert_eq!(bands[7]["shows"], 0);
    assert_eq!(bands[7]["last_refresh"], Value::Null);
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
    assert!(stderr.contains("`1997-11-31`: November has 30 days"), "{stderr}");
    let (code, _, stderr) = env.run(&["setlist", "fish", "1997-11-22"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "elmeg-tui: unknown band `fish`; the known bands:\n  phish\n  dead-and-company\n  billy-strings\n  \
         grateful-dead\n  goose\n  king-gizzard\n  umphreys-mcgee\n"
    );
    let (code, _, stderr) = env.run(&["--refresh", "fish"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("the known bands:\n  phish\n"), "{stderr}");
    assert_eq!(env.run(&["--bogus"]).0, 2);

    assert_eq!(env.run(&["--refresh", "phish"]).0, 0);
    let (code, stdout, stderr) = env.run(&["song", "phish", "Tweezr Reprse Xyz"]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("; the closest:\n") && stderr.contains("\n  Tweezer Reprise\n"),
        "{stderr}"
    );
    let (code, _, stderr) = env.run(&["song", "phish", "twz"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("matches several") && stderr.contains("\n  Tweezer\n"),
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

// setlist.fm: Dead & Company and Billy Strings.

fn sfm_page(name: &str) -> ResponseTemplate {
    json_body(fixture(&format!("setlistfm/{name}")))
}

async fn mount_dnc_page(server: &MockServer, page: u64, response: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/rest/1.0/artist/{DNC}/setlists")))
        .and(query_param("p", page.to_string()))
        .respond_with(response)
        .mount(server)
        .await;
}

async fn mount_setlistfm(server: &MockServer) {
    for page in 1..=3 {
        mount_dnc_page(server, page, sfm_page(&format!("dnc_p{page}.json"))).await;
    }
    Mock::given(method("GET"))
        .and(path(format!("/rest/1.0/artist/{BS}/setlists")))
        .and(query_param("p", "1"))
        .respond_with(sfm_page("bs_p1.json"))
        .mount(server)
        .await;
    // Nothing edited since: setlist.fm answers 404.
    Mock::given(method("GET"))
        .and(path("/rest/1.0/search/setlists"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(fixture("setlistfm/not_found.json"), "application/json"))
        .with_priority(5)
        .mount(server)
        .await;
}

fn sfm_requests(requests: &[wiremock::Request]) -> Vec<String> {
    requests
        .iter()
        .filter(|r| r.url.path().starts_with("/rest/"))
        .map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or("")))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn setlistfm_bands_import_with_exact_results() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    let env = Env::new(&server);
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company", "billy-strings"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("dead-and-company: 5 shows added, 0 updated, 0 unchanged; 3 requests in "),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("billy-strings: 2 shows added, 0 updated, 0 unchanged; 1 request in "),
        "{stdout}"
    );
    assert!(!stdout.contains(SFM_KEY) && !stderr.contains(SFM_KEY));
    let requests = server.received_requests().await.unwrap();
    let sent = requests.iter().find(|r| r.url.path().starts_with("/rest/")).unwrap();
    assert_eq!(sent.headers.get("x-api-key").unwrap(), SFM_KEY);
    assert_eq!(sent.headers.get("accept").unwrap(), "application/json");

    let bands = env.json(&["bands", "--json"]);
    let counts = |i: usize| {
        (
            bands[i]["shows"].clone(),
            bands[i]["performances"].clone(),
            bands[i]["songs"].clone(),
        )
    };
    assert_eq!(bands[1]["slug"], "dead-and-company");
    // The 2099 stub is stored but not counted; the tape intro is not a performance.
    assert_eq!(counts(1), (json!(4), json!(18), json!(15)));
    assert_eq!(counts(2), (json!(2), json!(7), json!(4)));

    let both = env.json(&["setlist", "dead-and-company", "2023-07-15", "--json"]);
    let texts: Vec<&str> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["Set 1: Bertha, Shakedown Street", "Set 1: Sugar Magnolia, Ripple"],
        "the earlier show first"
    );

    let folsom = env.json(&["setlist", "dead-and-company", "2022-06-10", "--json"]);
    assert_eq!(
        folsom[0]["text"],
        "Set 1: Bertha > Tennessee Jed | Acoustic: Friend of the Devil -> Ripple | Encore: Touch of Grey"
    );
    assert_eq!(
        folsom[0]["sets"][0]["songs"][0],
        json!({"name": "Intro", "transition": ",", "footnote": null, "jamchart": false, "tape": true})
    );
    assert_eq!(folsom[0]["sets"][0]["songs"][1]["footnote"], "unfinished");
    for (field, expected) in [
        ("venue", json!("Folsom Field")),
        ("city", json!("Boulder")),
        ("state", json!("CO")),
        ("country", json!("USA")),
        ("tour", json!("Summer Tour 2022")),
        ("notes", Value::Null),
        ("permalink", json!("https://www.setlist.fm/setlist/test/2aaa0005.html")),
    ] {
        assert_eq!(folsom[0][field], expected, "{field}");
    }

    let bertha = env.json(&["song", "dead-and-company", "bertha", "--json"]);
    assert_eq!(
        bertha,
        json!({
            "band": "dead-and-company", "song": "Bertha", "times_played": 3, "occurrences": 3,
            "debut": "2022-06-10", "last_played": "2023-07-16", "current_gap": 0,
            "average_gap": 1.5, "longest_gap": 2,
            "performances": [
                {"date": "2022-06-10", "venue": "Folsom Field", "city": "Boulder", "set": "Set 1", "position": 1, "gap": null, "occurrences": 1},
                {"date": "2023-07-15", "venue": "Oracle Park", "city": "San Francisco", "set": "Set 1", "position": 1, "gap": 1, "occurrences": 1},
                {"date": "2023-07-16", "venue": "Oracle Park", "city": "San Francisco", "set": "Set 1", "position": 2, "gap": 2, "occurrences": 1}
            ]
        })
    );
    let dust = env.json(&["song", "billy-strings", "Dust in a Baggie", "--json"]);
    let gaps: Vec<Value> = dust["performances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["gap"].clone())
        .collect();
    assert_eq!(
        (dust["times_played"].clone(), dust["occurrences"].clone(), gaps),
        (json!(2), json!(3), vec![Value::Null, json!(1)]),
        "played twice at its last show: one row, no gap of 0"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn setlistfm_incremental_refresh_picks_up_exactly_the_change() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    let env = Env::new(&server);
    let started = chrono::Utc::now();
    assert_eq!(env.run(&["--refresh", "dead-and-company"]).0, 0);

    let before = server.received_requests().await.unwrap().len();
    let (code, stdout, _) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("dead-and-company: 0 shows added, 0 updated, 0 unchanged; 1 request in "),
        "{stdout}"
    );
    let requests = server.received_requests().await.unwrap();
    let sent = sfm_requests(&requests[before..]);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].starts_with("/rest/1.0/search/setlists?") && sent[0].contains(DNC),
        "{sent:?}"
    );
    // Edits since the first refresh's start, less a day.
    let stamp = requests
        .last()
        .unwrap()
        .url
        .query_pairs()
        .find(|(k, _)| k == "lastUpdated")
        .unwrap()
        .1
        .to_string();
    let since = chrono::NaiveDateTime::parse_from_str(&stamp, "%Y%m%d%H%M%S")
        .unwrap()
        .and_utc();
    let margin = started - since;
    assert!(
        margin > chrono::Duration::hours(23) && margin < chrono::Duration::hours(25),
        "{stamp}"
    );

    // One setlist edited at the source.
    Mock::given(method("GET"))
        .and(path("/rest/1.0/search/setlists"))
        .and(query_param("p", "1"))
        .respond_with(sfm_page("dnc_updated_since.json"))
        .with_priority(1)
        .mount(&server)
        .await;
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("dead-and-company: 0 shows added, 1 updated, 0 unchanged; 1 request in "),
        "{stdout}"
    );
    let finale = env.json(&["setlist", "dead-and-company", "2023-07-16", "--json"]);
    assert_eq!(finale.as_array().unwrap().len(), 1);
    assert!(
        finale[0]["text"]
            .as_str()
            .unwrap()
            .ends_with("Encore: Brokedown Palace, U.S. Blues"),
        "{finale}"
    );
    assert_eq!(env.json(&["bands", "--json"])[1]["performances"], 19);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_interrupted_setlistfm_import_resumes_where_it_stopped() {
    let server = phishnet().await;
    mount_dnc_page(&server, 1, sfm_page("dnc_p1.json")).await;
    mount_dnc_page(&server, 2, ResponseTemplate::new(403)).await;
    let env = Env::new(&server);
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!((code, stdout.as_str()), (1, ""), "{stderr}");
    let failure = stderr.lines().find(|l| l.contains("403")).unwrap_or_default();
    assert_eq!(
        failure,
        "dead-and-company: cannot fetch page 2 of setlists: setlist.fm rejected the API key (HTTP 403); \
         check ELMEG_SETLISTFM_API_KEY or [sources.setlistfm] api_key"
    );
    assert_eq!(
        env.json(&["setlist", "dead-and-company", "2023-07-16", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );

    server.reset().await;
    mount_setlistfm(&server).await;
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 0, "{stderr}");
    let sent = sfm_requests(&server.received_requests().await.unwrap());
    assert_eq!(
        sent,
        [
            format!("/rest/1.0/artist/{DNC}/setlists?p=2"),
            format!("/rest/1.0/artist/{DNC}/setlists?p=3")
        ]
    );
    assert!(
        stdout.starts_with("dead-and-company: 3 shows added, 0 updated, 0 unchanged; 2 requests"),
        "{stdout}"
    );
    // The early show of 2023-07-15 came a run after the late one, and still comes first.
    let both = env.json(&["setlist", "dead-and-company", "2023-07-15", "--json"]);
    let notes: Vec<&str> = both
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["notes"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["Early show.", "Late show."]);
    assert_eq!(env.json(&["bands", "--json"])[1]["shows"], 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn setlistfm_stops_cleanly_at_the_daily_limit_and_resumes() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    let env = Env::new(&server);
    let out = env
        .cmd(&["--refresh", "dead-and-company"])
        .env("ELMEG_SETLISTFM_REQUESTS_PER_DAY", "2")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout.starts_with("dead-and-company: 4 shows added, 0 updated, 0 unchanged; 2 requests in "),
        "{stdout}"
    );
    assert!(
        stdout
            .trim_end()
            .ends_with("(stopped at the daily limit of 2 setlist.fm requests; run again tomorrow to continue)"),
        "{stdout}"
    );
    // The limit is per day: with a higher one, the import goes on from page 3.
    let before = server.received_requests().await.unwrap().len();
    let (code, stdout, _) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("dead-and-company: 1 show added, 0 updated, 0 unchanged; 1 request"),
        "{stdout}"
    );
    let sent = sfm_requests(&server.received_requests().await.unwrap()[before..]);
    assert_eq!(sent, [format!("/rest/1.0/artist/{DNC}/setlists?p=3")]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_setlistfm_full_import_that_finds_nothing_fails_and_imports_once_the_mbid_is_fixed() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    let env = Env::new(&server);
    let wrong = "0f0f0f0f-0000-4000-8000-000000000000";
    std::fs::write(
        env.config_path(),
        format!("[[bands]]\nslug = \"dead-and-company\"\nmbid = \"{wrong}\"\n"),
    )
    .unwrap();
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stderr.contains(&format!(
            "\ndead-and-company: setlist.fm has no setlists for the MBID {wrong}"
        )),
        "{stderr}"
    );
    // Fixed: the next run is a full import, not a look for recent edits.
    std::fs::write(env.config_path(), "").unwrap();
    let (code, stdout, stderr) = env.run(&["--refresh", "dead-and-company"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("dead-and-company: 5 shows added"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn setlistfm_bands_share_one_daily_budget() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    let env = Env::new(&server);
    let out = env
        .cmd(&["--refresh", "dead-and-company", "billy-strings"])
        .env("ELMEG_SETLISTFM_REQUESTS_PER_DAY", "3")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("dead-and-company: 5 shows added, 0 updated, 0 unchanged; 3 requests"),
        "{stdout}"
    );
    // The key's budget is spent: the second band sends nothing today.
    assert!(
        lines[1].starts_with("billy-strings: 0 shows added, 0 updated, 0 unchanged; 0 requests"),
        "{stdout}"
    );
    assert!(lines[1].ends_with("(stopped at the daily limit of 3 setlist.fm requests; run again tomorrow to continue)"));
}

// Grateful Dead: Grateful Stats and gdshowsdb.

const GS_SHOWS: [&str; 5] = [
    "a1b2c3d4-0508-0000-0000-000000000001",
    "a1b2c3d4-0509-0000-0000-000000000002",
    "b1b2c3d4-0214-0000-0000-00000000late",
    "b1b2c3d4-0214-0000-0000-0000000early",
    "b1b2c3d4-0213-0000-0000-00000nosets",
];

async fn mount_gratefulstats(server: &MockServer, failing_show: Option<&str>) {
    Mock::given(method("GET"))
        .and(path("/deadapi/v2/keytest/validatekey"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Key works"))
        .mount(server)
        .await;
    for year in [1970, 1977] {
        Mock::given(method("GET"))
            .and(path(format!("/deadapi/v2/years/getyeardata/{year}")))
            .respond_with(json_body(fixture(&format!("gratefulstats/year_{year}.json"))))
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/deadapi/v2/years/getyeardata/\d+$"))
        .respond_with(json_body(r#"{"ShowsOneYear":[]}"#.into()))
        .with_priority(5)
        .mount(server)
        .await;
    for id in GS_SHOWS {
        let response = if failing_show == Some(id) {
            ResponseTemplate::new(403)
        } else {
            json_body(fixture(&format!("gratefulstats/show_{id}.json")))
        };
        Mock::given(method("GET"))
            .and(path(format!("/deadapi/v2/shows/getshowdatabyshowid/{id}")))
            .respond_with(response)
            .mount(server)
            .await;
    }
}

async fn mount_gdshowsdb(server: &MockServer, failing_year: Option<i32>) {
    for year in [1970, 1977] {
        let response = if failing_year == Some(year) {
            ResponseTemplate::new(403)
        } else {
            ResponseTemplate::new(200).set_body_raw(fixture(&format!("gdshowsdb/{year}.yaml")), "text/plain")
        };
        Mock::given(method("GET"))
            .and(path(format!("/gd/{year}.yaml")))
            .respond_with(response)
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path_regex(r"^/gd/\d+\.yaml$"))
        .respond_with(ResponseTemplate::new(404))
        .with_priority(5)
        .mount(server)
        .await;
}

/// A config moving the Grateful Dead to the keyless source.
const GD_FROM_GDSHOWSDB: &str =
    "[[bands]]\nslug = \"grateful-dead\"\nname = \"Grateful Dead\"\nsource = \"gdshowsdb\"\n";

const BARTON_HALL: &str = "Set 1: Minglewood Blues, Lazy Lightning > Supplication, Deal | \
     Set 2: Scarlet Begonias > Fire On The Mountain, Morning Dew | Encore: One More Saturday Night";

fn dark_star() -> Value {
    json!({
        "band": "grateful-dead", "song": "Dark Star", "times_played": 2, "occurrences": 3,
        "debut": "1970-02-14", "last_played": "1977-05-09", "current_gap": 0,
        "average_gap": 2.0, "longest_gap": 2,
        "performances": [
            {"date": "1970-02-14", "venue": "Fillmore East", "city": "New York", "set": "Set 1", "position": 1, "gap": null, "occurrences": 1},
            {"date": "1977-05-09", "venue": "War Memorial", "city": "Buffalo", "set": "Set 1", "position": 1, "gap": 2, "occurrences": 2}
        ]
    })
}

/// What every Grateful Dead source must agree on.
fn assert_grateful_dead_results(env: &Env) {
    let bands = env.json(&["bands", "--json"]);
    let gd = &bands[3];
    assert_eq!(gd["slug"], "grateful-dead");
    // 1970-02-13 has no setlist and is not counted.
    assert_eq!(
        (gd["shows"].clone(), gd["performances"].clone(), gd["songs"].clone()),
        (json!(4), json!(17), json!(12))
    );
    let barton = env.json(&["setlist", "grateful-dead", "1977-05-08", "--json"]);
    assert_eq!(barton.as_array().unwrap().len(), 1);
    assert_eq!(barton[0]["text"], BARTON_HALL);
    assert_eq!(barton[0]["venue"], "Barton Hall");
    let labels: Vec<&str> = barton[0]["sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Set 1", "Set 2", "Encore"]);
    assert_eq!(env.json(&["song", "grateful-dead", "Dark Star", "--json"]), dark_star());
    let fillmore = env.json(&["setlist", "grateful-dead", "1970-02-14", "--json"]);
    let texts: Vec<&str> = fillmore
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        ["Set 1: Casey Jones, Dire Wolf", "Set 1: Dark Star > Saint Stephen"],
        "the early show first"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn grateful_stats_imports_and_a_second_run_makes_only_the_year_calls() {
    let server = phishnet().await;
    mount_gratefulstats(&server, None).await;
    let env = Env::new(&server);
    let (code, stdout, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("grateful-dead: 5 shows added, 0 updated, 0 unchanged; 37 requests in "),
        "{stdout}"
    );
    assert!(!stdout.contains(GS_KEY) && !stderr.contains(GS_KEY) && !stderr.contains("fan@example.org"));
    assert!(
        stderr.contains("grateful-dead: [5/5] shows: 1977-05-09 War Memorial"),
        "{stderr}"
    );
    assert_grateful_dead_results(&env);

    assert!(
        stdout
            .trim_end()
            .ends_with("(1 show without a setlist yet; asked for again on the next refresh)"),
        "{stdout}"
    );

    let before = requests(&server).await;
    let (code, stdout, _) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 0);
    // The key check and the 31 year lists; of the shows, only the one whose
    // details were `[]` is asked for again.
    assert!(
        stdout.starts_with("grateful-dead: 0 shows added, 0 updated, 5 unchanged; 33 requests in "),
        "{stdout}"
    );
    let fetched: Vec<String> = server.received_requests().await.unwrap()[before..]
        .iter()
        .filter(|r| r.url.path().contains("getshowdatabyshowid"))
        .map(|r| r.url.path().rsplit('/').next().unwrap().to_string())
        .collect();
    assert_eq!(fetched, [GS_SHOWS[4]]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_grateful_stats_import_stopped_halfway_resumes_to_the_same_results() {
    let server = phishnet().await;
    mount_gratefulstats(&server, Some(GS_SHOWS[1])).await;
    let env = Env::new(&server);
    let (code, _, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("grateful-dead: cannot fetch the show of 1977-05-09"),
        "{stderr}"
    );

    server.reset().await;
    mount_gratefulstats(&server, None).await;
    let (code, stdout, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("grateful-dead: 1 show added, 0 updated, 4 unchanged; 34 requests"),
        "{stdout}"
    );
    let fetched: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().contains("getshowdatabyshowid"))
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(
        fetched,
        [GS_SHOWS[4], GS_SHOWS[1]].map(|id| format!("/deadapi/v2/shows/getshowdatabyshowid/{id}")),
        "the missing show, and the one stored without a setlist"
    );
    assert_grateful_dead_results(&env);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_grateful_stats_key_stops_before_any_other_request() {
    let server = phishnet().await;
    Mock::given(method("GET"))
        .and(path("/deadapi/v2/keytest/validatekey"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Invalid key"))
        .mount(&server)
        .await;
    let env = Env::new(&server);
    let (code, _, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("grateful-dead: Grateful Stats API error: the key check failed"),
        "{stderr}"
    );
    assert_one_line_each(&stderr);
    assert!(
        stderr
            .trim_end()
            .ends_with("or [sources.gratefulstats] api_key and user_id"),
        "{stderr}"
    );
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(paths, ["/deadapi/v2/keytest/validatekey"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn gdshowsdb_gives_the_same_results_and_survives_a_stop_halfway() {
    let server = phishnet().await;
    mount_gdshowsdb(&server, Some(1977)).await;
    let env = Env::new(&server);
    std::fs::write(env.config_path(), GD_FROM_GDSHOWSDB).unwrap();
    let (code, _, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("grateful-dead: cannot fetch the shows of 1977"),
        "{stderr}"
    );

    server.reset().await;
    mount_gdshowsdb(&server, None).await;
    let (code, stdout, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("grateful-dead: 2 shows added, 0 updated, 3 unchanged; 31 requests"),
        "{stdout}"
    );
    assert_grateful_dead_results(&env);
    let barton = env.json(&["setlist", "grateful-dead", "1977-05-08", "--json"]);
    assert_eq!(
        barton[0]["sets"][0]["songs"][3]["transition"], ">",
        "Deal segues across the set break"
    );

    let (_, stdout, _) = env.run(&["--refresh", "grateful-dead"]);
    assert!(
        stdout.starts_with("grateful-dead: 0 shows added, 0 updated, 5 unchanged; 31 requests"),
        "{stdout}"
    );
    assert_grateful_dead_results(&env);
}

#[tokio::test(flavor = "multi_thread")]
async fn moving_a_band_to_another_source_replaces_its_shows_instead_of_doubling_them() {
    let server = phishnet().await;
    mount_gratefulstats(&server, None).await;
    mount_gdshowsdb(&server, None).await;
    let env = Env::new(&server);
    assert_eq!(env.run(&["--refresh", "grateful-dead"]).0, 0);
    std::fs::write(env.config_path(), GD_FROM_GDSHOWSDB).unwrap();
    let (code, stdout, stderr) = env.run(&["--refresh", "grateful-dead"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("grateful-dead: 5 shows added"), "{stdout}");
    assert_grateful_dead_results(&env);
    assert_eq!(env.json(&["bands", "--json"])[3]["source"], "gdshowsdb");
}

#[tokio::test(flavor = "multi_thread")]
async fn stats_and_one_song_over_the_grateful_dead_and_dead_and_company() {
    let server = phishnet().await;
    mount_setlistfm(&server).await;
    mount_gdshowsdb(&server, None).await;
    let env = Env::new(&server);
    std::fs::write(env.config_path(), GD_FROM_GDSHOWSDB).unwrap();
    let (code, _, stderr) = env.run(&["--refresh", "grateful-dead", "dead-and-company"]);
    assert_eq!(code, 0, "{stderr}");

    // Grateful Dead, counted shows #1..#4: Scarlet at #3 and #4 (Barton Hall,
    // Buffalo); Dead & Company #1..#4: Scarlet at #4.
    let scarlet = env.json(&["song", "all", "scarlet begonias", "--json"]);
    assert_eq!(
        scarlet["bands"],
        json!([
            {"band": "grateful-dead", "times_played": 2, "debut": "1977-05-08", "last_played": "1977-05-09", "current_gap": 0},
            {"band": "dead-and-company", "times_played": 1, "debut": "2023-07-16", "last_played": "2023-07-16", "current_gap": 0}
        ])
    );
    let rows: Vec<(&str, &str)> = scarlet["performances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["band"].as_str().unwrap(), p["date"].as_str().unwrap()))
        .collect();
    assert_eq!(
        rows,
        [
            ("grateful-dead", "1977-05-08"),
            ("grateful-dead", "1977-05-09"),
            ("dead-and-company", "2023-07-16")
        ]
    );
    assert_eq!(
        scarlet["performances"][2],
        json!({"band": "dead-and-company", "date": "2023-07-16", "venue": "Oracle Park", "city": "San Francisco", "set": "Set 2", "position": 4})
    );
    let (_, text, _) = env.run(&["song", "all", "Scarlet Begonias"]);
    assert!(text.starts_with("Scarlet Begonias (every band)\n"), "{text}");

    let tour = env.json(&["stats", "dead-and-company", "--tour", "final tour", "--json"]);
    assert_eq!(
        (&tour["scope"], &tour["shows"], &tour["openers"][0]),
        (
            &json!("The Final Tour 2023"),
            &json!(3),
            &json!({"song": "Bertha", "times": 1})
        )
    );
    // 2023-07-16 ends its second set with Morning Dew before the encore.
    assert!(tour["closers"]
        .as_array()
        .unwrap()
        .contains(&json!({"song": "Morning Dew", "times": 1})));
    let year = env.json(&["stats", "grateful-dead", "--year", "1977", "--json"]);
    assert_eq!((&year["shows"], &year["scope"]), (&json!(2), &json!("1977")));
    let band = env.json(&["stats", "grateful-dead", "--json"]);
    assert_eq!((&band["shows"], &band["occurrences"]), (&json!(4), &json!(17)));

    // Misses are one line (and the closest names), exit 1.
    for (args, says) in [
        (
            vec!["stats", "grateful-dead", "--year", "1850"],
            "no counted Grateful Dead show in 1850; its shows run from 1970 to 1977",
        ),
        (
            vec!["stats", "dead-and-company", "--tour", "zzzz"],
            "no Dead & Company tour matches `zzzz`; the closest:",
        ),
        (
            vec!["stats", "phish"],
            "no Phish shows in the cache; run `elmeg-tui --refresh phish` first",
        ),
        (vec!["song", "all", "qqqq"], "no song matches `qqqq`; the closest:"),
    ] {
        let (code, _, stderr) = env.run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(stderr.starts_with(&format!("elmeg-tui: {says}")), "{args:?}: {stderr}");
    }
    let (code, _, stderr) = env.run(&["stats", "grateful-dead", "--year", "77"]);
    assert_eq!(code, 2, "{stderr}");
}
