//! Key and mouse routing: terminal input (in the core's own [`Input`] terms) becomes
//! actions. The open overlay is asked first (a text box takes every key it has no binding
//! for), then the focused pane, then the global bindings, as yazi layers its keymaps.

use crate::overlay::Overlay;
use crate::shared::action::{Action, Context};
use crate::shared::editor::Stage;
use crate::shared::key::{Input, Key, KeyCode, KeyKind, MouseKind};
use crate::shared::nav::ListKind;
use crate::state::App;
use crate::view::View;

/// Who answers a key where the user is, besides the lists' and the global keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// The trigger form.
    Form,
    /// A yes/no question.
    Ask,
    /// A text box.
    Input,
    /// The help overlay.
    Help,
    Graph,
    /// An editor pane, whatever it edits.
    Editor,
    /// A run's pane.
    RunPane,
    Aws,
    Dlz,
    /// The dataflow wizard.
    Build,
    /// The focused list's own keys (filters, sort), after its feature's.
    Lists,
    /// An object's detail.
    Detail,
    /// The row keys over marked rows, before the pane's own.
    Bulk,
    /// The recent-failures list's own keys.
    Alerts,
}

/// The one description of where the user is: the keymap sections a key is looked up in,
/// who answers it, and what the footer offers. Key routing, the footer and the help all
/// read it, so they cannot disagree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    /// The keymap sections, in lookup order.
    pub contexts: Vec<Context>,
    /// Who answers a key, in order; what none takes falls to the lists' and the global
    /// keys.
    pub handlers: Vec<Handler>,
}

impl Focus {
    /// The actions the footer offers, by section, in the order shown: worked out only
    /// when a frame draws the footer, not on every key routed.
    pub fn hints(&self, app: &App) -> Vec<(Context, Vec<&'static str>)> {
        self.contexts.iter().map(|&c| (c, hinted(c, app))).collect()
    }
}

/// Where the user is now.
pub fn focus(app: &App) -> Focus {
    use Context as C;
    use Handler as H;
    let (contexts, handlers): (Vec<Context>, Vec<Handler>) = match &app.overlay {
        Some(Overlay::Input(_)) => (vec![C::Input], vec![H::Input]),
        Some(Overlay::Trigger(_)) => (vec![C::Form], vec![H::Form]),
        Some(Overlay::Ask(_)) => (vec![C::Confirm], vec![H::Ask]),
        Some(Overlay::Help { .. }) => (vec![C::Help, C::Global], vec![H::Help]),
        None => match app.view() {
            Some(View::Editor(e)) => match e.stage {
                Stage::Editing | Stage::Sending => (vec![C::Editor], vec![H::Editor]),
                _ => (vec![C::Confirm], vec![H::Editor]),
            },
            Some(View::Build(_)) => (vec![C::Form], vec![H::Build]),
            Some(View::Run(_)) => (vec![C::Detail, C::Global], vec![H::RunPane]),
            Some(View::Detail(_)) => (vec![C::Detail, C::Global], vec![H::Detail]),
            Some(View::History(_)) => (vec![C::Detail, C::Global], vec![]),
            Some(View::Graph(_)) => (vec![C::Graph, C::Global], vec![H::Graph]),
            Some(View::Preview(_)) => (vec![C::Dlz, C::Detail, C::Global], vec![H::Dlz]),
            Some(View::Transfers(_)) => {
                (vec![C::Transfers, C::Dlz, C::List, C::Global], vec![H::Dlz])
            }
            Some(View::Zones(_)) | Some(View::Creds(_)) => {
                (vec![C::Dlz, C::List, C::Global], vec![H::Dlz])
            }
            Some(View::List(l)) if l.kind.is_aws() => (
                vec![C::Aws, C::List, C::Global],
                vec![H::Bulk, H::Aws, H::Lists],
            ),
            Some(View::List(l)) if matches!(l.kind, ListKind::Dlz | ListKind::Blobs) => (
                vec![C::Dlz, C::List, C::Global],
                vec![H::Bulk, H::Dlz, H::Lists],
            ),
            Some(View::List(l)) if l.kind == ListKind::Failures => (
                vec![C::Failures, C::List, C::Global],
                vec![H::Alerts, H::Bulk, H::Lists],
            ),
            Some(View::List(_)) => (vec![C::List, C::Global], vec![H::Bulk, H::Lists]),
            None => (vec![C::List, C::Global], vec![]),
        },
    };
    Focus { contexts, handlers }
}

/// The keymap sections a key is looked up in, in order, for the app as it is now.
pub fn contexts(app: &App) -> Vec<Context> {
    focus(app).contexts
}

pub fn route_key(app: &App, key: &Key) -> Option<Action> {
    if key.kind == KeyKind::Release {
        return None;
    }
    // A run or a flow action is sent on `y` only: a second Enter (a double tap, a paste)
    // after the form's Enter must not send it.
    if matches!(app.overlay, Some(Overlay::Ask(_))) && key.code == KeyCode::Enter {
        return None;
    }
    let ctxs = contexts(app);
    // A held key must not answer a question (a rebase's `y` repeating into the send).
    if key.kind == KeyKind::Repeat && ctxs == [Context::Confirm] {
        return None;
    }
    if let Some(a) = ctxs.iter().find_map(|&c| app.keymap.action(c, key)) {
        return Some(a);
    }
    // Text boxes and questions own the keyboard, but ctrl-c still quits; a text box takes
    // every other key as typed text.
    let typed = ctxs == [Context::Input] || ctxs == [Context::Editor] || ctxs == [Context::Form];
    if typed || ctxs == [Context::Confirm] {
        return match app.keymap.action(Context::Global, key) {
            Some(Action::ForceQuit) => Some(Action::ForceQuit),
            _ if typed => Some(Action::Key(*key)),
            _ => None,
        };
    }
    None
}

pub fn route_event(app: &App, ev: &Input) -> Option<Action> {
    match ev {
        Input::Key(k) => route_key(app, k),
        Input::Mouse { kind, column, row } => match kind {
            MouseKind::ScrollUp => Some(Action::ScrollUp),
            MouseKind::ScrollDown => Some(Action::ScrollDown),
            MouseKind::LeftDown => Some(Action::Click {
                column: *column,
                row: *row,
            }),
            MouseKind::Other => None,
        },
        Input::Paste(text) => Some(Action::Paste(text.clone())),
        Input::Resize { width, height } => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Input::Focus(gained) => Some(Action::Focus(*gained)),
        Input::Other => None,
    }
}

/// The actions worth a hint in each context, in the order shown; some panes and
/// questions share a context but not its useful keys.
fn hinted(ctx: Context, app: &App) -> Vec<&'static str> {
    if ctx == Context::Global {
        // Over the help, esc closes it (the help's own hint) and only quit still acts.
        return if matches!(app.overlay, Some(Overlay::Help { .. })) {
            vec!["quit"]
        } else {
            vec!["back", "refresh", "command", "help", "quit"]
        };
    }
    let mut names = hinted_static(ctx, app).map_or_else(|| detail_hints(app), <[_]>::to_vec);
    // Only lists the service filters offer the server filter.
    if let Some(l) = app.list()
        && l.kind.server_filter().is_err()
    {
        names.retain(|n| *n != "server_filter");
    }
    names
}

/// A detail offers the related objects its JSON names, and only those.
fn detail_hints(app: &App) -> Vec<&'static str> {
    let mut names = vec!["toggle", "search"];
    if let Some(d) = app.detail()
        && let Some(v) = &d.value
    {
        use crate::shared::action::Action;
        names.extend(
            crate::features::detail::related::related(d.kind, v)
                .iter()
                .filter_map(|r| match r.action {
                    Action::RelatedSource => Some("related_source"),
                    Action::RelatedTarget => Some("related_target"),
                    Action::RelatedSpec => Some("related_spec"),
                    Action::RelatedRuns => Some("related_runs"),
                    Action::RelatedFlow => Some("related_flow"),
                    _ => None,
                }),
        );
    }
    names.push("copy_json");
    names
}

/// The hints of a list with marked rows: what acts on them, then the marks' keys.
fn marked_hints(kind: ListKind) -> &'static [&'static str] {
    match kind {
        ListKind::Runs | ListKind::Live => {
            &["trigger_run", "toggle_mark", "mark_all", "clear_marks"]
        }
        ListKind::Flows => &[
            "trigger_run",
            "toggle_flow",
            "remove",
            "toggle_mark",
            "mark_all",
            "clear_marks",
        ],
        ListKind::Connections => &["remove", "toggle_mark", "mark_all", "clear_marks"],
        ListKind::AwsFlows => &[
            "trigger_run",
            "toggle_flow",
            "toggle_mark",
            "mark_all",
            "clear_marks",
        ],
        _ => &["toggle_mark", "mark_all", "clear_marks"],
    }
}

/// The fixed hints of a context; None where they depend on the object in view.
fn hinted_static(ctx: Context, app: &App) -> Option<&'static [&'static str]> {
    match (ctx, app.view(), &app.overlay) {
        (Context::Confirm, _, Some(Overlay::Ask(_))) => return Some(&["confirm", "cancel"]),
        // With rows marked, the keys that act on all of them and the marks' own.
        (Context::List, Some(View::List(l)), _) if l.marked() > 0 => {
            return Some(marked_hints(l.kind));
        }
        (Context::Aws, Some(View::List(l)), _) if l.marked() > 0 => return Some(&[]),
        // The wizard draws its stage's own keys in its pane.
        (Context::Form, Some(View::Build(_)), None) => return Some(&[]),
        (Context::Detail, Some(View::Run(_)), _) => {
            return Some(&["copy_id", "describe", "related_flow", "trigger_run"]);
        }
        (Context::Detail, Some(View::History(_)), _) => return Some(&["trigger_run", "refresh"]),
        (Context::Dlz, Some(View::Zones(_)), _) => {
            return Some(&[
                "browse_storage",
                "credentials",
                "refresh_credentials",
                "transfers",
            ]);
        }
        (Context::List, Some(View::Zones(_)), _) => return Some(&["open"]),
        (Context::Dlz, Some(View::Creds(_)), _) => {
            return Some(&["reveal_secrets", "refresh_credentials", "browse_storage"]);
        }
        (Context::List, Some(View::Creds(_)), _) => return Some(&["copy_id"]),
        (Context::Transfers, Some(View::Transfers(_)), _) => return Some(&["resume_transfer"]),
        (Context::Dlz, Some(View::Transfers(_)), _) => return Some(&["remove"]),
        (Context::List, Some(View::Transfers(_)), _) => return Some(&[]),
        (Context::Dlz, Some(View::Preview(_)), _) => return Some(&["reading_flows"]),
        (Context::Detail, Some(View::Preview(_)), _) => return Some(&["toggle", "right", "left"]),
        (Context::Dlz, Some(View::List(l)), _) if l.kind == ListKind::Blobs && l.marked() > 0 => {
            return Some(&["download", "remove"]);
        }
        (Context::Dlz, Some(View::List(l)), _) if l.marked() > 0 => {
            return Some(&["browse_storage"]);
        }
        (Context::Dlz, Some(View::List(l)), _) if l.kind == ListKind::Blobs => {
            return Some(&["preview", "download", "upload", "remove", "reading_flows"]);
        }
        (Context::Dlz, Some(View::List(_)), _) => {
            return Some(&["preview", "browse_storage", "reading_flows", "credentials"]);
        }
        (Context::Failures, _, _) => return Some(&["trigger_run", "related_flow"]),
        (Context::List, Some(View::List(l)), _) if l.kind == ListKind::Failures => {
            return Some(&["open", "describe", "filter", "copy_id"]);
        }
        (Context::List, Some(View::List(l)), _)
            if l.kind == ListKind::Blobs || l.kind == ListKind::Dlz =>
        {
            return Some(&["open", "filter", "sort_next"]);
        }
        (Context::Aws, Some(View::List(l)), _) => {
            return Some(match l.kind {
                ListKind::AwsDomains => &["new_workflow", "integrations", "object_types"],
                ListKind::AwsWorkflows => &["new_workflow"],
                ListKind::AwsExecutions | ListKind::AwsFlows => &["remove"],
                _ => &[],
            });
        }
        (Context::List, Some(View::List(l)), _) => match l.kind {
            ListKind::AwsDomains => return Some(&["open", "filter", "describe"]),
            ListKind::AwsWorkflows => {
                return Some(&["open", "describe", "graph", "server_filter", "filter"]);
            }
            ListKind::AwsSteps => return Some(&["open", "graph", "trigger_run", "filter"]),
            ListKind::AwsFlows => {
                return Some(&[
                    "open",
                    "describe",
                    "graph",
                    "trigger_run",
                    "toggle_flow",
                    "edit",
                ]);
            }
            ListKind::AwsExecutions => return Some(&["describe", "trigger_run", "graph"]),
            ListKind::AwsProfiles => return Some(&["open", "uses", "describe", "filter"]),
            ListKind::AwsIntegrations | ListKind::AwsObjectTypes => {
                return Some(&["open", "describe", "filter", "copy_id"]);
            }
            _ => {}
        },
        _ => {}
    }
    Some(match ctx {
        Context::Form => &["submit", "down", "cancel"],
        Context::List => &[
            "open",
            "describe",
            "filter",
            "server_filter",
            "sort_next",
            "copy_id",
        ],
        Context::Detail => return None,
        Context::Graph => &["open", "graph", "uses", "describe", "copy_id"],
        Context::Help => &["cancel"],
        Context::Input => &["submit", "cancel", "complete"],
        Context::Editor => &[
            "submit",
            "edit_mode",
            "search",
            "undo",
            "edit_external",
            "cancel",
        ],
        Context::Confirm => &["confirm", "cancel", "discard"],
        Context::Global | Context::Dlz | Context::Aws | Context::Failures | Context::Transfers => {
            &[]
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        crate::testing::app(0)
    }

    /// Every hint the footer offers is a binding of a section keys are looked up in, and
    /// the sections are the ones routing uses: one description, so they cannot disagree.
    #[test]
    fn hints_are_bindings_of_the_sections_keys_go_to() {
        let mut app = app();
        for tab in crate::shared::nav::Tab::ALL {
            app.tab = tab;
            for overlay in [None, Some(Overlay::Help { scroll: 0 })] {
                app.overlay = overlay;
                let f = focus(&app);
                assert_eq!(contexts(&app), f.contexts);
                for (ctx, names) in &f.hints(&app) {
                    assert!(f.contexts.contains(ctx), "{ctx:?} hinted, not routed");
                    for name in names {
                        assert!(
                            app.keymap.hint(*ctx, name).is_some(),
                            "{name} hinted in {ctx:?} on {tab:?} but not bound there"
                        );
                    }
                }
            }
        }
    }
}
