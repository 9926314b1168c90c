//! The cache's schema, as versioned migrations tracked in `PRAGMA user_version`.

use rusqlite_migration::{Migrations, M};

const V1: &str = r#"
CREATE TABLE bands (
    id      INTEGER PRIMARY KEY,
    slug    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    source  TEXT NOT NULL
);

-- Venues are shared by every band of a source; `source_key` is the source's id,
-- or name and place joined when the source has no ids.
CREATE TABLE venues (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    source_key  TEXT NOT NULL,
    name        TEXT NOT NULL,
    city        TEXT,
    state       TEXT,
    country     TEXT,
    latitude    REAL,
    longitude   REAL,
    UNIQUE (source, source_key)
);

CREATE TABLE tours (
    id          INTEGER PRIMARY KEY,
    band_id     INTEGER NOT NULL REFERENCES bands(id),
    source_key  TEXT NOT NULL,
    name        TEXT NOT NULL,
    UNIQUE (band_id, source_key)
);

-- A song is told apart by the source's song id where it has one, else by its name.
CREATE TABLE songs (
    id               INTEGER PRIMARY KEY,
    band_id          INTEGER NOT NULL REFERENCES bands(id),
    source_key       TEXT NOT NULL,
    name             TEXT NOT NULL,
    slug             TEXT NOT NULL,
    original_artist  TEXT,
    UNIQUE (band_id, source_key)
);
CREATE INDEX songs_by_name ON songs(band_id, name COLLATE NOCASE);

CREATE TABLE shows (
    id              INTEGER PRIMARY KEY,
    band_id         INTEGER NOT NULL REFERENCES bands(id),
    source          TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    date            TEXT NOT NULL,
    order_in_date   INTEGER NOT NULL,
    venue_id        INTEGER NOT NULL REFERENCES venues(id),
    tour_id         INTEGER REFERENCES tours(id),
    notes           TEXT,
    permalink       TEXT,
    -- NULL when counted; 'source' or 'future' when stored but never counted.
    excluded        TEXT,
    source_updated  TEXT,
    content_hash    TEXT NOT NULL,
    UNIQUE (band_id, source, source_id)
);
CREATE INDEX shows_by_band_date ON shows(band_id, date, order_in_date);
CREATE INDEX shows_by_date ON shows(date);
CREATE INDEX shows_by_tour ON shows(tour_id, date);

CREATE TABLE sets (
    id       INTEGER PRIMARY KEY,
    show_id  INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    idx      INTEGER NOT NULL,
    label    TEXT NOT NULL,
    UNIQUE (show_id, idx)
);

CREATE TABLE performances (
    id              INTEGER PRIMARY KEY,
    show_id         INTEGER NOT NULL REFERENCES shows(id) ON DELETE CASCADE,
    set_id          INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    song_id         INTEGER NOT NULL REFERENCES songs(id),
    transition      TEXT NOT NULL,
    footnote        TEXT,
    jamchart        INTEGER NOT NULL DEFAULT 0,
    jamchart_note   TEXT,
    guest           TEXT,
    tape            INTEGER NOT NULL DEFAULT 0,
    duration_secs   INTEGER
);
CREATE INDEX performances_by_show ON performances(show_id, position);
CREATE INDEX performances_by_set ON performances(set_id);
CREATE INDEX performances_by_song ON performances(song_id);

-- The last refresh of each band, and the last successful one.
CREATE TABLE refreshes (
    band_id           INTEGER PRIMARY KEY REFERENCES bands(id),
    started_at        TEXT NOT NULL,
    finished_at       TEXT NOT NULL,
    outcome           TEXT NOT NULL,
    error             TEXT,
    shows_added       INTEGER NOT NULL DEFAULT 0,
    shows_updated     INTEGER NOT NULL DEFAULT 0,
    shows_unchanged   INTEGER NOT NULL DEFAULT 0,
    requests          INTEGER NOT NULL DEFAULT 0,
    last_success_started_at   TEXT,
    last_success_finished_at  TEXT
);

-- Where each band's source left off, in a form only that source's driver reads.
CREATE TABLE sync_cursors (
    band_id  INTEGER NOT NULL REFERENCES bands(id),
    source   TEXT NOT NULL,
    cursor   TEXT NOT NULL,
    PRIMARY KEY (band_id, source)
);

-- The shows every count, history and gap is over: not excluded, not in the
-- future, and with at least one performance that is not a tape.
CREATE VIEW counted_shows AS
SELECT s.*
FROM shows s
WHERE s.excluded IS NULL
  AND s.date <= date('now')
  AND EXISTS (SELECT 1 FROM performances p WHERE p.show_id = s.id AND p.tape = 0);
"#;

/// Derived data, rebuilt at the end of each refresh so that start-up and search
/// read a few rows instead of counting every performance.
const V2: &str = r#"
-- A band's counts over counted_shows. Since v3 every write to the band's shows
-- updates its row in the same transaction (before, it deleted the row).
CREATE TABLE band_stats (
    band_id       INTEGER PRIMARY KEY REFERENCES bands(id),
    shows         INTEGER NOT NULL,
    performances  INTEGER NOT NULL,
    songs         INTEGER NOT NULL
);

-- What fuzzy search matches: songs, shows, venues and tours, with their context.
CREATE TABLE search_items (
    id       INTEGER PRIMARY KEY,
    band_id  INTEGER NOT NULL REFERENCES bands(id),
    kind     TEXT NOT NULL,
    label    TEXT NOT NULL,
    context  TEXT NOT NULL,
    song_id  INTEGER,
    show_id  INTEGER
);
CREATE INDEX search_items_by_band ON search_items(band_id);
"#;

/// Each counted show's number within its band: what gaps are measured in, so a
/// song's history reads its rows' numbers instead of numbering every show again.
/// Kept current, with `band_stats`, by every transaction that writes shows. And
/// each performance's place in its show, so a history reads that too.
const V3: &str = r#"
CREATE TABLE show_numbers (
    show_id       INTEGER PRIMARY KEY REFERENCES shows(id) ON DELETE CASCADE,
    band_id       INTEGER NOT NULL REFERENCES bands(id),
    n             INTEGER NOT NULL,
    -- The show's performances that are not tapes, for the band's counts.
    performances  INTEGER NOT NULL
);
CREATE INDEX show_numbers_by_band ON show_numbers(band_id, n);

-- A performance's 1-based place in its show, counting performances only (tapes
-- have none), in set order then the source's order: written with the show.
ALTER TABLE performances ADD COLUMN place INTEGER;
UPDATE performances SET place = ranked.place
FROM (SELECT p.id, ROW_NUMBER() OVER (PARTITION BY p.show_id ORDER BY st.idx, p.position, p.id) AS place
      FROM performances p JOIN sets st ON st.id = p.set_id WHERE p.tape = 0) AS ranked
WHERE ranked.id = performances.id;
"#;

/// Countries under one name ("US" and "United States" are "USA"): the venues are
/// rewritten in Rust on opening (`write::normalize_countries`), since the rule
/// is the importers'; this step only marks the version.
const V4: &str = "SELECT 1;";

/// The ids a band's refresh needs beyond its source (`artist_id`, `artist_slug`,
/// `mbid`, `base_url`), as JSON: a pulled snapshot brings them, so a band the
/// fan's config does not name is listed, browsed and refreshed as the server's is.
const V5: &str = "ALTER TABLE bands ADD COLUMN source_ids TEXT;";

/// The version whose derived data an older cache must build on opening: counts
/// and search items came in v2, show numbers in v3, search contexts with one
/// name per country in v4.
pub const DERIVED_SINCE: i64 = 4;

/// An older cache's venues get one name per country on opening.
pub const COUNTRIES_SINCE: i64 = 4;

/// Every step, oldest first; the schema version is the number of steps applied.
const STEPS: &[&str] = &[V1, V2, V3, V4, V5];

pub fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    STEPS.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().unwrap();
    }
}
