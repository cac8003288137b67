//! HTTP access to AEP: IMS auth, paging streams, retry with backoff, typed errors. Knows nothing of panes.
//!
//! [`Client`] is the entry point: build it from a [`ClientConfig`], pick a sandbox per call
//! with [`Client::sandbox`], and call the endpoint methods in `aep/` (`list_flows`,
//! `patch_flow`, `create_run`, `landing_zone_credentials`…). Lists come back as streams of
//! pages. Tokens and secrets never reach logs: only method, path and status are traced.
//!
//! [`apply`] sends a plan (`flowscope_model::plan`): its steps in order, each object
//! created once, reused when one of its name exists, the first failure stopping it.
//!
//! [`aws`] is the AWS side (Customer Profiles workflows and AppFlow) on the official SDKs,
//! with its own client and error type.
//!
//! [`storage`] is the other way in: the Data Landing Zone container itself, opened with
//! the credentials the DLZ API returns ([`Storage`]).

pub mod aep;
pub mod apply;
pub mod auth;
pub mod aws;
pub mod bulk;
mod client;
pub mod endpoint;
pub mod error;
pub mod paging;
pub mod plan;
pub mod retry;
pub mod storage;
mod transport;

pub use aep::FlowAction;
pub use client::Client;
pub use endpoint::{ClientConfig, Timeouts};
pub use error::ApiError;
pub use paging::{ListQuery, PageStream, RawPageStream, collect_all};
pub use retry::RetryPolicy;
pub use storage::{Storage, StorageError, StorageOptions};
