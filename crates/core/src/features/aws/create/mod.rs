//! The "create an integration workflow" form: a CreateIntegrationWorkflow request written
//! as JSON in the reusable editor, started from a per-connector `template`, checked on every
//! keystroke by `validate` against the Customer Profiles model (`schema`, `rules`) and sent
//! once by the `spec` as an [`AwsChange::CreateWorkflow`](super::AwsChange).

pub mod rules;
pub(crate) mod schema;
pub mod spec;
pub mod template;
pub mod validate;
pub(crate) mod walk;

pub use rules::Connector;
pub use spec::CreateWorkflowSpec;
pub use template::template;
pub use validate::{Validation, validate};

#[cfg(test)]
mod tests;
