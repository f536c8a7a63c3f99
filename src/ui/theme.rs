//! Colour themes. `mono` uses no colour at all (reverse video, bold and
//! symbols), and is what `NO_COLOR` selects; `colour-blind` tells things apart
//! with blue and orange, never red against green.

use ratatui::style::{Color, Modifier, Style};

use crate::config::ThemeName;

/// The styles the screen is drawn with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub selected: Style,
    pub matched: Style,
    pub star: Style,
    pub chip: Style,
    pub warning: Style,
    pub key: Style,
    pub tab_active: Style,
}

impl Theme {
    pub fn new(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme {
                name,
                text: Style::new(),
                dim: Style::new().add_modifier(Modifier::DIM),
                heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                title: Style::new().add_modifier(Modifier::BOLD),
                border: Style::new().fg(Color::DarkGray),
                border_focus: Style::new().fg(Color::Cyan),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                matched: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
                star: Style::new().fg(Color::Yellow),
                chip: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
                warning: Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD),
                key: Style::new().add_modifier(Modifier::BOLD),
                tab_active: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            },
            ThemeName::Mono => Theme {
                name,
                text: Style::new(),
                dim: Style::new().add_modifier(Modifier::DIM),
                heading: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                title: Style::new().add_modifier(Modifier::BOLD),
                border: Style::new(),
                border_focus: Style::new().add_modifier(Modifier::BOLD),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                star: Style::new().add_modifier(Modifier::BOLD),
                chip: Style::new().add_modifier(Modifier::BOLD),
                warning: Style::new().add_modifier(Modifier::BOLD),
                key: Style::new().add_modifier(Modifier::BOLD),
                tab_active: Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
            },
            ThemeName::ColourBlind => Theme {
                name,
                text: Style::new(),
                dim: Style::new().add_modifier(Modifier::DIM),
                heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
                title: Style::new().add_modifier(Modifier::BOLD),
                border: Style::new().fg(Color::DarkGray),
                border_focus: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                matched: Style::new()
                    .fg(Color::Indexed(208))
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                star: Style::new().fg(Color::Indexed(208)),
                chip: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
                warning: Style::new()
                    .fg(Color::Indexed(208))
                    .add_modifier(Modifier::BOLD),
                key: Style::new().add_modifier(Modifier::BOLD),
                tab_active: Style::new()
                    .fg(Color::Blue)
                    .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            },
        }
    }

    /// The theme to use: `NO_COLOR` (any value) forces mono.
    pub fn choose(requested: ThemeName, no_color: bool) -> Theme {
        if no_color {
            Theme::new(ThemeName::Mono)
        } else {
            Theme::new(requested)
        }
    }
}
