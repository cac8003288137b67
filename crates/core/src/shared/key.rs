//! Keys and terminal input as the explorer's core sees them: its own types, so routing,
//! the keymap and the text boxes work without a terminal library. The terminal front end
//! (`tui::input`) turns the terminal's events into these at the one place they enter.

/// A key on the keyboard, after the terminal decoded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A character key; the shift, if any, is usually already in the character.
    Char(char),
    Enter,
    Esc,
    Tab,
    /// Shift-tab, as terminals report it.
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    /// F1 to F12 (and beyond, where a keyboard has them).
    F(u8),
    /// Any other key (caps lock, media keys, a lone modifier): bound to nothing, typed as
    /// nothing.
    Other,
}

/// Modifier keys held with a key, as a small bit set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mods(u8);

impl Mods {
    pub const NONE: Mods = Mods(0);
    pub const SHIFT: Mods = Mods(1);
    pub const CTRL: Mods = Mods(1 << 1);
    pub const ALT: Mods = Mods(1 << 2);
    pub const SUPER: Mods = Mods(1 << 3);
    /// Reported by the kitty keyboard protocol only; kept so a key held with them is not
    /// mistaken for the bare key.
    pub const HYPER: Mods = Mods(1 << 4);
    pub const META: Mods = Mods(1 << 5);

    /// Every modifier of `other` is held.
    pub const fn contains(self, other: Mods) -> bool {
        self.0 & other.0 == other.0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn insert(&mut self, other: Mods) {
        self.0 |= other.0;
    }

    pub fn remove(&mut self, other: Mods) {
        self.0 &= !other.0;
    }

    /// These modifiers less those of `other`.
    pub const fn without(self, other: Mods) -> Mods {
        Mods(self.0 & !other.0)
    }
}

impl std::ops::BitOr for Mods {
    type Output = Mods;

    fn bitor(self, other: Mods) -> Mods {
        Mods(self.0 | other.0)
    }
}

impl std::ops::BitOrAssign for Mods {
    fn bitor_assign(&mut self, other: Mods) {
        self.0 |= other.0;
    }
}

/// Whether a key went down, is held (auto-repeat) or came up. Only terminals speaking the
/// kitty keyboard protocol report repeats and releases; the rest send presses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum KeyKind {
    #[default]
    Press,
    Repeat,
    Release,
}

/// One key event: the key, its modifiers, and whether it was pressed, held or released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
    pub kind: KeyKind,
}

impl Key {
    /// A press of `code` with `mods`.
    pub const fn new(code: KeyCode, mods: Mods) -> Key {
        Key {
            code,
            mods,
            kind: KeyKind::Press,
        }
    }

    /// A press of the character `c`, no modifiers.
    pub const fn char(c: char) -> Key {
        Key::new(KeyCode::Char(c), Mods::NONE)
    }
}

/// What a mouse did, of what the explorer answers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MouseKind {
    /// The left button went down (a click).
    LeftDown,
    ScrollUp,
    ScrollDown,
    /// Other buttons, releases, drags and moves.
    Other,
}

/// One input from the terminal.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Input {
    Key(Key),
    /// A mouse event at a screen cell.
    Mouse {
        kind: MouseKind,
        column: u16,
        row: u16,
    },
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// The terminal's new size, in cells.
    Resize {
        width: u16,
        height: u16,
    },
    /// The terminal gained (true) or lost focus (when it reports focus changes).
    Focus(bool),
    /// Anything else the explorer ignores.
    Other,
}

#[cfg(test)]
mod tests {
    use crate::shared::key::*;

    #[test]
    fn modifiers_combine_and_come_apart() {
        let mut m = Mods::CTRL | Mods::SHIFT;
        assert!(m.contains(Mods::CTRL) && m.contains(Mods::SHIFT));
        assert!(!m.contains(Mods::CTRL | Mods::ALT));
        assert_eq!(m.without(Mods::SHIFT), Mods::CTRL);
        m.remove(Mods::CTRL);
        assert_eq!(m, Mods::SHIFT);
        m.insert(Mods::ALT);
        assert!(m.contains(Mods::ALT) && !m.is_empty());
        assert!(Mods::NONE.is_empty() && Mods::default() == Mods::NONE);
        assert_eq!(Key::char('j'), Key::new(KeyCode::Char('j'), Mods::NONE));
        assert_eq!(Key::char('j').kind, KeyKind::Press);
    }
}
