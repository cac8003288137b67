//! The graph engine every graph pane is built on: boxes (`node`), their layered layout
//! (`layout`, pure and unit-tested) and moving among them (`navigate`), the object cache
//! boxes fill in from (`cache`), what a builder works with (`build`), and a graph pane's
//! state (`view`). What a graph shows is its feature's: the Flow Service graphs are the
//! graph feature's, the AWS graph the AWS feature's.

pub mod build;
pub mod cache;
pub mod layout;
pub mod navigate;
pub mod node;
pub mod view;
