//! List Blobs (`GET ?restype=container&comp=list`) and Get Container Properties
//! (`GET/HEAD ?restype=container`).
//!
//! Listing pages the container's blob names in order; with a delimiter, names that go on
//! past it collapse into one `BlobPrefix`, and blobs and prefixes count alike against
//! `maxresults`. `NextMarker` is opaque to clients, as on Azure: it encodes the name the
//! next page starts at.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::error::BlobError;
use super::sas::{Need, authorize_req};
use super::time::http_date;
use super::xml::{element, escape};
use super::{Ctx, Req, put, with_zone};
use crate::dlz::{DlzFile, DlzKind, DlzStore, stable_hash};
use crate::state::Shared;

/// The service's page size limit and default.
const MAX_RESULTS: usize = 5000;

/// One page of a listing.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub blobs: Vec<DlzFile>,
    /// Common prefixes, relative to the container, ending with the delimiter.
    pub prefixes: Vec<String>,
    /// The blob name or prefix the next page starts at.
    pub next: Option<String>,
}

/// Lists `container/` of `dlz`: names relative to the container, starting at `start`.
/// An empty delimiter lists flat.
pub(crate) fn page(
    dlz: &DlzStore,
    kind: DlzKind,
    prefix: &str,
    delimiter: &str,
    start: &str,
    max: usize,
) -> Page {
    let root = format!("{}/", kind.container_name());
    let mut out = Page::default();
    let mut taken = 0;
    for f in dlz.files_from(&format!("{root}{}", start.max(prefix))) {
        let Some(name) = f.path.strip_prefix(&root) else {
            break;
        };
        let Some(rest) = name.strip_prefix(prefix) else {
            if name > prefix {
                break;
            }
            continue;
        };
        let item = match rest.find(delimiter).filter(|_| !delimiter.is_empty()) {
            Some(i) => {
                let p = format!("{prefix}{}", &rest[..i + delimiter.len()]);
                if out.prefixes.last() == Some(&p) {
                    continue;
                }
                Err(p)
            }
            None => Ok(f),
        };
        if taken == max {
            out.next = Some(match item {
                Ok(_) => name.to_string(),
                Err(p) => p,
            });
            break;
        }
        taken += 1;
        match item {
            Ok(f) => out.blobs.push(f.clone()),
            Err(p) => out.prefixes.push(p),
        }
    }
    out
}

pub(crate) fn encode_marker(name: &str) -> String {
    format!("2!{}", URL_SAFE_NO_PAD.encode(name))
}

pub(crate) fn decode_marker(marker: &str) -> Option<String> {
    let b = URL_SAFE_NO_PAD.decode(marker.strip_prefix("2!")?).ok()?;
    String::from_utf8(b).ok()
}

fn blob_xml(f: &DlzFile, name: &str) -> String {
    let props = [
        element("Creation-Time", &http_date(f.created)),
        element("Last-Modified", &http_date(f.last_modified)),
        element("Etag", &f.etag),
        element("Content-Length", &f.size.to_string()),
        element("Content-Type", &f.content_type),
        element("BlobType", "BlockBlob"),
        element("AccessTier", "Hot"),
        element("AccessTierInferred", "true"),
        element("LeaseStatus", "unlocked"),
        element("LeaseState", "available"),
        element("ServerEncrypted", "true"),
    ]
    .concat();
    format!(
        "<Blob>{}<Properties>{props}</Properties><OrMetadata /></Blob>",
        element("Name", name)
    )
}

pub(super) fn list_blobs(
    st: &Shared,
    ctx: &Ctx,
    account: &str,
    container: &str,
    req: &Req,
) -> Result<Response, BlobError> {
    let q = &req.query;
    let prefix = q.get("prefix").unwrap_or("");
    let delimiter = q.get("delimiter").unwrap_or("");
    let max = match q.get("maxresults") {
        None => MAX_RESULTS,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if n > 0 => n.min(MAX_RESULTS),
            _ => {
                return Err(BlobError::bad_request(
                    "OutOfRangeQueryParameterValue",
                    "One of the query parameters specified in the request URI is outside the permissible range: maxresults must be at least 1.",
                ));
            }
        },
    };
    let marker = q.get("marker").filter(|m| !m.is_empty());
    let start = match marker {
        // `startFrom` (inclusive) is how object_store lists from an offset.
        None => q.get("startFrom").unwrap_or("").to_string(),
        Some(m) => decode_marker(m).ok_or_else(|| {
            BlobError::bad_request(
                "InvalidQueryParameterValue",
                "Value for one of the query parameters specified in the request URI is invalid: marker.",
            )
        })?,
    };
    let (page, endpoint) = with_zone(st, account, container, ctx.now, |dlz, kind| {
        authorize_req(dlz, kind, None, req, Need::List, ctx.now)?;
        Ok((
            page(dlz, kind, prefix, delimiter, &start, max),
            format!("{}/", dlz.blob_base_url()),
        ))
    })?;
    let root = format!("{container}/");
    let mut body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"{}\" ContainerName=\"{}\">",
        escape(&endpoint),
        escape(container)
    );
    if !prefix.is_empty() {
        body.push_str(&element("Prefix", prefix));
    }
    if let Some(m) = marker {
        body.push_str(&element("Marker", m));
    }
    if q.has("maxresults") {
        body.push_str(&element("MaxResults", &max.to_string()));
    }
    if !delimiter.is_empty() {
        body.push_str(&element("Delimiter", delimiter));
    }
    body.push_str("<Blobs>");
    // Blobs and prefixes are returned in name order, interleaved, as Azure does.
    let mut items: Vec<(String, String)> = page
        .blobs
        .iter()
        .map(|f| {
            let name = f.path.strip_prefix(&root).unwrap_or(&f.path).to_string();
            let xml = blob_xml(f, &name);
            (name, xml)
        })
        .chain(page.prefixes.iter().map(|p| {
            (
                p.clone(),
                format!("<BlobPrefix>{}</BlobPrefix>", element("Name", p)),
            )
        }))
        .collect();
    items.sort();
    for (_, xml) in items {
        body.push_str(&xml);
    }
    body.push_str("</Blobs>");
    match &page.next {
        Some(n) => body.push_str(&element("NextMarker", &encode_marker(n))),
        None => body.push_str("<NextMarker />"),
    }
    body.push_str("</EnumerationResults>");
    let mut resp = (StatusCode::OK, body).into_response();
    put(resp.headers_mut(), "content-type", "application/xml");
    Ok(resp)
}

/// Get Container Properties. Containers were provisioned with the landing zone; their
/// ETag and time are fixed per account rather than tracked.
pub(super) fn properties(
    st: &Shared,
    ctx: &Ctx,
    account: &str,
    container: &str,
    req: &Req,
) -> Result<Response, BlobError> {
    with_zone(st, account, container, ctx.now, |dlz, kind| {
        // Reading properties needs read or list rights.
        authorize_req(dlz, kind, None, req, Need::List, ctx.now)
            .or_else(|_| authorize_req(dlz, kind, None, req, Need::Read, ctx.now))
    })?;
    /// 2024-01-05T00:00:00Z, a plausible provisioning date for a landing zone.
    const PROVISIONED_MS: i64 = 1_704_412_800_000;
    let tag = stable_hash(0, &[account, container, "container-etag"]) & 0x000F_FFFF_FFFF_FFFF;
    let mut resp = StatusCode::OK.into_response();
    let h = resp.headers_mut();
    put(h, "etag", &format!("\"0x8DC{tag:013X}\""));
    put(h, "last-modified", &http_date(PROVISIONED_MS));
    put(h, "x-ms-lease-status", "unlocked");
    put(h, "x-ms-lease-state", "available");
    put(h, "x-ms-has-immutability-policy", "false");
    put(h, "x-ms-has-legal-hold", "false");
    put(
        h,
        "x-ms-default-encryption-scope",
        "$account-encryption-key",
    );
    put(h, "x-ms-deny-encryption-scope-override", "false");
    put(h, "content-length", "0");
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = crate::TEST_EPOCH_MS;

    fn store() -> DlzStore {
        let mut s = DlzStore::empty("prod", 1);
        for p in [
            "a.csv",
            "d/1.csv",
            "d/2.csv",
            "d/e/3.csv",
            "f.csv",
            "g/4.csv",
        ] {
            s.put(
                &format!("dlz-user-container/{p}"),
                bytes::Bytes::from("x"),
                "text/csv",
                NOW,
            )
            .unwrap();
        }
        s.put(
            "dlz-destination/x.csv",
            bytes::Bytes::from("x"),
            "text/csv",
            NOW,
        )
        .unwrap();
        s
    }

    fn names(p: &Page) -> (Vec<String>, Vec<String>) {
        let blobs = p
            .blobs
            .iter()
            .map(|f| f.path.trim_start_matches("dlz-user-container/").to_string())
            .collect();
        (blobs, p.prefixes.clone())
    }

    #[test]
    fn delimiters_fold_names_into_prefixes() {
        let s = store();
        let p = page(&s, DlzKind::UserDropZone, "", "/", "", 5000);
        assert_eq!(
            names(&p),
            (
                vec!["a.csv".into(), "f.csv".into()],
                vec!["d/".into(), "g/".into()]
            )
        );
        let p = page(&s, DlzKind::UserDropZone, "d/", "/", "", 5000);
        assert_eq!(
            names(&p),
            (
                vec!["d/1.csv".into(), "d/2.csv".into()],
                vec!["d/e/".into()]
            )
        );
        let flat = page(&s, DlzKind::UserDropZone, "d", "", "", 5000);
        assert_eq!(flat.blobs.len(), 3);
        assert!(
            page(&s, DlzKind::DlzDestination, "", "/", "", 10)
                .blobs
                .len()
                == 1
        );
    }

    #[test]
    fn pages_resume_at_the_marker_without_repeats() {
        let s = store();
        let mut seen = Vec::new();
        let mut start = String::new();
        loop {
            let p = page(&s, DlzKind::UserDropZone, "", "/", &start, 1);
            let (b, pre) = names(&p);
            seen.extend(b);
            seen.extend(pre);
            match p.next {
                Some(n) => start = decode_marker(&encode_marker(&n)).unwrap(),
                None => break,
            }
        }
        assert_eq!(seen, ["a.csv", "d/", "f.csv", "g/"]);
        assert_eq!(decode_marker("garbage"), None);
    }
}
