//! Fuzzy search over the corpus: built once, matched on every keystroke.

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use crate::cache::{ItemKind, SearchItem};

/// A ranked result.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub item: SearchItem,
    pub score: i64,
}

/// What one search asks for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    pub text: String,
    /// Only this band's items, when set.
    pub band: Option<String>,
    pub kind: Option<ItemKind>,
    pub limit: usize,
}

pub struct SearchIndex {
    items: Vec<SearchItem>,
    matcher: SkimMatcherV2,
}

impl SearchIndex {
    pub fn new(items: Vec<SearchItem>) -> Self {
        SearchIndex {
            items,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Best first: by score, then the shorter label (an exact name beats a longer
    /// one that contains it), then kind and label for a stable order.
    pub fn search(&self, query: &SearchQuery) -> Vec<SearchHit> {
        self.search_among(query, None).0
    }

    /// Like [`search`](Self::search), over only the items `among` (positions in
    /// the index) when given; also returns the positions of every item that
    /// matched, for the next, narrower query to search among.
    pub fn search_among(&self, query: &SearchQuery, among: Option<&[usize]>) -> (Vec<SearchHit>, Vec<usize>) {
        let words = terms(&query.text);
        if words.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let positions: Box<dyn Iterator<Item = usize>> = match among {
            Some(among) => Box::new(among.iter().copied()),
            None => Box::new(0..self.items.len()),
        };
        let mut matched = Vec::new();
        let mut hits: Vec<(i64, &SearchItem)> = positions
            .filter_map(|at| Some((at, self.items.get(at)?)))
            .filter(|(_, i)| query.band.as_deref().is_none_or(|b| i.band == b))
            .filter(|(_, i)| query.kind.is_none_or(|k| i.kind == k))
            .filter_map(|(at, i)| {
                let score = self.score(&i.label, &words)?;
                matched.push(at);
                Some((score, i))
            })
            .collect();
        let rank = |a: &(i64, &SearchItem), b: &(i64, &SearchItem)| {
            b.0.cmp(&a.0)
                .then_with(|| a.1.label.len().cmp(&b.1.label.len()))
                .then_with(|| a.1.kind.cmp(&b.1.kind))
                .then_with(|| a.1.label.cmp(&b.1.label))
        };
        let limit = query.limit.max(1);
        if hits.len() > limit {
            hits.select_nth_unstable_by(limit - 1, rank);
            hits.truncate(limit);
        }
        hits.sort_unstable_by(rank);
        let hits = hits
            .into_iter()
            .map(|(score, item)| SearchHit {
                item: item.clone(),
                score,
            })
            .collect();
        (hits, matched)
    }
}

impl SearchIndex {
    /// A label matches when every word of the query does, in any order, as in
    /// fzf's extended mode; its score is the sum of the words' scores.
    fn score(&self, label: &str, words: &[&str]) -> Option<i64> {
        words.iter().map(|w| self.matcher.fuzzy_match(label, w)).sum()
    }
}

/// Whether every item matching `next` also matches `previous`, so `next` need
/// only search `previous`'s matches: the same scope, and text that only adds
/// to the previous text (a longer word, or more words).
pub fn narrows(previous: &SearchQuery, next: &SearchQuery) -> bool {
    previous.band == next.band
        && previous.kind == next.kind
        && !terms(&previous.text).is_empty()
        && next.text.trim_start().starts_with(previous.text.trim_start())
}

/// The words of a query: each must match on its own.
pub fn terms(query: &str) -> Vec<&str> {
    query.split_whitespace().collect()
}

/// The character positions of `label` that `query`'s words matched, for
/// highlighting. Called only for the rows on screen.
pub fn matched_indices(label: &str, query: &str) -> Vec<usize> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let mut positions: Vec<usize> = terms(query)
        .into_iter()
        .filter_map(|w| matcher.fuzzy_indices(label, w))
        .flat_map(|(_, idx)| idx)
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::ItemTarget;

    fn item(kind: ItemKind, band: &str, label: &str) -> SearchItem {
        SearchItem {
            kind,
            band: band.into(),
            label: label.into(),
            context: String::new(),
            target: ItemTarget::Song { song_id: 1 },
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new(vec![
            item(ItemKind::Song, "phish", "Tweezer Reprise"),
            item(ItemKind::Song, "phish", "Tweezer"),
            item(ItemKind::Song, "grateful-dead", "Dark Star"),
            item(ItemKind::Show, "phish", "1997-11-22 Hampton Coliseum Hampton, VA"),
            item(ItemKind::Venue, "phish", "Hampton Coliseum, Hampton, VA"),
        ])
    }

    fn labels(hits: &[SearchHit]) -> Vec<&str> {
        hits.iter().map(|h| h.item.label.as_str()).collect()
    }

    #[test]
    fn exact_name_first_then_longer_matches() {
        let hits = index().search(&SearchQuery {
            text: "tweezer".into(),
            limit: 10,
            ..SearchQuery::default()
        });
        assert_eq!(labels(&hits), ["Tweezer", "Tweezer Reprise"]);
    }

    #[test]
    fn scope_and_kind_filter() {
        let idx = index();
        let q = |band: Option<&str>, kind| SearchQuery {
            text: "hampton".into(),
            band: band.map(str::to_string),
            kind,
            limit: 10,
        };
        assert_eq!(idx.search(&q(None, None)).len(), 2);
        assert_eq!(idx.search(&q(Some("grateful-dead"), None)).len(), 0);
        assert_eq!(
            labels(&idx.search(&q(None, Some(ItemKind::Venue)))),
            ["Hampton Coliseum, Hampton, VA"]
        );
    }

    #[test]
    fn limit_keeps_the_best() {
        let hits = index().search(&SearchQuery {
            text: "e".into(),
            limit: 2,
            ..SearchQuery::default()
        });
        assert_eq!(hits.len(), 2);
        assert!(hits[0].score >= hits[1].score);
    }

    #[test]
    fn several_words_match_in_any_order_as_in_fzf() {
        let idx = SearchIndex::new(vec![
            item(ItemKind::Song, "grateful-dead", "Scarlet Begonias"),
            item(ItemKind::Song, "grateful-dead", "Fire On The Mountain"),
            item(
                ItemKind::Show,
                "grateful-dead",
                "1977-05-08 Scarlet > Fire, Barton Hall",
            ),
        ]);
        for text in ["scarlet fire", "fire scarlet", "  fire   scarlet "] {
            let hits = idx.search(&SearchQuery {
                text: text.into(),
                limit: 10,
                ..SearchQuery::default()
            });
            assert_eq!(labels(&hits), ["1977-05-08 Scarlet > Fire, Barton Hall"], "{text:?}");
        }
        assert_eq!(matched_indices("Fire Scarlet", "scar fi"), vec![0, 1, 5, 6, 7, 8]);
    }

    #[test]
    fn a_query_that_extends_the_last_searches_only_its_matches_and_finds_the_same() {
        let idx = index();
        let q = |text: &str| SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        let (_, matched) = idx.search_among(&q("tw"), None);
        assert_eq!(matched.len(), 2);
        assert!(narrows(&q("tw"), &q("twee")) && narrows(&q("tw"), &q("tw rep")));
        assert!(!narrows(&q("twee"), &q("tw")) && !narrows(&q(""), &q("tw")));
        let (narrowed, _) = idx.search_among(&q("tweez rep"), Some(&matched));
        assert_eq!(narrowed, idx.search(&q("tweez rep")));
        assert_eq!(labels(&narrowed), ["Tweezer Reprise"]);
    }

    #[test]
    fn highlights_are_character_positions() {
        assert_eq!(matched_indices("Tweezer", "twz"), vec![0, 1, 4]);
        assert!(matched_indices("Tweezer", "xyz").is_empty());
    }
}
