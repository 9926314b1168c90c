//! The list panes: bands, tours (or years), shows.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, HighlightSpacing, List, ListItem, ListState, Paragraph, Wrap};
use ratatui::Frame;

use super::layout::{list_area, rows_per_item};
use super::theme::{Theme, ATTENDED_MARK, SELECTION_SYMBOL};
use crate::app::state::{scroll_offset, AppState, Cursor, Focus};

pub fn block<'a>(title: &'a str, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.border_focused } else { theme.border })
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// What sets one list pane apart from another.
struct ListView<'a> {
    pane: Focus,
    title: &'a str,
    cursor: Cursor,
    focused: bool,
    /// Shown when there are no items.
    empty: &'a str,
}

/// A bordered list with its selection kept in view.
fn draw_list(frame: &mut Frame, rect: Rect, view: ListView, items: Vec<ListItem>, theme: &Theme) {
    let ListView {
        pane,
        title,
        cursor,
        focused,
        empty,
    } = view;
    let block = block(title, focused, theme);
    if items.is_empty() {
        let text = Paragraph::new(Text::styled(empty.to_string(), theme.dim))
            .wrap(Wrap { trim: true })
            .block(block);
        frame.render_widget(text, rect);
        return;
    }
    let visible = list_area(pane, rect).height as usize / rows_per_item(pane);
    let mut list_state = ListState::default()
        .with_selected(Some(cursor.selected))
        .with_offset(scroll_offset(cursor.selected, items.len(), visible));
    let list = List::new(items)
        .block(block)
        .highlight_symbol(SELECTION_SYMBOL)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(if focused {
            theme.selection
        } else {
            theme.selection_unfocused
        });
    frame.render_stateful_widget(list, rect, &mut list_state);
}

pub fn bands(frame: &mut Frame, rect: Rect, state: &AppState, focused: bool, theme: &Theme) {
    let items = state
        .bands
        .iter()
        .map(|b| {
            let shows = match b.shows {
                0 => "empty".to_string(),
                1 => "1 show".to_string(),
                n => format!("{n} shows"),
            };
            let refreshed = match (&b.last_refresh, &b.needs) {
                (Some(at), _) => at.get(..10).unwrap_or(at).to_string(),
                // Said once here; the Tours pane says which key.
                (None, Some(_)) => "needs a key".to_string(),
                (None, None) => "r to refresh".to_string(),
            };
            ListItem::new(vec![
                Line::from(b.name.clone()),
                Line::styled(shows, theme.dim),
                Line::styled(refreshed, theme.dim),
            ])
        })
        .collect();
    let empty = "No bands configured. Add one under [[bands]] in config.toml.";
    let view = ListView {
        pane: Focus::Bands,
        title: "Bands",
        cursor: state.bands_cursor,
        focused,
        empty,
    };
    draw_list(frame, rect, view, items, theme);
}

pub fn groups(frame: &mut Frame, rect: Rect, state: &AppState, focused: bool, theme: &Theme) {
    let title = match state.grouping {
        crate::cache::Grouping::Tours => "Tours",
        crate::cache::Grouping::Years => "Years",
    };
    let items = state
        .groups
        .iter()
        .map(|g| {
            // The end's year is dropped when it is the start's.
            let range = match (g.first.get(..5), g.last.get(..5)) {
                _ if g.first == g.last => g.first.clone(),
                (Some(a), Some(b)) if a == b => format!("{} – {}", g.first, &g.last[5..]),
                _ => format!("{} – {}", g.first, g.last),
            };
            let count = format!("{} show{}", g.shows, if g.shows == 1 { "" } else { "s" });
            ListItem::new(vec![
                Line::from(g.name.clone()),
                Line::styled(format!("{range} · {count}"), theme.dim),
            ])
        })
        .collect();
    let empty = match state.band() {
        Some(band) => match &band.needs {
            Some(variables) => format!(
                "No shows cached for {}.\n\nIts source needs a key: set {variables} (see the README), then press r.",
                band.name
            ),
            None => format!(
                "No shows cached for {}.\n\nPress r to refresh, or run:\nelmeg-tui --refresh {}",
                band.name, band.slug
            ),
        },
        None => String::new(),
    };
    let view = ListView {
        pane: Focus::Groups,
        title,
        cursor: state.groups_cursor,
        focused,
        empty: &empty,
    };
    draw_list(frame, rect, view, items, theme);
}

pub fn shows(frame: &mut Frame, rect: Rect, state: &AppState, focused: bool, theme: &Theme) {
    let items = state
        .shows
        .iter()
        .map(|s| {
            let mut first = vec![Span::raw(format!("{}  {}", s.date, s.venue))];
            let mut second = vec![Span::styled(s.place(), theme.dim)];
            if state.attended.contains(&s.id) {
                second.insert(0, Span::styled(format!("{ATTENDED_MARK} "), theme.accent));
            }
            let note = match (s.excluded.as_deref(), s.performances) {
                (Some("future"), _) => Some("upcoming"),
                (Some(_), _) => Some("not counted"),
                (None, 0) => Some("no setlist"),
                _ => None,
            };
            if let Some(note) = note {
                second.push(Span::styled(format!(" · {note}"), theme.dim));
                first = vec![Span::styled(format!("{}  {}", s.date, s.venue), theme.dim)];
            }
            ListItem::new(vec![Line::from(first), Line::from(second)])
        })
        .collect();
    let empty = if state.groups.is_empty() { "" } else { "No shows here." };
    let view = ListView {
        pane: Focus::Shows,
        title: "Shows",
        cursor: state.shows_cursor,
        focused,
        empty,
    };
    draw_list(frame, rect, view, items, theme);
}
