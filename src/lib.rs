//! elmeg-tui: a terminal explorer for jam-band setlists on an offline SQLite cache.
//!
//! Data flows one way: source API → importer (`elmeg-importers`) → normalized
//! records → [`cache`] (one writer, via [`refresh`]) → queries → output. The
//! user's own marks live apart, in [`mine`], and survive any cache.

pub mod app;
pub mod cache;
pub mod config;
pub mod demo;
pub mod mine;
pub mod refresh;
pub mod search;
pub mod sync;
pub mod ui;
