//! The terminal side: set up and restore the terminal, read input on a thread,
//! and loop: drain messages → update → effects → draw when something changed.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEventKind};

use super::action::Action;
use super::effects::{Msg, Runner};
use super::keymap::Keymap;
use super::state::{AppState, Overlay};
use super::terminal::{self, TerminalGuard};
use crate::cache::Cache;
use crate::config::Settings;
use crate::ui::theme::Theme;
use crate::ui::{self, UiContext};

/// How often the loop wakes with nothing to do, and how often it checks whether
/// another process wrote to the cache.
const TICK: Duration = Duration::from_millis(250);
const CACHE_CHECK: Duration = Duration::from_secs(1);

pub struct Options {
    /// Shown in the status bar, e.g. that this is demo data.
    pub banner: Option<String>,
}

/// `NO_COLOR` set to anything but the empty string turns colour off.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Sends warnings and errors to the log file; the explorer owns the screen.
fn start_log(settings: &Settings) {
    // On a first run the data folder may not exist yet.
    if let Some(dir) = settings.log_path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&settings.log_path);
    if let Ok(file) = file {
        let _ = simplelog::WriteLogger::init(log::LevelFilter::Info, simplelog::Config::default(), file);
    }
}

pub fn run(settings: Settings, options: Options) -> Result<()> {
    start_log(&settings);
    let keymap = Keymap::new(&settings.keys).wrap_err_with(|| settings.config_path.display().to_string())?;
    let theme = Theme::new(&settings.theme, no_color()).wrap_err_with(|| settings.config_path.display().to_string())?;
    let cache = Cache::open(&settings.cache_path)?;

    let (inbox, messages) = mpsc::channel();
    let mut runner = Runner::new(cache, settings, inbox.clone());

    let mut guard = TerminalGuard::enter()?;
    terminal::quit_on_signals(inbox.clone())?;
    spawn_input(inbox);
    // The guard restores the terminal however this returns.
    event_loop(&mut guard, &mut runner, &messages, &keymap, &theme, options)
}

fn spawn_input(inbox: Sender<Msg>) {
    thread::spawn(move || {
        while let Ok(event) = crossterm::event::read() {
            if inbox.send(Msg::Term(event)).is_err() {
                break;
            }
        }
    });
}

fn event_loop(
    guard: &mut TerminalGuard,
    runner: &mut Runner,
    messages: &Receiver<Msg>,
    keymap: &Keymap,
    theme: &Theme,
    options: Options,
) -> Result<()> {
    let size = guard.terminal.size()?;
    let today = chrono::Local::now().format("%m-%d").to_string();
    let mut state = runner.start(&today, size.width, size.height);
    state.banner = options.banner;
    runner.load_built_in(&mut state);
    let mut data_version = runner.cache.data_version()?;
    let mut last_check = Instant::now();
    let ctx = UiContext { theme, keymap };
    let mut dirty = true;

    loop {
        if dirty {
            guard.terminal.draw(|frame| ui::draw(frame, &state, &ctx))?;
            dirty = false;
        }
        // Wait for one message, then take every other already queued, so a burst
        // of keys is applied before the next frame.
        let first = match messages.recv_timeout(TICK) {
            Ok(msg) => Some(msg),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        for msg in first.into_iter().chain(messages.try_iter()) {
            if let Some(action) = to_action(msg, keymap, &state) {
                runner.dispatch(&mut state, action);
                dirty = true;
            }
        }
        if state.should_quit {
            return Ok(());
        }
        if runner.suspend_requested {
            runner.suspend_requested = false;
            guard.suspend()?;
            // The terminal may have been resized while we were stopped.
            let size = guard.terminal.size()?;
            runner.dispatch(
                &mut state,
                Action::Resize {
                    width: size.width,
                    height: size.height,
                },
            );
            dirty = true;
        }
        if last_check.elapsed() >= CACHE_CHECK {
            last_check = Instant::now();
            let now = runner.cache.data_version()?;
            if now != data_version {
                data_version = now;
                runner.dispatch(&mut state, Action::CacheChanged);
                dirty = true;
            }
        }
    }
}

fn to_action(msg: Msg, keymap: &Keymap, state: &AppState) -> Option<Action> {
    match msg {
        Msg::Action(action) => Some(action),
        Msg::Term(Event::Key(key)) if key.kind != KeyEventKind::Release => {
            let searching = matches!(state.overlay, Some(Overlay::Search(_)));
            keymap.resolve(key, searching)
        }
        Msg::Term(Event::Mouse(mouse)) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: mouse.column,
                row: mouse.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: mouse.column,
                row: mouse.row,
                down: mouse.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Msg::Term(Event::Resize(width, height)) => Some(Action::Resize { width, height }),
        // Pasted text is typed into the search box, and otherwise ignored: it
        // never fires key bindings.
        Msg::Term(Event::Paste(text)) => {
            matches!(state.overlay, Some(Overlay::Search(_))).then_some(Action::Paste(text))
        }
        Msg::Term(_) => None,
    }
}
