//! `flowscope dlz delete PATH…`: landing-zone files deleted by path, through the one path
//! of every change on many objects (`many.rs`): paths from the arguments or standard
//! input (`-`), refused under --read-only before anything is read, each file looked up
//! first (an unknown path is refused and named in the summary), one question, one
//! DELETE per file (bounded, each at most once), a journal line per file, and exit 1
//! when any was refused or unsure.

use serde::Serialize;
use serde_json::{Value, json};

use super::change::Changes;
use super::change_args::ManyArgs;
use super::error::{CliError, CliResult};
use super::many::Act;
use crate::api::bulk::Plan;
use crate::api::storage::{Storage, StorageError};
use crate::api::{ApiError, Client};
use crate::app::features::dlz::keys::container_of;
use crate::model::DlzType;

/// Deletes files of one zone's container, opened once with the credentials the DLZ API
/// hands out now.
struct Delete {
    storage: Storage,
    zone: DlzType,
}

/// What a delete did to one file.
#[derive(Serialize)]
struct Deleted {
    path: String,
    /// False when the file was gone by the time its delete was sent.
    found: bool,
}

pub async fn run(ch: &Changes<'_>, zone: &str, args: &ManyArgs) -> CliResult {
    let zone = super::dlz_transfer::zone(zone)?;
    // Refused before the credentials are read, as every change on many is.
    ch.allowed("delete landing-zone files")?;
    let creds = ch.conn.client.landing_zone_credentials(zone).await?;
    let storage =
        Storage::open(&creds, &ch.conn.storage).map_err(|e| CliError::Remote(e.to_string()))?;
    super::many::run(ch, &Delete { storage, zone }, args).await?;
    Ok(())
}

impl Act for Delete {
    type Client = Client;
    type Error = ApiError;
    type Item = ();
    type Answer = Deleted;

    fn verb(&self) -> &str {
        "delete"
    }
    fn noun(&self) -> &str {
        "landing-zone file"
    }
    fn skipped_as(&self) -> &str {
        "not a file"
    }
    fn resource(&self) -> &str {
        "landingzone"
    }

    async fn look(&self, _: &Client, path: &str) -> Result<Plan<()>, ApiError> {
        match self.storage.head(path).await {
            Ok(Some(_)) => Ok(Plan::Send(())),
            Ok(None) => Err(api_error(StorageError::NotFound {
                path: path.to_string(),
            })),
            Err(e) => Err(api_error(e)),
        }
    }

    fn request(&self, path: &str, _: &()) -> Value {
        json!({ "delete": format!("{}/{}", container_of(self.zone), path.trim_matches('/')) })
    }

    async fn send(&self, _: &Client, path: &str, _: ()) -> Result<Deleted, ApiError> {
        let found = self.storage.head(path).await.map_err(api_error)?.is_some();
        if found {
            self.storage.delete(path).await.map_err(|e| match e {
                // No answer: the file may be gone all the same.
                StorageError::Other {
                    code: None,
                    message,
                } => ApiError::Interrupted {
                    method: "DELETE".into(),
                    path: path.to_string(),
                    message,
                },
                other => api_error(other),
            })?;
        }
        Ok(Deleted {
            path: path.to_string(),
            found,
        })
    }

    fn done(&self, d: &Deleted) -> String {
        if d.found {
            "deleted".into()
        } else {
            "already gone: nothing to delete".into()
        }
    }
}

/// A storage failure in the words of the service's errors: the status the storage
/// answered with, and its code.
fn api_error(e: StorageError) -> ApiError {
    let (status, code) = match &e {
        StorageError::Expired { code, .. } | StorageError::Denied { code, .. } => {
            (403, code.clone())
        }
        StorageError::NotFound { .. } => (404, Some("BlobNotFound".into())),
        StorageError::AlreadyExists { .. } => (409, None),
        StorageError::Other { code: None, .. } => {
            return ApiError::Connect {
                message: e.to_string(),
            };
        }
        other => (400, other.code().map(str::to_string)),
    };
    ApiError::Service {
        status,
        code,
        message: match &e {
            StorageError::Expired { message, .. }
            | StorageError::Denied { message, .. }
            | StorageError::Other { message, .. } => message.clone(),
            other => other.to_string(),
        },
        body: Box::new(Value::Null),
        request_id: None,
    }
}
