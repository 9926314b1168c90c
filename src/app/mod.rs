//! The explorer: state, actions, the pure update, keys, and the event loop.

pub mod action;
pub mod effects;
pub mod event_loop;
pub mod jobs;
pub mod keymap;
pub mod loader;
pub mod state;
pub mod terminal;
pub mod update;
