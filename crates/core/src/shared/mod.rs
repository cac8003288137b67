//! shared

pub mod action;
pub mod ask;
pub mod command;
pub mod editor;
pub mod effect;
pub mod fmt;
pub mod form;
pub mod fuzzy;
pub mod graph;
pub mod json_tree;
pub mod jsontext;
pub mod key;
pub mod keymap;
pub mod layout;
pub mod list;
pub mod lookup;
pub mod nav;
pub mod pane;
pub mod share;
pub mod table;
pub mod text;
pub mod theme;
pub mod trigger;
