//! The terminal's events in the core's terms: crossterm's keys, mouse, paste and resize
//! become [`app::key`](crate::app::shared::key) values here, where they enter the program, so
//! nothing past this point depends on the terminal library.

use crossterm::event::{
    Event, KeyCode as TermCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::app::shared::key::{Input, Key, KeyCode, KeyKind, Mods, MouseKind};

/// One key event as the core's [`Key`].
pub fn key(ev: &KeyEvent) -> Key {
    Key {
        code: code(ev.code),
        mods: mods(ev.modifiers),
        kind: match ev.kind {
            KeyEventKind::Press => KeyKind::Press,
            KeyEventKind::Repeat => KeyKind::Repeat,
            KeyEventKind::Release => KeyKind::Release,
        },
    }
}

/// One terminal event as the core's [`Input`].
pub fn input(ev: &Event) -> Input {
    match ev {
        Event::Key(k) => Input::Key(key(k)),
        Event::Mouse(m) => Input::Mouse {
            kind: match m.kind {
                MouseEventKind::Down(MouseButton::Left) => MouseKind::LeftDown,
                MouseEventKind::ScrollUp => MouseKind::ScrollUp,
                MouseEventKind::ScrollDown => MouseKind::ScrollDown,
                _ => MouseKind::Other,
            },
            column: m.column,
            row: m.row,
        },
        Event::Paste(text) => Input::Paste(text.clone()),
        Event::Resize(width, height) => Input::Resize {
            width: *width,
            height: *height,
        },
        Event::FocusGained => Input::Focus(true),
        Event::FocusLost => Input::Focus(false),
    }
}

fn code(c: TermCode) -> KeyCode {
    match c {
        TermCode::Char(c) => KeyCode::Char(c),
        TermCode::Enter => KeyCode::Enter,
        TermCode::Esc => KeyCode::Esc,
        TermCode::Tab => KeyCode::Tab,
        TermCode::BackTab => KeyCode::BackTab,
        TermCode::Backspace => KeyCode::Backspace,
        TermCode::Delete => KeyCode::Delete,
        TermCode::Insert => KeyCode::Insert,
        TermCode::Up => KeyCode::Up,
        TermCode::Down => KeyCode::Down,
        TermCode::Left => KeyCode::Left,
        TermCode::Right => KeyCode::Right,
        TermCode::Home => KeyCode::Home,
        TermCode::End => KeyCode::End,
        TermCode::PageUp => KeyCode::PageUp,
        TermCode::PageDown => KeyCode::PageDown,
        TermCode::F(n) => KeyCode::F(n),
        _ => KeyCode::Other,
    }
}

fn mods(m: KeyModifiers) -> Mods {
    [
        (KeyModifiers::SHIFT, Mods::SHIFT),
        (KeyModifiers::CONTROL, Mods::CTRL),
        (KeyModifiers::ALT, Mods::ALT),
        (KeyModifiers::SUPER, Mods::SUPER),
        (KeyModifiers::HYPER, Mods::HYPER),
        (KeyModifiers::META, Mods::META),
    ]
    .into_iter()
    .filter(|(t, _)| m.contains(*t))
    .fold(Mods::NONE, |acc, (_, ours)| acc | ours)
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyEventState, MouseEvent};

    use super::*;

    #[test]
    fn keys_keep_their_code_modifiers_and_kind() {
        let ev = KeyEvent {
            code: TermCode::Char('x'),
            modifiers: KeyModifiers::CONTROL | KeyModifiers::ALT,
            kind: KeyEventKind::Repeat,
            state: KeyEventState::NONE,
        };
        assert_eq!(
            key(&ev),
            Key {
                code: KeyCode::Char('x'),
                mods: Mods::CTRL | Mods::ALT,
                kind: KeyKind::Repeat,
            }
        );
        let backtab = KeyEvent::new(TermCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(key(&backtab), Key::new(KeyCode::BackTab, Mods::SHIFT));
        let f5 = KeyEvent::new(TermCode::F(5), KeyModifiers::NONE);
        assert_eq!(key(&f5).code, KeyCode::F(5));
        let caps = KeyEvent::new(TermCode::CapsLock, KeyModifiers::NONE);
        assert_eq!(key(&caps).code, KeyCode::Other);
        let hyper = KeyEvent::new(TermCode::Char('c'), KeyModifiers::HYPER);
        assert_eq!(key(&hyper).mods, Mods::HYPER, "not the bare key");
    }

    #[test]
    fn mouse_paste_and_resize_come_through() {
        let click = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 7,
            row: 3,
            modifiers: KeyModifiers::NONE,
        });
        assert_eq!(
            input(&click),
            Input::Mouse {
                kind: MouseKind::LeftDown,
                column: 7,
                row: 3
            }
        );
        let right = Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Right),
            column: 0,
            row: 0,
            modifiers: KeyModifiers::NONE,
        });
        assert!(matches!(
            input(&right),
            Input::Mouse {
                kind: MouseKind::Other,
                ..
            }
        ));
        assert_eq!(
            input(&Event::Paste("a\nb".into())),
            Input::Paste("a\nb".into())
        );
        assert_eq!(
            input(&Event::Resize(100, 30)),
            Input::Resize {
                width: 100,
                height: 30
            }
        );
        assert_eq!(input(&Event::FocusLost), Input::Focus(false));
        assert_eq!(input(&Event::FocusGained), Input::Focus(true));
    }
}
