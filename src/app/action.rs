//! What can happen to the explorer (actions), and what it asks the outside
//! world to do in return (effects).

use crate::cache::{
    AttendedShow, AttendedStats, BandOverview, CatalogSong, Group, GroupKey, Grouping, ScopeStats, SetlistShow,
    ShowRow, SongAcross, StatsScope,
};
use crate::search::{SearchHit, SearchQuery};

use super::state::{Focus, ShowList, SongView};

/// Everything `update` reacts to: keys mapped by the keymap, mouse, and the
/// results of effects and background jobs.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    /// Enter / `l`: into the selected item.
    DrillIn,
    /// Esc: back where the last jump came from, else out a pane; closes an overlay.
    Back,
    /// Left / `h`: out a pane; closes an overlay.
    Out,
    /// `m`: marks the selected show as attended, or unmarks it.
    ToggleAttended,
    /// `M`: the user's attended shows, every band's.
    OpenMine,
    FocusNext,
    FocusPrev,
    OpenSearch,
    OpenHelp,
    OpenToday,
    /// In today in history: the day before, or after.
    PreviousDay,
    NextDay,
    /// The selected band's song catalog.
    OpenSongs,
    /// Statistics: the band's from the band pane, else the selected tour's or year's.
    OpenStats,
    /// A song's history: this band's, or every band's that plays the song.
    ToggleBands,
    Refresh,
    /// At start-up: the band's cache is empty and its source is built in, so
    /// load it without being asked.
    LoadBuiltIn {
        band: String,
    },
    Copy,
    ToggleGrouping,
    ToggleSort,
    Suspend,
    Quit,
    /// Typing in the search box.
    Input(char),
    /// Text pasted into the search box.
    Paste(String),
    Backspace,
    /// Tab in the search box: this band or all bands.
    ToggleScope,
    Click {
        column: u16,
        row: u16,
    },
    Scroll {
        column: u16,
        row: u16,
        down: bool,
    },
    Resize {
        width: u16,
        height: u16,
    },
    Loaded(Box<Loaded>),
    SearchDone {
        generation: u64,
        result: Result<Vec<SearchHit>, String>,
    },
    RefreshProgress {
        band: String,
        done: u64,
        total: u64,
        message: String,
    },
    RefreshDone {
        band: String,
        result: Result<String, String>,
    },
    /// Another process (or our refresh) wrote to the cache.
    CacheChanged,
    /// A load failed; the message is for the status bar.
    Failed(String),
}

/// Data an effect read from the cache.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Bands(Vec<BandOverview>),
    Groups {
        band: String,
        groups: Vec<Group>,
    },
    Shows {
        band: String,
        group: GroupKey,
        shows: Vec<ShowRow>,
    },
    Setlist(Option<SetlistShow>),
    /// A song's history, for the request of that generation.
    Song {
        generation: u64,
        view: SongView,
    },
    /// The open song under every band, for the request of that generation.
    SongAcross {
        generation: u64,
        across: SongAcross,
    },
    /// The shows of a list: those on a month and day, or at a venue.
    ShowList {
        list: ShowList,
        shows: Vec<ShowRow>,
    },
    /// A band's statistics over a scope.
    Stats(ScopeStats),
    /// A band's song catalog, by plays.
    Catalog {
        band: String,
        songs: Vec<CatalogSong>,
    },
    /// The cached shows the user's marks name.
    Attended(std::collections::HashSet<i64>),
    /// A mark was added or removed: the marked shows now, and what to say.
    AttendedChanged {
        attended: std::collections::HashSet<i64>,
        message: String,
    },
    /// Every mark, with the show it names if cached, newest first.
    Mine(Vec<AttendedShow>),
    /// What the user saw and still chases.
    MineStats(AttendedStats),
    /// Where a show sits, for a jump.
    Located {
        show_id: i64,
        band: String,
        group: GroupKey,
        focus: Focus,
    },
}

/// Work for the event loop. Loads answer with `Action::Loaded`: the quick,
/// indexed ones at once, the slow ones from the loader thread.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadBands,
    /// The user's marks, as cached show ids.
    LoadAttended,
    ToggleAttended {
        show_id: i64,
    },
    LoadMine,
    /// Read on the loader thread.
    LoadMineStats,
    LoadGroups {
        band: String,
        grouping: Grouping,
    },
    LoadShows {
        band: String,
        group: GroupKey,
    },
    LoadSetlist {
        show_id: i64,
    },
    /// Read on the loader thread; answers for an older generation are dropped.
    LoadSong {
        band: String,
        song_id: i64,
        generation: u64,
    },
    /// Read on the loader thread, with the song history's generations.
    LoadSongAcross {
        song_id: i64,
        generation: u64,
    },
    /// Read on the loader thread.
    LoadShowList(ShowList),
    /// Read on the loader thread.
    LoadCatalog {
        band: String,
    },
    /// Read on the loader thread.
    LoadStats {
        band: String,
        scope: StatsScope,
    },
    Locate {
        show_id: i64,
        grouping: Grouping,
        focus: Focus,
    },
    Search {
        generation: u64,
        query: SearchQuery,
    },
    RebuildSearch,
    StartRefresh {
        band: String,
        /// From the copy inside the binary: allowed even in the demo.
        built_in: bool,
    },
    Copy(String),
    Suspend,
}
