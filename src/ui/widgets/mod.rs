//! Reusable pieces the panes of every feature draw with.

pub mod fit;
pub mod form;
pub mod frame;
pub mod help;
pub mod input;
pub mod json_view;
pub mod marks;
pub mod modal;
pub mod notice;
pub mod toast;
pub mod wrap;
