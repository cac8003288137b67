//! Drawing the dataflow feature: the wizard's pane.

pub mod view;
