//! Runs the effects `update` asks for. Quick loads read the cache here, on the
//! event loop (each is one indexed query); a song's history and today in history
//! go to the loader thread, searches and refreshes to theirs.

use std::collections::VecDeque;
use std::io::Write;
use std::sync::mpsc::Sender;

use base64::Engine;
use color_eyre::eyre::{eyre, Result};

use super::action::{Action, Effect, Loaded};
use super::jobs;
use super::loader::Loader;
use super::state::AppState;
use super::update::update;
use crate::cache::Cache;
use crate::config::Settings;
use crate::mine::{Mark, Mine};
use crate::search::worker::SearchWorker;
use std::collections::HashSet;

/// A message to the event loop from another thread.
#[derive(Debug)]
pub enum Msg {
    Term(crossterm::event::Event),
    Action(Action),
}

/// What effects need: the cache, and the threads that take work off the loop.
pub struct Runner {
    pub cache: Cache,
    pub settings: Settings,
    pub search: SearchWorker,
    pub loader: Loader,
    pub inbox: Sender<Msg>,
    /// Set when the terminal must be handed back (Ctrl-Z).
    pub suspend_requested: bool,
    /// The user's marks, read from their file on each reload and kept here, so
    /// that a setlist's first-seen songs need no file read.
    marks: Vec<Mark>,
}

impl Runner {
    /// A runner on `cache`, with a search thread that answers into `inbox`.
    pub fn new(cache: Cache, settings: Settings, inbox: Sender<Msg>) -> Self {
        let replies = inbox.clone();
        let search = SearchWorker::spawn(settings.cache_path.clone(), move |(generation, result)| {
            let _ = replies.send(Msg::Action(Action::SearchDone { generation, result }));
        });
        let replies = inbox.clone();
        let loader = Loader::spawn(settings.cache_path.clone(), settings.mine_path.clone(), move |action| {
            let _ = replies.send(Msg::Action(action));
        });
        Runner {
            cache,
            settings,
            search,
            loader,
            inbox,
            suspend_requested: false,
            marks: Vec::new(),
        }
    }

    /// The first state: everything loaded for a screen of `width` × `height`.
    pub fn start(&mut self, today: &str, width: u16, height: u16) -> AppState {
        let mut state = AppState::new(today, width, height);
        self.dispatch(&mut state, Action::CacheChanged);
        state
    }

    /// First start: loads, in the background, every band with no shows in the
    /// cache whose catalog is built into the binary.
    pub fn load_built_in(&mut self, state: &mut AppState) {
        match self.first_loads() {
            Ok(bands) => {
                for band in bands {
                    self.dispatch(state, Action::LoadBuiltIn { band });
                }
            }
            Err(e) => self.dispatch(state, Action::Failed(format!("{e:#}"))),
        }
    }

    fn first_loads(&self) -> Result<Vec<String>> {
        let mut bands = Vec::new();
        for band in &self.settings.bands {
            if self.settings.reads_embedded_gdshowsdb(band)? && !self.cache.has_shows(&band.slug)? {
                bands.push(band.slug.clone());
            }
        }
        Ok(bands)
    }

    /// Applies an action and every action its effects lead to.
    pub fn dispatch(&mut self, state: &mut AppState, action: Action) {
        let mut queue = VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            // The explorer cannot print: what went wrong goes to the log file.
            match &action {
                Action::Failed(text) => log::error!("{text}"),
                Action::RefreshDone { band, result: Err(e) } => log::warn!("refresh of {band} failed: {e}"),
                Action::RefreshDone {
                    result: Ok(summary), ..
                } => log::info!("{summary}"),
                _ => {}
            }
            for effect in update(state, action) {
                if let Some(next) = self.run(effect) {
                    queue.push_back(next);
                }
            }
        }
    }

    /// The bands' counts, each with the key its refresh lacks here, if any.
    fn band_overviews(&self) -> Result<Vec<crate::cache::BandOverview>> {
        let mut overviews = self.cache.band_overviews(&self.settings.bands)?;
        for (overview, band) in overviews.iter_mut().zip(&self.settings.bands) {
            overview.needs = self.settings.missing_key(band)?.map(|m| m.variables.to_string());
        }
        Ok(overviews)
    }

    /// A show's setlist, with the songs the user first saw there if attended.
    fn setlist(&self, show_id: i64) -> Result<Option<crate::cache::SetlistShow>> {
        let Some(mut show) = self.cache.setlist(show_id)? else {
            return Ok(None);
        };
        show.first_seen = self.cache.first_seen_at(show_id, &self.marks)?;
        Ok(Some(show))
    }

    /// Reads the marks file again: the cached shows it names.
    fn attended(&mut self) -> Result<HashSet<i64>> {
        self.marks = Mine::read(&self.settings.mine_path)?;
        self.cache.attended_ids(&self.marks)
    }

    /// Unmarks the show if it is marked, else marks it; the file is written at once.
    fn toggle_attended(&mut self, show_id: i64) -> Result<Loaded> {
        let mark = self
            .cache
            .mark_of(show_id)?
            .ok_or_else(|| eyre!("that show is no longer in the cache"))?;
        let mut mine = Mine::open(&self.settings.mine_path)?;
        let band = self.settings.band_name(&mark.band);
        let message = if mine.remove(&mark)? {
            format!("unmarked {band} {}: not attended", mark.date)
        } else {
            mine.add(&mark)?;
            format!("marked {band} {} as attended (M: my shows)", mark.date)
        };
        Ok(Loaded::AttendedChanged {
            attended: self.attended()?,
            message,
        })
    }

    fn run(&mut self, effect: Effect) -> Option<Action> {
        let loaded = match effect {
            Effect::LoadBands => {
                // A pull while the explorer runs may bring bands this config does not name.
                crate::sync::adopt_pulled_bands(&mut self.settings);
                self.band_overviews().map(Loaded::Bands)
            }
            Effect::LoadGroups { band, grouping } => self
                .cache
                .groups(&band, grouping)
                .map(|groups| Loaded::Groups { band, groups }),
            Effect::LoadShows { band, group } => {
                self.cache
                    .shows_in(&band, group)
                    .map(|shows| Loaded::Shows { band, group, shows })
            }
            Effect::LoadSetlist { show_id } => self.setlist(show_id).map(Loaded::Setlist),
            Effect::LoadAttended => self.attended().map(Loaded::Attended),
            Effect::ToggleAttended { show_id } => self.toggle_attended(show_id),
            Effect::LoadMine => self
                .attended()
                .and_then(|_| self.cache.attended_shows(&self.marks))
                .map(Loaded::Mine),
            Effect::LoadMineStats => {
                self.loader.mine_stats();
                return None;
            }
            Effect::LoadSong {
                band,
                song_id,
                generation,
            } => {
                self.loader.song(generation, band, song_id);
                return None;
            }
            Effect::LoadShowList(list) => {
                self.loader.show_list(list);
                return None;
            }
            Effect::LoadCatalog { band } => {
                self.loader.catalog(band);
                return None;
            }
            Effect::LoadStats { band, scope } => {
                self.loader.stats(band, scope);
                return None;
            }
            Effect::LoadSongAcross { song_id, generation } => {
                self.loader.song_across(generation, song_id);
                return None;
            }
            Effect::Locate {
                show_id,
                grouping,
                focus,
            } => self.cache.locate_show(show_id, grouping).and_then(|found| {
                let (band, group) = found.ok_or_else(|| eyre!("that show is no longer in the cache"))?;
                Ok(Loaded::Located {
                    show_id,
                    band,
                    group,
                    focus,
                })
            }),
            Effect::Search { generation, query } => {
                self.search.search(generation, query);
                return None;
            }
            Effect::RebuildSearch => {
                self.search.rebuild();
                return None;
            }
            Effect::StartRefresh { band, built_in: false } if self.settings.demo => {
                return Some(Action::RefreshDone {
                    result: Err(format!(
                        "the demo has nothing to refresh: quit and run `elmeg-tui --refresh {band}`"
                    )),
                    band,
                });
            }
            Effect::StartRefresh { band, .. } => {
                return match self.settings.band(&band).cloned() {
                    Some(spec) => {
                        jobs::spawn_refresh(self.settings.clone(), spec, self.inbox.clone());
                        None
                    }
                    None => Some(Action::RefreshDone {
                        band,
                        result: Err("not a configured band".into()),
                    }),
                };
            }
            Effect::Copy(text) => {
                return copy_osc52(&text)
                    .err()
                    .map(|e| Action::Failed(format!("cannot copy: {e}")));
            }
            Effect::Suspend => {
                self.suspend_requested = true;
                return None;
            }
        };
        Some(match loaded {
            Ok(loaded) => Action::Loaded(Box::new(loaded)),
            Err(e) => Action::Failed(format!("{e:#}")),
        })
    }
}

/// Puts text on the clipboard of the terminal we are drawn in, even over SSH:
/// `ESC ] 52 ; c ; <base64> BEL`.
fn copy_osc52(text: &str) -> std::io::Result<()> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout().lock();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}
