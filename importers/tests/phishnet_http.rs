//! The Phish.net client and the shared HTTP layer against a local mock server.

use std::collections::HashMap;
use std::time::Duration;

use elmeg_importers::phishnet::{Artist, PhishNet};
use elmeg_importers::{FetchError, HttpSettings, ShowDate};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "SECRET-KEY-123";

fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/fixtures/phishnet/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Fast retries, so the tests do not wait out real backoff.
fn quick() -> HttpSettings {
    HttpSettings {
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        min_wait_on_429: Duration::ZERO,
        max_attempts: 4,
        ..HttpSettings::with_pace(1000.0)
    }
}

fn client(server: &MockServer) -> PhishNet {
    PhishNet::new(&format!("{}/v5", server.uri()), KEY, Artist::default(), quick()).unwrap()
}

fn json(body: String) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body, "application/json")
}

async fn mount_catalog(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/v5/shows/artist/phish.json"))
        .and(query_param("apikey", KEY))
        .respond_with(json(fixture("shows_artist_phish.json")))
        .mount(server)
        .await;
    for year in [1985, 1997, 2020, 2025] {
        Mock::given(method("GET"))
            .and(path(format!("/v5/setlists/showyear/{year}.json")))
            .respond_with(json(fixture(&format!("setlists_showyear_{year}.json"))))
            .mount(server)
            .await;
    }
}

fn no_key_in(err: &FetchError) -> String {
    let text = format!("{err} {err:?}");
    assert!(!text.contains(KEY), "the key leaked: {text}");
    text
}

#[tokio::test]
async fn fetches_list_and_years_and_sends_a_user_agent() {
    let server = MockServer::start().await;
    mount_catalog(&server).await;
    let pn = client(&server);
    let list = pn.show_list().await.unwrap();
    assert_eq!(list.len(), 7);
    let today: ShowDate = "2026-11-28".parse().unwrap();
    let shows = pn.year(1997, &list, &HashMap::new(), today).await.unwrap();
    assert_eq!(shows[0].performance_count(), 15);
    assert_eq!(pn.requests_made(), 2);

    let requests = server.received_requests().await.unwrap();
    let agent = requests[0].headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(agent.starts_with("elmeg-tui/"), "{agent}");
}

#[tokio::test]
async fn an_error_envelope_names_its_cause_whatever_the_status() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(
            r#"{"error": 2, "error_message": "Invalid API key.", "data": []}"#.into(),
        ))
        .mount(&server)
        .await;
    let err = client(&server).show_list().await.unwrap_err();
    let text = no_key_in(&err);
    assert!(matches!(err, FetchError::Api { .. }), "{text}");
    assert!(text.contains("Invalid API key."), "{text}");
    assert!(text.contains("ELMEG_PHISHNET_API_KEY"), "{text}");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "an API error is not retried"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(
            r#"{"error": true, "error_message": "No show found.", "data": {}}"#.into(),
        ))
        .mount(&server)
        .await;
    let text = no_key_in(&client(&server).show_list().await.unwrap_err());
    assert!(text.contains("No show found."), "{text}");
}

#[tokio::test]
async fn retries_429_honouring_retry_after() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_catalog(&server).await;
    let started = std::time::Instant::now();
    let list = client(&server).show_list().await.unwrap();
    assert_eq!(list.len(), 7);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn retries_server_errors_and_truncated_bodies() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let whole = fixture("shows_artist_phish.json");
    Mock::given(method("GET"))
        .respond_with(json(whole[..whole.len() / 2].to_string()))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    mount_catalog(&server).await;
    let list = client(&server).show_list().await.unwrap();
    assert_eq!(list.len(), 7);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "500, truncated, then whole"
    );
}

#[tokio::test]
async fn gives_up_after_the_last_attempt_without_leaking_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let err = client(&server).show_list().await.unwrap_err();
    let text = no_key_in(&err);
    assert!(text.contains("503"), "{text}");
    assert!(text.contains("apikey=REDACTED"), "the URL is shown, redacted: {text}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn auth_failures_fail_fast_and_say_which_key_to_set() {
    for status in [401, 403] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        let err = client(&server).show_list().await.unwrap_err();
        let text = no_key_in(&err);
        assert!(text.contains("ELMEG_PHISHNET_API_KEY"), "{text}");
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{status} is not retried"
        );
    }
}

#[tokio::test]
async fn other_client_errors_fail_fast_and_name_the_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400))
        .mount(&server)
        .await;
    let err = client(&server).show_list().await.unwrap_err();
    let text = no_key_in(&err);
    assert!(
        text.contains("HTTP 400") && text.contains("ELMEG_PHISHNET_API_KEY"),
        "{text}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn connection_errors_are_retried_and_redacted() {
    // A port nothing listens on: bind, note the port, and close.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let pn = PhishNet::new(&format!("http://127.0.0.1:{port}/v5"), KEY, Artist::default(), quick()).unwrap();
    let err = pn.show_list().await.unwrap_err();
    let text = no_key_in(&err);
    assert!(matches!(err, FetchError::Network { .. }), "{text}");
    assert!(text.contains("connection failed"), "{text}");
    // Refused connections never reached a server, so none is counted as a request.
    assert_eq!(pn.requests_made(), 0);
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(
            r#"{"error": false, "error_message": "", "data": [{"showdate": "1997-11-22"}]}"#.into(),
        ))
        .mount(&server)
        .await;
    let err = client(&server).show_list().await.unwrap_err();
    let text = no_key_in(&err);
    assert!(matches!(err, FetchError::Decode { .. }), "{text}");
    assert!(text.contains("showid"), "{text}");
}

#[tokio::test]
async fn requests_keep_the_configured_pace() {
    let server = MockServer::start().await;
    mount_catalog(&server).await;
    let pn = PhishNet::new(
        &format!("{}/v5", server.uri()),
        KEY,
        Artist::default(),
        HttpSettings::with_pace(10.0),
    )
    .unwrap();
    let started = std::time::Instant::now();
    for _ in 0..3 {
        pn.show_list().await.unwrap();
    }
    // A lower bound, which pacing guarantees on any machine: at 10 a second the
    // third request cannot leave before two intervals of 100 ms have passed.
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
