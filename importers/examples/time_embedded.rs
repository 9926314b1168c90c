fn main() {
    let t = std::time::Instant::now();
    let files = elmeg_importers::gdshowsdb::embedded::year_files().unwrap();
    println!(
        "inflate {:?} {}",
        t.elapsed(),
        files.iter().map(|f| f.1.len()).sum::<usize>()
    );
    let t = std::time::Instant::now();
    let y = elmeg_importers::gdshowsdb::embedded::shows_by_year().unwrap();
    println!(
        "all {:?} shows {} packed {}",
        t.elapsed(),
        y.iter().map(|s| s.1.len()).sum::<usize>(),
        elmeg_importers::gdshowsdb::embedded::packed_len()
    );
}
