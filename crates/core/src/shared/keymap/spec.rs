//! One key as a keymap names it (`ctrl-r`, `G`, `shift-tab`, `f5`): parsed, normalised so
//! equal keys compare equal, matched against the keys the terminal reports, and written
//! back for the help and the footer.

use crate::shared::key::{Key, KeyCode, KeyKind, Mods};

/// One key with its modifiers, normalised so that equal keys compare equal: `ctrl-C` is
/// `ctrl-c`, `shift-g` is `G`, `shift-tab` is `backtab`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: Mods,
}

impl KeySpec {
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        if s.is_empty() {
            return Err("empty key".to_string());
        }
        let mut mods = Mods::NONE;
        let mut rest = s;
        // A single character is always a key, so "-" and "ctrl--" work.
        while rest.chars().count() > 1 {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (Mods::CTRL, 5)
            } else if lower.starts_with("alt-") {
                (Mods::ALT, 4)
            } else if lower.starts_with("shift-") {
                (Mods::SHIFT, 6)
            } else {
                break;
            };
            if mods.contains(m) {
                return Err(format!("`{s}` repeats a modifier"));
            }
            mods |= m;
            rest = &rest[len..];
        }
        if rest.is_empty() {
            return Err(format!("`{s}` has a modifier but no key"));
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => match c {
                '↑' => KeyCode::Up,
                '↓' => KeyCode::Down,
                '←' => KeyCode::Left,
                '→' => KeyCode::Right,
                c => KeyCode::Char(c),
            },
            _ => named_key(&rest.to_ascii_lowercase())
                .ok_or_else(|| format!("unknown key name `{rest}`"))?,
        };
        KeySpec::normalise(code, mods).ok_or_else(|| {
            format!("`{s}`: shift only combines with letters and named keys; write the shifted character itself")
        })
    }

    /// The form a binding is stored in; `None` for shift with a non-letter character,
    /// because terminals report the shifted symbol (`?`, not shift-`/`).
    fn normalise(code: KeyCode, mut mods: Mods) -> Option<KeySpec> {
        let code = match code {
            KeyCode::Char(c) if mods.contains(Mods::SHIFT) => {
                if !c.is_alphabetic() {
                    return None;
                }
                mods.remove(Mods::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            }
            KeyCode::Tab if mods.contains(Mods::SHIFT) => {
                mods.remove(Mods::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(Mods::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        // Terminals cannot tell ctrl-c from ctrl-C (both are byte 0x03).
        let code = match code {
            KeyCode::Char(c) if mods.contains(Mods::CTRL) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        Some(KeySpec { code, mods })
    }

    /// The spec an event would have been written as, or `None` for key releases (with the
    /// kitty protocol a press and its release would otherwise both fire).
    pub fn from_event(ev: &Key) -> Option<KeySpec> {
        if ev.kind == KeyKind::Release {
            return None;
        }
        let mut mods = ev.mods;
        let code = match ev.code {
            // Legacy terminals send 'G' with SHIFT; the kitty protocol may send 'g' with
            // SHIFT. Either way the shift is already in the character.
            KeyCode::Char(c) => {
                let c = if mods.contains(Mods::SHIFT) {
                    c.to_ascii_uppercase()
                } else {
                    c
                };
                mods.remove(Mods::SHIFT);
                KeyCode::Char(c)
            }
            other => other,
        };
        KeySpec::normalise(code, mods)
    }

    pub fn matches(&self, ev: &Key) -> bool {
        KeySpec::from_event(ev).is_some_and(|k| k == *self)
    }

    /// Short form for the help overlay and footer; [`KeySpec::parse`] reads it back.
    pub fn display(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Enter => "enter".to_string(),
            KeyCode::Esc => "esc".to_string(),
            KeyCode::Tab => "tab".to_string(),
            KeyCode::BackTab => "S-tab".to_string(),
            KeyCode::PageUp => "pgup".to_string(),
            KeyCode::PageDown => "pgdn".to_string(),
            KeyCode::Home => "home".to_string(),
            KeyCode::End => "end".to_string(),
            KeyCode::Delete => "del".to_string(),
            KeyCode::Backspace => "bksp".to_string(),
            KeyCode::Insert => "ins".to_string(),
            KeyCode::F(n) => format!("f{n}"),
            other => format!("{other:?}").to_ascii_lowercase(),
        };
        let mut out = String::new();
        for (m, name) in [
            (Mods::CTRL, "ctrl-"),
            (Mods::ALT, "alt-"),
            (Mods::SHIFT, "shift-"),
        ] {
            if self.mods.contains(m) {
                out.push_str(name);
            }
        }
        out.push_str(&base);
        out
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "s-tab" => KeyCode::BackTab,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "delete" | "del" => KeyCode::Delete,
        "backspace" | "bksp" => KeyCode::Backspace,
        "insert" | "ins" => KeyCode::Insert,
        f => match f.strip_prefix('f')?.parse::<u8>() {
            Ok(n @ 1..=12) => KeyCode::F(n),
            _ => return None,
        },
    })
}
