//! HTTP conditional headers on stored objects (`If-Match`, `If-None-Match`,
//! `If-Modified-Since`, `If-Unmodified-Since`): a verdict shared by the Azure Blob and
//! S3 endpoints, and the answers Azure gives for it.
//!
//! ETags compare without quotes or a weak prefix, since clients echo them both ways
//! (listings carry them bare, headers quoted).

use axum::http::HeaderMap;
use axum::http::StatusCode;

use super::error::BlobError;
use super::time::parse_http_date;
use crate::clock::EpochMs;
use crate::dlz::DlzFile;

/// The header form of an ETag.
pub fn quoted(etag: &str) -> String {
    format!("\"{etag}\"")
}

fn bare(tag: &str) -> &str {
    tag.trim().trim_start_matches("W/").trim_matches('"')
}

/// Whether an `If-Match`/`If-None-Match` list names `etag` (or is `*`).
pub fn names(list: &str, etag: &str) -> bool {
    list.split(',').any(|t| t.trim() == "*" || bare(t) == etag)
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name).and_then(|v| v.to_str().ok())
}

/// What conditional headers decide about a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Proceed,
    /// A read whose object did not change: 304.
    NotModified,
    /// A condition failed: 412.
    Failed,
    /// `If-None-Match: *` on a write over an existing object.
    Exists,
}

/// The state of an object the conditions are checked against.
#[derive(Clone, Copy, Debug)]
pub struct Version<'a> {
    /// Without quotes.
    pub etag: &'a str,
    pub last_modified: EpochMs,
}

fn modified_after(v: &Version, since: EpochMs) -> bool {
    // HTTP dates have whole seconds.
    v.last_modified / 1000 > since / 1000
}

/// Conditions on a read (GET or HEAD) of `v`.
pub fn read_verdict(h: &HeaderMap, v: &Version) -> Verdict {
    if let Some(m) = header(h, "if-match")
        && !names(m, v.etag)
    {
        return Verdict::Failed;
    }
    if let Some(since) = header(h, "if-unmodified-since").and_then(parse_http_date)
        && modified_after(v, since)
    {
        return Verdict::Failed;
    }
    if let Some(m) = header(h, "if-none-match")
        && names(m, v.etag)
    {
        return Verdict::NotModified;
    }
    if let Some(since) = header(h, "if-modified-since").and_then(parse_http_date)
        && !modified_after(v, since)
    {
        return Verdict::NotModified;
    }
    Verdict::Proceed
}

/// Conditions on a write over `existing` (`None` when the object does not exist).
pub fn write_verdict(h: &HeaderMap, existing: Option<&Version>) -> Verdict {
    if let Some(m) = header(h, "if-none-match")
        && let Some(v) = existing
        && names(m, v.etag)
    {
        return if m.trim() == "*" {
            Verdict::Exists
        } else {
            Verdict::Failed
        };
    }
    if let Some(m) = header(h, "if-match")
        && !existing.is_some_and(|v| names(m, v.etag))
    {
        return Verdict::Failed;
    }
    if let Some(v) = existing {
        if let Some(since) = header(h, "if-unmodified-since").and_then(parse_http_date)
            && modified_after(v, since)
        {
            return Verdict::Failed;
        }
        if let Some(since) = header(h, "if-modified-since").and_then(parse_http_date)
            && !modified_after(v, since)
        {
            return Verdict::Failed;
        }
    }
    Verdict::Proceed
}

fn version(f: &DlzFile) -> Version<'_> {
    Version {
        etag: &f.etag,
        last_modified: f.last_modified,
    }
}

/// Azure reads: `Ok(true)` to serve, `Ok(false)` for 304 Not Modified, `Err` for 412.
pub fn check_read(h: &HeaderMap, file: &DlzFile) -> Result<bool, BlobError> {
    match read_verdict(h, &version(file)) {
        Verdict::Proceed => Ok(true),
        Verdict::NotModified => Ok(false),
        Verdict::Failed | Verdict::Exists => Err(BlobError::condition_not_met()),
    }
}

/// Azure writes over `existing`: `If-None-Match: *` on an existing blob is 409
/// `BlobAlreadyExists`; every other failed condition is 412 `ConditionNotMet`.
pub fn check_write(h: &HeaderMap, existing: Option<&DlzFile>) -> Result<(), BlobError> {
    match write_verdict(h, existing.map(version).as_ref()) {
        Verdict::Proceed | Verdict::NotModified => Ok(()),
        Verdict::Failed => Err(BlobError::condition_not_met()),
        Verdict::Exists => Err(BlobError::new(
            StatusCode::CONFLICT,
            "BlobAlreadyExists",
            "The specified blob already exists.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dlz::DlzStore;

    fn file() -> DlzFile {
        let mut s = DlzStore::empty("prod", 1);
        s.put(
            "dlz-user-container/a.csv",
            bytes::Bytes::from("a"),
            "text/csv",
            crate::TEST_EPOCH_MS,
        )
        .cloned()
        .unwrap()
    }

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn reads_answer_304_or_412() {
        let f = file();
        let tag = quoted(&f.etag);
        assert_eq!(
            check_read(&headers(&[("if-match", tag.clone())]), &f),
            Ok(true)
        );
        assert_eq!(
            check_read(&headers(&[("if-none-match", tag.clone())]), &f),
            Ok(false)
        );
        assert_eq!(
            check_read(&headers(&[("if-none-match", "\"0x1\"".into())]), &f),
            Ok(true)
        );
        let e = check_read(&headers(&[("if-match", "\"0x1\"".into())]), &f).unwrap_err();
        assert_eq!(e.status, StatusCode::PRECONDITION_FAILED);
        let lm = super::super::time::http_date(f.last_modified);
        assert_eq!(
            check_read(&headers(&[("if-modified-since", lm.clone())]), &f),
            Ok(false)
        );
        assert_eq!(
            check_read(&headers(&[("if-unmodified-since", lm)]), &f),
            Ok(true)
        );
    }

    #[test]
    fn writes_answer_409_for_create_only_and_412_otherwise() {
        let f = file();
        let star = headers(&[("if-none-match", "*".into())]);
        assert_eq!(
            check_write(&star, Some(&f)).unwrap_err().code,
            "BlobAlreadyExists"
        );
        assert!(check_write(&star, None).is_ok());
        let stale = headers(&[("if-match", "\"0x1\"".into())]);
        assert_eq!(
            check_write(&stale, Some(&f)).unwrap_err().code,
            "ConditionNotMet"
        );
        assert_eq!(
            check_write(&stale, None).unwrap_err().code,
            "ConditionNotMet"
        );
        let current = headers(&[("if-match", f.etag.clone())]);
        assert!(check_write(&current, Some(&f)).is_ok());
    }
}
