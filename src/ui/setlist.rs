//! The setlist pane: header, sets with segue marks, footnotes, and notes.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::lists::block;
use super::theme::{Theme, ATTENDED_MARK, FIRST_SEEN_MARK, SELECTION_SYMBOL};
use crate::app::state::{scroll_offset, AppState};
use crate::cache::SetlistShow;

pub fn draw(frame: &mut Frame, rect: Rect, state: &AppState, focused: bool, theme: &Theme) {
    let block = block("Setlist", focused, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let Some(show) = &state.setlist else {
        let hint = if state.shows.is_empty() { "" } else { "Choose a show." };
        frame.render_widget(Paragraph::new(Span::styled(hint, theme.dim)), inner);
        return;
    };
    let at = state.setlist_cursor.selected;
    let selected = focused.then_some(at);
    let attended = state.attended.contains(&show.id);
    let (lines, song_lines) = lines(show, inner.width as usize, selected, attended, theme);
    let offset = if focused {
        reading_offset(&song_lines, lines.len(), inner.height as usize, at)
    } else {
        0
    };
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), inner);
}

/// How many places the setlist's cursor has in a pane `width` × `height`: each song,
/// then one per line the text scrolls on below the last song (notes, permalink),
/// so that all of it can be read.
pub fn positions(show: &SetlistShow, width: usize, height: usize) -> usize {
    let (lines, song_lines) = lines(show, width, None, false, &Theme::default());
    let total = lines.len();
    let last = total.saturating_sub(height);
    match song_lines.last() {
        Some(&line) => song_lines.len() + (last - scroll_offset(line, total, height)),
        None => last + 1,
    }
}

/// The first line shown with the cursor at `at`: on a song, that song in view; past
/// the songs, one line further on for each step.
pub fn reading_offset(song_lines: &[usize], total: usize, height: usize, at: usize) -> usize {
    let last = total.saturating_sub(height);
    match (song_lines.get(at), song_lines.last()) {
        (Some(&line), _) => scroll_offset(line, total, height),
        (None, Some(&line)) => (scroll_offset(line, total, height) + at + 1 - song_lines.len()).min(last),
        (None, None) => at.min(last),
    }
}

/// The setlist as display lines, wrapped to `width`, and the line of each song.
/// An `attended` show says so in its header and marks the songs first seen there.
pub fn lines<'a>(
    show: &'a SetlistShow,
    width: usize,
    selected: Option<usize>,
    attended: bool,
    theme: &Theme,
) -> (Vec<Line<'a>>, Vec<usize>) {
    let mut lines = Vec::new();
    let venue = show.venue.as_deref().unwrap_or("Unknown venue");
    // The mark first, so that a narrow pane still shows it.
    let mut header = vec![Span::styled(format!("{} · {venue}", show.date), theme.title)];
    if attended {
        header.insert(0, Span::styled(format!("{ATTENDED_MARK} "), theme.accent));
    }
    lines.push(Line::from(header));
    let place: Vec<&str> = [&show.city, &show.state, &show.country]
        .into_iter()
        .filter_map(|p| p.as_deref())
        .collect();
    push_wrapped(&mut lines, &place.join(", "), width, theme.dim);
    if let Some(tour) = &show.tour {
        push_wrapped(&mut lines, tour, width, theme.dim);
    }
    let excluded = match show.excluded.as_deref() {
        Some("future") => "Upcoming: not counted",
        Some(_) => "Not counted in statistics (the source excludes it)",
        None => "",
    };
    push_wrapped(&mut lines, excluded, width, theme.dim);

    let mut footnotes: Vec<&str> = Vec::new();
    let mut song_lines = Vec::new();
    if show.sets.iter().all(|s| s.songs.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled("No setlist.", theme.dim));
    }
    for set in show.sets.iter().filter(|s| !s.songs.is_empty()) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(set.label.clone(), theme.accent.patch(theme.title)));
        for (i, song) in set.songs.iter().enumerate() {
            let is_selected = selected == Some(song_lines.len());
            let base = if song.tape { theme.dim } else { Style::default() };
            let mut spans = vec![
                Span::raw(if is_selected { SELECTION_SYMBOL } else { "  " }),
                Span::styled(song.name.as_str(), base),
            ];
            if song.jamchart {
                spans.push(Span::styled(" *", theme.jamchart));
            }
            if show.first_seen.contains(&song.song_id) {
                spans.push(Span::styled(format!(" {FIRST_SEEN_MARK}"), theme.accent));
            }
            if let Some(note) = &song.footnote {
                footnotes.push(note);
                spans.push(Span::styled(format!(" [{}]", footnotes.len()), theme.accent));
            }
            if song.tape {
                spans.push(Span::styled(" (tape)", theme.dim));
            }
            if let Some(artist) = &song.original_artist {
                spans.push(Span::styled(format!(" ({artist})"), theme.dim));
            }
            if let Some(guest) = &song.guest {
                spans.push(Span::styled(format!(" with {guest}"), theme.dim));
            }
            let last = i + 1 == set.songs.len();
            match song.transition.as_str() {
                ">" => spans.push(Span::styled(" >", theme.accent)),
                "->" => spans.push(Span::styled(" ->", theme.accent)),
                "," if !last => spans.push(Span::raw(",")),
                _ => {}
            }
            let mut line = Line::from(spans);
            if is_selected {
                line = line.style(theme.selection);
            }
            song_lines.push(lines.len());
            lines.push(line);
        }
    }
    let has_jamchart = show.sets.iter().flat_map(|s| &s.songs).any(|s| s.jamchart);
    if !footnotes.is_empty() || has_jamchart {
        lines.push(Line::raw(""));
    }
    for (n, note) in footnotes.iter().enumerate() {
        push_wrapped(&mut lines, &format!("[{}] {note}", n + 1), width, theme.dim);
    }
    if has_jamchart {
        lines.push(Line::styled("* jam chart", theme.jamchart));
    }
    if !show.first_seen.is_empty() {
        if !has_jamchart && footnotes.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!("{FIRST_SEEN_MARK} first time you saw it ({})", show.first_seen.len()),
            theme.accent,
        ));
    }
    if let Some(notes) = &show.notes {
        lines.push(Line::raw(""));
        for paragraph in notes.lines() {
            push_wrapped(&mut lines, paragraph, width, Style::default());
        }
    }
    if let Some(link) = &show.permalink {
        lines.push(Line::raw(""));
        push_wrapped(&mut lines, link, width, theme.dim);
    }
    (lines, song_lines)
}

/// Wraps by display width, so a line never runs past the pane or splits a character.
fn push_wrapped<'a>(lines: &mut Vec<Line<'a>>, text: &str, width: usize, style: Style) {
    if text.is_empty() {
        return;
    }
    for piece in textwrap::wrap(text, width.max(1)) {
        lines.push(Line::styled(piece.into_owned(), style));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_the_songs_each_step_shows_one_more_line() {
        // Songs on lines 3..=5 of 30, a pane 10 lines tall: the last song shows
        // from line 0, and 20 steps more bring line 29 to the bottom.
        let songs = [3, 4, 5];
        assert_eq!(reading_offset(&songs, 30, 10, 2), 0);
        assert_eq!(reading_offset(&songs, 30, 10, 3), 1);
        assert_eq!(reading_offset(&songs, 30, 10, 22), 20);
        assert_eq!(reading_offset(&songs, 30, 10, 99), 20, "never past the end");
        // No songs: the steps scroll from the top.
        assert_eq!(reading_offset(&[], 30, 10, 0), 0);
        assert_eq!(reading_offset(&[], 30, 10, 7), 7);
        // All of it fits: nothing scrolls.
        assert_eq!(reading_offset(&songs, 8, 10, 5), 0);
    }
}
