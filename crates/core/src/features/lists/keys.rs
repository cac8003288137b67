//! What a key does on a focused list of any tab: the fuzzy filter, the service's filter,
//! the sort and the marks. Moving, opening and copying are the shared navigation's
//! (`crate::nav`); what the row keys do to marked rows is the bulk feature's.

use crate::effect::Effect;
use crate::input::open_input;
use crate::overlay::InputPurpose;
use crate::shared::action::Action;
use crate::shared::list::marks::MarkAll;
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
        Action::ToggleMark => {
            if let Some((l, _)) = app.list_and_fuzzy() {
                l.toggle_mark();
            }
            crate::nav::keep_visible(app);
            Vec::new()
        }
        Action::MarkAll => {
            let done = app.list_and_fuzzy().map(|(l, _)| l.mark_all());
            match done {
                Some(MarkAll::Marked(n)) => {
                    app.toast(format!("{n} marked (again: all unmarked)"), false);
                }
                Some(MarkAll::Unmarked(n)) => app.toast(format!("{n} unmarked"), false),
                None => {}
            }
            Vec::new()
        }
        // Esc clears the marks first; with none it goes back as it always did.
        Action::ClearMarks if list.marked() > 0 => {
            if let Some((l, _)) = app.list_and_fuzzy() {
                l.clear_marks();
            }
            Vec::new()
        }
        Action::ClearMarks => crate::nav::back(app),
        _ => return None,
    })
}
