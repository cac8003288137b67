//! What comes back to an editor: the service's answer to a sent change (new etag, a 412
//! conflict, a refusal), the drafts writer's report, text from `$EDITOR` and the
//! clipboard. The sent object also replaces the stale copies other panes hold.

use crate::nav::replace_everywhere;
use serde_json::Value;

use crate::effect::Effect;
use crate::features::edit::keys::{draft_of, find};
use crate::shared::editor::{Conflict, Notice, Stage};
use crate::shared::effect::Outcome;
use crate::shared::table::Tone;
use crate::state::App;
use crate::view::View;

pub fn submitted(app: &mut App, slot: u64, outcome: Outcome) -> Vec<Effect> {
    let draft = draft_of_view(app, slot);
    let Some(View::Editor(e)) = app.view_by_slot(slot) else {
        return Vec::new();
    };
    let mut fx = Vec::new();
    let title = e.spec.title();
    let old_etag = e.spec.etag().unwrap_or_default();
    // No toasts: the editor is in view and its notice or conflict screen says it all.
    let journal = match outcome {
        Outcome::Sent {
            object,
            etag,
            journal,
        } => {
            let new_etag = etag.unwrap_or_else(|| "?".into());
            // A spec without an etag creates: what to show is the id the answer named.
            let creates = e.spec.etag().is_none();
            let follow = object.as_ref().and_then(|o| e.spec.follow(o));
            let text = match &object {
                Some(obj) => {
                    let next = e.spec.on(obj);
                    e.restart(next);
                    match created(obj) {
                        Some(what) if creates => format!("✓ created: {title}, {what}"),
                        // An object without etags that was changed, not created (an
                        // AppFlow flow): what the answer says of it.
                        None if creates => match obj.get("flowStatus").and_then(Value::as_str) {
                            Some(status) => format!("✓ sent: {title}, flow now {status}"),
                            None => format!("✓ sent: {title}"),
                        },
                        _ => format!("✓ sent: {title} is now at etag {new_etag} (was {old_etag})"),
                    }
                }
                None => {
                    // What was sent is not an edit any more: never offer it again as one.
                    e.stage = Stage::Editing;
                    e.clean = e.value();
                    e.unsaved = false;
                    if creates {
                        format!(
                            "✓ sent ({title}), but the answer could not be read: look for \
                             what it created before sending again"
                        )
                    } else {
                        format!(
                            "✓ sent ({title}, etag {new_etag}), but it could not be reloaded: \
                             refresh before editing again"
                        )
                    }
                }
            };
            e.notice = Some(Notice {
                text,
                tone: Tone::Ok,
            });
            if let Some(d) = draft {
                app.forget_draft(&d);
                fx.push(Effect::RemoveDraft(d));
            }
            if let Some(obj) = object {
                replace_everywhere(app, obj);
            }
            app.created.extend(follow);
            journal
        }
        Outcome::Conflict {
            error,
            current: Some(current),
            journal,
        } => {
            let changes = e.spec.server_changes(&current);
            let next = e.spec.on(&current);
            let rebased = match crate::features::edit::keys::rebased_text(e, next.as_ref()) {
                Ok(text) => next.check(e.mode, &text.unwrap_or_else(|| e.value())),
                Err(why) => crate::shared::editor::spec::Checked {
                    summary: format!("does not carry over: {why}"),
                    ..Default::default()
                },
            };
            e.stage = Stage::Conflict(Box::new(Conflict {
                error,
                current,
                changes,
                rebased,
                scroll: 0,
            }));
            journal
        }
        Outcome::Conflict {
            error,
            current: None,
            journal,
        }
        | Outcome::Failed {
            error,
            unsure: false,
            journal,
        } => {
            e.stage = Stage::Editing;
            let text = format!("not sent: {}", error.message);
            e.notice = Some(Notice {
                text,
                tone: Tone::Failed,
            });
            journal
        }
        Outcome::Failed {
            error,
            unsure: true,
            journal,
        } => {
            e.stage = Stage::Editing;
            let text = format!(
                "{}: the change may or may not have been applied. Look at the object (r on \
                 its pane) before sending again",
                error.message
            );
            e.notice = Some(Notice {
                text,
                tone: Tone::Failed,
            });
            journal
        }
    };
    if let Err(why) = journal {
        app.toast(format!("the audit journal was not written: {why}"), true);
    }
    fx
}

/// What a create answered, for the notice: the new object's id (`WorkflowId` of a Customer
/// Profiles workflow, `id` elsewhere) and the service's message, if any.
fn created(obj: &Value) -> Option<String> {
    let (key, id) = ["WorkflowId", "id"]
        .into_iter()
        .find_map(|k| obj.get(k).and_then(Value::as_str).map(|id| (k, id)))?;
    let message = obj
        .get("Message")
        .and_then(Value::as_str)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    Some(format!("{key} {id}{message}"))
}

fn draft_of_view(app: &App, slot: u64) -> Option<flowscope_model::Draft> {
    app.stacks.iter().flatten().find_map(|v| match v {
        View::Editor(e) if e.slot == slot => Some(draft_of(app, e)),
        _ => None,
    })
}

pub fn draft_saved(app: &mut App, result: Result<(), String>) -> Vec<Effect> {
    let why = result.err();
    let mut news = false;
    for v in app.stacks.iter_mut().flatten() {
        if let View::Editor(e) = v {
            news |= why.is_some() && e.draft_error != why;
            e.draft_error = why.clone();
        }
    }
    // Said once per new problem, not on every save that fails the same way.
    if let (true, Some(why)) = (news, why) {
        app.toast(format!("the draft could not be saved: {why}"), true);
    }
    Vec::new()
}

pub fn external_edited(app: &mut App, slot: u64, result: Result<String, String>) -> Vec<Effect> {
    let outcome = match app.view_by_slot(slot) {
        // Text arriving after a review began would change what the confirmation shows.
        Some(View::Editor(e)) if !matches!(e.stage, Stage::Editing) => Err(
            "the editor moved on (review or send): the text from $EDITOR was not applied"
                .to_string(),
        ),
        Some(View::Editor(e)) => match result {
            Ok(text) => {
                let text = text.trim_end_matches('\n');
                if text != e.value() {
                    e.set_text(text);
                    Ok("text from $EDITOR")
                } else {
                    Ok("$EDITOR closed without changes")
                }
            }
            Err(why) => Err(why),
        },
        _ => return Vec::new(),
    };
    match outcome {
        Ok(msg) => app.toast(msg, false),
        Err(why) => app.toast(format!("$EDITOR: {why}"), true),
    }
    crate::features::edit::keys::keep_cursor_visible(app);
    Vec::new()
}

pub fn pasted(app: &mut App, slot: u64, result: Result<String, String>) -> Vec<Effect> {
    match result {
        Ok(text) => {
            if let Some(View::Editor(e)) = app.view_by_slot(slot)
                && matches!(e.stage, Stage::Editing)
            {
                e.paste(&text);
            }
        }
        Err(why) => app.toast(why, true),
    }
    crate::features::edit::keys::keep_cursor_visible(app);
    Vec::new()
}

/// The search box typed into: jump to the first match from the cursor.
pub fn search(app: &mut App, q: &str) {
    if let Some(View::Editor(e)) = app.view_mut() {
        e.search = (!q.is_empty()).then(|| q.to_string());
        find(e, q, false, false);
    }
    crate::features::edit::keys::keep_cursor_visible(app);
}
