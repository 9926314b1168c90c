//! `elmeg-importers`: fetches setlists from the bands' sources and normalizes them
//! into one model. No storage and no UI, so any program can reuse it.

pub mod encore;
pub mod gdshowsdb;
pub mod gratefulstats;
pub mod http;
pub mod lenient;
pub mod model;
pub mod phishnet;
pub mod setlistfm;
pub mod songfish;
pub mod text;

pub use http::{FetchError, HttpSettings};
pub use model::*;
