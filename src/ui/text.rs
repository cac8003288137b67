//! The ui's text buffers: the core's [`TextBuffer`] implemented on ratatui-textarea, the
//! factory `App` is given to make them, and the core's keys in the textarea's terms. The
//! widgets that draw a text box downcast to [`TextAreaBuffer`] to render the TextArea.

use std::any::Any;

use ratatui::style::Style;
use ratatui_textarea::{CursorMove as TaMove, DataCursor, Input, Key as TaKey, TextArea};

use crate::app::shared::key::{Key, KeyCode, KeyKind, Mods};
use crate::app::shared::text::{CursorMove, TextBuffer, TextKind};

/// A text buffer that is a ratatui-textarea `TextArea`.
#[derive(Debug)]
pub struct TextAreaBuffer(pub TextArea<'static>);

/// The [`NewText`](crate::app::shared::text::NewText) the app runs with.
pub fn new_text(lines: Vec<String>, kind: TextKind) -> Box<dyn TextBuffer> {
    let mut t = TextArea::new(lines);
    match kind {
        // One line needs no underline to say which line the cursor is on.
        TextKind::Line | TextKind::Field => t.set_cursor_line_style(Style::default()),
        TextKind::Editor => {
            t.set_max_histories(500);
            t.set_tab_length(2);
        }
    }
    Box::new(TextAreaBuffer(t))
}

/// The TextArea behind a buffer the ui made; `None` for any other implementation.
pub fn text_area(text: &dyn TextBuffer) -> Option<&TextArea<'static>> {
    text.as_any().downcast_ref::<TextAreaBuffer>().map(|b| &b.0)
}

impl TextBuffer for TextAreaBuffer {
    fn lines(&self) -> &[String] {
        self.0.lines()
    }

    fn cursor(&self) -> (usize, usize) {
        let DataCursor(row, col) = self.0.cursor();
        (row, col)
    }

    fn input(&mut self, key: Key) -> bool {
        self.0.input(textarea_input(&key))
    }

    fn insert_str(&mut self, text: &str) -> bool {
        self.0.insert_str(text)
    }

    fn move_cursor(&mut self, m: CursorMove) {
        self.0.move_cursor(match m {
            CursorMove::Top => TaMove::Top,
            CursorMove::Head => TaMove::Head,
            CursorMove::End => TaMove::End,
            CursorMove::Up => TaMove::Up,
            CursorMove::Down => TaMove::Down,
            CursorMove::Jump(row, col) => TaMove::Jump(row, col),
        });
    }

    fn undo(&mut self) -> bool {
        self.0.undo()
    }

    fn redo(&mut self) -> bool {
        self.0.redo()
    }

    fn select_all(&mut self) {
        self.0.select_all();
    }

    fn cancel_selection(&mut self) {
        self.0.cancel_selection();
    }

    fn selection_range(&self) -> Option<((usize, usize), (usize, usize))> {
        self.0.selection_range()
    }

    fn copy(&mut self) {
        self.0.copy();
    }

    fn cut(&mut self) -> bool {
        self.0.cut()
    }

    fn yank_text(&self) -> String {
        self.0.yank_text()
    }

    fn delete_line_by_head(&mut self) -> bool {
        self.0.delete_line_by_head()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

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

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode as TermCode, KeyEvent, KeyEventKind, KeyModifiers};

    use super::*;

    /// Every key through the core's types reaches the textarea as its own crossterm
    /// conversion delivers it, so typing behaves as it did before the core had its keys.
    #[test]
    fn core_keys_reach_the_textarea_as_crossterm_keys_did() {
        let codes = [
            TermCode::Char('a'),
            TermCode::Char('Z'),
            TermCode::Char('é'),
            TermCode::Enter,
            TermCode::Esc,
            TermCode::Tab,
            TermCode::BackTab,
            TermCode::Backspace,
            TermCode::Delete,
            TermCode::Insert,
            TermCode::Up,
            TermCode::Down,
            TermCode::Left,
            TermCode::Right,
            TermCode::Home,
            TermCode::End,
            TermCode::PageUp,
            TermCode::PageDown,
            TermCode::F(3),
            TermCode::Null,
            TermCode::CapsLock,
        ];
        let mods = [
            KeyModifiers::NONE,
            KeyModifiers::SHIFT,
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
            KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT,
            KeyModifiers::SUPER,
        ];
        let kinds = [
            KeyEventKind::Press,
            KeyEventKind::Repeat,
            KeyEventKind::Release,
        ];
        for code in codes {
            for m in mods {
                for kind in kinds {
                    let mut ev = KeyEvent::new(code, m);
                    ev.kind = kind;
                    let ours = textarea_input(&crate::tui::input::key(&ev));
                    assert_eq!(ours, Input::from(ev), "{ev:?}");
                }
            }
        }
    }

    #[test]
    fn kinds_set_up_the_textarea_and_the_ui_can_find_it() {
        let line = new_text(vec!["x".into()], TextKind::Line);
        let ta = text_area(&*line).expect("a TextArea");
        assert_eq!(ta.cursor_line_style(), Style::default());
        let editor = new_text(Vec::new(), TextKind::Editor);
        let ta = text_area(&*editor).expect("a TextArea");
        assert_eq!((ta.tab_length(), ta.max_histories()), (2, 500));
        assert_eq!(editor.lines(), [""]);
    }
}
