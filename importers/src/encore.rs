//! The Grateful Dead sources have no encore flag. Their rule: a show with two or
//! more sets whose last set has fewer than 3 songs ends with an encore.

use crate::model::{Performance, Set, SetLabel, Show, ShowDate, SourceKind, Transition, Venue};

/// Labels for sets of these sizes, in order: `Set 1`, `Set 2`, …, and `Encore` last
/// when the rule says so.
pub fn labels_with_inferred_encore(sizes: &[usize]) -> Vec<SetLabel> {
    let encore = sizes.len() >= 2 && sizes.last().is_some_and(|n| *n < 3);
    (0..sizes.len())
        .map(|i| {
            if encore && i + 1 == sizes.len() {
                SetLabel::Encore(1)
            } else {
                SetLabel::Set(i as u32 + 1)
            }
        })
        .collect()
}

/// A song as these sources give it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayedSong {
    pub name: String,
    /// Segues into the next song, even across a set boundary.
    pub segued: bool,
    pub song_id: Option<String>,
    pub seconds: Option<u32>,
}

/// Sets from their songs, numbered across the show; a set's last song ends it
/// unless it segues on (across sets).
pub fn sets_from(songs_per_set: Vec<Vec<PlayedSong>>) -> Vec<Set> {
    let sizes: Vec<usize> = songs_per_set.iter().map(Vec::len).collect();
    let mut position = 0;
    labels_with_inferred_encore(&sizes)
        .into_iter()
        .zip(songs_per_set)
        .map(|(label, songs)| {
            let count = songs.len();
            let performances = songs
                .into_iter()
                .enumerate()
                .map(|(i, played)| {
                    let PlayedSong {
                        name,
                        segued,
                        song_id,
                        seconds,
                    } = played;
                    position += 1;
                    let transition = match (segued, i + 1 == count) {
                        (true, _) => Transition::Segue,
                        (false, true) => Transition::EndOfSet,
                        (false, false) => Transition::None,
                    };
                    Performance {
                        song: crate::model::Song {
                            source_id: song_id,
                            slug: crate::text::slugify(&name),
                            name,
                            original_artist: None,
                        },
                        position,
                        transition,
                        footnote: None,
                        jamchart: false,
                        jamchart_note: None,
                        guest: None,
                        tape: false,
                        duration_secs: seconds,
                    }
                })
                .collect();
            Set { label, performances }
        })
        .collect()
}

/// A show as both Grateful Dead sources give it: a venue and sets, no tour, notes
/// or link.
pub fn show_from(
    source: SourceKind,
    source_id: String,
    date: ShowDate,
    order_in_date: u32,
    venue: Venue,
    songs_per_set: Vec<Vec<PlayedSong>>,
) -> Show {
    Show {
        source,
        source_id,
        date,
        order_in_date,
        venue,
        tour: None,
        notes: None,
        permalink: None,
        sets: sets_from(songs_per_set),
        excluded: None,
        source_updated: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encore_rule() {
        let labels = |sizes: &[usize]| -> Vec<String> {
            labels_with_inferred_encore(sizes)
                .iter()
                .map(|l| l.to_string())
                .collect()
        };
        assert_eq!(labels(&[12, 7, 1]), ["Set 1", "Set 2", "Encore"]);
        assert_eq!(labels(&[12, 7, 3]), ["Set 1", "Set 2", "Set 3"]);
        assert_eq!(labels(&[2]), ["Set 1"], "one set is never an encore");
        assert_eq!(labels(&[9, 2]), ["Set 1", "Encore"]);
        assert!(labels(&[]).is_empty());
    }

    #[test]
    fn a_segue_carries_across_a_set_boundary() {
        let song = |n: &str, s| PlayedSong {
            name: n.to_string(),
            segued: s,
            song_id: None,
            seconds: None,
        };
        let sets = sets_from(vec![
            vec![song("A", false), song("B", true)],
            vec![song("C", false), song("D", false), song("E", false)],
        ]);
        assert_eq!(sets[0].performances[1].transition, Transition::Segue);
        assert_eq!(sets[0].performances[0].transition, Transition::None);
        assert_eq!(sets[1].performances[2].transition, Transition::EndOfSet);
        assert_eq!(sets[1].performances[0].position, 3);
    }
}
