//! Marked landing-zone files: `X` deletes each marked file of a storage folder (one
//! request a file, the question naming how many and their total size); a marked folder
//! is skipped with the reason, as the single delete leaves folders alone (they go when
//! they are empty). Explore's list reads without storage access, so it only points to
//! the container.

use serde_json::Value;

use super::plan::{Planned, item};
use super::{Job, Verb};
use crate::shared::action::Action;
use crate::shared::effect::{BulkStep, Change};
use crate::shared::list::ListView;
use crate::shared::nav::{ListKind, ObjKind, Scope};
use crate::shared::table::{int, s};
use crate::state::App;

/// Why a marked folder is left alone.
pub const FOLDER_SKIPPED: &str =
    "a folder: open it and mark its files (a folder goes when it is empty)";

/// The job `action` means for the marked rows of a landing-zone list in view.
pub fn plan(app: &App, action: &Action) -> Planned {
    let Some(l) = app.list() else {
        return Planned::Nothing("no list in view".into());
    };
    let zone = match (&l.scope, action) {
        (Scope::Blobs { zone, .. }, Action::Remove) => *zone,
        (Scope::Blobs { .. }, _) => {
            return Planned::Nothing(
                "that key does nothing to marked files: X deletes them, D downloads them \
                 (esc clears the marks)"
                    .into(),
            );
        }
        _ => {
            return Planned::Nothing(
                "explore reads without storage access: press b to open the container, and \
                 mark the files there"
                    .into(),
            );
        }
    };
    let objects = l.marked_objects();
    let bytes = objects
        .iter()
        .filter(|o| !is_folder(o))
        .filter_map(|o| int(o, "/size"))
        .map(|n| n.max(0) as u64)
        .sum();
    let items = objects
        .iter()
        .map(|o| {
            let path = s(o, "/path");
            let step = if is_folder(o) {
                BulkStep::Skip(FOLDER_SKIPPED.into())
            } else {
                BulkStep::Send(Change::DlzDelete {
                    zone,
                    path: path.to_string(),
                })
            };
            item(ObjKind::DlzItem, path, path.to_string(), step)
        })
        .collect();
    Planned::Job(Job {
        id: 0,
        verb: Verb::Delete,
        noun: ("file", "files"),
        list_slot: l.slot,
        tab: app.tab,
        items,
        bytes: Some(bytes),
        counts: None,
    })
}

/// Whether a landing-zone list item is a folder.
pub fn is_folder(o: &Value) -> bool {
    s(o, "/type") == "folder"
}

/// Whether `l` is a list a deleted object's row is removed from: its kind's lists, and
/// for a landing-zone file only the storage folders of its zone (the other zone may
/// have a file of the same path).
pub fn holds(l: &ListView, kind: ObjKind, step: &BulkStep) -> bool {
    match (kind, step) {
        (ObjKind::Flow, _) => l.kind == ListKind::Flows,
        (ObjKind::DlzItem, BulkStep::Send(Change::DlzDelete { zone, .. })) => {
            matches!(&l.scope, Scope::Blobs { zone: z, .. } if z == zone)
        }
        (ObjKind::DlzItem, _) => false,
        _ => l.kind == ListKind::Connections,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::{Value, json};

    use crate::effect::Effect;
    use crate::overlay::Overlay;
    use crate::shared::action::Action;
    use crate::shared::effect::{BulkStep, Change};
    use crate::shared::nav::{ListKind, Scope, Tab};
    use crate::state::App;
    use crate::update::update;
    use flowscope_model::DlzType;

    fn file(path: &str, size: i64) -> Value {
        let name = path.rsplit('/').next().unwrap();
        json!({"type": "file", "name": name, "path": path, "size": size})
    }

    fn folder(path: &str) -> Value {
        json!({"type": "folder", "name": path.trim_end_matches('/'), "path": path})
    }

    /// The storage folder `crm/` of the drop zone, listed.
    pub(crate) fn blobs(items: Vec<Value>, read_only: bool) -> App {
        let mut app = crate::testing::app(1_000);
        app.read_only = read_only;
        let scope = Scope::Blobs {
            zone: DlzType::UserDropZone,
            folder: "crm/".into(),
        };
        crate::testing::listed(app, Tab::LandingZone, (ListKind::Blobs, scope), items)
    }

    fn crm() -> Vec<Value> {
        vec![
            folder("crm/contacts/"),
            file("crm/a.csv", 1_500_000),
            file("crm/b.csv", 500_000),
        ]
    }

    fn question(app: &App) -> Vec<String> {
        match &app.overlay {
            Some(Overlay::Ask(a)) => a.lines.iter().map(|(_, l)| l.clone()).collect(),
            other => panic!("no question: {other:?}"),
        }
    }

    fn toasts(app: &App) -> String {
        let texts: Vec<&str> = app.toasts.iter().map(|t| t.text.as_str()).collect();
        texts.join("\n")
    }

    #[test]
    fn rows_of_a_storage_folder_are_marked_like_any_list() {
        let mut app = blobs(crm(), false);
        update(&mut app, Action::ToggleMark);
        assert_eq!(app.list().unwrap().marked(), 1);
        assert!(toasts(&app).is_empty(), "{}", toasts(&app));
        update(&mut app, Action::MarkAll);
        assert_eq!(app.list().unwrap().marked(), 3);
        update(&mut app, Action::ClearMarks);
        assert_eq!(app.list().unwrap().marked(), 0);
    }

    #[test]
    fn a_delete_of_marked_files_asks_once_with_their_size_and_skips_folders() {
        let mut app = blobs(crm(), false);
        update(&mut app, Action::MarkAll);
        assert!(update(&mut app, Action::Remove).is_empty(), "asked first");
        let q = question(&app);
        assert_eq!(q[0], "Delete 2 files (2.0 MB)? 1 skipped (a folder)");
        assert!(
            q.iter().any(|l| l.contains("user_drop_zone container")),
            "{q:#?}"
        );
        assert!(q.iter().any(|l| l.trim() == "crm/a.csv"), "{q:#?}");
        assert!(
            q.iter()
                .any(|l| l.trim() == format!("crm/contacts/ — {}", super::FOLDER_SKIPPED)),
            "{q:#?}"
        );
        assert!(q.iter().any(|l| l.contains("cannot be undone")), "{q:#?}");
        let fx = update(&mut app, Action::Confirm);
        let [Effect::Bulk { steps, .. }] = fx.as_slice() else {
            panic!("one bulk job: {fx:?}");
        };
        let delete = |path: &str| {
            BulkStep::Send(Change::DlzDelete {
                zone: DlzType::UserDropZone,
                path: path.into(),
            })
        };
        assert_eq!(
            steps,
            &[
                BulkStep::Skip(super::FOLDER_SKIPPED.into()),
                delete("crm/a.csv"),
                delete("crm/b.csv"),
            ]
        );
        assert_eq!(
            app.bulk.progress().unwrap(),
            "deleting 2 files: 0/2 · 0 done"
        );
    }

    #[test]
    fn a_deleted_file_leaves_the_folders_of_its_zone_only() {
        // The destination zone's crm/ lists a file of the same path, under the drop zone's.
        let other = Scope::Blobs {
            zone: DlzType::DlzDestination,
            folder: "crm/".into(),
        };
        let (blobs, app) = (ListKind::Blobs, crate::testing::app(1_000));
        let items = vec![file("crm/a.csv", 1)];
        let app = crate::testing::listed(app, Tab::LandingZone, (blobs, other), items);
        let drop = Scope::Blobs {
            zone: DlzType::UserDropZone,
            folder: "crm/".into(),
        };
        let mut app = crate::testing::listed(app, Tab::LandingZone, (blobs, drop), crm());
        update(&mut app, Action::MarkAll);
        update(&mut app, Action::Remove);
        let fx = update(&mut app, Action::Confirm);
        let [Effect::Bulk { job, .. }] = fx.as_slice() else {
            panic!("one bulk job: {fx:?}");
        };
        let ended = crate::effect::Msg::Bulk(super::super::BulkMsg::Ended {
            job: *job,
            index: 1,
            end: super::super::BulkEnd::Done(None),
            journal: None,
        });
        crate::receive::receive(&mut app, ended);
        let rows = |zone: DlzType| -> Vec<String> {
            let mut lists = app.stacks.iter().flatten().filter_map(|v| match v {
                crate::view::View::List(l) => Some(l),
                _ => None,
            });
            let l = lists
                .find(|l| matches!(&l.scope, Scope::Blobs { zone: z, .. } if *z == zone))
                .unwrap();
            l.rows().map(|r| r.id().to_string()).collect()
        };
        assert_eq!(rows(DlzType::UserDropZone), ["crm/contacts/", "crm/b.csv"]);
        assert_eq!(rows(DlzType::DlzDestination), ["crm/a.csv"]);
    }

    #[test]
    fn only_folders_marked_sends_nothing_and_read_only_refuses_before_asking() {
        let mut app = blobs(vec![folder("crm/contacts/"), folder("crm/leads/")], false);
        update(&mut app, Action::MarkAll);
        update(&mut app, Action::Remove);
        assert!(app.overlay.is_none());
        assert!(
            toasts(&app).contains("nothing to delete"),
            "{}",
            toasts(&app)
        );

        let mut app = blobs(crm(), true);
        update(&mut app, Action::MarkAll);
        assert!(update(&mut app, Action::Remove).is_empty());
        assert!(app.overlay.is_none());
        assert!(toasts(&app).contains("read-only"), "{}", toasts(&app));
    }
}
