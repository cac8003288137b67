//! Key and mouse routing: terminal input (in the core's own [`Input`] terms) becomes
//! actions. The open overlay is asked first (a text box takes every key it has no binding
//! for), then the focused pane, then the global bindings, as yazi layers its keymaps.

use crate::shared::action::{Action, Context};
use crate::shared::editor::Stage;
use crate::shared::key::{Input, Key, KeyCode, KeyKind, MouseKind};
use crate::state::{App, Overlay, View};

/// The contexts a key is looked up in, in order, for the app as it is now.
pub fn contexts(app: &App) -> Vec<Context> {
    match &app.overlay {
        Some(Overlay::Input(_)) => vec![Context::Input],
        Some(Overlay::Trigger(_)) => vec![Context::Form],
        Some(Overlay::Ask(_)) => vec![Context::Confirm],
        Some(Overlay::Help { .. }) => vec![Context::Help, Context::Global],
        None => match app.view() {
            Some(View::Editor(e)) => match e.stage {
                Stage::Editing | Stage::Sending => vec![Context::Editor],
                _ => vec![Context::Confirm],
            },
            Some(View::Detail(_)) | Some(View::Run(_)) | Some(View::History(_)) => {
                vec![Context::Detail, Context::Global]
            }
            Some(View::Graph(_)) => vec![Context::Graph, Context::Global],
            Some(View::Preview(_)) => vec![Context::Dlz, Context::Detail, Context::Global],
            Some(View::Zones(_)) | Some(View::Creds(_)) | Some(View::Transfers(_)) => {
                vec![Context::Dlz, Context::List, Context::Global]
            }
            Some(View::List(l)) if l.kind.is_aws() => {
                vec![Context::Aws, Context::List, Context::Global]
            }
            Some(View::List(l))
                if l.kind == crate::shared::nav::ListKind::Dlz
                    || l.kind == crate::shared::nav::ListKind::Blobs =>
            {
                vec![Context::Dlz, Context::List, Context::Global]
            }
            _ => vec![Context::List, Context::Global],
        },
    }
}

pub fn route_key(app: &App, key: &Key) -> Option<Action> {
    if key.kind == KeyKind::Release {
        return None;
    }
    // A run or a flow action is sent on `y` only: a second Enter (a double tap, a paste)
    // after the form's Enter must not send it.
    if matches!(app.overlay, Some(Overlay::Ask(_))) && key.code == KeyCode::Enter {
        return None;
    }
    let ctxs = contexts(app);
    // A held key must not answer a question (a rebase's `y` repeating into the send).
    if key.kind == KeyKind::Repeat && ctxs == [Context::Confirm] {
        return None;
    }
    if let Some(a) = ctxs.iter().find_map(|&c| app.keymap.action(c, key)) {
        return Some(a);
    }
    // Text boxes and questions own the keyboard, but ctrl-c still quits; a text box takes
    // every other key as typed text.
    let typed = ctxs == [Context::Input] || ctxs == [Context::Editor] || ctxs == [Context::Form];
    if typed || ctxs == [Context::Confirm] {
        return match app.keymap.action(Context::Global, key) {
            Some(Action::ForceQuit) => Some(Action::ForceQuit),
            _ if typed => Some(Action::Key(*key)),
            _ => None,
        };
    }
    None
}

pub fn route_event(app: &App, ev: &Input) -> Option<Action> {
    match ev {
        Input::Key(k) => route_key(app, k),
        Input::Mouse { kind, column, row } => match kind {
            MouseKind::ScrollUp => Some(Action::ScrollUp),
            MouseKind::ScrollDown => Some(Action::ScrollDown),
            MouseKind::LeftDown => Some(Action::Click {
                column: *column,
                row: *row,
            }),
            MouseKind::Other => None,
        },
        Input::Paste(text) => Some(Action::Paste(text.clone())),
        Input::Resize { width, height } => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Input::Other => None,
    }
}
