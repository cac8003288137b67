//! What floats over the screen: the text box (filter, command, prompt), a question,
//! the help, toasts and the message history they leave behind.

use crate::features::runs::form::TriggerForm;
use crate::reply::Reply;
use crate::shared::ask::Ask;
use crate::shared::text::NewText;
use crate::shared::text::TextBuffer;
use crate::shared::text::TextKind;
use crate::shared::text::one_line;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputPurpose {
    /// `/` over a list: fuzzy, client-side, applied on every keystroke.
    Filter,
    /// The `property` filter sent to the service on Enter.
    ServerFilter,
    Command,
    /// `/` inside the detail view's JSON.
    Search,
    /// Ctrl-f in the editor.
    EditorSearch,
    /// A feature asks for a line of text (a local path, a connector), labelled so; the
    /// box carries the reply the text is handed back with.
    Prompt(&'static str),
}

impl InputPurpose {
    pub fn prompt(self) -> &'static str {
        match self {
            InputPurpose::Filter => "/",
            InputPurpose::ServerFilter => "property ",
            InputPurpose::Command => ":",
            InputPurpose::Search | InputPurpose::EditorSearch => "search ",
            InputPurpose::Prompt(label) => label,
        }
    }
}

#[derive(Debug)]
pub struct InputBox {
    pub purpose: InputPurpose,
    pub text: Box<dyn TextBuffer>,
    /// Makes the text again when a completion replaces it.
    new_text: NewText,
    /// What the pane had before the box opened, restored on Esc.
    pub before: String,
    pub completions: Vec<String>,
    pub error: Option<String>,
    /// A prompt's reply, handed back with the text on Enter.
    pub reply: Option<Reply>,
}

impl InputBox {
    pub fn new(new_text: NewText, purpose: InputPurpose, initial: &str) -> InputBox {
        InputBox {
            purpose,
            text: one_line(new_text, TextKind::Line, initial),
            new_text,
            before: initial.to_string(),
            completions: Vec::new(),
            error: None,
            reply: None,
        }
    }

    /// A prompt labelled `label` (`download to `), starting with `initial`, whose text is
    /// handed back with `reply`; `choices`, when given, are what `tab` cycles through.
    pub fn prompt(
        new_text: NewText,
        label: &'static str,
        initial: &str,
        reply: Reply,
        choices: Vec<String>,
    ) -> InputBox {
        let mut bx = InputBox::new(new_text, InputPurpose::Prompt(label), initial);
        bx.reply = Some(reply);
        bx.completions = choices;
        bx
    }

    pub fn value(&self) -> String {
        self.text.lines().join("")
    }

    pub fn set_value(&mut self, v: &str) {
        self.text = one_line(self.new_text, TextKind::Line, v);
    }
}

#[derive(Debug)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Input(Box<InputBox>),
    /// The form for a run on demand.
    Trigger(Box<TriggerForm>),
    /// The question before a run or a flow action is sent.
    Ask(Box<Ask<Reply>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub text: String,
    pub error: bool,
    pub until_ms: i64,
}

/// One line of the session's message history (`:messages`): every toast, with its time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Counts up from 1 over the session; the driver logs each message once by it.
    pub seq: u64,
    pub at_ms: i64,
    pub text: String,
    pub error: bool,
}

/// How long a toast stays: a notice a few seconds, an error longer, and a long message
/// the time it takes to read (about 25 characters a second), up to half a minute.
pub fn toast_ms(text: &str, error: bool) -> i64 {
    let base = if error { 8_000 } else { 4_000 };
    let reading = text.chars().count().saturating_sub(60) as i64 * 40;
    (base + reading).min(30_000)
}

/// The message history keeps the newest this many.
pub const MESSAGES_KEPT: usize = 1_000;
