//! One server refreshes, every fan pulls: `publish` writes a snapshot of the
//! cache and its manifest into a folder a web server serves; `pull` fetches it
//! into a fan's cache, with no key. The user's own marks (`mine`) are never in it.

pub mod manifest;
mod publish;
mod pull;

pub use manifest::Manifest;
pub use publish::publish;
pub use pull::{adopt_pulled_bands, pull, Pulled};
