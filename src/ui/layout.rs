//! Where everything goes on screen: a pure function of the state and its size,
//! used both to draw and to hit-test the mouse.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::state::{scroll_offset, AppState, Focus};

/// Below this the panes cannot be drawn; a "too small" screen is shown instead.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;
/// The status bar: place and messages, then key hints.
pub const STATUS_HEIGHT: u16 = 2;
/// The song pane's statistics and chart, above its list.
pub const SONG_HEADER_HEIGHT: u16 = 5;
/// The chart's tallest; it never takes more than a third of the pane.
const SONG_CHART_MAX: u16 = 6;

/// Rows of the song pane's chart, for a pane whose inside is `inner_height` tall.
pub fn song_chart_height(inner_height: u16) -> u16 {
    SONG_CHART_MAX.min(inner_height / 3)
}

/// (narrowest, preferred) widths of each column.
fn widths(pane: Focus) -> (u16, u16) {
    match pane {
        Focus::Bands => (18, 18),
        Focus::Groups => (26, 33),
        Focus::Shows => (28, 31),
        Focus::Setlist | Focus::Song => (36, 60),
    }
}

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// The panes area and the status bar.
pub fn split(area: Rect) -> (Rect, Rect) {
    let [panes, status] = Layout::vertical([Constraint::Min(0), Constraint::Length(STATUS_HEIGHT)]).areas(area);
    (panes, status)
}

/// The whole screen as the state last saw it.
pub fn screen(state: &AppState) -> Rect {
    Rect::new(0, 0, state.width, state.height)
}

/// Rows one item of a pane's list takes.
pub fn rows_per_item(pane: Focus) -> usize {
    match pane {
        Focus::Bands => 3,
        Focus::Groups | Focus::Shows => 2,
        Focus::Setlist | Focus::Song => 1,
    }
}

/// The columns to draw, left to right, with their rectangles. As many as fit, always
/// the focused one, and the one to its right (its preview) when there is room.
pub fn panes(state: &AppState, area: Rect) -> Vec<(Focus, Rect)> {
    if too_small(area.width, area.height) {
        return Vec::new();
    }
    let (area, _) = split(area);
    let detail = if state.song.is_some() {
        Focus::Song
    } else {
        Focus::Setlist
    };
    let chain = [Focus::Bands, Focus::Groups, Focus::Shows, detail];
    let focus = match state.focus {
        Focus::Song | Focus::Setlist => 3,
        other => chain.iter().position(|p| *p == other).unwrap_or(0),
    };
    // A focused setlist or song gets room to read: half the screen at least.
    let narrowest = |pane: Focus| match pane {
        Focus::Setlist | Focus::Song if focus == 3 => widths(pane).0.max(area.width / 2),
        other => widths(other).0,
    };
    let fits =
        |start: usize, len: usize| chain[start..start + len].iter().map(|p| narrowest(*p)).sum::<u16>() <= area.width;
    let mut best: Option<(bool, usize, usize)> = None;
    for len in (1..=chain.len()).rev() {
        for start in (0..=chain.len() - len).rev() {
            if !(start..start + len).contains(&focus) || !fits(start, len) {
                continue;
            }
            let previews = focus + 1 < chain.len() && focus + 1 < start + len;
            let better = match best {
                None => true,
                Some((p, l, _)) => (previews, len) > (p, l),
            };
            if better {
                best = Some((previews, len, start));
            }
        }
    }
    let (_, len, start) = best.unwrap_or((false, 1, focus));
    let shown = &chain[start..start + len];

    // Narrowest widths first, then preferred widths left to right; the last takes the rest.
    let mut sizes: Vec<u16> = shown.iter().map(|p| narrowest(*p).min(area.width)).collect();
    let mut spare = area.width.saturating_sub(sizes.iter().sum());
    for (i, pane) in shown.iter().enumerate().take(shown.len() - 1) {
        let grow = widths(*pane).1.saturating_sub(sizes[i]).min(spare);
        sizes[i] += grow;
        spare -= grow;
    }
    let constraints: Vec<Constraint> = sizes
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i + 1 == sizes.len() {
                Constraint::Min(0)
            } else {
                Constraint::Length(*w)
            }
        })
        .collect();
    let rects = Layout::horizontal(constraints).split(area);
    shown.iter().copied().zip(rects.iter().copied()).collect()
}

/// The rows of a pane's list: inside the border, and below the song's header and chart.
pub fn list_area(pane: Focus, rect: Rect) -> Rect {
    let inner = Rect {
        x: rect.x.saturating_add(1),
        y: rect.y.saturating_add(1),
        width: rect.width.saturating_sub(2),
        height: rect.height.saturating_sub(2),
    };
    if pane != Focus::Song {
        return inner;
    }
    let top = (SONG_HEADER_HEIGHT + song_chart_height(inner.height) + 1).min(inner.height);
    Rect {
        y: inner.y + top,
        height: inner.height - top,
        ..inner
    }
}

/// How many items a pane's list shows; a page key moves this far.
pub fn list_height(state: &AppState, pane: Focus) -> usize {
    let rows = panes(state, screen(state))
        .into_iter()
        .find(|(p, _)| *p == pane)
        .map(|(p, r)| list_area(p, r).height as usize)
        .unwrap_or_else(|| state.height.saturating_sub(STATUS_HEIGHT + 2) as usize);
    rows / rows_per_item(pane)
}

/// How many places the setlist's cursor has: its songs, then the lines below them.
pub fn setlist_positions(state: &AppState) -> usize {
    let Some(show) = &state.setlist else {
        return 0;
    };
    let rect = panes(state, screen(state))
        .into_iter()
        .find(|(p, _)| *p == Focus::Setlist)
        .map_or_else(|| split(screen(state)).0, |(_, r)| r);
    let inner = list_area(Focus::Setlist, rect);
    super::setlist::positions(show, inner.width as usize, inner.height as usize)
}

/// The pane under a screen cell, and the list row there (as an item index) if any.
pub fn pane_at(state: &AppState, column: u16, row: u16) -> Option<(Focus, usize)> {
    let (pane, rect) = panes(state, screen(state))
        .into_iter()
        .find(|(_, r)| column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height)?;
    let (cursor, len) = match pane {
        Focus::Bands => (state.bands_cursor, state.bands.len()),
        Focus::Groups => (state.groups_cursor, state.groups.len()),
        Focus::Shows => (state.shows_cursor, state.shows.len()),
        Focus::Song => (
            state.song_cursor,
            state.song.as_ref().map_or(0, |s| s.history.performances.len()),
        ),
        // Setlist lines are not one per item: a click there only focuses.
        Focus::Setlist => return Some((pane, state.setlist_cursor.selected)),
    };
    let list = list_area(pane, rect);
    if row < list.y || row >= list.y + list.height {
        return Some((pane, cursor.selected));
    }
    let per_item = rows_per_item(pane);
    let visible = list.height as usize / per_item;
    let index = scroll_offset(cursor.selected, len, visible) + (row - list.y) as usize / per_item;
    Some((pane, index.min(len.saturating_sub(1))))
}

/// A centred popup of at most `width` × `height`, always inside `area`.
pub fn popup(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width.saturating_sub(2)).max(1).min(area.width);
    let h = height.min(area.height.saturating_sub(2)).max(1).min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
    .intersection(area)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_song_chart_takes_at_most_a_third_of_the_pane() {
        assert_eq!(song_chart_height(36), 6, "never taller than six rows");
        assert_eq!(song_chart_height(15), 5);
        assert_eq!(song_chart_height(4), 1);
        assert_eq!(song_chart_height(2), 0);
    }

    fn state(width: u16, height: u16, focus: Focus) -> AppState {
        let mut s = AppState::new("11-22", width, height);
        s.focus = focus;
        s
    }

    fn shown(width: u16, focus: Focus) -> Vec<Focus> {
        let s = state(width, 40, focus);
        panes(&s, screen(&s)).into_iter().map(|(p, _)| p).collect()
    }

    #[test]
    fn wide_terminals_show_every_column() {
        assert_eq!(
            shown(120, Focus::Shows),
            [Focus::Bands, Focus::Groups, Focus::Shows, Focus::Setlist]
        );
    }

    #[test]
    fn narrower_ones_keep_the_focus_and_its_preview() {
        assert_eq!(shown(80, Focus::Bands), [Focus::Bands, Focus::Groups, Focus::Shows]);
        assert_eq!(shown(80, Focus::Shows), [Focus::Shows, Focus::Setlist]);
        assert_eq!(shown(80, Focus::Setlist), [Focus::Shows, Focus::Setlist]);
        assert_eq!(
            shown(120, Focus::Setlist),
            [Focus::Groups, Focus::Shows, Focus::Setlist]
        );
        assert_eq!(shown(40, Focus::Groups), [Focus::Groups]);
    }

    #[test]
    fn columns_fill_the_width_exactly() {
        for width in [30, 47, 80, 100, 120, 200] {
            let s = state(width, 30, Focus::Groups);
            let rects = panes(&s, screen(&s));
            assert_eq!(rects.iter().map(|(_, r)| r.width).sum::<u16>(), width);
        }
        let s = state(20, 30, Focus::Groups);
        assert!(panes(&s, screen(&s)).is_empty());
    }

    #[test]
    fn popups_stay_inside_tiny_areas() {
        for (w, h) in [(1, 1), (2, 2), (10, 3), (80, 24)] {
            let area = Rect::new(0, 0, w, h);
            let p = popup(area, 70, 20);
            assert!(area.contains(p.as_position()) || p.area() == 0);
            assert!(p.right() <= area.right() && p.bottom() <= area.bottom());
        }
    }
}
