//! Keys and actions in the editor pane, stage by stage: typing and the editing commands,
//! the confirmation before sending, the question on leaving with changes, and the
//! conflict screen. Sending is refused in a read-only session, with the reason.

use crate::effect::Effect;
use crate::overlay::{InputBox, InputPurpose, Overlay};
use crate::shared::action::Action;
use crate::shared::editor::spec::{Audit, Mode};
use crate::shared::editor::{EditorView, Notice, Stage};
use crate::shared::fmt::plural;
use crate::shared::table::Tone;
use crate::shared::text::CursorMove;
use crate::state::App;
use crate::view::View;
use flowscope_model::Draft;

/// Why nothing is sent in a read-only session.
pub const READ_ONLY_REASON: &str = "read-only session (--read-only): nothing is sent. Your text is kept as a draft; restart without --read-only to send it";

pub fn editor_mut(app: &mut App) -> Option<&mut EditorView> {
    match app.view_mut() {
        Some(View::Editor(e)) => Some(e),
        _ => None,
    }
}

/// Handles `action` when the editor is in view. `None` lets it through (resize, quit).
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let stage = match &editor_mut(app)?.stage {
        Stage::Editing => 0,
        Stage::Confirm { .. } => 1,
        Stage::Leaving => 2,
        Stage::Sending => 3,
        Stage::Conflict(_) => 4,
    };
    if matches!(
        action,
        Action::Resize { .. } | Action::ForceQuit | Action::Quit
    ) {
        if matches!(action, Action::ForceQuit | Action::Quit) {
            // Quitting keeps the edit: its draft is written before the app goes.
            app.quit = true;
            return Some(save_drafts(app, true));
        }
        return None;
    }
    let fx = match stage {
        0 => editing(app, action),
        1 => confirming(app, action),
        2 => leaving(app, action),
        3 => Vec::new(),
        _ => conflict(app, action),
    };
    keep_cursor_visible(app);
    Some(fx)
}

fn editing(app: &mut App, action: &Action) -> Vec<Effect> {
    let read_only = app.read_only;
    let Some(e) = editor_mut(app) else {
        return Vec::new();
    };
    match action {
        Action::Key(key) => {
            if e.text.input(*key) {
                e.changed();
            }
            Vec::new()
        }
        Action::Paste(text) => {
            e.paste(text);
            Vec::new()
        }
        Action::Undo | Action::Redo => {
            let done = if *action == Action::Undo {
                e.text.undo()
            } else {
                e.text.redo()
            };
            if done {
                e.changed();
            }
            Vec::new()
        }
        Action::SelectAll => {
            e.text.select_all();
            Vec::new()
        }
        Action::CopyText => {
            let (text, what) = if e.text.selection_range().is_some() {
                e.text.copy();
                (e.text.yank_text(), "selection")
            } else {
                (e.value(), "text")
            };
            vec![Effect::Copy { text, what }]
        }
        Action::PasteClipboard => vec![Effect::Paste { slot: e.slot }],
        Action::EditMode => {
            switch_mode(e);
            Vec::new()
        }
        Action::EditExternal => vec![Effect::ExternalEdit {
            slot: e.slot,
            text: e.value(),
        }],
        Action::Search => {
            let before = e.search.clone().unwrap_or_default();
            let mut bx = InputBox::new(app.new_text, InputPurpose::EditorSearch, "");
            bx.before = before;
            app.overlay = Some(Overlay::Input(Box::new(bx)));
            Vec::new()
        }
        Action::SearchNext | Action::SearchPrev => {
            let back = *action == Action::SearchPrev;
            if let Some(q) = e.search.clone() {
                find(e, &q, back, true);
            }
            Vec::new()
        }
        Action::Submit => {
            review(e, read_only);
            Vec::new()
        }
        Action::Cancel | Action::Back => {
            if e.edited() {
                e.stage = Stage::Leaving;
                Vec::new()
            } else {
                close(app, true)
            }
        }
        Action::ScrollUp | Action::ScrollDown => {
            let m = if *action == Action::ScrollUp {
                CursorMove::Up
            } else {
                CursorMove::Down
            };
            for _ in 0..3 {
                e.text.move_cursor(m);
            }
            Vec::new()
        }
        Action::Click { column, row } => {
            let (column, row) = (*column, *row);
            click(app, column, row);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Ctrl-s: the confirmation, or why not yet.
fn review(e: &mut EditorView, read_only: bool) {
    if read_only {
        e.notice = Some(Notice {
            text: format!("refused: {READ_ONLY_REASON}"),
            tone: Tone::Failed,
        });
        return;
    }
    if let Some(first) = e
        .checked
        .findings
        .iter()
        .find(|f| f.severity == crate::shared::jsontext::Severity::Error)
    {
        e.notice = Some(Notice {
            text: format!(
                "not sent: fix {} first (line {}: {})",
                plural(e.checked.errors(), "error"),
                first.line,
                first.message
            ),
            tone: Tone::Failed,
        });
        return;
    }
    match e.checked.payload.clone() {
        Some(payload) => {
            e.notice = None;
            e.stage = Stage::Confirm { payload, scroll: 0 };
        }
        None => {
            // Plain: it describes this text, so the next change to it clears it rather
            // than leaving "nothing to send" over a text that now has something.
            e.notice = Some(Notice {
                text: format!("nothing to send: {}", e.checked.summary),
                tone: Tone::Plain,
            })
        }
    }
}

fn confirming(app: &mut App, action: &Action) -> Vec<Effect> {
    let audit = Audit::of(app);
    let read_only = app.read_only;
    let Some(e) = editor_mut(app) else {
        return Vec::new();
    };
    let Stage::Confirm { payload, scroll } = &mut e.stage else {
        return Vec::new();
    };
    match action {
        Action::Confirm => {
            if read_only {
                e.stage = Stage::Editing;
                review(e, true);
                return Vec::new();
            }
            let fx = Effect::Submit {
                slot: e.slot,
                change: e.spec.submit(payload),
                audit,
            };
            e.stage = Stage::Sending;
            e.notice = None;
            vec![fx]
        }
        Action::Cancel | Action::Back => {
            e.stage = Stage::Editing;
            Vec::new()
        }
        _ => {
            scroll_by(scroll, action);
            Vec::new()
        }
    }
}

fn leaving(app: &mut App, action: &Action) -> Vec<Effect> {
    match action {
        // Leave: the draft stays, and `e` on the object picks it up again.
        Action::Confirm => {
            let mut fx = save_drafts(app, true);
            fx.extend(close(app, false));
            app.toast("edit kept as a draft: e on the object continues it", false);
            fx
        }
        Action::Discard => {
            let fx = close(app, true);
            app.toast("edit discarded", false);
            fx
        }
        Action::Cancel | Action::Back => {
            if let Some(e) = editor_mut(app) {
                e.stage = Stage::Editing;
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn conflict(app: &mut App, action: &Action) -> Vec<Effect> {
    let read_only = app.read_only;
    let Some(e) = editor_mut(app) else {
        return Vec::new();
    };
    match action {
        Action::Confirm => {
            rebase(e);
            if e.checked.errors() == 0 && e.checked.payload.is_some() {
                review(e, read_only);
            }
            Vec::new()
        }
        Action::Cancel | Action::Back => {
            e.stage = Stage::Editing;
            e.notice = Some(Notice {
                text: "still based on the old version: sending again will conflict again \
                       (ctrl-s, then rebase)"
                    .into(),
                tone: Tone::Warn,
            });
            Vec::new()
        }
        Action::Discard => {
            let fx = close(app, true);
            app.toast("edit discarded after the conflict", false);
            fx
        }
        _ => {
            if let Stage::Conflict(c) = &mut e.stage {
                scroll_by(&mut c.scroll, action);
            }
            Vec::new()
        }
    }
}

/// Re-applies the edit to the server's current object: a patch is kept as written; a
/// document is turned into the changes it makes, and those are applied to the new object.
fn rebase(e: &mut EditorView) {
    let Stage::Conflict(mut conflict) = std::mem::take(&mut e.stage) else {
        return;
    };
    let current = std::mem::take(&mut conflict.current);
    let next = e.spec.on(&current);
    let etag = next.etag().unwrap_or_default();
    let text = match rebased_text(e, next.as_ref()) {
        Ok(t) => t,
        Err(why) => {
            // Checking the old document against the new object would undo the server's
            // changes: stay on the conflict, and say how to go on.
            e.stage = Stage::Conflict(conflict_back(conflict, current));
            e.notice = Some(Notice {
                text: format!(
                    "cannot carry the document over ({why}): switch to patch mode (n, then \
                     ctrl-t) and rebase the operations"
                ),
                tone: Tone::Failed,
            });
            return;
        }
    };
    e.rebase(next);
    if let Some(t) = text {
        e.set_text(&t);
    }
    e.notice = Some(if e.checked.errors() == 0 {
        Notice {
            text: format!("rebased on the server's version (etag {etag})"),
            tone: Tone::Ok,
        }
    } else {
        Notice {
            text: format!(
                "rebased on the server's version (etag {etag}): your edit no longer applies, \
                 fix the marked lines"
            ),
            tone: Tone::Warn,
        }
    });
}

fn conflict_back(
    mut c: Box<crate::shared::editor::Conflict>,
    current: serde_json::Value,
) -> Box<crate::shared::editor::Conflict> {
    c.current = current;
    c
}

/// The text of the edit carried over to `next`: a patch stays as written (`None`); a
/// document becomes the changes it makes, applied to the new object.
pub fn rebased_text(
    e: &EditorView,
    next: &dyn crate::shared::editor::spec::EditSpec,
) -> Result<Option<String>, String> {
    match e.mode {
        Mode::Patch => Ok(None),
        Mode::Document => {
            let ops = e.spec.convert(Mode::Document, &e.value(), Mode::Patch)?;
            next.convert(Mode::Patch, &ops, Mode::Document).map(Some)
        }
    }
}

fn switch_mode(e: &mut EditorView) {
    let to = match e.mode {
        Mode::Patch => Mode::Document,
        Mode::Document => Mode::Patch,
    };
    if !e.spec.modes().contains(&to) {
        e.notice = Some(Notice {
            text: format!("this edit has no {} mode", to.name()),
            tone: Tone::Warn,
        });
        return;
    }
    match e.spec.convert(e.mode, &e.value(), to) {
        Ok(text) => {
            e.mode = to;
            e.clean = e.spec.initial(to);
            e.set_text(&text);
            e.notice = Some(Notice {
                text: format!("{} mode", to.name()),
                tone: Tone::Plain,
            });
        }
        Err(why) => {
            e.notice = Some(Notice {
                text: format!("cannot switch to {} mode: {why}", to.name()),
                tone: Tone::Failed,
            })
        }
    }
}

/// Moves the cursor to the next (or previous) occurrence of `q`, wrapping around;
/// `skip` steps past a match under the cursor.
pub fn find(e: &mut EditorView, q: &str, back: bool, skip: bool) -> bool {
    if q.is_empty() {
        return false;
    }
    let lines = e.text.lines();
    let (row, col) = e.text.cursor();
    let hits: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(r, l)| {
            l.match_indices(q)
                .map(move |(b, _)| (r, l[..b].chars().count()))
        })
        .collect();
    let here = (row, col);
    let pick = if back {
        hits.iter()
            .rev()
            .find(|&&h| h < here)
            .or(hits.last())
            .copied()
    } else {
        hits.iter()
            .find(|&&h| if skip { h > here } else { h >= here })
            .or(hits.first())
            .copied()
    };
    match pick {
        Some((r, c)) => {
            e.text.cancel_selection();
            e.text.move_cursor(CursorMove::Jump(clamp16(r), clamp16(c)));
            true
        }
        None => false,
    }
}

fn clamp16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn scroll_by(scroll: &mut usize, action: &Action) {
    match action {
        Action::Down | Action::ScrollDown => *scroll += 1,
        Action::Up | Action::ScrollUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += 10,
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
}

/// A click in the text moves the cursor there.
fn click(app: &mut App, column: u16, row: u16) {
    let areas = app.areas().editor();
    let Some(e) = editor_mut(app) else {
        return;
    };
    let t = areas.text;
    let gutter = crate::shared::editor::gutter_width(e.text.lines().len());
    if column < t.x + gutter || row < t.y || column >= t.x + t.width || row >= t.y + t.height {
        return;
    }
    let r = e.scroll.0 + usize::from(row - t.y);
    let c = e.scroll.1 + usize::from(column - t.x - gutter);
    e.text.cancel_selection();
    e.text.move_cursor(CursorMove::Jump(clamp16(r), clamp16(c)));
}

/// Keeps the cursor inside the drawn text after any change or move.
pub fn keep_cursor_visible(app: &mut App) {
    let areas = app.areas().editor();
    if let Some(e) = editor_mut(app) {
        let gutter = crate::shared::editor::gutter_width(e.text.lines().len());
        let rows = usize::from(areas.text.height).max(1);
        let cols = usize::from(areas.text.width.saturating_sub(gutter)).max(1);
        e.keep_visible(rows, cols);
    }
}

/// Leaves the editor: `forget` drops the draft (nothing worth keeping, or discarded).
fn close(app: &mut App, forget: bool) -> Vec<Effect> {
    let draft = match app.view() {
        Some(View::Editor(e)) => draft_of(app, e),
        _ => return Vec::new(),
    };
    let mut fx = Vec::new();
    let saved = matches!(app.view(), Some(View::Editor(e)) if e.draft_saved_ms.is_some());
    let known = app
        .drafts
        .iter()
        .any(|d| d.resource == draft.resource && d.id == draft.id);
    // Only a draft this session wrote or offered: one not yet listed stays for later.
    if forget && (saved || known) {
        app.forget_draft(&draft);
        fx.push(Effect::RemoveDraft(draft));
    }
    if let Some(v) = app.stack_mut().pop() {
        fx.push(Effect::Cancel { slot: v.slot() });
    }
    crate::nav::keep_visible(app);
    fx
}

/// The draft of an editor as it is now.
pub fn draft_of(app: &App, e: &EditorView) -> Draft {
    let info = e.spec.draft();
    Draft {
        profile: app.target.profile.clone(),
        sandbox: app.target.sandbox.clone(),
        resource: info.resource,
        id: info.id,
        mode: e.mode.name().to_string(),
        text: e.value(),
        etag: info.etag,
        base: info.base,
        saved_ms: app.now_ms,
    }
}

/// Writes the draft of every open editor with unsaved text (`all`: with any edit, e.g.
/// on quit). Drafts are kept in memory too, so `e` on the object finds them.
pub fn save_drafts(app: &mut App, all: bool) -> Vec<Effect> {
    let now = app.now_ms;
    let mut drafts = Vec::new();
    let mut gone = Vec::new();
    for v in app.stacks.iter().flatten() {
        if let View::Editor(e) = v
            && (e.unsaved || all)
        {
            if e.edited() {
                drafts.push(draft_of(app, e));
            } else if e.unsaved && e.draft_saved_ms.is_some() {
                // Typed back to where it started: the draft it wrote has nothing left.
                gone.push(draft_of(app, e));
            }
        }
    }
    for v in app.stacks.iter_mut().flatten() {
        if let View::Editor(e) = v
            && e.unsaved
        {
            e.unsaved = false;
            e.draft_saved_ms = Some(now);
        }
    }
    for d in &drafts {
        app.drafts
            .retain(|k| !(k.resource == d.resource && k.id == d.id));
        app.drafts.insert(0, d.clone());
    }
    for d in &gone {
        app.forget_draft(d);
    }
    let mut fx: Vec<Effect> = drafts.into_iter().map(Effect::SaveDraft).collect();
    fx.extend(gone.into_iter().map(Effect::RemoveDraft));
    fx
}
