//! Lists as streams of pages, so the first page shows at once (aep-api-notes §3).
//!
//! The next page is `_links.next.href`, a path relative to `/data/foundation/flowservice`
//! such as `/flows?continuationToken=abc`. It is requested as-is: the token carries the
//! original filters, so they are not added again. A next link to another host is refused
//! (it would receive our token), and a link that repeats the current page ends the stream
//! with an error rather than looping.

use std::pin::Pin;

use futures::{Stream, StreamExt, stream};
use serde::de::DeserializeOwned;
use url::Url;

use super::client::{Client, FLOW_SEGMENTS};
use super::error::ApiError;
use flowscope_model::{CountResponse, Page, Paged, RawPage};

pub type PageStream<T> = Pin<Box<dyn Stream<Item = Result<Page<T>, ApiError>> + Send>>;

/// Pages whose items are the service's text, unread ([`Client::raw_pages`]).
pub type RawPageStream = Pin<Box<dyn Stream<Item = Result<RawPage, ApiError>> + Send>>;

/// Query parameters of a list call.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// Page size.
    pub limit: Option<u32>,
    /// `field==value` filters; repeated parameters are ANDed by the service.
    pub property: Vec<String>,
    /// `name`, `-name` or `+name`.
    pub orderby: Option<String>,
    /// Ask for `{"count": n}` only.
    pub count: bool,
    /// Anything else, sent as given.
    pub extra: Vec<(String, String)>,
}

impl ListQuery {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    pub fn property(mut self, filter: impl Into<String>) -> Self {
        self.property.push(filter.into());
        self
    }

    pub fn orderby(mut self, order: impl Into<String>) -> Self {
        self.orderby = Some(order.into());
        self
    }

    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((key.into(), value.into()));
        self
    }

    /// The query pairs, in a stable order. With `count`, `limit` is left out: the service
    /// rejects the two together (FLOW-1401-400).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.count {
            out.push(("count".to_string(), "true".to_string()));
        } else if let Some(n) = self.limit {
            out.push(("limit".to_string(), n.to_string()));
        }
        for p in &self.property {
            out.push(("property".to_string(), p.clone()));
        }
        if let Some(o) = &self.orderby {
            out.push(("orderby".to_string(), o.clone()));
        }
        out.extend(self.extra.iter().cloned());
        out
    }
}

/// The URL of a next link. Accepts the documented relative form, a path that already
/// starts with the Flow Service base, or an absolute URL on the platform's own origin.
pub fn resolve_next(platform: &Url, href: &str) -> Result<Url, ApiError> {
    let href = href.trim();
    if href.starts_with("http://") || href.starts_with("https://") {
        let u = Url::parse(href)
            .map_err(|e| ApiError::Invalid(format!("bad next link `{href}`: {e}")))?;
        if u.origin() != platform.origin() {
            return Err(ApiError::Invalid(format!(
                "next link `{href}` points away from the platform"
            )));
        }
        return Ok(u);
    }
    let base_path = platform.path().trim_end_matches('/');
    let flow_base = format!("/{}", FLOW_SEGMENTS.join("/"));
    let rel = if href.starts_with('/') {
        href.to_string()
    } else {
        format!("/{href}")
    };
    let full =
        if rel.starts_with(&format!("{flow_base}/")) || rel.starts_with(&format!("{flow_base}?")) {
            format!("{base_path}{rel}")
        } else {
            format!("{base_path}{flow_base}{rel}")
        };
    platform
        .join(&full)
        .map_err(|e| ApiError::Invalid(format!("bad next link `{href}`: {e}")))
}

/// Rounds of the client's own retries a page after the first may take. Losing page 17 of
/// a long list to a throttling storm would throw away the sixteen already read, so later
/// pages are more patient; the first fails fast, so a broken request is seen at once.
const LATER_PAGE_ROUNDS: u32 = 4;

/// A page after the first: on a passing failure (throttled, a 5xx, a timeout or a broken
/// connection) after the client's retries, waits and reads the same page again.
async fn later_page<P: DeserializeOwned>(client: &Client, url: &Url) -> Result<P, ApiError> {
    let mut round = 1;
    loop {
        match client.get_json::<P>(url.clone()).await {
            Err(e) if round < LATER_PAGE_ROUNDS => {
                let Some(wait) = passing(&e) else {
                    return Err(e);
                };
                tracing::info!(error = %e, round, "a later page failed; reading it again");
                tokio::time::sleep(wait).await;
                round += 1;
            }
            other => return other,
        }
    }
}

/// How long to wait before another round, when `e` is a failure that passes.
fn passing(e: &ApiError) -> Option<std::time::Duration> {
    let second = std::time::Duration::from_secs(1);
    match e {
        ApiError::Throttled { retry_after, .. } => Some(retry_after.unwrap_or(second).max(second)),
        ApiError::Service { status, .. } if *status >= 500 => Some(second),
        ApiError::Timeout { .. } | ApiError::Interrupted { .. } | ApiError::Connect { .. } => {
            Some(second)
        }
        _ => None,
    }
}

enum Cursor {
    At(Url),
    Failed(ApiError),
    Done,
}

impl Client {
    /// Pages of `GET /{collection}` with `query`, following next links.
    pub fn pages<T>(&self, collection: &str, query: &ListQuery) -> PageStream<T>
    where
        T: DeserializeOwned + Send + 'static,
    {
        self.page_stream::<Page<T>>(collection, query)
    }

    /// [`Client::pages`] with the items left as the service's text: for passing them on
    /// without reading them (the CLI's ndjson), at a fraction of the cost.
    pub fn raw_pages(&self, collection: &str, query: &ListQuery) -> RawPageStream {
        self.page_stream::<RawPage>(collection, query)
    }

    fn page_stream<P>(
        &self,
        collection: &str,
        query: &ListQuery,
    ) -> Pin<Box<dyn Stream<Item = Result<P, ApiError>> + Send>>
    where
        P: DeserializeOwned + Paged + Send + 'static,
    {
        let mut q = query.clone();
        q.count = false;
        let start = match self.flow_url(&[collection], &q.to_pairs()) {
            Ok(u) => Cursor::At(u),
            Err(e) => Cursor::Failed(e),
        };
        let client = self.clone();
        stream::unfold((client, start, 0u32), |(client, cursor, n)| async move {
            let url = match cursor {
                Cursor::Done => return None,
                Cursor::Failed(e) => return Some((Err(e), (client, Cursor::Done, n))),
                Cursor::At(url) => url,
            };
            let got = if n == 0 {
                client.get_json::<P>(url.clone()).await
            } else {
                later_page(&client, &url).await
            };
            match got {
                Err(e) => Some((Err(e), (client, Cursor::Done, n))),
                Ok(page) => {
                    let next = match page.next_href() {
                        None => Cursor::Done,
                        Some(href) => match resolve_next(client.platform(), href) {
                            Ok(n) if n == url => Cursor::Failed(ApiError::Invalid(format!(
                                "the service repeated the same next link `{href}`"
                            ))),
                            Ok(n) => Cursor::At(n),
                            Err(e) => Cursor::Failed(e),
                        },
                    };
                    Some((Ok(page), (client, next, n + 1)))
                }
            }
        })
        .boxed()
    }

    /// `GET /{collection}?count=true&…` → the count.
    pub(crate) async fn count_of(
        &self,
        collection: &str,
        query: &ListQuery,
    ) -> Result<u64, ApiError> {
        let mut q = query.clone();
        q.count = true;
        let url = self.flow_url(&[collection], &q.to_pairs())?;
        let c: CountResponse = self.get_json(url).await?;
        Ok(c.count)
    }
}

/// Drains a page stream into one list (stops at the first error).
pub async fn collect_all<T>(mut pages: PageStream<T>) -> Result<Vec<T>, ApiError> {
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        out.extend(page?.items);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(u: &str) -> Url {
        Url::parse(u).unwrap()
    }

    #[test]
    fn relative_next_links_go_under_the_flow_service_base() {
        let p = base("https://platform.adobe.io");
        assert_eq!(
            resolve_next(&p, "/flows?continuationToken=abc")
                .unwrap()
                .as_str(),
            "https://platform.adobe.io/data/foundation/flowservice/flows?continuationToken=abc"
        );
        assert_eq!(
            resolve_next(&p, "runs?continuationToken=x")
                .unwrap()
                .as_str(),
            "https://platform.adobe.io/data/foundation/flowservice/runs?continuationToken=x"
        );
        assert_eq!(
            resolve_next(
                &p,
                "/data/foundation/flowservice/flows?continuationToken=abc"
            )
            .unwrap()
            .as_str(),
            "https://platform.adobe.io/data/foundation/flowservice/flows?continuationToken=abc"
        );
    }

    #[test]
    fn next_links_keep_an_emulator_base_path_and_the_token_untouched() {
        let p = base("http://127.0.0.1:4100/aep/");
        assert_eq!(
            resolve_next(&p, "/runs?continuationToken=eyJvIjoxMH0")
                .unwrap()
                .as_str(),
            "http://127.0.0.1:4100/aep/data/foundation/flowservice/runs?continuationToken=eyJvIjoxMH0"
        );
    }

    #[test]
    fn absolute_links_must_stay_on_the_platform() {
        let p = base("https://platform.adobe.io");
        assert!(
            resolve_next(
                &p,
                "https://platform.adobe.io/data/foundation/flowservice/flows?x=1"
            )
            .is_ok()
        );
        assert!(matches!(
            resolve_next(&p, "https://elsewhere.example/flows"),
            Err(ApiError::Invalid(_))
        ));
    }

    #[test]
    fn query_pairs_are_stable_and_count_drops_limit() {
        let q = ListQuery::new()
            .limit(5)
            .property("flowId==a")
            .property("metrics.statusSummary.status==failed")
            .orderby("-createdAt")
            .param("x", "y");
        let pairs: Vec<String> = q
            .to_pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        assert_eq!(
            pairs,
            [
                "limit=5",
                "property=flowId==a",
                "property=metrics.statusSummary.status==failed",
                "orderby=-createdAt",
                "x=y"
            ]
        );
        let c = ListQuery { count: true, ..q };
        assert_eq!(c.to_pairs()[0], ("count".to_string(), "true".to_string()));
        assert!(c.to_pairs().iter().all(|(k, _)| k != "limit"));
    }
}
