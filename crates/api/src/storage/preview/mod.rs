//! Previews that fetch only what they need: the head of a text file (grown only while it
//! holds too few whole rows), the head of a gzip stream (dropped once enough rows are
//! decoded), a parquet footer and first row group. The bytes are parsed by
//! flowscope-formats, re-exported here: [`preview_bytes`] parses as [`Storage::preview`]
//! does what it fetched.
//!
//! [`Storage::preview`]: super::Storage::preview

mod fetch;
mod parquet_fetch;

pub use flowscope_formats::*;
