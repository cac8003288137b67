//! One file per pane kind. Each draws from its own state and the theme, nothing else.

pub mod detail;
pub mod editor;
pub mod graph;
pub mod history;
pub mod list;
pub mod run;
