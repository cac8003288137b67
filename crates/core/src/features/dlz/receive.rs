//! Answers from the storage side applied to the state: zones and credentials, previews,
//! a refresh's new credentials, a delete, transfer progress and endings.

use crate::effect::Effect;
use crate::features::dlz::transfers::State;
use crate::features::dlz::{DlzEffect, DlzMsg, ZoneInfo, is_auth_error};
use crate::shared::nav::ListKind;
use crate::shared::pane::{ErrorInfo, Load};
use crate::state::App;
use crate::view::View;

pub fn received(app: &mut App, msg: DlzMsg) -> Vec<Effect> {
    let now = app.now_ms;
    match msg {
        DlzMsg::Zones {
            slot,
            ticket,
            zones,
        } => {
            match app.view_by_slot(slot) {
                Some(View::Zones(z)) if z.ticket == ticket => {
                    z.zones = zones;
                    z.load = Load::Loaded { at_ms: now };
                }
                Some(View::Creds(c)) if c.ticket == ticket => {
                    if let Some(info) = zones.into_iter().next() {
                        match info.creds {
                            Ok(creds) => {
                                c.creds = Some(creds);
                                c.load = Load::Loaded { at_ms: now };
                            }
                            Err(error) => c.fail(error, now),
                        }
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        // Asked in another sandbox: its credentials are not this sandbox's.
        DlzMsg::Refreshed { sandbox, .. } | DlzMsg::Planned { sandbox, .. }
            if sandbox != app.target.sandbox =>
        {
            Vec::new()
        }
        DlzMsg::Refreshed {
            slot, zone, result, ..
        } => refreshed(app, slot, zone, result.map(|b| *b)),
        DlzMsg::Preview {
            slot,
            ticket,
            result,
        } => {
            if let Some(View::Preview(p)) = app.view_by_slot(slot)
                && p.ticket == ticket
            {
                match result {
                    Ok(data) => p.set(*data, now),
                    Err(error) => p.fail(error, now),
                }
            }
            Vec::new()
        }
        DlzMsg::Deleted { slot, path, result } => match result {
            Ok(()) => {
                app.toast(format!("deleted {path}"), false);
                let names = app.names.clone();
                let mut fuzzy = std::mem::take(&mut app.fuzzy);
                if let Some(View::List(l)) = app.view_by_slot(slot) {
                    l.remove_id(&path, &names, &mut fuzzy);
                }
                app.fuzzy = fuzzy;
                Vec::new()
            }
            Err(e) => {
                app.toast(
                    storage_error_text(&format!("delete of {path} failed"), &e),
                    true,
                );
                Vec::new()
            }
        },
        DlzMsg::Planned {
            result: Ok(plan), ..
        } => crate::features::dlz::reply::planned(app, *plan),
        DlzMsg::Planned { result: Err(e), .. } => {
            app.toast(storage_error_text("cannot start the transfer", &e), true);
            Vec::new()
        }
        DlzMsg::Progress {
            id,
            done,
            total,
            retries,
        } => {
            if let Some(t) = app.dlz.transfers.get_mut(id) {
                t.done = done;
                t.total = total.max(t.total);
                t.retries = retries;
            }
            Vec::new()
        }
        DlzMsg::Finished { id, result } => finished(app, id, result),
        DlzMsg::Interrupted { found } => {
            super::resume::found(app, found);
            Vec::new()
        }
        DlzMsg::Resumable { id, plan } => {
            if let Some(t) = app.dlz.transfers.get_mut(id) {
                t.plan = Some(plan);
            }
            Vec::new()
        }
        DlzMsg::Discarded { id, result } => {
            super::resume::discarded(app, id, result);
            Vec::new()
        }
    }
}

fn refreshed(
    app: &mut App,
    slot: u64,
    zone: flowscope_model::DlzType,
    result: Result<flowscope_model::DlzCredentials, ErrorInfo>,
) -> Vec<Effect> {
    let now = app.now_ms;
    match result {
        Ok(creds) => {
            app.toast(format!("new credentials for {zone}"), false);
            // Every pane showing this zone's credentials takes the new ones.
            for v in app.stacks.iter_mut().flatten() {
                match v {
                    View::Creds(c) if c.zone == zone => {
                        c.creds = Some(creds.clone());
                        c.refreshing = false;
                        c.refresh_error = None;
                        c.load = Load::Loaded { at_ms: now };
                    }
                    View::Zones(z) => {
                        if let Some(old) = z.info(zone) {
                            let info = ZoneInfo {
                                zone,
                                container: old.container.clone(),
                                creds: Ok(creds.clone()),
                            };
                            z.put(info);
                        }
                    }
                    _ => {}
                }
            }
            // Storage panes that failed on the old token load again with the new one.
            let mut fx = vec![Effect::Dlz(DlzEffect::Forget)];
            fx.extend(reload_failed_storage(app));
            fx
        }
        Err(e) => {
            if let Some(View::Creds(c)) = app.view_by_slot(slot) {
                c.refreshing = false;
                c.refresh_error = Some(e.clone());
            }
            app.toast(storage_error_text("refresh failed", &e), true);
            Vec::new()
        }
    }
}

/// Storage lists and previews that failed (most likely on expired credentials) load again.
fn reload_failed_storage(app: &mut App) -> Vec<Effect> {
    let mut fx = Vec::new();
    let now = app.now_ms;
    let mut ids = Vec::new();
    for v in app.stacks.iter().flatten() {
        let failed = match v {
            View::List(l) => l.kind == ListKind::Blobs && l.load.error().is_some(),
            View::Preview(p) => p.load.error().is_some(),
            _ => false,
        };
        if failed {
            ids.push(v.slot());
        }
    }
    for slot in ids {
        let ticket = app.next_id();
        let effect = match app.view_by_slot(slot) {
            Some(View::List(l)) => {
                l.begin_load(ticket, now);
                Some(Effect::Fetch {
                    slot,
                    ticket,
                    request: crate::load::list_request(l, now),
                })
            }
            Some(View::Preview(p)) => {
                p.begin(ticket, now);
                Some(Effect::Dlz(DlzEffect::Preview {
                    slot,
                    ticket,
                    target: p.target.clone(),
                }))
            }
            _ => None,
        };
        fx.extend(effect);
    }
    fx
}

fn finished(app: &mut App, id: u64, result: Result<u64, ErrorInfo>) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(t) = app.dlz.transfers.get_mut(id) else {
        return Vec::new();
    };
    t.ended_ms = Some(now);
    let (text, error) = match result {
        Ok(bytes) => {
            t.done = bytes;
            t.total = t.total.max(bytes);
            t.state = State::Done;
            t.plan = None;
            (
                format!(
                    "{} done: {} ({})",
                    t.verb(),
                    t.what(),
                    crate::shared::fmt::human_size(bytes)
                ),
                false,
            )
        }
        Err(e) if e.code.as_deref() == Some("Cancelled") => {
            t.state = State::Cancelled;
            let hint = if t.plan.is_some() {
                " (R in J resumes it)"
            } else {
                ""
            };
            (format!("{} cancelled: {}{hint}", t.verb(), t.what()), false)
        }
        Err(e) => {
            let mut text = storage_error_text(&format!("{} failed", t.verb()), &e);
            if t.plan.is_some() {
                text.push_str(" (R in J resumes it)");
            }
            t.state = State::Failed(e);
            (text, true)
        }
    };
    let upload_done = !error && t.verb() == "upload";
    app.toast(text, error);
    // New files show in the lists of the landing zone, storage and explore alike.
    if upload_done {
        return crate::load::reload_matching(
            app,
            |v| matches!(v, View::List(l) if matches!(l.kind, ListKind::Blobs | ListKind::Dlz)),
        );
    }
    Vec::new()
}

/// An error as a toast: the storage's own code, and what to do about expired
/// credentials.
pub fn storage_error_text(what: &str, e: &ErrorInfo) -> String {
    let mut s = format!("{what}: {}", e.message);
    if is_auth_error(e) {
        s.push_str(" — the credentials may have expired: press ctrl-r for new ones");
    }
    s
}
