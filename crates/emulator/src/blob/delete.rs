//! Delete Blob: 202 Accepted and gone from listings, explore and preview at once.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::conditions::check_write;
use super::error::BlobError;
use super::query::Query;
use super::sas::{Need, authorize};
use super::{Ctx, Req, Target, put, with_zone};
use crate::clock::EpochMs;
use crate::dlz::{DlzKind, DlzStore};
use crate::state::Shared;

/// Deletes `path` from `dlz` after the SAS and any `If-Match` allow it.
pub(super) fn delete_in(
    dlz: &mut DlzStore,
    kind: DlzKind,
    path: &str,
    query: &Query,
    headers: &HeaderMap,
    now: EpochMs,
) -> Result<(), BlobError> {
    authorize(dlz, kind, Some(path), query, headers, Need::Delete, now)?;
    let existing = dlz.get(path).ok_or_else(BlobError::blob_not_found)?;
    // Only If-Match-style conditions make sense here; If-None-Match: * would always fail.
    if headers.contains_key("if-match") {
        check_write(headers, Some(existing))?;
    }
    dlz.delete(path)
        .map(|_| ())
        .map_err(|_| BlobError::blob_not_found())
}

pub(super) fn delete(
    st: &Shared,
    ctx: &Ctx,
    at: &Target,
    req: &Req,
) -> Result<Response, BlobError> {
    with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
        delete_in(dlz, kind, &at.path, &req.query, &req.headers, ctx.now)
    })?;
    let mut resp = StatusCode::ACCEPTED.into_response();
    put(resp.headers_mut(), "x-ms-delete-type-permanent", "true");
    put(resp.headers_mut(), "content-length", "0");
    Ok(resp)
}
