//! The Azure Blob REST API over the landing zone's files, so a storage client given the
//! SAS URI of the DLZ credentials can list, read, upload and delete there.
//!
//! URLs are path-style, as Azurite serves them: `/blob/{account}/{container}` and
//! `/blob/{account}/{container}/{blob…}`, where the account is a sandbox's storage account
//! name. The files live in the sandbox's [`DlzStore`], so explore and preview always show
//! what the blob API wrote. Auth is the SAS (`sas`), never the IMS bearer token; the fault
//! and request-log layers still apply. One file per operation group: `list`, `read`,
//! `write`, `delete`, `batch`.

mod batch;
pub mod conditions;
mod delete;
pub mod error;
pub(crate) mod list;
pub mod meter;
pub mod query;
pub mod range;
mod read;
mod sas;
pub mod time;
mod write;
pub mod xml;

use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::any;

use super::clock::EpochMs;
use super::dlz::{DlzKind, DlzStore, stable_hash};
use super::state::Shared;
use error::BlobError;
pub(crate) use query::Req;

/// Where the blob endpoint is mounted.
pub const BLOB_BASE: &str = "/blob";
/// Uploads larger than this are refused: the emulator keeps files in memory. Clients
/// split bigger files into blocks well below it (object_store uses 10 MiB parts).
const MAX_BODY: usize = 256 * 1024 * 1024;
/// The version answered when a request names none (real DLZ tokens carry `sv=2020-04-08`).
const DEFAULT_VERSION: &str = "2020-04-08";

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/{account}/{container}", any(container_route))
        .route("/{account}/{container}/", any(container_route))
        .route("/{account}/{container}/{*blob}", any(blob_route))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Per-request values every answer carries.
pub(crate) struct Ctx {
    pub request_id: String,
    pub version: String,
    pub client_request_id: Option<String>,
    pub now: EpochMs,
    pub head: bool,
}

impl Ctx {
    fn new(st: &Shared, req: &Req) -> Self {
        let n = st.meter.next_request();
        let a = stable_hash(n, &["blob-request"]);
        let b = stable_hash(a, &["blob-request"]);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_be_bytes());
        bytes[8..].copy_from_slice(&b.to_be_bytes());
        Ctx {
            request_id: uuid::Builder::from_random_bytes(bytes)
                .into_uuid()
                .to_string(),
            // Azure answers in the version asked for; a SAS-only request asks with `sv`.
            version: req
                .header("x-ms-version")
                .or(req.query.get("sv"))
                .unwrap_or(DEFAULT_VERSION)
                .to_string(),
            client_request_id: req.header("x-ms-client-request-id").map(String::from),
            now: st.now(),
            head: req.method == Method::HEAD,
        }
    }

    /// Adds the headers every Azure answer has and renders errors as XML.
    fn finish(&self, result: Result<Response, BlobError>) -> Response {
        let mut resp = match result {
            Ok(r) => r,
            Err(e) => self.error(&e),
        };
        let h = resp.headers_mut();
        put(h, "x-ms-request-id", &self.request_id);
        put(h, "x-ms-version", &self.version);
        put(h, "server", "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0");
        if let Some(c) = &self.client_request_id {
            put(h, "x-ms-client-request-id", c);
        }
        resp
    }

    pub fn error(&self, e: &BlobError) -> Response {
        let body = if self.head {
            String::new()
        } else {
            e.body(&self.request_id, &time::error_time(self.now))
        };
        let mut resp = (e.status, body).into_response();
        let h = resp.headers_mut();
        put(h, "x-ms-error-code", e.code);
        if !self.head {
            put(h, "content-type", "application/xml");
        }
        resp
    }
}

/// Sets a header, skipping values that are not valid header text (blob names are
/// never echoed in headers, so this only guards against odd client input).
pub(crate) fn put(h: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        h.insert(name, v);
    }
}

/// Runs `f` on the landing zone behind `account` and the container named `container`,
/// after dropping files past the TTL.
pub(crate) fn with_zone<R>(
    st: &Shared,
    account: &str,
    container: &str,
    now: EpochMs,
    f: impl FnOnce(&mut DlzStore, DlzKind) -> Result<R, BlobError>,
) -> Result<R, BlobError> {
    let mut guard = st.sandboxes.write().map_err(|_| {
        BlobError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "InternalError",
            "The server encountered an internal error. Please retry the request.",
        )
    })?;
    let dlz = guard
        .values_mut()
        .map(|s| &mut s.dlz)
        .find(|d| d.storage_account_name() == account)
        .ok_or_else(|| {
            BlobError::new(
                StatusCode::NOT_FOUND,
                "ResourceNotFound",
                "The specified resource does not exist.",
            )
        })?;
    let kind = DlzKind::ALL
        .into_iter()
        .find(|k| k.container_name() == container)
        .ok_or_else(|| {
            BlobError::new(
                StatusCode::NOT_FOUND,
                "ContainerNotFound",
                "The specified container does not exist.",
            )
        })?;
    dlz.purge_expired(now);
    f(dlz, kind)
}

type St = State<Arc<Shared>>;

async fn container_route(
    State(st): St,
    Path((account, container)): Path<(String, String)>,
    req: Req,
) -> Response {
    let ctx = Ctx::new(&st, &req);
    let result = container_op(&st, &ctx, &account, &container, &req);
    ctx.finish(result)
}

async fn blob_route(
    State(st): St,
    Path((account, container, blob)): Path<(String, String, String)>,
    req: Req,
) -> Response {
    let ctx = Ctx::new(&st, &req);
    let at = Target {
        account: &account,
        container: &container,
        path: format!("{container}/{blob}"),
    };
    let result = blob_op(&st, &ctx, &at, &req);
    ctx.finish(result)
}

/// The blob a request addresses.
pub(crate) struct Target<'a> {
    pub account: &'a str,
    pub container: &'a str,
    /// Store path, `<container>/<blob>`.
    pub path: String,
}

fn unsupported_verb() -> BlobError {
    BlobError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "UnsupportedHttpVerb",
        "The resource doesn't support specified Http Verb.",
    )
}

fn unsupported_comp(comp: &str) -> BlobError {
    BlobError::bad_request(
        "InvalidQueryParameterValue",
        format!(
            "Value for one of the query parameters specified in the request URI is invalid: comp={comp} is not served by the emulator."
        ),
    )
}

fn container_op(
    st: &Shared,
    ctx: &Ctx,
    account: &str,
    container: &str,
    req: &Req,
) -> Result<Response, BlobError> {
    if !req.query.is("restype", "container") {
        return Err(BlobError::bad_request(
            "InvalidQueryParameterValue",
            "Value for one of the query parameters specified in the request URI is invalid: a container URL needs restype=container.",
        ));
    }
    let comp = req.query.get("comp").map(str::to_ascii_lowercase);
    match (&req.method, comp.as_deref()) {
        (&Method::GET, Some("list")) => list::list_blobs(st, ctx, account, container, req),
        (&Method::GET | &Method::HEAD, None) => list::properties(st, ctx, account, container, req),
        (&Method::POST, Some("batch")) => batch::run(st, ctx, account, container, req),
        // A container SAS cannot create or delete its container.
        (&Method::PUT | &Method::DELETE, None) => Err(BlobError::new(
            StatusCode::FORBIDDEN,
            "AuthorizationResourceTypeMismatch",
            "This request is not authorized to perform this operation using this resource type.",
        )),
        (_, Some(c)) => Err(unsupported_comp(c)),
        _ => Err(unsupported_verb()),
    }
}

fn blob_op(st: &Shared, ctx: &Ctx, at: &Target, req: &Req) -> Result<Response, BlobError> {
    let comp = req.query.get("comp").map(str::to_ascii_lowercase);
    match (&req.method, comp.as_deref()) {
        (&Method::GET | &Method::HEAD, None) => read::get(st, ctx, at, req),
        (&Method::GET | &Method::HEAD, Some("blocklist")) => {
            write::get_block_list(st, ctx, at, req)
        }
        (&Method::PUT, None) => write::put_blob(st, ctx, at, req),
        (&Method::PUT, Some("block")) => write::put_block(st, ctx, at, req),
        (&Method::PUT, Some("blocklist")) => write::put_block_list(st, ctx, at, req),
        (&Method::DELETE, None) => delete::delete(st, ctx, at, req),
        (_, Some(c)) => Err(unsupported_comp(c)),
        _ => Err(unsupported_verb()),
    }
}
