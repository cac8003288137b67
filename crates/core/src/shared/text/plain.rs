//! A plain [`TextBuffer`] for the core's own unit tests, which run without the ui's
//! widget-backed one: lines, a cursor, select-all, typing and backspace. No undo.

use std::any::Any;

use crate::shared::key::{Key, KeyCode, KeyKind, Mods};
use crate::shared::text::{CursorMove, TextBuffer, TextKind};

#[derive(Debug, Default)]
pub struct Plain {
    lines: Vec<String>,
    row: usize,
    col: usize,
    /// Everything is selected (the only selection the tests make).
    all: bool,
    yank: String,
}

/// A [`super::NewText`] for tests.
pub fn new_text(lines: Vec<String>, _kind: TextKind) -> Box<dyn TextBuffer> {
    let lines = if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    };
    Box::new(Plain {
        lines,
        ..Plain::default()
    })
}

impl Plain {
    fn line_len(&self, row: usize) -> usize {
        self.lines.get(row).map_or(0, |l| l.chars().count())
    }

    fn byte_at(&self, row: usize, col: usize) -> usize {
        let l = &self.lines[row];
        l.char_indices().nth(col).map_or(l.len(), |(b, _)| b)
    }

    fn text(&self) -> String {
        self.lines.join("\n")
    }
}

impl TextBuffer for Plain {
    fn lines(&self) -> &[String] {
        &self.lines
    }

    fn cursor(&self) -> (usize, usize) {
        (self.row, self.col)
    }

    fn input(&mut self, key: Key) -> bool {
        if key.kind == KeyKind::Release || !key.mods.without(Mods::SHIFT).is_empty() {
            return false;
        }
        match key.code {
            KeyCode::Char(c) => self.insert_str(&c.to_string()),
            KeyCode::Enter => self.insert_str("\n"),
            KeyCode::Backspace if self.col > 0 => {
                let (a, b) = (
                    self.byte_at(self.row, self.col - 1),
                    self.byte_at(self.row, self.col),
                );
                self.lines[self.row].replace_range(a..b, "");
                self.col -= 1;
                true
            }
            _ => false,
        }
    }

    fn insert_str(&mut self, text: &str) -> bool {
        let cut = self.all && self.cut();
        if text.is_empty() {
            return cut;
        }
        let at = self.byte_at(self.row, self.col);
        let rest = self.lines[self.row].split_off(at);
        let mut pieces = text.split('\n');
        if let Some(first) = pieces.next() {
            self.lines[self.row].push_str(first);
            self.col += first.chars().count();
        }
        for piece in pieces {
            self.row += 1;
            self.lines.insert(self.row, piece.to_string());
            self.col = piece.chars().count();
        }
        self.lines[self.row].push_str(&rest);
        true
    }

    fn move_cursor(&mut self, m: CursorMove) {
        let last = self.lines.len() - 1;
        match m {
            CursorMove::Top => self.row = 0,
            CursorMove::Head => self.col = 0,
            CursorMove::End => self.col = self.line_len(self.row),
            CursorMove::Up => self.row = self.row.saturating_sub(1),
            CursorMove::Down => self.row = (self.row + 1).min(last),
            CursorMove::Jump(r, c) => {
                self.row = usize::from(r).min(last);
                self.col = usize::from(c);
            }
        }
        self.col = self.col.min(self.line_len(self.row));
    }

    fn undo(&mut self) -> bool {
        false
    }

    fn redo(&mut self) -> bool {
        false
    }

    fn select_all(&mut self) {
        self.all = true;
    }

    fn cancel_selection(&mut self) {
        self.all = false;
    }

    fn selection_range(&self) -> Option<((usize, usize), (usize, usize))> {
        let last = self.lines.len() - 1;
        self.all.then(|| ((0, 0), (last, self.line_len(last))))
    }

    fn copy(&mut self) {
        if self.all {
            self.yank = self.text();
        }
    }

    fn cut(&mut self) -> bool {
        if !self.all {
            return false;
        }
        self.yank = self.text();
        self.all = false;
        self.lines = vec![String::new()];
        (self.row, self.col) = (0, 0);
        !self.yank.is_empty()
    }

    fn yank_text(&self) -> String {
        self.yank.clone()
    }

    fn delete_line_by_head(&mut self) -> bool {
        let at = self.byte_at(self.row, self.col);
        self.lines[self.row].replace_range(..at, "");
        let changed = self.col > 0;
        self.col = 0;
        changed
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::text::plain::*;

    #[test]
    fn typing_pasting_and_replacing_all() {
        let mut t = new_text(vec!["ab".into()], TextKind::Line);
        t.move_cursor(CursorMove::End);
        assert!(t.input(Key::char('c')));
        assert!(t.insert_str("d\ne"));
        assert_eq!(t.lines(), ["abcd", "e"]);
        assert_eq!(t.cursor(), (1, 1));
        t.select_all();
        assert!(t.insert_str("x"));
        assert_eq!(t.lines(), ["x"]);
        assert_eq!(t.yank_text(), "abcd\ne");
        assert!(t.input(Key::new(KeyCode::Backspace, Mods::NONE)));
        assert_eq!(t.lines(), [""]);
    }
}
