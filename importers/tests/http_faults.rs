//! The shared HTTP layer against servers that misbehave: a `Retry-After` date,
//! a server that never answers, an answer too large to read.

use std::time::{Duration, Instant};

use elmeg_importers::songfish::Songfish;
use elmeg_importers::{FetchError, HttpSettings};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const EMPTY: &str = r#"{"error":0,"data":[]}"#;

fn quick() -> HttpSettings {
    HttpSettings {
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        min_wait_on_429: Duration::from_millis(5),
        timeout: Duration::from_millis(300),
        ..HttpSettings::with_pace(1000.0)
    }
}

fn client(server: &MockServer, settings: HttpSettings) -> Songfish {
    Songfish::new(&format!("{}/api/v2", server.uri()), "1", settings).unwrap()
}

#[tokio::test]
async fn a_retry_after_date_is_honoured() {
    let server = MockServer::start().await;
    let when = (chrono::Utc::now() + chrono::Duration::seconds(2))
        .to_rfc2822()
        .replace("+0000", "GMT");
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", when.as_str()))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(EMPTY, "application/json"))
        .mount(&server)
        .await;
    let started = Instant::now();
    client(&server, quick()).show_list().await.unwrap();
    // The date is to the second: at least one whole second was left to wait.
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_server_that_never_answers_fails_after_one_retry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let c = client(&server, quick());
    let err = c.show_list().await.unwrap_err();
    assert!(err.to_string().contains("timed out"), "{err}");
    assert_eq!(c.requests_made(), 2, "a timeout is tried once more, not four times");
}

#[tokio::test]
async fn an_answer_past_the_size_limit_is_refused_and_not_fetched_again() {
    let server = MockServer::start().await;
    let big = format!(r#"{{"error":0,"data":[],"pad":"{}"}}"#, "x".repeat(4096));
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(big, "application/json"))
        .mount(&server)
        .await;
    let c = client(
        &server,
        HttpSettings {
            max_body_bytes: 1024,
            ..quick()
        },
    );
    let err = c.show_list().await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    assert_eq!(c.requests_made(), 1);
}
