//! Fuzzy matching: the search index over songs, shows, venues and tours, and
//! the matching of a typed song or tour name.

mod index;
mod name_match;
pub mod worker;

pub use index::{matched_indices, terms, SearchHit, SearchIndex, SearchQuery, Typing};

/// The longest query searched, in characters: longer ones are a mistake (a paste
/// gone wrong) and would make the SQL prefilter's pattern too complex.
pub const MAX_QUERY_CHARS: usize = 200;
pub use name_match::{resolve, Named, Resolution};
