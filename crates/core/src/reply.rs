//! Answers to the shared questions and prompts, routed back to the feature that asked.
//! A question carries its [`Reply`]; `y` or `n` hands it to the feature, which decides
//! what a yes does (and what a read-only session allows). The features never see each
//! other's replies: this is the one place that knows them all.

use crate::effect::Effect;
use crate::features::alerts::reply::AlertsReply;
use crate::features::aws::reply::AwsReply;
use crate::features::build::reply::BuildReply;
use crate::features::bulk::reply::BulkReply;
use crate::features::dlz::reply::DlzReply;
use crate::features::runs::reply::RunsReply;
use crate::overlay::Overlay;
use crate::shared::action::Action;
use crate::state::App;

/// What a question or a prompt hands back, by the feature that asked.
#[derive(Debug)]
pub enum Reply {
    Runs(RunsReply),
    Dlz(DlzReply),
    Aws(AwsReply),
    Build(BuildReply),
    Bulk(BulkReply),
    Alerts(AlertsReply),
}

/// Keys while a question is open: scrolling, `y`, `n`/`esc`.
pub fn ask_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let Some(Overlay::Ask(ask)) = &mut app.overlay else {
        return None;
    };
    match action {
        Action::Down | Action::ScrollDown => ask.scroll += 1,
        Action::Up | Action::ScrollUp => ask.scroll = ask.scroll.saturating_sub(1),
        Action::PageDown => ask.scroll += 10,
        Action::PageUp => ask.scroll = ask.scroll.saturating_sub(10),
        Action::ForceQuit => app.quit = true,
        Action::Cancel | Action::Back | Action::Confirm => {
            let yes = *action == Action::Confirm;
            if let Some(Overlay::Ask(ask)) = app.overlay.take() {
                return Some(answer(app, ask.reply, yes));
            }
        }
        Action::Resize { .. } => return None,
        _ => {}
    }
    Some(Vec::new())
}

/// Enter at a prompt: its text and reply to the feature that asked. A text the feature
/// cannot take stays in the box with the reason, and the reply stays with it.
pub fn typed(app: &mut App, text: &str) -> Vec<Effect> {
    let Some(Overlay::Input(bx)) = &mut app.overlay else {
        return Vec::new();
    };
    let Some(reply) = bx.reply.take() else {
        app.overlay = None;
        return Vec::new();
    };
    let answer =
        match reply {
            Reply::Dlz(r) => crate::features::dlz::reply::typed(app, r, text)
                .map_err(|(r, e)| (Reply::Dlz(r), e)),
            Reply::Aws(r) => crate::features::aws::reply::typed(app, r, text)
                .map_err(|(r, e)| (Reply::Aws(r), e)),
            Reply::Build(r) => crate::features::build::reply::typed(app, r, text)
                .map_err(|(r, e)| (Reply::Build(r), e)),
            Reply::Bulk(r) => crate::features::bulk::reply::typed(app, r, text)
                .map_err(|(r, e)| (Reply::Bulk(r), e)),
            Reply::Runs(r) => Err((Reply::Runs(r), "nothing to type here".to_string())),
            Reply::Alerts(r) => Err((Reply::Alerts(r), "nothing to type here".to_string())),
        };
    match answer {
        Ok(fx) => fx,
        Err((reply, why)) => {
            if let Some(Overlay::Input(bx)) = &mut app.overlay {
                bx.reply = Some(reply);
                bx.error = Some(why);
            }
            Vec::new()
        }
    }
}

/// A question answered: its reply to the feature that asked.
pub fn answer(app: &mut App, reply: Reply, yes: bool) -> Vec<Effect> {
    match reply {
        Reply::Runs(r) => crate::features::runs::reply::answered(app, r, yes),
        Reply::Dlz(r) => crate::features::dlz::reply::answered(app, r, yes),
        Reply::Aws(r) => crate::features::aws::reply::answered(app, r, yes),
        Reply::Build(r) => crate::features::build::reply::answered(app, r, yes),
        Reply::Bulk(r) => crate::features::bulk::reply::answered(app, r, yes),
        Reply::Alerts(r) => crate::features::alerts::reply::answered(app, r, yes),
    }
}
