//! Which theme the explorer is drawn in, by name only: `:theme`, the theme key and
//! `FLOWSCOPE_THEME` choose among these, and `NO_COLOR` forces mono. The styles each name
//! stands for belong to the ui (`ui::theme::Theme::of`), so the core knows no colours.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    Mono,
}

impl ThemeName {
    /// The names `:theme` accepts and completes, in the order the theme key cycles.
    pub const NAMES: &'static [&'static str] = &["dark", "light", "mono"];

    pub fn parse(s: &str) -> Option<ThemeName> {
        match s.trim().to_ascii_lowercase().as_str() {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            "mono" | "none" | "no-color" => Some(ThemeName::Mono),
            _ => None,
        }
    }

    /// `NO_COLOR` (any non-empty value, see no-color.org) wins over the chosen theme.
    pub fn resolve(chosen: Option<ThemeName>, no_color: Option<&str>) -> ThemeName {
        match no_color {
            Some(v) if !v.is_empty() => ThemeName::Mono,
            _ => chosen.unwrap_or_default(),
        }
    }

    /// The theme after this one, for the key that cycles them.
    pub fn next(self) -> ThemeName {
        match self {
            ThemeName::Dark => ThemeName::Light,
            ThemeName::Light => ThemeName::Mono,
            ThemeName::Mono => ThemeName::Dark,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::theme::*;

    #[test]
    fn no_color_forces_mono_whatever_was_chosen() {
        assert_eq!(
            ThemeName::resolve(Some(ThemeName::Light), Some("1")),
            ThemeName::Mono
        );
        assert_eq!(
            ThemeName::resolve(Some(ThemeName::Light), Some("")),
            ThemeName::Light
        );
        assert_eq!(ThemeName::resolve(None, None), ThemeName::Dark);
    }

    #[test]
    fn every_listed_name_parses_and_the_cycle_visits_each() {
        let mut t = ThemeName::Dark;
        for name in ThemeName::NAMES {
            assert_eq!(ThemeName::parse(name), Some(t));
            t = t.next();
        }
        assert_eq!(t, ThemeName::Dark);
    }
}
