//! The song history pane: statistics, plays per year, and every performance,
//! of this band or of every band that plays the song.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline};
use ratatui::Frame;

use unicode_width::UnicodeWidthStr;

use super::fit::truncate;
use super::layout::{list_area, song_chart_height, SONG_HEADER_HEIGHT};
use super::lists::block;
use super::theme::{Theme, ATTENDED_MARK, SELECTION_SYMBOL};
use crate::app::state::{scroll_offset, AppState, Focus, SortOrder};
use crate::cache::plural;

/// The widest band name the every-band list shows in full.
const BAND_COLUMN: usize = 16;

/// `text` cut or padded to `width` columns.
fn padded(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let pad = width.saturating_sub(cut.width());
    cut + &" ".repeat(pad)
}

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
        Constraint::Length(song_chart_height(inner.height)),
        Constraint::Min(0),
    ])
    .areas(inner);

    let or_dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let per_year = song.chart();
    let mut header_lines = match &song.every_band {
        None => {
            let average = h.average_gap.map_or("-".into(), |g| format!("{g:.1}"));
            let current = h.current_gap.map_or("-".into(), |g| g.to_string());
            vec![
                Line::from(vec![
                    Span::styled(h.song.clone(), theme.title),
                    Span::styled(format!("  {}", state.band_name(&h.band)), theme.dim),
                ]),
                Line::from(vec![
                    Span::raw(format!("Times played {}", h.times_played)),
                    // Said only once there is something to say: not every user marks shows.
                    Span::styled(
                        match song.seen {
                            0 => String::new(),
                            1 => format!("  {ATTENDED_MARK} you saw it once"),
                            n => format!("  {ATTENDED_MARK} you saw it {n} times"),
                        },
                        theme.accent,
                    ),
                ]),
                Line::from(format!("Debut {}  Last {}", or_dash(&h.debut), or_dash(&h.last_played))),
                Line::from(format!("Current gap {current}  Average gap {average}")),
            ]
        }
        Some(every) => {
            let bands = &every.across.bands;
            let mut lines = vec![Line::from(vec![
                Span::styled(every.across.song.clone(), theme.title),
                Span::styled(format!("  every band ({})", bands.len()), theme.dim),
            ])];
            // Each band's count and last play, as many as the header holds.
            let room = (SONG_HEADER_HEIGHT - 2) as usize;
            let shown = if bands.len() > room { room - 1 } else { room };
            for b in bands.iter().take(shown) {
                lines.push(Line::from(format!(
                    "{}: {}, last {}",
                    state.band_name(&b.band),
                    plural(b.times_played, "show"),
                    or_dash(&b.last_played)
                )));
            }
            if bands.len() > shown {
                lines.push(Line::styled(
                    format!("and {} more bands", bands.len() - shown),
                    theme.dim,
                ));
            }
            lines.resize(SONG_HEADER_HEIGHT as usize - 1, Line::raw(""));
            lines
        }
    };
    header_lines.push(Line::styled(
        match (per_year.first(), per_year.last()) {
            (Some(first), Some(last)) if first.0 == last.0 => format!("Plays in {}:", first.0),
            (Some(first), Some(last)) => format!("Plays per year, {}–{}:", first.0, last.0),
            _ => "Never played in a counted show.".into(),
        },
        theme.dim,
    ));
    frame.render_widget(Paragraph::new(header_lines), header);

    if let [(year, plays)] = per_year {
        // One year: a labelled bar, not a lone column of blocks.
        let bar = "█".repeat((chart.width as usize).saturating_sub(12).min(*plays as usize).max(1));
        let line = Line::from(vec![
            Span::raw(format!("{year} ")),
            Span::styled(bar, theme.accent),
            Span::raw(format!(" {plays}")),
        ]);
        frame.render_widget(Paragraph::new(line), chart);
    } else {
        // One column per year; the most recent years when there are more than fit.
        let width = chart.width as usize;
        let years = &per_year[per_year.len().saturating_sub(width)..];
        let data: Vec<u64> = years.iter().map(|(_, n)| *n).collect();
        frame.render_widget(Sparkline::default().data(&data).style(theme.accent), chart);
    }

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
    // Every band's rows name the band, as wide as the longest name (up to a limit).
    let band_width = song.every_band.as_ref().map_or(0, |every| {
        every
            .across
            .bands
            .iter()
            .map(|b| state.band_name(&b.band).width())
            .max()
            .unwrap_or(4)
            .clamp(4, BAND_COLUMN)
    });
    let columns = match song.every_band {
        None => "DATE        SET      POS  GAP  VENUE".to_string(),
        Some(_) => format!("DATE        {:<band_width$}  SET      POS  VENUE", "BAND"),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(format!("  {columns}  ({order})"), theme.dim)),
        title_row,
    );
    let len = song.len();
    let offset = scroll_offset(state.song_cursor.selected, len, list.height as usize);
    // Played more than once in the show: every place it had, e.g. `3, 9`.
    let positions = |p: &[u64]| p.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    let place = |city: &Option<String>| city.as_deref().map(|c| format!(", {c}")).unwrap_or_default();
    let rows: Vec<Line> = (offset..len.min(offset + list.height as usize))
        .map(|i| {
            let row = song.row(i, state.song_order);
            let selected = i == state.song_cursor.selected && focused;
            let mark = if selected { SELECTION_SYMBOL } else { "  " };
            let text = match &song.every_band {
                None => {
                    let p = &h.performances[row];
                    let gap = p.gap.map_or("-".into(), |g| g.to_string());
                    format!(
                        "{mark}{:<10}  {:<7}  {:>3}  {:>3}  {}{}",
                        p.date,
                        p.set,
                        positions(&p.positions),
                        gap,
                        p.venue,
                        place(&p.city)
                    )
                }
                Some(every) => {
                    let p = &every.across.performances[row];
                    format!(
                        "{mark}{:<10}  {}  {:<7}  {:>3}  {}{}",
                        p.date,
                        padded(state.band_name(&p.band), band_width),
                        p.set,
                        positions(&p.positions),
                        p.venue,
                        place(&p.city)
                    )
                }
            };
            if selected {
                Line::styled(text, theme.selection)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(rows), list);
}
