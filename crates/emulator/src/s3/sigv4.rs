//! AWS Signature Version 4 as S3 computes it: the canonical request (method, path as
//! sent, sorted and re-encoded query, the signed headers, the payload hash), the string
//! to sign over its hash, and the HMAC chain from the secret key through the credential
//! scope (date, region, service, `aws4_request`).
//!
//! Pure functions, so the same code checks header-signed requests and presigned URLs.

use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::blob::query::percent_decode;

type HmacSha256 = Hmac<Sha256>;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The hex SHA-256 of `bytes`, as the payload hash and the canonical request's hash are written.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    // HMAC takes a key of any length; the error arm cannot happen.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// `AKID/20261101/us-east-1/s3/aws4_request`, split.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    /// `YYYYMMDD`.
    pub date: String,
    pub region: String,
    pub service: String,
    pub terminal: String,
}

impl Credential {
    pub fn parse(s: &str) -> Option<Credential> {
        let mut parts = s.split('/');
        let c = Credential {
            access_key_id: parts.next()?.to_string(),
            date: parts.next()?.to_string(),
            region: parts.next()?.to_string(),
            service: parts.next()?.to_string(),
            terminal: parts.next()?.to_string(),
        };
        (parts.next().is_none() && !c.access_key_id.is_empty()).then_some(c)
    }

    /// The credential scope: everything after the access key id.
    pub fn scope(&self) -> String {
        format!(
            "{}/{}/{}/{}",
            self.date, self.region, self.service, self.terminal
        )
    }
}

/// The signing key of `secret` for one day, region and service.
pub fn signing_key(secret: &str, c: &Credential) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), &c.date);
    let k_region = hmac(&k_date, &c.region);
    let k_service = hmac(&k_region, &c.service);
    hmac(&k_service, &c.terminal)
}

/// The hex signature of `string_to_sign` under a signing key.
pub fn signature(key: &[u8], string_to_sign: &str) -> String {
    hex(&hmac(key, string_to_sign))
}

/// Compares two hex signatures in constant time, so timing tells nothing of the right one.
pub fn same_signature(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// URI-encodes everything but the unreserved characters, as SigV4 wants query names and
/// values (a space is `%20`, never `+`).
pub fn uri_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The canonical query string of a raw query: each name and value decoded (a `+` is a
/// space, as URL forms write it) and encoded again, sorted by name then value.
/// `X-Amz-Signature` is left out: a presigned URL cannot sign its own signature.
pub fn canonical_query(raw: &str) -> String {
    let mut pairs: Vec<(String, String)> = raw
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            let decode = |s: &str| percent_decode(&s.replace('+', " "));
            (uri_encode(&decode(k)), uri_encode(&decode(v)))
        })
        .filter(|(k, _)| k != "X-Amz-Signature")
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// `name:value\n` for each signed header, in the order given (already sorted by the
/// signer): repeated headers joined by commas, values trimmed and inner runs of spaces
/// folded. A signed header the request lacks signs as empty, so it cannot match.
pub fn canonical_headers(headers: &HeaderMap, signed: &[&str]) -> String {
    let mut out = String::new();
    for name in signed {
        let values: Vec<String> = headers
            .get_all(*name)
            .iter()
            .map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        out.push_str(name);
        out.push(':');
        out.push_str(&values.join(","));
        out.push('\n');
    }
    out
}

/// What one request's signature covers.
pub struct Signed<'a> {
    pub method: &'a str,
    /// The path as sent: S3 signs it without normalizing or encoding it again.
    pub path: &'a str,
    pub raw_query: &'a str,
    pub headers: &'a HeaderMap,
    pub signed_headers: &'a [&'a str],
    pub payload_hash: &'a str,
    /// `YYYYMMDDTHHMMSSZ`.
    pub amz_date: &'a str,
}

impl Signed<'_> {
    pub fn canonical_request(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}\n{}\n{}",
            self.method,
            if self.path.is_empty() { "/" } else { self.path },
            canonical_query(self.raw_query),
            canonical_headers(self.headers, self.signed_headers),
            self.signed_headers.join(";"),
            self.payload_hash
        )
    }

    pub fn string_to_sign(&self, c: &Credential, canonical_request: &str) -> String {
        format!(
            "{ALGORITHM}\n{}\n{}\n{}",
            self.amz_date,
            c.scope(),
            sha256_hex(canonical_request.as_bytes())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The GET Object example of AWS's SigV4 documentation for S3, with its published
    /// canonical request and signature.
    #[test]
    fn the_documented_get_object_example_signs_the_same() {
        let mut h = HeaderMap::new();
        h.insert("host", "examplebucket.s3.amazonaws.com".parse().unwrap());
        h.insert("range", "bytes=0-9".parse().unwrap());
        h.insert("x-amz-content-sha256", sha256_hex(b"").parse().unwrap());
        h.insert("x-amz-date", "20130524T000000Z".parse().unwrap());
        let signed = ["host", "range", "x-amz-content-sha256", "x-amz-date"];
        let empty = sha256_hex(b"");
        let s = Signed {
            method: "GET",
            path: "/test.txt",
            raw_query: "",
            headers: &h,
            signed_headers: &signed,
            payload_hash: &empty,
            amz_date: "20130524T000000Z",
        };
        let cr = s.canonical_request();
        assert_eq!(
            sha256_hex(cr.as_bytes()),
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
        );
        let c =
            Credential::parse("AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request").unwrap();
        let key = signing_key("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", &c);
        assert_eq!(
            signature(&key, &s.string_to_sign(&c, &cr)),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn queries_sort_and_encode_as_sigv4_wants() {
        assert_eq!(
            canonical_query("prefix=a+b&list-type=2&X-Amz-Signature=f0&delimiter=%2F&z"),
            "delimiter=%2F&list-type=2&prefix=a%20b&z="
        );
        assert!(same_signature("ab12", "ab12"));
        assert!(!same_signature("ab12", "ab13"));
        assert!(!same_signature("ab12", "ab1"));
        assert_eq!(Credential::parse("AK/20261101/us-east-1/s3"), None);
    }
}
