//! What both AWS services share on the wire: JSON answers, epoch-second timestamps,
//! request bodies read as JSON objects, and pages cut with `MaxResults`/`NextToken`.
//!
//! Next tokens are opaque to clients but name the list they came from, so a token of
//! one list (or a made-up one) is refused with the service's 400 instead of silently
//! starting somewhere.

use axum::Json;
use axum::extract::RawQuery;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use serde_json::{Map, Value};

use super::Service;
use super::error::AwsError;
use crate::clock::EpochMs;

pub type Body = Map<String, Value>;

/// A 200 answer with a JSON body.
pub fn ok(v: Value) -> Response {
    let mut resp = Json(v).into_response();
    resp.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// Epoch seconds, the JSON timestamp format of `rest-json`: whole seconds as an
/// integer, otherwise with the milliseconds as a fraction.
pub fn epoch(ms: EpochMs) -> Value {
    if ms % 1000 == 0 {
        Value::from(ms / 1000)
    } else {
        Value::from(ms as f64 / 1000.0)
    }
}

/// An RFC 3339 UTC instant, for members the models type as strings.
pub fn rfc3339(ms: EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Epoch milliseconds of a timestamp member sent as epoch seconds (SDKs may send a
/// fraction); `None` when it is not a number.
pub fn millis(v: &Value) -> Option<EpochMs> {
    v.as_f64()
        .filter(|s| s.is_finite())
        .map(|s| (s * 1000.0).round() as EpochMs)
}

/// The request body as a JSON object; no body at all counts as `{}`.
pub fn body(service: Service, bytes: &Bytes) -> Result<Body, AwsError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Body::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(AwsError::invalid(
            service,
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(AwsError::invalid(
            service,
            format!("The request body is not valid JSON: {e}."),
        )),
    }
}

/// An optional string member; a member of another type is a 400 naming it.
pub fn opt_str<'a>(service: Service, b: &'a Body, name: &str) -> Result<Option<&'a str>, AwsError> {
    match b.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(AwsError::invalid(
            service,
            format!("{name} must be a string."),
        )),
    }
}

/// A required, non-empty string member.
pub fn req_str<'a>(service: Service, b: &'a Body, name: &str) -> Result<&'a str, AwsError> {
    opt_str(service, b, name)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| AwsError::invalid(service, format!("{name} is required.")))
}

/// An optional integer member.
pub fn opt_int(service: Service, b: &Body, name: &str) -> Result<Option<i64>, AwsError> {
    match b.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| AwsError::invalid(service, format!("{name} must be an integer."))),
    }
}

/// One page request: how many, from where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageReq {
    pub max: Option<i64>,
    pub token: Option<String>,
}

impl PageReq {
    /// AppFlow: `maxResults` and `nextToken` in the JSON body.
    pub fn from_body(b: &Body) -> Result<Self, AwsError> {
        Ok(PageReq {
            max: opt_int(Service::AppFlow, b, "maxResults")?,
            token: opt_str(Service::AppFlow, b, "nextToken")?.map(str::to_string),
        })
    }

    /// Customer Profiles: `max-results` and `next-token` in the query string, even on
    /// POST list calls (ListWorkflows).
    pub fn from_query(q: &RawQuery) -> Result<Self, AwsError> {
        let mut req = PageReq {
            max: None,
            token: None,
        };
        for (k, v) in url::form_urlencoded::parse(q.0.as_deref().unwrap_or("").as_bytes()) {
            match k.as_ref() {
                "max-results" => {
                    req.max = Some(v.parse().map_err(|_| {
                        AwsError::invalid(
                            Service::Profiles,
                            format!("max-results must be an integer, not '{v}'."),
                        )
                    })?);
                }
                "next-token" => req.token = Some(v.into_owned()),
                _ => {}
            }
        }
        Ok(req)
    }

    /// The page of `items` this request asks for, and the token of the next page.
    /// `scope` names the list (its operation and parent) and is sealed into tokens.
    pub fn cut<T: Clone>(
        &self,
        service: Service,
        scope: &str,
        default: usize,
        items: &[T],
    ) -> Result<(Vec<T>, Option<String>), AwsError> {
        let size = match self.max {
            None => default,
            Some(n) if (1..=100).contains(&n) => n as usize,
            Some(n) => {
                let member = match service {
                    Service::Profiles => "MaxResults",
                    Service::AppFlow => "maxResults",
                };
                return Err(AwsError::invalid(
                    service,
                    format!(
                        "1 validation error detected: Value '{n}' at '{member}' failed to satisfy constraint: Member must have value between 1 and 100."
                    ),
                ));
            }
        };
        let start = match &self.token {
            None => 0,
            Some(t) => decode(t, scope)
                .filter(|o| *o <= items.len())
                .ok_or_else(|| {
                    AwsError::invalid(
                        service,
                        "The next token is not valid for this request; start the listing again without it.",
                    )
                })?,
        };
        let end = (start + size).min(items.len());
        let next = (end < items.len()).then(|| encode(scope, end));
        Ok((items[start..end].to_vec(), next))
    }
}

fn encode(scope: &str, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{scope}\n{offset}"))
}

fn decode(token: &str, scope: &str) -> Option<usize> {
    let raw = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (s, offset) = text.split_once('\n')?;
    (s == scope).then(|| offset.parse().ok()).flatten()
}

/// Inserts `key` only when there is a value: absent members are left out, never null.
pub fn put(m: &mut Body, key: &str, v: Option<impl Into<Value>>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_their_tokens_and_refuse_others() {
        let items: Vec<u32> = (0..25).collect();
        let first = PageReq {
            max: Some(10),
            token: None,
        };
        let (a, next) = first.cut(Service::AppFlow, "flows", 50, &items).unwrap();
        assert_eq!(a, (0..10).collect::<Vec<_>>());
        let second = PageReq {
            max: Some(10),
            token: next.clone(),
        };
        let (b, next2) = second.cut(Service::AppFlow, "flows", 50, &items).unwrap();
        assert_eq!(b[0], 10);
        let third = PageReq {
            max: Some(10),
            token: next2,
        };
        let (c, end) = third.cut(Service::AppFlow, "flows", 50, &items).unwrap();
        assert_eq!((c.len(), end), (5, None));

        let elsewhere = PageReq {
            max: None,
            token: next,
        };
        let e = elsewhere
            .cut(Service::Profiles, "domains", 100, &items)
            .unwrap_err();
        assert_eq!(e.name, "BadRequestException");
        let junk = PageReq {
            max: None,
            token: Some("not a token".into()),
        };
        assert!(junk.cut(Service::AppFlow, "flows", 50, &items).is_err());
        let zero = PageReq {
            max: Some(0),
            token: None,
        };
        assert_eq!(
            zero.cut(Service::AppFlow, "flows", 50, &items)
                .unwrap_err()
                .name,
            "ValidationException"
        );
    }

    #[test]
    fn timestamps_are_epoch_seconds() {
        assert_eq!(epoch(1_793_491_200_000), Value::from(1_793_491_200i64));
        assert_eq!(epoch(1_793_491_200_500), Value::from(1_793_491_200.5));
        assert_eq!(
            millis(&Value::from(1_793_491_200.25)),
            Some(1_793_491_200_250)
        );
        assert_eq!(rfc3339(1_793_491_200_000), "2026-11-01T00:00:00Z");
    }
}
