//! The explorer's pure core: actions and messages go in through [`update::update`] and
//! [`receive::receive`], effects come out, and the binary's runtime runs them. Nothing
//! here does I/O, spawns a task, reads the environment or names a terminal or styling
//! crate (the crate's dependencies make sure); everything is unit-tested without one.
//!
//! Three levels, names pointing down only (ARCHITECTURE.md, held by
//! `tests/architecture.rs`):
//! - `shared/`: parts any feature uses (list, JSON tree, graph engine, editor, question,
//!   text box, pane load state, effects, actions, keymap); names no feature.
//! - `features/<name>/`: lists, detail, runs, dlz, aws, graph, edit, each with its state,
//!   `keys.rs`, `receive.rs` and, when it asks, `reply.rs`; never imports another.
//! - this root: the composition: `state` (`App`), `view`, `overlay`, `route` (the one
//!   routing table), `update`, `receive`, `reply`, `effect`, `nav`, `load`, `commands`.

pub mod click;
pub mod commands;
pub mod effect;
pub mod features;
pub mod graphs;
pub mod input;
pub mod load;
pub mod nav;
pub mod overlay;
pub mod receive;
pub mod reply;
pub mod route;
pub mod shared;
pub mod state;
pub mod tables;
#[cfg(test)]
pub(crate) mod testing;
pub mod update;
pub mod view;
