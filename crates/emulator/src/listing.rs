//! List requests: `limit`, `count`, `orderby`, `property` and `continuationToken`, and
//! the `{"items", "_links"}` pages built from a [`Collection`].
//!
//! The continuation token carries the whole query (filters, order, limit) and the key
//! of the last item served, because clients such as aepp resend only the token
//! (aep-api-notes §3). It is base64url without padding, so it holds no `=` or `&`, and
//! `_links.next.href` is exactly `/<resource>?continuationToken=<TOKEN>`.

use std::cmp::Ordering;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::collection::{Collection, Key};
use super::filter::{Filter, Segment};
use super::problem::Problem;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 1000;

/// Fields a list can be ordered by. Anything else is FLOW-1433-400.
const ORDERABLE: &[&str] = &[
    "id",
    "name",
    "createdAt",
    "updatedAt",
    "state",
    "flowId",
    "metrics.durationSummary.startedAtUTC",
    "metrics.durationSummary.completedAtUTC",
    "metrics.statusSummary.status",
];

#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub limit: usize,
    pub count: bool,
    pub filters: Vec<Filter>,
    /// Field and whether it sorts descending.
    pub orderby: Option<(String, bool)>,
    pub after: Option<Cursor>,
}

/// Where the previous page stopped: the last item's key and, for a custom order, its
/// sort value.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Cursor {
    pub created: i64,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Value>,
}

#[derive(Serialize, Deserialize)]
struct Token {
    #[serde(rename = "p", default)]
    property: Vec<String>,
    #[serde(rename = "o", default)]
    orderby: Option<String>,
    #[serde(rename = "l")]
    limit: usize,
    #[serde(rename = "a")]
    after: Cursor,
}

impl ListQuery {
    /// Parses raw query pairs (repeated keys allowed: `property` is ANDed, a repeated
    /// `limit` takes the last value, as aepp sends duplicates).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<ListQuery, Problem> {
        let mut limit = None;
        let mut count = false;
        let mut raw_filters = Vec::new();
        let mut orderby = None;
        let mut token = None;
        for (k, v) in pairs {
            match k.as_str() {
                "limit" => {
                    let n: usize = v.trim().parse().map_err(|_| {
                        Problem::bad_request(
                            1452,
                            format!("Invalid limit '{v}': expected a positive integer."),
                        )
                    })?;
                    if n == 0 {
                        return Err(Problem::bad_request(
                            1452,
                            "Invalid limit '0': expected a positive integer.",
                        ));
                    }
                    limit = Some(n.min(MAX_LIMIT));
                }
                "count" => {
                    count = parse_bool(v).ok_or_else(|| {
                        Problem::bad_request(
                            1452,
                            format!("Invalid count '{v}': expected true or false."),
                        )
                    })?
                }
                "property" => raw_filters.push(v.clone()),
                "orderby" | "orderBy" => orderby = Some(v.clone()),
                "continuationToken" => token = Some(v.clone()),
                _ => {}
            }
        }
        let mut after = None;
        if let Some(t) = token {
            let tok = decode_token(&t)?;
            // The token's query wins: the client may have dropped its params.
            raw_filters = tok.property;
            orderby = tok.orderby;
            limit = Some(limit.unwrap_or(tok.limit));
            after = Some(tok.after);
        }
        let filters = raw_filters
            .iter()
            .map(|f| Filter::parse(f))
            .collect::<Result<Vec<_>, _>>()?;
        let orderby = orderby.map(|o| parse_orderby(&o)).transpose()?;
        Ok(ListQuery {
            limit: limit.unwrap_or(DEFAULT_LIMIT),
            count,
            filters,
            orderby,
            after,
        })
    }

    fn token_for(&self, last: Cursor) -> String {
        let tok = Token {
            property: self.filters.iter().map(|f| f.raw.clone()).collect(),
            orderby: self
                .orderby
                .as_ref()
                .map(|(f, desc)| format!("{}{f}", if *desc { "-" } else { "+" })),
            limit: self.limit,
            after: last,
        };
        let bytes = serde_json::to_vec(&tok).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(bytes)
    }
}

pub fn parse_bool(v: &str) -> Option<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

fn decode_token(t: &str) -> Result<Token, Problem> {
    URL_SAFE_NO_PAD
        .decode(t.trim())
        .ok()
        .and_then(|b| serde_json::from_slice::<Token>(&b).ok())
        // The emulator writes limits of 1..=MAX_LIMIT: any other token was not made here,
        // and its limit would end the listing at once (0) or size a page buffer that
        // cannot be allocated (`usize::MAX`).
        .filter(|tok| (1..=MAX_LIMIT).contains(&tok.limit))
        .ok_or_else(|| Problem::bad_request(1453, format!("Invalid continuationToken '{t}'.")))
}

fn parse_orderby(o: &str) -> Result<(String, bool), Problem> {
    // An unencoded `+` arrives as a space.
    let o = o.trim();
    let (field, desc) = match o.strip_prefix('-') {
        Some(f) => (f, true),
        None => (o.strip_prefix('+').unwrap_or(o), false),
    };
    if field.is_empty() || field.contains([',', ' ']) {
        return Err(Problem::bad_request(
            1432,
            format!("Invalid orderby '{o}': give one field, optionally prefixed with + or -."),
        ));
    }
    if !ORDERABLE.contains(&field) {
        return Err(Problem::bad_request(
            1433,
            format!(
                "Cannot order by '{field}'. Supported fields: {}.",
                ORDERABLE.join(", ")
            ),
        ));
    }
    Ok((field.to_string(), desc))
}

/// How a collection's items are seen by listing: the values at a property path (for
/// filters and ordering) and the JSON served.
pub trait Listable {
    fn values_at(&self, path: &[Segment]) -> Vec<Value>;
    fn render(&self) -> Value;
    /// The JSON served, written to `out`; items that can write themselves without
    /// building a tree (runs) say so here.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        serde_json::to_writer(out, &self.render())
    }
}

/// What a list request selects: a count, or one page of views and its next link.
pub enum Selection<V> {
    Count(usize),
    Page { items: Vec<V>, next: Option<String> },
}

/// Answers a list request over `items`: `{"count"}` or `{"items","_links"}`.
/// `resource` is the path segment used in `_links.next.href`, e.g. `flows`.
pub fn list<'c, T, V: Listable>(
    items: &'c Collection<T>,
    view: impl Fn(&'c T) -> V,
    q: &ListQuery,
    resource: &str,
) -> Value {
    match select(items, view, q, resource) {
        Selection::Count(n) => json!({ "count": n }),
        Selection::Page { items, next } => {
            let items: Vec<Value> = items.iter().map(Listable::render).collect();
            json!({ "items": items, "_links": links(next) })
        }
    }
}

/// [`list`] written straight to bytes, each item by [`Listable::write_json`]: the same
/// answer, without a tree for the page.
pub fn list_bytes<'c, T, V: Listable>(
    items: &'c Collection<T>,
    view: impl Fn(&'c T) -> V,
    q: &ListQuery,
    resource: &str,
) -> serde_json::Result<Vec<u8>> {
    match select(items, view, q, resource) {
        Selection::Count(n) => serde_json::to_vec(&json!({ "count": n })),
        Selection::Page { items, next } => {
            let mut out = Vec::with_capacity(items.len() * 2048 + 64);
            out.extend_from_slice(b"{\"items\":[");
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                v.write_json(&mut out)?;
            }
            out.extend_from_slice(b"],\"_links\":");
            serde_json::to_writer(&mut out, &links(next))?;
            out.push(b'}');
            Ok(out)
        }
    }
}

/// `_links` of a page: the next one's href, or nothing on the last.
fn links(next: Option<String>) -> Value {
    match next {
        Some(href) => json!({ "next": { "href": href } }),
        None => json!({}),
    }
}

/// The views a list request selects, in order, and the next page's link.
pub fn select<'c, T, V: Listable>(
    items: &'c Collection<T>,
    view: impl Fn(&'c T) -> V,
    q: &ListQuery,
    resource: &str,
) -> Selection<V> {
    let matches = |v: &V| {
        q.filters
            .iter()
            .all(|f| f.matches_values(&v.values_at(&f.path)))
    };
    if q.count {
        let n = items.iter_desc().filter(|(_, t)| matches(&view(t))).count();
        return Selection::Count(n);
    }
    let mut page: Vec<(Cursor, V)> = Vec::with_capacity(q.limit + 1);
    match &q.orderby {
        None => {
            let iter: Box<dyn Iterator<Item = (&Key, &T)>> = match &q.after {
                Some(c) => Box::new(items.iter_desc_after((c.created, c.id.clone()))),
                None => Box::new(items.iter_desc()),
            };
            for (key, t) in iter {
                let v = view(t);
                if matches(&v) {
                    let cursor = Cursor {
                        created: key.0,
                        id: key.1.clone(),
                        sort: None,
                    };
                    page.push((cursor, v));
                    if page.len() > q.limit {
                        break;
                    }
                }
            }
        }
        Some((field, desc)) => {
            let path: Vec<Segment> = field
                .split('.')
                .map(|s| Segment {
                    name: s.to_string(),
                    many: false,
                })
                .collect();
            let mut sorted: Vec<(Option<Value>, &Key, V)> = items
                .iter_desc()
                .map(|(k, t)| (k, view(t)))
                .filter(|(_, v)| matches(v))
                // A `null` sorts as a missing value: the continuation token cannot tell
                // `Some(null)` from `None`, so the next page would start after every item.
                .map(|(k, v)| {
                    let sort = v.values_at(&path).into_iter().find(|s| !s.is_null());
                    (sort, k, v)
                })
                .collect();
            let cmp = |a: (&Option<Value>, &Key), b: (&Option<Value>, &Key)| {
                let o = cmp_sort(a.0, b.0).then_with(|| a.1.cmp(b.1));
                if *desc { o.reverse() } else { o }
            };
            sorted.sort_by(|a, b| cmp((&a.0, a.1), (&b.0, b.1)));
            let start = match &q.after {
                Some(c) => {
                    let key = (c.created, c.id.clone());
                    sorted
                        .partition_point(|e| cmp((&e.0, e.1), (&c.sort, &key)) != Ordering::Greater)
                }
                None => 0,
            };
            for (sort, key, v) in sorted.into_iter().skip(start).take(q.limit + 1) {
                let cursor = Cursor {
                    created: key.0,
                    id: key.1.clone(),
                    sort,
                };
                page.push((cursor, v));
            }
        }
    }
    let next = if page.len() > q.limit {
        page.truncate(q.limit);
        page.last().map(|(c, _)| q.token_for(c.clone()))
    } else {
        None
    };
    Selection::Page {
        items: page.into_iter().map(|(_, v)| v).collect(),
        next: next.map(|t| format!("/{resource}?continuationToken={t}")),
    }
}

/// Missing values sort last; numbers numerically; strings case-insensitively.
fn cmp_sort(a: &Option<Value>, b: &Option<Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| x.cmp(y)),
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

/// JSON documents list as themselves.
impl Listable for &Value {
    fn values_at(&self, path: &[Segment]) -> Vec<Value> {
        super::filter::values_at(self, path)
    }
    fn render(&self) -> Value {
        (*self).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(q: &[(&str, &str)]) -> Vec<(String, String)> {
        q.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn sample() -> Collection<Value> {
        let mut c = Collection::default();
        for i in 0..25 {
            let v = json!({"id": format!("id{i:02}"), "name": format!("N{}", 25 - i), "createdAt": i, "even": i % 2 == 0});
            c.insert(i, format!("id{i:02}"), v);
        }
        c
    }

    fn ids(page: &Value) -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    }

    fn next_token(page: &Value) -> Option<String> {
        let href = page["_links"]["next"]["href"].as_str()?;
        Some(href.split_once("continuationToken=")?.1.to_string())
    }

    fn walk(c: &Collection<Value>, first: &[(&str, &str)]) -> Vec<String> {
        let mut q = ListQuery::from_pairs(&pairs(first)).unwrap();
        let mut all = Vec::new();
        loop {
            let page = list(c, |v| v, &q, "things");
            all.extend(ids(&page));
            match next_token(&page) {
                // Only the token is resent, as aepp does.
                Some(t) => q = ListQuery::from_pairs(&pairs(&[("continuationToken", &t)])).unwrap(),
                None => return all,
            }
        }
    }

    #[test]
    fn pages_cover_everything_once_in_default_order() {
        let c = sample();
        let all = walk(&c, &[("limit", "10")]);
        assert_eq!(all.len(), 25);
        assert_eq!(all[0], "id24");
        assert_eq!(all[24], "id00");
    }

    #[test]
    fn the_token_carries_filters_and_order() {
        let c = sample();
        let evens = walk(&c, &[("limit", "4"), ("property", "even==true")]);
        assert_eq!(evens.len(), 13);
        let by_name = walk(&c, &[("limit", "7"), ("orderby", "name")]);
        let mut expected = by_name.clone();
        expected.sort_by_key(|id| {
            let i: i64 = id[2..].parse().unwrap();
            format!("n{}", 25 - i).to_lowercase()
        });
        assert_eq!(by_name, expected);
        assert_eq!(by_name.len(), 25);
        let desc = walk(&c, &[("limit", "6"), ("orderby", "-createdAt")]);
        assert_eq!(desc, walk(&c, &[("limit", "100")]));
    }

    #[test]
    fn href_format_is_what_aepp_parses() {
        let c = sample();
        let q =
            ListQuery::from_pairs(&pairs(&[("limit", "5"), ("property", "even==true")])).unwrap();
        let page = list(&c, |v| v, &q, "flows");
        let href = page["_links"]["next"]["href"].as_str().unwrap();
        assert!(href.starts_with("/flows?continuationToken="));
        assert_eq!(href.matches('=').count(), 1, "aepp splits on '='");
        assert!(!href.contains('&'));
        let last = list(
            &c,
            |v| v,
            &ListQuery::from_pairs(&pairs(&[("limit", "100")])).unwrap(),
            "flows",
        );
        assert_eq!(last["_links"], json!({}));
    }

    #[test]
    fn count_and_errors() {
        let c = sample();
        let q = ListQuery::from_pairs(&pairs(&[
            ("count", "True"),
            ("limit", "3"),
            ("property", "even==false"),
        ]))
        .unwrap();
        assert_eq!(list(&c, |v| v, &q, "x"), json!({"count": 12}));
        let code = |p: &[(&str, &str)]| match ListQuery::from_pairs(&pairs(p)) {
            Err(Problem::Flow { code, .. }) => code,
            _ => 0,
        };
        assert_eq!(code(&[("orderby", "bogus")]), 1433);
        assert_eq!(code(&[("orderby", "-")]), 1432);
        assert_eq!(code(&[("continuationToken", "nope!")]), 1453);
        assert_eq!(code(&[("limit", "x")]), 1452);
        assert_eq!(code(&[("property", "name~x")]), 1440);
        // `+name` arriving unencoded is ` name`.
        assert!(ListQuery::from_pairs(&pairs(&[("orderby", " name")])).is_ok());
    }

    #[test]
    fn the_written_answer_is_the_tree_answer() {
        let c = sample();
        for query in [
            vec![],
            vec![("limit", "7")],
            vec![("limit", "5"), ("orderby", "-name")],
            vec![("property", "even==true"), ("limit", "3")],
            vec![("count", "true")],
        ] {
            let q = ListQuery::from_pairs(&pairs(&query)).unwrap();
            let bytes = list_bytes(&c, |v| v, &q, "things").unwrap();
            let written: Value = serde_json::from_slice(&bytes).unwrap();
            assert_eq!(written, list(&c, |v| v, &q, "things"), "{query:?}");
        }
    }
}
