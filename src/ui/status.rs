//! The status bar: where you are, refresh progress or the last message, and the
//! keys of the focused pane.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use unicode_width::UnicodeWidthStr;

use super::fit::truncate;
use super::UiContext;
use crate::app::state::{AppState, Focus, Overlay};

pub fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let [top, bottom] = Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);

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
    // The message wins the space it needs, a column apart; the place is shortened
    // to what is left.
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(right_width.min(top.width))]).areas(top);
    let room = usize::from(left_area.width).saturating_sub(if right_width > 0 { 1 } else { 0 });
    let place = fit_breadcrumb(&state.breadcrumb(), room);
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
        (Some(Overlay::Mine { .. }), _) => vec![
            (k("down"), "move"),
            (k("drill_in"), "go"),
            (k("stats"), "what I saw"),
            (k("back"), "close"),
        ],
        (Some(_), _) => vec![(k("down"), "scroll"), (k("drill_in"), "go"), (k("back"), "close")],
        (None, Focus::Setlist) => vec![
            (k("down"), "song"),
            (k("drill_in"), "history"),
            (k("back"), "back"),
            (k("help"), "help"),
            (k("attended"), "attended"),
            (k("copy"), "copy"),
            (k("search"), "search"),
            (k("quit"), "quit"),
        ],
        // Most important first: what does not fit is left off from the end.
        (None, Focus::Song) => vec![
            (k("down"), "move"),
            (k("drill_in"), "show"),
            (k("back"), "back"),
            (k("help"), "help"),
            (
                k("every_band"),
                if state.song.as_ref().is_some_and(|s| s.every_band.is_some()) {
                    "this band"
                } else {
                    "every band"
                },
            ),
            (k("toggle_sort"), "sort"),
            (k("search"), "search"),
            (k("quit"), "quit"),
        ],
        (None, focus) => {
            let mut hints = vec![(k("down"), "move"), (k("drill_in"), "open")];
            if focus != Focus::Bands {
                hints.push((k("back"), "back"));
            }
            hints.extend([(k("search"), "search"), (k("help"), "help")]);
            if focus == Focus::Groups {
                hints.push((k("toggle_grouping"), "tours/years"));
            }
            if focus == Focus::Shows {
                hints.push((k("attended"), "attended"));
            }
            hints.extend([
                (k("stats"), "stats"),
                (k("refresh"), "refresh"),
                (k("today"), "today"),
                (k("quit"), "quit"),
            ]);
            hints
        }
    };
    let hints: Vec<(String, &str)> = hints.into_iter().filter(|(key, _)| !key.is_empty()).collect();
    let mut spans = Vec::new();
    for (key, what) in fit_hints(hints, (k("quit"), "quit"), usize::from(bottom.width)) {
        spans.push(Span::styled(key, theme.accent.patch(theme.title)));
        spans.push(Span::styled(format!(" {what}  "), theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), bottom);
}

/// `band › tour › show › song` in `width` columns: the earlier parts give way
/// first (to `…`), then the last is cut.
fn fit_breadcrumb(parts: &[String], width: usize) -> String {
    let joined = |parts: &[String]| parts.join(" › ");
    for skip in 0..parts.len() {
        let mut kept: Vec<String> = parts[skip..].to_vec();
        if skip > 0 {
            kept.insert(0, "…".into());
        }
        if joined(&kept).width() <= width {
            return joined(&kept);
        }
    }
    let last = parts.last().map(String::as_str).unwrap_or("");
    truncate(last, width.saturating_sub(1)) + if last.width() > width { "…" } else { "" }
}

/// The hints that fit in `width`, in their order (most important first), with
/// `quit` always last.
fn fit_hints<'a>(hints: Vec<(String, &'a str)>, quit: (String, &'a str), width: usize) -> Vec<(String, &'a str)> {
    // `key what` and two spaces after each; the last one's spaces may overhang.
    let cost = |(key, what): &(String, &str)| key.width() + what.width() + 3;
    let width = width + 2;
    let mut kept: Vec<(String, &str)> = Vec::new();
    let quits = hints.iter().any(|h| h.1 == "quit");
    let mut used = if quits { cost(&quit) } else { 0 };
    for hint in hints.into_iter().filter(|h| h.1 != "quit") {
        if used + cost(&hint) > width {
            break;
        }
        used += cost(&hint);
        kept.push(hint);
    }
    if quits {
        kept.push(quit);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breadcrumb_gives_way_from_the_left() {
        let parts: Vec<String> = [
            "Grateful Dead",
            "1977 · no tour",
            "1977-05-08 Barton Hall",
            "Scarlet Begonias",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(fit_breadcrumb(&parts, 200), parts.join(" › "));
        assert_eq!(
            fit_breadcrumb(&parts, 50),
            "… › 1977-05-08 Barton Hall › Scarlet Begonias"
        );
        assert_eq!(fit_breadcrumb(&parts, 20), "… › Scarlet Begonias");
        assert_eq!(fit_breadcrumb(&parts, 10), "Scarlet B…");
        assert!(fit_breadcrumb(&parts, 0).width() <= 1);
    }

    #[test]
    fn quit_is_always_shown() {
        let hints = vec![
            ("j".to_string(), "move"),
            ("enter".to_string(), "open"),
            ("/".to_string(), "search"),
            ("q".to_string(), "quit"),
        ];
        let shown = |width| -> Vec<&str> {
            fit_hints(hints.clone(), ("q".into(), "quit"), width)
                .into_iter()
                .map(|h| h.1)
                .collect()
        };
        assert_eq!(shown(80), ["move", "open", "search", "quit"]);
        assert_eq!(shown(26), ["move", "open", "quit"]);
        assert_eq!(shown(25), ["move", "quit"]);
        assert_eq!(shown(6), ["quit"]);
    }
}
