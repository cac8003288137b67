//! The five sources a Customer Profiles integration workflow accepts, and the enums a
//! CreateIntegrationWorkflow request is checked against: the same vocabulary the create
//! form checks with (`model::aws`), held to the service model by its test.

pub use flowscope_model::aws::{
    Connector, DATA_PULL_MODES, TASK_PROPERTY_KEYS, TASK_TYPES, TRIGGER_TYPES,
};
