//! The event loop: wait for a terminal event, a worker message or the slow tick; handle
//! it; drain everything else already queued; draw once if anything changed (the driver
//! decides). There is no redraw on a timer: a tick only redraws when a spinner turns, a
//! toast expires or a shown clock moves.
//! A signal, a worker's panic or the end of the terminal's input end the session as
//! `ctrl-c` does, and drafts are written on every way out.

use std::time::Duration;

use crossterm::event::EventStream;
use futures::{FutureExt, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;

use super::clipboard::Clipboard;
use super::driver::Driver;
use super::signals::Signals;
use super::terminal;
use crate::api::Client;
use crate::app::effect::Msg;
use crate::app::shared::action::Action;
use crate::app::state::App;
use crate::runtime::ProfileLoader;

/// Spinners turn at this pace while something loads; idle ticks draw nothing.
const TICK: Duration = Duration::from_millis(200);

pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub async fn run<B: Backend>(
    term: &mut Terminal<B>,
    app: App,
    client: Client,
    profiles: ProfileLoader,
    storage: crate::api::storage::StorageOptions,
    (aws, aep): (Option<crate::api::aws::AwsClient>, bool),
    mut signals: Signals,
) -> std::io::Result<()>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let (mut d, mut rx) = Driver::new(app, client, Clipboard::new());
    d.exec.set_profiles(profiles);
    d.exec.set_storage_options(storage);
    d.exec.set_aws(aws);
    d.exec.set_aep(aep);
    if let Some(store) = crate::store::Store::default_location() {
        d.exec.set_store(store);
    }
    let size = term.size().map_err(std::io::Error::other)?;
    d.action(Action::Resize {
        width: size.width,
        height: size.height,
    });
    d.start();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    #[cfg(debug_assertions)]
    let mut first_frame = true;
    let result = async {
        loop {
            if d.draw_if_due(term).map_err(std::io::Error::other)? {
                #[cfg(debug_assertions)]
                if std::mem::take(&mut first_frame) {
                    debug_panic();
                }
            }
            tokio::select! {
                ev = events.next() => match ev {
                    Some(Ok(ev)) => d.event(&ev),
                    Some(Err(e)) => return Err(e),
                    None => return Ok(()),
                },
                Some(msg) = rx.recv() => d.message(msg),
                _ = tick.tick() => d.message(Msg::Tick { now_ms: now_ms() }),
                name = signals.recv() => {
                    tracing::info!("{name}: quitting");
                    return Ok(());
                }
                () = terminal::worker_panicked() => return Ok(()),
            }
            // Take some of what is already queued, then draw once.
            d.drain(&mut rx);
            while let Some(Some(Ok(ev))) = events.next().now_or_never() {
                d.event(&ev);
            }
            if d.bells > 0 {
                d.bells = 0;
                use std::io::Write;
                let mut out = std::io::stdout();
                let _ = out.write_all(b"\x07").and_then(|()| out.flush());
            }
            if let Some((slot, text)) = d.take_external() {
                // The event reader would steal the editor's keys: stop it while $EDITOR runs.
                drop(events);
                terminal::restore();
                let result = tokio::task::block_in_place(|| super::external::edit(&text));
                signals.forget_interrupts();
                terminal::resume(term)?;
                events = EventStream::new();
                d.message(Msg::ExternalEdited { slot, result });
            }
            if d.app.quit {
                return Ok(());
            }
        }
    }
    .await;
    if !d.app.quit {
        // Not asked for with a key: quit as ctrl-c does, so an open edit becomes a draft.
        d.action(Action::ForceQuit);
    }
    // Drafts asked for on the way out are written before the process ends.
    d.exec.finish();
    result
}

/// Debug builds only (the tests run them; a release build has none of this):
/// `FLOWSCOPE_DEBUG_PANIC=loop` panics in the loop right after the first frame, when raw
/// mode and the alternate screen are surely on, and `task` in a spawned task, so the
/// terminal tests can prove that a crash restores the terminal.
#[cfg(debug_assertions)]
fn debug_panic() {
    match std::env::var("FLOWSCOPE_DEBUG_PANIC").as_deref() {
        Ok("loop") => panic!("FLOWSCOPE_DEBUG_PANIC: a deliberate panic in the event loop"),
        Ok("task") => {
            tokio::spawn(async { panic!("FLOWSCOPE_DEBUG_PANIC: a deliberate panic in a task") });
        }
        _ => {}
    }
}
