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

pub fn spawn_refresh(settings: Settings, band: BandSpec, inbox: Sender<Msg>) {
    thread::spawn(move || {
        let result = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => {
                let mut progress = ChannelProgress { inbox: inbox.clone() };
                runtime
                    .block_on(refresh_band(&settings, &band, Depth::Incremental, &mut progress))
                    .map(|summary| summary.to_string())
                    .map_err(|e| format!("{e:#}"))
            }
            Err(e) => Err(format!("cannot start the async runtime: {e}")),
        };
        let _ = inbox.send(Msg::Action(Action::RefreshDone {
            band: band.slug.clone(),
            result,
        }));
    });
}
