//! What a key does in an object's detail: fold and unfold the JSON tree, scroll it
//! sideways, search it, reveal secrets on purpose, and follow the object to what it names.

use super::DetailView;
use super::related::{Goto, related};
use crate::effect::Effect;
use crate::input::open_search;
use crate::nav::{keep_visible, push_detail, push_list};
use crate::shared::action::Action;
use crate::state::App;
use crate::view::View;

/// A key for the focused detail; None when no detail is focused or the key is not one of
/// its own.
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    app.detail()?;
    Some(match action {
        Action::Left => tree_do(app, |d| d.tree.left(8)),
        Action::Right => tree_do(app, |d| d.tree.right(8)),
        Action::Filter | Action::Search => open_search(app),
        Action::Open | Action::Toggle => tree_do(app, |d| d.tree.toggle()),
        Action::ExpandAll => tree_do(app, |d| d.tree.expand_all()),
        Action::CollapseAll => tree_do(app, |d| d.tree.collapse_all()),
        Action::SearchNext => tree_do(app, |d| {
            d.tree.search_next();
        }),
        Action::SearchPrev => tree_do(app, |d| {
            d.tree.search_prev();
        }),
        Action::RevealSecrets => {
            let fx = tree_do(app, DetailView::toggle_reveal);
            let revealed = app.detail().is_some_and(|d| d.revealed);
            let text = if revealed {
                "secrets shown: press v again to mask"
            } else {
                "secrets masked"
            };
            app.toast(text, false);
            fx
        }
        Action::RelatedSource
        | Action::RelatedTarget
        | Action::RelatedSpec
        | Action::RelatedRuns
        | Action::RelatedFlow => follow_related(app, action),
        _ => return None,
    })
}

/// Changes the tree, then keeps the cursor on screen.
fn tree_do(app: &mut App, f: impl FnOnce(&mut DetailView)) -> Vec<Effect> {
    if let Some(View::Detail(d)) = app.view_mut() {
        f(d);
    }
    keep_visible(app);
    Vec::new()
}

/// `s`, `t`, `p`, `R`, `F`: the object this one names, or a list scoped to it.
fn follow_related(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(d) = app.detail() else {
        return Vec::new();
    };
    let Some(value) = &d.value else {
        return Vec::new();
    };
    let found = related(d.kind, value)
        .into_iter()
        .find(|r| &r.action == action);
    match found.map(|r| r.goto) {
        Some(Goto::Detail { kind, id }) => push_detail(app, kind, &id, None),
        Some(Goto::List { kind, scope }) => push_list(app, kind, scope),
        None => {
            app.toast("nothing related of that kind here", true);
            Vec::new()
        }
    }
}
