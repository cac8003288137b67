//! Going on after the landing zone refuses its credentials: the DLZ API is asked once
//! for the zone's credentials and, when they are not the ones refused, the operation runs
//! again with them, once.
//!
//! The DLZ API hands out fresh credentials when the old ones have expired, and the
//! current ones after a refresh elsewhere revoked ours (aep-api-notes §7), so an expired
//! SAS or S3 session costs one credentials call. It never refreshes them itself (a
//! refresh is a change, revoking other holders' tokens). When the API hands out the very
//! credentials just refused (a token edited on its way, a clock far off), sending again
//! would be refused the same way: the refusal stands, with the service's code.

use std::future::Future;

use flowscope_model::DlzCredentials;

use super::{Storage, StorageError, StorageOptions};
use crate::ApiError;

/// Runs `op` on `storage`; if the storage refuses the credentials, gets the zone's
/// credentials from `fetch` once and, if they differ, runs `op` again on a storage opened
/// with them. Returns the outcome and the new storage, if one was opened (callers keep
/// it for later calls).
pub async fn with_renewal<T, Op, OpFut, Fetch, FetchFut>(
    storage: &Storage,
    opts: &StorageOptions,
    fetch: Fetch,
    op: Op,
) -> (Result<T, StorageError>, Option<Storage>)
where
    Op: Fn(Storage) -> OpFut,
    OpFut: Future<Output = Result<T, StorageError>>,
    Fetch: FnOnce() -> FetchFut,
    FetchFut: Future<Output = Result<DlzCredentials, ApiError>>,
{
    let refused = match op(storage.clone()).await {
        Err(e) if e.is_expired() => e,
        other => return (other, None),
    };
    // The error is scrubbed of every secret the storage knows.
    tracing::info!(error = %refused, "the landing zone refused its credentials; asking for the zone's credentials");
    let creds = match fetch().await {
        Ok(c) => c,
        Err(e) => {
            // The refusal is what the user acted on; why no renewal came is logged.
            tracing::warn!(error = %e, "landing-zone credentials not renewed");
            return (Err(refused), None);
        }
    };
    if storage.opened_with(&creds) {
        tracing::warn!(
            code = refused.code().unwrap_or(""),
            "the landing zone refuses the credentials its API hands out"
        );
        return (Err(refused), None);
    }
    let fresh = match Storage::open(&creds, opts) {
        Ok(s) => s,
        Err(e) => return (Err(e), None),
    };
    tracing::info!(
        location = fresh.location(),
        "landing-zone credentials renewed"
    );
    (op(fresh.clone()).await, Some(fresh))
}
