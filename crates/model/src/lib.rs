//! Serde types for Flow Service, DLZ and IMS objects. Unknown fields are kept so the raw JSON stays whole.
//!
//! Every object keeps the fields it does not name in `extra`, so re-serialising gives the
//! object back for display and patching (explicit `null`s on named optional fields are the
//! exception, except where the service is known to send them). Known fields are optional
//! wherever the service may omit them. Nothing here does I/O.

pub mod aws;
mod common;
mod connection;
mod dataset;
mod dlz;
mod draft;
mod error_info;
mod etag;
mod explore;
mod flow;
mod page;
pub mod patchable;
pub mod plan;
mod problem;
pub mod redact;
mod run;
mod secret;
mod source_target;

pub use common::{Extra, IdEtag, PatchOp, SpecRef};
pub use connection::{Connection, ConnectionAuth, ConnectionSpec, ConnectionTest};
pub use dataset::{Dataset, ExportPage, PageInfo};
pub use dlz::{
    AwsCredentials, DataTtl, DlzContainer, DlzCredentials, DlzPath, DlzProvider, DlzType,
};
pub use draft::Draft;
pub use error_info::{ErrorInfo, transient_status};
pub use etag::Etag;
pub use explore::{ExploreItem, ExploreListing, FileProperties, Preview, PreviewFormat};
pub use flow::{
    Flow, FlowAction, FlowProperties, FlowSpec, InheritedAttributes, InheritedConnection,
    LastRunDetails, ScheduleParams, Transformation,
};
pub use page::{CountResponse, Link, Links, Page, Paged, RawPage};
pub use problem::{GatewayError, OAuthError, Problem, ProblemReport, code_from_type};
pub use run::{
    Activity, CreateRun, DeltaColumn, DurationSummary, FileSummary, Metrics, RecordSummary, Run,
    RunError, RunParams, SizeSummary, StatusExtensions, StatusSummary,
};
pub use secret::{MASK, Secret};
pub use source_target::{SourceConnection, TargetConnection};

/// The Data Landing Zone source connection spec (aep-api-notes §9); its explore endpoint
/// lists and previews landing-zone files.
pub const DLZ_CONNECTION_SPEC_ID: &str = "26f526f2-58f4-4712-961d-e41bf1ccc0e8";
