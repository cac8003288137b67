//! The editor's drawing: the pane with its header, preview and findings (`view`), and the
//! text itself with the cursor and findings marked (`code`).

pub mod code;
pub mod view;
