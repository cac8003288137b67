//! Downloading marked files: `D` with files marked in a storage folder asks for a local
//! folder (`./` unless typed), the runtime looks which local files it would replace, a
//! question lists them when there are any, and one transfer then moves every file, each
//! under its own resumable plan, its progress summed over all of them in `J`. Marked
//! folders are left out, with a word.

use serde_json::Value;

use super::reply::DlzReply;
use super::{TransferJob, TransferPlan};
use crate::effect::Effect;
use crate::overlay::{InputBox, Overlay};
use crate::reply::Reply;
use crate::shared::table::{Tone, int, s};
use crate::state::App;
use flowscope_model::DlzType;

/// The marked files of the list in view (blob path and size), and how many marked
/// folders are left out.
pub fn marked_files(app: &App) -> (Vec<(String, u64)>, usize) {
    let objects: Vec<Value> = app.list().map(|l| l.marked_objects()).unwrap_or_default();
    let files: Vec<(String, u64)> = objects
        .iter()
        .filter(|o| s(o, "/type") != "folder")
        .map(|o| {
            let size = int(o, "/size").unwrap_or(0).max(0) as u64;
            (s(o, "/path").to_string(), size)
        })
        .collect();
    let folders = objects.len() - files.len();
    (files, folders)
}

/// `D` with rows marked: the prompt for the local folder.
pub fn prompt(app: &mut App, zone: DlzType) -> Vec<Effect> {
    let (files, folders) = marked_files(app);
    if files.is_empty() {
        app.toast(
            "only folders are marked: open one and mark its files to download them",
            true,
        );
        return Vec::new();
    }
    if folders > 0 {
        app.toast(
            format!(
                "{folders} marked {} left out: open one and mark its files",
                if folders == 1 { "folder" } else { "folders" }
            ),
            false,
        );
    }
    let reply = Reply::Dlz(DlzReply::DownloadManyTo { zone, files });
    let label = "download the marked files into ";
    let bx = InputBox::prompt(app.new_text, label, "./", reply, Vec::new());
    app.overlay = Some(Overlay::Input(Box::new(bx)));
    Vec::new()
}

/// The first line of the question before a download of several files.
pub fn head(plan: &TransferPlan) -> Option<(Tone, String)> {
    let TransferJob::DownloadMany { files, .. } = &plan.job else {
        return None;
    };
    let folder = files
        .first()
        .and_then(|(_, d)| d.parent())
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    Some((
        Tone::Plain,
        format!(
            "Download {} {} ({}) into {folder}?",
            files.len(),
            if files.len() == 1 { "file" } else { "files" },
            crate::shared::fmt::human_size(plan.bytes)
        ),
    ))
}

/// What a download of several files moves, for one line: `3 files → ./out`.
pub fn what(files: &[(String, std::path::PathBuf)]) -> String {
    match files {
        [(path, dest)] => format!("{path} → {}", dest.display()),
        many => {
            let folder = many
                .first()
                .and_then(|(_, d)| d.parent())
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            format!("{} files → {folder}", many.len())
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use serde_json::json;

    use crate::effect::Effect;
    use crate::features::dlz::DlzEffect;
    use crate::overlay::Overlay;
    use crate::shared::action::Action;
    use crate::shared::nav::{ListKind, Scope, Tab};
    use crate::update::update;
    use flowscope_model::DlzType;

    #[test]
    fn download_of_marked_files_asks_for_a_folder_and_leaves_folders_out() {
        let scope = Scope::Blobs {
            zone: DlzType::DlzDestination,
            folder: "out/".into(),
        };
        let items = vec![
            json!({"type": "folder", "name": "old", "path": "out/old/"}),
            json!({"type": "file", "name": "a.csv", "path": "out/a.csv", "size": 10}),
            json!({"type": "file", "name": "b.csv", "path": "out/b.csv", "size": 32}),
        ];
        let blobs = (ListKind::Blobs, scope);
        let mut app =
            crate::testing::listed(crate::testing::app(1_000), Tab::LandingZone, blobs, items);
        update(&mut app, Action::MarkAll);
        assert!(update(&mut app, Action::Download).is_empty());
        let Some(Overlay::Input(bx)) = &app.overlay else {
            panic!("a prompt: {:?}", app.overlay.is_some());
        };
        assert_eq!(bx.value(), "./");
        let toasts: Vec<&str> = app.toasts.iter().map(|t| t.text.as_str()).collect();
        assert!(
            toasts
                .iter()
                .any(|t| t.contains("1 marked folder left out")),
            "{toasts:?}"
        );
        let fx = update(&mut app, Action::Submit);
        let [
            Effect::Dlz(DlzEffect::PlanDownloadMany {
                zone, files, dest, ..
            }),
        ] = fx.as_slice()
        else {
            panic!("a plan: {fx:?}");
        };
        assert_eq!(*zone, DlzType::DlzDestination);
        assert_eq!(dest, &std::path::PathBuf::from("./"));
        assert_eq!(
            files,
            &[("out/a.csv".to_string(), 10), ("out/b.csv".to_string(), 32)]
        );
    }
}
