//! Error bodies: the Flow Service problem JSON (`type` ending in `FLOW-1404-412`), the
//! Adobe I/O gateway's `{error_code, message}` and IMS's OAuth `{error, error_description}`
//! (aep-api-notes §1, §2). Parsing never fails on a surprise shape; it just finds less.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Extra;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub type_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<ProblemReport>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProblemReport {
    #[serde(
        rename = "detailed-message",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub detailed_message: Option<String>,
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Problem {
    /// `FLOW-1404-412` from `https://ns.adobe.com/aep/errors/FLOW-1404-412`.
    pub fn code(&self) -> Option<String> {
        code_from_type(self.type_url.as_deref()?)
    }

    /// The most specific human text the body offers.
    pub fn message(&self) -> Option<String> {
        let report = self
            .report
            .as_ref()
            .and_then(|r| r.detailed_message.clone());
        let details = match &self.error_details {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        };
        [
            report,
            self.error_message.clone(),
            self.detail.clone(),
            details,
            self.title.clone(),
        ]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
    }

    pub fn request_id(&self) -> Option<&str> {
        self.report.as_ref()?.request_id.as_deref()
    }

    /// Does the body look like a problem at all (and not some other JSON)?
    pub fn is_problem(&self) -> bool {
        self.type_url.is_some() || self.report.is_some() || self.error_message.is_some()
    }
}

/// The last path segment of a problem `type`, if it has the `PREFIX-digits-digits` form.
/// `/placeholder/type/uri` (the content-type error) yields nothing.
pub fn code_from_type(type_url: &str) -> Option<String> {
    let last = type_url.trim().trim_end_matches('/').rsplit('/').next()?;
    let mut parts = last.split('-');
    let prefix = parts.next()?;
    let a = parts.next()?;
    let b = parts.next()?;
    let well_formed = parts.next().is_none()
        && !prefix.is_empty()
        && prefix.chars().all(|c| c.is_ascii_alphanumeric())
        && prefix.chars().any(|c| c.is_ascii_alphabetic())
        && !a.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && b.len() == 3
        && b.chars().all(|c| c.is_ascii_digit());
    well_formed.then(|| last.to_string())
}

/// The gateway's error body, e.g. `{"error_code": "401013", "message": "Oauth token is not valid"}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GatewayError {
    pub error_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// IMS's OAuth error body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_comes_from_the_type_url() {
        let p: Problem = serde_json::from_value(json!({
            "type": "https://ns.adobe.com/aep/errors/FLOW-1439-404", "title": "Resource not found",
            "status": 404,
            "report": {"detailed-message": "The requested flows resource 84 is not found.", "request-id": "r-1", "type": "flows"},
            "errorMessage": "The requested flows resource 84 is not found."
        }))
        .unwrap();
        assert_eq!(p.code().as_deref(), Some("FLOW-1439-404"));
        assert_eq!(p.request_id(), Some("r-1"));
        assert_eq!(
            p.message().as_deref(),
            Some("The requested flows resource 84 is not found.")
        );
    }

    #[test]
    fn odd_type_urls_give_no_code() {
        assert_eq!(code_from_type("/placeholder/type/uri"), None);
        assert_eq!(
            code_from_type("https://x/errors/FLOW-1404-412/").as_deref(),
            Some("FLOW-1404-412")
        );
        assert_eq!(
            code_from_type("CONNECTOR-2001-500").as_deref(),
            Some("CONNECTOR-2001-500")
        );
        assert_eq!(code_from_type("1404-412"), None);
        assert_eq!(code_from_type("FLOW-14a4-412"), None);
        assert_eq!(code_from_type(""), None);
    }

    #[test]
    fn content_type_error_falls_back_to_detail() {
        let p: Problem = serde_json::from_value(json!({
            "type": "/placeholder/type/uri", "status": 400, "title": "BadRequestError",
            "detail": "A valid content-type must be specified"
        }))
        .unwrap();
        assert_eq!(p.code(), None);
        assert_eq!(
            p.message().as_deref(),
            Some("A valid content-type must be specified")
        );
    }

    #[test]
    fn gateway_and_oauth_bodies() {
        let g: GatewayError = serde_json::from_value(
            json!({"error_code": "401013", "message": "Oauth token is not valid"}),
        )
        .unwrap();
        assert_eq!(g.error_code, "401013");
        let o: OAuthError =
            serde_json::from_value(json!({"error": "invalid_client", "error_description": "bad"}))
                .unwrap();
        assert_eq!(o.error, "invalid_client");
    }
}
