//! Get Blob and Get Blob Properties (HEAD): ranges, conditional headers, and the body
//! streamed in chunks through the byte meter.
//!
//! `x-ms-range` wins over `Range`, as on Azure. A malformed `Range` is ignored (the whole
//! blob is sent); a malformed `x-ms-range` is a 400, because only Azure clients send it.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::conditions::{check_read, quoted};
use super::error::BlobError;
use super::range::{self, ByteRange, Resolved};
use super::sas::{Need, authorize_req};
use super::time::http_date;
use super::{Ctx, Req, Target, put, with_zone};
use crate::dlz::DlzFile;
use crate::state::Shared;

pub(super) fn get(st: &Shared, ctx: &Ctx, at: &Target, req: &Req) -> Result<Response, BlobError> {
    let range = match (req.header("x-ms-range"), req.header("range")) {
        (Some(r), _) => Some(ByteRange::parse(r).ok_or_else(|| {
            BlobError::bad_request(
                "InvalidHeaderValue",
                "The value for one of the HTTP headers is not in the correct format: x-ms-range.",
            )
        })?),
        (None, Some(r)) => ByteRange::parse(r),
        (None, None) => None,
    };
    let file = with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
        authorize_req(dlz, kind, Some(&at.path), req, Need::Read, ctx.now)?;
        dlz.get(&at.path)
            .cloned()
            .ok_or_else(BlobError::blob_not_found)
    })?;
    if !check_read(&req.headers, &file)? {
        let mut resp = StatusCode::NOT_MODIFIED.into_response();
        describe(&mut resp, &file);
        return Ok(resp);
    }
    let (status, start, len) = match range.map(|r| r.resolve(file.size)) {
        None => (StatusCode::OK, 0, file.size),
        Some(Resolved::Part { start, end }) => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Some(Resolved::Unsatisfiable) => {
            let mut resp = ctx.error(&BlobError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "InvalidRange",
                "The range specified is invalid for the current size of the resource.",
            ));
            put(
                resp.headers_mut(),
                "content-range",
                &format!("bytes */{}", file.size),
            );
            return Ok(resp);
        }
    };
    let mut resp = range::respond(st.meter.clone(), &file, status, (start, len), ctx.head);
    describe(&mut resp, &file);
    // The whole blob's MD5: as Content-MD5 when the whole blob is sent, else (a range,
    // since version 2016-05-31) as x-ms-blob-content-md5.
    if let Some(md5) = file.md5 {
        let name = if status == StatusCode::OK {
            "content-md5"
        } else {
            "x-ms-blob-content-md5"
        };
        put(resp.headers_mut(), name, &STANDARD.encode(md5));
    }
    let h = resp.headers_mut();
    if ctx.head {
        put(h, "x-ms-access-tier", "Hot");
        put(h, "x-ms-access-tier-inferred", "true");
    }
    Ok(resp)
}

/// The headers that describe a blob on every read answer.
fn describe(resp: &mut Response, f: &DlzFile) {
    let h = resp.headers_mut();
    put(h, "etag", &quoted(&f.etag));
    put(h, "last-modified", &http_date(f.last_modified));
    put(h, "content-type", &f.content_type);
    put(h, "accept-ranges", "bytes");
    put(h, "x-ms-blob-type", "BlockBlob");
    put(h, "x-ms-creation-time", &http_date(f.created));
    put(h, "x-ms-lease-status", "unlocked");
    put(h, "x-ms-lease-state", "available");
    put(h, "x-ms-server-encrypted", "true");
}
