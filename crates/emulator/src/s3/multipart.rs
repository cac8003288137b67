//! Multipart uploads: CreateMultipartUpload (`POST ?uploads`), UploadPart
//! (`PUT ?partNumber&uploadId`), CompleteMultipartUpload (`POST ?uploadId`) and
//! AbortMultipartUpload (`DELETE ?uploadId`) and ListParts (`GET ?uploadId`), over the
//! store's upload staging.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::Access;
use super::error::S3Error;
use super::object::{At, check_write, content_type, open};
use super::{Ctx, Req, S3_NS, s3_etag, with_bucket, xml_response};
use crate::blob::put as set;
use crate::blob::xml::{children, element};
use crate::dlz::DlzError;
use crate::state::Shared;

fn no_such_upload(id: &str) -> S3Error {
    S3Error::new(
        StatusCode::NOT_FOUND,
        "NoSuchUpload",
        "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
    )
    .with("UploadId", id)
}

fn upload_error(e: DlzError, id: &str) -> S3Error {
    let bad = |code, message: &str| S3Error::new(StatusCode::BAD_REQUEST, code, message);
    match e {
        DlzError::NoSuchUpload(_) => no_such_upload(id),
        DlzError::InvalidPartOrder => bad(
            "InvalidPartOrder",
            "The list of parts was not in ascending order. Parts must be ordered by part number.",
        ),
        DlzError::PartTooSmall(n) => bad(
            "EntityTooSmall",
            "Your proposed upload is smaller than the minimum allowed object size.",
        )
        .with("PartNumber", n.to_string()),
        DlzError::InvalidPart(n) => bad(
            "InvalidPart",
            "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
        )
        .with("PartNumber", n.to_string()),
        _ => S3Error::access_denied(),
    }
}

fn upload_id(req: &Req) -> Result<&str, S3Error> {
    req.query
        .get("uploadId")
        .filter(|id| !id.is_empty())
        .ok_or_else(|| no_such_upload(""))
}

pub(super) fn create(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let id = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        dlz.create_upload(&path, &content_type(req), ctx.now)
            .map_err(|_| S3Error::access_denied())
    })?;
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<InitiateMultipartUploadResult xmlns=\"{S3_NS}\">{}{}{}</InitiateMultipartUploadResult>",
            element("Bucket", bucket),
            element("Key", key),
            element("UploadId", &id)
        ),
    ))
}

pub(super) fn upload_part(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let id = upload_id(req)?;
    let number = req
        .query
        .get("partNumber")
        .and_then(|n| n.parse::<u32>().ok())
        .filter(|n| (1..=10_000).contains(n))
        .ok_or_else(|| {
            S3Error::new(
                StatusCode::BAD_REQUEST,
                "InvalidArgument",
                "Part number must be an integer between 1 and 10000, inclusive",
            )
        })?;
    let etag = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        dlz.upload_part(&path, id, number, req.body.clone(), ctx.now)
            .map_err(|e| upload_error(e, id))
    })?;
    let mut resp = StatusCode::OK.into_response();
    set(resp.headers_mut(), "etag", &format!("\"{etag}\""));
    set(resp.headers_mut(), "content-length", "0");
    Ok(resp)
}

/// The `(PartNumber, ETag)` pairs of a CompleteMultipartUpload body, in order.
pub(super) fn parse_parts(body: &[u8]) -> Option<Vec<(u32, String)>> {
    let text = std::str::from_utf8(body).ok()?;
    let (root, found) = children(text, &["PartNumber", "ETag"])?;
    if root != "CompleteMultipartUpload" {
        return None;
    }
    let mut parts = Vec::new();
    let (mut number, mut etag) = (None, None);
    for f in found {
        match f.name.as_str() {
            "PartNumber" => number = Some(f.text.parse::<u32>().ok()?),
            _ => etag = Some(f.text),
        }
        if let (Some(n), Some(e)) = (number, etag.as_ref()) {
            parts.push((n, e.clone()));
            number = None;
            etag = None;
        }
    }
    (number.is_none() && etag.is_none()).then_some(parts)
}

pub(super) fn complete(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let id = upload_id(req)?;
    let parts = parse_parts(&req.body).ok_or_else(S3Error::malformed_xml)?;
    let file = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        check_write(dlz, req, &path, key)?;
        dlz.complete_upload(&path, id, &parts, ctx.now)
            .cloned()
            .map_err(|e| upload_error(e, id))
    })?;
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<CompleteMultipartUploadResult xmlns=\"{S3_NS}\">{}{}{}{}</CompleteMultipartUploadResult>",
            element("Location", &format!("/{bucket}/{key}")),
            element("Bucket", bucket),
            element("Key", key),
            element("ETag", &format!("\"{}\"", s3_etag(&file)))
        ),
    ))
}

/// ListParts: the parts after `part-number-marker`, at most `max-parts` (1000), with
/// `IsTruncated` and `NextPartNumberMarker` to page on, as S3 answers.
pub(super) fn list_parts(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let id = upload_id(req)?;
    let number = |name: &str, default: u32, max: u32| -> Result<u32, S3Error> {
        match req.query.get(name) {
            None => Ok(default),
            Some(v) => v.parse::<u32>().ok().filter(|n| *n <= max).ok_or_else(|| {
                S3Error::new(
                    StatusCode::BAD_REQUEST,
                    "InvalidArgument",
                    format!("Provided {name} not an integer or within integer range"),
                )
            }),
        }
    };
    let marker = number("part-number-marker", 0, 10_000)?;
    let max = number("max-parts", 1000, u32::MAX)?.min(1000);
    let parts = with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        dlz.list_parts(&path, id).map_err(|e| upload_error(e, id))
    })?;
    let after: Vec<_> = parts.into_iter().filter(|p| p.0 > marker).collect();
    let shown = &after[..after.len().min(max as usize)];
    let truncated = after.len() > shown.len();
    let next = shown.last().map_or(marker, |p| p.0);
    let items: String = shown
        .iter()
        .map(|(n, etag, size, at)| {
            format!(
                "<Part>{}{}{}{}</Part>",
                element("PartNumber", &n.to_string()),
                element("LastModified", &iso_time(*at)),
                element("ETag", &format!("\"{etag}\"")),
                element("Size", &size.to_string())
            )
        })
        .collect();
    Ok(xml_response(
        StatusCode::OK,
        format!(
            "<ListPartsResult xmlns=\"{S3_NS}\">{}{}{}{}{}{}{}{}{items}</ListPartsResult>",
            element("Bucket", bucket),
            element("Key", key),
            element("UploadId", id),
            element("StorageClass", "STANDARD"),
            element("PartNumberMarker", &marker.to_string()),
            element("NextPartNumberMarker", &next.to_string()),
            element("MaxParts", &max.to_string()),
            element("IsTruncated", if truncated { "true" } else { "false" }),
        ),
    ))
}

/// `2024-01-06T10:00:00.000Z`, S3's time in XML.
fn iso_time(ms: crate::clock::EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

pub(super) fn abort(
    st: &Shared,
    ctx: &Ctx,
    (bucket, key): At,
    req: &Req,
) -> Result<Response, S3Error> {
    let id = upload_id(req)?;
    with_bucket(st, bucket, ctx.now, |dlz| {
        let path = open(dlz, req, key, Access::Write, ctx)?;
        dlz.abort_upload(&path, id).map_err(|e| upload_error(e, id))
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_bodies_pair_numbers_with_etags_in_either_order() {
        let body = format!(
            "<CompleteMultipartUpload xmlns=\"{S3_NS}\"><Part><ETag>\"a1\"</ETag><PartNumber>1</PartNumber></Part><Part><PartNumber>2</PartNumber><ETag>b2</ETag></Part></CompleteMultipartUpload>"
        );
        assert_eq!(
            parse_parts(body.as_bytes()),
            Some(vec![(1, "\"a1\"".into()), (2, "b2".into())])
        );
        assert_eq!(
            parse_parts(b"<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>e</ETag></Part></CompleteMultipartUpload>"),
            None
        );
        assert_eq!(
            parse_parts(b"<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>"),
            None
        );
        assert_eq!(parse_parts(b"<Other/>"), None);
    }
}
