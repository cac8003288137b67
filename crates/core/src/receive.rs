//! Applies worker messages: pages, objects and failures for a slot (dropped when the
//! ticket is stale or the pane is gone), and the slow tick. Nothing here decides whether
//! a frame is drawn: the driver draws after every message but an idle tick.

use serde_json::Value;

use crate::effect::{Effect, Msg};
use crate::features::{alerts, runs};
use crate::load::{reload_current, repoint};
use crate::nav::keep_visible;
use crate::shared::nav::ListKind;
use crate::state::{AUTO_REFRESH_MS, App};
use crate::view::View;

pub fn receive(app: &mut App, msg: Msg) -> Vec<Effect> {
    let mut fx = apply(app, msg);
    // A page of flows brings rows into view: their sparklines.
    fx.extend(runs::recent::wanted(app));
    fx
}

fn apply(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick { now_ms } => tick(app, now_ms),
        Msg::Page {
            slot,
            ticket,
            items,
            done,
        } => page(app, slot, ticket, items, done),
        Msg::Listed {
            slot,
            ticket,
            items,
            done,
            credit,
        } => {
            let fx = listed(app, slot, ticket, items, done);
            // Stored: the reader may send the next page.
            drop(credit);
            fx
        }
        Msg::Object {
            slot,
            ticket,
            value,
        } => {
            if app.aws.followed.iter().any(|f| f.slot == slot) {
                return crate::features::aws::watch::read(app, slot, Ok(value)).1;
            }
            let now = app.now_ms;
            match app.view_by_slot(slot) {
                Some(View::Detail(d)) if d.ticket == ticket => d.set_value(value, now),
                Some(View::Run(r)) if r.ticket == ticket => r.set_value(value, now),
                Some(_) => {}
                None => {
                    if !runs::retry::read(app, slot, Ok(value.clone())) {
                        crate::features::aws::flows::read(app, slot, Ok(value));
                    }
                }
            }
            keep_visible(app);
            Vec::new()
        }
        Msg::Failed {
            slot,
            ticket,
            error,
        } => {
            if runs::retry::read(app, slot, Err(error.clone()))
                || crate::features::aws::flows::read(app, slot, Err(error.clone()))
                || crate::features::aws::receive::object_types_failed(app, slot)
            {
                return Vec::new();
            }
            let (followed, fx) = crate::features::aws::watch::read(app, slot, Err(error.clone()));
            if followed {
                return fx;
            }
            let now = app.now_ms;
            let current = match app.view_by_slot(slot) {
                // A list keeps what it had loaded, and drops a refresh's pages.
                Some(View::List(l)) if l.accepts(ticket) => {
                    l.fail(error.clone(), now);
                    true
                }
                Some(v) => match v.pane_for(slot) {
                    Some(p) if p.accepts(ticket) => {
                        p.fail(error.clone(), now);
                        true
                    }
                    _ => false,
                },
                None => false,
            };
            if current {
                app.toast(error.message, true);
            }
            Vec::new()
        }
        Msg::Resolved {
            generation,
            kind,
            id,
            result,
        } => {
            let mut fx = crate::graphs::resolved(app, generation, kind, id.clone(), result);
            fx.extend(crate::nav::copy_arrived(app, kind, &id));
            fx
        }
        Msg::ProfileSwitched(result) => {
            match result {
                Ok(target) => {
                    let sandbox = target.sandbox.clone();
                    if let Some(p) = &target.profile
                        && !app.known.profiles.contains(p)
                    {
                        app.known.profiles.push(p.clone());
                    }
                    app.target = target;
                    // The executor already points at the new client and sandbox.
                    repoint(app, sandbox)
                }
                Err(e) => {
                    // The executor dropped its reads before the switch failed: watches
                    // poll again and sparklines are asked again.
                    for w in &mut app.runs.watches {
                        w.in_flight = false;
                    }
                    app.runs.recent.refresh();
                    app.toast(e, true);
                    Vec::new()
                }
            }
        }
        Msg::Copied { what, result } => {
            match result {
                Ok(via) => app.toast(format!("copied {what} ({via})"), false),
                Err(e) => app.toast(format!("copy failed: {e}"), true),
            }
            Vec::new()
        }
        // A change's answer goes to the feature that sent it: each keeps its own slots.
        Msg::Submitted { slot, outcome } => match app.runs.pending.remove(&slot) {
            Some(pending) => runs::receive::submitted(app, pending, outcome),
            None if app.alerts.pending.contains_key(&slot) => {
                let (fx, watch) = alerts::receive::retried(app, slot, outcome);
                // A retried run is watched to its end as a triggered one is.
                if let Some((run, flow_name)) = watch {
                    runs::watch::show_run(app, &run);
                    runs::watch::start(app, &run, &flow_name);
                }
                fx
            }
            None if app.aws.pending.contains_key(&slot) => {
                crate::features::aws::receive::submitted(app, slot, outcome).unwrap_or_default()
            }
            None => crate::features::edit::receive::submitted(app, slot, outcome),
        },
        Msg::Polled { run_id, result } => runs::watch::polled(app, &run_id, result),
        Msg::Recent {
            generation,
            asked,
            runs,
        } => runs::recent::received(app, generation, &asked, runs),
        Msg::DraftSaved(result) => crate::features::edit::receive::draft_saved(app, result),
        Msg::Drafts(result) => crate::features::edit::drafts_loaded(app, result),
        Msg::ExternalEdited { slot, result } => {
            crate::features::edit::receive::external_edited(app, slot, result)
        }
        Msg::Pasted { slot, result } => crate::features::edit::receive::pasted(app, slot, result),
        Msg::Dlz(m) => crate::features::dlz::receive::received(app, m),
        Msg::Build(m) => crate::features::build::receive::received(app, m),
        Msg::Bulk(m) => {
            let (fx, watch) = crate::features::bulk::receive::received(app, m);
            // Runs a job retried or started are watched as one triggered alone is.
            for (run, flow_name) in watch {
                runs::watch::show_run(app, &run);
                runs::watch::start(app, &run, &flow_name);
            }
            fx
        }
        Msg::Alerts(m) => alerts::receive::received(app, m),
    }
}

/// A page as the service's text: a list that needs no names from it reads each item as
/// it stores the row; anything else (a graph, the lists names come from) reads the page.
fn listed(
    app: &mut App,
    slot: u64,
    ticket: u64,
    items: crate::effect::RawItems,
    done: bool,
) -> Vec<Effect> {
    match app.view_by_slot(slot) {
        Some(View::List(l))
            if l.ticket == ticket && !matches!(l.kind, ListKind::Specs | ListKind::Flows) =>
        {
            let kind = l.kind;
            store(app, slot, kind, items.read(), done)
        }
        _ => page(app, slot, ticket, items.read().collect(), done),
    }
}

fn page(app: &mut App, slot: u64, ticket: u64, items: Vec<Value>, done: bool) -> Vec<Effect> {
    if let Some(fx) = crate::features::aws::receive::object_types(app, slot, &items, done) {
        return fx;
    }
    let items = match crate::graphs::page(app, slot, ticket, items, done) {
        Ok(fx) => return fx,
        Err(items) => items,
    };
    let now = app.now_ms;
    if let Some(View::History(h)) = app.view_by_slot(slot) {
        if h.ticket == ticket {
            h.set_runs(items, now);
        }
        return Vec::new();
    }
    // Names first: they make the rows of this page readable too.
    let kind = match app.view_by_slot(slot) {
        Some(View::List(l)) if l.ticket == ticket => l.kind,
        // Stale or gone: a newer request owns the slot.
        _ => return Vec::new(),
    };
    learn_names(app, kind, &items);
    store(app, slot, kind, items, done)
}

/// Stores a page's items in the list `slot` (of `kind`), finishing it on the last page.
fn store(
    app: &mut App,
    slot: u64,
    kind: ListKind,
    items: impl IntoIterator<Item = Value>,
    done: bool,
) -> Vec<Effect> {
    let now = app.now_ms;
    let fx = Vec::new();
    let mut finished = false;
    // Disjoint fields: the names are read while a pane is written, without a copy.
    let App {
        stacks,
        names,
        fuzzy,
        ..
    } = app;
    let names = &*names;
    if let Some(View::List(l)) = stacks
        .iter_mut()
        .flat_map(|s| s.iter_mut())
        .find(|v| v.slot() == slot)
    {
        l.push_page(items, names, fuzzy);
        if done {
            l.finish(now, names, fuzzy);
            finished = true;
        }
    }
    if finished {
        rebuild_dependents(app, kind);
    }
    keep_visible(app);
    fx
}

fn learn_names(app: &mut App, kind: ListKind, items: &[Value]) {
    let pairs = items.iter().filter_map(|v| {
        Some((
            v.get("id")?.as_str()?.to_string(),
            v.get("name")?.as_str()?.to_string(),
        ))
    });
    match kind {
        ListKind::Specs => app.names.specs.extend(pairs),
        ListKind::Flows => app.names.flows.extend(pairs),
        _ => {}
    }
}

/// Spec names label connections and flows; flow names label runs. When those lists
/// complete, rows built before them are rebuilt.
fn rebuild_dependents(app: &mut App, kind: ListKind) {
    let targets: &[ListKind] = match kind {
        ListKind::Specs => &[ListKind::Connections, ListKind::Flows],
        ListKind::Flows => &[ListKind::Runs],
        _ => return,
    };
    let App {
        stacks,
        names,
        fuzzy,
        ..
    } = app;
    for v in stacks.iter_mut().flat_map(|s| s.iter_mut()) {
        if let View::List(l) = v
            && targets.contains(&l.kind)
            && !l.is_empty()
        {
            l.rebuild(names, fuzzy);
        }
    }
}

fn tick(app: &mut App, now_ms: i64) -> Vec<Effect> {
    let was_ms = app.now_ms;
    app.now_ms = now_ms;
    app.names.now_ms = now_ms;
    app.toasts.retain(|t| t.until_ms > now_ms);
    if app.any_loading() {
        app.spinner = app.spinner.wrapping_add(1);
    }
    // Drafts are written at this pace while typing, not on every key.
    let mut fx = crate::features::edit::keys::save_drafts(app, false);
    fx.extend(runs::watch::tick(app));
    fx.extend(alerts::schedule::tick(app));
    fx.extend(crate::features::aws::watch::tick(app));
    fx.extend(live_tick(app, was_ms, now_ms));
    // Auto-refresh polls only the pane in view, and never piles up requests.
    if app.auto_refresh && app.overlay.is_none() {
        let due = match app.view() {
            Some(View::List(l)) => l.load.loaded_at(),
            Some(View::Detail(d)) => d.load.loaded_at(),
            Some(View::Graph(g)) => g.loaded_at(),
            Some(View::Run(r)) => r.load.loaded_at(),
            Some(View::History(h)) => h.load.loaded_at(),
            Some(View::Zones(z)) => z.load.loaded_at(),
            Some(View::Creds(c)) => c.load.loaded_at(),
            // A preview is a sample read once; transfers report on their own.
            Some(View::Preview(_)) | Some(View::Transfers(_)) => None,
            Some(View::Editor(_)) | Some(View::Build(_)) | None => None,
        }
        .is_some_and(|at| now_ms - at >= AUTO_REFRESH_MS);
        if due {
            fx.extend(reload_current(app));
        }
    }
    fx
}

/// The live view moves on its own: elapsed times count up every second, and the list is
/// read again every [`LIVE_POLL_MS`] while it is in view (never while hidden).
fn live_tick(app: &mut App, before_ms: i64, now_ms: i64) -> Vec<Effect> {
    let due = match app.view() {
        Some(View::List(l)) if l.kind == ListKind::Live => l.load.loaded_at(),
        _ => return Vec::new(),
    };
    // Elapsed times show seconds: rebuilt when one has passed, not on every tick.
    if before_ms.div_euclid(1000) != now_ms.div_euclid(1000) {
        app.front_list(|l, names, fuzzy| l.rebuild(names, fuzzy));
    }
    if due.is_some_and(|at| now_ms - at >= LIVE_POLL_MS) {
        return reload_current(app);
    }
    Vec::new()
}

/// How often the live view reads the runs in progress again.
pub const LIVE_POLL_MS: i64 = 3_000;
