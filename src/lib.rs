//! flowscope: a terminal explorer for data-integration flows, and the emulator it ships.
//!
//! The binary's modules, over the workspace's libraries (ARCHITECTURE.md is the map;
//! the crates' manifests keep the directions):
//! - [`model`] (`crates/model`): serde types for the API objects; unknown fields are kept.
//! - [`api`] (`crates/api`): the clients: IMS auth, paging, retry, query planning.
//! - [`emulator`] (`crates/emulator`): the local AEP and AWS services with seeded data.
//! - [`app`] (`crates/core`): the explorer's pure core: state, features, `update`.
//! - [`runtime`]: runs the core's effects on tokio and sends its messages back.
//! - [`config`]: settings file, profiles, aepp credential files, environment, keymap.
//! - [`store`]: files kept locally: the audit journal of changes sent, drafts of edits.
//! - [`ui`]: drawing the explorer from the state, one view per feature; nothing else.
//! - [`tui`]: the terminal: guard, event loop, the `Driver`, clipboard, log file.
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
