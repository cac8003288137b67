//! The text boxes (fuzzy filter, server filter, command line, JSON search): raw keys edit
//! the text through its [`TextBuffer`](super::text::TextBuffer); Enter, Esc and Tab come in as actions from the
//! keymap's `input` context. The fuzzy filter and the search apply on every keystroke.

use crate::commands::{run_command, set_server_filter};
use crate::effect::Effect;
use crate::nav::keep_visible;
use crate::overlay::{InputBox, InputPurpose, Overlay};
use crate::shared::action::Action;
use crate::shared::command;
use crate::state::App;
use crate::view::View;

/// Handles `action` for the open text box. `None` lets it through to the normal handling
/// (moving the list under a filter, resizing, quitting with ctrl-c).
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Some(Overlay::Input(bx)) = &mut app.overlay else {
        return None;
    };
    let purpose = bx.purpose;
    match action {
        Action::Paste(text) => {
            // A text box is one line: a pasted block joins into it.
            bx.text.insert_str(&text.replace(['\r', '\n'], " "));
            bx.error = None;
            live_update(app, purpose);
            Some(Vec::new())
        }
        Action::Key(key) => {
            use crate::shared::key::{KeyCode, Mods};
            // Readline's ctrl-u: everything before the cursor goes (the text area would
            // take it as undo).
            if key.code == KeyCode::Char('u') && key.mods == Mods::CTRL {
                bx.text.delete_line_by_head();
            } else {
                bx.text.input(*key);
            }
            bx.error = None;
            live_update(app, purpose);
            Some(Vec::new())
        }
        Action::Cancel => {
            let before = bx.before.clone();
            app.overlay = None;
            match purpose {
                InputPurpose::Filter => set_fuzzy(app, &before),
                InputPurpose::Search => search(app, &before),
                InputPurpose::EditorSearch => {
                    if let Some(View::Editor(e)) = app.view_mut() {
                        e.search = (!before.is_empty()).then_some(before);
                    }
                }
                // A prompt's reply goes with the box: nothing was asked of anyone yet.
                InputPurpose::ServerFilter | InputPurpose::Command | InputPurpose::Prompt(_) => {}
            }
            Some(Vec::new())
        }
        Action::Submit => {
            let value = bx.value();
            match purpose {
                InputPurpose::Filter | InputPurpose::Search | InputPurpose::EditorSearch => {
                    app.overlay = None;
                    Some(Vec::new())
                }
                InputPurpose::ServerFilter => {
                    app.overlay = None;
                    Some(set_server_filter(app, &value))
                }
                InputPurpose::Prompt(_) => Some(crate::reply::typed(app, &value)),
                InputPurpose::Command => match command::parse(&value) {
                    Ok(cmd) => {
                        app.overlay = None;
                        Some(run_command(app, cmd))
                    }
                    Err(e) => {
                        bx.error = Some(e);
                        Some(Vec::new())
                    }
                },
            }
        }
        Action::Complete | Action::Down | Action::Up
            if matches!(purpose, InputPurpose::Prompt(_)) && !bx.completions.is_empty() =>
        {
            let back = *action == Action::Up;
            cycle_choice(bx, back);
            Some(Vec::new())
        }
        Action::Complete | Action::Down | Action::Up if purpose == InputPurpose::Command => {
            let back = *action == Action::Up;
            cycle_completion(app, back);
            Some(Vec::new())
        }
        Action::Complete => Some(Vec::new()),
        // The list under a filter still moves, so a match can be picked without closing.
        Action::Up | Action::Down | Action::PageUp | Action::PageDown => None,
        Action::ForceQuit
        | Action::Resize { .. }
        | Action::Click { .. }
        | Action::ScrollUp
        | Action::ScrollDown => None,
        _ => Some(Vec::new()),
    }
}

fn live_update(app: &mut App, purpose: InputPurpose) {
    let value = match &app.overlay {
        Some(Overlay::Input(bx)) => bx.value(),
        _ => return,
    };
    match purpose {
        InputPurpose::Filter => set_fuzzy(app, &value),
        InputPurpose::Search => search(app, &value),
        InputPurpose::EditorSearch => crate::features::edit::receive::search(app, &value),
        InputPurpose::Command => refresh_completions(app),
        InputPurpose::ServerFilter | InputPurpose::Prompt(_) => {}
    }
}

/// Tab (or an arrow) at a prompt with choices: the next one (or the one before).
fn cycle_choice(bx: &mut InputBox, back: bool) {
    let n = bx.completions.len();
    let now = bx
        .completions
        .iter()
        .position(|c| c.eq_ignore_ascii_case(bx.value().trim()));
    let next = match (now, back) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, _) => 0,
    };
    if let Some(choice) = bx.completions.get(next).cloned() {
        bx.set_value(&choice);
    }
}

fn set_fuzzy(app: &mut App, q: &str) {
    if let Some((l, fuzzy)) = app.list_and_fuzzy() {
        l.set_fuzzy(q, fuzzy);
    }
    keep_visible(app);
}

fn search(app: &mut App, q: &str) {
    if let Some(View::Detail(d)) = app.view_mut() {
        // An empty query clears the highlights.
        d.tree.search(q);
    }
    keep_visible(app);
}

/// Recomputes the command line's candidates from what is typed.
pub fn refresh_completions(app: &mut App) {
    let known = app.known.clone();
    if let Some(Overlay::Input(bx)) = &mut app.overlay {
        bx.completions = command::complete(&bx.value(), &known);
    }
}

/// Tab fills in the first candidate; again, the next one.
fn cycle_completion(app: &mut App, back: bool) {
    let Some(Overlay::Input(bx)) = &mut app.overlay else {
        return;
    };
    if bx.completions.is_empty() {
        bx.completions = command::complete(&bx.value(), &app.known);
    }
    let n = bx.completions.len();
    if n == 0 {
        return;
    }
    let current = bx.value();
    let next = match bx.completions.iter().position(|c| *c == current) {
        Some(i) if back => (i + n - 1) % n,
        Some(i) => (i + 1) % n,
        None => 0,
    };
    let pick = bx.completions[next].clone();
    bx.set_value(&pick);
}

pub(crate) fn open_input(app: &mut App, purpose: InputPurpose, initial: &str) -> Vec<Effect> {
    app.overlay = Some(Overlay::Input(Box::new(InputBox::new(
        app.new_text,
        purpose,
        initial,
    ))));
    Vec::new()
}

pub(crate) fn open_search(app: &mut App) -> Vec<Effect> {
    match app.detail() {
        Some(d) => {
            // A new search starts empty, as in vim; Esc puts the old one back.
            let q = d.tree.query().unwrap_or("").to_string();
            let fx = open_input(app, InputPurpose::Search, "");
            if let Some(Overlay::Input(bx)) = &mut app.overlay {
                bx.before = q;
            }
            fx
        }
        None => Vec::new(),
    }
}
