//! Keys → actions. Normal keys are configurable under `[keys]`; the search box
//! has fixed keys, since letters there are text.

use std::collections::HashMap;

use color_eyre::eyre::{bail, Result};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::KeySpec;

/// Every configurable action: its name in `[keys]`, what it does, its default
/// keys, and the action.
const BINDINGS: &[(&str, &str, &[&str], Action)] = &[
    ("up", "move up", &["up", "k"], Action::Up),
    ("down", "move down", &["down", "j"], Action::Down),
    (
        "drill_in",
        "drill in: open the selection, a song's history, a show",
        &["enter", "right", "l"],
        Action::DrillIn,
    ),
    (
        "back",
        "back: to where a jump came from, else out a pane",
        &["esc"],
        Action::Back,
    ),
    (
        "out",
        "out to the pane on the left; closes an overlay",
        &["left", "h"],
        Action::Out,
    ),
    ("focus_next", "focus the next pane", &["tab"], Action::FocusNext),
    ("focus_prev", "focus the previous pane", &["backtab"], Action::FocusPrev),
    ("top", "jump to the top", &["g", "home"], Action::Top),
    ("bottom", "jump to the bottom", &["G", "end"], Action::Bottom),
    ("page_up", "page up", &["pgup"], Action::PageUp),
    ("page_down", "page down", &["pgdn"], Action::PageDown),
    ("half_page_up", "half a page up", &["ctrl-u"], Action::HalfPageUp),
    ("half_page_down", "half a page down", &["ctrl-d"], Action::HalfPageDown),
    (
        "search",
        "search songs, shows, venues and tours",
        &["/"],
        Action::OpenSearch,
    ),
    (
        "attended",
        "mark the selected show as attended, or unmark it",
        &["m"],
        Action::ToggleAttended,
    ),
    (
        "mine",
        "my shows: every attended show (i: what I saw and still chase)",
        &["M"],
        Action::OpenMine,
    ),
    ("today", "today in history, across all bands", &["t"], Action::OpenToday),
    (
        "previous_day",
        "today in history: the day before",
        &["["],
        Action::PreviousDay,
    ),
    ("next_day", "today in history: the day after", &["]"], Action::NextDay),
    (
        "songs",
        "the selected band's song list (s sorts it)",
        &["S"],
        Action::OpenSongs,
    ),
    (
        "stats",
        "statistics: the band's (from the band pane), else the selected tour's or year's",
        &["i"],
        Action::OpenStats,
    ),
    (
        "every_band",
        "song history: this band or every band that plays the song",
        &["a"],
        Action::ToggleBands,
    ),
    (
        "refresh",
        "refresh the selected band in the background",
        &["r"],
        Action::Refresh,
    ),
    (
        "copy",
        "copy the setlist's text (OSC 52; works over SSH)",
        &["y"],
        Action::Copy,
    ),
    (
        "toggle_grouping",
        "group shows by tour or by year",
        &["v"],
        Action::ToggleGrouping,
    ),
    (
        "toggle_sort",
        "sort the song history or the song list",
        &["s"],
        Action::ToggleSort,
    ),
    ("help", "this help", &["?"], Action::OpenHelp),
    (
        "suspend",
        "suspend to the shell (fg to resume)",
        &["ctrl-z"],
        Action::Suspend,
    ),
    ("quit", "quit", &["q", "ctrl-c"], Action::Quit),
];

/// Keys of the search box, for the help screen.
pub const SEARCH_KEYS: &[(&str, &str)] = &[
    ("type", "search as you type"),
    ("tab", "this band / all bands"),
    ("up down", "choose a result"),
    ("enter", "go to the result"),
    ("esc", "close the search"),
];

fn action_named(name: &str) -> Option<Action> {
    BINDINGS.iter().find(|b| b.0 == name).map(|b| b.3.clone())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl Key {
    fn from_event(event: KeyEvent) -> Self {
        // Shift is part of the character ('G'), so it is not matched separately.
        let code = match event.code {
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    fn parse(spec: &str) -> Result<Self> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = spec;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-").or_else(|| rest.strip_prefix("c-")) {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            _ if rest.chars().count() == 1 => KeyCode::Char(rest.chars().next().unwrap_or(' ')),
            _ => bail!("[keys]: `{spec}` is not a key (try \"j\", \"ctrl-d\", \"enter\", \"pgdn\", \"shift-tab\")"),
        };
        Ok(Key { code, ctrl, alt })
    }

    fn label(spec: &str) -> String {
        match spec {
            "backtab" => "shift-tab".into(),
            other => other.to_string(),
        }
    }
}

/// One action's keys, as the help screen and the status bar show them.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub name: &'static str,
    pub keys: Vec<String>,
    pub description: &'static str,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    normal: HashMap<Key, Action>,
    /// In the order of `BINDINGS`.
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The defaults, with each action named in `[keys]` taking the keys given there.
    pub fn new(config: &HashMap<String, KeySpec>) -> Result<Self> {
        for name in config.keys() {
            if action_named(name).is_none() {
                let known: Vec<&str> = BINDINGS.iter().map(|b| b.0).collect();
                bail!("[keys]: unknown action `{name}`; actions are {}", known.join(", "));
            }
        }
        let mut normal = HashMap::new();
        // Which action took each key, to report a key given to two.
        let mut owners: HashMap<Key, &str> = HashMap::new();
        let mut bindings = Vec::new();
        for (name, description, defaults, action) in BINDINGS {
            let specs: Vec<String> = match config.get(*name) {
                Some(spec) => spec.keys(),
                None => defaults.iter().map(|s| s.to_string()).collect(),
            };
            for spec in &specs {
                let key = Key::parse(spec)?;
                if let Some(other) = owners.insert(key, name).filter(|other| other != name) {
                    bail!("[keys]: `{spec}` is bound to both {other} and {name}; give one of them other keys");
                }
                normal.insert(key, action.clone());
            }
            bindings.push(Binding {
                name,
                keys: specs.iter().map(|s| Key::label(s)).collect(),
                description,
            });
        }
        Ok(Keymap { normal, bindings })
    }

    /// The action for a key: in the search box, or in the panes.
    pub fn resolve(&self, event: KeyEvent, searching: bool) -> Option<Action> {
        let key = Key::from_event(event);
        if key.ctrl && key.code == KeyCode::Char('c') {
            return Some(Action::Quit);
        }
        if !searching {
            return self.normal.get(&key).cloned();
        }
        match (key.code, key.ctrl) {
            (KeyCode::Esc, _) => Some(Action::Back),
            (KeyCode::Enter, _) => Some(Action::DrillIn),
            (KeyCode::Tab | KeyCode::BackTab, _) => Some(Action::ToggleScope),
            (KeyCode::Up, _) | (KeyCode::Char('p'), true) => Some(Action::Up),
            (KeyCode::Down, _) | (KeyCode::Char('n'), true) => Some(Action::Down),
            (KeyCode::PageUp, _) => Some(Action::PageUp),
            (KeyCode::PageDown, _) => Some(Action::PageDown),
            (KeyCode::Backspace, _) => Some(Action::Backspace),
            (KeyCode::Char('z'), true) => Some(Action::Suspend),
            (KeyCode::Char(c), false) if !key.alt => Some(Action::Input(c)),
            _ => None,
        }
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The first key of an action, for hints; empty if it has none.
    pub fn key_for(&self, name: &str) -> &str {
        self.bindings
            .iter()
            .find(|b| b.name == name)
            .and_then(|b| b.keys.first())
            .map_or("", String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    fn defaults() -> Keymap {
        Keymap::new(&HashMap::new()).unwrap()
    }

    #[test]
    fn defaults_cover_the_documented_keys() {
        let k = defaults();
        let none = KeyModifiers::NONE;
        assert_eq!(k.resolve(key(KeyCode::Char('j'), none), false), Some(Action::Down));
        assert_eq!(
            k.resolve(key(KeyCode::Char('G'), KeyModifiers::SHIFT), false),
            Some(Action::Bottom)
        );
        assert_eq!(
            k.resolve(key(KeyCode::Char('d'), KeyModifiers::CONTROL), false),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            k.resolve(key(KeyCode::Tab, KeyModifiers::SHIFT), false),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            k.resolve(key(KeyCode::BackTab, KeyModifiers::SHIFT), false),
            Some(Action::FocusPrev)
        );
        assert_eq!(
            k.resolve(key(KeyCode::Char('c'), KeyModifiers::CONTROL), false),
            Some(Action::Quit)
        );
        assert_eq!(k.resolve(key(KeyCode::Char('x'), none), false), None);
    }

    #[test]
    fn letters_are_text_in_the_search_box() {
        let k = defaults();
        let none = KeyModifiers::NONE;
        assert_eq!(k.resolve(key(KeyCode::Char('q'), none), true), Some(Action::Input('q')));
        assert_eq!(k.resolve(key(KeyCode::Char('j'), none), true), Some(Action::Input('j')));
        assert_eq!(k.resolve(key(KeyCode::Tab, none), true), Some(Action::ToggleScope));
        assert_eq!(k.resolve(key(KeyCode::Esc, none), true), Some(Action::Back));
        assert_eq!(
            k.resolve(key(KeyCode::Char('c'), KeyModifiers::CONTROL), true),
            Some(Action::Quit)
        );
    }

    #[test]
    fn config_rebinds_an_action_and_rejects_unknown_ones() {
        let config = HashMap::from([("quit".to_string(), KeySpec::One("x".into()))]);
        let k = Keymap::new(&config).unwrap();
        assert_eq!(
            k.resolve(key(KeyCode::Char('x'), KeyModifiers::NONE), false),
            Some(Action::Quit)
        );
        assert_eq!(k.resolve(key(KeyCode::Char('q'), KeyModifiers::NONE), false), None);
        assert_eq!(k.key_for("quit"), "x");
        assert_eq!(k.key_for("search"), "/");

        let bad = HashMap::from([("fly".to_string(), KeySpec::One("f".into()))]);
        assert!(Keymap::new(&bad)
            .unwrap_err()
            .to_string()
            .contains("unknown action `fly`"));
        let bad = HashMap::from([("quit".to_string(), KeySpec::Many(vec!["hyper-q".into()]))]);
        assert!(Keymap::new(&bad).unwrap_err().to_string().contains("not a key"));
    }

    #[test]
    fn a_key_given_to_two_actions_is_an_error_naming_both() {
        let config = HashMap::from([("search".to_string(), KeySpec::One("t".into()))]);
        let err = Keymap::new(&config).unwrap_err().to_string();
        assert_eq!(
            err,
            "[keys]: `t` is bound to both search and today; give one of them other keys"
        );
    }
}
