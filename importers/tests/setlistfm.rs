//! The setlist.fm client against a local mock server.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use elmeg_importers::setlistfm::{self, SetlistFm};
use elmeg_importers::{Exclusion, FetchError, HttpSettings, SetLabel, Show, ShowDate, Transition};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const KEY: &str = "SFM-SECRET-777";
const DNC: &str = "94f8947c-2d9c-4519-bcf9-6d11a24ad006";

fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/fixtures/setlistfm/{name}", env!("CARGO_MANIFEST_DIR"));
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

fn client(server: &MockServer, settings: HttpSettings) -> SetlistFm {
    SetlistFm::new(&format!("{}/rest/1.0", server.uri()), KEY, DNC, settings).unwrap()
}

fn today() -> ShowDate {
    "2026-11-28".parse().unwrap()
}

async fn mount_pages(server: &MockServer) {
    for p in 1..=3 {
        Mock::given(method("GET"))
            .and(path(format!("/rest/1.0/artist/{DNC}/setlists")))
            .and(query_param("p", p.to_string()))
            .and(header("x-api-key", KEY))
            .and(header("accept", "application/json"))
            .and(header("accept-language", "en"))
            .respond_with(
                ResponseTemplate::new(200).set_body_raw(fixture(&format!("dnc_p{p}.json")), "application/json"),
            )
            .mount(server)
            .await;
    }
}

async fn all_shows(c: &SetlistFm) -> Vec<Show> {
    let mut shows = Vec::new();
    let mut page = 1;
    while let Some(p) = c.artist_page(page, today()).await.unwrap() {
        shows.extend(p.shows);
        if page >= p.last_page.unwrap() {
            break;
        }
        page += 1;
    }
    shows
}

fn labels(show: &Show) -> Vec<String> {
    show.sets.iter().map(|s| s.label.to_string()).collect()
}

#[tokio::test]
async fn pages_to_the_end_and_maps_every_shape() {
    let server = MockServer::start().await;
    mount_pages(&server).await;
    let c = client(&server, quick());
    let shows = all_shows(&c).await;
    assert_eq!(c.requests_made(), 3, "stops at ceil(total / itemsPerPage)");
    assert_eq!(shows.len(), 5, "the opener's setlist is not the band's");

    let finale = &shows[0];
    assert_eq!(finale.date.to_string(), "2023-07-16");
    assert_eq!(labels(finale), ["Set 1", "Set 2", "Encore"]);
    assert_eq!(finale.venue.name, "Oracle Park");
    assert_eq!(finale.venue.city.as_deref(), Some("San Francisco"));
    assert_eq!(finale.venue.state.as_deref(), Some("CA"));
    assert_eq!(finale.venue.country.as_deref(), Some("USA"), "one name per country");
    assert_eq!(finale.venue.latitude, Some(37.7749));
    assert_eq!(finale.tour.as_ref().unwrap().name, "The Final Tour 2023");
    assert_eq!(finale.notes.as_deref(), Some("Final show of the final tour."));
    assert_eq!(finale.source_updated.as_deref(), Some("g1000001"));
    let set2: Vec<(&str, Transition)> = finale.sets[1]
        .performances
        .iter()
        .map(|p| (p.song.name.as_str(), p.transition))
        .collect();
    assert_eq!(
        set2,
        [
            ("Scarlet Begonias", Transition::Segue),
            ("Fire on the Mountain", Transition::JamSegue),
            ("Drums", Transition::JamSegue),
            ("Space", Transition::Segue),
            ("Morning Dew", Transition::EndOfSet),
        ]
    );
    assert_eq!(
        finale.sets[0].performances[0].song.original_artist.as_deref(),
        Some("Grateful Dead")
    );

    let stub = shows.iter().find(|s| s.source_id == "2aaa0004").unwrap();
    assert!(stub.sets.is_empty());
    assert_eq!(stub.excluded, Some(Exclusion::Future));

    let folsom = shows.iter().find(|s| s.source_id == "2aaa0005").unwrap();
    assert_eq!(labels(folsom), ["Set 1", "Acoustic", "Encore"], "an encore by name");
    let set1 = &folsom.sets[0].performances;
    let names: Vec<&str> = set1.iter().map(|p| p.song.name.as_str()).collect();
    assert_eq!(names, ["Intro", "Bertha", "Tennessee Jed"], "the empty name is skipped");
    assert!(set1[0].tape);
    assert_eq!(
        (set1[1].transition, set1[1].footnote.as_deref()),
        (Transition::Segue, Some("unfinished"))
    );
    assert_eq!(set1[2].guest.as_deref(), Some("Guest Player"));
    let acoustic = &folsom.sets[1].performances[0];
    assert_eq!(
        (acoustic.transition, acoustic.footnote.as_deref()),
        (Transition::JamSegue, Some("ended with a jam"))
    );
    let positions: Vec<u32> = folsom
        .sets
        .iter()
        .flat_map(|s| &s.performances)
        .map(|p| p.position)
        .collect();
    assert_eq!(positions, [1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn within_a_page_the_earlier_of_two_shows_on_a_date_comes_first() {
    let server = MockServer::start().await;
    let two = r#"{"type":"setlists","itemsPerPage":20,"page":1,"total":2,"setlist":[
        {"id":"late","eventDate":"15-07-2023","artist":{"mbid":"94f8947c-2d9c-4519-bcf9-6d11a24ad006","name":"D&C"},"venue":{"id":"v","name":"V"},"sets":{"set":[]}},
        {"id":"early","eventDate":"15-07-2023","artist":{"mbid":"94f8947c-2d9c-4519-bcf9-6d11a24ad006","name":"D&C"},"venue":{"id":"v","name":"V"}}]}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(two, "application/json"))
        .mount(&server)
        .await;
    let page = client(&server, quick()).artist_page(1, today()).await.unwrap().unwrap();
    let orders: Vec<(&str, u32)> = page
        .shows
        .iter()
        .map(|s| (s.source_id.as_str(), s.order_in_date))
        .collect();
    assert_eq!(orders, [("late", 2), ("early", 1)]);
    assert!(page.shows[1].sets.is_empty(), "a missing `sets` is no sets");
}

#[tokio::test]
async fn a_404_past_the_last_page_is_the_end_not_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_raw(fixture("not_found.json"), "application/json"))
        .mount(&server)
        .await;
    let c = client(&server, quick());
    assert!(c.artist_page(9, today()).await.unwrap().is_none());
    let since = chrono::Utc::now();
    assert!(c.updated_since(since, 1, today()).await.unwrap().is_none());
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2, "a 404 is not retried");
    let query = requests[1].url.query().unwrap().to_string();
    assert!(query.contains(&format!("artistMbid={DNC}")) && query.contains("lastUpdated=") && query.contains("p=1"));
    let stamp = requests[1]
        .url
        .query_pairs()
        .find(|(k, _)| k == "lastUpdated")
        .unwrap()
        .1
        .to_string();
    assert_eq!(stamp.len(), 14, "yyyyMMddHHmmss: {stamp}");
}

#[tokio::test]
async fn a_429_without_retry_after_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_pages(&server).await;
    let page = client(&server, quick()).artist_page(1, today()).await.unwrap().unwrap();
    assert_eq!(page.shows.len(), 2);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_403_says_which_key_and_never_shows_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(403).set_body_raw(format!("{{\"message\":\"bad key {KEY}\"}}"), "application/json"),
        )
        .mount(&server)
        .await;
    let err = client(&server, quick()).artist_page(1, today()).await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(matches!(err, FetchError::Auth { status: 403, .. }), "{text}");
    assert!(text.contains("ELMEG_SETLISTFM_API_KEY"), "{text}");
    assert!(!text.contains(KEY), "{text}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // A server error's text carries the URL, never the key (it travels in a header).
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let err = client(&server, quick()).artist_page(1, today()).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(KEY));
}

/// Notes when each request arrived.
#[derive(Clone, Default)]
struct Arrivals(Arc<Mutex<Vec<Instant>>>);

impl Respond for Arrivals {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.0.lock().unwrap().push(Instant::now());
        ResponseTemplate::new(404)
    }
}

#[tokio::test]
async fn the_default_pace_never_sends_more_than_two_requests_in_a_second() {
    let server = MockServer::start().await;
    let arrivals = Arrivals::default();
    Mock::given(method("GET"))
        .respond_with(arrivals.clone())
        .mount(&server)
        .await;
    let c = client(
        &server,
        setlistfm::http_settings(setlistfm::DEFAULT_REQUESTS_PER_SECOND),
    );
    for page in 1..=6 {
        c.artist_page(page, today()).await.unwrap();
    }
    let times = arrivals.0.lock().unwrap().clone();
    assert_eq!(times.len(), 6);
    // In any window of one second, at most two arrivals: the third after any
    // request arrives more than a second later.
    for w in times.windows(3) {
        let span = w[2] - w[0];
        assert!(span > Duration::from_secs(1), "three requests within {span:?}");
    }
}

#[test]
fn set_labels_follow_the_sets_as_listed() {
    let sets: Vec<elmeg_importers::setlistfm::Setlist> =
        serde_json::from_str::<elmeg_importers::setlistfm::Page>(&fixture("dnc_p3.json"))
            .unwrap()
            .setlist;
    let labels = setlistfm::set_labels(&sets[0].sets.as_ref().unwrap().set);
    assert_eq!(
        labels,
        [
            SetLabel::Set(1),
            SetLabel::Named("Acoustic".into()),
            SetLabel::Encore(1)
        ]
    );
}
