//! The detail feature's drawing: one object's JSON and the objects one key away.

pub mod view;
