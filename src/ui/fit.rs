//! Fitting text into a number of terminal columns.

/// The start of `s` that fits in `width` columns.
pub fn truncate(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// The end of `text` that fits in `width` columns, with `…` where it was cut.
pub fn tail_fitting(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if unicode_width::UnicodeWidthStr::width(text) <= width {
        return text.to_string();
    }
    let mut kept = Vec::new();
    let mut used = 1; // the ellipsis
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(c);
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_box_shows_what_was_typed_last() {
        assert_eq!(tail_fitting("tweezer", 10), "tweezer");
        assert_eq!(tail_fitting("tweezer reprise", 8), "…reprise");
        assert_eq!(tail_fitting("日本語のうた", 7), "…のうた");
    }
}
