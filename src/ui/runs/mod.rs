//! The runs feature's drawing: its panes and the trigger form, under `view`.

pub mod view;
