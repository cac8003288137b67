//! Reusable pieces the panes draw with.

pub mod code;
pub mod fit;
pub mod frame;
pub mod graph_canvas;
pub mod help;
pub mod input;
pub mod json_view;
pub mod modal;
pub mod notice;
pub mod toast;
pub mod trigger;
pub mod wrap;
