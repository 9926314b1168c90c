//! Fuzzy matching: the search index over songs, shows, venues and tours, and
//! the matching of a typed song name.

mod index;
mod song_match;
pub mod worker;

pub use index::{matched_indices, SearchHit, SearchIndex, SearchQuery};
pub use song_match::{resolve_song, SongResolution};
