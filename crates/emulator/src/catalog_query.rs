//! Catalog-style listing: `limit` and `start` offset paging, `orderBy`, `properties` and
//! filters by property name, as the Catalog Service documents them ("Filter Catalog data
//! using query parameters"). Used by the Catalog's `dataSets` and by Flow Service's
//! `connectionSpecs/{id}/configs`, whose dataset listing takes "the standard parameters
//! of the Catalog Service API" (export-datasets tutorial).
//!
//! Errors are plain text; each caller wraps them in its own service's error shape.

use std::cmp::Ordering;

use serde_json::{Map, Value};

/// What the Catalog answers without a `limit` ("the maximum number of objects per
/// response payload is 20").
pub const DEFAULT_LIMIT: usize = 20;
/// "The global limit for all other Catalog queries is 100 objects"; more is refused.
pub const MAX_LIMIT: usize = 100;

#[derive(Clone, Debug, PartialEq)]
pub struct CatalogQuery {
    pub limit: usize,
    pub start: usize,
    /// Dotted path and whether descending.
    order: Option<(Vec<String>, bool)>,
    /// `properties=name,schemaRef`: the members each answered object keeps.
    properties: Option<Vec<String>>,
    /// `name=Web Events`: dotted path and the values any of which matches.
    filters: Vec<(Vec<String>, Vec<String>)>,
}

impl CatalogQuery {
    /// Reads the query; `own` names parameters the caller handles itself (the configs
    /// endpoint's `outputType`, `outputField`), which are neither paging nor filters.
    pub fn from_pairs(pairs: &[(String, String)], own: &[&str]) -> Result<Self, String> {
        let mut q = CatalogQuery {
            limit: DEFAULT_LIMIT,
            start: 0,
            order: None,
            properties: None,
            filters: Vec::new(),
        };
        for (k, v) in pairs {
            match k.as_str() {
                "limit" => q.limit = limit(v)?,
                "start" => {
                    q.start = v.trim().parse().map_err(|_| {
                        format!("'start' must be a whole number of at least 0, not '{v}'.")
                    })?;
                }
                "orderBy" | "orderby" => q.order = Some(order(v)?),
                "properties" => {
                    let names: Vec<String> = v
                        .split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(String::from)
                        .collect();
                    q.properties = (!names.is_empty()).then_some(names);
                }
                "property" => {
                    return Err(
                        "The 'property' filter expressions are not supported here; filter by name, e.g. 'name=Web Events'."
                            .into(),
                    );
                }
                k if own.contains(&k) => {}
                _ => q.filters.push((
                    path(k),
                    v.split(',').map(|s| s.trim().to_string()).collect(),
                )),
            }
        }
        Ok(q)
    }

    /// The page of `docs` this query asks for, and how many matched in all.
    pub fn page<'a>(&self, docs: impl Iterator<Item = &'a Value>) -> (Vec<&'a Value>, usize) {
        let mut hits: Vec<&Value> = docs.filter(|d| self.matches(d)).collect();
        let id = |d: &Value| {
            d.get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        if let Some((field, desc)) = &self.order {
            hits.sort_by(|a, b| {
                let o = match (at(a, field), at(b, field)) {
                    (Some(x), Some(y)) if *desc => compare(x, y).reverse(),
                    (Some(x), Some(y)) => compare(x, y),
                    // Objects without the property come last, whichever the direction.
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                };
                o.then_with(|| id(a).cmp(&id(b)))
            });
        }
        let total = hits.len();
        let page = hits.into_iter().skip(self.start).take(self.limit).collect();
        (page, total)
    }

    fn matches(&self, doc: &Value) -> bool {
        self.filters.iter().all(|(field, wanted)| {
            at(doc, field).is_some_and(|v| {
                let text = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                wanted.contains(&text)
            })
        })
    }

    /// The members `properties` keeps (all when it is not given); `id` is never one of
    /// them, since the answers carry it as the key or as a member of their own.
    pub fn project(&self, doc: &Value) -> Map<String, Value> {
        let Some(obj) = doc.as_object() else {
            return Map::new();
        };
        obj.iter()
            .filter(|(k, _)| *k != "id")
            .filter(|(k, _)| {
                self.properties
                    .as_ref()
                    .is_none_or(|keep| keep.iter().any(|p| p == *k))
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}

fn limit(v: &str) -> Result<usize, String> {
    match v.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        _ => Err(format!(
            "'limit' must be a whole number from 1 to {MAX_LIMIT}, not '{v}'."
        )),
    }
}

/// `name`, `+name`, `-created`, `asc:name`, `desc:created` (both forms are in use).
fn order(v: &str) -> Result<(Vec<String>, bool), String> {
    let v = v.trim();
    let (field, desc) = if let Some(f) = v.strip_prefix("desc:") {
        (f, true)
    } else if let Some(f) = v.strip_prefix("asc:") {
        (f, false)
    } else if let Some(f) = v.strip_prefix('-') {
        (f, true)
    } else {
        (v.strip_prefix('+').unwrap_or(v), false)
    };
    let valid = !field.is_empty()
        && field
            .split('.')
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if !valid {
        return Err(format!(
            "'orderBy' must name a property, optionally after '-' or 'desc:', not '{v}'."
        ));
    }
    Ok((path(field), desc))
}

fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(String::from).collect()
}

fn at<'a>(doc: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |v, k| v.get(k))
}

/// Numbers by value, text case-blind.
fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .unwrap_or(0.0)
            .total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Value::String(x), Value::String(y)) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| x.cmp(y)),
        (x, y) => x.to_string().cmp(&y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(s: &str) -> Result<CatalogQuery, String> {
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(s.as_bytes())
            .into_owned()
            .collect();
        CatalogQuery::from_pairs(&pairs, &["outputType"])
    }

    fn docs() -> Vec<Value> {
        vec![
            json!({"id": "a", "name": "web events", "created": 3, "schemaRef": {"id": "s1"}}),
            json!({"id": "b", "name": "CRM Contacts", "created": 1, "schemaRef": {"id": "s2"}}),
            json!({"id": "c", "name": "Orders", "created": 2}),
        ]
    }

    fn ids(q: &CatalogQuery, docs: &[Value]) -> (Vec<String>, usize) {
        let (page, total) = q.page(docs.iter());
        let ids = page
            .iter()
            .map(|d| d["id"].as_str().unwrap_or("").to_string())
            .collect();
        (ids, total)
    }

    #[test]
    fn defaults_are_the_catalogs_and_bad_paging_is_refused() {
        let d = q("outputType=x").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((d.limit, d.start), (DEFAULT_LIMIT, 0));
        for bad in [
            "limit=0",
            "limit=101",
            "limit=ten",
            "start=-1",
            "orderBy=-",
            "property=a",
        ] {
            assert!(q(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn orders_filters_pages_and_projects() {
        let docs = docs();
        let by = |s: &str| ids(&q(s).unwrap_or_else(|e| panic!("{e}")), &docs);
        assert_eq!(by("orderBy=name").0, ["b", "c", "a"]);
        assert_eq!(by("orderBy=-created").0, ["a", "c", "b"]);
        assert_eq!(by("orderBy=desc:created").0, ["a", "c", "b"]);
        assert_eq!(
            by("orderBy=created&start=1&limit=1"),
            (vec!["c".to_string()], 3)
        );
        assert_eq!(by("name=Orders").0, ["c"]);
        assert_eq!(by("name=Orders,CRM%20Contacts&orderBy=name").0, ["b", "c"]);
        assert_eq!(by("schemaRef.id=s1").0, ["a"]);
        assert_eq!(by("name=nothing"), (Vec::<String>::new(), 0));
        // Missing values sort last whichever way.
        assert_eq!(by("orderBy=schemaRef.id").0, ["a", "b", "c"]);
        assert_eq!(by("orderBy=-schemaRef.id").0, ["b", "a", "c"]);
        let p = q("properties=name,schemaRef").unwrap_or_else(|e| panic!("{e}"));
        let kept = p.project(&docs[0]);
        assert_eq!(
            kept.keys().collect::<Vec<_>>(),
            ["name", "schemaRef"],
            "{kept:?}"
        );
    }
}
