//! The few storage calls a resumable transfer needs that object_store does not make:
//! Azure blocks under ids of our choosing, the uncommitted block list and a block list
//! committed with the whole blob's MD5, a blob's Content-MD5; S3's ListParts. Azure calls
//! carry the container's SAS as their query; S3 calls are signed with the same temporary
//! keys (SigV4, object_store's own signer). S3's create, part, complete and abort go
//! through object_store's `MultipartStore`.
//!
//! Failures become `object_store::Error`s worded as object_store words them, so the
//! storage layer's one classifier (`error.rs`) turns them into what the user is told.

use std::sync::Arc;

use object_store::aws::{AmazonS3, AwsAuthorizer, AwsCredential};
use object_store::path::Path;
use reqwest::{Method, StatusCode};
use url::Url;

use flowscope_model::Secret;

/// Azure's REST version for these calls: the one object_store sends.
const AZURE_VERSION: &str = "2023-11-03";

/// One container's raw access: what the storage was opened with.
pub(crate) enum Raw {
    Azure {
        http: reqwest::Client,
        /// `endpoint/container`.
        container_url: String,
        sas: Secret,
    },
    S3 {
        store: Arc<AmazonS3>,
        http: reqwest::Client,
        /// `endpoint/bucket` (path style) or `https://bucket.s3.region.amazonaws.com`.
        bucket_url: String,
        region: String,
        credential: AwsCredential,
    },
}

/// Names only: the variants hold credentials.
impl std::fmt::Debug for Raw {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Raw::Azure { container_url, .. } => write!(f, "Raw::Azure({container_url})"),
            Raw::S3 { bucket_url, .. } => write!(f, "Raw::S3({bucket_url})"),
        }
    }
}

/// What a HEAD says that object_store's metadata leaves out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Described {
    pub size: u64,
    pub etag: Option<String>,
    /// Base64 MD5 of the whole file, when the storage knows it.
    pub md5: Option<String>,
}

pub(crate) fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(10))
        .timeout(std::time::Duration::from_secs(300))
        .build()
        .unwrap_or_default()
}

/// A failed answer as object_store would report it.
fn failure(method: &Method, status: StatusCode, body: &str, path: &Path) -> object_store::Error {
    let source = format!("{method} failed, status code: {} {body}", status.as_u16()).into();
    match status {
        StatusCode::NOT_FOUND => object_store::Error::NotFound {
            path: path.to_string(),
            source,
        },
        StatusCode::PRECONDITION_FAILED => object_store::Error::Precondition {
            path: path.to_string(),
            source,
        },
        _ => object_store::Error::Generic {
            store: "storage",
            source,
        },
    }
}

fn transport(e: reqwest::Error) -> object_store::Error {
    // No status: `error::transient` takes it as a network failure, worth another try.
    object_store::Error::Generic {
        store: "storage",
        source: format!("request failed: {}", e.without_url()).into(),
    }
}

/// Sends `req`; a non-2xx answer becomes an error carrying its body (the XML code).
async fn send(
    req: reqwest::RequestBuilder,
    method: &Method,
    path: &Path,
) -> Result<reqwest::Response, object_store::Error> {
    let resp = req.send().await.map_err(transport)?;
    if resp.status().is_success() {
        return Ok(resp);
    }
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    Err(failure(method, status, &body, path))
}

fn with_segments(base: &str, path: &Path) -> Result<Url, object_store::Error> {
    let mut url = Url::parse(base).map_err(|e| object_store::Error::Generic {
        store: "storage",
        source: format!("bad storage URL: {e}").into(),
    })?;
    if let Ok(mut segs) = url.path_segments_mut() {
        segs.pop_if_empty();
        segs.extend(path.as_ref().split('/'));
    }
    Ok(url)
}

/// The inner texts of every `<tag>…</tag>` in `xml`, in order.
pub(crate) fn tags<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let from = &rest[i + open.len()..];
        let Some(j) = from.find(&close) else { break };
        out.push(&from[..j]);
        rest = &from[j + close.len()..];
    }
    out
}

impl Raw {
    fn azure_url(
        container_url: &str,
        sas: &Secret,
        path: &Path,
        query: &[(&str, &str)],
    ) -> Result<Url, object_store::Error> {
        let mut url = with_segments(container_url, path)?;
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            q.append_pair(k, v);
        }
        let mut q = q.finish();
        if !q.is_empty() {
            q.push('&');
        }
        q.push_str(sas.expose());
        url.set_query(Some(&q));
        Ok(url)
    }

    /// An Azure request on the blob at `path` with the operation's query and the SAS.
    fn azure(
        &self,
        method: Method,
        path: &Path,
        query: &[(&str, &str)],
        what: &str,
    ) -> Result<reqwest::RequestBuilder, object_store::Error> {
        let Raw::Azure {
            http,
            container_url,
            sas,
        } = self
        else {
            return Err(not_here(what));
        };
        let url = Self::azure_url(container_url, sas, path, query)?;
        Ok(http
            .request(method, url)
            .header("x-ms-version", AZURE_VERSION))
    }

    /// Put Block: block `id` (base64) of the blob at `path`.
    pub(crate) async fn put_block(
        &self,
        path: &Path,
        id: &str,
        bytes: bytes::Bytes,
    ) -> Result<(), object_store::Error> {
        let query = [("comp", "block"), ("blockid", id)];
        let req = self
            .azure(Method::PUT, path, &query, "Put Block")?
            .header("content-length", bytes.len())
            .body(bytes);
        send(req, &Method::PUT, path).await.map(drop)
    }

    /// Get Block List of the staged blocks: `(id, size)`; none when nothing is staged.
    pub(crate) async fn uncommitted_blocks(
        &self,
        path: &Path,
    ) -> Result<Vec<(String, u64)>, object_store::Error> {
        let query = [("comp", "blocklist"), ("blocklisttype", "uncommitted")];
        let req = self.azure(Method::GET, path, &query, "Get Block List")?;
        let body = match send(req, &Method::GET, path).await {
            Ok(r) => r.text().await.map_err(transport)?,
            // Neither a blob nor a staged block there yet.
            Err(object_store::Error::NotFound { .. }) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let section = tags(&body, "UncommittedBlocks").concat();
        Ok(tags(&section, "Block")
            .into_iter()
            .filter_map(|b| {
                let name = tags(b, "Name").first()?.trim().to_string();
                let size = tags(b, "Size").first()?.trim().parse().ok()?;
                Some((name, size))
            })
            .collect())
    }

    /// Put Block List: the blob becomes `ids` in order, with its MD5 recorded as its
    /// Content-MD5 so a later download can check it. Answers the new ETag.
    pub(crate) async fn put_block_list(
        &self,
        path: &Path,
        ids: &[String],
        md5: Option<&str>,
    ) -> Result<Option<String>, object_store::Error> {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList>\n");
        for id in ids {
            xml.push_str(&format!("<Latest>{id}</Latest>\n"));
        }
        xml.push_str("</BlockList>");
        let mut req = self
            .azure(
                Method::PUT,
                path,
                &[("comp", "blocklist")],
                "Put Block List",
            )?
            .header("content-type", "application/xml")
            .body(xml);
        if let Some(m) = md5 {
            req = req.header("x-ms-blob-content-md5", m);
        }
        let resp = send(req, &Method::PUT, path).await?;
        Ok(header(&resp, "etag"))
    }

    /// Get Blob Properties (Azure) or HeadObject (S3): size, ETag and the file's MD5 if
    /// the storage gives one (Azure's Content-MD5; S3's ETag of a single-part object).
    pub(crate) async fn describe(&self, path: &Path) -> Result<Described, object_store::Error> {
        let (resp, s3) = match self {
            Raw::Azure { .. } => {
                let req = self.azure(Method::HEAD, path, &[], "Get Blob Properties")?;
                (send(req, &Method::HEAD, path).await?, false)
            }
            Raw::S3 { .. } => (self.s3_signed(Method::HEAD, path, &[]).await?, true),
        };
        let etag = header(&resp, "etag");
        let size = header(&resp, "content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let md5 = if s3 {
            etag.as_deref().and_then(s3_md5)
        } else {
            header(&resp, "content-md5")
        };
        Ok(Described { size, etag, md5 })
    }

    /// A signed S3 request without a body.
    async fn s3_signed(
        &self,
        method: Method,
        path: &Path,
        query: &[(&str, &str)],
    ) -> Result<reqwest::Response, object_store::Error> {
        let Raw::S3 {
            http,
            bucket_url,
            region,
            credential,
            ..
        } = self
        else {
            return Err(not_here("S3 request"));
        };
        let mut url = with_segments(bucket_url, path)?;
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        let mut req = http::Request::builder()
            .method(method.clone())
            .uri(url.as_str())
            .body(object_store::client::HttpRequestBody::empty())
            .map_err(|e| object_store::Error::Generic {
                store: "storage",
                source: Box::new(e),
            })?;
        AwsAuthorizer::new(credential, "s3", region).try_authorize(&mut req, None)?;
        let built = http
            .request(method.clone(), url)
            .headers(req.headers().clone());
        send(built, &method, path).await
    }

    /// ListParts: `(part number, ETag, size)` of every part of an open upload, all pages.
    pub(crate) async fn list_parts(
        &self,
        path: &Path,
        upload_id: &str,
    ) -> Result<Vec<(u32, String, u64)>, object_store::Error> {
        let mut out = Vec::new();
        let mut marker = String::from("0");
        loop {
            let resp = self
                .s3_signed(
                    Method::GET,
                    path,
                    &[("uploadId", upload_id), ("part-number-marker", &marker)],
                )
                .await?;
            let body = resp.text().await.map_err(transport)?;
            for part in tags(&body, "Part") {
                let number = tags(part, "PartNumber")
                    .first()
                    .and_then(|n| n.trim().parse().ok());
                let etag = tags(part, "ETag")
                    .first()
                    .map(|e| e.trim().replace("&quot;", "\""));
                let size = tags(part, "Size")
                    .first()
                    .and_then(|n| n.trim().parse().ok());
                if let (Some(n), Some(e), Some(s)) = (number, etag, size) {
                    out.push((n, e, s));
                }
            }
            let truncated = tags(&body, "IsTruncated").first().map(|t| t.trim()) == Some("true");
            match tags(&body, "NextPartNumberMarker").first() {
                Some(next) if truncated && next.trim() != marker => {
                    marker = next.trim().to_string()
                }
                _ => break,
            }
        }
        Ok(out)
    }

    /// The S3 store, for object_store's multipart calls.
    pub(crate) fn s3(&self) -> Option<&Arc<AmazonS3>> {
        match self {
            Raw::S3 { store, .. } => Some(store),
            Raw::Azure { .. } => None,
        }
    }
}

fn header(resp: &reqwest::Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn not_here(what: &str) -> object_store::Error {
    object_store::Error::NotSupported {
        source: format!("{what} on the other storage kind").into(),
    }
}

/// S3's ETag is the object's MD5 (hex) when it was written in one request; a multipart
/// object's is `…-N` and says nothing about the bytes. Answered as base64, like Azure's.
pub(crate) fn s3_md5(etag: &str) -> Option<String> {
    use base64::Engine;
    let hex = etag.trim().trim_matches('"');
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
        .collect();
    Some(base64::engine::general_purpose::STANDARD.encode(bytes?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_in_order_and_md5_from_a_single_part_etag() {
        let xml = "<L><Part><PartNumber>1</PartNumber><ETag>\"a\"</ETag></Part><Part><PartNumber>2</PartNumber></Part></L>";
        assert_eq!(tags(xml, "PartNumber"), ["1", "2"]);
        assert_eq!(tags(xml, "Part").len(), 2);
        assert_eq!(
            s3_md5("\"0cc175b9c0f1b6a831c399e269772661\"").as_deref(),
            Some("DMF1ucDxtqgxw5niaXcmYQ==")
        );
        assert_eq!(s3_md5("\"0cc175b9c0f1b6a831c399e269772661-3\""), None);
        assert_eq!(s3_md5("0x8D1"), None);
    }
}
