//! Background jobs. A refresh runs on its own thread and runtime, and talks to
//! the event loop only by messages.

use std::sync::mpsc::Sender;
use std::thread;

use super::action::Action;
use super::effects::Msg;
use crate::config::{BandSpec, Settings};
use crate::refresh::{refresh_band, Depth, Progress};

/// Forwards refresh progress to the event loop.
struct ChannelProgress {
    inbox: Sender<Msg>,
}

impl Progress for ChannelProgress {
    fn stage(&mut self, band: &str, message: &str) {
        self.step(band, 0, 0, message);
    }

    fn step(&mut self, band: &str, done: u64, total: u64, message: &str) {
        let _ = self.inbox.send(Msg::Action(Action::RefreshProgress {
            band: band.to_string(),
            done,
            total,
            message: message.to_string(),
        }));
    }

    fn finish(&mut self, _band: &str) {}
}

/// Runs a background job's work; a panic becomes the job's error, so the job
/// still reports its end and the explorer goes on.
pub fn caught<T>(work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".into());
            Err(format!("crashed ({what}); the details are in the log"))
        }
    }
}

pub fn spawn_refresh(settings: Settings, band: BandSpec, inbox: Sender<Msg>) {
    thread::spawn(move || {
        let result = caught(
            || match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                Ok(runtime) => {
                    let mut progress = ChannelProgress { inbox: inbox.clone() };
                    runtime
                        .block_on(refresh_band(&settings, &band, Depth::Incremental, &mut progress))
                        .map(|summary| summary.to_string())
                        .map_err(|e| format!("{e:#}"))
                }
                Err(e) => Err(format!("cannot start the async runtime: {e}")),
            },
        );
        let _ = inbox.send(Msg::Action(Action::RefreshDone {
            band: band.slug.clone(),
            result,
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_job_ends_with_an_error_naming_the_panic() {
        let result: Result<(), String> = caught(|| panic!("boom in the importer"));
        let err = result.unwrap_err();
        assert!(err.starts_with("crashed (boom in the importer)"), "{err}");
        assert_eq!(caught(|| Ok::<_, String>(7)), Ok(7));
        assert_eq!(caught(|| Err::<(), _>("plain".to_string())), Err("plain".into()));
    }
}
