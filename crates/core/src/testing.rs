//! What the core's unit tests share: an app as a session starts it (the built-in keymap,
//! plain text boxes, a fixed clock), and a list of given items pushed onto its tab.

use serde_json::Value;

use crate::shared::keymap::Keymap;
use crate::shared::nav::{ListKind, Scope, Tab};
use crate::state::App;

/// A fresh app whose clock reads `now_ms`.
pub fn app(now_ms: i64) -> App {
    App::new(
        crate::shared::effect::Target::default(),
        Keymap::defaults(),
        crate::shared::theme::ThemeName::Dark,
        crate::shared::text::plain::new_text,
        now_ms,
    )
}

/// `app` on `tab` with a list of `kind` and `scope` pushed and filled with `items`.
pub fn listed(mut app: App, tab: Tab, (kind, scope): (ListKind, Scope), items: Vec<Value>) -> App {
    app.tab = tab;
    crate::nav::push_list(&mut app, kind, scope);
    let now = app.now_ms;
    app.front_list(|l, names, fuzzy| {
        l.push_page(items, names, fuzzy);
        l.finish(now, names, fuzzy);
    });
    app
}
