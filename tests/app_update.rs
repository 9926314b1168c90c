//! The explorer's update function, key by key, as pure state: no terminal, no cache.

use elmeg_tui::app::action::{Action, Effect, Loaded};
use elmeg_tui::app::state::{AppState, Focus, Overlay, ShowList, SongView};
use elmeg_tui::cache::{
    BandFigures, BandOverview, BandPerformance, CatalogOrder, CatalogSong, Group, GroupKey, Grouping, ItemKind,
    ItemTarget, ScopeStats, SearchItem, SetlistSet, SetlistShow, SetlistSong, ShowRow, SongAcross, SongDate,
    SongHistory, SongPerformance, SongTimes, StatsScope, TourMatch,
};
use elmeg_tui::search::SearchHit;

fn band(slug: &str) -> BandOverview {
    BandOverview {
        slug: slug.into(),
        name: slug.to_uppercase(),
        source: "phishnet".into(),
        shows: 2,
        performances: 3,
        songs: 3,
        last_refresh: None,
        needs: None,
    }
}

fn group(key: GroupKey, name: &str) -> Group {
    Group {
        key,
        name: name.into(),
        first: "1997-11-22".into(),
        last: "1997-11-23".into(),
        shows: 2,
    }
}

fn show(id: i64, date: &str) -> ShowRow {
    ShowRow {
        id,
        band: "phish".into(),
        date: date.into(),
        venue: "Hampton Coliseum".into(),
        city: Some("Hampton".into()),
        state: Some("VA".into()),
        country: Some("USA".into()),
        excluded: None,
        performances: 2,
    }
}

fn song(name: &str, song_id: i64, transition: &str) -> SetlistSong {
    SetlistSong {
        name: name.into(),
        transition: transition.into(),
        footnote: None,
        jamchart: false,
        tape: false,
        song_id,
        original_artist: None,
        guest: None,
        jamchart_note: None,
    }
}

fn setlist(id: i64) -> SetlistShow {
    SetlistShow {
        id,
        band: "phish".into(),
        date: "1997-11-22".into(),
        venue: Some("Hampton Coliseum".into()),
        city: None,
        state: None,
        country: None,
        tour: None,
        sets: vec![SetlistSet {
            label: "Set 1".into(),
            songs: vec![song("Tweezer", 7, ">"), song("Piper", 8, "")],
        }],
        notes: None,
        permalink: None,
        text: "Set 1: Tweezer > Piper".into(),
        excluded: None,
        first_seen: Vec::new(),
    }
}

fn history() -> SongHistory {
    let perf = |show_id, date: &str, gap| SongPerformance {
        show_id,
        date: date.into(),
        venue: "Hampton Coliseum".into(),
        city: None,
        set: "Set 1".into(),
        position: 1,
        gap,
        occurrences: 1,
        positions: vec![1],
    };
    SongHistory {
        band: "phish".into(),
        song: "Tweezer".into(),
        times_played: 2,
        occurrences: 2,
        debut: Some("1997-11-22".into()),
        last_played: Some("1998-04-02".into()),
        current_gap: Some(3),
        average_gap: Some(5.0),
        longest_gap: Some(5),
        performances: vec![perf(10, "1997-11-22", None), perf(20, "1998-04-02", Some(5))],
    }
}

fn loaded(l: Loaded) -> Action {
    Action::Loaded(Box::new(l))
}

/// A state with two bands, one tour, two shows and a setlist loaded, focus on bands.
fn browsing() -> AppState {
    let mut s = AppState::new("11-22", 120, 40);
    let effects = elmeg_tui::app::update::update(&mut s, loaded(Loaded::Bands(vec![band("phish"), band("goose")])));
    assert_eq!(
        effects,
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Tours
        }]
    );
    let tour = GroupKey::Tour(37);
    let effects = up(
        &mut s,
        loaded(Loaded::Groups {
            band: "phish".into(),
            groups: vec![
                group(tour, "Fall Tour"),
                group(GroupKey::Untoured(1997), "1997 · no tour"),
            ],
        }),
    );
    assert_eq!(
        effects,
        [Effect::LoadShows {
            band: "phish".into(),
            group: tour
        }]
    );
    let effects = up(
        &mut s,
        loaded(Loaded::Shows {
            band: "phish".into(),
            group: tour,
            shows: vec![show(10, "1997-11-22"), show(11, "1997-11-23")],
        }),
    );
    assert_eq!(effects, [Effect::LoadSetlist { show_id: 10 }]);
    assert!(up(&mut s, loaded(Loaded::Setlist(Some(setlist(10))))).is_empty());
    s
}

fn up(state: &mut AppState, action: Action) -> Vec<Effect> {
    elmeg_tui::app::update::update(state, action)
}

#[test]
fn startup_and_cache_changes_reload_everything() {
    let mut s = AppState::new("11-22", 80, 24);
    assert_eq!(
        up(&mut s, Action::CacheChanged),
        [Effect::LoadBands, Effect::LoadAttended, Effect::RebuildSearch]
    );
    let s = browsing();
    assert_eq!(s.breadcrumb(), ["PHISH", "Fall Tour", "1997-11-22 Hampton Coliseum"]);
}

#[test]
fn moving_a_selection_loads_the_next_pane() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::Down),
        [Effect::LoadGroups {
            band: "goose".into(),
            grouping: Grouping::Tours
        }]
    );
    assert_eq!(up(&mut s, Action::Down), [], "already at the last band");
    assert_eq!(
        up(&mut s, Action::Top),
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Tours
        }]
    );

    s.focus = Focus::Groups;
    assert_eq!(
        up(&mut s, Action::Down),
        [Effect::LoadShows {
            band: "phish".into(),
            group: GroupKey::Untoured(1997)
        }]
    );
    s.focus = Focus::Shows;
    let mut s2 = browsing();
    s2.focus = Focus::Shows;
    assert_eq!(up(&mut s2, Action::Bottom), [Effect::LoadSetlist { show_id: 11 }]);
    assert_eq!(s2.shows_cursor.selected, 1);
}

#[test]
fn drill_in_and_back_walk_the_panes_and_open_a_song() {
    let mut s = browsing();
    for expected in [Focus::Groups, Focus::Shows, Focus::Setlist] {
        assert!(up(&mut s, Action::DrillIn).is_empty());
        assert_eq!(s.focus, expected);
    }
    assert_eq!(up(&mut s, Action::Down), []);
    assert_eq!(s.setlist_cursor.selected, 1);
    assert_eq!(up(&mut s, Action::Up), []);
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::LoadSong {
            band: "phish".into(),
            song_id: 7,
            generation: 1
        }]
    );
    assert!(s.song_loading);
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: 1,
            view: SongView::new(7, history()),
        }),
    );
    assert!(!s.song_loading);
    assert_eq!(s.focus, Focus::Song);
    assert_eq!(s.open_panes().last(), Some(&Focus::Song));

    // Newest first by default: the first row is the 1998 show.
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::Locate {
            show_id: 20,
            grouping: Grouping::Tours,
            focus: Focus::Setlist
        }]
    );
    up(&mut s, Action::ToggleSort);
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::Locate {
            show_id: 10,
            grouping: Grouping::Tours,
            focus: Focus::Setlist
        }]
    );

    up(&mut s, Action::Back);
    assert_eq!((s.focus, s.song.is_none()), (Focus::Setlist, true));
    for expected in [Focus::Shows, Focus::Groups, Focus::Bands, Focus::Bands] {
        up(&mut s, Action::Back);
        assert_eq!(s.focus, expected);
    }
}

#[test]
fn tab_cycles_focus_over_open_panes() {
    let mut s = browsing();
    let mut seen = Vec::new();
    for _ in 0..5 {
        up(&mut s, Action::FocusNext);
        seen.push(s.focus);
    }
    assert_eq!(
        seen,
        [Focus::Groups, Focus::Shows, Focus::Setlist, Focus::Bands, Focus::Groups]
    );
    up(&mut s, Action::FocusPrev);
    assert_eq!(s.focus, Focus::Bands);
}

#[test]
fn a_jump_loads_band_group_and_show_then_focuses() {
    let mut s = browsing();
    let tour = GroupKey::Tour(99);
    let effects = up(
        &mut s,
        loaded(Loaded::Located {
            show_id: 31,
            band: "goose".into(),
            group: tour,
            focus: Focus::Setlist,
        }),
    );
    assert_eq!(
        effects,
        [Effect::LoadGroups {
            band: "goose".into(),
            grouping: Grouping::Tours
        }]
    );
    assert_eq!(s.band().unwrap().slug, "goose");
    let effects = up(
        &mut s,
        loaded(Loaded::Groups {
            band: "goose".into(),
            groups: vec![group(GroupKey::Tour(1), "A"), group(tour, "B")],
        }),
    );
    assert_eq!(
        effects,
        [Effect::LoadShows {
            band: "goose".into(),
            group: tour
        }]
    );
    let effects = up(
        &mut s,
        loaded(Loaded::Shows {
            band: "goose".into(),
            group: tour,
            shows: vec![show(30, "2024-01-01"), show(31, "2024-01-02")],
        }),
    );
    assert_eq!(effects, [Effect::LoadSetlist { show_id: 31 }]);
    assert_eq!(
        (s.focus, s.shows_cursor.selected, s.jump.is_none()),
        (Focus::Setlist, 1, true)
    );
}

#[test]
fn stale_loads_are_ignored() {
    let mut s = browsing();
    let before = s.clone();
    assert_eq!(
        up(
            &mut s,
            loaded(Loaded::Groups {
                band: "goose".into(),
                groups: vec![]
            })
        ),
        []
    );
    assert_eq!(
        up(
            &mut s,
            loaded(Loaded::Shows {
                band: "phish".into(),
                group: GroupKey::Tour(1),
                shows: vec![]
            })
        ),
        []
    );
    assert_eq!(s, before);
}

#[test]
fn a_reload_keeps_the_selection_by_identity() {
    let mut s = browsing();
    s.focus = Focus::Shows;
    up(&mut s, Action::Down);
    // The bands come back in another order: the selection follows the slug.
    let effects = up(&mut s, loaded(Loaded::Bands(vec![band("goose"), band("phish")])));
    assert_eq!(s.bands_cursor.selected, 1);
    assert_eq!(
        effects,
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Tours
        }]
    );
    let tour = GroupKey::Tour(37);
    up(
        &mut s,
        loaded(Loaded::Groups {
            band: "phish".into(),
            groups: vec![group(GroupKey::Tour(50), "New"), group(tour, "Fall Tour")],
        }),
    );
    assert_eq!(s.groups_cursor.selected, 1);
    let effects = up(
        &mut s,
        loaded(Loaded::Shows {
            band: "phish".into(),
            group: tour,
            shows: vec![show(9, "1997-11-21"), show(10, "1997-11-22"), show(11, "1997-11-23")],
        }),
    );
    assert_eq!(
        (s.shows_cursor.selected, effects),
        (2, vec![Effect::LoadSetlist { show_id: 11 }])
    );
}

fn hit(kind: ItemKind, label: &str, target: ItemTarget) -> SearchHit {
    SearchHit {
        item: SearchItem {
            kind,
            band: "phish".into(),
            label: label.into(),
            context: String::new(),
            target,
        },
        score: 100,
    }
}

#[test]
fn search_types_scopes_and_jumps() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    let effects = up(&mut s, Action::Input('t'));
    let Effect::Search { generation, query } = &effects[0] else {
        panic!("{effects:?}")
    };
    // Every band at first; Tab narrows to the selected one.
    assert_eq!(
        (*generation, query.text.as_str(), query.band.as_deref()),
        (1, "t", None)
    );
    let effects = up(&mut s, Action::ToggleScope);
    let Effect::Search { generation, query } = &effects[0] else {
        panic!("{effects:?}")
    };
    assert_eq!((*generation, query.band.as_deref()), (2, Some("phish")));

    // An answer to an older query is dropped.
    up(
        &mut s,
        Action::SearchDone {
            generation: 1,
            result: Ok(vec![hit(ItemKind::Song, "Old", ItemTarget::Song { song_id: 1 })]),
        },
    );
    let Some(Overlay::Search(search)) = &s.overlay else {
        panic!()
    };
    assert!(search.results.is_empty() && search.pending);

    let hits = vec![
        hit(ItemKind::Show, "1997-11-22 Hampton", ItemTarget::Show { show_id: 10 }),
        hit(ItemKind::Tour, "Fall Tour", ItemTarget::Show { show_id: 9 }),
    ];
    up(
        &mut s,
        Action::SearchDone {
            generation: 2,
            result: Ok(hits),
        },
    );
    up(&mut s, Action::Down);
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::Locate {
            show_id: 9,
            grouping: Grouping::Tours,
            focus: Focus::Groups
        }]
    );
    assert!(s.overlay.is_none());

    // An empty band's search starts in all bands.
    s.bands[0].shows = 0;
    up(&mut s, Action::OpenSearch);
    let effects = up(&mut s, Action::Input('t'));
    let Effect::Search { query, .. } = &effects[0] else {
        panic!("{effects:?}")
    };
    assert_eq!(query.band, None);
    up(&mut s, Action::Back);

    // Backspace to empty clears the results without searching.
    up(&mut s, Action::OpenSearch);
    up(&mut s, Action::Input('x'));
    assert_eq!(up(&mut s, Action::Backspace), []);
    up(&mut s, Action::Back);
    assert!(s.overlay.is_none());
}

#[test]
fn enter_before_the_results_goes_to_the_first_when_they_arrive() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    for c in "tweezer".chars() {
        up(&mut s, Action::Input(c));
    }
    assert_eq!(up(&mut s, Action::DrillIn), []);
    let hits = vec![hit(ItemKind::Song, "Tweezer", ItemTarget::Song { song_id: 7 })];
    let effects = up(
        &mut s,
        Action::SearchDone {
            generation: 7,
            result: Ok(hits),
        },
    );
    assert_eq!(
        effects,
        [Effect::LoadSong {
            band: "phish".into(),
            song_id: 7,
            generation: 1
        }]
    );
    assert!(s.overlay.is_none());
}

#[test]
fn letters_typed_in_search_do_not_quit() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    up(&mut s, Action::Input('q'));
    assert!(!s.should_quit);
    up(&mut s, Action::Quit);
    assert!(s.should_quit, "Ctrl-C quits from anywhere");
}

#[test]
fn refresh_runs_once_and_reports_its_outcome() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::Refresh),
        [Effect::StartRefresh {
            band: "phish".into(),
            built_in: false
        }]
    );
    assert_eq!(up(&mut s, Action::Refresh), []);
    assert!(s.message.as_ref().unwrap().text.contains("already running"));
    up(
        &mut s,
        Action::RefreshProgress {
            band: "phish".into(),
            done: 2,
            total: 5,
            message: "1997: 3 shows".into(),
        },
    );
    assert_eq!(s.refresh.as_ref().unwrap().done, 2);
    let effects = up(
        &mut s,
        Action::RefreshDone {
            band: "phish".into(),
            result: Err("no Phish.net API key".into()),
        },
    );
    assert_eq!(
        effects,
        [Effect::LoadBands, Effect::LoadAttended, Effect::RebuildSearch]
    );
    let message = s.message.clone().unwrap();
    assert!(message.is_error && message.text == "phish: no Phish.net API key");
    assert!(s.refresh.is_none());
}

#[test]
fn copy_sends_a_header_line_and_the_canonical_text() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::Copy),
        [Effect::Copy(
            "PHISH · 1997-11-22 · Hampton Coliseum\nSet 1: Tweezer > Piper".into()
        )]
    );
    assert_eq!(
        s.message.clone().unwrap().text,
        "sent the setlist of 1997-11-22 to the terminal's clipboard (OSC 52)"
    );
    s.setlist = None;
    assert_eq!(up(&mut s, Action::Copy), []);
    assert_eq!(s.message.unwrap().text, "no setlist to copy");
}

#[test]
fn help_and_today_overlays_open_and_close() {
    let mut s = browsing();
    up(&mut s, Action::OpenHelp);
    assert!(matches!(s.overlay, Some(Overlay::Help { scroll: 0 })));
    up(&mut s, Action::Down);
    assert!(matches!(s.overlay, Some(Overlay::Help { scroll: 1 })));
    up(&mut s, Action::Back);
    assert!(s.overlay.is_none());

    assert_eq!(
        up(&mut s, Action::OpenToday),
        [Effect::LoadShowList(ShowList::Today {
            month_day: "11-22".into()
        })]
    );
    let today = |month_day: &str| {
        loaded(Loaded::ShowList {
            list: ShowList::Today {
                month_day: month_day.into(),
            },
            shows: vec![show(10, "1997-11-22"), show(40, "2009-11-22")],
        })
    };
    up(&mut s, today("11-22"));
    // [ and ] step to the day before and after, over the year's end too.
    assert_eq!(
        up(&mut s, Action::NextDay),
        [Effect::LoadShowList(ShowList::Today {
            month_day: "11-23".into()
        })]
    );
    up(&mut s, today("12-31"));
    assert_eq!(
        up(&mut s, Action::NextDay),
        [Effect::LoadShowList(ShowList::Today {
            month_day: "01-01".into()
        })]
    );
    up(&mut s, today("01-01"));
    assert_eq!(
        up(&mut s, Action::PreviousDay),
        [Effect::LoadShowList(ShowList::Today {
            month_day: "12-31".into()
        })]
    );
    up(&mut s, today("12-31"));
    assert!(
        matches!(&s.overlay, Some(Overlay::Shows { list: ShowList::Today { month_day }, .. }) if month_day == "12-31")
    );
    up(&mut s, Action::Down);
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::Locate {
            show_id: 40,
            grouping: Grouping::Tours,
            focus: Focus::Setlist
        }]
    );
    assert!(s.overlay.is_none());
}

#[test]
fn grouping_toggles_between_tours_and_years() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::ToggleGrouping),
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Years
        }]
    );
    assert_eq!(
        up(&mut s, Action::ToggleGrouping),
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Tours
        }]
    );
}

#[test]
fn mouse_clicks_focus_and_select_and_the_wheel_scrolls_the_pane_under_it() {
    let mut s = browsing();
    // At 120 columns: bands at x 0..18, tours 18..51, shows 51..82. Show rows are
    // two lines each, from y 1: the second show starts at y 3.
    let effects = up(&mut s, Action::Click { column: 60, row: 3 });
    assert_eq!((s.focus, s.shows_cursor.selected), (Focus::Shows, 1));
    assert_eq!(effects, [Effect::LoadSetlist { show_id: 11 }]);
    s.focus = Focus::Bands;
    let effects = up(
        &mut s,
        Action::Scroll {
            column: 20,
            row: 5,
            down: true,
        },
    );
    assert_eq!(s.focus, Focus::Bands, "the wheel does not move focus");
    assert_eq!(s.groups_cursor.selected, 1);
    assert_eq!(
        effects,
        [Effect::LoadShows {
            band: "phish".into(),
            group: GroupKey::Untoured(1997)
        }]
    );
}

#[test]
fn a_page_is_what_the_pane_shows_at_the_current_size() {
    let mut s = browsing();
    let tour = GroupKey::Tour(37);
    let shows: Vec<ShowRow> = (0..30).map(|i| show(100 + i, "1997-12-01")).collect();
    up(
        &mut s,
        loaded(Loaded::Shows {
            band: "phish".into(),
            group: tour,
            shows,
        }),
    );
    s.focus = Focus::Shows;
    // 40 rows: 2 status lines and 2 border lines leave 36 rows, 18 two-line shows.
    up(&mut s, Action::PageDown);
    assert_eq!(s.shows_cursor.selected, 18);
    up(&mut s, Action::Resize { width: 80, height: 12 });
    up(&mut s, Action::PageUp);
    assert_eq!(s.shows_cursor.selected, 14, "12 rows leave 8, four shows a page");
    up(&mut s, Action::HalfPageUp);
    assert_eq!(s.shows_cursor.selected, 12);
}

#[test]
fn a_built_in_catalog_loads_at_start_unless_a_refresh_runs() {
    let mut s = browsing();
    assert_eq!(
        up(
            &mut s,
            Action::LoadBuiltIn {
                band: "grateful-dead".into()
            }
        ),
        [Effect::StartRefresh {
            band: "grateful-dead".into(),
            built_in: true
        }]
    );
    up(
        &mut s,
        Action::RefreshProgress {
            band: "grateful-dead".into(),
            done: 3,
            total: 31,
            message: "1967: 139 shows".into(),
        },
    );
    let status = s.refresh.clone().unwrap();
    assert!(status.built_in, "progress keeps saying it is the built-in catalog");
    assert_eq!((status.done, status.total), (3, 31));
    // A second load, or one while any refresh runs, starts nothing.
    assert_eq!(
        up(
            &mut s,
            Action::LoadBuiltIn {
                band: "grateful-dead".into()
            }
        ),
        []
    );
    up(
        &mut s,
        Action::RefreshDone {
            band: "grateful-dead".into(),
            result: Ok("grateful-dead: 2358 shows added".into()),
        },
    );
    assert!(s.refresh.is_none());
    assert_eq!(s.message.clone().unwrap().text, "grateful-dead: 2358 shows added");
}

#[test]
fn pasted_text_goes_into_the_search_box_on_one_line() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    let effects = up(&mut s, Action::Paste("tweezer\nreprise q".into()));
    let Some(Overlay::Search(search)) = &s.overlay else {
        panic!("the search box closed");
    };
    assert_eq!(search.query, "tweezer reprise q");
    assert!(matches!(effects.as_slice(), [Effect::Search { .. }]), "{effects:?}");
    assert!(!s.should_quit);
}

#[test]
fn the_search_box_takes_at_most_the_longest_query() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    up(&mut s, Action::Paste("y".repeat(30_000)));
    let Some(Overlay::Search(search)) = &s.overlay else {
        panic!("the search box closed");
    };
    assert_eq!(search.query.chars().count(), elmeg_tui::search::MAX_QUERY_CHARS);
    assert_eq!(s.message.clone().unwrap().text, "a search is at most 200 characters");
}

#[test]
fn enter_while_the_typed_query_is_searched_waits_for_its_results_not_the_old_ones() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    up(&mut s, Action::Input('t'));
    up(
        &mut s,
        Action::SearchDone {
            generation: 1,
            result: Ok(vec![hit(ItemKind::Song, "Tweezer", ItemTarget::Song { song_id: 1 })]),
        },
    );
    // More typing: "Tweezer" is still on screen while the new query runs.
    up(&mut s, Action::Input('r'));
    assert_eq!(up(&mut s, Action::DrillIn), [], "no jump to a stale result");
    let effects = up(
        &mut s,
        Action::SearchDone {
            generation: 2,
            result: Ok(vec![hit(
                ItemKind::Song,
                "Tweezer Reprise",
                ItemTarget::Song { song_id: 2 },
            )]),
        },
    );
    assert_eq!(
        effects,
        [Effect::LoadSong {
            band: "phish".into(),
            song_id: 2,
            generation: 1
        }]
    );
}

/// A history is read on the loader thread while keys go on: asking for a second
/// song before the first arrives drops the first's answer, whenever it comes.
#[test]
fn a_song_history_answer_for_an_older_request_is_dropped() {
    let mut s = browsing();
    for _ in 0..3 {
        up(&mut s, Action::DrillIn);
    }
    let first = up(&mut s, Action::DrillIn);
    up(&mut s, Action::Down);
    let second = up(&mut s, Action::DrillIn);
    let generation = |effects: &[Effect]| match effects {
        [Effect::LoadSong { generation, .. }] => *generation,
        other => panic!("{other:?}"),
    };
    let (first, second) = (generation(&first), generation(&second));
    assert!(second > first);
    // Keys are answered while both are read.
    assert_eq!(up(&mut s, Action::Up), []);
    assert_eq!(s.setlist_cursor.selected, 0);
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: first,
            view: SongView::new(7, history()),
        }),
    );
    assert!(s.song.is_none() && s.song_loading, "the older answer is dropped");
    assert_eq!(s.focus, Focus::Setlist);
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: second,
            view: SongView::new(8, history()),
        }),
    );
    assert_eq!(s.song.as_ref().map(|v| v.song_id), Some(8));
    assert_eq!((s.focus, s.song_loading), (Focus::Song, false));

    // Esc before a history arrives calls it off: the answer opens nothing.
    up(&mut s, Action::Back);
    let third = generation(&up(&mut s, Action::DrillIn));
    up(&mut s, Action::Back);
    assert!(!s.song_loading);
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: third,
            view: SongView::new(9, history()),
        }),
    );
    assert!(s.song.is_none());
    assert_eq!(s.focus, Focus::Shows);
}

fn catalog_song(song_id: i64, name: &str, times_played: u64, current_gap: u64) -> CatalogSong {
    CatalogSong {
        song_id,
        name: name.into(),
        original_artist: None,
        times_played,
        debut: "1997-11-22".into(),
        last_played: "1998-04-02".into(),
        current_gap,
        average_gap: Some(1.0),
        longest_gap: Some(2),
    }
}

#[test]
fn the_song_list_opens_for_the_band_sorts_with_s_and_opens_a_history() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::OpenSongs),
        [Effect::LoadCatalog { band: "phish".into() }]
    );
    assert!(s.overlay_loading);
    let songs = vec![catalog_song(7, "Tweezer", 9, 1), catalog_song(8, "Piper", 3, 20)];
    up(
        &mut s,
        loaded(Loaded::Catalog {
            band: "phish".into(),
            songs,
        }),
    );
    assert!(!s.overlay_loading);
    let listed = |s: &AppState| match &s.overlay {
        Some(Overlay::Songs { songs, order, .. }) => (*order, songs.iter().map(|x| x.song_id).collect::<Vec<_>>()),
        other => panic!("{other:?}"),
    };
    assert_eq!(listed(&s), (CatalogOrder::Plays, vec![7, 8]));
    // s: the longest current gap first.
    up(&mut s, Action::ToggleSort);
    assert_eq!(listed(&s), (CatalogOrder::Gap, vec![8, 7]));
    up(&mut s, Action::Down);
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::LoadSong {
            band: "phish".into(),
            song_id: 7,
            generation: 1
        }]
    );
    assert!(s.overlay.is_none());
    // Esc closes it too.
    up(&mut s, Action::OpenSongs);
    up(
        &mut s,
        loaded(Loaded::Catalog {
            band: "phish".into(),
            songs: Vec::new(),
        }),
    );
    up(&mut s, Action::Back);
    assert!(s.overlay.is_none());
}

fn scope_stats(scope: &str) -> ScopeStats {
    let times = |song_id, song: &str, times| SongTimes {
        song_id,
        song: song.into(),
        times,
    };
    ScopeStats {
        band: "phish".into(),
        scope: scope.into(),
        shows: 2,
        occurrences: 3,
        distinct_songs: 2,
        most_played: vec![times(7, "Tweezer", 2), times(8, "Piper", 1)],
        debuts: vec![SongDate {
            song_id: 8,
            song: "Piper".into(),
            date: "1997-11-22".into(),
        }],
        bustouts: Vec::new(),
        openers: vec![times(7, "Tweezer", 2)],
        closers: vec![times(8, "Piper", 1)],
        first: Some("1997-11-22".into()),
        last: Some("1997-11-23".into()),
    }
}

#[test]
fn stats_open_for_the_band_from_the_band_pane_else_for_the_tour_or_year() {
    let mut s = browsing();
    assert_eq!(
        up(&mut s, Action::OpenStats),
        [Effect::LoadStats {
            band: "phish".into(),
            scope: StatsScope::Band
        }]
    );
    assert!(s.overlay_loading);
    s.focus = Focus::Groups;
    assert_eq!(
        up(&mut s, Action::OpenStats),
        [Effect::LoadStats {
            band: "phish".into(),
            scope: StatsScope::Tour(TourMatch {
                name: "Fall Tour".into(),
                ids: vec![37]
            })
        }]
    );
    // A year's shows outside any tour: the year's statistics; from the shows pane too.
    up(&mut s, Action::Down);
    s.focus = Focus::Shows;
    assert_eq!(
        up(&mut s, Action::OpenStats),
        [Effect::LoadStats {
            band: "phish".into(),
            scope: StatsScope::Year(1997)
        }]
    );
    up(&mut s, loaded(Loaded::Stats(scope_stats("1997"))));
    assert!(!s.overlay_loading);
    // The cursor walks the song rows of every section: 2 most played, 1 debut,
    // 1 opener, 1 closer; Enter opens the song under it.
    for _ in 0..10 {
        up(&mut s, Action::Down);
    }
    assert!(matches!(&s.overlay, Some(Overlay::Stats { cursor, .. }) if cursor.selected == 4));
    up(&mut s, Action::Up);
    up(&mut s, Action::Up);
    let generation = s.song_generation + 1;
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::LoadSong {
            band: "phish".into(),
            song_id: 8,
            generation
        }],
        "the debut of Piper"
    );
    assert!(s.overlay.is_none());
    up(&mut s, Action::OpenStats);
    up(&mut s, loaded(Loaded::Stats(scope_stats("1997"))));
    up(&mut s, Action::Back);
    assert!(s.overlay.is_none(), "esc closes it");
}

fn across() -> SongAcross {
    let perf = |band: &str, show_id, date: &str| BandPerformance {
        band: band.into(),
        show_id,
        date: date.into(),
        venue: "Hampton Coliseum".into(),
        city: None,
        set: "Set 1".into(),
        position: 1,
        gap: None,
        positions: vec![1],
    };
    let figures = |band: &str, times_played| BandFigures {
        band: band.into(),
        times_played,
        debut: Some("1997-11-22".into()),
        last_played: Some("2023-07-16".into()),
        current_gap: Some(0),
    };
    SongAcross {
        song: "Tweezer".into(),
        bands: vec![figures("phish", 2), figures("goose", 1)],
        performances: vec![
            perf("phish", 10, "1997-11-22"),
            perf("phish", 20, "1998-04-02"),
            perf("goose", 90, "2023-07-16"),
        ],
    }
}

#[test]
fn a_song_history_switches_between_this_band_and_every_band() {
    let mut s = browsing();
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: 0,
            view: SongView::new(7, history()),
        }),
    );
    // Nothing asked for: dropped.
    assert!(s.song.is_none());
    let effects = {
        s.song_generation = 1;
        s.song_loading = true;
        up(
            &mut s,
            loaded(Loaded::Song {
                generation: 1,
                view: SongView::new(7, history()),
            }),
        )
    };
    assert!(effects.is_empty());
    assert_eq!(s.focus, Focus::Song);
    assert_eq!(
        up(&mut s, Action::ToggleBands),
        [Effect::LoadSongAcross {
            song_id: 7,
            generation: 2
        }]
    );
    assert!(s.song_loading);
    up(
        &mut s,
        loaded(Loaded::SongAcross {
            generation: 2,
            across: across(),
        }),
    );
    let song = s.song.as_ref().unwrap();
    assert!(song.every_band.is_some());
    assert_eq!(song.len(), 3, "every band's shows");
    // Newest first: Enter on the top row goes to the other band's show.
    assert_eq!(
        up(&mut s, Action::DrillIn),
        [Effect::Locate {
            show_id: 90,
            grouping: Grouping::Tours,
            focus: Focus::Setlist
        }]
    );
    // A reload of the history keeps every band, asking for it again.
    s.song_generation = 3;
    s.song_loading = true;
    assert_eq!(
        up(
            &mut s,
            loaded(Loaded::Song {
                generation: 3,
                view: SongView::new(7, history()),
            })
        ),
        [Effect::LoadSongAcross {
            song_id: 7,
            generation: 4
        }]
    );
    up(
        &mut s,
        loaded(Loaded::SongAcross {
            generation: 4,
            across: across(),
        }),
    );
    // The key again: this band's history, with no read.
    s.song_cursor.selected = 2;
    assert!(up(&mut s, Action::ToggleBands).is_empty());
    let song = s.song.as_ref().unwrap();
    assert!(song.every_band.is_none());
    assert_eq!((song.len(), s.song_cursor.selected), (2, 0));
    // An answer for an older request is dropped.
    up(&mut s, Action::ToggleBands);
    up(&mut s, Action::ToggleBands);
    up(&mut s, Action::ToggleBands);
    let wanted = s.song_generation;
    up(
        &mut s,
        loaded(Loaded::SongAcross {
            generation: wanted - 1,
            across: across(),
        }),
    );
    assert!(s.song.as_ref().unwrap().every_band.is_none() && s.song_loading);
    up(
        &mut s,
        loaded(Loaded::SongAcross {
            generation: wanted,
            across: across(),
        }),
    );
    assert!(s.song.as_ref().unwrap().every_band.is_some() && !s.song_loading);
}

/// Answers a jump's loads in turn: where the show sits, the band's groups, the
/// group's shows, the setlist.
fn land(s: &mut AppState, show_id: i64, focus: Focus, setlist_of: SetlistShow) {
    let tour = GroupKey::Tour(37);
    up(
        s,
        loaded(Loaded::Located {
            show_id,
            band: "phish".into(),
            group: tour,
            focus,
        }),
    );
    up(
        s,
        loaded(Loaded::Groups {
            band: "phish".into(),
            groups: vec![group(tour, "Fall Tour")],
        }),
    );
    up(
        s,
        loaded(Loaded::Shows {
            band: "phish".into(),
            group: tour,
            shows: vec![show(10, "1997-11-22"), show(20, "1998-04-02")],
        }),
    );
    up(s, loaded(Loaded::Setlist(Some(setlist_of))));
}

/// Opens today in history (04-02, one show) and Enter on its show: a jump to 20.
fn enter_a_show_of_today(s: &mut AppState) {
    up(s, Action::OpenToday);
    up(
        s,
        loaded(Loaded::ShowList {
            list: ShowList::Today {
                month_day: "04-02".into(),
            },
            shows: vec![show(20, "1998-04-02")],
        }),
    );
    up(s, Action::DrillIn);
}

#[test]
fn esc_goes_back_from_a_show_to_the_song_history_it_was_opened_from() {
    let mut s = browsing();
    for _ in 0..3 {
        up(&mut s, Action::DrillIn);
    }
    up(&mut s, Action::DrillIn);
    up(
        &mut s,
        loaded(Loaded::Song {
            generation: 1,
            view: SongView::new(7, history()),
        }),
    );
    assert!(s.back.is_empty(), "opening a song from its setlist is no jump");
    // The second row, newest first, is the 1997 show; in it Tweezer is second.
    up(&mut s, Action::Down);
    let effects = up(&mut s, Action::DrillIn);
    assert!(matches!(effects[..], [Effect::Locate { show_id: 10, .. }]));
    let mut there = setlist(10);
    there.sets[0].songs.insert(0, song("Wilson", 9, ","));
    land(&mut s, 10, Focus::Setlist, there);
    assert_eq!((s.focus, s.song.is_none()), (Focus::Setlist, true));
    assert_eq!(s.setlist_cursor.selected, 1, "the cursor is on the song");
    assert_eq!(s.setlist_songs()[1].name, "Tweezer");

    // Moving about the show, then Esc: back to the history, on the same row.
    up(&mut s, Action::Down);
    assert_eq!(
        up(&mut s, Action::Back),
        [Effect::LoadGroups {
            band: "phish".into(),
            grouping: Grouping::Tours
        }]
    );
    land(&mut s, 10, Focus::Song, setlist(10));
    assert_eq!(s.focus, Focus::Song);
    assert_eq!(s.song.as_ref().map(|v| v.song_id), Some(7));
    assert_eq!(s.song_cursor.selected, 1);
    assert!(s.back.is_empty());
    // With nothing left to go back to, Esc moves out a pane as before.
    up(&mut s, Action::Back);
    assert_eq!((s.focus, s.song.is_none()), (Focus::Setlist, true));
}

#[test]
fn esc_climbs_to_the_pane_a_jump_went_to_before_going_back_and_left_only_moves_out() {
    let mut s = browsing();
    enter_a_show_of_today(&mut s);
    land(&mut s, 20, Focus::Setlist, setlist(20));
    assert_eq!((s.focus, s.back.len()), (Focus::Setlist, 1));

    // Into a song from the jumped-to setlist: Esc first closes it...
    up(&mut s, Action::DrillIn);
    let generation = s.song_generation;
    up(
        &mut s,
        loaded(Loaded::Song {
            generation,
            view: SongView::new(7, history()),
        }),
    );
    assert_eq!(s.focus, Focus::Song);
    up(&mut s, Action::Back);
    assert_eq!((s.focus, s.back.len()), (Focus::Setlist, 1));
    // ...and Left / h never goes back, only out.
    up(&mut s, Action::Out);
    assert_eq!((s.focus, s.back.len()), (Focus::Shows, 1));
    up(&mut s, Action::FocusNext);
    // Esc in the pane the jump went to: back to the bands pane it started from.
    up(&mut s, Action::Back);
    assert_eq!(
        (s.back.len(), s.jump.as_ref().map(|j| j.focus)),
        (0, Some(Focus::Bands))
    );
}

#[test]
fn a_jump_that_fails_leaves_nothing_to_go_back_to() {
    let mut s = browsing();
    enter_a_show_of_today(&mut s);
    up(&mut s, Action::Failed("that show is no longer in the cache".into()));
    assert!(s.back.is_empty() && s.leaving.is_none());
}

#[test]
fn a_venue_result_lists_the_venues_shows_and_goes_to_the_one_chosen() {
    let mut s = browsing();
    up(&mut s, Action::OpenSearch);
    up(&mut s, Action::Input('h'));
    up(
        &mut s,
        Action::SearchDone {
            generation: 1,
            result: Ok(vec![hit(
                ItemKind::Venue,
                "Hampton Coliseum, Hampton, VA",
                ItemTarget::Show { show_id: 20 },
            )]),
        },
    );
    let venue = ShowList::Venue {
        title: "Hampton Coliseum, Hampton, VA".into(),
        show_id: 20,
    };
    assert_eq!(up(&mut s, Action::DrillIn), [Effect::LoadShowList(venue.clone())]);
    assert!(s.overlay_loading);
    up(
        &mut s,
        loaded(Loaded::ShowList {
            list: venue,
            shows: vec![show(20, "1998-04-02"), show(10, "1997-11-22")],
        }),
    );
    assert!(matches!(&s.overlay, Some(Overlay::Shows { shows, .. }) if shows.len() == 2));
    up(&mut s, Action::Down);
    assert!(matches!(
        up(&mut s, Action::DrillIn)[..],
        [Effect::Locate {
            show_id: 10,
            focus: Focus::Setlist,
            ..
        }]
    ));
    assert!(s.overlay.is_none());
}

#[test]
fn the_setlist_cursor_walks_the_songs_then_the_notes_below_them() {
    let mut s = browsing();
    let mut long = setlist(10);
    long.notes = Some((1..=60).map(|n| format!("note {n}")).collect::<Vec<_>>().join("\n"));
    long.permalink = Some("https://example.invalid/show".into());
    up(&mut s, loaded(Loaded::Setlist(Some(long))));
    for _ in 0..3 {
        up(&mut s, Action::DrillIn);
    }
    up(&mut s, Action::Bottom);
    let end = s.setlist_cursor.selected;
    // Two songs, then one step per line until the permalink is at the bottom:
    // far more steps than songs, fewer than lines.
    assert!(end > 20 && end < 70, "{end}");
    up(&mut s, Action::Top);
    up(&mut s, Action::Down);
    up(&mut s, Action::Down);
    assert_eq!(s.setlist_cursor.selected, 2, "past the last song");
    assert_eq!(up(&mut s, Action::DrillIn), [], "no song is selected there");
    // A taller screen needs fewer steps; the cursor stays within them.
    up(&mut s, Action::Bottom);
    up(&mut s, Action::Resize { width: 120, height: 60 });
    assert!(s.setlist_cursor.selected < end);
}

#[test]
fn m_marks_the_show_in_view_and_my_shows_jump_to_one() {
    let mut s = browsing();
    // Not from the bands or tours pane: which show would it be?
    assert_eq!(up(&mut s, Action::ToggleAttended), []);
    assert!(s.message.as_ref().unwrap().text.contains("choose a show"));
    // From the shows pane: the selected show; from the setlist: its show.
    up(&mut s, Action::DrillIn);
    up(&mut s, Action::DrillIn);
    assert_eq!(
        up(&mut s, Action::ToggleAttended),
        [Effect::ToggleAttended { show_id: 10 }]
    );
    let marked = std::collections::HashSet::from([10]);
    let effects = up(
        &mut s,
        loaded(Loaded::AttendedChanged {
            attended: marked.clone(),
            message: "marked phish 1997-11-22 as attended".into(),
        }),
    );
    // The setlist reads again, for its first-seen marks.
    assert_eq!(effects, [Effect::LoadSetlist { show_id: 10 }]);
    assert_eq!(s.attended, marked);
    assert_eq!(s.message.as_ref().map(|m| m.is_error), Some(false));

    assert_eq!(up(&mut s, Action::OpenMine), [Effect::LoadMine]);
    let mark = |date: &str| elmeg_tui::mine::Mark::new("phish", date.parse().unwrap(), 1);
    up(
        &mut s,
        loaded(Loaded::Mine(vec![
            elmeg_tui::cache::AttendedShow {
                mark: mark("2031-01-01"),
                show: None,
            },
            elmeg_tui::cache::AttendedShow {
                mark: mark("1997-11-23"),
                show: Some(show(11, "1997-11-23")),
            },
        ])),
    );
    // A mark the cache lacks says so; one it has is a jump; i shows the stats.
    assert_eq!(up(&mut s, Action::DrillIn), []);
    assert!(s.message.as_ref().unwrap().text.contains("not in the cache"));
    assert_eq!(up(&mut s, Action::OpenStats), [Effect::LoadMineStats]);
    up(&mut s, Action::Down);
    assert!(matches!(
        up(&mut s, Action::DrillIn)[..],
        [Effect::Locate {
            show_id: 11,
            focus: Focus::Setlist,
            ..
        }]
    ));
    assert!(s.overlay.is_none());
}
