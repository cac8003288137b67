//! The lists every tab starts from: connections, flows, specs, and the local journal,
//! drafts and messages; what a key does on any list (move, open, describe, filter, sort,
//! copy) and the rows of the lists it owns.

pub mod describe;
pub mod keys;
pub mod rows;
