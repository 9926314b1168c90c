//! Reads that can take longer than a frame (a song's history, one song under
//! every band, today in history or a venue's shows, a band's song catalog, its
//! statistics), off the
//! event loop: a thread with its own connection
//! to the cache. Like the search thread, it answers only the newest request of
//! each kind; a song's answer carries the generation it answers, and the state
//! drops a stale one.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use color_eyre::eyre::{eyre, Result};

use super::action::{Action, Loaded};
use super::jobs::caught;
use super::state::{ShowList, SongView};
use crate::cache::{Cache, StatsScope};
use crate::mine::Mine;

#[derive(Debug)]
enum Request {
    Song {
        generation: u64,
        band: String,
        song_id: i64,
    },
    SongAcross {
        generation: u64,
        song_id: i64,
    },
    ShowList(ShowList),
    Catalog {
        band: String,
    },
    Stats {
        band: String,
        scope: StatsScope,
    },
    MineStats,
}

/// How many kinds of request there are: one newest of each is answered.
const KINDS: usize = 6;

impl Request {
    fn kind(&self) -> usize {
        match self {
            Request::Song { .. } => 0,
            Request::SongAcross { .. } => 1,
            Request::ShowList(_) => 2,
            Request::Catalog { .. } => 3,
            Request::Stats { .. } => 4,
            Request::MineStats => 5,
        }
    }
}

pub struct Loader {
    requests: Sender<Request>,
}

impl Loader {
    /// Starts the thread; it opens the cache on its first request.
    pub fn spawn(cache_path: PathBuf, mine_path: PathBuf, reply: impl Fn(Action) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel();
        thread::Builder::new()
            .name("loader".into())
            .spawn(move || serve(cache_path, mine_path, inbox, reply))
            .expect("the OS refused to start the loader thread");
        Loader { requests }
    }

    pub fn song(&self, generation: u64, band: String, song_id: i64) {
        let _ = self.requests.send(Request::Song {
            generation,
            band,
            song_id,
        });
    }

    pub fn song_across(&self, generation: u64, song_id: i64) {
        let _ = self.requests.send(Request::SongAcross { generation, song_id });
    }

    pub fn stats(&self, band: String, scope: StatsScope) {
        let _ = self.requests.send(Request::Stats { band, scope });
    }

    pub fn show_list(&self, list: ShowList) {
        let _ = self.requests.send(Request::ShowList(list));
    }

    pub fn mine_stats(&self) {
        let _ = self.requests.send(Request::MineStats);
    }

    pub fn catalog(&self, band: String) {
        let _ = self.requests.send(Request::Catalog { band });
    }
}

fn serve(cache_path: PathBuf, mine_path: PathBuf, inbox: Receiver<Request>, reply: impl Fn(Action)) {
    let mut cache: Option<Cache> = None;
    while let Ok(first) = inbox.recv() {
        // Keys queue requests faster than they are read: answer the newest of each kind.
        let mut newest: [Option<Request>; KINDS] = Default::default();
        for request in std::iter::once(first).chain(inbox.try_iter()) {
            let kind = request.kind();
            newest[kind] = Some(request);
        }
        for request in newest.into_iter().flatten() {
            // A crash answers this request with an error; the thread serves the next.
            let answer = caught(|| {
                if cache.is_none() {
                    cache = Some(Cache::open(&cache_path).map_err(|e| format!("{e:#}"))?);
                }
                let cache = cache.as_ref().expect("opened above");
                load(cache, &mine_path, request).map_err(|e| format!("{e:#}"))
            });
            reply(match answer {
                Ok(loaded) => Action::Loaded(Box::new(loaded)),
                Err(e) => Action::Failed(e),
            });
        }
    }
}

fn load(cache: &Cache, mine_path: &Path, request: Request) -> Result<Loaded> {
    match request {
        Request::Song {
            generation,
            band,
            song_id,
        } => {
            let song = cache
                .song(song_id)?
                .ok_or_else(|| eyre!("that song is no longer in the cache"))?;
            let history = cache.song_history(&band, &song)?;
            let mut view = SongView::new(song_id, history);
            // A marks file that cannot be read is reported by the reload that
            // reads it; the history still opens, with nothing seen.
            let marks = Mine::read(mine_path).unwrap_or_default();
            view.seen = cache.times_seen(&band, song_id, &marks)?;
            Ok(Loaded::Song { generation, view })
        }
        Request::SongAcross { generation, song_id } => {
            let identity = cache
                .identity_of(song_id)?
                .ok_or_else(|| eyre!("that song is no longer in the cache"))?;
            Ok(Loaded::SongAcross {
                generation,
                across: cache.song_across(&identity)?,
            })
        }
        Request::MineStats => {
            let marks = Mine::read(mine_path)?;
            Ok(Loaded::MineStats(cache.attended_stats(&marks, None)?))
        }
        Request::Stats { band, scope } => Ok(Loaded::Stats(cache.scope_stats(&band, &scope)?)),
        Request::ShowList(list) => {
            let shows = match &list {
                ShowList::Today { month_day } => cache.on_this_day(month_day)?,
                ShowList::Venue { show_id, .. } => cache.shows_at_venue_of(*show_id)?,
            };
            Ok(Loaded::ShowList { list, shows })
        }
        Request::Catalog { band } => {
            let songs = cache.song_catalog(&band)?;
            Ok(Loaded::Catalog { band, songs })
        }
    }
}
