//! Overlays drawn over the panes: search, help, today in history, a band's
//! songs and its statistics.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, HighlightSpacing, List, ListItem, ListState, Paragraph};
use ratatui::Frame;

use super::fit::{tail_fitting, truncate};
use super::layout::popup;
use super::lists::block;
use super::theme::{Theme, SELECTION_SYMBOL};
use super::UiContext;
use crate::app::keymap::SEARCH_KEYS;
use crate::app::state::{
    scroll_offset, stats_entries, AppState, Cursor, SearchState, ShowList, StatsFigure, StatsSection,
};
use crate::cache::{
    plural, AttendedShow, AttendedStats, CatalogOrder, CatalogSong, ScopeStats, ShowRow, CHASER_MIN_PLAYS,
};
use crate::search::matched_indices;

/// What the marks after a song in a setlist mean, for the help.
const SETLIST_MARKS: &[(&str, &str)] = &[
    (">", "segues into the next song"),
    ("->", "jams into the next song"),
    ("*", "on the jam chart (Phish.net)"),
    ("[1]", "a footnote, written below the setlist"),
    ("(tape)", "played over the PA, not by the band: never counted"),
    ("✓", "a show you attended (m marks one)"),
    ("+", "at a show you attended: a song you saw for the first time"),
];

/// A cleared, bordered popup; returns the area inside its border.
fn frame_popup(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str, theme: &Theme) -> Rect {
    let rect = popup(area, width, height);
    frame.render_widget(Clear, rect);
    let block = block(title, true, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    inner
}

/// A selectable list inside a popup, selection kept in view.
fn popup_list(frame: &mut Frame, rect: Rect, items: Vec<ListItem>, cursor: Cursor, theme: &Theme) {
    let offset = scroll_offset(cursor.selected, items.len(), rect.height as usize);
    let mut list_state = ListState::default()
        .with_selected(Some(cursor.selected))
        .with_offset(offset);
    let list = List::new(items)
        .highlight_symbol(SELECTION_SYMBOL)
        .highlight_spacing(HighlightSpacing::Always)
        .highlight_style(theme.selection);
    frame.render_stateful_widget(list, rect, &mut list_state);
}

pub fn search(frame: &mut Frame, area: Rect, state: &AppState, search: &SearchState, theme: &Theme) {
    let width = area.width.saturating_sub(4).clamp(20, 110);
    let height = area.height.saturating_sub(4).clamp(5, 30);
    let inner = frame_popup(frame, area, width, height, "Search", theme);
    let [input, status, results] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);

    // The box scrolls: what is typed last stays in view.
    let room = usize::from(input.width.saturating_sub(3));
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("/ ", theme.accent),
            Span::raw(tail_fitting(&search.query, room)),
            Span::styled("█", theme.dim),
        ])),
        input,
    );
    let scope = match (search.all_bands, state.band()) {
        (false, Some(band)) => format!("in {} (tab: all bands)", band.name),
        _ => "in all bands (tab: this band)".to_string(),
    };
    let count = if search.pending {
        "searching…".to_string()
    } else if search.query.trim().is_empty() {
        "songs, shows, venues, tours".to_string()
    } else {
        format!("{} results", search.results.len())
    };
    frame.render_widget(
        Paragraph::new(Span::styled(format!("{count} {scope}"), theme.dim)),
        status,
    );

    // Highlights are computed for the rows on screen only.
    let offset = scroll_offset(search.cursor.selected, search.results.len(), results.height as usize);
    let shown = search
        .results
        .iter()
        .enumerate()
        .skip(offset)
        .take(results.height as usize);
    let items: Vec<ListItem> = shown
        .map(|(_, hit)| {
            let item = &hit.item;
            let matched = matched_indices(&item.label, &search.query);
            let mut spans = vec![
                Span::styled(format!("{:<5} ", item.kind.as_str()), theme.accent),
                Span::styled(format!("{:<15} ", truncate(state.band_name(&item.band), 15)), theme.dim),
            ];
            spans.extend(item.label.chars().enumerate().map(|(i, c)| {
                let style = if matched.contains(&i) {
                    theme.matched
                } else {
                    Style::default()
                };
                Span::styled(c.to_string(), style)
            }));
            if !item.context.is_empty() {
                spans.push(Span::styled(format!("  {}", item.context), theme.dim));
            }
            ListItem::new(Line::from(spans))
        })
        .collect();
    let cursor = Cursor {
        selected: search.cursor.selected - offset.min(search.cursor.selected),
    };
    popup_list(frame, results, items, cursor, theme);
}

pub fn help(frame: &mut Frame, area: Rect, scroll: usize, ctx: &UiContext) {
    let theme = ctx.theme;
    let inner = frame_popup(frame, area, 78, 34, "Help: keys", theme);
    let mut lines = Vec::new();
    let key_width = ctx
        .keymap
        .bindings()
        .iter()
        .map(|b| b.keys.join(" ").chars().count())
        .max()
        .unwrap_or(10)
        .max(12);
    for binding in ctx.keymap.bindings() {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<key_width$}  ", binding.keys.join(" ")), theme.accent),
            Span::raw(binding.description),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("In the search box", theme.title));
    for (keys, what) in SEARCH_KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<key_width$}  "), theme.accent),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Marks in a setlist", theme.title));
    for (mark, what) in SETLIST_MARKS {
        lines.push(Line::from(vec![
            Span::styled(format!("{mark:<key_width$}  "), theme.accent),
            Span::raw(*what),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Mouse: click to focus and select; the wheel scrolls the pane under it.",
        theme.dim,
    ));
    lines.push(Line::styled(
        "Keys and colours: [keys] and [theme] in config.toml.",
        theme.dim,
    ));
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max_scroll) as u16, 0)), inner);
}

pub fn shows(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    list: &ShowList,
    shows: &[ShowRow],
    cursor: Cursor,
    ctx: &UiContext,
) {
    let theme = ctx.theme;
    let keys = |name: &str| ctx.keymap.key_for(name).to_string();
    let (title, empty) = match list {
        ShowList::Today { month_day } => (
            format!(
                "On this day: {month_day} ({} {}: the day before, after)",
                keys("previous_day"),
                keys("next_day")
            ),
            format!("No show in the cache was played on {month_day}."),
        ),
        ShowList::Venue { title, .. } => (
            format!("{title} · {} · newest first", plural(shows.len(), "show")),
            "No show at this venue is in the cache any more.".to_string(),
        ),
    };
    let inner = frame_popup(frame, area, 90, 24, &title, theme);
    if shows.is_empty() {
        frame.render_widget(Paragraph::new(Span::styled(empty, theme.dim)), inner);
        return;
    }
    let items: Vec<ListItem> = shows
        .iter()
        .map(|s| {
            let band = Span::styled(format!("{:<15} ", truncate(state.band_name(&s.band), 15)), theme.dim);
            // A venue's list names the venue once, in its title.
            let what = match list {
                ShowList::Today { .. } => vec![
                    Span::raw(s.venue.clone()),
                    Span::styled(format!(", {}", s.place()), theme.dim),
                ],
                ShowList::Venue { .. } => vec![Span::styled(plural(s.performances, "song"), theme.dim)],
            };
            let mut spans = vec![Span::raw(format!("{}  ", s.date)), band];
            spans.extend(what);
            ListItem::new(Line::from(spans))
        })
        .collect();
    popup_list(frame, inner, items, cursor, theme);
}

/// A band's song catalog: one row per song, with times played, last played and
/// the current gap, in the order `s` chose.
#[allow(clippy::too_many_arguments)]
pub fn songs(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    band: &str,
    songs: &[CatalogSong],
    order: CatalogOrder,
    cursor: Cursor,
    theme: &Theme,
) {
    let name = state.band_name(band);
    let by = match order {
        CatalogOrder::Plays => "most played",
        CatalogOrder::Gap => "longest gap",
        CatalogOrder::Overdue => "most overdue",
        CatalogOrder::Last => "last played",
        CatalogOrder::Debut => "newest debut",
        CatalogOrder::Name => "name",
    };
    let title = format!("Songs of {name} · {} · by {by} (s: sort)", songs.len());
    let inner = frame_popup(frame, area, 90, 30, &title, theme);
    if songs.is_empty() {
        let text = format!("No song of {name} in the cache yet.");
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let [header, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let name_width = (inner.width as usize).saturating_sub(2 + 6 + 12 + 6).clamp(8, 48);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!("  {:<name_width$}{:>6}  {:<10}{:>6}", "SONG", "PLAYS", "LAST", "GAP"),
            theme.dim,
        )),
        header,
    );
    let items: Vec<ListItem> = songs
        .iter()
        .map(|s| {
            ListItem::new(Line::from(vec![
                Span::raw(format!("{:<name_width$}", truncate(&s.name, name_width))),
                Span::raw(format!("{:>6}  ", s.times_played)),
                Span::styled(format!("{:<10}", s.last_played), theme.dim),
                Span::raw(format!("{:>6}", s.current_gap)),
            ]))
        })
        .collect();
    popup_list(frame, list, items, cursor, theme);
}

/// A band's statistics over a scope: its counts, then each ranking under a
/// heading; the cursor walks the song rows.
pub fn stats(frame: &mut Frame, area: Rect, state: &AppState, stats: &ScopeStats, cursor: Cursor, theme: &Theme) {
    let scope = match stats.scope.as_str() {
        "all" => "every show",
        scope => scope,
    };
    let title = format!("Stats: {} · {scope}", state.band_name(&stats.band));
    let inner = frame_popup(frame, area, 80, 36, &title, theme);
    if stats.shows == 0 {
        let text = "No counted show here in the cache.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let [summary, _, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let span = match (&stats.first, &stats.last) {
        (Some(first), Some(last)) if first != last => format!(", {first} to {last}"),
        (Some(first), _) => format!(", {first}"),
        _ => String::new(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                "{} shows{span} · {} songs played, {} different",
                stats.shows, stats.occurrences, stats.distinct_songs
            ),
            theme.dim,
        )),
        summary,
    );
    let name_width = (inner.width as usize).saturating_sub(2 + 12 + 10).clamp(8, 48);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    let mut section = None;
    for (i, entry) in stats_entries(stats).into_iter().enumerate() {
        if section != Some(entry.section) {
            if section.is_some() {
                lines.push(Line::raw(""));
            }
            section = Some(entry.section);
            let heading = match entry.section {
                StatsSection::MostPlayed => "Most played (shows)",
                StatsSection::Debuts => "Debuts",
                StatsSection::Bustouts => "Bust-outs (shows since the last time)",
                StatsSection::Openers => "Openers (shows)",
                StatsSection::Closers => "Closers, before the encore (shows)",
            };
            lines.push(Line::styled(heading, theme.title));
        }
        let song = format!("{:<name_width$}", truncate(entry.song, name_width));
        let text = match entry.figure {
            StatsFigure::Times(times) => format!("{song}  {times:>6}"),
            StatsFigure::Debut(date) => format!("{date}  {song}"),
            StatsFigure::Bustout { date, gap } => format!("{date}  {song}  {gap:>6}"),
        };
        let selected = i == cursor.selected;
        if selected {
            selected_line = lines.len();
            lines.push(Line::styled(format!("{SELECTION_SYMBOL}{text}"), theme.selection));
        } else {
            lines.push(Line::raw(format!("  {text}")));
        }
    }
    let offset = scroll_offset(selected_line, lines.len(), list.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), list);
}

/// Every attended show, newest first; one not in the cache says so.
pub fn mine(frame: &mut Frame, area: Rect, state: &AppState, shows: &[AttendedShow], cursor: Cursor, ctx: &UiContext) {
    let theme = ctx.theme;
    let title = format!(
        "My shows · {} · {}: what I saw and still chase",
        plural(shows.len(), "show"),
        ctx.keymap.key_for("stats")
    );
    let inner = frame_popup(frame, area, 90, 30, &title, theme);
    if shows.is_empty() {
        let text = format!(
            "No attended show yet: {} on a show marks it.",
            ctx.keymap.key_for("attended")
        );
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let items: Vec<ListItem> = shows
        .iter()
        .map(|a| {
            let band = Span::styled(
                format!("{:<15} ", truncate(state.band_name(&a.mark.band), 15)),
                theme.dim,
            );
            let what = match &a.show {
                Some(s) => vec![
                    Span::raw(s.venue.clone()),
                    Span::styled(format!(", {}", s.place()), theme.dim),
                ],
                None => vec![Span::styled("not in the cache", theme.dim)],
            };
            let mut spans = vec![Span::raw(format!("{}  ", a.mark.date)), band];
            spans.extend(what);
            ListItem::new(Line::from(spans))
        })
        .collect();
    popup_list(frame, inner, items, cursor, theme);
}

/// What the user saw (most seen first) and the often-played songs never seen.
pub fn mine_stats(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    stats: &AttendedStats,
    scroll: usize,
    theme: &Theme,
) {
    let inner = frame_popup(frame, area, 80, 36, "My shows: what I saw and still chase", theme);
    if stats.shows == 0 {
        let text = "No attended show is in the cache yet.";
        frame.render_widget(Paragraph::new(Span::styled(text, theme.dim)), inner);
        return;
    }
    let bands: Vec<String> = stats
        .bands
        .iter()
        .map(|b| format!("{} {}", state.band_name(&b.band), b.shows))
        .collect();
    let mut lines = vec![
        Line::from(format!(
            "{} · {}",
            plural(stats.shows, "attended show"),
            bands.join(", ")
        )),
        Line::raw(""),
        Line::styled(format!("Songs seen ({})", stats.songs_seen.len()), theme.title),
    ];
    // The figures stay in view: the song's name gives way in a narrow popup.
    let w = usize::from(inner.width).saturating_sub(16 + 23).clamp(8, 36);
    let row = |song: &str, band: &str, figure: String| {
        Line::from(vec![
            Span::raw(format!("{:<w$} ", truncate(song, w))),
            Span::styled(format!("{:<15} ", truncate(state.band_name(band), 15)), theme.dim),
            Span::raw(figure),
        ])
    };
    for s in &stats.songs_seen {
        let times = if s.times_seen == 1 {
            "once".to_string()
        } else {
            format!("{}×", s.times_seen)
        };
        lines.push(row(&s.song, &s.band, format!("{times:>5}  last {}", s.last_seen)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "Never seen, played {CHASER_MIN_PLAYS}+ times ({})",
            stats.never_seen.len()
        ),
        theme.title,
    ));
    for s in &stats.never_seen {
        lines.push(row(&s.song, &s.band, format!("{:>5} plays", s.times_played)));
    }
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max_scroll) as u16, 0)), inner);
}
