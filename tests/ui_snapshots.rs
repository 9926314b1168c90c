//! Every pane and overlay drawn through ratatui's TestBackend, at 80×24 and
//! 120×40, on the hand-made catalog in a temp cache; plus the empty cache and the
//! too-small screen.

mod support;

use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use elmeg_tui::app::action::Action;
use elmeg_tui::app::effects::{Msg, Runner};
use elmeg_tui::app::keymap::Keymap;
use elmeg_tui::app::state::{AppState, Overlay};
use elmeg_tui::config::Settings;
use elmeg_tui::ui::theme::Theme;
use elmeg_tui::ui::{draw, UiContext};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use tempfile::TempDir;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

struct Harness {
    dir: TempDir,
    runner: Runner,
    inbox: Receiver<Msg>,
    state: AppState,
}

impl Harness {
    fn new(filled: bool, width: u16, height: u16) -> Self {
        // The bands' rows say which lack a key: the same on every machine.
        for source in ["PHISHNET", "SETLISTFM", "GRATEFULSTATS"] {
            std::env::remove_var(format!("ELMEG_{source}_API_KEY"));
        }
        let dir = tempfile::tempdir().unwrap();
        let cache_path = dir.path().join("cache.sqlite3");
        let config_path = dir.path().join("config.toml");
        std::fs::write(&config_path, support::CONFIG).unwrap();
        let cache = if filled {
            support::write_catalog(&cache_path)
        } else {
            elmeg_tui::cache::Cache::open(&cache_path).unwrap()
        };
        let mut settings = Settings::load(Some(config_path), Some(cache_path.clone())).unwrap();
        // The user's marks: the test's own, never the machine's.
        settings.mine_path = dir.path().join("mine.sqlite3");
        let (tx, inbox) = mpsc::channel();
        let mut runner = Runner::new(cache, settings, tx);
        let state = runner.start("11-22", width, height);
        Harness {
            dir,
            runner,
            inbox,
            state,
        }
    }

    fn press(&mut self, actions: &[Action]) -> &mut Self {
        for action in actions {
            self.runner.dispatch(&mut self.state, action.clone());
        }
        self
    }

    /// Waits for the search and loader threads to answer what is asked of them.
    fn settle(&mut self) -> &mut Self {
        while matches!(&self.state.overlay, Some(Overlay::Search(s)) if s.pending)
            || self.state.song_loading
            || self.state.overlay_loading
        {
            match self
                .inbox
                .recv_timeout(Duration::from_secs(10))
                .expect("the search or loader thread answers")
            {
                Msg::Action(action) => self.runner.dispatch(&mut self.state, action),
                Msg::Term(_) => {}
            }
        }
        self
    }

    fn render(&self) -> String {
        render(&self.state)
    }

    /// Marks these shows of the test band as attended.
    fn with_marks(&mut self, dates: &[&str]) -> &mut Self {
        let mut mine = elmeg_tui::mine::Mine::open(&self.dir.path().join("mine.sqlite3")).unwrap();
        for date in dates {
            mine.add(&elmeg_tui::mine::Mark::new("testband", date.parse().unwrap(), 1))
                .unwrap();
        }
        self.press(&[Action::CacheChanged])
    }

    /// Goose plays Tweezer too: a second band for one song across bands.
    fn with_goose(&mut self) -> &mut Self {
        let mut cache = elmeg_tui::cache::Cache::open(&self.dir.path().join("cache.sqlite3")).unwrap();
        let goose = elmeg_tui::config::BandSpec::new("goose", "Goose", elmeg_importers::SourceKind::Songfish);
        let band_id = cache.ensure_band(&goose).unwrap();
        let mut shows = vec![
            support::show("g1", "2019-06-01", 1, &[&["Arcadia", "tweezer"]]),
            support::show("g2", "2023-07-16", 1, &[&["Tweezer", "Arcadia"]]),
        ];
        for show in &mut shows {
            show.source = elmeg_importers::SourceKind::Songfish;
        }
        cache.write_shows(band_id, &shows).unwrap();
        cache.refresh_derived(band_id).unwrap();
        self.press(&[Action::CacheChanged])
    }
}

fn render(state: &AppState) -> String {
    let keymap = Keymap::new(&Default::default()).unwrap();
    // Snapshots hold no colour; the theme must not change the text.
    let theme = Theme::default();
    let ctx = UiContext {
        theme: &theme,
        keymap: &keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(state.width, state.height)).unwrap();
    terminal.draw(|frame| draw(frame, state, &ctx)).unwrap();
    terminal.backend().to_string()
}

/// Snapshots one scene at both sizes.
fn scene(name: &str, filled: bool, actions: &[Action]) {
    for (width, height) in SIZES {
        let mut h = Harness::new(filled, width, height);
        h.press(actions);
        h.settle();
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), h.render());
    }
}

/// The hand-made band is configured last.
fn select_test_band() -> Vec<Action> {
    vec![Action::Bottom]
}

#[test]
fn empty_cache() {
    scene("empty_cache", false, &[]);
}

#[test]
fn first_start_loads_the_built_in_grateful_dead() {
    let load = Action::LoadBuiltIn {
        band: "grateful-dead".into(),
    };
    scene("first_start", false, &[load]);
}

#[test]
fn bands_pane() {
    scene("bands", true, &select_test_band());
}

#[test]
fn tours_pane() {
    let mut actions = select_test_band();
    actions.push(Action::DrillIn);
    scene("tours", true, &actions);
}

#[test]
fn years_grouping() {
    let mut actions = select_test_band();
    actions.extend([Action::DrillIn, Action::ToggleGrouping]);
    scene("years", true, &actions);
}

#[test]
fn shows_pane() {
    let mut actions = select_test_band();
    actions.extend([Action::DrillIn, Action::Bottom, Action::DrillIn]);
    scene("shows", true, &actions);
}

/// From the bands pane to the third song of the oldest tour's first show.
fn to_fall_tour_setlist() -> [Action; 6] {
    [
        Action::DrillIn,
        Action::Bottom,
        Action::DrillIn,
        Action::DrillIn,
        Action::Down,
        Action::Down,
    ]
}

#[test]
fn setlist_pane() {
    let mut actions = select_test_band();
    actions.extend(to_fall_tour_setlist());
    scene("setlist", true, &actions);
}

#[test]
fn setlist_scrolls_to_the_end_of_long_notes() {
    let mut actions = select_test_band();
    // The second show of the fall tour: songs, thirty lines of notes, a permalink.
    actions.extend([
        Action::DrillIn,
        Action::Bottom,
        Action::DrillIn,
        Action::Down,
        Action::DrillIn,
        Action::Bottom,
    ]);
    scene("setlist_end", true, &actions);
}

#[test]
fn song_history_pane() {
    let mut actions = select_test_band();
    actions.extend(to_fall_tour_setlist());
    actions.extend([Action::Down, Action::DrillIn]);
    scene("song", true, &actions);
}

#[test]
fn one_year_song_history_is_a_labelled_bar() {
    let mut actions = select_test_band();
    // Weekapaug Groove: played in 1997 only.
    actions.extend(to_fall_tour_setlist());
    actions.push(Action::DrillIn);
    scene("song_one_year", true, &actions);
    let mut h = Harness::new(true, 80, 24);
    h.press(&actions).settle();
    assert!(h.render().contains("1997 █ 1"), "{}", h.render());
}

#[test]
fn song_history_of_every_band() {
    for (width, height) in SIZES {
        let mut h = Harness::new(true, width, height);
        h.with_goose().press(&select_test_band()).press(&to_fall_tour_setlist());
        h.press(&[Action::Down, Action::DrillIn]).settle();
        h.press(&[Action::ToggleBands]).settle();
        insta::assert_snapshot!(format!("song_every_band_{width}x{height}"), h.render());
    }
}

#[test]
fn band_stats_overlay() {
    let mut actions = select_test_band();
    actions.push(Action::OpenStats);
    scene("stats_band", true, &actions);
}

#[test]
fn tour_stats_overlay() {
    let mut actions = select_test_band();
    actions.extend([Action::DrillIn, Action::Bottom, Action::OpenStats]);
    scene("stats_tour", true, &actions);
}

#[test]
fn search_overlay() {
    let mut actions = select_test_band();
    actions.push(Action::OpenSearch);
    actions.extend("twz".chars().map(Action::Input));
    scene("search", true, &actions);
}

#[test]
fn help_overlay() {
    scene("help", true, &[Action::OpenHelp]);
}

#[test]
fn song_list_overlay() {
    let mut actions = select_test_band();
    actions.push(Action::OpenSongs);
    scene("songs", true, &actions);
}

#[test]
fn venue_shows_overlay() {
    for (width, height) in SIZES {
        let mut h = Harness::new(true, width, height);
        h.press(&select_test_band());
        h.press(&[Action::OpenSearch]);
        h.press(&"nassau".chars().map(Action::Input).collect::<Vec<_>>());
        h.settle();
        h.press(&[Action::DrillIn]).settle();
        insta::assert_snapshot!(format!("venue_{width}x{height}"), h.render());
    }
}

#[test]
fn attended_shows_are_marked_and_listed() {
    for (width, height) in SIZES {
        let mut h = Harness::new(true, width, height);
        h.with_marks(&["1997-11-22", "1997-11-23", "2031-01-01"]);
        // The second fall tour show: marked, and two songs first seen there.
        h.press(&select_test_band());
        h.press(&[
            Action::DrillIn,
            Action::Bottom,
            Action::DrillIn,
            Action::Down,
            Action::DrillIn,
        ]);
        h.settle();
        let setlist = h.render();
        assert!(setlist.contains("✓ 1997-11-23 · Lawrence Joel Coliseum"), "{setlist}");
        insta::assert_snapshot!(format!("attended_setlist_{width}x{height}"), setlist);
        h.press(&[Action::OpenMine]).settle();
        insta::assert_snapshot!(format!("my_shows_{width}x{height}"), h.render());
        h.press(&[Action::OpenStats]).settle();
        insta::assert_snapshot!(format!("my_stats_{width}x{height}"), h.render());
        // A song's history says how often the user saw it: Tweezer, at both shows.
        h.press(&[Action::Back, Action::Down, Action::DrillIn]).settle();
        let song = h.render();
        assert!(song.contains("Times played 3  ✓ you saw it 2 times"), "{song}");
    }
}

#[test]
fn a_marks_file_that_cannot_be_read_is_said_and_the_explorer_goes_on() {
    let mut h = Harness::new(true, 120, 40);
    let mine = h.dir.path().join("mine.sqlite3");
    std::fs::write(&mine, "not a database, only text").unwrap();
    h.press(&[Action::CacheChanged]);
    let message = h.state.message.clone().expect("a message");
    assert!(message.is_error && message.text.contains("mine.sqlite3"), "{message:?}");
    // The song history still opens, and the file is left as it was.
    h.press(&select_test_band());
    h.press(&to_fall_tour_setlist());
    h.press(&[Action::DrillIn]).settle();
    assert!(h.render().contains("Times played 1"), "{}", h.render());
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "not a database, only text");
}

#[test]
fn today_overlay() {
    scene("today", true, &[Action::OpenToday]);
}

#[test]
fn too_small_screen() {
    let h = Harness::new(true, 20, 5);
    insta::assert_snapshot!("too_small_20x5", h.render());
}

#[test]
fn no_size_panics() {
    let mut h = Harness::new(true, 80, 24);
    h.with_marks(&["1997-11-22", "2031-01-01"]);
    h.press(&select_test_band());
    h.press(&[Action::DrillIn, Action::DrillIn, Action::DrillIn]);
    for overlay in [
        None,
        Some(Action::OpenHelp),
        Some(Action::OpenSearch),
        Some(Action::OpenToday),
        Some(Action::OpenStats),
        Some(Action::OpenMine),
    ] {
        let mut state = h.state.clone();
        if let Some(open) = overlay {
            h.runner.dispatch(&mut state, open);
        }
        for width in (1..=130).step_by(7) {
            for height in (1..=45).step_by(4) {
                let mut sized = state.clone();
                h.runner.dispatch(&mut sized, Action::Resize { width, height });
                let text = render(&sized);
                assert_eq!(text.lines().count(), height as usize);
            }
        }
    }
}

#[test]
fn selection_shows_without_colour() {
    let mut h = Harness::new(true, 80, 24);
    h.press(&select_test_band());
    let keymap = Keymap::new(&Default::default()).unwrap();
    let theme = Theme::new(&Default::default(), true).unwrap();
    let ctx = UiContext {
        theme: &theme,
        keymap: &keymap,
    };
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| draw(frame, &h.state, &ctx)).unwrap();
    let buffer = terminal.backend().buffer();
    // The selected band's row: a symbol, and reversed video with no colour.
    let row_text = |y: u16| (0..18).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>();
    let y = (0..24)
        .find(|y| row_text(*y).contains("▶ Test Band"))
        .expect("the selected band is marked");
    let cell = &buffer[(4, y)];
    assert!(cell.modifier.contains(ratatui::style::Modifier::REVERSED));
    for y in 0..24 {
        for x in 0..80 {
            let c = &buffer[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "colour at {x},{y}"
            );
        }
    }
}
