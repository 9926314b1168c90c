//! Everything `elmeg-tui` does before its first frame, except touching the tty:
//! keymap, theme, cache, search and loader threads, the panes' loads, and one
//! 120×40 draw.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use elmeg_tui::app::action::Action;
use elmeg_tui::app::effects::{Msg, Runner};
use elmeg_tui::app::keymap::Keymap;
use elmeg_tui::app::state::AppState;
use elmeg_tui::cache::Cache;
use elmeg_tui::config::Settings;
use elmeg_tui::search::SearchQuery;
use elmeg_tui::ui::theme::Theme;
use elmeg_tui::ui::{draw, UiContext};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The time to the first frame. Then, unmeasured, it waits for the search
/// thread to finish building its index, so that no run's background work
/// takes a core from the next run's measurement.
pub fn timed_first_frame(settings: impl FnOnce() -> Settings) -> Duration {
    let start = Instant::now();
    let settings = settings();
    let keymap = Keymap::new(&settings.keys).unwrap();
    let theme = Theme::new(&settings.theme, false).unwrap();
    let cache = Cache::open(&settings.cache_path).unwrap();
    let (tx, rx) = mpsc::channel();
    let mut runner = Runner::new(cache, settings, tx);
    let state: AppState = runner.start("05-08", 120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let ctx = UiContext {
        theme: &theme,
        keymap: &keymap,
    };
    terminal.draw(|frame| draw(frame, &state, &ctx)).unwrap();
    let elapsed = start.elapsed();
    runner.search.search(
        1,
        SearchQuery {
            text: "x".into(),
            limit: 1,
            ..SearchQuery::default()
        },
    );
    while let Ok(msg) = rx.recv_timeout(Duration::from_secs(30)) {
        if matches!(msg, Msg::Action(Action::SearchDone { .. })) {
            break;
        }
    }
    elapsed
}

/// Times `iters` first frames, each with the settings `settings` makes (timed too).
pub fn first_frames(iters: u64, mut settings: impl FnMut() -> Settings) -> Duration {
    (0..iters).map(|_| timed_first_frame(&mut settings)).sum()
}
