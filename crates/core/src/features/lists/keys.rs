//! What a key does on a focused list of any tab: the fuzzy filter, the service's filter
//! and the sort. Moving, opening and copying are the shared navigation's (`crate::nav`).

use crate::effect::Effect;
use crate::input::open_input;
use crate::overlay::InputPurpose;
use crate::shared::action::Action;
use crate::state::App;

/// A key for the focused list; None when no list is focused or the key is not a list's.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let list = app.list()?;
    Some(match action {
        Action::Filter => {
            let q = list.fuzzy.clone();
            open_input(app, InputPurpose::Filter, &q)
        }
        Action::ServerFilter => match list.kind.server_filter() {
            Ok(()) => {
                let q = list.server_filter.clone().unwrap_or_default();
                open_input(app, InputPurpose::ServerFilter, &q)
            }
            Err(why) => {
                app.toast(why, true);
                Vec::new()
            }
        },
        Action::SortNext | Action::SortReverse => {
            if let Some((l, fuzzy)) = app.list_and_fuzzy() {
                if *action == Action::SortNext {
                    l.sort_next(fuzzy);
                } else {
                    l.sort_reverse(fuzzy);
                }
            }
            Vec::new()
        }
        _ => return None,
    })
}
