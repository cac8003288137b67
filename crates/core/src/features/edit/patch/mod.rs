//! The inline JSON Patch (RFC 6902) editor's logic: validation against the service's rules
//! (`validate`, with the per-operation checks in `rules`), what is sent of it (`sent`:
//! the operations that change nothing left out), the before/after preview (`diff`) and
//! the starting text (`template`). Spans, pointers and findings are shared::jsontext's.

mod rules;
pub mod sent;
pub mod template;
pub mod validate;

pub use crate::shared::jsontext::diff;
pub use crate::shared::jsontext::{Finding, Severity};
pub use validate::{Report, ResourceKind, check_patch, patch_from_document};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_sent;
