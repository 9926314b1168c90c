//! Turning a typed name into one of a list's items: a band's songs, a band's
//! tours, or the songs of every band.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::cache::{song_key, SongIdentity, SongMatch, TourMatch};

/// What a typed name is matched against.
pub trait Named {
    fn name(&self) -> &str;
}

impl Named for SongMatch {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for SongIdentity {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for TourMatch {
    fn name(&self) -> &str {
        &self.name
    }
}

/// How many names a failed match suggests.
const SUGGESTIONS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub enum Resolution<T> {
    /// The name in any case, else the same song name (see [`song_key`]), else the
    /// only fuzzy match.
    Found(T),
    /// Several songs match fuzzily; the best first.
    Ambiguous(Vec<String>),
    /// Nothing matches; the closest names by spelling.
    NotFound(Vec<String>),
}

/// The name in any case wins; else a name that is the same song's (`truckin`
/// for "Truckin'"); else a fuzzy match, if it is the only one.
pub fn resolve<T: Named + Clone>(query: &str, items: &[T]) -> Resolution<T> {
    let query = query.trim();
    let lower = query.to_lowercase();
    if let Some(exact) = items.iter().find(|s| s.name().to_lowercase() == lower) {
        return Resolution::Found(exact.clone());
    }
    let key = song_key(query);
    if let Some(same) = items.iter().find(|s| song_key(s.name()) == key) {
        return Resolution::Found(same.clone());
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, &T)> = items
        .iter()
        .filter_map(|s| matcher.fuzzy_match(s.name(), query).map(|score| (score, s)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name().len().cmp(&b.1.name().len())));
    match scored.as_slice() {
        [(_, only)] => Resolution::Found((*only).clone()),
        [] => Resolution::NotFound(closest_by_spelling(query, items)),
        many => Resolution::Ambiguous(
            many.iter()
                .take(SUGGESTIONS)
                .map(|(_, s)| s.name().to_string())
                .collect(),
        ),
    }
}

fn closest_by_spelling<T: Named>(query: &str, items: &[T]) -> Vec<String> {
    let query = query.to_lowercase();
    let mut ranked: Vec<(f64, &str)> = items
        .iter()
        .map(|s| (strsim::jaro_winkler(&query, &s.name().to_lowercase()), s.name()))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranked
        .into_iter()
        .take(SUGGESTIONS)
        .map(|(_, n)| n.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn songs(names: &[&str]) -> Vec<SongMatch> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| SongMatch {
                id: i as i64,
                name: n.to_string(),
            })
            .collect()
    }

    #[test]
    fn exact_name_ignores_case_even_when_others_match() {
        let all = songs(&["Tweezer Reprise", "Tweezer"]);
        assert_eq!(resolve("tWEEZER", &all), Resolution::Found(all[1].clone()));
    }

    #[test]
    fn the_same_song_name_is_taken_before_a_fuzzy_match() {
        let all = songs(&["Truckin' Up to Buffalo", "Truckin'"]);
        assert_eq!(resolve("truckin", &all), Resolution::Found(all[1].clone()));
    }

    #[test]
    fn a_unique_fuzzy_match_is_taken() {
        let all = songs(&["Tweezer", "Harry Hood", "Piper"]);
        assert_eq!(resolve("hrry hd", &all), Resolution::Found(all[1].clone()));
    }

    #[test]
    fn several_fuzzy_matches_are_ambiguous() {
        let all = songs(&["Tweezer", "Tweezer Reprise", "Piper"]);
        match resolve("twz", &all) {
            Resolution::Ambiguous(names) => assert_eq!(names, vec!["Tweezer", "Tweezer Reprise"]),
            other => panic!("expected ambiguous, got {other:?}"),
        }
    }

    #[test]
    fn no_match_suggests_the_closest_spelling() {
        let all = songs(&["Tweezer", "Harry Hood", "Piper"]);
        match resolve("Pyper Song", &all) {
            Resolution::NotFound(names) => assert_eq!(names[0], "Piper"),
            other => panic!("expected not found, got {other:?}"),
        }
    }
}
