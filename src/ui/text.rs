//! Text editing through ratatui-textarea: the ui's implementation of the core's text
//! buffers, and the core's keys in the textarea's terms.

use ratatui_textarea::{Input, Key as TaKey};

use crate::app::key::{Key, KeyCode, KeyKind, Mods};

/// A core key as ratatui-textarea's input, as its own crossterm conversion would make it:
/// releases are no key, shift-tab is tab with shift, keys it has no name for are nothing.
pub fn textarea_input(k: &Key) -> Input {
    if k.kind == KeyKind::Release {
        return Input::default();
    }
    let ctrl = k.mods.contains(Mods::CTRL);
    let alt = k.mods.contains(Mods::ALT);
    let shift = k.mods.contains(Mods::SHIFT);
    let key = match k.code {
        KeyCode::Char(c) => TaKey::Char(c),
        KeyCode::Backspace => TaKey::Backspace,
        KeyCode::Enter => TaKey::Enter,
        KeyCode::Left => TaKey::Left,
        KeyCode::Right => TaKey::Right,
        KeyCode::Up => TaKey::Up,
        KeyCode::Down => TaKey::Down,
        KeyCode::Tab => TaKey::Tab,
        KeyCode::Delete => TaKey::Delete,
        KeyCode::Home => TaKey::Home,
        KeyCode::End => TaKey::End,
        KeyCode::PageUp => TaKey::PageUp,
        KeyCode::PageDown => TaKey::PageDown,
        KeyCode::Esc => TaKey::Esc,
        KeyCode::F(n) => TaKey::F(n),
        KeyCode::BackTab => {
            return Input {
                key: TaKey::Tab,
                ctrl,
                alt,
                shift: true,
            };
        }
        KeyCode::Insert | KeyCode::Other => TaKey::Null,
    };
    Input {
        key,
        ctrl,
        alt,
        shift,
    }
}
