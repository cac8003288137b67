//! flowscope: a terminal explorer for data-integration flows, and the emulator it ships.
//!
//! Module map (layers never reach upwards):
//! - [`config`]: settings file, profiles, aepp credential files, environment overrides.
//! - [`model`]: serde types for the API objects; unknown fields are kept.
//! - [`store`]: files kept locally: the audit journal of changes sent, drafts of edits.
//! - [`api`]: HTTP clients: IMS auth, paging streams, retry/backoff, typed errors.
//! - [`emulator`]: a local AEP Flow Service, DLZ and IMS server with seeded demo data.
//! - [`app`]: the explorer's state, actions, messages, `update` and the effect executor.
//! - [`ui`]: drawing the explorer from the state; nothing else.
//! - [`tui`]: the terminal: guard, event loop, clipboard, log file.
//! - [`cli`]: the scriptable commands (`flowscope flows list …`), and `flowscope` itself.

pub use flowscope_api as api;
pub use flowscope_core as app;
pub mod cli;
pub mod config;
pub use flowscope_emulator as emulator;
pub use flowscope_model as model;
pub mod runtime;
pub mod store;
pub mod tui;
pub mod ui;
