//! One pace per API and key in a process, however many clients (bands) use it.

use std::time::{Duration, Instant};

use elmeg_importers::songfish::Songfish;
use elmeg_importers::HttpSettings;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_second_band_of_the_same_site_waits_for_the_first_bands_last_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"error":0,"data":[]}"#, "application/json"))
        .mount(&server)
        .await;
    let base = format!("{}/api/v2", server.uri());
    // Two bands on one site, each with its own client, at 2 requests a second.
    let first = Songfish::new(&base, "1", HttpSettings::with_pace(2.0)).unwrap();
    let second = Songfish::new(&base, "2", HttpSettings::with_pace(2.0)).unwrap();
    first.show_list().await.unwrap();
    let started = Instant::now();
    second.show_list().await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(450),
        "the second client went {:?} after the first",
        started.elapsed()
    );

    // Another site has its own pace: no wait.
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"error":0,"data":[]}"#, "application/json"))
        .mount(&other)
        .await;
    let third = Songfish::new(&format!("{}/api/v2", other.uri()), "1", HttpSettings::with_pace(2.0)).unwrap();
    let started = Instant::now();
    third.show_list().await.unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(450),
        "{:?}",
        started.elapsed()
    );
}
