//! The Flow Service graphs: a flow from source to target (`flow`), the flows that use
//! an object (`uses`), and the sandbox's lineage overview (`overview`), built on the
//! shared graph engine from the object cache; `boxes` draws a flow's box, `keys` is what
//! a key does in a graph pane.

pub mod flow;
pub mod overview;
pub mod uses;

pub mod boxes;
pub mod keys;
pub mod open;
#[cfg(test)]
mod tests;
