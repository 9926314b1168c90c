//! The gdshowsdb data set at [`COMMIT`], inside the binary: every Grateful Dead
//! show with no network and no key. `build.rs` packs `assets/gdshowsdb/`.

use std::io::Read;

use super::parse_year;
use crate::model::Show;

/// The gdshowsdb commit the embedded year files come from.
pub const COMMIT: &str = super::DEFAULT_COMMIT;

/// Attribution owed under gdshowsdb's MIT license.
pub const ATTRIBUTION: &str =
    "Grateful Dead setlists: gdshowsdb (MIT, Copyright (c) 2013 Jeff Smith), https://github.com/jefmsmit/gdshowsdb";

/// gdshowsdb's license, shipped with the data.
pub const LICENSE: &str = include_str!("../../../assets/gdshowsdb/LICENSE.txt");

static PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gdshowsdb.deflate"));

/// The compressed size of the embedded data, in bytes.
pub fn packed_len() -> usize {
    PACKED.len()
}

/// The embedded year files: `(year, YAML)` in year order.
fn year_files() -> Result<Vec<(i32, String)>, String> {
    let mut blob = Vec::new();
    flate2::read::DeflateDecoder::new(PACKED)
        .read_to_end(&mut blob)
        .map_err(|e| format!("the embedded gdshowsdb data is damaged ({e})"))?;
    let mut files = Vec::new();
    let mut rest = blob.as_slice();
    while !rest.is_empty() {
        let (year, len, tail) = header(rest).ok_or("the embedded gdshowsdb data is truncated")?;
        let text = tail.get(..len).ok_or("the embedded gdshowsdb data is truncated")?;
        let text = std::str::from_utf8(text).map_err(|e| format!("the embedded gdshowsdb data is not UTF-8 ({e})"))?;
        files.push((year, text.to_string()));
        rest = &tail[len..];
    }
    Ok(files)
}

fn header(bytes: &[u8]) -> Option<(i32, usize, &[u8])> {
    let year = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?);
    let len = u32::from_le_bytes(bytes.get(4..8)?.try_into().ok()?);
    Some((year as i32, len as usize, &bytes[8..]))
}

/// Every embedded show, a year at a time in date order.
pub fn shows_by_year() -> Result<Vec<(i32, Vec<Show>)>, String> {
    years()?.collect()
}

/// The embedded years in order, each handed over as soon as it is parsed: a
/// thread parses the next years while the caller stores the last one.
pub fn years() -> Result<impl Iterator<Item = Result<(i32, Vec<Show>), String>>, String> {
    let files = year_files()?;
    let (send, receive) = std::sync::mpsc::sync_channel(4);
    std::thread::Builder::new()
        .name("gdshowsdb-parse".into())
        .spawn(move || {
            for (year, text) in files {
                let parsed = parse_year(&text)
                    .map(|shows| (year, shows))
                    .map_err(|e| format!("the embedded gdshowsdb year {year} does not parse ({e})"));
                let failed = parsed.is_err();
                // The caller stopped reading, or the data is bad: nothing more to send.
                if send.send(parsed).is_err() || failed {
                    return;
                }
            }
        })
        .map_err(|e| format!("cannot start parsing the embedded gdshowsdb data ({e})"))?;
    Ok(receive.into_iter())
}
