//! A path-style Amazon S3 REST API over the landing zone's files, for landing zones
//! provisioned on AWS (`--dlz-provider s3`): `/s3/{bucket}` and `/s3/{bucket}/{key…}`.
//!
//! The bucket is a sandbox's (`DlzStore::bucket_name`); keys are `<dlzFolder>/<rest>`,
//! with `user_drop_zone/` and `dlz_destination/` mapped onto the two containers' files,
//! so explore, the blob API and this API show one set of files. Auth is the issued AWS
//! keys (`auth`); the fault and request-log layers apply as to every storage route.
//! One file per operation group: `list`, `object`, `multipart`, `delete_objects`.

mod auth;
mod delete_objects;
mod error;
mod list;
mod multipart;
mod object;
mod presented;
mod sigv4;
#[cfg(test)]
mod tests_auth;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::blob::put;
pub(crate) use super::blob::query::Req;
use super::clock::EpochMs;
use super::dlz::{DlzFile, DlzKind, DlzStore, stable_hash};
use super::state::Shared;
use error::S3Error;

/// Where the S3 endpoint is mounted; clients use it as their endpoint, path-style.
pub const S3_BASE: &str = "/s3";
/// Uploads larger than this are refused: files are kept in memory. Clients send bigger
/// files as multipart uploads.
const MAX_BODY: usize = 256 * 1024 * 1024;
pub(crate) const S3_NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/{bucket}", any(bucket_route))
        .route("/{bucket}/", any(bucket_route))
        .route("/{bucket}/{*key}", any(object_route))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

pub(crate) struct Ctx {
    pub request_id: String,
    pub host_id: String,
    pub now: EpochMs,
    pub head: bool,
    /// Whether a header-signed request's time must be within 15 minutes of `now`.
    pub check_time: bool,
    /// The body's SHA-256 when the request signed one, computed before the sandboxes'
    /// lock is taken (a part of many MiB takes a while).
    pub body_sha256: Option<String>,
}

impl Ctx {
    fn new(st: &Shared, req: &Req) -> Self {
        let method = &req.method;
        let signed_hash = req
            .header("x-amz-content-sha256")
            .is_some_and(|v| v.len() == 64);
        let n = st.meter.next_request();
        let a = stable_hash(n, &["s3-request"]);
        let mut host = Vec::with_capacity(48);
        for i in 0..6u64 {
            host.extend_from_slice(&stable_hash(a ^ i, &["s3-host"]).to_be_bytes());
        }
        Ctx {
            request_id: format!("{a:016X}"),
            host_id: STANDARD.encode(host),
            now: st.now(),
            head: method == Method::HEAD,
            check_time: st.checks_request_time(),
            body_sha256: signed_hash.then(|| sigv4::sha256_hex(&req.body)),
        }
    }

    fn finish(&self, result: Result<Response, S3Error>) -> Response {
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => self.error(&e),
        };
        let h = resp.headers_mut();
        put(h, "x-amz-request-id", &self.request_id);
        put(h, "x-amz-id-2", &self.host_id);
        put(h, "server", "AmazonS3");
        resp
    }

    pub fn error(&self, e: &S3Error) -> Response {
        let body = if self.head {
            String::new()
        } else {
            e.body(&self.request_id, &self.host_id)
        };
        let mut resp = (e.status, body).into_response();
        if !self.head {
            put(resp.headers_mut(), "content-type", "application/xml");
        }
        resp
    }
}

/// An XML answer with the S3 declaration.
pub(crate) fn xml_response(status: StatusCode, body: String) -> Response {
    let mut resp = (
        status,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}"),
    )
        .into_response();
    put(resp.headers_mut(), "content-type", "application/xml");
    resp
}

/// The S3 form of a file's ETag, as S3 makes it: the MD5 (hex) of an object written in
/// one request; for a multipart object 32 hex digits and `-N`, derived from the store's
/// ETag so both APIs change together.
pub(crate) fn s3_etag(f: &DlzFile) -> String {
    match (f.s3_md5(), f.s3_parts) {
        (Some(md5), _) => md5.iter().map(|b| format!("{b:02x}")).collect(),
        (None, parts) => {
            let a = stable_hash(0, &[&f.etag, "s3"]);
            format!(
                "{a:016x}{:016x}-{}",
                stable_hash(a, &["s3"]),
                parts.unwrap_or(1)
            )
        }
    }
}

/// Runs `f` on the landing zone that owns `bucket`, after dropping files past the TTL.
pub(crate) fn with_bucket<R>(
    st: &Shared,
    bucket: &str,
    now: EpochMs,
    f: impl FnOnce(&mut DlzStore) -> Result<R, S3Error>,
) -> Result<R, S3Error> {
    let mut guard = st.sandboxes.write().map_err(|_| {
        S3Error::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "We encountered an internal error. Please try again.",
        )
    })?;
    let dlz = guard
        .values_mut()
        .map(|s| &mut s.dlz)
        .find(|d| d.bucket_name() == bucket)
        .ok_or_else(|| {
            S3Error::new(
                StatusCode::NOT_FOUND,
                "NoSuchBucket",
                "The specified bucket does not exist",
            )
            .with("BucketName", bucket)
        })?;
    dlz.purge_expired(now);
    f(dlz)
}

/// The zone and store path of `key`; keys outside both folders belong to no one, so
/// no key may touch them.
pub(crate) fn locate(key: &str) -> Result<(DlzKind, String), S3Error> {
    DlzKind::of_s3_key(key).ok_or_else(S3Error::access_denied)
}

fn method_not_allowed() -> S3Error {
    S3Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
    )
}

fn not_implemented(what: &str) -> S3Error {
    S3Error::new(
        StatusCode::NOT_IMPLEMENTED,
        "NotImplemented",
        format!(
            "A header or query you provided implies functionality that is not implemented: {what}."
        ),
    )
}

type St = State<Arc<Shared>>;

async fn bucket_route(State(st): St, Path(bucket): Path<String>, req: Req) -> Response {
    let ctx = Ctx::new(&st, &req);
    let q = &req.query;
    let result = match req.method {
        Method::GET if q.is("list-type", "2") => list::list_objects_v2(&st, &ctx, &bucket, &req),
        Method::GET if q.has("location") => list::location(&st, &ctx, &bucket, &req),
        Method::GET => Err(not_implemented("ListObjects version 1 (use list-type=2)")),
        Method::HEAD => list::head_bucket(&st, &ctx, &bucket, &req),
        Method::POST if q.has("delete") => delete_objects::run(&st, &ctx, &bucket, &req),
        _ => Err(method_not_allowed()),
    };
    ctx.finish(result)
}

async fn object_route(
    State(st): St,
    Path((bucket, key)): Path<(String, String)>,
    req: Req,
) -> Response {
    let ctx = Ctx::new(&st, &req);
    let q = &req.query;
    let at = (bucket.as_str(), key.as_str());
    let result = match req.method {
        Method::GET if q.has("uploadId") => multipart::list_parts(&st, &ctx, at, &req),
        Method::GET | Method::HEAD => object::get(&st, &ctx, at, &req),
        Method::PUT if q.has("partNumber") || q.has("uploadId") => {
            multipart::upload_part(&st, &ctx, at, &req)
        }
        Method::PUT if req.header("x-amz-copy-source").is_some() => {
            Err(not_implemented("CopyObject"))
        }
        Method::PUT => object::put(&st, &ctx, at, &req),
        Method::POST if q.has("uploads") => multipart::create(&st, &ctx, at, &req),
        Method::POST if q.has("uploadId") => multipart::complete(&st, &ctx, at, &req),
        Method::DELETE if q.has("uploadId") => multipart::abort(&st, &ctx, at, &req),
        Method::DELETE => object::delete(&st, &ctx, at, &req),
        _ => Err(method_not_allowed()),
    };
    ctx.finish(result)
}
