//! The Songfish client against a local mock server, on fixtures that carry every
//! quirk of the recorded elgoose.net answers.

use std::time::Duration;

use elmeg_importers::songfish::Songfish;
use elmeg_importers::{Exclusion, FetchError, HttpSettings, SetLabel, Show, ShowDate, Transition};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn fixture(name: &str) -> String {
    let path = format!("{}/../tests/fixtures/songfish/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn quick() -> HttpSettings {
    HttpSettings {
        base_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_attempts: 2,
        ..HttpSettings::with_pace(1000.0)
    }
}

fn today() -> ShowDate {
    "2026-12-03".parse().unwrap()
}

async fn serve(server: &MockServer, route: &str, file: &str) {
    Mock::given(method("GET"))
        .and(path(format!("/api/v2/{route}")))
        .respond_with(ResponseTemplate::new(200).set_body_raw(fixture(file), "application/json"))
        .mount(server)
        .await;
}

async fn site() -> MockServer {
    let server = MockServer::start().await;
    serve(&server, "shows/artist_id/1.json", "shows_artist_id_1.json").await;
    serve(&server, "songs.json", "songs.json").await;
    for year in [2023, 2024, 2099] {
        serve(
            &server,
            &format!("setlists/showyear/{year}.json"),
            &format!("setlists_showyear_{year}.json"),
        )
        .await;
    }
    server
}

fn client(server: &MockServer) -> Songfish {
    Songfish::new(&format!("{}/api/v2", server.uri()), "1", quick()).unwrap()
}

async fn year(c: &Songfish, year: i32) -> Vec<Show> {
    let list = c.show_list().await.unwrap();
    let covers = c.cover_artists().await.unwrap();
    c.year(year, &list, &covers, today()).await.unwrap()
}

fn text(show: &Show) -> String {
    show.sets
        .iter()
        .map(|set| {
            let songs: Vec<String> = set
                .performances
                .iter()
                .map(|p| format!("{} {}", p.song.name, p.transition.mark()))
                .collect();
            format!("{}: {}", set.label, songs.join(" ").trim_end())
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

#[tokio::test]
async fn sets_restarting_positions_segues_covers_notes_and_entities() {
    let server = site().await;
    let c = client(&server);
    let shows = year(&c, 2023).await;
    assert_eq!(shows.len(), 1);
    let show = &shows[0];
    assert_eq!(show.date.to_string(), "2023-04-01");
    assert_eq!(
        text(show),
        "Set 1: Arcadia , Don\u{2019}t Do It > Hungersite | Set 2: Madhuvan -> Tumble | Encore: Hot Tea | Encore 2: Arcadia"
    );
    let labels: Vec<&SetLabel> = show.sets.iter().map(|s| &s.label).collect();
    assert_eq!(
        labels,
        [
            &SetLabel::Set(1),
            &SetLabel::Set(2),
            &SetLabel::Encore(1),
            &SetLabel::Encore(2)
        ]
    );
    let positions: Vec<u32> = show
        .sets
        .iter()
        .flat_map(|s| &s.performances)
        .map(|p| p.position)
        .collect();
    assert_eq!(positions, [1, 2, 3, 4, 5, 6, 7], "positions run across the show");

    assert_eq!(show.venue.name, "The Fillmore & Annex");
    assert_eq!(show.venue.city.as_deref(), Some("Denver"));
    assert_eq!(show.tour, None, "\"Not Part of a Tour\" is no tour");
    assert_eq!(
        show.notes.as_deref(),
        Some("Debut of Tumble.\nRain delay & a short second set.")
    );
    assert_eq!(
        show.permalink.as_deref(),
        Some(
            format!(
                "{}/setlists/testband-april-1-2023-the-fillmore-annex-denver-co-usa.html",
                server.uri()
            )
            .as_str()
        )
    );

    let songs: Vec<_> = show.sets.iter().flat_map(|s| &s.performances).collect();
    let cover = songs[1];
    assert_eq!(cover.song.name, "Don\u{2019}t Do It", "curly apostrophes are kept");
    assert_eq!(cover.song.original_artist.as_deref(), Some("The Band"));
    assert_eq!(cover.footnote.as_deref(), Some("The Band."));
    assert_eq!(cover.duration_secs, None, "an empty tracktime");
    assert_eq!(
        songs[2].song.original_artist, None,
        "an original's original_artist is ignored"
    );
    assert_eq!(songs[2].duration_secs, None, "a null tracktime");
    assert_eq!(songs[0].duration_secs, Some(9 * 60 + 46));
    assert_eq!(songs[3].footnote.as_deref(), Some("With a \"Shama Lama\" tease."));
    let tumble = songs[4];
    assert!(tumble.jamchart);
    assert_eq!(
        tumble.jamchart_note.as_deref(),
        Some("A \"type II\" jam that drifts into space.")
    );
    assert_eq!(tumble.transition, Transition::EndOfSet);
    assert_eq!(show.excluded, None);
}

#[tokio::test]
async fn two_shows_on_a_date_one_set_two_artists_and_a_show_with_no_rows() {
    let server = site().await;
    let c = client(&server);
    let shows = year(&c, 2024).await;
    let summary: Vec<(String, u32, &str)> = shows
        .iter()
        .map(|s| (s.date.to_string(), s.order_in_date, s.source_id.as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("2024-06-22".to_string(), 1, "1719000001"),
            ("2024-06-22".to_string(), 2, "1719000002"),
            ("2024-11-24".to_string(), 1, "1732400003"),
            ("2024-12-31".to_string(), 1, "1735600004"),
        ],
        "the other artist's show on 2024-11-24 is left out"
    );
    assert_eq!(
        text(&shows[0]),
        "Set 1: Arcadia > Tumble | Set 2: Hungersite | Encore: Royal"
    );
    assert_eq!(text(&shows[1]), "Set 1: Hot Tea -> Madhuvan", "\"One Set\" is set 1");
    assert_eq!(shows[0].tour.as_ref().unwrap().name, "Summer Tour 2024");

    let msg = &shows[2];
    assert_eq!(text(msg), "Set 1: Jam on Dark Star > Don\u{2019}t Do It");
    let custom = &msg.sets[0].performances[0].song;
    assert_eq!(
        custom.source_id, None,
        "a _custom_ song is told apart by name, not by its shared id"
    );
    assert_eq!(custom.slug, "jam-on-dark-star");
    assert_eq!(
        msg.sets[0].performances[1].song.original_artist.as_deref(),
        Some("The Band"),
        "a cover with no original_artist takes the song list's"
    );

    let empty = &shows[3];
    assert!(empty.sets.is_empty());
    assert_eq!(
        empty.excluded, None,
        "a past show with no rows is stored, and uncounted for having none"
    );
}

#[tokio::test]
async fn a_show_in_the_future_is_stored_and_excluded() {
    let server = site().await;
    let c = client(&server);
    let shows = year(&c, 2099).await;
    assert_eq!(shows.len(), 1);
    assert_eq!(shows[0].excluded, Some(Exclusion::Future));
    assert_eq!(shows[0].venue.name, "Red Rocks Amphitheatre");
}

#[tokio::test]
async fn the_show_list_keeps_the_band_and_drops_other_artists() {
    let server = site().await;
    let c = client(&server);
    let list = c.show_list().await.unwrap();
    let listed = c.listed_shows(&list);
    assert_eq!(listed.len(), 6);
    assert!(listed.iter().all(|s| s.id != "1732400099"));
    let venue = listed.iter().find(|s| s.id == "1680300001").unwrap().venue_key.clone();
    assert_eq!(venue, Some(format!("{}#10", server.uri())), "venue ids are per site");
}

#[tokio::test]
async fn an_error_envelope_fails_with_its_message_and_empty_data_is_empty() {
    let server = MockServer::start().await;
    serve(&server, "shows/artist_id/1.json", "error.json").await;
    serve(&server, "songs.json", "setlists_showyear_2099.json").await;
    let c = client(&server);
    let err = c.show_list().await.unwrap_err();
    assert!(matches!(err, FetchError::Api { .. }), "{err:?}");
    assert!(err.to_string().contains("Invalid method or column"), "{err}");
    assert!(c.cover_artists().await.unwrap().is_empty());
    assert_eq!(c.requests_made(), 2, "an error envelope is not retried");
}

#[tokio::test]
async fn a_body_that_is_not_an_envelope_is_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("<html>maintenance</html>", "text/html"))
        .mount(&server)
        .await;
    let err = client(&server).show_list().await.unwrap_err();
    assert!(err.to_string().contains("could not be read"), "{err}");
}
