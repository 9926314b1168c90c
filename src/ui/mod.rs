//! Drawing. Every function here reads the state and writes to the frame: no I/O,
//! no state changes.

mod fit;
pub mod layout;
mod lists;
mod overlays;
mod setlist;
mod song;
mod status;
pub mod theme;

use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::keymap::Keymap;
use crate::app::state::{AppState, Focus, Overlay};
use theme::Theme;

/// What drawing needs besides the state: how it looks and which keys do what.
pub struct UiContext<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
}

pub fn draw(frame: &mut Frame, state: &AppState, ctx: &UiContext) {
    let area = frame.area();
    if layout::too_small(area.width, area.height) {
        draw_too_small(frame, area);
        return;
    }
    let (_, status_area) = layout::split(area);
    for (pane, rect) in layout::panes(state, area) {
        let focused = pane == state.focus;
        match pane {
            Focus::Bands => lists::bands(frame, rect, state, focused, ctx.theme),
            Focus::Groups => lists::groups(frame, rect, state, focused, ctx.theme),
            Focus::Shows => lists::shows(frame, rect, state, focused, ctx.theme),
            Focus::Setlist => setlist::draw(frame, rect, state, focused, ctx.theme),
            Focus::Song => song::draw(frame, rect, state, focused, ctx.theme),
        }
    }
    status::draw(frame, status_area, state, ctx);
    match &state.overlay {
        Some(Overlay::Search(search)) => overlays::search(frame, area, state, search, ctx.theme),
        Some(Overlay::Help { scroll }) => overlays::help(frame, area, *scroll, ctx),
        Some(Overlay::Shows { list, shows, cursor }) => overlays::shows(frame, area, state, list, shows, *cursor, ctx),
        Some(Overlay::Songs {
            band,
            songs,
            order,
            cursor,
        }) => overlays::songs(frame, area, state, band, songs, *order, *cursor, ctx.theme),
        Some(Overlay::Stats { stats, cursor }) => overlays::stats(frame, area, state, stats, *cursor, ctx.theme),
        Some(Overlay::Mine { shows, cursor }) => overlays::mine(frame, area, state, shows, *cursor, ctx),
        Some(Overlay::MineStats { stats, scroll }) => {
            overlays::mine_stats(frame, area, state, stats, *scroll, ctx.theme)
        }
        None => {}
    }
}

fn draw_too_small(frame: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(format!("Terminal too small: {}×{}", area.width, area.height)),
        Line::from(format!("elmeg-tui needs {}×{}", layout::MIN_WIDTH, layout::MIN_HEIGHT)),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let rect = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    frame.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        rect,
    );
}
