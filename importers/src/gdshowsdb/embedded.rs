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

/// Every embedded show, a year at a time in date order. Years parse on every core.
pub fn shows_by_year() -> Result<Vec<(i32, Vec<Show>)>, String> {
    let files = year_files()?;
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(files.len().max(1));
    let chunk = files.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(year, text)| {
                            parse_year(text)
                                .map(|shows| (*year, shows))
                                .map_err(|e| format!("the embedded gdshowsdb year {year} does not parse ({e})"))
                        })
                        .collect::<Result<Vec<_>, String>>()
                })
            })
            .collect();
        let mut years = Vec::new();
        for handle in handles {
            years.extend(
                handle
                    .join()
                    .map_err(|_| "parsing the embedded gdshowsdb data failed".to_string())??,
            );
        }
        Ok(years)
    })
}
