//! ListObjectsV2 (`GET /{bucket}?list-type=2`), HeadBucket and GetBucketLocation.
//!
//! A key lists its own folder only, the way a DLZ's IAM policy scopes `s3:ListBucket`
//! to a prefix: a prefix inside another folder is denied, and a prefix above the folder
//! (`""`, `user_`) sees just the folder. Paging reuses the blob listing, so both APIs
//! page the same names; continuation tokens are opaque, as on S3.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::auth::{Access, allow, authenticate};
use super::error::S3Error;
use super::{Ctx, Req, S3_NS, s3_etag, with_bucket, xml_response};
use crate::blob::list::{decode_marker, encode_marker, page};
use crate::blob::put;
use crate::blob::time::iso_millis;
use crate::blob::xml::element;
use crate::state::Shared;

const MAX_KEYS: usize = 1000;

fn invalid(message: &str) -> S3Error {
    S3Error::new(StatusCode::BAD_REQUEST, "InvalidArgument", message)
}

pub(super) fn list_objects_v2(
    st: &Shared,
    ctx: &Ctx,
    bucket: &str,
    req: &Req,
) -> Result<Response, S3Error> {
    let q = &req.query;
    let prefix = q.get("prefix").unwrap_or("");
    let delimiter = q.get("delimiter").unwrap_or("");
    let max = match q.get("max-keys") {
        None => MAX_KEYS,
        Some(v) => v
            .parse::<usize>()
            .map_err(|_| invalid("Provided max-keys not an integer or within integer range"))?
            .min(MAX_KEYS),
    };
    let token = q.get("continuation-token").filter(|t| !t.is_empty());
    let token_start = match token {
        Some(t) => Some(
            decode_marker(t)
                .ok_or_else(|| invalid("The continuation token provided is incorrect"))?,
        ),
        None => None,
    };
    let start_after = q.get("start-after").filter(|s| !s.is_empty());
    let (contents, prefixes, next) = with_bucket(st, bucket, ctx.now, |dlz| {
        let kind = authenticate(dlz, req, ctx)?;
        allow(kind, kind, Access::List)?;
        let folder = format!("{}/", kind.type_name());
        if !prefix.starts_with(&folder) && !folder.starts_with(prefix) {
            return Err(S3Error::access_denied());
        }
        // A prefix above the folder with a delimiter that ends inside the folder name
        // folds the whole folder into one common prefix.
        let above = &folder[prefix.len().min(folder.len())..];
        if !prefix.starts_with(&folder)
            && !delimiter.is_empty()
            && let Some(i) = above.find(delimiter)
        {
            let common = format!("{prefix}{}", &above[..i + delimiter.len()]);
            let any = dlz
                .list(&format!("{}/", kind.container_name()))
                .is_ok_and(|e| !e.is_empty());
            let after = token_start.as_deref().or(start_after).unwrap_or("");
            let shown = any && max > 0 && common.as_str() > after;
            let prefixes = if shown { vec![common] } else { Vec::new() };
            return Ok((Vec::new(), prefixes, None));
        }
        let rel_prefix = prefix.strip_prefix(&folder).unwrap_or("");
        // Token starts are inclusive; start-after is exclusive, hence the NUL.
        let start = match (&token_start, start_after) {
            (Some(t), _) => t.strip_prefix(&folder).unwrap_or("").to_string(),
            (None, Some(s)) => s
                .strip_prefix(&folder)
                .map(|r| format!("{r}\u{0}"))
                .unwrap_or_default(),
            (None, None) => String::new(),
        };
        if max == 0 {
            return Ok((Vec::new(), Vec::new(), None));
        }
        let p = page(dlz, kind, rel_prefix, delimiter, &start, max);
        let contents = p
            .blobs
            .iter()
            .map(|f| (kind.s3_key(&f.path), f.last_modified, s3_etag(f), f.size))
            .collect::<Vec<_>>();
        let prefixes = p.prefixes.iter().map(|r| format!("{folder}{r}")).collect();
        Ok((contents, prefixes, p.next.map(|n| format!("{folder}{n}"))))
    })?;
    let mut body = format!("<ListBucketResult xmlns=\"{S3_NS}\">");
    body.push_str(&element("Name", bucket));
    body.push_str(&element("Prefix", prefix));
    if let Some(t) = token {
        body.push_str(&element("ContinuationToken", t));
    }
    if let Some(s) = start_after {
        body.push_str(&element("StartAfter", s));
    }
    body.push_str(&element(
        "KeyCount",
        &(contents.len() + prefixes.len()).to_string(),
    ));
    body.push_str(&element("MaxKeys", &max.to_string()));
    if !delimiter.is_empty() {
        body.push_str(&element("Delimiter", delimiter));
    }
    body.push_str(&element("IsTruncated", &next.is_some().to_string()));
    if let Some(n) = &next {
        body.push_str(&element("NextContinuationToken", &encode_marker(n)));
    }
    for (key, modified, etag, size) in &contents {
        body.push_str(&format!(
            "<Contents>{}{}{}{}{}</Contents>",
            element("Key", key),
            element("LastModified", &iso_millis(*modified)),
            element("ETag", &format!("\"{etag}\"")),
            element("Size", &size.to_string()),
            element("StorageClass", "STANDARD"),
        ));
    }
    for p in &prefixes {
        body.push_str(&format!(
            "<CommonPrefixes>{}</CommonPrefixes>",
            element("Prefix", p)
        ));
    }
    body.push_str("</ListBucketResult>");
    Ok(xml_response(StatusCode::OK, body))
}

/// HeadBucket: any issued key of the bucket may ask.
pub(super) fn head_bucket(
    st: &Shared,
    ctx: &Ctx,
    bucket: &str,
    req: &Req,
) -> Result<Response, S3Error> {
    with_bucket(st, bucket, ctx.now, |dlz| authenticate(dlz, req, ctx))?;
    let mut resp = StatusCode::OK.into_response();
    put(resp.headers_mut(), "x-amz-bucket-region", "us-east-1");
    Ok(resp)
}

/// GetBucketLocation: us-east-1, which S3 writes as an empty constraint.
pub(super) fn location(
    st: &Shared,
    ctx: &Ctx,
    bucket: &str,
    req: &Req,
) -> Result<Response, S3Error> {
    with_bucket(st, bucket, ctx.now, |dlz| authenticate(dlz, req, ctx))?;
    Ok(xml_response(
        StatusCode::OK,
        format!("<LocationConstraint xmlns=\"{S3_NS}\"/>"),
    ))
}
