//! Graphs of objects: a flow from source to target, the flows that use an object, and
//! the sandbox's lineage overview. `node` describes boxes, `layout` places them (pure,
//! unit-tested), `navigate` moves among them, and the panes build nodes from the object
//! cache.

pub mod actions;
pub mod build;
pub mod cache;
pub mod enter;
pub mod flow;
pub mod layout;
pub mod navigate;
pub mod node;
pub mod overview;
pub mod uses;
pub mod view;

#[cfg(test)]
mod tests;
