//! Storage requests as both storage APIs (Azure Blob and S3) take them: the request parsed
//! once, its query string decoded the way the storage services do, and the secrets a
//! query carries masked before it is logged.
//!
//! Only `%XX` is decoded; `+` stays a plus, because base64 block ids and SAS signatures
//! contain it and storage clients send it percent-encoded when they mean a plus.

use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Request};
use axum::http::{HeaderMap, Method};
use axum::response::{IntoResponse, Response};

/// A storage request, parsed once: handlers take it as their last extractor.
pub(crate) struct Req {
    pub method: Method,
    /// The path as the client sent it (percent-encoded, with the mount point): what a
    /// SigV4 signature covers.
    pub path: String,
    /// The query string as sent, undecoded; empty when there is none.
    pub raw_query: String,
    pub headers: HeaderMap,
    pub query: Query,
    pub body: Bytes,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl<S: Send + Sync> FromRequest<S> for Req {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let query = Query::parse(parts.uri.query());
        // Routers nested under `/blob` or `/s3` see the path without it; the signature
        // was made over the whole path.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |o| &o.0);
        let path = uri.path().to_string();
        let raw_query = uri.query().unwrap_or("").to_string();
        let body = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Req {
            method: parts.method,
            path,
            raw_query,
            headers: parts.headers,
            query,
            body,
        })
    }
}

/// Decoded `key=value` pairs in request order.
#[derive(Clone, Debug, Default)]
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (percent_decode(k), percent_decode(v))
            })
            .collect();
        Query(pairs)
    }

    /// The first value of `key` (parameter names compare case-insensitively).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Whether `key` is present with `value` (values compare case-insensitively, as
    /// `restype=Container` works on the real service).
    pub fn is(&self, key: &str, value: &str) -> bool {
        self.get(key).is_some_and(|v| v.eq_ignore_ascii_case(value))
    }
}

pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (b[i], b.get(i + 1).copied(), b.get(i + 2).copied()) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(v as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Query parameters whose values grant access: the SAS signature and the S3 presigned
/// signature and session token.
const SECRETS: [&str; 3] = ["sig", "x-amz-signature", "x-amz-security-token"];

/// The raw query with every secret value replaced by `***`, for request logs.
pub fn mask_secrets(raw: &str) -> String {
    raw.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _))
                if SECRETS
                    .iter()
                    .any(|s| percent_decode(k).eq_ignore_ascii_case(s)) =>
            {
                format!("{k}=***")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_is_kept_and_percent_escapes_are_decoded() {
        let q = Query::parse(Some("comp=block&blockid=AB%2Bc%3D%3D&x=a+b&flag"));
        assert_eq!(q.get("blockid"), Some("AB+c=="));
        assert_eq!(q.get("x"), Some("a+b"));
        assert!(q.has("flag"));
        assert!(q.is("COMP", "Block"));
        assert_eq!(percent_decode("100%"), "100%");
    }

    #[test]
    fn signatures_and_tokens_are_masked() {
        assert_eq!(
            mask_secrets("sv=2020-04-08&sp=rl&sig=abc%2B%3D&comp=list"),
            "sv=2020-04-08&sp=rl&sig=***&comp=list"
        );
        assert_eq!(
            mask_secrets("X-Amz-Credential=AKIA&X-Amz-Signature=f00&X-Amz-Security-Token=t"),
            "X-Amz-Credential=AKIA&X-Amz-Signature=***&X-Amz-Security-Token=***"
        );
    }
}
