//! The mouse: a click on a tab, a list row (a second click opens it) or a graph box.

use crate::effect::Effect;
use crate::nav::go_tab;
use crate::shared::action::Action;
use crate::shared::layout::tab_at;
use crate::state::App;
use crate::update::open;
use crate::update::update;
use crate::view::View;

pub(crate) fn click(app: &mut App, column: u16, row: u16) -> Vec<Effect> {
    let areas = app.areas();
    if row == areas.tabs.y {
        return match tab_at(column, areas.tabs.width) {
            Some(t) => go_tab(app, t),
            None => Vec::new(),
        };
    }
    if let Some(View::Graph(g)) = app.view_mut() {
        let canvas = areas.graph_canvas();
        let inside = column >= canvas.x
            && row >= canvas.y
            && column < canvas.x + canvas.width
            && row < canvas.y + canvas.height;
        let hit = inside
            .then(|| {
                g.layout
                    .node_at(column - canvas.x + g.scroll.0, row - canvas.y + g.scroll.1)
            })
            .flatten();
        return match hit {
            // A click on the selected box opens it, like a double click.
            Some(i) if i == g.selected => update(app, Action::Open),
            Some(i) => {
                g.selected = i;
                Vec::new()
            }
            None => Vec::new(),
        };
    }
    let first = areas.first_list_row();
    let last = areas.body.y + areas.body.height.saturating_sub(1);
    if row >= first
        && row < last
        && let Some(View::List(l)) = app.view_mut()
    {
        let pos = l.offset + usize::from(row - first);
        if pos < l.visible.len() {
            // A click on the selected row opens it, like a double click.
            if pos == l.selected {
                return open(app);
            }
            l.select(pos);
        }
    }
    Vec::new()
}
