//! When two bands' songs are the same song: the one rule, used by `song all` and
//! by the explorer's every-band history alike.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The form in which two song names that are the same song are equal: accents
/// dropped, any case, apostrophes (straight or curly) removed, `&` read as "and",
/// every other mark a word break, and a leading "The" dropped. So "Playing In The
/// Band" and "Playing in the Band", or "Friend of the Devil" and "Friend Of The
/// Devil", share a key; "Playin'" and "Playing" do not.
pub fn song_key(name: &str) -> String {
    let mut spaced = String::with_capacity(name.len() + 8);
    let mut push = |c: char| match c {
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02bc}' | '`' | '\u{b4}' => {}
        '&' => spaced.push_str(" and "),
        c if c.is_alphanumeric() => spaced.extend(c.to_lowercase()),
        _ => spaced.push(' '),
    };
    // Most names are ASCII, which has no accents to take apart.
    if name.is_ascii() {
        name.chars().for_each(&mut push);
    } else {
        name.nfkd().filter(|c| !is_combining_mark(*c)).for_each(&mut push);
    }
    let mut words = spaced.split_whitespace().peekable();
    // "The" alone is a name of its own, not an article.
    if words.peek() == Some(&"the") && spaced.split_whitespace().nth(1).is_some() {
        words.next();
    }
    words.collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_one_song_share_a_key() {
        let same = [
            ("Playing In The Band", "Playing in the Band"),
            ("Truckin'", "Truckin’"),
            ("Help On The Way", "help on the way"),
            ("Franklin's Tower", "Franklins Tower"),
            ("Café Racer", "Cafe Racer"),
            (
                "Sugar Magnolia > Sunshine Daydream",
                "Sugar Magnolia - Sunshine Daydream",
            ),
            ("Me & My Uncle", "Me and My Uncle"),
            ("The Other One", "Other One"),
            ("Scarlet Begonias", "  SCARLET   BEGONIAS "),
        ];
        for (a, b) in same {
            assert_eq!(song_key(a), song_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn different_songs_keep_different_keys() {
        let different = [
            ("Playin' in the Band", "Playing in the Band"),
            ("Tweezer", "Tweezer Reprise"),
            ("Fire on the Mountain", "Fire"),
        ];
        for (a, b) in different {
            assert_ne!(song_key(a), song_key(b), "{a} / {b}");
        }
        assert_eq!(song_key("The"), "the", "a song called The keeps its name");
        assert_eq!(song_key("Me & My Uncle"), "me and my uncle");
    }
}
