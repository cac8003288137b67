//! The row keys over marked rows: with any row of the list in view marked, `t`, `D` and
//! `X` ask once about every marked row instead of acting on the selected one.

use crate::effect::Effect;
use crate::shared::action::Action;
use crate::state::App;

/// A row key while rows are marked; None leaves every other key (and every key of a
/// list without marks) to the pane's own handlers.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    if app.overlay.is_some() || app.list()?.marked() == 0 {
        return None;
    }
    match action {
        Action::TriggerRun | Action::ToggleFlow | Action::Remove => {
            Some(super::reply::ask(app, action, None))
        }
        _ => None,
    }
}
