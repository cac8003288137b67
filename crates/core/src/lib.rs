//! The explorer's pure core: actions and messages go in through [`update::update`] and
//! [`receive::receive`], effects come out, and the binary's runtime runs them. Nothing
//! here does I/O, spawns a task, reads the environment or names a terminal or styling
//! crate (the crate's dependencies make sure); everything is unit-tested without one.
//!
//! - `state`: the one `App`, owned by the UI task; `list`, `detail`: pane states.
//! - `rows`, `columns`: display rows from API objects; `table`: the columns each list
//!   shows; `share`: dividing spare width; `fuzzy`: the `/` filter.
//! - `key`: the core's own key and input types; `keys`: input → actions through the
//!   keymap; `command`: the `:` line; `text`: the text-buffer trait the boxes edit through.
//! - `related`: objects one key away from a detail view; `layout`: shared geometry;
//!   `theme`: the theme's name (its styles are the ui's).
//! - `editor`: the reusable JSON editor; `edit`: editing Flow Service objects with it;
//!   `patch`: JSON Patch checks.
//! - `runs`: triggering and watching runs, enabling and disabling flows, run detail,
//!   history and the live view.

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
pub mod update;
pub mod view;
