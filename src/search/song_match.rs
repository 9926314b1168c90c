//! Turning a typed song name into one of the band's songs.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::cache::SongMatch;

/// How many names a failed match suggests.
const SUGGESTIONS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
pub enum SongResolution {
    /// The name, ignoring case, or the only fuzzy match.
    Found(SongMatch),
    /// Several songs match fuzzily; the best first.
    Ambiguous(Vec<String>),
    /// Nothing matches; the closest names by spelling.
    NotFound(Vec<String>),
}

/// A case-insensitive exact name wins; else a fuzzy match, if it is the only one.
pub fn resolve_song(query: &str, songs: &[SongMatch]) -> SongResolution {
    let query = query.trim();
    if let Some(exact) = songs.iter().find(|s| s.name.to_lowercase() == query.to_lowercase()) {
        return SongResolution::Found(exact.clone());
    }
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut scored: Vec<(i64, &SongMatch)> = songs
        .iter()
        .filter_map(|s| matcher.fuzzy_match(&s.name, query).map(|score| (score, s)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.name.len().cmp(&b.1.name.len())));
    match scored.as_slice() {
        [(_, only)] => SongResolution::Found((*only).clone()),
        [] => SongResolution::NotFound(closest_by_spelling(query, songs)),
        many => SongResolution::Ambiguous(many.iter().take(SUGGESTIONS).map(|(_, s)| s.name.clone()).collect()),
    }
}

fn closest_by_spelling(query: &str, songs: &[SongMatch]) -> Vec<String> {
    let query = query.to_lowercase();
    let mut ranked: Vec<(f64, &str)> = songs
        .iter()
        .map(|s| (strsim::jaro_winkler(&query, &s.name.to_lowercase()), s.name.as_str()))
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
        assert_eq!(resolve_song("tWEEZER", &all), SongResolution::Found(all[1].clone()));
    }

    #[test]
    fn a_unique_fuzzy_match_is_taken() {
        let all = songs(&["Tweezer", "Harry Hood", "Piper"]);
        assert_eq!(resolve_song("hrry hd", &all), SongResolution::Found(all[1].clone()));
    }

    #[test]
    fn several_fuzzy_matches_are_ambiguous() {
        let all = songs(&["Tweezer", "Tweezer Reprise", "Piper"]);
        match resolve_song("twz", &all) {
            SongResolution::Ambiguous(names) => assert_eq!(names, vec!["Tweezer", "Tweezer Reprise"]),
            other => panic!("expected ambiguous, got {other:?}"),
        }
    }

    #[test]
    fn no_match_suggests_the_closest_spelling() {
        let all = songs(&["Tweezer", "Harry Hood", "Piper"]);
        match resolve_song("Pyper Song", &all) {
            SongResolution::NotFound(names) => assert_eq!(names[0], "Piper"),
            other => panic!("expected not found, got {other:?}"),
        }
    }
}
