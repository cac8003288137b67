//! The graph's drawing: the pane around it (`view`) and the canvas of boxes (`canvas`)
//! joined by edges (`edges`).

pub mod canvas;
mod edges;
pub mod view;

#[cfg(test)]
mod tests;
