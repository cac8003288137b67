//! Semantic styles: panes and widgets ask for "selection" or "status failed", never for a
//! colour, so dark, light and mono themes (and `NO_COLOR`) change the whole screen at once.
//! The app holds only the theme's name ([`ThemeName`]); [`Theme::of`] gives its styles.

use std::sync::LazyLock;

use ratatui::style::{Color, Modifier, Style};

pub use crate::app::shared::theme::ThemeName;

/// Each theme built once: every pane looks its styles up on every frame.
static THEMES: LazyLock<[Theme; 3]> =
    LazyLock::new(|| [Theme::dark(), Theme::light(), Theme::mono()]);

#[derive(Clone, Debug, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub border: Style,
    pub border_focus: Style,
    pub header: Style,
    pub selection: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub crumb: Style,
    pub key: Style,
    pub status_bar: Style,
    pub ok: Style,
    pub failed: Style,
    pub running: Style,
    pub warn: Style,
    pub json_key: Style,
    pub json_string: Style,
    pub json_number: Style,
    pub json_bool: Style,
    pub json_null: Style,
    pub json_punct: Style,
    pub search_match: Style,
    pub fuzzy_match: Style,
    pub toast_info: Style,
    pub toast_error: Style,
    pub graph_edge: Style,
    /// A marked row (its `●` marker says the same without colour).
    pub marked: Style,
}

impl Theme {
    /// The styles of the theme `name`.
    pub fn of(name: ThemeName) -> &'static Theme {
        let i = match name {
            ThemeName::Dark => 0,
            ThemeName::Light => 1,
            ThemeName::Mono => 2,
        };
        &THEMES[i]
    }

    pub fn named(name: ThemeName) -> Theme {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    pub fn dark() -> Theme {
        let fg = |c| Style::new().fg(c);
        Theme {
            name: ThemeName::Dark,
            base: Style::new(),
            dim: fg(Color::DarkGray),
            title: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            border: fg(Color::DarkGray),
            border_focus: fg(Color::Cyan),
            header: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::Blue).fg(Color::White),
            tab: fg(Color::Gray),
            tab_active: fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            crumb: fg(Color::Cyan),
            key: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            status_bar: Style::new().bg(Color::DarkGray).fg(Color::White),
            ok: fg(Color::Green),
            failed: fg(Color::Red).add_modifier(Modifier::BOLD),
            running: fg(Color::Cyan),
            warn: fg(Color::Yellow),
            json_key: fg(Color::Cyan),
            json_string: fg(Color::Green),
            json_number: fg(Color::Magenta),
            json_bool: fg(Color::Yellow),
            json_null: fg(Color::DarkGray),
            json_punct: fg(Color::Gray),
            search_match: Style::new().bg(Color::Yellow).fg(Color::Black),
            fuzzy_match: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            toast_info: Style::new().bg(Color::Green).fg(Color::Black),
            toast_error: Style::new().bg(Color::Red).fg(Color::White),
            graph_edge: fg(Color::Gray),
            marked: fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
        }
    }

    pub fn light() -> Theme {
        let fg = |c| Style::new().fg(c);
        Theme {
            name: ThemeName::Light,
            dim: fg(Color::Gray),
            title: fg(Color::Blue).add_modifier(Modifier::BOLD),
            border: fg(Color::Gray),
            border_focus: fg(Color::Blue),
            header: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            selection: Style::new().bg(Color::LightBlue).fg(Color::Black),
            tab: fg(Color::DarkGray),
            tab_active: fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            crumb: fg(Color::Blue),
            key: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            status_bar: Style::new().bg(Color::Gray).fg(Color::Black),
            ok: fg(Color::Green),
            failed: fg(Color::Red).add_modifier(Modifier::BOLD),
            running: fg(Color::Blue),
            warn: fg(Color::Magenta),
            json_key: fg(Color::Blue),
            json_string: fg(Color::Green),
            json_number: fg(Color::Magenta),
            json_bool: fg(Color::Red),
            json_null: fg(Color::Gray),
            json_punct: fg(Color::DarkGray),
            search_match: Style::new().bg(Color::LightYellow).fg(Color::Black),
            fuzzy_match: fg(Color::Red).add_modifier(Modifier::BOLD),
            marked: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            ..Theme::dark()
        }
    }

    /// No colours at all: meaning is carried by bold, reverse and underline.
    pub fn mono() -> Theme {
        let plain = Style::new();
        let bold = plain.add_modifier(Modifier::BOLD);
        let rev = plain.add_modifier(Modifier::REVERSED);
        Theme {
            name: ThemeName::Mono,
            base: plain,
            dim: plain.add_modifier(Modifier::DIM),
            title: bold,
            border: plain,
            border_focus: bold,
            header: bold.add_modifier(Modifier::UNDERLINED),
            selection: rev,
            tab: plain,
            tab_active: rev.add_modifier(Modifier::BOLD),
            crumb: bold,
            key: bold,
            status_bar: rev,
            ok: plain,
            failed: bold,
            running: plain.add_modifier(Modifier::ITALIC),
            warn: bold,
            json_key: bold,
            json_string: plain,
            json_number: plain,
            json_bool: plain,
            json_null: plain.add_modifier(Modifier::DIM),
            json_punct: plain,
            search_match: rev,
            fuzzy_match: plain.add_modifier(Modifier::UNDERLINED),
            toast_info: rev,
            toast_error: rev.add_modifier(Modifier::BOLD),
            graph_edge: plain,
            marked: bold.add_modifier(Modifier::UNDERLINED),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_name_finds_its_own_styles() {
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Mono] {
            assert_eq!(Theme::of(name), &Theme::named(name));
            assert_eq!(Theme::of(name).name, name);
        }
    }

    #[test]
    fn mono_uses_no_colour() {
        let t = Theme::mono();
        for s in [
            t.ok,
            t.failed,
            t.selection,
            t.json_key,
            t.toast_error,
            t.marked,
        ] {
            assert_eq!((s.fg, s.bg), (None, None));
        }
    }
}
