//! Put Blob, Put Block, Put Block List and Get Block List: block blobs written whole or
//! in blocks, into the landing zone's store.
//!
//! Only block blobs exist in a landing zone, so other `x-ms-blob-type`s are refused.
//! Writing a new blob needs `c` or `w` in the token, overwriting one needs `w`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::conditions::{check_write, quoted};
use super::error::BlobError;
use super::sas::{Need, authorize_req};
use super::time::http_date;
use super::xml::{children, element};
use super::{Ctx, Req, Target, put, with_zone};
use crate::dlz::{BlockRef, DlzError, DlzFile};
use crate::state::Shared;

/// Azure's limit on a decoded block id.
const MAX_BLOCK_ID: usize = 64;

/// The content type a write stores: `x-ms-blob-content-type`, else (for Put Blob,
/// whose body is the blob) `Content-Type`. A block list's `Content-Type` describes the
/// XML, not the blob, so Azure ignores it there.
fn content_type(req: &Req, body_is_blob: bool) -> String {
    req.header("x-ms-blob-content-type")
        .or(req.header("content-type").filter(|_| body_is_blob))
        .filter(|c| !c.is_empty())
        .unwrap_or("application/octet-stream")
        .to_string()
}

fn store_error(e: DlzError) -> BlobError {
    match e {
        DlzError::InvalidBlockList(_) => {
            BlobError::bad_request("InvalidBlockList", "The specified block list is invalid.")
        }
        DlzError::NotFound(_) => BlobError::blob_not_found(),
        other => BlobError::bad_request("InvalidUri", other.to_string()),
    }
}

/// 201 with the new blob's ETag and time, as Put Blob and Put Block List answer.
fn created(f: &DlzFile) -> Response {
    let mut resp = StatusCode::CREATED.into_response();
    let h = resp.headers_mut();
    put(h, "etag", &quoted(&f.etag));
    put(h, "last-modified", &http_date(f.last_modified));
    put(h, "x-ms-request-server-encrypted", "true");
    put(h, "content-length", "0");
    resp
}

pub(super) fn put_blob(
    st: &Shared,
    ctx: &Ctx,
    at: &Target,
    req: &Req,
) -> Result<Response, BlobError> {
    match req.header("x-ms-blob-type") {
        None => {
            return Err(BlobError::bad_request(
                "MissingRequiredHeader",
                "An HTTP header that's mandatory for this request is not specified: x-ms-blob-type.",
            ));
        }
        Some(t) if !t.eq_ignore_ascii_case("BlockBlob") => {
            return Err(BlobError::bad_request(
                "InvalidHeaderValue",
                format!(
                    "The landing zone holds block blobs only; x-ms-blob-type {t} is not served."
                ),
            ));
        }
        Some(_) => {}
    }
    if req.header("x-ms-copy-source").is_some() {
        return Err(BlobError::bad_request(
            "UnsupportedHeader",
            "One of the HTTP headers specified in the request is not supported: x-ms-copy-source (copying blobs is not emulated).",
        ));
    }
    let file = with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
        let existing = dlz.get(&at.path);
        let need = if existing.is_some() {
            Need::Write
        } else {
            Need::Create
        };
        authorize_req(dlz, kind, Some(&at.path), req, need, ctx.now)?;
        check_write(&req.headers, existing)?;
        dlz.put(
            &at.path,
            req.body.clone(),
            &content_type(req, true),
            ctx.now,
        )
        .cloned()
        .map_err(store_error)
    })?;
    Ok(created(&file))
}

pub(super) fn put_block(
    st: &Shared,
    ctx: &Ctx,
    at: &Target,
    req: &Req,
) -> Result<Response, BlobError> {
    let id = req.query.get("blockid").unwrap_or("");
    let decoded = STANDARD.decode(id).map(|b| b.len());
    if id.is_empty() || !matches!(decoded, Ok(n) if n <= MAX_BLOCK_ID) {
        return Err(BlobError::bad_request(
            "InvalidQueryParameterValue",
            "Value for one of the query parameters specified in the request URI is invalid: blockid must be base64 of at most 64 bytes.",
        ));
    }
    with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
        authorize_req(dlz, kind, Some(&at.path), req, Need::Write, ctx.now)?;
        dlz.stage_block(&at.path, id, req.body.clone(), ctx.now)
            .map_err(store_error)
    })?;
    let mut resp = StatusCode::CREATED.into_response();
    put(resp.headers_mut(), "x-ms-request-server-encrypted", "true");
    put(resp.headers_mut(), "content-length", "0");
    Ok(resp)
}

/// Reads a `BlockList` document into block references, in order.
pub(super) fn parse_block_list(body: &[u8]) -> Option<Vec<BlockRef>> {
    let text = std::str::from_utf8(body).ok()?;
    let (root, found) = children(
        text.trim_start_matches('\u{feff}'),
        &["Committed", "Uncommitted", "Latest"],
    )?;
    if root != "BlockList" {
        return None;
    }
    found
        .into_iter()
        .map(|f| {
            let id = f.text;
            match f.name.as_str() {
                "Committed" => Some(BlockRef::Committed(id)),
                "Uncommitted" => Some(BlockRef::Uncommitted(id)),
                _ => Some(BlockRef::Latest(id)),
            }
        })
        .collect()
}

pub(super) fn put_block_list(
    st: &Shared,
    ctx: &Ctx,
    at: &Target,
    req: &Req,
) -> Result<Response, BlobError> {
    let list = parse_block_list(&req.body).ok_or_else(|| {
        BlobError::bad_request(
            "InvalidXmlDocument",
            "XML specified is not syntactically valid.",
        )
    })?;
    // The whole blob's MD5, stored as its Content-MD5 (Azure does not compute one for a
    // block list; it keeps what the client says).
    let given_md5 = match req.header("x-ms-blob-content-md5") {
        None => None,
        Some(v) => Some(
            STANDARD
                .decode(v.trim())
                .ok()
                .and_then(|b| <[u8; 16]>::try_from(b.as_slice()).ok())
                .ok_or_else(|| {
                    BlobError::bad_request(
                        "InvalidHeaderValue",
                        "The value for one of the HTTP headers is not in the correct format: x-ms-blob-content-md5.",
                    )
                })?,
        ),
    };
    let file = with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
        let existing = dlz.get(&at.path);
        let need = if existing.is_some() {
            Need::Write
        } else {
            Need::Create
        };
        authorize_req(dlz, kind, Some(&at.path), req, need, ctx.now)?;
        check_write(&req.headers, existing)?;
        dlz.commit_blocks(&at.path, &list, &content_type(req, false), ctx.now)
            .map_err(store_error)?;
        if let Some(md5) = given_md5 {
            dlz.set_md5(&at.path, md5);
        }
        dlz.get(&at.path)
            .cloned()
            .ok_or_else(BlobError::blob_not_found)
    })?;
    Ok(created(&file))
}

/// `GET ?comp=blocklist&blocklisttype=committed|uncommitted|all` (committed by default).
pub(super) fn get_block_list(
    st: &Shared,
    ctx: &Ctx,
    at: &Target,
    req: &Req,
) -> Result<Response, BlobError> {
    let which = req
        .query
        .get("blocklisttype")
        .unwrap_or("committed")
        .to_ascii_lowercase();
    if !matches!(which.as_str(), "committed" | "uncommitted" | "all") {
        return Err(BlobError::bad_request(
            "InvalidQueryParameterValue",
            "Value for one of the query parameters specified in the request URI is invalid: blocklisttype.",
        ));
    }
    let (file, (committed, uncommitted)) =
        with_zone(st, at.account, at.container, ctx.now, |dlz, kind| {
            authorize_req(dlz, kind, Some(&at.path), req, Need::Read, ctx.now)?;
            let file = dlz.get(&at.path).cloned();
            if file.is_none() && !dlz.has_staged_blocks(&at.path) {
                return Err(BlobError::blob_not_found());
            }
            Ok((file, dlz.block_list(&at.path)))
        })?;
    let section = |name: &str, blocks: &[(String, u64)]| {
        let inner: String = blocks
            .iter()
            .map(|(id, size)| {
                format!(
                    "<Block>{}{}</Block>",
                    element("Name", id),
                    element("Size", &size.to_string())
                )
            })
            .collect();
        format!("<{name}>{inner}</{name}>")
    };
    let mut body = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
    if which != "uncommitted" {
        body.push_str(&section("CommittedBlocks", &committed));
    }
    if which != "committed" {
        body.push_str(&section("UncommittedBlocks", &uncommitted));
    }
    body.push_str("</BlockList>");
    let body = if ctx.head { String::new() } else { body };
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    put(h, "content-type", "application/xml");
    if let Some(f) = file {
        put(h, "etag", &quoted(&f.etag));
        put(h, "last-modified", &http_date(f.last_modified));
        put(h, "x-ms-blob-content-length", &f.size.to_string());
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_lists_parse_the_way_clients_write_them() {
        let sdk = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList>\n\t<Uncommitted>MDA=</Uncommitted>\n\t<Uncommitted>MDE=</Uncommitted>\n</BlockList>";
        assert_eq!(
            parse_block_list(sdk),
            Some(vec![
                BlockRef::Uncommitted("MDA=".into()),
                BlockRef::Uncommitted("MDE=".into())
            ])
        );
        let mixed = b"<BlockList><Latest>QQ==</Latest><Committed>Qg==</Committed></BlockList>";
        assert_eq!(
            parse_block_list(mixed),
            Some(vec![
                BlockRef::Latest("QQ==".into()),
                BlockRef::Committed("Qg==".into())
            ])
        );
        assert_eq!(parse_block_list(b"<BlockList/>"), Some(vec![]));
        assert_eq!(
            parse_block_list(b"<Other><Latest>QQ==</Latest></Other>"),
            None
        );
        assert_eq!(parse_block_list(b"not xml"), None);
        assert_eq!(parse_block_list(&[0xff, 0xfe]), None);
    }
}
