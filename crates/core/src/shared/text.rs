//! Editable text as the core needs it: the one-line boxes, the trigger form's fields and
//! the JSON editor edit through [`TextBuffer`], and never name the widget library that
//! implements it. The ui supplies the implementation as a [`NewText`] factory, injected
//! into `App` at start, and draws it by downcasting through [`TextBuffer::as_any`].

use std::any::Any;
use std::fmt::Debug;

use crate::shared::key::Key;

/// Cursor movements the app asks for. Rows and columns count characters from 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CursorMove {
    /// The first line.
    Top,
    /// The start of the line.
    Head,
    /// The end of the line.
    End,
    Up,
    Down,
    /// Row and column, clamped to the text.
    Jump(u16, u16),
}

/// What a buffer is for, so the implementation sets it up to suit (tab width, undo
/// history, cursor-line styling).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// A one-line box on the footer: filter, command line, search, paths.
    Line,
    /// A one-line field of a form.
    Field,
    /// The multi-line JSON editor, with undo history.
    Editor,
}

/// A text being edited: lines, a cursor, a selection, undo and a yank buffer.
pub trait TextBuffer: Debug + Send {
    fn lines(&self) -> &[String];
    /// Row and column of the cursor.
    fn cursor(&self) -> (usize, usize);
    /// Applies a typed key as the widget's own bindings read it; true when the text
    /// changed.
    fn input(&mut self, key: Key) -> bool;
    /// Inserts `text` at the cursor, over the selection; true when the text changed.
    fn insert_str(&mut self, text: &str) -> bool;
    fn move_cursor(&mut self, m: CursorMove);
    fn undo(&mut self) -> bool;
    fn redo(&mut self) -> bool;
    fn select_all(&mut self);
    fn cancel_selection(&mut self);
    /// Start and end (row, column) of the selection, if any.
    fn selection_range(&self) -> Option<((usize, usize), (usize, usize))>;
    /// The selection into the yank buffer.
    fn copy(&mut self);
    /// The selection into the yank buffer, and out of the text; true when it changed.
    fn cut(&mut self) -> bool;
    fn yank_text(&self) -> String;
    /// Deletes from the start of the line to the cursor; true when the text changed.
    fn delete_line_by_head(&mut self) -> bool;
    /// For the ui, to draw its own implementation.
    fn as_any(&self) -> &dyn Any;
}

/// Makes a buffer holding `lines` (none is one empty line), cursor at the top.
pub type NewText = fn(Vec<String>, TextKind) -> Box<dyn TextBuffer>;

/// A one-line buffer holding `text`, cursor at the end, as a box opens.
pub fn one_line(new_text: NewText, kind: TextKind, text: &str) -> Box<dyn TextBuffer> {
    let mut t = new_text(vec![text.to_string()], kind);
    t.move_cursor(CursorMove::End);
    t
}

#[cfg(test)]
pub mod plain;
