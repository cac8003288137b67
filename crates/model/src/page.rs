//! List answers: `{"items": [...], "_links": {"next": {"href": "/flows?continuationToken=…"}}}`
//! and the `{"count": n}` answer to `count=true` (aep-api-notes §3).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Extra;

/// One page of a list. `_links` is `{}` on the last page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned", serialize = "T: Serialize"))]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
    #[serde(rename = "_links", default)]
    pub links: Links,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl<T> Page<T> {
    /// The next page's href, relative to the Flow Service base, if there is one.
    pub fn next_href(&self) -> Option<&str> {
        self.links.next_href()
    }
}

/// One page whose items stay the text the service sent, for callers that pass them on
/// (`runs list --output ndjson`) instead of reading them: no tree is built, and no field
/// is buffered (unlike [`Page`], whose unknown fields are kept by flattening).
#[derive(Debug, Deserialize)]
pub struct RawPage {
    #[serde(default = "Vec::new")]
    pub items: Vec<Box<serde_json::value::RawValue>>,
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A page of a list, typed or raw: what following its next link needs.
pub trait Paged {
    fn next_href(&self) -> Option<&str>;
}

impl<T> Paged for Page<T> {
    fn next_href(&self) -> Option<&str> {
        Page::next_href(self)
    }
}

impl Paged for RawPage {
    fn next_href(&self) -> Option<&str> {
        self.links.next_href()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Links {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl Links {
    /// The next page's href, if there is one.
    pub fn next_href(&self) -> Option<&str> {
        self.next
            .as_ref()
            .map(|n| n.href.trim())
            .filter(|h| !h.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    #[serde(default)]
    pub href: String,
    #[serde(flatten)]
    pub extra: Extra,
}

/// The answer to a `count=true` query.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountResponse {
    pub count: u64,
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn next_href_is_read_and_empty_links_end_the_list() {
        let p: Page<Value> = serde_json::from_value(json!({
            "items": [{"id": "a"}],
            "_links": {"next": {"href": "/flows?continuationToken=abc"}}
        }))
        .unwrap();
        assert_eq!(p.next_href(), Some("/flows?continuationToken=abc"));
        let last: Page<Value> = serde_json::from_value(json!({"items": [], "_links": {}})).unwrap();
        assert_eq!(last.next_href(), None);
        let blank: Page<Value> =
            serde_json::from_value(json!({"items": [], "_links": {"next": {"href": ""}}})).unwrap();
        assert_eq!(blank.next_href(), None);
    }

    #[test]
    fn a_page_without_links_still_parses() {
        let p: Page<Value> = serde_json::from_value(json!({"items": [1, 2]})).unwrap();
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.next_href(), None);
    }
}
