//! features

pub mod alerts;
pub mod aws;
pub mod build;
pub mod bulk;
pub mod detail;
pub mod dlz;
pub mod edit;
pub mod graph;
pub mod lists;
pub mod runs;
