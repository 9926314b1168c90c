//! Refresh progress: a bar on a terminal, plain lines elsewhere (cron, ssh, pipes).

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Where a refresh reports how far it got. The TUI gets its own, sending messages.
pub trait Progress {
    /// A step with no count yet, such as fetching the show list.
    fn stage(&mut self, band: &str, message: &str);
    /// `done` of `total` steps finished; `message` says what the last one was.
    fn step(&mut self, band: &str, done: u64, total: u64, message: &str);
    /// The band's refresh ended, well or not.
    fn finish(&mut self, band: &str);
}

/// Picks the bar when stderr is a terminal, and plain lines otherwise.
pub fn for_stderr() -> Box<dyn Progress> {
    if std::io::stderr().is_terminal() {
        Box::new(BarProgress::default())
    } else {
        Box::new(PlainProgress::new(std::io::stderr()))
    }
}

/// One line per step, no escape codes.
pub struct PlainProgress<W: Write> {
    out: W,
}

impl<W: Write> PlainProgress<W> {
    pub fn new(out: W) -> Self {
        PlainProgress { out }
    }
}

impl<W: Write> Progress for PlainProgress<W> {
    fn stage(&mut self, band: &str, message: &str) {
        let _ = writeln!(self.out, "{band}: {message}");
    }
    fn step(&mut self, band: &str, done: u64, total: u64, message: &str) {
        let _ = writeln!(self.out, "{band}: [{done}/{total}] {message}");
    }
    fn finish(&mut self, _band: &str) {}
}

/// An indicatif bar with counts and ETA.
#[derive(Default)]
pub struct BarProgress {
    bar: Option<ProgressBar>,
}

impl BarProgress {
    fn bar(&mut self, band: &str) -> &ProgressBar {
        self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{prefix:.bold} [{bar:30}] {pos}/{len} ETA {eta} {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix(band.to_string());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        })
    }
}

impl Progress for BarProgress {
    fn stage(&mut self, band: &str, message: &str) {
        self.bar(band).set_message(message.to_string());
    }
    fn step(&mut self, band: &str, done: u64, total: u64, message: &str) {
        let bar = self.bar(band);
        bar.set_length(total);
        bar.set_position(done);
        bar.set_message(message.to_string());
    }
    fn finish(&mut self, _band: &str) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_progress_writes_lines_without_escapes() {
        let mut out = Vec::new();
        {
            let mut p = PlainProgress::new(&mut out);
            p.stage("phish", "fetching the show list");
            p.step("phish", 1, 3, "1997: 2 shows");
            p.finish("phish");
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "phish: fetching the show list\nphish: [1/3] 1997: 2 shows\n");
        assert!(!text.contains('\u{1b}'));
    }
}
