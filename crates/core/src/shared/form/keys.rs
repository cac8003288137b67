//! Editing a form with the actions its host pane forwards: moving between fields, typing
//! and pasting into text fields, picking choices, toggling booleans, revealing secrets.

use crate::shared::action::Action;
use crate::shared::form::{Field, FieldKind, Form, JsonType, bool_text};
use crate::shared::key::{Key, KeyCode, KeyKind, Mods};
use crate::shared::text::{TextKind, one_line};

/// What the form made of an action, for its host.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormKeyResult {
    /// Taken: the form changed, or the key is the form's and did nothing here.
    Consumed,
    /// Enter: the host reads [`Form::value`] and goes on, or shows what is wrong.
    Submit,
    /// Esc: the host closes the form.
    Cancel,
    /// Not the form's: the host may act on it.
    Ignored,
}

impl Field {
    /// The keys that edit this field, or what it takes, for a help line.
    pub fn hint(&self) -> &'static str {
        match &self.kind {
            FieldKind::Text => "",
            FieldKind::Secret => "ctrl-r shows or hides it",
            FieldKind::Integer => "a whole number",
            FieldKind::Number => "a number",
            FieldKind::Bool => "space or ←/→ toggles",
            FieldKind::Choice(_) => "←/→ or space picks",
            FieldKind::Json {
                of: JsonType::Array,
                ..
            } => "a JSON array, on one line",
            FieldKind::Json { .. } => "a JSON object, on one line",
        }
    }
}

impl Form {
    /// Applies `action` to the form, as a host pane forwards what its keymap made of a
    /// key, or the key itself:
    /// - `Down`/`Up`, tab/shift-tab (also as typed keys): the next or previous field,
    ///   round the ends;
    /// - `Submit`/`Confirm`, enter: [`FormKeyResult::Submit`]; `Cancel`/`Back`, esc:
    ///   [`FormKeyResult::Cancel`];
    /// - on a choice: left/right (`Left`/`Right` or the keys) pick the previous or next,
    ///   space or `Toggle` the next, a letter the next starting with it;
    /// - on a boolean: left, right, space or `Toggle` flip it;
    /// - on a secret: ctrl-r or `RevealSecrets` shows or hides it;
    /// - on a text field (text, secret, numbers, JSON): typed keys and `Paste` edit it
    ///   (a pasted line break is a space; breaks at the end are dropped), `Undo`/`Redo`.
    ///
    /// A field the user changes is touched, and its error follows its value.
    pub fn key(&mut self, action: &Action) -> FormKeyResult {
        use FormKeyResult::{Cancel, Consumed, Ignored, Submit};
        match action {
            Action::Down => self.moved(1),
            Action::Up => self.moved(-1),
            Action::Submit | Action::Confirm => Submit,
            Action::Cancel | Action::Back => Cancel,
            Action::Left => self.typed(Key::new(KeyCode::Left, Mods::NONE)),
            Action::Right => self.typed(Key::new(KeyCode::Right, Mods::NONE)),
            Action::Toggle => self.step(1),
            Action::RevealSecrets => self.reveal(),
            Action::Paste(text) => self.paste(text),
            Action::Undo | Action::Redo => {
                let Some(field) = self.fields.get_mut(self.focus).filter(|f| f.is_typed()) else {
                    return Ignored;
                };
                let changed = if *action == Action::Undo {
                    field.text.undo()
                } else {
                    field.text.redo()
                };
                if changed {
                    self.edited();
                }
                Consumed
            }
            Action::Key(key) if key.kind != KeyKind::Release => self.typed(*key),
            _ => Ignored,
        }
    }

    fn moved(&mut self, delta: isize) -> FormKeyResult {
        self.move_focus(delta);
        FormKeyResult::Consumed
    }

    fn typed(&mut self, key: Key) -> FormKeyResult {
        use FormKeyResult::{Cancel, Consumed, Ignored, Submit};
        let bare = key.mods.without(Mods::SHIFT).is_empty();
        match key.code {
            KeyCode::Tab if bare => return self.moved(1),
            KeyCode::BackTab => return self.moved(-1),
            KeyCode::Down if bare => return self.moved(1),
            KeyCode::Up if bare => return self.moved(-1),
            KeyCode::Enter if bare => return Submit,
            KeyCode::Esc => return Cancel,
            KeyCode::Char('r') if key.mods == Mods::CTRL => return self.reveal(),
            _ => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return Ignored;
        };
        match (&field.kind, key.code) {
            (FieldKind::Choice(_) | FieldKind::Bool, KeyCode::Left) if bare => self.step(-1),
            (FieldKind::Choice(_) | FieldKind::Bool, KeyCode::Right | KeyCode::Char(' '))
                if bare =>
            {
                self.step(1)
            }
            (FieldKind::Choice(choices), KeyCode::Char(c)) if bare => {
                let now = field.value_text();
                let at = choices.iter().position(|x| *x == now).unwrap_or(0);
                let n = choices.len();
                let starts = |x: &String| {
                    x.chars()
                        .next()
                        .is_some_and(|f| f.to_lowercase().eq(c.to_lowercase()))
                };
                if let Some(i) = (1..=n).map(|d| (at + d) % n).find(|i| starts(&choices[*i])) {
                    let pick = choices[i].clone();
                    self.pick(&pick);
                }
                Consumed
            }
            (FieldKind::Choice(_) | FieldKind::Bool, _) => Ignored,
            // As in every text box: ctrl-u clears what is before the cursor.
            (_, KeyCode::Char('u')) if key.mods == Mods::CTRL => {
                if field.text.delete_line_by_head() {
                    self.edited();
                }
                Consumed
            }
            _ => {
                if field.text.input(key) {
                    self.edited();
                }
                Consumed
            }
        }
    }

    /// The previous (`-1`) or next (`1`) choice, or the boolean flipped.
    fn step(&mut self, delta: isize) -> FormKeyResult {
        let Some(field) = self.fields.get(self.focus) else {
            return FormKeyResult::Ignored;
        };
        let now = field.value_text();
        let next = match &field.kind {
            FieldKind::Bool => bool_text(now != "true").to_string(),
            FieldKind::Choice(choices) if !choices.is_empty() => {
                let n = choices.len() as isize;
                let at = choices.iter().position(|c| *c == now).unwrap_or(0) as isize;
                choices[(at + delta).rem_euclid(n) as usize].clone()
            }
            _ => return FormKeyResult::Ignored,
        };
        self.pick(&next);
        FormKeyResult::Consumed
    }

    /// The focused field set to `text` by the user.
    fn pick(&mut self, text: &str) {
        let new_text = self.new_text;
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.text = one_line(new_text, TextKind::Field, text);
            self.edited();
        }
    }

    /// The focused field changed by the user: touched, its error as its value says.
    fn edited(&mut self) {
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.touched = true;
            field.error = field.output().err();
        }
    }

    fn reveal(&mut self) -> FormKeyResult {
        match self.fields.get_mut(self.focus) {
            Some(field) if field.kind == FieldKind::Secret => {
                field.revealed = !field.revealed;
                FormKeyResult::Consumed
            }
            _ => FormKeyResult::Ignored,
        }
    }

    fn paste(&mut self, text: &str) -> FormKeyResult {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormKeyResult::Ignored;
        };
        let text = text
            .trim_end_matches(['\r', '\n'])
            .replace("\r\n", " ")
            .replace(['\r', '\n'], " ");
        match &field.kind {
            FieldKind::Choice(choices) => match choices.iter().find(|c| **c == text.trim()) {
                Some(c) => {
                    let c = c.clone();
                    self.pick(&c);
                    FormKeyResult::Consumed
                }
                None => FormKeyResult::Ignored,
            },
            FieldKind::Bool => FormKeyResult::Ignored,
            _ => {
                if field.text.insert_str(&text) {
                    self.edited();
                }
                FormKeyResult::Consumed
            }
        }
    }
}
