//! The status bar: where you are, refresh progress or the last message, and the
//! keys of the focused pane.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::UiContext;
use crate::app::state::{AppState, Focus, Overlay};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let [top, bottom] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);

    let place = state.breadcrumb().join(" › ");
    let right = if let Some(r) = &state.refresh {
        let count = if r.total > 0 {
            format!(" {}/{}", r.done, r.total)
        } else {
            String::new()
        };
        let verb = if r.built_in {
            "loading the built-in catalog of"
        } else {
            "refreshing"
        };
        Some(Span::styled(
            format!("{verb} {}{count}: {}", r.band, r.message),
            theme.accent,
        ))
    } else if state.song_loading || state.overlay_loading {
        // Read on the loader thread; keys still work meanwhile.
        Some(Span::styled("reading…", theme.dim))
    } else if let Some(m) = &state.message {
        Some(Span::styled(
            m.text.clone(),
            if m.is_error { theme.error } else { theme.accent },
        ))
    } else {
        state.banner.as_ref().map(|b| Span::styled(b.clone(), theme.accent))
    };
    let right_width = right.as_ref().map_or(0, |s| s.width() as u16);
    // The message wins the space it needs; the place gets what is left.
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width.min(top.width))]).areas(top);
    frame.render_widget(Paragraph::new(Span::styled(place, theme.title)), left_area);
    if let Some(right) = right {
        frame.render_widget(Paragraph::new(right).right_aligned(), right_area);
    }

    let k = |name: &str| ctx.keymap.key_for(name).to_string();
    let hints: Vec<(String, &str)> = match (&state.overlay, state.focus) {
        (Some(Overlay::Search(_)), _) => vec![
            ("type".into(), "search"),
            ("tab".into(), "band/all"),
            ("↑↓".into(), "choose"),
            ("enter".into(), "go"),
            ("esc".into(), "close"),
        ],
        (Some(Overlay::Songs { .. }), _) => vec![
            (k("down"), "move"),
            (k("toggle_sort"), "sort"),
            (k("drill_in"), "history"),
            (k("back"), "close"),
        ],
        (Some(Overlay::Stats { .. }), _) => vec![(k("down"), "move"), (k("drill_in"), "history"), (k("back"), "close")],
        (Some(_), _) => vec![(k("down"), "scroll"), (k("drill_in"), "go"), (k("back"), "close")],
        (None, Focus::Setlist) => vec![
            (k("down"), "song"),
            (k("drill_in"), "history"),
            (k("back"), "back"),
            (k("copy"), "copy"),
            (k("search"), "search"),
            (k("help"), "help"),
            (k("quit"), "quit"),
        ],
        (None, Focus::Song) => vec![
            (k("down"), "move"),
            (k("drill_in"), "show"),
            (k("toggle_sort"), "sort"),
            (
                k("every_band"),
                if state.song.as_ref().is_some_and(|s| s.every_band.is_some()) {
                    "this band"
                } else {
                    "every band"
                },
            ),
            (k("back"), "back"),
            (k("search"), "search"),
            (k("help"), "help"),
            (k("quit"), "quit"),
        ],
        (None, focus) => {
            let mut hints = vec![(k("down"), "move"), (k("drill_in"), "open")];
            if focus != Focus::Bands {
                hints.push((k("back"), "back"));
            }
            if focus == Focus::Groups {
                hints.push((k("toggle_grouping"), "tours/years"));
            }
            hints.push((k("stats"), "stats"));
            hints.extend([
                (k("refresh"), "refresh"),
                (k("search"), "search"),
                (k("today"), "today"),
                (k("help"), "help"),
                (k("quit"), "quit"),
            ]);
            hints
        }
    };
    let mut spans = Vec::new();
    for (key, what) in hints.into_iter().filter(|(key, _)| !key.is_empty()) {
        spans.push(Span::styled(key, theme.accent.patch(theme.title)));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), bottom);
}
