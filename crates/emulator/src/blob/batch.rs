//! Blob Batch (`POST ?restype=container&comp=batch`) for deletes: the way object_store
//! deletes Azure blobs, up to 256 per request, as a `multipart/mixed` body of HTTP
//! sub-requests answered by a `multipart/mixed` body of sub-responses.
//!
//! Each sub-request is authorized by its own SAS, as on Azure; one failing (404, 403)
//! does not fail the others. Only Delete Blob is served inside a batch.

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::delete::delete_in;
use super::error::BlobError;
use super::query::{Query, percent_decode};
use super::sas::{Need, authorize_req};
use super::time::error_time;
use super::{Ctx, Req, put, with_zone};
use crate::state::Shared;

/// Azure's limit on sub-requests per batch.
const MAX_SUBREQUESTS: usize = 256;

/// One sub-request as sent.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Sub {
    pub content_id: Option<String>,
    pub method: String,
    /// The request target, e.g. `/account/container/blob?sv=…`.
    pub target: String,
    pub headers: Vec<(String, String)>,
}

pub(super) fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if !kind.trim().eq_ignore_ascii_case("multipart/mixed") {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| v.trim().trim_matches('"').to_string())
            .filter(|b| !b.is_empty())
    })
}

/// Splits a batch body into sub-requests; `None` when it is not a multipart body with
/// HTTP requests in its parts. Lines may end in CRLF or LF.
pub(super) fn parse(body: &[u8], boundary: &str) -> Option<Vec<Sub>> {
    let text = String::from_utf8_lossy(body).replace("\r\n", "\n");
    let delimiter = format!("--{boundary}");
    let mut subs = Vec::new();
    let mut parts = text.split(delimiter.as_str());
    parts.next()?;
    for part in parts {
        if part.starts_with("--") {
            break;
        }
        let part = part.trim_start_matches('\n');
        let (part_headers, http) = part.split_once("\n\n")?;
        let content_id = part_headers.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-id")
                .then(|| v.trim().to_string())
        });
        let head = http.split_once("\n\n").map_or(http, |(h, _)| h);
        let mut lines = head.lines();
        let mut request_line = lines.next()?.split_whitespace();
        let method = request_line.next()?.to_string();
        let target = request_line.next()?.to_string();
        let headers = lines
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                Some((k.trim().to_string(), v.trim().to_string()))
            })
            .collect();
        subs.push(Sub {
            content_id,
            method,
            target,
            headers,
        });
    }
    Some(subs)
}

/// The store path a sub-request target names inside `container`. Targets may be
/// absolute URLs or paths, with or without the `/blob/{account}` prefix.
pub(super) fn sub_path(target: &str, account: &str, container: &str) -> Option<(String, Query)> {
    let no_scheme = target.split_once("://").map_or(target, |(_, rest)| {
        rest.find('/').map_or("", |i| &rest[i..])
    });
    let (path, query) = no_scheme.split_once('?').unwrap_or((no_scheme, ""));
    let segs: Vec<String> = path
        .trim_start_matches('/')
        .split('/')
        .map(percent_decode)
        .collect();
    let mut i = 0;
    if segs.first().map(String::as_str) == Some("blob")
        && segs.get(1).map(String::as_str) == Some(account)
    {
        i = 1;
    }
    if segs.get(i).map(String::as_str) == Some(account) {
        i += 1;
    }
    if segs.get(i).map(String::as_str) != Some(container) || segs.len() <= i + 1 {
        return None;
    }
    let blob = segs[i + 1..].join("/");
    (!blob.is_empty()).then(|| (format!("{container}/{blob}"), Query::parse(Some(query))))
}

fn header_map(pairs: &[(String, String)]) -> HeaderMap {
    let mut h = HeaderMap::new();
    for (k, v) in pairs {
        if let (Ok(k), Ok(v)) = (HeaderName::try_from(k.as_str()), HeaderValue::from_str(v)) {
            h.insert(k, v);
        }
    }
    h
}

pub(super) fn run(
    st: &Shared,
    ctx: &Ctx,
    account: &str,
    container: &str,
    req: &Req,
) -> Result<Response, BlobError> {
    let bad_body = || {
        BlobError::bad_request(
            "InvalidInput",
            "One of the request inputs is not valid: the batch body is not a multipart/mixed list of sub-requests.",
        )
    };
    let boundary = req
        .header("content-type")
        .and_then(boundary)
        .ok_or_else(bad_body)?;
    let subs = parse(&req.body, &boundary).ok_or_else(bad_body)?;
    if subs.is_empty() {
        return Err(bad_body());
    }
    if subs.len() > MAX_SUBREQUESTS {
        return Err(BlobError::bad_request(
            "ExceedsMaxBatchRequestCount",
            "The batch operation exceeds maximum number of allowed subrequests.",
        ));
    }
    let outcomes = with_zone(st, account, container, ctx.now, |dlz, kind| {
        // The batch itself needs a live token of the container; what each sub-request
        // may do is checked against its own token below.
        authorize_req(dlz, kind, None, req, Need::Read, ctx.now)?;
        Ok(subs
            .iter()
            .map(|sub| {
                if !sub.method.eq_ignore_ascii_case("DELETE") {
                    return Err(BlobError::bad_request(
                        "InvalidInput",
                        "One of the request inputs is not valid: only Delete Blob is served in a batch.",
                    ));
                }
                let (path, query) = sub_path(&sub.target, account, container).ok_or_else(|| {
                    BlobError::bad_request(
                        "InvalidUri",
                        "The requested URI does not represent any resource on the server.",
                    )
                })?;
                delete_in(dlz, kind, &path, &query, &header_map(&sub.headers), ctx.now)
            })
            .collect::<Vec<_>>())
    })?;
    let response_boundary = format!("batchresponse_{}", ctx.request_id);
    let mut body = String::new();
    for (i, (sub, outcome)) in subs.iter().zip(outcomes).enumerate() {
        let id = sub.content_id.clone().unwrap_or_else(|| i.to_string());
        let sub_rid = format!(
            "{}{:04x}",
            &ctx.request_id[..32.min(ctx.request_id.len())],
            i
        );
        body.push_str(&format!(
            "--{response_boundary}\r\nContent-Type: application/http\r\nContent-ID: {id}\r\n\r\n"
        ));
        match outcome {
            Ok(()) => body.push_str(&format!(
                "HTTP/1.1 202 Accepted\r\nx-ms-delete-type-permanent: true\r\nx-ms-request-id: {sub_rid}\r\nx-ms-version: {}\r\n\r\n",
                ctx.version
            )),
            Err(e) => {
                let xml = e.body(&sub_rid, &error_time(ctx.now));
                body.push_str(&format!(
                    "HTTP/1.1 {} {}\r\nx-ms-error-code: {}\r\nx-ms-request-id: {sub_rid}\r\nx-ms-version: {}\r\nContent-Length: {}\r\nContent-Type: application/xml\r\n\r\n{xml}\r\n",
                    e.status.as_u16(),
                    e.message,
                    e.code,
                    ctx.version,
                    xml.len(),
                ));
            }
        }
    }
    body.push_str(&format!("--{response_boundary}--\r\n"));
    let mut resp = (StatusCode::ACCEPTED, body).into_response();
    put(
        resp.headers_mut(),
        "content-type",
        &format!("multipart/mixed; boundary={response_boundary}"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_bodies_split_into_delete_sub_requests() {
        let body = "--batch_x\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 0\r\n\r\nDELETE /acct/dlz-user-container/a%20b.csv?sv=1&sig=s HTTP/1.1\r\nX-Ms-Version: 2023-11-03\r\nContent-Length: 0\r\n\r\n\r\n--batch_x\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\nDELETE /acct/dlz-user-container/d/e.csv HTTP/1.1\r\n\r\n\r\n--batch_x--\r\n";
        let subs = parse(body.as_bytes(), "batch_x").unwrap();
        assert_eq!(subs.len(), 2);
        assert_eq!(subs[0].content_id.as_deref(), Some("0"));
        assert_eq!(subs[0].method, "DELETE");
        assert_eq!(
            subs[0].headers[0],
            ("X-Ms-Version".into(), "2023-11-03".into())
        );
        let (path, q) = sub_path(&subs[0].target, "acct", "dlz-user-container").unwrap();
        assert_eq!(path, "dlz-user-container/a b.csv");
        assert_eq!(q.get("sig"), Some("s"));
        assert_eq!(subs[1].target, "/acct/dlz-user-container/d/e.csv");
    }

    #[test]
    fn targets_may_be_urls_or_paths_with_or_without_the_mount() {
        let p = |t: &str| sub_path(t, "acct", "c").map(|(p, _)| p);
        assert_eq!(p("/c/x.csv").as_deref(), Some("c/x.csv"));
        assert_eq!(p("/blob/acct/c/x/y.csv").as_deref(), Some("c/x/y.csv"));
        assert_eq!(
            p("http://127.0.0.1:1/blob/acct/c/x.csv?sig=1").as_deref(),
            Some("c/x.csv")
        );
        assert_eq!(p("/acct/other/x.csv"), None);
        assert_eq!(p("/acct/c"), None);
        assert_eq!(
            boundary("multipart/mixed; boundary=\"batch_1\"").as_deref(),
            Some("batch_1")
        );
        assert_eq!(boundary("application/json"), None);
    }
}
