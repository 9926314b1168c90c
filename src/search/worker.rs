//! Search off the event loop: a thread that owns the index, answers only the
//! newest query, and rebuilds when the cache changes.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use super::{SearchHit, SearchIndex, SearchQuery, Typing};
use crate::app::jobs::caught;
use crate::cache::Cache;

enum Request {
    Search { generation: u64, query: SearchQuery },
    Rebuild,
}

/// What the worker sends back: the query's generation and its results.
pub type Reply = (u64, Result<Vec<SearchHit>, String>);

pub struct SearchWorker {
    requests: Sender<Request>,
}

impl SearchWorker {
    /// Starts the thread; it builds the index from its own connection to the cache
    /// right away, so the first keystroke finds it ready.
    pub fn spawn(cache_path: PathBuf, reply: impl Fn(Reply) + Send + 'static) -> Self {
        let (requests, inbox) = mpsc::channel();
        thread::Builder::new()
            .name("search".into())
            .spawn(move || serve(cache_path, inbox, reply))
            .expect("the OS refused to start the search thread");
        SearchWorker { requests }
    }

    pub fn search(&self, generation: u64, query: SearchQuery) {
        let _ = self.requests.send(Request::Search { generation, query });
    }

    /// The cache changed: build the index again before the next search.
    pub fn rebuild(&self) {
        let _ = self.requests.send(Request::Rebuild);
    }
}

fn build(cache_path: &Path) -> Result<SearchIndex, String> {
    caught(|| {
        let cache = Cache::open(cache_path).map_err(|e| format!("{e:#}"))?;
        let items = cache.search_corpus().map_err(|e| format!("{e:#}"))?;
        Ok(SearchIndex::new(items))
    })
}

fn serve(cache_path: PathBuf, inbox: Receiver<Request>, reply: impl Fn(Reply)) {
    let mut index = build(&cache_path);
    let mut typing = Typing::default();
    while let Ok(first) = inbox.recv() {
        // Typing queues a query per key: answer only the newest.
        let mut newest = None;
        let mut rebuild = false;
        for request in std::iter::once(first).chain(inbox.try_iter()) {
            match request {
                Request::Search { generation, query } => newest = Some((generation, query)),
                Request::Rebuild => rebuild = true,
            }
        }
        if rebuild {
            index = build(&cache_path);
            typing.forget();
        }
        if let Some((generation, query)) = newest {
            // A crash answers this query with an error; the thread serves the next.
            let result = match &index {
                Ok(index) => caught(|| Ok(typing.search(index, &query))),
                Err(e) => Err(e.clone()),
            };
            reply((generation, result));
        }
    }
}
