//! Property tests: every parser in `elmeg-importers`, fed arbitrary bytes or
//! arbitrary JSON and YAML of roughly the right shape, gives a value or an
//! error, never a panic.

use std::collections::HashMap;

use elmeg_importers::{gdshowsdb, gratefulstats, phishnet, setlistfm, songfish, ShowDate};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn today() -> ShowDate {
    "2026-12-03".parse().unwrap()
}

/// Every parser on one JSON body, as its client would run it.
fn parse_json_everywhere(body: &[u8]) {
    if let Ok(envelope) = serde_json::from_slice::<phishnet::Envelope>(body) {
        let _ = envelope.error();
        if let Ok(rows) = envelope.rows::<phishnet::SetlistRow>() {
            for year in [1997, 2025] {
                let _ = phishnet::build_year(
                    year,
                    &phishnet::ShowList::default(),
                    rows.clone(),
                    "1",
                    &HashMap::new(),
                    today(),
                );
            }
        }
    }
    if let Ok(envelope) = serde_json::from_slice::<phishnet::Envelope>(body) {
        if let Ok(rows) = envelope.rows::<songfish::SetlistRow>() {
            let site = songfish::Site {
                root: "https://elgoose.net".into(),
                artist_id: "1".into(),
            };
            for year in [2024, 2025] {
                let _ = songfish::build_year(
                    year,
                    &songfish::ShowList::default(),
                    rows.clone(),
                    &site,
                    &HashMap::new(),
                    today(),
                );
            }
        }
    }
    if let Ok(envelope) = serde_json::from_slice::<phishnet::Envelope>(body) {
        if let Ok(rows) = envelope.rows::<songfish::ShowRow>() {
            let list = songfish::ShowList::from_rows(rows, "1");
            let site = songfish::Site {
                root: "https://elgoose.net".into(),
                artist_id: "1".into(),
            };
            let _ = list.shows(&site);
        }
    }
    if let Ok(page) = serde_json::from_slice::<setlistfm::Page>(body) {
        let _ = setlistfm::build_shows(&page.setlist, "94f8947c-2d9c-4519-bcf9-6d11a24ad006", today());
    }
    if let Ok(year) = serde_json::from_slice::<gratefulstats::YearData>(body) {
        for (show, date, order) in gratefulstats::order_year(&year.shows) {
            let _ = gratefulstats::build_show(show, date, order, None);
        }
    }
    if let Ok(details) = serde_json::from_slice::<Vec<gratefulstats::ShowDetails>>(body) {
        let listed: gratefulstats::ListedShow =
            serde_json::from_value(json!({"showId": "x", "showDate": "1977-05-08"})).unwrap();
        let date = "1977-05-08".parse().unwrap();
        let _ = gratefulstats::build_show(&listed, date, 1, details.first());
    }
}

/// A scalar as the APIs send them: text, a number, a flag, or null.
fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::from),
        "[0-9]{1,4}-[0-9]{1,2}-[0-9]{1,2}( 00:00:00)?".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0i64..8).prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ]
}

/// A row with keys the importers read, and arbitrary values.
fn row(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    proptest::collection::vec((proptest::sample::select(keys), scalar()), 0..keys.len()).prop_map(|pairs| {
        Value::Object(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<Map<_, _>>(),
        )
    })
}

const ROW_KEYS: &[&str] = &[
    "showid",
    "show_id",
    "showdate",
    "artistid",
    "artist_id",
    "songid",
    "song_id",
    "song",
    "songname",
    "slug",
    "set",
    "setnumber",
    "settype",
    "position",
    "transition",
    "transition_id",
    "trans_mark",
    "footnote",
    "isjamchart",
    "jamchart_notes",
    "jamchart_description",
    "tracktime",
    "tourid",
    "tour_id",
    "tourname",
    "is_original",
    "isoriginal",
    "original_artist",
    "venueid",
    "venue_id",
    "venue",
    "venuename",
    "city",
    "state",
    "country",
    "showorder",
    "permalink",
    "setlistnotes",
    "shownotes",
    "exclude",
    "updated_at",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..512)) {
        parse_json_everywhere(&body);
        let _ = gdshowsdb::parse_year(&String::from_utf8_lossy(&body));
    }

    #[test]
    fn envelopes_of_arbitrary_rows_never_panic(
        error in scalar(),
        rows in proptest::collection::vec(row(ROW_KEYS), 0..12),
    ) {
        let body = json!({"error": error, "error_message": "", "data": rows});
        parse_json_everywhere(body.to_string().as_bytes());
    }

    #[test]
    fn setlistfm_pages_of_arbitrary_setlists_never_panic(
        ids in proptest::collection::vec(scalar(), 0..6),
        dates in proptest::collection::vec(scalar(), 0..6),
        names in proptest::collection::vec(scalar(), 0..6),
        encore in scalar(),
    ) {
        let setlists: Vec<Value> = ids.iter().zip(&dates).zip(&names).map(|((id, date), name)| json!({
            "id": id, "eventDate": date, "artist": {"mbid": "94f8947c-2d9c-4519-bcf9-6d11a24ad006"},
            "venue": {"name": name, "city": {"name": name, "country": {"code": "US"}}},
            "sets": {"set": [{"name": name, "encore": encore, "song": [{"name": name, "info": name, "tape": encore}]}]}
        })).collect();
        let body = json!({"itemsPerPage": 20, "page": 1, "total": encore, "setlist": setlists});
        parse_json_everywhere(body.to_string().as_bytes());
    }

    #[test]
    fn gdshowsdb_years_of_arbitrary_shows_never_panic(
        keys in proptest::collection::vec("[0-9]{2,4}/[0-9]{1,2}/[0-9]{1,2}(/[0-9])?", 0..6),
        names in proptest::collection::vec(any::<String>(), 0..6),
        segued in any::<bool>(),
    ) {
        let mut yaml = String::from("---\n");
        for (key, name) in keys.iter().zip(names.iter().chain(std::iter::repeat(&String::new()))) {
            let name = serde_json::to_string(name).unwrap();
            yaml.push_str(&format!(
                "{key}:\n  :uuid: u-{key}\n  :venue: {name}\n  :sets:\n  - :songs:\n    - :name: {name}\n      :segued: {segued}\n"
            ));
        }
        let _ = gdshowsdb::parse_year(&yaml);
    }
}
