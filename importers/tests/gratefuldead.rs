//! The Grateful Dead sources: Grateful Stats against a mock server, and the
//! gdshowsdb YAML.

use std::time::Duration;

use elmeg_importers::gdshowsdb::{self, GdShowsDb};
use elmeg_importers::gratefulstats::{self, GratefulStats};
use elmeg_importers::{FetchError, HttpSettings, Show, Transition};
use wiremock::matchers::{header, method, path, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "$2a$11$secretsecret";
const USER: &str = "fan@example.org";

fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn quick() -> HttpSettings {
    HttpSettings {
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        min_wait_on_429: Duration::from_millis(5),
        max_attempts: 4,
        ..HttpSettings::with_pace(1000.0)
    }
}

fn client(server: &MockServer) -> GratefulStats {
    GratefulStats::new(&format!("{}/deadapi/v2/", server.uri()), KEY, USER, quick()).unwrap()
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

fn labels(show: &Show) -> Vec<String> {
    show.sets.iter().map(|s| s.label.to_string()).collect()
}

fn names(show: &Show) -> Vec<Vec<&str>> {
    show.sets
        .iter()
        .map(|s| s.performances.iter().map(|p| p.song.name.as_str()).collect())
        .collect()
}

#[tokio::test]
async fn key_check_sends_both_headers_and_a_refusal_is_clear() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/deadapi/v2/keytest/validatekey"))
        .and(header("apiKey", KEY))
        .and(header("apiUserId", USER))
        .respond_with(ResponseTemplate::new(200).set_body_string("Key works"))
        .mount(&server)
        .await;
    client(&server).validate_key().await.unwrap();

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("Invalid key"))
        .mount(&server)
        .await;
    let err = client(&server).validate_key().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("key check failed") && text.contains("ELMEG_GRATEFULSTATS_USER_ID"),
        "{text}"
    );
    assert!(!text.contains(KEY) && !text.contains(USER), "{text}");

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let err = client(&server).validate_key().await.unwrap_err();
    assert!(matches!(err, FetchError::Auth { status: 401, .. }), "{err}");
}

#[tokio::test]
async fn year_lists_order_shows_by_time_then_list_place() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/deadapi/v2/years/getyeardata/1970"))
        .respond_with(json(fixture("gratefulstats/year_1970.json")))
        .mount(&server)
        .await;
    let shows = client(&server).year(1970).await.unwrap();
    let ordered = gratefulstats::order_year(&shows);
    let order: Vec<(String, u32)> = ordered
        .iter()
        .map(|(s, d, o)| (format!("{d} {}", s.show_id.rsplit('-').next().unwrap()), *o))
        .collect();
    assert_eq!(
        order,
        [
            ("1970-02-13 00000nosets".into(), 1),
            ("1970-02-14 0000000early".into(), 1),
            ("1970-02-14 00000000late".into(), 2)
        ]
    );
}

#[tokio::test]
async fn details_with_unordered_sets_and_lenient_lengths() {
    let server = MockServer::start().await;
    let id = "a1b2c3d4-0508-0000-0000-000000000001";
    Mock::given(method("GET"))
        .and(path(format!("/deadapi/v2/shows/getshowdatabyshowid/{id}")))
        .respond_with(json(fixture(&format!("gratefulstats/show_{id}.json"))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("nosets$"))
        .respond_with(json(fixture(
            "gratefulstats/show_b1b2c3d4-0213-0000-0000-00000nosets.json",
        )))
        .mount(&server)
        .await;
    let c = client(&server);
    let year: gratefulstats::YearData = serde_json::from_str(&fixture("gratefulstats/year_1977.json")).unwrap();
    let (listed, date, order) = gratefulstats::order_year(&year.shows)[0];
    assert_eq!(date.to_string(), "1977-05-08", "a time part is read past");
    let details = c.details(id).await.unwrap();
    let show = gratefulstats::build_show(listed, date, order, details.as_ref());
    assert_eq!(labels(&show), ["Set 1", "Set 2", "Encore"]);
    assert_eq!(
        names(&show),
        [
            vec!["Minglewood Blues", "Lazy Lightning", "Supplication", "Deal"],
            vec!["Scarlet Begonias", "Fire On The Mountain", "Morning Dew"],
            vec!["One More Saturday Night"],
        ]
    );
    let set1 = &show.sets[0].performances;
    assert_eq!(set1[1].transition, Transition::Segue);
    assert_eq!(set1[3].transition, Transition::EndOfSet);
    let lengths: Vec<Option<u32>> = set1.iter().map(|p| p.duration_secs).collect();
    assert_eq!(
        lengths,
        [Some(300), Some(250), Some(280), None],
        "number, string and null"
    );
    assert_eq!(show.venue.name, "Barton Hall");
    assert_eq!(set1[0].song.source_id.as_deref(), Some("s-minglewood-blues"));

    assert!(
        c.details("b1b2c3d4-0213-0000-0000-00000nosets")
            .await
            .unwrap()
            .is_none(),
        "[] is no sets"
    );
}

#[tokio::test]
async fn a_429_is_waited_out_then_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json(fixture("gratefulstats/year_1977.json")))
        .mount(&server)
        .await;
    assert_eq!(client(&server).year(1977).await.unwrap().len(), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    // By default the wait after a 429 is at least a minute: the limit's window is five.
    assert!(gratefulstats::http_settings(0.16).min_wait_on_429 >= Duration::from_secs(60));
}

#[test]
fn gdshowsdb_year_files_map_every_shape() {
    let shows = gdshowsdb::parse_year(&fixture("gdshowsdb/1970.yaml")).unwrap();
    let summary: Vec<(String, u32, usize)> = shows
        .iter()
        .map(|s| (s.date.to_string(), s.order_in_date, s.sets.len()))
        .collect();
    assert_eq!(
        summary,
        [
            ("1970-02-13".into(), 1, 0),
            ("1970-02-14".into(), 1, 1),
            ("1970-02-14".into(), 2, 1)
        ]
    );
    assert_eq!(names(&shows[1]), [vec!["Casey Jones", "Dire Wolf"]]);
    assert_eq!(labels(&shows[2]), ["Set 1"], "a single set is never an encore");

    let shows = gdshowsdb::parse_year(&fixture("gdshowsdb/1977.yaml")).unwrap();
    let barton = &shows[0];
    assert_eq!(barton.source_id, "10000000-0000-0000-0000-000000000508");
    assert_eq!(labels(barton), ["Set 1", "Set 2", "Encore"]);
    assert_eq!(
        barton.sets[0].performances[3].transition,
        Transition::Segue,
        "Deal segues across the set break"
    );
    assert_eq!(barton.venue.country.as_deref(), Some("USA"), "one name per country");
    assert_eq!(barton.venue.source_id, None);
    assert_eq!(labels(&shows[1]), ["Set 1", "Set 2"], "a last set of 3 songs is a set");
}

#[tokio::test]
async fn gdshowsdb_fetches_year_files_and_a_missing_year_is_empty() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/data/1977.yaml"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture("gdshowsdb/1977.yaml"), "text/plain"))
        .mount(&server)
        .await;
    let db = GdShowsDb::new(&format!("{}/data", server.uri()), quick()).unwrap();
    assert_eq!(db.year(1977).await.unwrap().len(), 2);
    assert!(db.year(1966).await.unwrap().is_empty());
    assert_eq!(
        gdshowsdb::default_base_url(gdshowsdb::DEFAULT_COMMIT),
        "https://raw.githubusercontent.com/jefmsmit/gdshowsdb/2ccd86c1f0db284ed1f3967df17f8defc80a387e/data/gdshowsdb/"
    );
}
