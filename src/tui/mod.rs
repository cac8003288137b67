//! The terminal front end: connects (starting the demo emulator when nothing is
//! configured), enters the terminal behind a guard that also restores it on panic, and
//! runs the event loop. Logs go to a file, never to the screen being drawn. SIGTERM,
//! SIGHUP and SIGINT quit as `ctrl-c` does (exit 0); a panic anywhere exits 101 with
//! the terminal restored before its message prints.

pub mod clipboard;
pub mod connect;
pub mod driver;
pub mod event_loop;
pub mod external;
pub mod input;
pub mod logging;
pub mod signals;
pub mod terminal;

use crate::app::shared::theme::ThemeName;
use crate::app::state::App;
use crate::cli::args::TargetArgs;
use crate::cli::error::{CliError, CliResult};
use crate::config::keymap::load_keymap;
use crate::runtime::config_profile_loader;

/// `flowscope` with no subcommand.
pub async fn run(args: &TargetArgs) -> CliResult {
    let _log = logging::init();
    let conn = connect::connect(args).await?;
    let (keymap, keymap_warnings) = load_keymap();
    let chosen = std::env::var("FLOWSCOPE_THEME")
        .ok()
        .and_then(|s| ThemeName::parse(&s));
    let theme_name = ThemeName::resolve(chosen, std::env::var("NO_COLOR").ok().as_deref());
    let mut app = App::new(
        conn.target.clone(),
        keymap,
        theme_name,
        crate::ui::text::new_text,
        event_loop::now_ms(),
    );
    app.read_only = args.read_only;
    app.session_seed = rand::random();
    // The bell when a watched run ends: off unless asked for (`:bell` toggles it).
    app.runs.bell =
        std::env::var("FLOWSCOPE_BELL").is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "on"));
    app.warnings = conn.warnings.clone();
    app.warnings.extend(keymap_warnings);
    if conn.target.demo {
        app.known.sandboxes = vec!["prod".into(), "dev".into()];
    }
    app.known.profiles.extend(conn.profiles.iter().cloned());
    if !conn.aep {
        app.tab = crate::app::shared::nav::Tab::Workflows;
    }
    let loader = config_profile_loader(args.flags());
    let signals = signals::Signals::listen()
        .map_err(|e| CliError::Io(format!("cannot listen for signals: {e}")))?;
    let (mut term, guard) =
        terminal::enter().map_err(|e| CliError::Io(format!("cannot open the terminal: {e}")))?;
    let result = event_loop::run(
        &mut term,
        app,
        conn.client,
        loader,
        conn.storage,
        (conn.aws.clone(), conn.aep),
        signals,
    )
    .await;
    drop(guard);
    tracing::info!("flowscope closed");
    drop(conn.demo);
    if let Some(panic) = terminal::worker_panic() {
        return Err(CliError::Crashed(format!("a background task {panic}")));
    }
    result.map_err(|e| CliError::Io(format!("terminal error: {e}")))
}
