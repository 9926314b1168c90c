//! Plain-text forms of the query results, for people reading a terminal.

use std::fmt::Write;

use elmeg_tui::cache::{
    BandOverview, CatalogSong, ScopeStats, SetlistShow, ShowRow, SongAcross, SongHistory, SongTimes,
};
use elmeg_tui::search::SearchHit;
use unicode_width::UnicodeWidthStr;

/// Left-aligned columns padded by display width, two spaces apart.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if i + 1 == cells.len() {
                out.push_str(cell);
            } else {
                out.push_str(cell);
                out.push_str(&" ".repeat(w - cell.width() + 2));
            }
        }
        out.trim_end().to_string() + "\n"
    };
    let mut out = line(header.to_vec());
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn or_dash(v: Option<&str>) -> String {
    v.unwrap_or("-").to_string()
}

pub fn bands_table(bands: &[BandOverview]) -> String {
    let rows: Vec<Vec<String>> = bands
        .iter()
        .map(|b| {
            vec![
                b.slug.clone(),
                b.name.clone(),
                b.source.clone(),
                b.shows.to_string(),
                b.performances.to_string(),
                b.songs.to_string(),
                b.last_refresh
                    .clone()
                    .unwrap_or_else(|| format!("never (elmeg-tui --refresh {})", b.slug)),
            ]
        })
        .collect();
    table(
        &[
            "BAND",
            "NAME",
            "SOURCE",
            "SHOWS",
            "PERFORMANCES",
            "SONGS",
            "LAST REFRESH",
        ],
        &rows,
    )
}

pub fn setlists_text(shows: &[SetlistShow]) -> String {
    let mut out = String::new();
    for (i, show) in shows.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let place: Vec<&str> = [&show.venue, &show.city, &show.state, &show.country]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        let _ = writeln!(out, "{}  {}", show.date, place.join(", "));
        if let Some(tour) = &show.tour {
            let _ = writeln!(out, "Tour: {tour}");
        }
        match show.excluded.as_deref() {
            Some("future") => out.push_str("(upcoming: not counted)\n"),
            Some(_) => out.push_str("(not counted in statistics, as the source marks it)\n"),
            None => {}
        }
        if show.text.is_empty() {
            out.push_str("No setlist.\n");
        }
        let mut footnotes = Vec::new();
        for set in show.sets.iter().filter(|s| !s.songs.is_empty()) {
            let mut line = format!("{}: ", set.label);
            for (j, song) in set.songs.iter().enumerate() {
                line.push_str(&song.name);
                if song.jamchart {
                    line.push('*');
                }
                if song.tape {
                    line.push_str(" (tape)");
                }
                if let Some(note) = &song.footnote {
                    footnotes.push(note.clone());
                    let _ = write!(line, "[{}]", footnotes.len());
                }
                if j + 1 < set.songs.len() {
                    line.push_str(match song.transition.as_str() {
                        ">" => " > ",
                        "->" => " -> ",
                        _ => ", ",
                    });
                }
            }
            let _ = writeln!(out, "{line}");
        }
        for (n, note) in footnotes.iter().enumerate() {
            let _ = writeln!(out, "[{}] {note}", n + 1);
        }
        if show.sets.iter().flat_map(|s| &s.songs).any(|s| s.jamchart) {
            out.push_str("* jam chart\n");
        }
        if let Some(notes) = &show.notes {
            let _ = writeln!(out, "\n{notes}");
        }
        if let Some(link) = &show.permalink {
            let _ = writeln!(out, "{link}");
        }
    }
    out
}

/// A band's catalog, one song a row.
pub fn songs_table(songs: &[CatalogSong]) -> String {
    let rows: Vec<Vec<String>> = songs
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.times_played.to_string(),
                s.debut.clone(),
                s.last_played.clone(),
                s.current_gap.to_string(),
                s.average_gap.map_or_else(|| "-".into(), |a| format!("{a:.1}")),
                s.longest_gap.map_or_else(|| "-".into(), |l| l.to_string()),
                or_dash(s.original_artist.as_deref()),
            ]
        })
        .collect();
    table(
        &[
            "SONG",
            "PLAYS",
            "DEBUT",
            "LAST",
            "GAP",
            "AVG GAP",
            "LONGEST",
            "ORIGINAL ARTIST",
        ],
        &rows,
    )
}

/// Rows newest first, unless asked for oldest first.
fn in_order<T>(rows: &[T], oldest_first: bool) -> Box<dyn Iterator<Item = &T> + '_> {
    if oldest_first {
        Box::new(rows.iter())
    } else {
        Box::new(rows.iter().rev())
    }
}

pub fn song_text(h: &SongHistory, band_name: &str, oldest_first: bool) -> String {
    let mut out = format!("{} ({band_name})\n", h.song);
    let repeats = if h.occurrences > h.times_played {
        format!(" ({} times in all)", h.occurrences)
    } else {
        String::new()
    };
    let _ = writeln!(out, "Times played: {}{repeats}", h.times_played);
    let _ = writeln!(out, "Debut:        {}", or_dash(h.debut.as_deref()));
    let _ = writeln!(out, "Last played:  {}", or_dash(h.last_played.as_deref()));
    let gap = h
        .current_gap
        .map(|g| format!("{g} shows"))
        .unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "Current gap:  {gap}\n");
    let rows: Vec<Vec<String>> = in_order(&h.performances, oldest_first)
        .map(|p| {
            vec![
                p.date.clone(),
                p.venue.clone(),
                or_dash(p.city.as_deref()),
                p.set.clone(),
                p.positions.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
                p.gap.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    out.push_str(&table(&["DATE", "VENUE", "CITY", "SET", "POS", "GAP"], &rows));
    out
}

/// A song under every band: each band's figures, then every show in date order.
pub fn song_across_text(a: &SongAcross, band_name: &dyn Fn(&str) -> String, oldest_first: bool) -> String {
    let mut out = format!("{} (every band)\n\n", a.song);
    let bands: Vec<Vec<String>> = a
        .bands
        .iter()
        .map(|b| {
            vec![
                band_name(&b.band),
                b.times_played.to_string(),
                or_dash(b.debut.as_deref()),
                or_dash(b.last_played.as_deref()),
                b.current_gap.map_or_else(|| "-".into(), |g| g.to_string()),
            ]
        })
        .collect();
    out.push_str(&table(&["BAND", "PLAYS", "DEBUT", "LAST", "GAP"], &bands));
    out.push('\n');
    let rows: Vec<Vec<String>> = in_order(&a.performances, oldest_first)
        .map(|p| {
            vec![
                p.date.clone(),
                band_name(&p.band),
                p.venue.clone(),
                or_dash(p.city.as_deref()),
                p.set.clone(),
                p.positions.iter().map(u64::to_string).collect::<Vec<_>>().join(", "),
            ]
        })
        .collect();
    out.push_str(&table(&["DATE", "BAND", "VENUE", "CITY", "SET", "POS"], &rows));
    out
}

/// A band's statistics over a scope: the counts, then each ranking.
pub fn stats_text(band_name: &str, s: &ScopeStats) -> String {
    let scope = match s.scope.as_str() {
        "all" => "every show".to_string(),
        scope => scope.to_string(),
    };
    let mut out = format!(
        "{band_name}, {scope}: {} shows from {} to {}\n{} songs played, {} different\n",
        s.shows,
        or_dash(s.first.as_deref()),
        or_dash(s.last.as_deref()),
        s.occurrences,
        s.distinct_songs
    );
    let times = |title: &str, list: &[SongTimes]| {
        let rows: Vec<Vec<String>> = list.iter().map(|t| vec![t.song.clone(), t.times.to_string()]).collect();
        format!("\n{}", table(&[title, "SHOWS"], &rows))
    };
    out.push_str(&times("MOST PLAYED", &s.most_played));
    let debuts: Vec<Vec<String>> = s.debuts.iter().map(|d| vec![d.date.clone(), d.song.clone()]).collect();
    let _ = write!(out, "\n{}", table(&["DEBUT", "SONG"], &debuts));
    let bustouts: Vec<Vec<String>> = s
        .bustouts
        .iter()
        .map(|b| vec![b.date.clone(), b.song.clone(), b.gap.to_string()])
        .collect();
    let _ = write!(out, "\n{}", table(&["BUST-OUT", "SONG", "GAP"], &bustouts));
    out.push_str(&times("OPENER", &s.openers));
    out.push_str(&times("CLOSER", &s.closers));
    out
}

/// Today in history: one show a line, oldest first.
pub fn today_lines(month_day: &str, shows: &[ShowRow], band_name: &dyn Fn(&str) -> String) -> String {
    if shows.is_empty() {
        return format!("No show in the cache was played on {month_day}.\n");
    }
    let rows: Vec<Vec<String>> = shows
        .iter()
        .map(|s| vec![s.date.clone(), band_name(&s.band), s.venue.clone(), s.place()])
        .collect();
    table(&["DATE", "BAND", "VENUE", "PLACE"], &rows)
}

/// One result a line: kind, band, label, and its context.
pub fn search_lines(hits: &[SearchHit]) -> String {
    let rows: Vec<Vec<String>> = hits
        .iter()
        .map(|h| {
            vec![
                h.item.kind.as_str().to_string(),
                h.item.band.clone(),
                h.item.label.clone(),
                h.item.context.clone(),
            ]
        })
        .collect();
    if rows.is_empty() {
        return "No match.\n".to_string();
    }
    table(&["KIND", "BAND", "MATCH", ""], &rows)
}
