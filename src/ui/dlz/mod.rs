//! The landing zone's drawing: its panes, under `view`.

pub mod view;
