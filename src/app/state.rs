//! The explorer's whole state. Only `update` changes it; `ui` only reads it.

use crate::cache::{
    AttendedShow, AttendedStats, BandOverview, CatalogOrder, CatalogSong, Group, GroupKey, Grouping, ScopeStats,
    SetlistShow, ShowRow, SongAcross, SongHistory,
};
use crate::search::SearchHit;

/// The panes, left to right. The detail column shows the song when one is open,
/// else the setlist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Focus {
    Bands,
    Groups,
    Shows,
    Setlist,
    Song,
}

/// A selection in a list. The scroll offset is derived from it when drawing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
}

impl Cursor {
    /// Moves by `delta`, staying within `len` items.
    pub fn moved(self, delta: isize, len: usize) -> Cursor {
        if len == 0 {
            return Cursor::default();
        }
        let selected = (self.selected as isize + delta).clamp(0, len as isize - 1) as usize;
        Cursor { selected }
    }

    pub fn clamped(self, len: usize) -> Cursor {
        self.moved(0, len)
    }
}

/// The first row to draw so that the selection stays in view, kept near the middle.
pub fn scroll_offset(selected: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        return 0;
    }
    selected.saturating_sub(height / 2).min(len - height)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    NewestFirst,
    OldestFirst,
}

/// A song's history as the song pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct SongView {
    pub song_id: i64,
    pub history: SongHistory,
    /// Plays per year, every year from debut to last played.
    pub per_year: Vec<(i32, u64)>,
    /// The song under every band that plays it, shown instead of this band's
    /// history while set.
    pub every_band: Option<EveryBand>,
    /// How many of the user's attended shows had it.
    pub seen: u64,
}

/// One song under every band, as the song pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EveryBand {
    pub across: SongAcross,
    /// Shows per year over every band.
    pub per_year: Vec<(i32, u64)>,
}

impl EveryBand {
    pub fn new(across: SongAcross) -> Self {
        let per_year = per_year(across.performances.iter().map(|p| p.date.as_str()));
        EveryBand { across, per_year }
    }
}

/// How many of `dates` fall in each year, every year from the first to the last.
fn per_year<'a>(dates: impl Iterator<Item = &'a str>) -> Vec<(i32, u64)> {
    let years: Vec<i32> = dates
        .filter_map(|d| d.get(..4).and_then(|y| y.parse::<i32>().ok()))
        .collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(&first), Some(&last)) => (first..=last)
            .map(|y| (y, years.iter().filter(|&&p| p == y).count() as u64))
            .collect(),
        _ => Vec::new(),
    }
}

impl SongView {
    pub fn new(song_id: i64, history: SongHistory) -> Self {
        let per_year = per_year(history.performances.iter().map(|p| p.date.as_str()));
        SongView {
            song_id,
            history,
            per_year,
            every_band: None,
            seen: 0,
        }
    }

    /// Rows of the list shown: this band's shows, or every band's.
    pub fn len(&self) -> usize {
        match &self.every_band {
            Some(every) => every.across.performances.len(),
            None => self.history.performances.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Plays per year of what is shown.
    pub fn chart(&self) -> &[(i32, u64)] {
        match &self.every_band {
            Some(every) => &every.per_year,
            None => &self.per_year,
        }
    }

    /// Row `i` of the list under `order`, as an index into the performances shown.
    pub fn row(&self, i: usize, order: SortOrder) -> usize {
        match order {
            SortOrder::OldestFirst => i,
            SortOrder::NewestFirst => self.len().saturating_sub(i + 1),
        }
    }

    /// The show of row `i` under `order`.
    pub fn show_at(&self, i: usize, order: SortOrder) -> Option<i64> {
        let row = self.row(i, order);
        match &self.every_band {
            Some(every) => every.across.performances.get(row).map(|p| p.show_id),
            None => self.history.performances.get(row).map(|p| p.show_id),
        }
    }
}

/// The month and day `days` after `month_day` (`MM-DD`), in a leap year so that
/// February 29 comes between the 28th and March 1.
pub fn shift_month_day(month_day: &str, days: i64) -> String {
    let date =
        chrono::NaiveDate::parse_from_str(&format!("2000-{month_day}"), "%Y-%m-%d").unwrap_or(chrono::NaiveDate::MIN);
    let shifted = date + chrono::Duration::days(days);
    // Around the year's end: the same day of another year is the same month and day.
    shifted.format("%m-%d").to_string()
}

/// The parts of a statistics view, in the order drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsSection {
    MostPlayed,
    Debuts,
    Bustouts,
    Openers,
    Closers,
}

/// One song row of a statistics view: its section, its song, and its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsEntry<'a> {
    pub section: StatsSection,
    pub song_id: i64,
    pub song: &'a str,
    pub figure: StatsFigure<'a>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatsFigure<'a> {
    /// Shows played at (most played, openers, closers).
    Times(u64),
    Debut(&'a str),
    Bustout {
        date: &'a str,
        gap: u64,
    },
}

/// Every song row of `stats`, section after section: what the cursor walks.
pub fn stats_entries(stats: &ScopeStats) -> Vec<StatsEntry<'_>> {
    fn times(section: StatsSection, list: &[crate::cache::SongTimes]) -> impl Iterator<Item = StatsEntry<'_>> {
        list.iter().map(move |t| StatsEntry {
            section,
            song_id: t.song_id,
            song: &t.song,
            figure: StatsFigure::Times(t.times),
        })
    }
    let mut entries: Vec<StatsEntry> = times(StatsSection::MostPlayed, &stats.most_played).collect();
    entries.extend(stats.debuts.iter().map(|d| StatsEntry {
        section: StatsSection::Debuts,
        song_id: d.song_id,
        song: &d.song,
        figure: StatsFigure::Debut(&d.date),
    }));
    entries.extend(stats.bustouts.iter().map(|b| StatsEntry {
        section: StatsSection::Bustouts,
        song_id: b.song_id,
        song: &b.song,
        figure: StatsFigure::Bustout {
            date: &b.date,
            gap: b.gap,
        },
    }));
    entries.extend(times(StatsSection::Openers, &stats.openers));
    entries.extend(times(StatsSection::Closers, &stats.closers));
    entries
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchState {
    pub query: String,
    /// Every band, or only the selected one.
    pub all_bands: bool,
    /// Bumped for each query; results of an older one are dropped.
    pub generation: u64,
    pub results: Vec<SearchHit>,
    pub cursor: Cursor,
    /// A search is running for the current query.
    pub pending: bool,
    /// Enter came before the results: go to the first one when they arrive.
    pub go_when_ready: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Search(SearchState),
    Help {
        scroll: usize,
    },
    /// A list of shows to choose from: today in history, or a venue's.
    Shows {
        list: ShowList,
        shows: Vec<ShowRow>,
        cursor: Cursor,
    },
    /// A band's statistics over a scope; the cursor walks its song rows.
    Stats {
        stats: ScopeStats,
        cursor: Cursor,
    },
    /// Every attended show, newest first; the cursor walks them.
    Mine {
        shows: Vec<AttendedShow>,
        cursor: Cursor,
    },
    /// What the user saw and still chases, scrolled.
    MineStats {
        stats: AttendedStats,
        scroll: usize,
    },
    /// A band's song catalog, in `order`.
    Songs {
        band: String,
        songs: Vec<CatalogSong>,
        order: CatalogOrder,
        cursor: Cursor,
    },
}

/// Which shows an overlay lists.
#[derive(Debug, Clone, PartialEq)]
pub enum ShowList {
    /// Every band's shows on this `MM-DD`, oldest first: today's, or another day's.
    Today { month_day: String },
    /// Every show of a band at a venue, newest first: the venue of `show_id`,
    /// named by `title`.
    Venue { title: String, show_id: i64 },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RefreshStatus {
    pub band: String,
    /// Loading a catalog built into the binary, not refreshing from a source.
    pub built_in: bool,
    pub done: u64,
    pub total: u64,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// Where a jump is headed while the panes load one after another.
#[derive(Debug, Clone, PartialEq)]
pub struct JumpTarget {
    pub band: String,
    pub group: GroupKey,
    pub show_id: i64,
    pub focus: Focus,
}

/// Where the setlist's cursor goes once a jump's show is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum SetlistPick {
    /// On a song: this band's song, or one whose name matches across bands.
    Song { song_id: i64, key: String },
    /// Back where it was.
    At(usize),
}

impl SetlistPick {
    /// The cursor's place in `songs`, if the pick is there.
    pub fn index_in(&self, songs: &[&crate::cache::SetlistSong], positions: usize) -> Option<usize> {
        match self {
            SetlistPick::Song { song_id, key } => songs
                .iter()
                .position(|s| s.song_id == *song_id)
                .or_else(|| songs.iter().position(|s| crate::cache::song_key(&s.name) == *key)),
            SetlistPick::At(at) => Some((*at).min(positions.saturating_sub(1))),
        }
    }
}

/// Where the user stood before a jump (from a song's history to a show, from an
/// overlay to a song or a show). Esc in the pane the jump went to comes back here.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub band: String,
    pub grouping: Grouping,
    pub group: Option<GroupKey>,
    pub show_id: Option<i64>,
    pub focus: Focus,
    pub setlist_at: usize,
    /// The song's history open then, kept whole: going back reads nothing.
    pub song: Option<SongView>,
    pub song_cursor: Cursor,
    pub song_order: SortOrder,
    /// The pane the jump went to.
    pub landing: Focus,
}

/// The places jumped from, as many as a long session needs; the oldest go first.
pub const BACK_LIMIT: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub bands: Vec<BandOverview>,
    pub bands_cursor: Cursor,
    pub grouping: Grouping,
    pub groups: Vec<Group>,
    pub groups_cursor: Cursor,
    pub shows: Vec<ShowRow>,
    pub shows_cursor: Cursor,
    pub setlist: Option<SetlistShow>,
    /// Over the setlist's songs, tapes included, in order, and then on down the
    /// lines below them (notes, permalink) one step a line.
    pub setlist_cursor: Cursor,
    pub song: Option<SongView>,
    /// Bumped for each song history asked for; an older one's answer is dropped.
    pub song_generation: u64,
    /// A song's history is being read.
    pub song_loading: bool,
    pub song_cursor: Cursor,
    /// An overlay's contents (today in history, a song catalog) are being read.
    pub overlay_loading: bool,
    pub song_order: SortOrder,
    pub focus: Focus,
    pub overlay: Option<Overlay>,
    pub refresh: Option<RefreshStatus>,
    pub message: Option<Message>,
    pub jump: Option<JumpTarget>,
    /// Where the setlist's cursor goes when the show `.0` is loaded.
    pub setlist_pick: Option<(i64, SetlistPick)>,
    /// The places jumped from, the latest last.
    pub back: Vec<Place>,
    /// Where a jump on its way left from.
    pub leaving: Option<Place>,
    /// The cached shows the user marked as attended.
    pub attended: std::collections::HashSet<i64>,
    /// Terminal size, for layout-dependent keys (paging, mouse).
    pub width: u16,
    pub height: u16,
    /// `MM-DD`, for today in history.
    pub today: String,
    /// Shown in the status bar when the cache is the built-in demo.
    pub banner: Option<String>,
    pub should_quit: bool,
}

impl AppState {
    pub fn new(today: &str, width: u16, height: u16) -> Self {
        AppState {
            bands: Vec::new(),
            bands_cursor: Cursor::default(),
            grouping: Grouping::default(),
            groups: Vec::new(),
            groups_cursor: Cursor::default(),
            shows: Vec::new(),
            shows_cursor: Cursor::default(),
            setlist: None,
            setlist_cursor: Cursor::default(),
            song: None,
            song_generation: 0,
            song_loading: false,
            song_cursor: Cursor::default(),
            overlay_loading: false,
            song_order: SortOrder::default(),
            focus: Focus::Bands,
            overlay: None,
            refresh: None,
            message: None,
            jump: None,
            setlist_pick: None,
            back: Vec::new(),
            leaving: None,
            attended: Default::default(),
            width,
            height,
            today: today.to_string(),
            banner: None,
            should_quit: false,
        }
    }

    /// A band's name for its slug (the slug of a band no longer listed).
    pub fn band_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.bands
            .iter()
            .find(|b| b.slug == slug)
            .map_or(slug, |b| b.name.as_str())
    }

    pub fn band(&self) -> Option<&BandOverview> {
        self.bands.get(self.bands_cursor.selected)
    }

    pub fn group(&self) -> Option<&Group> {
        self.groups.get(self.groups_cursor.selected)
    }

    pub fn show(&self) -> Option<&ShowRow> {
        self.shows.get(self.shows_cursor.selected)
    }

    /// Where the user stands, to come back to after a jump to `landing`.
    pub fn place(&self, landing: Focus) -> Option<Place> {
        Some(Place {
            band: self.band()?.slug.clone(),
            grouping: self.grouping,
            group: self.group().map(|g| g.key),
            show_id: self.show().map(|s| s.id),
            focus: self.focus,
            setlist_at: self.setlist_cursor.selected,
            song: self.song.clone(),
            song_cursor: self.song_cursor,
            song_order: self.song_order,
            landing,
        })
    }

    /// The setlist's songs in order, as the cursor walks them.
    pub fn setlist_songs(&self) -> Vec<&crate::cache::SetlistSong> {
        self.setlist
            .iter()
            .flat_map(|s| &s.sets)
            .flat_map(|set| &set.songs)
            .collect()
    }

    /// The panes that can take focus now, left to right.
    pub fn open_panes(&self) -> Vec<Focus> {
        let mut panes = vec![Focus::Bands, Focus::Groups, Focus::Shows, Focus::Setlist];
        if self.song.is_some() {
            panes.push(Focus::Song);
        }
        panes
    }

    /// band › tour › show, for the status bar.
    pub fn breadcrumb(&self) -> Vec<String> {
        let mut parts = Vec::new();
        if let Some(band) = self.band() {
            parts.push(band.name.clone());
            if let Some(group) = self.group() {
                parts.push(group.name.clone());
                if let Some(show) = self.show() {
                    parts.push(format!("{} {}", show.date, show.venue));
                }
            }
        }
        if let (Some(song), Focus::Song) = (&self.song, self.focus) {
            parts.push(song.history.song.clone());
        }
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_stays_in_bounds() {
        let c = Cursor::default();
        assert_eq!(c.moved(-1, 5).selected, 0);
        assert_eq!(c.moved(10, 5).selected, 4);
        assert_eq!(c.moved(3, 0).selected, 0);
        assert_eq!(Cursor { selected: 9 }.clamped(3).selected, 2);
    }

    #[test]
    fn days_step_over_month_and_year_ends() {
        assert_eq!(shift_month_day("05-08", 1), "05-09");
        assert_eq!(shift_month_day("02-28", 1), "02-29");
        assert_eq!(shift_month_day("02-29", 1), "03-01");
        assert_eq!(shift_month_day("12-31", 1), "01-01");
        assert_eq!(shift_month_day("01-01", -1), "12-31");
    }

    #[test]
    fn scroll_keeps_the_selection_in_view() {
        assert_eq!(scroll_offset(0, 100, 10), 0);
        assert_eq!(scroll_offset(50, 100, 10), 45);
        assert_eq!(scroll_offset(99, 100, 10), 90);
        assert_eq!(scroll_offset(5, 8, 10), 0);
        assert_eq!(scroll_offset(5, 8, 0), 0);
    }
}
