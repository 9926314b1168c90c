//! The terminal the explorer draws on. Taken over on start and handed back
//! however the explorer ends: on return (the guard's `Drop`), on a panic of the
//! main thread, and around Ctrl-Z. SIGTERM and SIGHUP quit through the event
//! loop like `q`, so they hand it back too.

use std::io::{stdout, IsTerminal};
use std::sync::mpsc::Sender;
use std::thread;

use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{Clear, ClearType, EnterAlternateScreen};
use ratatui::DefaultTerminal;
use signal_hook::consts::{SIGHUP, SIGTERM, SIGTSTP};

use super::action::Action;
use super::effects::Msg;

/// Whether the explorer has a terminal to draw on and read keys from.
pub fn available() -> bool {
    std::io::stdin().is_terminal() && stdout().is_terminal()
}

/// Owns the terminal while the explorer runs; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    pub fn enter() -> Result<Self> {
        let terminal = ratatui::try_init().wrap_err("cannot take over the terminal")?;
        let guard = TerminalGuard { terminal };
        execute!(stdout(), EnableMouseCapture, EnableBracketedPaste).wrap_err("cannot set up the terminal")?;
        install_panic_hook();
        Ok(guard)
    }

    /// Ctrl-Z: hand the terminal back to the shell, stop, and take it again on `fg`.
    pub fn suspend(&mut self) -> Result<()> {
        leave();
        signal_hook::low_level::raise(SIGTSTP).wrap_err("cannot suspend")?;
        crossterm::terminal::enable_raw_mode()?;
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            Clear(ClearType::All)
        )?;
        // A new terminal has no previous frame, so the next draw repaints everything.
        // (Terminal::clear would ask the tty for the cursor, racing the input thread.)
        self.terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))?;
        Ok(())
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        leave();
    }
}

/// Mouse capture and bracketed paste off, raw mode off, the main screen back.
fn leave() {
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
}

/// A panic on the main thread restores the terminal and prints the report (the
/// hooks of ratatui and color-eyre, set before). A panic in a background job
/// must not touch the screen the explorer still draws: it goes to the log, and
/// the job reports it as its error.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if thread::current().name() == Some("main") {
            let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
            previous(info);
        } else {
            log::error!("a background job panicked: {info}");
        }
    }));
}

/// SIGTERM (`kill`) and SIGHUP (a closed SSH session) quit as `q` does.
pub fn quit_on_signals(inbox: Sender<Msg>) -> Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP]).wrap_err("cannot listen for signals")?;
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if inbox.send(Msg::Action(Action::Quit)).is_err() {
                    break;
                }
            }
        })
        .wrap_err("cannot start the signal thread")?;
    Ok(())
}
