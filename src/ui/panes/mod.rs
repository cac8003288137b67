//! One file per pane kind. Each draws from its own state and the theme, nothing else.

pub mod creds;
pub mod detail;
pub mod editor;
pub mod graph;
pub mod history;
pub mod list;
pub mod preview;
pub mod run;
pub mod transfers;
pub mod zones;
