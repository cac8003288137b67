//! GetObject, HeadObject, PutObject and DeleteObject.
//!
//! Reads stream through the byte meter like blob reads. S3 differs from Azure where
//! clients notice: suffix ranges work, `If-None-Match: *` on an existing key is 412, and
//! deleting a missing key is still 204.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::{Access, allow, authenticate};
use super::error::S3Error;
use super::{Ctx, Req, locate, s3_etag, with_bucket};
use crate::blob::conditions::{Verdict, Version, read_verdict, write_verdict};
use crate::blob::put as set;
use crate::blob::range::{self, ByteRange, Resolved};
use crate::blob::time::http_date;
use crate::dlz::{DlzFile, DlzStore};
use crate::state::Shared;

/// `(bucket, key)` of a request.
pub(crate) type At<'a> = (&'a str, &'a str);

/// Authenticates and checks `access` on `key`, returning its store path.
pub(super) fn open(
    dlz: &DlzStore,
    req: &Req,
    key: &str,
    access: Access,
    ctx: &Ctx,
) -> Result<String, S3Error> {
    let caller = authenticate(dlz, req, ctx)?;
    let (target, path) = locate(key)?;
    allow(caller, target, access)?;
    Ok(path)
}

/// The headers that describe an object on reads and writes.
fn describe(resp: &mut Response, f: &DlzFile) {
    let h = resp.headers_mut();
    set(h, "etag", &format!("\"{}\"", s3_etag(f)));
    set(h, "last-modified", &http_date(f.last_modified));
    set(h, "content-type", &f.content_type);
    set(h, "accept-ranges", "bytes");
    set(h, "x-amz-server-side-encryption", "AES256");
}

pub(super) fn get(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let file = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Read, ctx)?;
        dlz.get(&path)
            .cloned()
            .ok_or_else(|| S3Error::no_such_key(key))
    })?;
    let etag = s3_etag(&file);
    let version = Version {
        etag: &etag,
        last_modified: file.last_modified,
    };
    match read_verdict(&req.headers, &version) {
        Verdict::Proceed => {}
        Verdict::NotModified => {
            let mut resp = StatusCode::NOT_MODIFIED.into_response();
            describe(&mut resp, &file);
            return Ok(resp);
        }
        Verdict::Failed | Verdict::Exists => {
            return Err(S3Error::precondition_failed("If-Match"));
        }
    }
    let asked = req.header("range");
    let (status, start, len) = match asked
        .and_then(ByteRange::parse)
        .map(|r| r.resolve(file.size))
    {
        None => (StatusCode::OK, 0, file.size),
        Some(Resolved::Part { start, end }) => {
            (StatusCode::PARTIAL_CONTENT, start, end - start + 1)
        }
        Some(Resolved::Unsatisfiable) => {
            let e = S3Error::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "InvalidRange",
                "The requested range is not satisfiable",
            )
            .with("RangeRequested", asked.unwrap_or_default())
            .with("ActualObjectSize", file.size.to_string());
            let mut resp = ctx.error(&e);
            set(
                resp.headers_mut(),
                "content-range",
                &format!("bytes */{}", file.size),
            );
            return Ok(resp);
        }
    };
    let mut resp = range::respond(st.meter.clone(), &file, status, (start, len), ctx.head);
    describe(&mut resp, &file);
    Ok(resp)
}

/// Checks write conditions over the object at `path`, in S3's terms.
pub(super) fn check_write(dlz: &DlzStore, req: &Req, path: &str, key: &str) -> Result<(), S3Error> {
    let existing = dlz.get(path);
    let etag = existing.map(s3_etag);
    let version = existing.zip(etag.as_deref()).map(|(f, e)| Version {
        etag: e,
        last_modified: f.last_modified,
    });
    match write_verdict(&req.headers, version.as_ref()) {
        Verdict::Proceed | Verdict::NotModified => Ok(()),
        Verdict::Exists => Err(S3Error::precondition_failed("If-None-Match")),
        // A conditional write on a key that is not there has nothing to match.
        Verdict::Failed if existing.is_none() => Err(S3Error::no_such_key(key)),
        Verdict::Failed => Err(S3Error::precondition_failed("If-Match")),
    }
}

/// The content type an upload stores; S3's default is `binary/octet-stream`.
pub(super) fn content_type(req: &Req) -> String {
    req.header("content-type")
        .filter(|c| !c.is_empty())
        .unwrap_or("binary/octet-stream")
        .to_string()
}

pub(super) fn put(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let file = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        check_write(dlz, req, &path, key)?;
        dlz.put(&path, req.body.clone(), &content_type(req), ctx.now)
            .cloned()
            .map_err(|_| S3Error::access_denied())
    })?;
    let mut resp = StatusCode::OK.into_response();
    set(
        resp.headers_mut(),
        "etag",
        &format!("\"{}\"", s3_etag(&file)),
    );
    set(resp.headers_mut(), "x-amz-server-side-encryption", "AES256");
    set(resp.headers_mut(), "content-length", "0");
    Ok(resp)
}

pub(super) fn delete(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Delete, ctx)?;
        // S3 answers 204 whether or not the key existed.
        let _ = dlz.delete(&path);
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
