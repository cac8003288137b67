//! Lists as streams of pages, so the first page shows at once. Both services page with an
//! opaque token (`NextToken` / `nextToken`); a page is fetched only when the consumer asks
//! for it. A token the service repeats ends the stream with an error instead of looping.

use std::future::Future;

use futures::stream::{self, BoxStream, StreamExt};
use serde_json::Value;

use super::error::AwsError;

pub type Pages = BoxStream<'static, Result<Vec<Value>, AwsError>>;

/// One fetched page: its items and the token of the next one.
pub(crate) type Page = (Vec<Value>, Option<String>);

enum Cursor {
    /// The next page to fetch: `None` is the first.
    At(Option<String>),
    Done,
}

/// Pages of a list call; `fetch(token)` gets one page.
pub(crate) fn pages<F, Fut>(fetch: F) -> Pages
where
    F: Fn(Option<String>) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Page, AwsError>> + Send + 'static,
{
    stream::unfold((fetch, Cursor::At(None)), |(fetch, cursor)| async move {
        let token = match cursor {
            Cursor::Done => return None,
            Cursor::At(token) => token,
        };
        match fetch(token.clone()).await {
            Err(e) => Some((Err(e), (fetch, Cursor::Done))),
            Ok((items, next)) => {
                let next = next.filter(|t| !t.is_empty());
                if next.is_some() && next == token {
                    let e = AwsError::invalid("the service repeated the same page token");
                    return Some((Err(e), (fetch, Cursor::Done)));
                }
                let cursor = match next {
                    Some(t) => Cursor::At(Some(t)),
                    None => Cursor::Done,
                };
                Some((Ok(items), (fetch, cursor)))
            }
        }
    })
    .boxed()
}

/// A list that fails before its first page (a filter that cannot be sent).
pub(crate) fn failed(e: AwsError) -> Pages {
    stream::once(async move { Err(e) }).boxed()
}

/// Drains pages into one list (stops at the first error).
pub async fn collect_pages(mut pages: Pages) -> Result<Vec<Value>, AwsError> {
    let mut out = Vec::new();
    while let Some(page) = pages.next().await {
        out.extend(page?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[tokio::test]
    async fn follows_tokens_until_none_or_empty() {
        let p = pages(|token: Option<String>| async move {
            Ok(match token.as_deref() {
                None => (vec![json!(1)], Some("a".to_string())),
                Some("a") => (vec![], Some("b".to_string())),
                _ => (vec![json!(2)], Some(String::new())),
            })
        });
        let got: Vec<_> = p.collect().await;
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap(), &vec![json!(1)]);
        assert_eq!(got[2].as_ref().unwrap(), &vec![json!(2)]);
    }

    #[tokio::test]
    async fn a_repeated_token_ends_with_an_error() {
        let p = pages(|_token: Option<String>| async move {
            Ok((vec![json!(1)], Some("same".to_string())))
        });
        let got: Vec<_> = p.collect().await;
        assert_eq!(got.len(), 2);
        assert!(got[1].is_err());
    }

    #[tokio::test]
    async fn an_error_ends_the_stream() {
        let p = pages(
            |_token: Option<String>| async move { Err::<Page, _>(AwsError::invalid("nope")) },
        );
        assert!(collect_pages(p).await.is_err());
    }
}
