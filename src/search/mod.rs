//! Fuzzy matching of names typed by a person.

mod song_match;

pub use song_match::{resolve_song, SongResolution};
