//! Cleaning of free text from the APIs: HTML entities, tags, and doubly-encoded UTF-8.

/// Decodes HTML entities, turns `&nbsp;` into a plain space, and trims.
/// Returns `None` for text that is empty once cleaned.
pub fn clean_text(raw: &str) -> Option<String> {
    let decoded = html_escape::decode_html_entities(raw).replace('\u{a0}', " ");
    let fixed = repair_mojibake(&decoded);
    let trimmed = fixed.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Like [`clean_text`], for notes that carry markup: paragraphs and line breaks
/// become newlines, every other tag is dropped, and runs of spaces collapse.
pub fn clean_notes(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('>') else {
            // A stray `<` that opens no tag is text.
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + len].trim().to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '/']).next().unwrap_or("");
        match name {
            "br" | "p" | "div" | "li" if tag.starts_with('/') || name == "br" => out.push('\n'),
            _ => {}
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    let decoded = clean_text(&out)?;
    let lines: Vec<String> = decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// One name for a country however a source writes it: "US", "United States" and
/// "U.S.A." are all "USA"; "United Kingdom", "Great Britain" and "U.K." are "UK".
/// Other names are kept as written (England stays England).
pub fn country_name(raw: &str) -> String {
    let plain: String = raw
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    match plain.as_str() {
        "us" | "usa" | "unitedstates" | "unitedstatesofamerica" => "USA".into(),
        "uk" | "unitedkingdom" | "greatbritain" | "gb" => "UK".into(),
        _ => raw.to_string(),
    }
}

/// Repairs UTF-8 that was decoded as Latin-1 and encoded again (`Treyâ\u{80}\u{99}s`).
/// Only runs that hold a C1 control character are touched, since those never
/// appear in real text, so a genuine `é` is left alone.
fn repair_mojibake(s: &str) -> String {
    let is_latin1_high = |c: char| ('\u{80}'..='\u{ff}').contains(&c);
    if !s.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        let bytes: Vec<u8> = run.iter().map(|c| *c as u32 as u8).collect();
        let has_c1 = run.iter().any(|c| ('\u{80}'..='\u{9f}').contains(c));
        match String::from_utf8(bytes) {
            Ok(fixed) if has_c1 => out.push_str(&fixed),
            _ => out.extend(run.iter()),
        }
        run.clear();
    };
    for c in s.chars() {
        if is_latin1_high(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A URL-style slug: lowercase ASCII letters and digits joined by `-`.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Mike's Song" → "mikes-song"
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_have_one_name() {
        for raw in ["US", "USA", "U.S.A.", "United States", "united states of america"] {
            assert_eq!(country_name(raw), "USA", "{raw}");
        }
        for raw in ["UK", "U.K.", "United Kingdom", "Great Britain"] {
            assert_eq!(country_name(raw), "UK", "{raw}");
        }
        assert_eq!(country_name("England"), "England");
        assert_eq!(country_name("Canada"), "Canada");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            clean_text("Trey&rsquo;s &quot;Hood&quot; &amp; Mike&#39;s&nbsp;Song").unwrap(),
            "Trey\u{2019}s \"Hood\" & Mike's Song"
        );
        assert_eq!(clean_text("  "), None);
    }

    #[test]
    fn notes_lose_their_tags() {
        let raw = "<p>Released on the&nbsp;<em>Hampton/Winston-Salem &#39;97</em>&nbsp;box set.</p>\r\n<p>Second.</p>";
        assert_eq!(
            clean_notes(raw).unwrap(),
            "Released on the Hampton/Winston-Salem '97 box set.\nSecond."
        );
        assert_eq!(clean_notes("<p></p>\r\n"), None);
        assert_eq!(clean_notes("a < b"), Some("a < b".to_string()));
    }

    #[test]
    fn double_encoded_utf8_is_repaired() {
        assert_eq!(clean_text("Trey\u{e2}\u{80}\u{99}s").unwrap(), "Trey\u{2019}s");
        assert_eq!(clean_text("Café").unwrap(), "Café");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Mike's Song"), "mikes-song");
        assert_eq!(slugify("Also Sprach Zarathustra"), "also-sprach-zarathustra");
        assert_eq!(slugify("Say It To Me S.A.N.T.O.S."), "say-it-to-me-s-a-n-t-o-s");
    }
}
