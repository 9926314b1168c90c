//! Fuzzy search over the corpus: built once, matched on every keystroke, with
//! nucleo's matcher (fzf's scoring) on every core.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

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
    /// Each label as the matcher reads it, converted once.
    labels: Vec<Utf32String>,
}

impl SearchIndex {
    pub fn new(items: Vec<SearchItem>) -> Self {
        let labels = items.iter().map(|i| Utf32String::from(i.label.as_str())).collect();
        SearchIndex { items, labels }
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
        let (ranked, matched) = self.ranked(query, among);
        let hits = ranked
            .into_iter()
            .map(|(score, at)| SearchHit {
                item: self.items[at].clone(),
                score: i64::from(score),
            })
            .collect();
        (hits, matched)
    }

    /// [`search`](Self::search) for a one-off search: the hits are moved out of
    /// the index, not copied.
    pub fn into_hits(mut self, query: &SearchQuery) -> Vec<SearchHit> {
        let (ranked, _) = self.ranked(query, None);
        let mut items: Vec<Option<SearchItem>> = std::mem::take(&mut self.items).into_iter().map(Some).collect();
        ranked
            .into_iter()
            .filter_map(|(score, at)| {
                Some(SearchHit {
                    item: items[at].take()?,
                    score: i64::from(score),
                })
            })
            .collect()
    }

    /// The best `query.limit` matches as (score, position), best first, and the
    /// positions of every match.
    fn ranked(&self, query: &SearchQuery, among: Option<&[usize]>) -> (Vec<(u32, usize)>, Vec<usize>) {
        let pattern = pattern(&query.text);
        if pattern.atoms.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let all: Vec<usize>;
        let positions = match among {
            Some(among) => among,
            None => {
                all = (0..self.items.len()).collect();
                &all
            }
        };
        let in_scope = |i: &SearchItem| {
            query.band.as_deref().is_none_or(|b| i.band == b) && query.kind.is_none_or(|k| i.kind == k)
        };
        // Score on every core: each thread takes a share, with a matcher of its own.
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(4);
        let share = positions.len().div_ceil(workers).max(4096);
        let mut scored: Vec<(u32, usize)> = std::thread::scope(|scope| {
            let handles: Vec<_> = positions
                .chunks(share)
                .map(|part| {
                    let (pattern, in_scope) = (&pattern, &in_scope);
                    scope.spawn(move || {
                        let mut matcher = Matcher::new(Config::DEFAULT);
                        part.iter()
                            .filter_map(|&at| {
                                let (item, label) = (self.items.get(at)?, self.labels.get(at)?);
                                in_scope(item).then_some(())?;
                                Some((pattern.score(label.slice(..), &mut matcher)?, at))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a search thread panicked"))
                .collect()
        });
        let matched: Vec<usize> = scored.iter().map(|(_, at)| *at).collect();
        let items = &self.items;
        let rank = |a: &(u32, usize), b: &(u32, usize)| {
            let (ia, ib) = (&items[a.1], &items[b.1]);
            b.0.cmp(&a.0)
                .then_with(|| ia.label.len().cmp(&ib.label.len()))
                .then_with(|| ia.kind.cmp(&ib.kind))
                .then_with(|| ia.label.cmp(&ib.label))
        };
        let limit = query.limit.max(1);
        if scored.len() > limit {
            scored.select_nth_unstable_by(limit - 1, rank);
            scored.truncate(limit);
        }
        scored.sort_unstable_by(rank);
        (scored, matched)
    }
}

/// The query as the matcher takes it: each word a fuzzy pattern of its own that
/// must match, in any order, as in fzf's extended mode; any case. No word has
/// special syntax, and accents are not folded, so the SQL prefilter of
/// [`Cache::search_candidates`](crate::cache::Cache::search_candidates) keeps
/// every label that can match.
fn pattern(text: &str) -> Pattern {
    let words = terms(text).join(" ");
    Pattern::new(&words, CaseMatching::Ignore, Normalization::Never, AtomKind::Fuzzy)
}

/// Search as a person types: the last query and every item it matched, so a
/// query that extends it searches only those.
#[derive(Default)]
pub struct Typing {
    last: Option<(SearchQuery, Vec<usize>)>,
}

impl Typing {
    /// The hits for `query`, searching only the last query's matches when it
    /// extends the last query.
    pub fn search(&mut self, index: &SearchIndex, query: &SearchQuery) -> Vec<SearchHit> {
        let among = self
            .last
            .take()
            .filter(|(previous, _)| narrows(previous, query))
            .map(|(_, matched)| matched);
        let (hits, matched) = index.search_among(query, among.as_deref());
        self.last = Some((query.clone(), matched));
        hits
    }

    /// The index changed: the next query searches everything.
    pub fn forget(&mut self) {
        self.last = None;
    }
}

/// Whether every item matching `next` also matches `previous`, so `next` need
/// only search `previous`'s matches: the same scope, and text that only adds
/// to the previous text (a longer word, or more words).
fn narrows(previous: &SearchQuery, next: &SearchQuery) -> bool {
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
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut positions = Vec::new();
    let mut buf = Vec::new();
    // Each word's positions on their own, so a word that fails leaves the others lit.
    for atom in pattern(query).atoms {
        let mut found = Vec::new();
        if atom
            .indices(Utf32Str::new(label, &mut buf), &mut matcher, &mut found)
            .is_some()
        {
            positions.extend(found.into_iter().map(|i| i as usize));
        }
    }
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
        // A one-off search moves the same hits out of the index.
        let query = SearchQuery {
            text: "e".into(),
            limit: 3,
            ..SearchQuery::default()
        };
        assert_eq!(index().into_hits(&query), index().search(&query));
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
        // Typed letter by letter, then back: each answer is the full search's.
        let mut typing = Typing::default();
        for text in ["t", "tw", "tw ", "tw r", "tw", "ham", "hamp 9", "e"] {
            assert_eq!(typing.search(&idx, &q(text)), idx.search(&q(text)), "{text:?}");
        }
    }

    #[test]
    fn highlights_are_character_positions() {
        assert_eq!(matched_indices("Tweezer", "twz"), vec![0, 1, 4]);
        assert!(matched_indices("Tweezer", "xyz").is_empty());
    }
}
