//! `Range: bytes=…` for storage reads, shared by the Azure Blob and S3 endpoints.
//!
//! Only single ranges are understood; like the storage services, a header that is not one
//! valid range is ignored and the whole object is served.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::meter::{self, Meter};
use super::put;
use crate::dlz::DlzFile;

/// The answer to a read of `len` bytes of `file` from `start`: the metered body (none for
/// a HEAD), `Content-Length`, and `Content-Range` on a 206. Each API adds its own headers.
pub fn respond(
    meter: Arc<Meter>,
    file: &DlzFile,
    status: StatusCode,
    (start, len): (u64, u64),
    head: bool,
) -> Response {
    let body = if head {
        axum::body::Body::empty()
    } else {
        meter::body(meter, file.clone(), start, len)
    };
    let mut resp = (status, body).into_response();
    let h = resp.headers_mut();
    put(h, "content-length", &len.to_string());
    if status == StatusCode::PARTIAL_CONTENT {
        put(
            h,
            "content-range",
            &format!("bytes {start}-{}/{}", start + len - 1, file.size),
        );
    }
    resp
}

/// A single byte range as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ByteRange {
    /// `bytes=a-b` (`end` inclusive) or `bytes=a-` (`end` `None`).
    From { start: u64, end: Option<u64> },
    /// `bytes=-n`: the last `n` bytes.
    Suffix(u64),
}

/// What a range comes to for an object of a given size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Serve `start..=end` with 206.
    Part { start: u64, end: u64 },
    /// The range starts at or past the end: 416.
    Unsatisfiable,
}

impl ByteRange {
    /// Parses one `bytes=` range; `None` for anything else (several ranges, other units,
    /// start after end, garbage).
    pub fn parse(header: &str) -> Option<Self> {
        let spec = header.trim().strip_prefix("bytes=")?.trim();
        if spec.contains(',') {
            return None;
        }
        let (a, b) = spec.split_once('-')?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() {
            return b.parse().ok().filter(|n| *n > 0).map(ByteRange::Suffix);
        }
        let start: u64 = a.parse().ok()?;
        if b.is_empty() {
            return Some(ByteRange::From { start, end: None });
        }
        let end: u64 = b.parse().ok()?;
        (end >= start).then_some(ByteRange::From {
            start,
            end: Some(end),
        })
    }

    pub fn resolve(self, size: u64) -> Resolved {
        match self {
            ByteRange::From { start, .. } if start >= size => Resolved::Unsatisfiable,
            ByteRange::From { start, end } => Resolved::Part {
                start,
                end: end.map_or(size - 1, |e| e.min(size - 1)),
            },
            ByteRange::Suffix(_) if size == 0 => Resolved::Unsatisfiable,
            ByteRange::Suffix(n) => Resolved::Part {
                start: size.saturating_sub(n),
                end: size - 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_ranges_parse_and_others_are_ignored() {
        let from = |s, e| Some(ByteRange::From { start: s, end: e });
        assert_eq!(ByteRange::parse("bytes=0-99"), from(0, Some(99)));
        assert_eq!(ByteRange::parse(" bytes=5- "), from(5, None));
        assert_eq!(ByteRange::parse("bytes=-10"), Some(ByteRange::Suffix(10)));
        for bad in [
            "bytes=9-3",
            "bytes=0-1,4-5",
            "items=0-1",
            "bytes=a-b",
            "bytes=-0",
            "bytes=-",
            "",
        ] {
            assert_eq!(ByteRange::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_clamp_to_the_size_and_past_the_end_is_unsatisfiable() {
        let r = |s: &str| ByteRange::parse(s).unwrap();
        assert_eq!(
            r("bytes=0-99").resolve(10),
            Resolved::Part { start: 0, end: 9 }
        );
        assert_eq!(
            r("bytes=3-").resolve(10),
            Resolved::Part { start: 3, end: 9 }
        );
        assert_eq!(r("bytes=10-").resolve(10), Resolved::Unsatisfiable);
        assert_eq!(r("bytes=0-").resolve(0), Resolved::Unsatisfiable);
        assert_eq!(
            r("bytes=-4").resolve(10),
            Resolved::Part { start: 6, end: 9 }
        );
        assert_eq!(
            r("bytes=-40").resolve(10),
            Resolved::Part { start: 0, end: 9 }
        );
    }
}
