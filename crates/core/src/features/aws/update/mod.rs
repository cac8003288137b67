//! Editing an AppFlow flow: its DescribeFlow answer in the shared JSON editor, checked on
//! every keystroke against the AppFlow model's UpdateFlow input (`schema`, walked by the
//! create form's walker), sent once as an [`AwsChange::UpdateFlow`](super::AwsChange).

pub mod schema;
pub mod spec;

pub use spec::UpdateFlowSpec;

#[cfg(test)]
mod tests;
