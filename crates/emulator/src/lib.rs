//! The emulator: a local HTTP server that speaks AEP Flow Service, the Catalog Service's
//! datasets, the DLZ connectors API and IMS, with seeded demo data per sandbox, a
//! controllable clock and fault injection.
//!
//! Layout: `server` starts it; `routes/` holds one file per endpoint group; `gateway`
//! checks auth headers and picks the sandbox; `faults` injects failures; `sandbox` and
//! `collection` store objects; `listing`, `filter` and `patch` implement the shared
//! list, `property` and JSON Patch semantics, `catalog_query` the Catalog's offset
//! paging; `seed` and `dlz` provide the demo data;
//! `blob` and `s3` serve the landing zone's files over the Azure Blob and S3 REST APIs;
//! `aws` is the AWS side (Customer Profiles and AppFlow), with its own demo account.

pub mod aws;
pub mod blob;
pub mod catalog_query;
pub mod clock;
pub mod collection;
pub mod config;
pub mod dlz;
pub mod faults;
pub mod filter;
pub mod gateway;
pub mod inlet;
pub mod listing;
pub mod patch;
pub mod problem;
mod routes;
pub mod run_attempt;
pub mod run_doc;
pub mod run_record;
pub mod s3;
pub mod sandbox;
pub mod seed;
pub mod server;
pub mod state;

pub use clock::{Clock, TEST_EPOCH_MS};
pub use config::{EmulatorConfig, FaultConfig};
pub use dlz::DlzProvider;
pub use faults::Hold;
pub use server::{EmulatorHandle, start};
