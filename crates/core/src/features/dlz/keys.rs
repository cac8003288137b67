//! What the landing-zone keys do: open a zone, its credentials, a preview, the storage
//! browser, the flows reading a file; start and cancel transfers; and the questions
//! before anything changes remotely (new credentials, a delete, an overwrite).

use super::reply::DlzReply;
use serde_json::Value;

use crate::effect::Effect;
use crate::features::dlz::creds::CredsView;
use crate::features::dlz::preview::PreviewView;
use crate::features::dlz::transfers::{State, TransfersView};
use crate::features::dlz::zones::ZonesView;
use crate::features::dlz::{DlzEffect, PreviewTarget};
use crate::nav::push_list;
use crate::overlay::{InputBox, Overlay};
use crate::reply::Reply;
use crate::shared::action::Action;
use crate::shared::ask::Ask;
use crate::shared::nav::ListKind;
use crate::shared::nav::Scope;
use crate::shared::table::Tone;
use crate::state::App;
use crate::view::View;
use flowscope_model::DlzType;

pub const READ_ONLY: &str =
    "read-only session (--read-only): nothing in the landing zone is uploaded, deleted or renewed";

/// Handles `action` when a landing-zone pane is in view; `None` leaves it to the common
/// handling (tabs, quitting, list movement and filtering).
pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    match app.view()? {
        View::Zones(_) => zones_key(app, action),
        View::Creds(_) => creds_key(app, action),
        View::Preview(_) => preview_key(app, action),
        View::Transfers(_) => transfers_key(app, action),
        View::List(l) if l.kind == ListKind::Dlz || l.kind == ListKind::Blobs => {
            list_key(app, action)
        }
        _ => None,
    }
}

pub(super) fn zones_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let View::Zones(z) = app.view_mut()? else {
        return None;
    };
    let zone = z.zone();
    Some(match action {
        Action::Up | Action::ScrollUp => {
            z.move_by(-1);
            Vec::new()
        }
        Action::Down | Action::ScrollDown => {
            z.move_by(1);
            Vec::new()
        }
        Action::Top | Action::PageUp => {
            z.move_by(-2);
            Vec::new()
        }
        Action::Bottom | Action::PageDown => {
            z.move_by(2);
            Vec::new()
        }
        // Explore needs no storage credentials, but only the drop zone has it.
        Action::Open if zone == DlzType::UserDropZone => {
            push_list(app, ListKind::Dlz, Scope::Folder(None))
        }
        Action::Open | Action::BrowseStorage => browse(app, zone, ""),
        Action::Credentials | Action::Describe => open_creds(app, zone),
        Action::RefreshCredentials => ask_refresh(app, zone),
        Action::Transfers => open_transfers(app),
        _ => return None,
    })
}

pub(super) fn creds_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let View::Creds(c) = app.view_mut()? else {
        return None;
    };
    let zone = c.zone;
    Some(match action {
        Action::Up | Action::ScrollUp => {
            c.move_by(-1);
            Vec::new()
        }
        Action::Down | Action::ScrollDown => {
            c.move_by(1);
            Vec::new()
        }
        Action::RevealSecrets => {
            c.revealed = !c.revealed;
            let text = if c.revealed {
                "credentials shown: press v again to mask"
            } else {
                "credentials masked"
            };
            app.toast(text, false);
            Vec::new()
        }
        // Copying is asked for by pressing `y` on a field: that is on purpose.
        Action::CopyId | Action::CopyName | Action::CopyJson | Action::CopyJsonWithSecrets => {
            match c.copy_value() {
                Some((label, value)) if !value.is_empty() => vec![Effect::Copy {
                    text: value,
                    what: label,
                }],
                _ => {
                    app.toast("nothing to copy here", true);
                    Vec::new()
                }
            }
        }
        Action::RefreshCredentials => ask_refresh(app, zone),
        // Leaving the pane masks the secrets again.
        Action::BrowseStorage | Action::Open => {
            c.revealed = false;
            browse(app, zone, "")
        }
        Action::Transfers => {
            c.revealed = false;
            open_transfers(app)
        }
        _ => return None,
    })
}

pub(super) fn preview_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let View::Preview(p) = app.view_mut()? else {
        return None;
    };
    let page = 10;
    match action {
        Action::Up | Action::ScrollUp => p.move_by(-1),
        Action::Down | Action::ScrollDown => p.move_by(1),
        Action::PageUp => p.move_by(-page),
        Action::PageDown => p.move_by(page),
        Action::Top => p.move_by(isize::MIN / 2),
        Action::Bottom => p.move_by(isize::MAX / 2),
        Action::Left => p.sideways(-1),
        Action::Right => p.sideways(1),
        Action::Toggle => p.tree.toggle(),
        Action::ExpandAll => p.tree.expand_all(),
        Action::CollapseAll => p.tree.collapse_all(),
        Action::ReadingFlows => {
            let path = explore_path_of(&p.target);
            return Some(reading_flows(app, path));
        }
        Action::Transfers => return Some(open_transfers(app)),
        _ => return None,
    }
    Some(Vec::new())
}

pub(super) fn transfers_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let t = &mut app.dlz.transfers;
    Some(match action {
        Action::Up | Action::ScrollUp => {
            t.move_by(-1);
            Vec::new()
        }
        Action::Down | Action::ScrollDown => {
            t.move_by(1);
            Vec::new()
        }
        Action::Remove => match t.selected() {
            Some(x) if x.state == State::Running => {
                let id = x.id;
                app.toast(
                    "cancelling the transfer (its plan stays: R resumes it)",
                    false,
                );
                vec![Effect::Dlz(DlzEffect::CancelTransfer { id })]
            }
            _ => match super::resume::discard_key(app) {
                Some(fx) => fx,
                None => {
                    app.toast("no running or resumable transfer selected", true);
                    Vec::new()
                }
            },
        },
        Action::ResumeTransfer => super::resume::resume_key(app),
        _ => return None,
    })
}

pub(super) fn list_key(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let l = app.list()?;
    let kind = l.kind;
    let scope = l.scope.clone();
    let item = l.selected_item();
    let marked = l.marked() > 0;
    let zone = match &scope {
        Scope::Blobs { zone, .. } => *zone,
        _ => DlzType::UserDropZone,
    };
    let folder = match &scope {
        Scope::Blobs { folder, .. } => folder.clone(),
        Scope::Folder(Some(f)) => storage_path(f),
        _ => String::new(),
    };
    let path = item
        .as_ref()
        .and_then(|v| v.get("path"))
        .and_then(Value::as_str);
    let is_folder = item
        .as_ref()
        .and_then(|v| v.get("type"))
        .and_then(Value::as_str)
        == Some("folder");
    Some(match (action, kind) {
        (Action::Open | Action::Preview, ListKind::Dlz) if !is_folder => match path {
            Some(p) => open_preview(
                app,
                PreviewTarget::Explore {
                    path: p.to_string(),
                },
            ),
            None => return None,
        },
        (Action::Open, ListKind::Blobs) if is_folder => match path {
            Some(p) => browse(app, zone, p),
            None => Vec::new(),
        },
        (Action::Open | Action::Preview, ListKind::Blobs) => match path {
            Some(p) if !is_folder => open_preview(
                app,
                PreviewTarget::Storage {
                    zone,
                    path: p.to_string(),
                },
            ),
            _ => Vec::new(),
        },
        (Action::Preview, _) => {
            app.toast("select a file to preview", true);
            Vec::new()
        }
        (Action::BrowseStorage, _) => browse(app, zone, &folder),
        (Action::Credentials, _) => open_creds(app, zone),
        (Action::RefreshCredentials, _) => ask_refresh(app, zone),
        (Action::Transfers, _) => open_transfers(app),
        (Action::ReadingFlows, _) => {
            let target = match (path, kind) {
                (Some(p), ListKind::Dlz) => p.to_string(),
                (Some(p), _) => explore_path(zone, p),
                (None, _) => explore_path(zone, &folder),
            };
            reading_flows(app, target)
        }
        (Action::Download, ListKind::Blobs) if marked => super::many::prompt(app, zone),
        (Action::Download, ListKind::Blobs) => match path {
            Some(p) if !is_folder => prompt_download(app, zone, p),
            _ => {
                app.toast("select a file to download", true);
                Vec::new()
            }
        },
        (Action::Upload, ListKind::Blobs) => prompt_upload(app, zone, &folder),
        (Action::Remove, ListKind::Blobs) => match path {
            Some(p) if !is_folder => ask_delete(app, zone, p),
            _ => {
                app.toast(
                    "select a file to delete (folders go when they are empty)",
                    true,
                );
                Vec::new()
            }
        },
        (Action::Download | Action::Upload | Action::Remove, _) => {
            app.toast(
                "explore reads without storage access: press b to open the container for transfers",
                true,
            );
            Vec::new()
        }
        _ => return None,
    })
}

/// Explore paths start with the container (`dlz-user-container/crm/a.csv`); storage
/// paths are inside it (`crm/a.csv`).
pub fn storage_path(explore: &str) -> String {
    match explore.trim_start_matches('/').split_once('/') {
        Some((_, rest)) => rest.to_string(),
        None => String::new(),
    }
}

pub fn explore_path(zone: DlzType, storage: &str) -> String {
    format!("{}/{}", container_of(zone), storage.trim_start_matches('/'))
}

pub(super) fn explore_path_of(t: &PreviewTarget) -> String {
    match t {
        PreviewTarget::Explore { path } => path.clone(),
        PreviewTarget::Storage { zone, path } => explore_path(*zone, path),
    }
}

/// Where a zone's files are, as its credentials name it (`s3://bucket/folder` for an
/// S3-provisioned zone), or the zone's usual container before they are read.
pub fn location_of(app: &App, zone: DlzType) -> String {
    let zones = app
        .stacks
        .get(crate::shared::nav::Tab::LandingZone.index())
        .and_then(|s| s.first());
    match zones {
        Some(View::Zones(z)) => z
            .info(zone)
            .and_then(|i| i.creds.as_ref().ok())
            .and_then(|c| c.location()),
        _ => None,
    }
    .unwrap_or_else(|| container_of(zone).to_string())
}

/// The Azure container name of a zone (aep-api-notes §7).
pub fn container_of(zone: DlzType) -> &'static str {
    match zone {
        DlzType::UserDropZone => "dlz-user-container",
        DlzType::DlzDestination => "dlz-destination",
    }
}

pub fn open_zones(app: &mut App, slot: u64) -> Vec<Effect> {
    app.stack_mut()
        .push(View::Zones(Box::new(ZonesView::new(slot))));
    crate::load::reload_current(app)
}

pub(super) fn open_creds(app: &mut App, zone: DlzType) -> Vec<Effect> {
    let slot = app.next_id();
    app.stack_mut()
        .push(View::Creds(Box::new(CredsView::new(slot, zone))));
    crate::load::reload_current(app)
}

pub(super) fn open_preview(app: &mut App, target: PreviewTarget) -> Vec<Effect> {
    let slot = app.next_id();
    app.stack_mut()
        .push(View::Preview(Box::new(PreviewView::new(slot, target))));
    crate::load::reload_current(app)
}

pub(super) fn open_transfers(app: &mut App) -> Vec<Effect> {
    if matches!(app.view(), Some(View::Transfers(_))) {
        return Vec::new();
    }
    let slot = app.next_id();
    app.stack_mut()
        .push(View::Transfers(Box::new(TransfersView { slot })));
    Vec::new()
}

pub(super) fn browse(app: &mut App, zone: DlzType, folder: &str) -> Vec<Effect> {
    push_list(
        app,
        ListKind::Blobs,
        Scope::Blobs {
            zone,
            folder: folder.to_string(),
        },
    )
}

pub(super) fn reading_flows(app: &mut App, path: String) -> Vec<Effect> {
    push_list(app, ListKind::Flows, Scope::Reading(path))
}

pub(super) fn refused(app: &mut App) -> Vec<Effect> {
    app.toast(format!("refused: {READ_ONLY}"), true);
    Vec::new()
}

pub(super) fn ask(
    app: &mut App,
    (title, yes): (&str, &'static str),
    lines: Vec<(Tone, String)>,
    then: DlzReply,
) -> Vec<Effect> {
    let ask = Ask::new(title, yes, lines, then).map(Reply::Dlz);
    app.overlay = Some(Overlay::Ask(Box::new(ask)));
    Vec::new()
}

pub(super) fn ask_refresh(app: &mut App, zone: DlzType) -> Vec<Effect> {
    if app.read_only {
        return refused(app);
    }
    let lines = vec![
        (Tone::Plain, format!("Get new credentials for {zone}?")),
        (Tone::Plain, String::new()),
        (
            Tone::Running,
            format!(
                "POST /data/foundation/connectors/landingzone/credentials?type={zone}&action=refresh"
            ),
        ),
        (
            Tone::Warn,
            "The current SAS token stops working: anyone using it needs the new one.".into(),
        ),
    ];
    ask(
        app,
        ("new credentials", "renew"),
        lines,
        DlzReply::Refresh { zone },
    )
}

pub(super) fn ask_delete(app: &mut App, zone: DlzType, path: &str) -> Vec<Effect> {
    if app.read_only {
        return refused(app);
    }
    let lines = vec![
        (
            Tone::Plain,
            format!("Delete {path} from {}?", location_of(app, zone)),
        ),
        (Tone::Plain, String::new()),
        (
            Tone::Failed,
            "The landing zone keeps no copy: this cannot be undone.".into(),
        ),
    ];
    ask(
        app,
        ("delete file", "delete"),
        lines,
        DlzReply::Delete {
            zone,
            path: path.to_string(),
        },
    )
}

pub(super) fn prompt_download(app: &mut App, zone: DlzType, path: &str) -> Vec<Effect> {
    let name = crate::features::dlz::paths::base_name(path);
    let reply = Reply::Dlz(DlzReply::DownloadTo {
        zone,
        path: path.to_string(),
    });
    let bx = InputBox::prompt(
        app.new_text,
        "download to ",
        &format!("./{name}"),
        reply,
        Vec::new(),
    );
    app.overlay = Some(Overlay::Input(Box::new(bx)));
    Vec::new()
}

pub(super) fn prompt_upload(app: &mut App, zone: DlzType, folder: &str) -> Vec<Effect> {
    if app.read_only {
        return refused(app);
    }
    if zone == DlzType::DlzDestination {
        app.toast(
            "dlz_destination is written by export flows; its credentials are read and list only",
            true,
        );
        return Vec::new();
    }
    let reply = Reply::Dlz(DlzReply::UploadFrom {
        zone,
        folder: folder.to_string(),
    });
    let bx = InputBox::prompt(app.new_text, "upload from ", "", reply, Vec::new());
    app.overlay = Some(Overlay::Input(Box::new(bx)));
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crate::features::dlz::keys::*;

    #[test]
    fn explore_and_storage_paths_map_both_ways() {
        assert_eq!(storage_path("dlz-user-container/crm/a.csv"), "crm/a.csv");
        assert_eq!(storage_path("dlz-user-container"), "");
        assert_eq!(
            explore_path(DlzType::UserDropZone, "crm/a.csv"),
            "dlz-user-container/crm/a.csv"
        );
        assert_eq!(
            explore_path(DlzType::DlzDestination, ""),
            "dlz-destination/"
        );
    }
}
