//! The reusable JSON editor pane: a text buffer checked on every keystroke by
//! an [`EditSpec`], with a preview of what the text would do, a confirmation that shows
//! the request, and the conflict screen when the service answers 412. What is edited and
//! how it is sent belong to the spec (`app::edit` for Flow Service patches).
//!
//! - `spec`: the trait and what it returns; `handle`: keys and actions in the pane;
//! - `outcome`: answers from the service, the drafts writer and `$EDITOR`.

pub mod spec;

use serde_json::Value;

use crate::shared::jsontext::diff::DiffLine;
use crate::shared::pane::ErrorInfo;
use crate::shared::table::Tone;
use crate::shared::text::{CursorMove, NewText, TextBuffer, TextKind};
use spec::{Checked, EditSpec, Mode};

/// Where the pane is in the life of an edit.
#[derive(Debug, Default)]
pub enum Stage {
    #[default]
    Editing,
    /// The confirmation: the request and its diff, y to send.
    Confirm { payload: Value, scroll: usize },
    /// Esc with changes: leave (the draft is kept), stay, or discard the draft.
    Leaving,
    /// The change is on its way; keys wait.
    Sending,
    /// 412: the object changed on the server.
    Conflict(Box<Conflict>),
}

/// What the conflict screen shows.
#[derive(Debug)]
pub struct Conflict {
    pub error: ErrorInfo,
    /// The object as it is on the server now.
    pub current: Value,
    /// What changed there since the edit began.
    pub changes: Vec<DiffLine>,
    /// The text checked again on the current object.
    pub rebased: Checked,
    pub scroll: usize,
}

/// A line above the text: what just happened (sent, refused, recovered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub tone: Tone,
}

#[derive(Debug)]
pub struct EditorView {
    pub slot: u64,
    pub spec: Box<dyn EditSpec>,
    pub mode: Mode,
    pub text: Box<dyn TextBuffer>,
    /// Makes the text again when the editor starts over.
    new_text: NewText,
    /// The text as it was opened or last sent: Esc without changes needs no draft.
    pub clean: String,
    pub checked: Checked,
    pub stage: Stage,
    pub notice: Option<Notice>,
    /// The last search, for next/previous match.
    pub search: Option<String>,
    /// Typed since the draft was last written.
    pub unsaved: bool,
    /// When the draft was last written (for the header).
    pub draft_saved_ms: Option<i64>,
    /// The draft could not be written: said once, in the notice.
    pub draft_error: Option<String>,
    /// First text row and column drawn; kept so the cursor stays in sight.
    pub scroll: (usize, usize),
}

impl EditorView {
    /// Opens on the spec's starting text in its first mode.
    pub fn new(slot: u64, spec: Box<dyn EditSpec>, new_text: NewText) -> EditorView {
        let mode = spec.modes().first().copied().unwrap_or(Mode::Patch);
        let text = spec.initial(mode);
        let mut e = EditorView {
            slot,
            spec,
            mode,
            text: editor_text(new_text, &text),
            new_text,
            clean: text,
            checked: Checked::default(),
            stage: Stage::Editing,
            notice: None,
            search: None,
            unsaved: false,
            draft_saved_ms: None,
            draft_error: None,
            scroll: (0, 0),
        };
        e.recheck();
        e
    }

    /// Opens on a recovered text; it differs from the clean start, so it counts as edited.
    pub fn recovered(
        slot: u64,
        spec: Box<dyn EditSpec>,
        mode: Mode,
        text: &str,
        new_text: NewText,
    ) -> EditorView {
        let mut e = EditorView::new(slot, spec, new_text);
        if e.spec.modes().contains(&mode) {
            e.mode = mode;
            e.clean = e.spec.initial(mode);
        }
        e.set_text(text);
        e
    }

    pub fn value(&self) -> String {
        self.text.lines().join("\n")
    }

    pub fn edited(&self) -> bool {
        self.value() != self.clean
    }

    /// Replaces the whole text as one undoable edit, and checks it.
    pub fn set_text(&mut self, text: &str) {
        self.text.select_all();
        self.text.cut();
        self.text.insert_str(text);
        self.text.move_cursor(CursorMove::Top);
        self.text.move_cursor(CursorMove::Head);
        self.changed();
    }

    /// Inserts pasted text at the cursor (over the selection), with Windows line ends made
    /// plain. The text is compared rather than trusting `insert_str`'s answer: pasting
    /// nothing over a selection deletes it but reports no change, which left the checks
    /// (and what a review would send) describing the text as it was.
    pub fn paste(&mut self, text: &str) {
        let before = self.value();
        self.text.insert_str(&text.replace("\r\n", "\n"));
        if self.value() != before {
            self.changed();
        }
    }

    /// After any change to the text: check it again and mark the draft for saving.
    pub fn changed(&mut self) {
        self.unsaved = true;
        // News about an earlier state of the text ("sent", "document mode") is stale now;
        // warnings and failures stay until acted on.
        if self
            .notice
            .as_ref()
            .is_some_and(|n| matches!(n.tone, Tone::Plain | Tone::Ok))
        {
            self.notice = None;
        }
        self.recheck();
    }

    pub fn recheck(&mut self) {
        self.checked = self.spec.check(self.mode, &self.value());
    }

    /// Starts over on a new spec (the server's current object) with the text kept.
    pub fn rebase(&mut self, spec: Box<dyn EditSpec>) {
        self.spec = spec;
        // The draft on disk still names the old etag: write it again.
        self.unsaved = true;
        self.recheck();
    }

    /// Starts over clean on a new spec (after a change was sent).
    pub fn restart(&mut self, spec: Box<dyn EditSpec>) {
        self.spec = spec;
        let text = self.spec.initial(self.mode);
        self.text = editor_text(self.new_text, &text);
        self.clean = text;
        self.unsaved = false;
        self.scroll = (0, 0);
        self.stage = Stage::Editing;
        self.recheck();
    }

    /// 1-based line and column of the cursor.
    pub fn cursor(&self) -> (usize, usize) {
        let (row, col) = self.text.cursor();
        (row + 1, col + 1)
    }

    pub fn is_busy(&self) -> bool {
        matches!(self.stage, Stage::Sending)
    }

    /// Scrolls just enough for the cursor to be inside `rows` × `cols` of text.
    pub fn keep_visible(&mut self, rows: usize, cols: usize) {
        let (row, col) = self.text.cursor();
        let (top, left) = &mut self.scroll;
        if row < *top {
            *top = row;
        } else if row >= *top + rows {
            *top = row + 1 - rows;
        }
        if col < *left {
            *left = col;
        } else if col >= *left + cols {
            *left = col + 1 - cols;
        }
    }
}

/// Columns of the line-number gutter for a text of `lines` lines: the digits and a space.
pub fn gutter_width(lines: usize) -> u16 {
    let digits = lines.max(1).to_string().len().max(2);
    u16::try_from(digits + 1).unwrap_or(8)
}

/// The editor's multi-line buffer (with undo history) holding `text`.
fn editor_text(new_text: NewText, text: &str) -> Box<dyn TextBuffer> {
    new_text(text.lines().map(str::to_string).collect(), TextKind::Editor)
}
