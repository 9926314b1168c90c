//! Everything `elmeg-tui` does before its first frame, except touching the tty:
//! keymap, theme, cache, search thread, the panes' loads, and one 120×40 draw.

use std::sync::mpsc;

use elmeg_tui::app::effects::Runner;
use elmeg_tui::app::keymap::Keymap;
use elmeg_tui::app::state::AppState;
use elmeg_tui::cache::Cache;
use elmeg_tui::config::Settings;
use elmeg_tui::ui::theme::Theme;
use elmeg_tui::ui::{draw, UiContext};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

pub fn first_frame(settings: Settings) -> AppState {
    let keymap = Keymap::new(&settings.keys).unwrap();
    let theme = Theme::new(&settings.theme, false).unwrap();
    let cache = Cache::open(&settings.cache_path).unwrap();
    let (tx, _rx) = mpsc::channel();
    let mut runner = Runner::new(cache, settings, tx);
    let state = runner.start("05-08", 120, 40);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let ctx = UiContext {
        theme: &theme,
        keymap: &keymap,
    };
    terminal.draw(|frame| draw(frame, &state, &ctx)).unwrap();
    state
}
