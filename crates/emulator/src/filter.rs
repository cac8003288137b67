//! Flow Service `property` filters: parsing `path<op>value` and matching JSON against it.
//!
//! Semantics follow aep-api-notes §3: repeated filters are ANDed; `==` with commas means
//! "any of"; `[]` after a segment descends into arrays; quoted values are unquoted;
//! numbers and booleans compare as such, strings case-insensitively (the docs filter
//! `status==Failed`, aepp sends `failed`). `~` is FLOW-1440-400, a range operator with
//! several values is FLOW-1443-400, an unknown operator FLOW-1450-400, and Catalog-style
//! `name` / `!name` existence filters FLOW-1453-400.

use std::cmp::Ordering;

use serde_json::Value;

use super::problem::Problem;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
}

/// One segment of a property path; `many` is set by a trailing `[]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub name: String,
    pub many: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Filter {
    /// The text as received, kept so continuation tokens can carry it.
    pub raw: String,
    pub path: Vec<Segment>,
    /// The path without `[]`, e.g. `metrics.statusSummary.status`.
    pub dotted: String,
    pub op: Op,
    pub values: Vec<String>,
}

const PATH_CHARS: fn(char) -> bool = |c| c.is_ascii_alphanumeric() || "_.[]@$-".contains(c);

impl Filter {
    pub fn parse(raw: &str) -> Result<Filter, Problem> {
        let text = raw.trim();
        if text.starts_with('!') || text.chars().all(PATH_CHARS) {
            return Err(Problem::bad_request(
                1453,
                format!(
                    "Invalid property filter '{text}': existence filters are not supported; use <path><operator><value>."
                ),
            ));
        }
        let split = text.find(|c: char| !PATH_CHARS(c)).unwrap_or(text.len());
        let (path_text, rest) = text.split_at(split);
        if path_text.is_empty() {
            return Err(Problem::bad_request(
                1453,
                format!("Invalid property filter '{text}': the property path is missing."),
            ));
        }
        let op_len = rest
            .find(|c: char| !"=!<>~".contains(c))
            .unwrap_or(rest.len());
        let (op_text, value_text) = rest.split_at(op_len);
        let op = match op_text {
            "==" => Op::Eq,
            "!=" => Op::Ne,
            ">" => Op::Gt,
            "<" => Op::Lt,
            ">=" => Op::Ge,
            "<=" => Op::Le,
            "~" => {
                return Err(Problem::bad_request(
                    1440,
                    format!("Operator '~' in property filter '{text}' is not implemented."),
                ));
            }
            other => {
                return Err(Problem::bad_request(
                    1450,
                    format!(
                        "Invalid operator '{other}' in property filter '{text}'. Supported operators: ==, !=, >, <, >=, <=."
                    ),
                ));
            }
        };
        let path = parse_path(path_text).ok_or_else(|| {
            Problem::bad_request(
                1453,
                format!("Invalid property path '{path_text}' in filter '{text}'."),
            )
        })?;
        let values: Vec<String> = value_text.split(',').map(unquote).collect();
        if values.iter().any(String::is_empty) {
            return Err(Problem::bad_request(
                1452,
                format!("Invalid filter value in '{text}': a value is empty."),
            ));
        }
        if values.len() > 1 && !matches!(op, Op::Eq | Op::Ne) {
            return Err(Problem::bad_request(
                1443,
                format!(
                    "Operator '{op_text}' in '{text}' does not accept multiple values; use '==' with a comma-separated list."
                ),
            ));
        }
        if matches!(op, Op::Gt | Op::Lt | Op::Ge | Op::Le) && values[0].parse::<f64>().is_err() {
            return Err(Problem::bad_request(
                1452,
                format!(
                    "Invalid filter value '{}' in '{text}': operator '{op_text}' needs a number.",
                    values[0]
                ),
            ));
        }
        Ok(Filter {
            raw: raw.to_string(),
            dotted: path
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join("."),
            path,
            op,
            values,
        })
    }

    /// Whether any of the values found at the path satisfies the filter.
    /// A missing property counts as `null`: it matches `==null` and `!=x`.
    pub fn matches_values(&self, found: &[Value]) -> bool {
        if found.is_empty() {
            return self.matches_values(&[Value::Null]);
        }
        match self.op {
            Op::Eq => found
                .iter()
                .any(|v| self.values.iter().any(|w| equal(v, w))),
            Op::Ne => found
                .iter()
                .all(|v| self.values.iter().all(|w| !equal(v, w))),
            Op::Gt | Op::Lt | Op::Ge | Op::Le => found.iter().any(|v| {
                compare(v, &self.values[0]).is_some_and(|o| match self.op {
                    Op::Gt => o == Ordering::Greater,
                    Op::Lt => o == Ordering::Less,
                    Op::Ge => o != Ordering::Less,
                    _ => o != Ordering::Greater,
                })
            }),
        }
    }

    pub fn matches(&self, doc: &Value) -> bool {
        self.matches_values(&values_at(doc, &self.path))
    }
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    v.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .unwrap_or(v)
        .to_string()
}

fn parse_path(text: &str) -> Option<Vec<Segment>> {
    text.split('.')
        .map(|seg| {
            let (name, many) = match seg.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (seg, false),
            };
            (!name.is_empty() && !name.contains(['[', ']'])).then(|| Segment {
                name: name.to_string(),
                many,
            })
        })
        .collect()
}

/// Every value reached by the path; `[]` segments fan out over array elements.
pub fn values_at(doc: &Value, path: &[Segment]) -> Vec<Value> {
    let mut current = vec![doc];
    for seg in path {
        let mut next = Vec::new();
        for v in current {
            match v.get(&seg.name) {
                Some(Value::Array(items)) if seg.many => next.extend(items.iter()),
                Some(found) if !seg.many => next.push(found),
                _ => {}
            }
        }
        current = next;
    }
    current.into_iter().cloned().collect()
}

fn equal(v: &Value, w: &str) -> bool {
    match v {
        Value::String(s) => s.eq_ignore_ascii_case(w),
        Value::Number(n) => match (n.as_f64(), w.parse::<f64>()) {
            (Some(a), Ok(b)) => a == b,
            _ => false,
        },
        Value::Bool(b) => w.eq_ignore_ascii_case(if *b { "true" } else { "false" }),
        Value::Null => w.eq_ignore_ascii_case("null"),
        _ => false,
    }
}

fn compare(v: &Value, w: &str) -> Option<Ordering> {
    let b = w.parse::<f64>().ok()?;
    let a = match v {
        Value::Number(n) => n.as_f64()?,
        // Epoch times are sometimes strings (`scheduleParams.startTime`).
        Value::String(s) => s.parse::<f64>().ok()?,
        _ => return None,
    };
    a.partial_cmp(&b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code(r: Result<Filter, Problem>) -> u16 {
        match r {
            Err(Problem::Flow { code, .. }) => code,
            other => panic!("expected a flow problem, got {other:?}"),
        }
    }

    #[test]
    fn parses_operators_paths_and_lists() {
        let f = Filter::parse("metrics.statusSummary.status==success,failed").unwrap();
        assert_eq!(f.op, Op::Eq);
        assert_eq!(f.dotted, "metrics.statusSummary.status");
        assert_eq!(f.values, vec!["success", "failed"]);
        let f = Filter::parse("sourceConnectionIds[]==abc").unwrap();
        assert!(f.path[0].many);
        let f = Filter::parse("name==\"CloudStorageToAEP\"").unwrap();
        assert_eq!(f.values, vec!["CloudStorageToAEP"]);
        assert_eq!(Filter::parse("a>=5").unwrap().op, Op::Ge);
        assert_eq!(Filter::parse("a!=5").unwrap().op, Op::Ne);
    }

    #[test]
    fn rejects_what_flow_service_rejects() {
        assert_eq!(code(Filter::parse("name~abc")), 1440);
        assert_eq!(code(Filter::parse("createdAt<=1,2")), 1443);
        assert_eq!(code(Filter::parse("name=abc")), 1450);
        assert_eq!(code(Filter::parse("name<>abc")), 1450);
        assert_eq!(code(Filter::parse("name")), 1453);
        assert_eq!(code(Filter::parse("!name")), 1453);
        assert_eq!(code(Filter::parse("==abc")), 1453);
        assert_eq!(code(Filter::parse("createdAt>yesterday")), 1452);
        assert_eq!(code(Filter::parse("name==")), 1452);
    }

    #[test]
    fn matches_numbers_booleans_strings_and_arrays() {
        let doc = json!({
            "state": "enabled",
            "createdAt": 1_600_000_000_000_i64,
            "inheritedAttributes": {"properties": {"isSourceFlow": true}},
            "sourceConnectionIds": ["a", "b"],
            "metrics": {"statusSummary": {"status": "failed"}},
            "scheduleParams": {"startTime": "1612310466"}
        });
        let m = |f: &str| Filter::parse(f).unwrap().matches(&doc);
        assert!(m("state==ENABLED"));
        assert!(m("state==disabled,enabled"));
        assert!(!m("state!=enabled"));
        assert!(m("createdAt>1599999999999"));
        assert!(!m("createdAt<1599999999999"));
        assert!(m("createdAt>=1600000000000"));
        assert!(m("inheritedAttributes.properties.isSourceFlow==true"));
        assert!(!m("inheritedAttributes.properties.isDestinationFlow==true"));
        assert!(m("inheritedAttributes.properties.isDestinationFlow!=true"));
        assert!(m("missing==null"));
        assert!(!m("missing!=null"));
        assert!(m("state!=null"));
        assert!(m("sourceConnectionIds[]==b"));
        assert!(!m("sourceConnectionIds==b"));
        assert!(m("metrics.statusSummary.status==Failed"));
        assert!(m("scheduleParams.startTime<1700000000"));
    }
}
