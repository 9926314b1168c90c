//! The one place the state changes: `update(state, action) -> effects`.
//! Pure: no I/O, no clock; the event loop runs the effects.

use super::action::{Action, Effect, Loaded};
use super::state::{stats_entries, EveryBand, SetlistPick, ShowList, BACK_LIMIT};
use super::state::{AppState, Cursor, Focus, JumpTarget, Message, Overlay, RefreshStatus, SearchState, SortOrder};
use crate::cache::{
    song_key, sort_catalog, AttendedShow, CatalogOrder, GroupKey, Grouping, ItemKind, ItemTarget, StatsScope, TourMatch,
};
use crate::search::{SearchQuery, MAX_QUERY_CHARS};
use crate::ui::layout;

/// Results kept per search; more than a screen can show.
const SEARCH_LIMIT: usize = 200;
/// Rows the mouse wheel moves.
const WHEEL_STEP: isize = 3;

pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Resize { width, height } => {
            state.width = width;
            state.height = height;
            // The setlist wraps anew: its cursor may now be past the end.
            state.setlist_cursor = state.setlist_cursor.clamped(layout::setlist_positions(state));
            Vec::new()
        }
        Action::Loaded(loaded) => on_loaded(state, *loaded),
        Action::SearchDone { generation, result } => {
            let Some(Overlay::Search(search)) = &mut state.overlay else {
                return Vec::new();
            };
            if search.generation != generation {
                return Vec::new();
            }
            search.pending = false;
            match result {
                Ok(hits) => {
                    search.results = hits;
                    search.cursor = Cursor::default();
                    if std::mem::take(&mut search.go_when_ready) {
                        return on_overlay(state, Action::DrillIn);
                    }
                }
                Err(e) => state.message = error(format!("search failed: {e}")),
            }
            Vec::new()
        }
        Action::RefreshProgress {
            band,
            done,
            total,
            message,
        } => {
            let built_in = state.refresh.as_ref().is_some_and(|r| r.built_in);
            state.refresh = Some(RefreshStatus {
                band,
                built_in,
                done,
                total,
                message,
            });
            Vec::new()
        }
        Action::RefreshDone { band, result } => {
            state.refresh = None;
            state.message = Some(match result {
                Ok(summary) => Message {
                    text: summary,
                    is_error: false,
                },
                Err(e) => Message {
                    text: format!("{band}: {e}"),
                    is_error: true,
                },
            });
            reload()
        }
        // Nothing to do if a refresh (of this band or another) already runs.
        Action::LoadBuiltIn { band } if state.refresh.is_none() => start_refresh(state, band, true),
        Action::LoadBuiltIn { .. } => Vec::new(),
        Action::CacheChanged => reload(),
        Action::Failed(text) => {
            state.message = error(text);
            state.leaving = None;
            state.song_loading = false;
            state.overlay_loading = false;
            Vec::new()
        }
        Action::Quit => {
            state.should_quit = true;
            Vec::new()
        }
        Action::Suspend => vec![Effect::Suspend],
        action => {
            state.message = None;
            if state.overlay.is_some() {
                on_overlay(state, action)
            } else {
                on_panes(state, action)
            }
        }
    }
}

fn error(text: String) -> Option<Message> {
    Some(Message { text, is_error: true })
}

fn info(text: impl Into<String>) -> Option<Message> {
    Some(Message {
        text: text.into(),
        is_error: false,
    })
}

fn start_refresh(state: &mut AppState, band: String, built_in: bool) -> Vec<Effect> {
    state.refresh = Some(RefreshStatus {
        band: band.clone(),
        built_in,
        done: 0,
        total: 0,
        message: "starting".into(),
    });
    vec![Effect::StartRefresh { band, built_in }]
}

/// Everything again, keeping each selection by identity.
fn reload() -> Vec<Effect> {
    vec![Effect::LoadBands, Effect::LoadAttended, Effect::RebuildSearch]
}

fn on_loaded(state: &mut AppState, loaded: Loaded) -> Vec<Effect> {
    match loaded {
        Loaded::Bands(bands) => {
            let keep = state.band().map(|b| b.slug.clone());
            let wanted = state.jump.as_ref().map(|j| j.band.clone()).or(keep);
            state.bands = bands;
            state.bands_cursor = match wanted.and_then(|slug| state.bands.iter().position(|b| b.slug == slug)) {
                Some(i) => Cursor { selected: i },
                None => state.bands_cursor.clamped(state.bands.len()),
            };
            let mut effects = load_groups(state);
            if let Some(song) = &state.song {
                let (band, song_id) = (song.history.band.clone(), song.song_id);
                effects.push(load_song(state, band, song_id));
            }
            effects
        }
        Loaded::Groups { band, groups } => {
            if state.band().map(|b| b.slug.as_str()) != Some(band.as_str()) {
                return Vec::new();
            }
            let wanted = match &state.jump {
                Some(jump) if jump.band == band => Some(jump.group),
                _ => state.group().map(|g| g.key),
            };
            state.groups = groups;
            state.groups_cursor = match wanted.and_then(|k| state.groups.iter().position(|g| g.key == k)) {
                Some(i) => Cursor { selected: i },
                None => Cursor::default(),
            };
            load_shows(state)
        }
        Loaded::Shows { band, group, shows } => {
            if state.group().map(|g| g.key) != Some(group) || state.band().map(|b| b.slug.as_str()) != Some(&band) {
                return Vec::new();
            }
            let jump = state.jump.take_if(|j| j.band == band && j.group == group);
            let wanted = jump.as_ref().map(|j| j.show_id).or(state.show().map(|s| s.id));
            state.shows = shows;
            state.shows_cursor = match wanted.and_then(|id| state.shows.iter().position(|s| s.id == id)) {
                Some(i) => Cursor { selected: i },
                None => Cursor::default(),
            };
            if let Some(jump) = jump {
                state.focus = jump.focus;
            }
            load_setlist(state)
        }
        Loaded::Setlist(setlist) => {
            let same = state.setlist.as_ref().map(|s| s.id) == setlist.as_ref().map(|s| s.id);
            state.setlist = setlist;
            let len = layout::setlist_positions(state);
            let id = state.setlist.as_ref().map(|s| s.id);
            let pick = state.setlist_pick.take().filter(|(show, _)| Some(*show) == id);
            state.setlist_cursor = match pick.and_then(|(_, p)| p.index_in(&state.setlist_songs(), len)) {
                Some(selected) => Cursor { selected },
                None if same => state.setlist_cursor.clamped(len),
                None => Cursor::default(),
            };
            Vec::new()
        }
        Loaded::Song { generation, view } => {
            if generation != state.song_generation || !state.song_loading {
                return Vec::new(); // a newer request is on its way, or Esc called it off
            }
            state.song_loading = false;
            landed(state);
            let same = state.song.as_ref().map(|s| s.song_id) == Some(view.song_id);
            // A history read again (the cache changed) keeps showing every band.
            let every_band = same && state.song.as_ref().is_some_and(|s| s.every_band.is_some());
            let (len, song_id) = (view.len(), view.song_id);
            state.song = Some(view);
            if same {
                state.song_cursor = state.song_cursor.clamped(len);
            } else {
                state.song_cursor = Cursor::default();
                state.focus = Focus::Song;
            }
            if every_band {
                return vec![load_song_across(state, song_id)];
            }
            Vec::new()
        }
        Loaded::SongAcross { generation, across } => {
            if generation != state.song_generation || !state.song_loading {
                return Vec::new();
            }
            state.song_loading = false;
            if let Some(song) = &mut state.song {
                let kept = song.every_band.is_some();
                song.every_band = Some(EveryBand::new(across));
                let len = song.len();
                state.song_cursor = if kept {
                    state.song_cursor.clamped(len)
                } else {
                    Cursor::default()
                };
                state.focus = Focus::Song;
            }
            Vec::new()
        }
        Loaded::Stats(stats) => {
            state.overlay_loading = false;
            state.overlay = Some(Overlay::Stats {
                stats,
                cursor: Cursor::default(),
            });
            Vec::new()
        }
        Loaded::Catalog { band, songs } => {
            state.overlay_loading = false;
            state.overlay = Some(Overlay::Songs {
                band,
                songs,
                order: CatalogOrder::default(),
                cursor: Cursor::default(),
            });
            Vec::new()
        }
        Loaded::ShowList { list, shows } => {
            state.overlay_loading = false;
            state.overlay = Some(Overlay::Shows {
                list,
                shows,
                cursor: Cursor::default(),
            });
            Vec::new()
        }
        Loaded::Attended(attended) => {
            state.attended = attended;
            Vec::new()
        }
        Loaded::AttendedChanged { attended, message } => {
            state.attended = attended;
            state.message = info(message);
            // The setlist's first-seen marks, and the open song's count, change with it.
            let mut effects = load_setlist(state);
            if let Some(song) = &state.song {
                let (band, song_id) = (song.history.band.clone(), song.song_id);
                effects.push(load_song(state, band, song_id));
            }
            effects
        }
        Loaded::Mine(shows) => {
            state.overlay_loading = false;
            state.overlay = Some(Overlay::Mine {
                shows,
                cursor: Cursor::default(),
            });
            Vec::new()
        }
        Loaded::MineStats(stats) => {
            state.overlay_loading = false;
            state.overlay = Some(Overlay::MineStats { stats, scroll: 0 });
            Vec::new()
        }
        Loaded::Located {
            show_id,
            band,
            group,
            focus,
        } => {
            state.jump = Some(JumpTarget {
                band: band.clone(),
                group,
                show_id,
                focus,
            });
            landed(state);
            // A jump to a show closes the song's history (the back stack keeps it).
            if focus != Focus::Song {
                state.song = None;
                state.song_loading = false;
            }
            if let Some(i) = state.bands.iter().position(|b| b.slug == band) {
                state.bands_cursor = Cursor { selected: i };
            }
            vec![Effect::LoadGroups {
                band,
                grouping: state.grouping,
            }]
        }
    }
}

/// Asks for a song's history; only the answer to the newest request is taken.
fn load_song(state: &mut AppState, band: String, song_id: i64) -> Effect {
    state.song_generation += 1;
    state.song_loading = true;
    Effect::LoadSong {
        band,
        song_id,
        generation: state.song_generation,
    }
}

/// Asks for the open song under every band, as the next of the song's requests.
fn load_song_across(state: &mut AppState, song_id: i64) -> Effect {
    state.song_generation += 1;
    state.song_loading = true;
    Effect::LoadSongAcross {
        song_id,
        generation: state.song_generation,
    }
}

/// What the stats key opens: the band's from the band pane, else the selected
/// tour's or year's (a year's shows outside any tour: that year's).
fn stats_scope(state: &AppState) -> Option<(String, StatsScope)> {
    let band = state.band()?.slug.clone();
    if state.focus == Focus::Bands {
        return Some((band, StatsScope::Band));
    }
    let group = state.group()?;
    let scope = match group.key {
        GroupKey::Tour(id) => StatsScope::Tour(TourMatch {
            name: group.name.clone(),
            ids: vec![id],
        }),
        GroupKey::Year(year) | GroupKey::Untoured(year) => StatsScope::Year(year),
    };
    Some((band, scope))
}

fn load_groups(state: &AppState) -> Vec<Effect> {
    match state.band() {
        Some(band) => vec![Effect::LoadGroups {
            band: band.slug.clone(),
            grouping: state.grouping,
        }],
        None => Vec::new(),
    }
}

fn load_shows(state: &mut AppState) -> Vec<Effect> {
    match (state.band(), state.group()) {
        (Some(band), Some(group)) => vec![Effect::LoadShows {
            band: band.slug.clone(),
            group: group.key,
        }],
        _ => {
            state.shows.clear();
            state.setlist = None;
            Vec::new()
        }
    }
}

fn load_setlist(state: &mut AppState) -> Vec<Effect> {
    match state.show() {
        Some(show) => vec![Effect::LoadSetlist { show_id: show.id }],
        None => {
            state.setlist = None;
            Vec::new()
        }
    }
}

/// Rows a page key moves in the focused pane.
fn page(state: &AppState) -> isize {
    layout::list_height(state, state.focus).max(1) as isize
}

fn on_panes(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::Up => move_in(state, state.focus, -1),
        Action::Down => move_in(state, state.focus, 1),
        Action::Top => move_in(state, state.focus, isize::MIN / 2),
        Action::Bottom => move_in(state, state.focus, isize::MAX / 2),
        Action::PageUp => move_in(state, state.focus, -page(state)),
        Action::PageDown => move_in(state, state.focus, page(state)),
        Action::HalfPageUp => move_in(state, state.focus, -(page(state) / 2).max(1)),
        Action::HalfPageDown => move_in(state, state.focus, (page(state) / 2).max(1)),
        Action::DrillIn => drill_in(state),
        Action::Back | Action::Out => {
            if action == Action::Back {
                if let Some(effects) = go_back(state) {
                    return effects;
                }
            }
            // Esc also calls off a history still being read.
            state.song_loading = false;
            state.focus = match state.focus {
                Focus::Song => {
                    state.song = None;
                    Focus::Setlist
                }
                Focus::Setlist => Focus::Shows,
                Focus::Shows => Focus::Groups,
                Focus::Groups | Focus::Bands => Focus::Bands,
            };
            Vec::new()
        }
        Action::FocusNext | Action::FocusPrev => {
            let panes = state.open_panes();
            let at = panes.iter().position(|p| *p == state.focus).unwrap_or(0);
            let step = if action == Action::FocusNext {
                1
            } else {
                panes.len() - 1
            };
            state.focus = panes[(at + step) % panes.len()];
            Vec::new()
        }
        Action::OpenSearch => {
            // Every band; Tab narrows to the selected one.
            state.overlay = Some(Overlay::Search(SearchState {
                all_bands: true,
                ..SearchState::default()
            }));
            Vec::new()
        }
        Action::OpenHelp => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::OpenSongs => match state.band().map(|b| b.slug.clone()) {
            Some(band) => {
                state.overlay_loading = true;
                vec![Effect::LoadCatalog { band }]
            }
            None => Vec::new(),
        },
        Action::OpenStats => match stats_scope(state) {
            Some((band, scope)) => {
                state.overlay_loading = true;
                vec![Effect::LoadStats { band, scope }]
            }
            None => Vec::new(),
        },
        Action::ToggleBands => {
            let Some(song) = &mut state.song else {
                return Vec::new();
            };
            if song.every_band.take().is_some() {
                // Back to this band's history, which is at hand.
                state.song_loading = false;
                state.song_cursor = Cursor::default();
                return Vec::new();
            }
            let song_id = song.song_id;
            vec![load_song_across(state, song_id)]
        }
        Action::ToggleAttended => {
            // The show in view: the setlist's, else the one selected in the shows pane.
            let show = match state.focus {
                Focus::Setlist | Focus::Song => state.setlist.as_ref().map(|s| s.id),
                Focus::Shows => state.show().map(|s| s.id),
                Focus::Bands | Focus::Groups => None,
            };
            match show {
                Some(show_id) => vec![Effect::ToggleAttended { show_id }],
                None => {
                    state.message = info("choose a show to mark as attended");
                    Vec::new()
                }
            }
        }
        Action::OpenMine => {
            state.overlay_loading = true;
            vec![Effect::LoadMine]
        }
        Action::OpenToday => {
            state.overlay_loading = true;
            vec![Effect::LoadShowList(ShowList::Today {
                month_day: state.today.clone(),
            })]
        }
        Action::Refresh => match (&state.refresh, state.band()) {
            (Some(running), _) => {
                state.message = info(format!("a refresh of {} is already running", running.band));
                Vec::new()
            }
            (None, None) => Vec::new(),
            (None, Some(band)) => {
                let band = band.slug.clone();
                start_refresh(state, band, false)
            }
        },
        Action::Copy => match &state.setlist {
            Some(setlist) if !setlist.text.is_empty() => {
                let band = state.band_name(&setlist.band);
                let place: Vec<&str> = [&setlist.venue, &setlist.city]
                    .into_iter()
                    .filter_map(|p| p.as_deref())
                    .collect();
                let text = format!("{band} · {} · {}\n{}", setlist.date, place.join(", "), setlist.text);
                // OSC 52 asks the terminal; it may refuse, and nothing says so.
                state.message = info(format!(
                    "sent the setlist of {} to the terminal's clipboard (OSC 52)",
                    setlist.date
                ));
                vec![Effect::Copy(text)]
            }
            _ => {
                state.message = info("no setlist to copy");
                Vec::new()
            }
        },
        Action::ToggleGrouping => {
            state.grouping = match state.grouping {
                Grouping::Tours => Grouping::Years,
                Grouping::Years => Grouping::Tours,
            };
            load_groups(state)
        }
        Action::ToggleSort => {
            if state.song.is_some() {
                state.song_order = match state.song_order {
                    SortOrder::NewestFirst => SortOrder::OldestFirst,
                    SortOrder::OldestFirst => SortOrder::NewestFirst,
                };
                state.song_cursor = Cursor::default();
            }
            Vec::new()
        }
        Action::Click { column, row } => match layout::pane_at(state, column, row) {
            Some((pane, index)) => {
                state.focus = pane;
                let cursor = cursor_of(state, pane);
                let delta = index as isize - cursor.selected as isize;
                move_in(state, pane, delta)
            }
            None => Vec::new(),
        },
        Action::Scroll { column, row, down } => match layout::pane_at(state, column, row) {
            Some((pane, _)) => move_in(state, pane, if down { WHEEL_STEP } else { -WHEEL_STEP }),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn cursor_of(state: &AppState, pane: Focus) -> Cursor {
    match pane {
        Focus::Bands => state.bands_cursor,
        Focus::Groups => state.groups_cursor,
        Focus::Shows => state.shows_cursor,
        Focus::Setlist => state.setlist_cursor,
        Focus::Song => state.song_cursor,
    }
}

/// Moves a pane's selection and loads what depends on it.
fn move_in(state: &mut AppState, pane: Focus, delta: isize) -> Vec<Effect> {
    match pane {
        Focus::Bands => {
            let moved = state.bands_cursor.moved(delta, state.bands.len());
            if moved == state.bands_cursor {
                return Vec::new();
            }
            state.bands_cursor = moved;
            load_groups(state)
        }
        Focus::Groups => {
            let moved = state.groups_cursor.moved(delta, state.groups.len());
            if moved == state.groups_cursor {
                return Vec::new();
            }
            state.groups_cursor = moved;
            load_shows(state)
        }
        Focus::Shows => {
            let moved = state.shows_cursor.moved(delta, state.shows.len());
            if moved == state.shows_cursor {
                return Vec::new();
            }
            state.shows_cursor = moved;
            load_setlist(state)
        }
        Focus::Setlist => {
            state.setlist_cursor = state.setlist_cursor.moved(delta, layout::setlist_positions(state));
            Vec::new()
        }
        Focus::Song => {
            let len = state.song.as_ref().map_or(0, |s| s.len());
            state.song_cursor = state.song_cursor.moved(delta, len);
            Vec::new()
        }
    }
}

fn drill_in(state: &mut AppState) -> Vec<Effect> {
    match state.focus {
        Focus::Bands => state.focus = Focus::Groups,
        Focus::Groups => state.focus = Focus::Shows,
        Focus::Shows => state.focus = Focus::Setlist,
        Focus::Setlist => {
            let songs = state.setlist_songs();
            if let (Some(song), Some(setlist)) = (songs.get(state.setlist_cursor.selected), &state.setlist) {
                let (band, song_id) = (setlist.band.clone(), song.song_id);
                return vec![load_song(state, band, song_id)];
            }
        }
        Focus::Song => {
            let Some(song) = &state.song else {
                return Vec::new();
            };
            if let Some(show_id) = song.show_at(state.song_cursor.selected, state.song_order) {
                // The cursor lands on this song, found by name in another band's show.
                let name = song.every_band.as_ref().map_or(&song.history.song, |e| &e.across.song);
                let pick = SetlistPick::Song {
                    song_id: song.song_id,
                    key: song_key(name),
                };
                return jump_to_show(state, show_id, Focus::Setlist, Some(pick));
            }
        }
    }
    Vec::new()
}

fn on_overlay(state: &mut AppState, action: Action) -> Vec<Effect> {
    let band = state.band().map(|b| b.slug.clone());
    let page = page(state);
    // Out of an overlay is closing it, as Esc does.
    let action = if action == Action::Out { Action::Back } else { action };
    let Some(overlay) = &mut state.overlay else {
        return Vec::new();
    };
    // The lists of today in history, a song list and the statistics move alike.
    let list = match overlay {
        Overlay::Shows { shows, cursor, .. } => Some((cursor, shows.len())),
        Overlay::Mine { shows, cursor } => Some((cursor, shows.len())),
        Overlay::Songs { songs, cursor, .. } => Some((cursor, songs.len())),
        Overlay::Stats { stats, cursor } => Some((cursor, stats_entries(stats).len())),
        Overlay::Search(_) | Overlay::Help { .. } | Overlay::MineStats { .. } => None,
    };
    if let Some((cursor, len)) = list {
        if moved_in_list(cursor, &action, len, page) {
            return Vec::new();
        }
    }
    match overlay {
        Overlay::Search(search) => match action {
            Action::Input(c) => type_into(state, c.to_string(), band),
            Action::Paste(text) => type_into(state, text, band),
            Action::Backspace => {
                search.query.pop();
                run_search(search, band)
            }
            Action::ToggleScope => {
                search.all_bands = !search.all_bands;
                run_search(search, band)
            }
            Action::Up => move_overlay(&mut search.cursor, -1, search.results.len()),
            Action::Down => move_overlay(&mut search.cursor, 1, search.results.len()),
            Action::PageUp => move_overlay(&mut search.cursor, -page, search.results.len()),
            Action::PageDown => move_overlay(&mut search.cursor, page, search.results.len()),
            Action::DrillIn => {
                // The results on screen may be an older query's while the typed one
                // is still searched: go to the typed query's first result once it
                // arrives, never to a stale one.
                let hit = search.results.get(search.cursor.selected).cloned();
                let Some(hit) = hit.filter(|_| !search.pending) else {
                    search.go_when_ready = search.pending;
                    return Vec::new();
                };
                state.overlay = None;
                match (hit.item.target, hit.item.kind) {
                    (ItemTarget::Song { song_id }, _) => jump_to_song(state, Some((hit.item.band, song_id))),
                    // A venue lists its shows first; the jump is from that list.
                    (ItemTarget::Show { show_id }, ItemKind::Venue) => {
                        state.overlay_loading = true;
                        vec![Effect::LoadShowList(ShowList::Venue {
                            title: hit.item.label,
                            show_id,
                        })]
                    }
                    (ItemTarget::Show { show_id }, kind) => {
                        let focus = if kind == ItemKind::Tour {
                            Focus::Groups
                        } else {
                            Focus::Setlist
                        };
                        jump_to_show(state, show_id, focus, None)
                    }
                }
            }
            Action::Back => {
                state.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Mine { shows, cursor } => match action {
            Action::DrillIn => match shows.get(cursor.selected) {
                Some(AttendedShow { show: Some(show), .. }) => {
                    let show_id = show.id;
                    state.overlay = None;
                    jump_to_show(state, show_id, Focus::Setlist, None)
                }
                Some(AttendedShow { mark, show: None }) => {
                    let mark = mark.clone();
                    let text = format!(
                        "{} {} is not in the cache; `r` on the band or `elmeg-tui --refresh {}` fetches it",
                        state.band_name(&mark.band),
                        mark.date,
                        mark.band
                    );
                    state.message = info(text);
                    Vec::new()
                }
                None => Vec::new(),
            },
            Action::OpenStats => {
                state.overlay_loading = true;
                vec![Effect::LoadMineStats]
            }
            Action::Back | Action::OpenMine => {
                state.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        // Text to scroll through, closed by Esc (or the key that opened it).
        Overlay::Help { scroll } | Overlay::MineStats { scroll, .. } => {
            match action {
                Action::Up => *scroll = scroll.saturating_sub(1),
                Action::Down => *scroll += 1,
                Action::PageUp => *scroll = scroll.saturating_sub(page as usize),
                Action::PageDown => *scroll += page as usize,
                Action::Top => *scroll = 0,
                Action::Back | Action::OpenHelp | Action::OpenMine | Action::DrillIn => state.overlay = None,
                _ => {}
            }
            Vec::new()
        }
        Overlay::Shows { list, shows, cursor } => match (&action, &*list) {
            (Action::PreviousDay | Action::NextDay, ShowList::Today { month_day }) => {
                let step = if action == Action::NextDay { 1 } else { -1 };
                let month_day = super::state::shift_month_day(month_day, step);
                state.overlay_loading = true;
                vec![Effect::LoadShowList(ShowList::Today { month_day })]
            }
            (Action::DrillIn, _) => {
                let target = shows.get(cursor.selected).map(|s| s.id);
                state.overlay = None;
                target
                    .map(|show_id| jump_to_show(state, show_id, Focus::Setlist, None))
                    .unwrap_or_default()
            }
            (Action::Back, _) | (Action::OpenToday, ShowList::Today { .. }) => {
                state.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Stats { stats, cursor } => match action {
            Action::DrillIn => {
                let target = stats_entries(stats)
                    .get(cursor.selected)
                    .map(|e| (stats.band.clone(), e.song_id));
                jump_to_song(state, target)
            }
            Action::Back | Action::OpenStats => jump_to_song(state, None),
            _ => Vec::new(),
        },
        Overlay::Songs {
            band,
            songs,
            order,
            cursor,
        } => match action {
            Action::ToggleSort => {
                *order = next_order(*order);
                sort_catalog(songs, *order);
                *cursor = Cursor::default();
                Vec::new()
            }
            Action::DrillIn => {
                let target = songs.get(cursor.selected).map(|s| (band.clone(), s.song_id));
                jump_to_song(state, target)
            }
            Action::Back | Action::OpenSongs => jump_to_song(state, None),
            _ => Vec::new(),
        },
    }
}

/// The next order `s` gives a song catalog: the most asked for first.
fn next_order(order: CatalogOrder) -> CatalogOrder {
    match order {
        CatalogOrder::Plays => CatalogOrder::Gap,
        CatalogOrder::Gap => CatalogOrder::Overdue,
        CatalogOrder::Overdue => CatalogOrder::Last,
        CatalogOrder::Last => CatalogOrder::Debut,
        CatalogOrder::Debut => CatalogOrder::Name,
        CatalogOrder::Name => CatalogOrder::Plays,
    }
}

/// The keys that move in an overlay's list of `len` rows: true when `action` was one.
fn moved_in_list(cursor: &mut Cursor, action: &Action, len: usize, page: isize) -> bool {
    let delta = match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => -(len as isize),
        Action::Bottom => len as isize,
        _ => return false,
    };
    *cursor = cursor.moved(delta, len);
    true
}

/// Closes the overlay, and opens the history of `song` (band, song id) if one was chosen.
/// Closes the overlay and opens `song` (band, song id), if any: a jump, which Esc
/// in the song's pane comes back from.
fn jump_to_song(state: &mut AppState, song: Option<(String, i64)>) -> Vec<Effect> {
    state.overlay = None;
    let Some((band, song_id)) = song else {
        return Vec::new();
    };
    remember(state, Focus::Song);
    let mut effects = Vec::new();
    if let Some(i) = state.bands.iter().position(|b| b.slug == band) {
        if i != state.bands_cursor.selected {
            state.bands_cursor = Cursor { selected: i };
            effects = load_groups(state);
        }
    }
    effects.push(load_song(state, band, song_id));
    effects
}

/// Goes to a show, focusing `focus`, with the setlist's cursor on `pick`: a jump.
fn jump_to_show(state: &mut AppState, show_id: i64, focus: Focus, pick: Option<SetlistPick>) -> Vec<Effect> {
    remember(state, focus);
    state.setlist_pick = pick.map(|p| (show_id, p));
    vec![Effect::Locate {
        show_id,
        grouping: state.grouping,
        focus,
    }]
}

/// Notes where the user stands before a jump to `landing`; it joins the places
/// to go back to once the jump lands (a jump that fails leaves none).
fn remember(state: &mut AppState, landing: Focus) {
    state.leaving = state.place(landing);
}

/// The jump landed: where it left from is the latest place to go back to.
fn landed(state: &mut AppState) {
    if let Some(place) = state.leaving.take() {
        if state.back.len() == BACK_LIMIT {
            state.back.remove(0);
        }
        state.back.push(place);
    }
}

/// Esc in the pane the last jump went to: back to where the jump was made, as it
/// was. None when there is no such jump (Esc then moves out a pane).
fn go_back(state: &mut AppState) -> Option<Vec<Effect>> {
    if state.back.last()?.landing != state.focus {
        return None;
    }
    let place = state.back.pop()?;
    let band = state.bands.iter().position(|b| b.slug == place.band)?;
    state.bands_cursor = Cursor { selected: band };
    state.grouping = place.grouping;
    state.song = place.song;
    state.song_cursor = place.song_cursor;
    state.song_order = place.song_order;
    state.song_loading = false;
    match (place.group, place.show_id) {
        (Some(group), Some(show_id)) => {
            state.jump = Some(JumpTarget {
                band: place.band.clone(),
                group,
                show_id,
                focus: place.focus,
            });
            state.setlist_pick = Some((show_id, SetlistPick::At(place.setlist_at)));
        }
        _ => state.focus = place.focus,
    }
    Some(vec![Effect::LoadGroups {
        band: place.band,
        grouping: place.grouping,
    }])
}

fn move_overlay(cursor: &mut Cursor, delta: isize, len: usize) -> Vec<Effect> {
    *cursor = cursor.moved(delta, len);
    Vec::new()
}

/// Typed or pasted text, on one line (a line break is a space), up to the
/// longest query searched.
fn type_into(state: &mut AppState, text: String, band: Option<String>) -> Vec<Effect> {
    let Some(Overlay::Search(search)) = &mut state.overlay else {
        return Vec::new();
    };
    let room = MAX_QUERY_CHARS.saturating_sub(search.query.chars().count());
    let chars: Vec<char> = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    search.query.extend(chars.iter().take(room));
    let effects = run_search(search, band);
    if chars.len() > room {
        state.message = info(format!("a search is at most {MAX_QUERY_CHARS} characters"));
    }
    effects
}

fn run_search(search: &mut SearchState, band: Option<String>) -> Vec<Effect> {
    search.generation += 1;
    search.go_when_ready = false;
    if search.query.trim().is_empty() {
        search.results.clear();
        search.pending = false;
        return Vec::new();
    }
    search.pending = true;
    vec![Effect::Search {
        generation: search.generation,
        query: SearchQuery {
            text: search.query.clone(),
            band: if search.all_bands { None } else { band },
            kind: None,
            limit: SEARCH_LIMIT,
        },
    }]
}
