//! Packs the gdshowsdb year files of `assets/gdshowsdb/` into one deflate
//! stream that the `gdshowsdb::embedded` module includes in the binary.
//!
//! Sets and songs carry random uuids that nothing reads; dropping them shrinks
//! the compressed asset by more than half. Every other byte is kept as is.

use std::io::Write;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets/gdshowsdb");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut blob = Vec::new();
    for year in 1965..=1995u32 {
        let path = dir.join(format!("{year}.yaml"));
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let slim = without_inner_uuids(&text);
        blob.extend_from_slice(&year.to_le_bytes());
        blob.extend_from_slice(&(slim.len() as u32).to_le_bytes());
        blob.extend_from_slice(slim.as_bytes());
    }
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&blob).expect("deflate in memory");
    let packed = encoder.finish().expect("deflate in memory");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gdshowsdb.deflate");
    std::fs::write(&out, packed).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

/// `  - :uuid: …` followed by `    :songs:` becomes `  - :songs:`: the list item
/// stays, its uuid goes. Show uuids (`  :uuid:`, not a list item) stay.
fn without_inner_uuids(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- :uuid:") {
            let indent = &line[..line.len() - trimmed.len()];
            match lines.next() {
                Some(next) => {
                    out.push_str(indent);
                    out.push_str("- ");
                    out.push_str(next.trim_start());
                }
                // A list item that holds only a uuid: keep it empty.
                None => {
                    out.push_str(indent);
                    out.push('-');
                }
            }
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
