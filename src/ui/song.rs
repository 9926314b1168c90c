//! The song history pane: statistics, plays per year, and every performance.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

use super::layout::{list_area, SONG_CHART_HEIGHT, SONG_HEADER_HEIGHT};
use super::lists::block;
use super::theme::{Theme, SELECTION_SYMBOL};
use crate::app::state::{scroll_offset, AppState, Focus, SortOrder};

pub fn draw(frame: &mut Frame, rect: Rect, state: &AppState, focused: bool, theme: &Theme) {
    let block = block("Song history", focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(song) = &state.song else {
        return;
    };
    let h = &song.history;
    let [header, chart, _] = Layout::vertical([
        Constraint::Length(SONG_HEADER_HEIGHT),
        Constraint::Length(SONG_CHART_HEIGHT),
        Constraint::Min(0),
    ])
    .areas(inner);

    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let average = h.average_gap.map_or("-".into(), |g| format!("{g:.1}"));
    let current = h.current_gap.map_or("-".into(), |g| g.to_string());
    let header_lines = vec![
        Line::from(vec![
            Span::styled(h.song.clone(), theme.title),
            Span::styled(format!("  {}", h.band), theme.dim),
        ]),
        Line::from(format!("Times played {}", h.times_played)),
        Line::from(format!("Debut {}  Last {}", or_dash(&h.debut), or_dash(&h.last_played))),
        Line::from(format!("Current gap {current}  Average gap {average}")),
        Line::styled(
            match (song.per_year.first(), song.per_year.last()) {
                (Some(first), Some(last)) => format!("Plays per year, {}–{}:", first.0, last.0),
                _ => "Never played in a counted show.".into(),
            },
            theme.dim,
        ),
    ];
    frame.render_widget(Paragraph::new(header_lines), header);

    // One column per year; the most recent years when there are more than fit.
    let width = chart.width as usize;
    let years = &song.per_year[song.per_year.len().saturating_sub(width)..];
    let data: Vec<u64> = years.iter().map(|(_, n)| *n).collect();
    frame.render_widget(Sparkline::default().data(&data).style(theme.accent), chart);

    let list = list_area(Focus::Song, rect);
    if list.height == 0 {
        return;
    }
    let title_row = Rect {
        height: 1,
        y: list.y - 1,
        ..list
    };
    let order = match state.song_order {
        SortOrder::NewestFirst => "newest first",
        SortOrder::OldestFirst => "oldest first",
    };
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!("  DATE        SET      POS  GAP  VENUE  ({order})"),
            theme.dim,
        )),
        title_row,
    );
    let len = h.performances.len();
    let offset = scroll_offset(state.song_cursor.selected, len, list.height as usize);
    let rows: Vec<Line> = (offset..len.min(offset + list.height as usize))
        .map(|i| {
            let p = &h.performances[song.row(i, state.song_order)];
            let selected = i == state.song_cursor.selected && focused;
            let gap = p.gap.map_or("-".into(), |g| g.to_string());
            let place = p.city.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
            // Played more than once in the show: every place it had, e.g. `3, 9`.
            let positions = p.positions.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
            let text = format!(
                "{}{:<10}  {:<7}  {:>3}  {:>3}  {}{}",
                if selected { SELECTION_SYMBOL } else { "  " },
                p.date,
                p.set,
                positions,
                gap,
                p.venue,
                place
            );
            if selected {
                Line::styled(text, theme.selection)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
}
