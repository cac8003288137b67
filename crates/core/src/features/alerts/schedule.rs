//! When the watch polls: at once when it is turned on (from that moment), then when the
//! poller's wait has passed on the app's clock, one poll at a time. After
//! [`BACKGROUND_MS`](super::BACKGROUND_MS) without focus it stops; the first focus
//! after that polls at once, from where it stopped. A new sandbox starts it over there.

use crate::effect::Effect;
use crate::features::alerts::{AlertsEffect, BACKGROUND_MS};
use crate::state::App;

fn fx(e: AlertsEffect) -> Effect {
    Effect::Alerts(e)
}

/// Turns the watch on from now; `remember` keeps the setting for the profile.
pub fn turn_on(app: &mut App, remember: bool) -> Vec<Effect> {
    let a = &mut app.alerts;
    a.on = true;
    a.failed = 0;
    a.partial = 0;
    a.trouble = None;
    a.paused = false;
    let mut out = start(app);
    if remember {
        out.push(fx(AlertsEffect::Remember {
            profile: app.target.profile.clone(),
            on: true,
        }));
    }
    out
}

pub fn turn_off(app: &mut App, remember: bool) -> Vec<Effect> {
    let a = &mut app.alerts;
    a.on = false;
    a.in_flight = false;
    a.paused = false;
    a.trouble = None;
    let mut out = vec![fx(AlertsEffect::Stop)];
    if remember {
        out.push(fx(AlertsEffect::Remember {
            profile: app.target.profile.clone(),
            on: false,
        }));
    }
    out
}

/// A new poller from now, and its first poll.
fn start(app: &mut App) -> Vec<Effect> {
    app.alerts.generation += 1;
    let generation = app.alerts.generation;
    let mut out = vec![fx(AlertsEffect::Start {
        generation,
        since_ms: app.now_ms,
    })];
    out.extend(poll(app));
    out
}

fn poll(app: &mut App) -> Vec<Effect> {
    let a = &mut app.alerts;
    a.in_flight = true;
    a.polls += 1;
    vec![fx(AlertsEffect::Poll {
        generation: a.generation,
    })]
}

/// The poll that has come due, if any; the watch pauses once the terminal has been in
/// the background long enough.
pub fn tick(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let a = &mut app.alerts;
    if !a.on {
        return Vec::new();
    }
    if a.unfocused_since.is_some_and(|t| now - t >= BACKGROUND_MS) {
        a.paused = true;
    }
    if a.paused || a.in_flight || now < a.due_ms {
        return Vec::new();
    }
    poll(app)
}

/// The terminal gained or lost focus. Back from a pause, a poll catches up at once.
pub fn focus(app: &mut App, gained: bool) -> Vec<Effect> {
    let now = app.now_ms;
    let a = &mut app.alerts;
    if !gained {
        a.unfocused_since.get_or_insert(now);
        return Vec::new();
    }
    a.unfocused_since = None;
    if !std::mem::take(&mut a.paused) || !a.on || a.in_flight {
        return Vec::new();
    }
    poll(app)
}

/// The explorer moved to another sandbox (or profile): what was listed belongs to the
/// old one, and a watch that is on starts over in the new one from now.
pub fn repointed(app: &mut App) -> Vec<Effect> {
    let a = &mut app.alerts;
    a.failures.clear();
    a.failed = 0;
    a.partial = 0;
    a.trouble = None;
    if !a.on {
        return Vec::new();
    }
    start(app)
}
