//! Styles. The default uses the terminal's own palette (the 16 named colours),
//! `NO_COLOR` drops colour entirely, and selection never depends on colour.

use std::str::FromStr;

use color_eyre::eyre::{eyre, Result};
use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeConfig;

/// Marks the selected row, so it shows without colour too.
pub const SELECTION_SYMBOL: &str = "▶ ";
/// Beside an attended show, in the shows pane and the setlist's header.
pub const ATTENDED_MARK: &str = "✓";
/// Beside a song the user first saw at this (attended) show.
pub const FIRST_SEEN_MARK: &str = "+";

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub accent: Style,
    pub selection: Style,
    /// The selection in a pane without focus.
    pub selection_unfocused: Style,
    pub dim: Style,
    pub error: Style,
    pub jamchart: Style,
    /// Matched characters in search results.
    pub matched: Style,
    pub border: Style,
    pub border_focused: Style,
    pub title: Style,
}

impl Theme {
    /// `no_color` wins over every configured colour.
    pub fn new(config: &ThemeConfig, no_color: bool) -> Result<Self> {
        let color = |name: &str, value: &Option<String>, default: Color| -> Result<Option<Color>> {
            if no_color {
                return Ok(None);
            }
            match value {
                None => Ok(Some(default)),
                Some(v) => Color::from_str(v).map(Some).map_err(|_| {
                    eyre!("[theme] {name} = {v:?} is not a colour (a name such as \"cyan\", \"#rrggbb\", or 0-255)")
                }),
            }
        };
        let fg = |c: Option<Color>| c.map_or(Style::default(), |c| Style::default().fg(c));
        let accent = color("accent", &config.accent, Color::Cyan)?;
        let jamchart = color("jamchart", &config.jamchart, Color::Yellow)?;
        let error = color("error", &config.error, Color::Red)?;
        let matched = color("matched", &config.matched, Color::Yellow)?;
        Ok(Theme {
            accent: fg(accent),
            selection: Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            selection_unfocused: Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            dim: Style::default().add_modifier(Modifier::DIM),
            error: fg(error).add_modifier(Modifier::BOLD),
            jamchart: fg(jamchart).add_modifier(Modifier::BOLD),
            matched: fg(matched).add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            border: Style::default(),
            border_focused: fg(accent).add_modifier(Modifier::BOLD),
            title: Style::default().add_modifier(Modifier::BOLD),
        })
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new(&ThemeConfig::default(), false).expect("the default theme is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_drops_every_colour_but_keeps_the_selection_visible() {
        let config = ThemeConfig {
            accent: Some("#ff0000".into()),
            ..ThemeConfig::default()
        };
        let theme = Theme::new(&config, true).unwrap();
        for style in [
            theme.accent,
            theme.error,
            theme.jamchart,
            theme.matched,
            theme.border_focused,
        ] {
            assert_eq!(style.fg, None);
        }
        assert!(theme.selection.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn configured_colours_are_used_and_bad_ones_explained() {
        let config = ThemeConfig {
            accent: Some("magenta".into()),
            ..ThemeConfig::default()
        };
        assert_eq!(Theme::new(&config, false).unwrap().accent.fg, Some(Color::Magenta));
        let bad = ThemeConfig {
            error: Some("blurple".into()),
            ..ThemeConfig::default()
        };
        let err = Theme::new(&bad, false).unwrap_err().to_string();
        assert!(err.contains("[theme] error") && err.contains("blurple"), "{err}");
    }
}
