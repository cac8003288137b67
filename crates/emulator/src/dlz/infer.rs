//! Column types for delimited previews and JSON-schema for hierarchical ones, inferred
//! from the sampled rows the way the preview shows them.

use serde_json::{Map, Value, json};

/// A flat column type, narrowest first within each family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ColType {
    Boolean,
    Integer,
    Long,
    Double,
    Date,
    DateTime,
    String,
}

impl ColType {
    pub(super) fn name(self) -> &'static str {
        match self {
            ColType::Boolean => "boolean",
            ColType::Integer => "integer",
            ColType::Long => "long",
            ColType::Double => "double",
            ColType::Date => "date",
            ColType::DateTime => "date-time",
            ColType::String => "string",
        }
    }

    /// The XDM type a mapping would target.
    pub(super) fn xdm(self) -> Value {
        match self {
            ColType::Boolean => json!({"type": "boolean"}),
            ColType::Integer | ColType::Long => json!({"type": "integer"}),
            ColType::Double => json!({"type": "number"}),
            ColType::Date => json!({"type": "string", "format": "date"}),
            ColType::DateTime => json!({"type": "string", "format": "date-time"}),
            ColType::String => json!({"type": "string"}),
        }
    }

    /// The schema entry of a flat preview column.
    pub(super) fn column(self, name: &str) -> Value {
        json!({"name": name, "type": self.name(), "xdm": self.xdm()})
    }
}

/// The type of one non-empty text value.
fn type_of(v: &str) -> ColType {
    if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") {
        return ColType::Boolean;
    }
    let digits = v.strip_prefix('-').unwrap_or(v);
    // Leading zeros mean an identifier or postal code, not a number.
    let leading_zero = digits.len() > 1 && digits.starts_with('0');
    if !leading_zero && !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return match v.parse::<i32>() {
            Ok(_) => ColType::Integer,
            Err(_) if v.parse::<i64>().is_ok() => ColType::Long,
            Err(_) => ColType::String,
        };
    }
    let numeric_chars = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    // Zero-padded decimals ("0042.50") are still amounts, unlike zero-padded integers.
    if numeric_chars && digits.contains('.') && v.parse::<f64>().is_ok() {
        return ColType::Double;
    }
    if chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok() {
        return ColType::Date;
    }
    if is_datetime(v) {
        return ColType::DateTime;
    }
    ColType::String
}

fn is_datetime(v: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(v).is_ok()
        || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").is_ok()
        || chrono::NaiveDateTime::parse_from_str(v, "%Y-%m-%d %H:%M:%S").is_ok()
}

fn widen(a: ColType, b: ColType) -> ColType {
    use ColType::*;
    match (a, b) {
        _ if a == b => a,
        (Integer, Long) | (Long, Integer) => Long,
        (Integer | Long, Double) | (Double, Integer | Long) => Double,
        (Date, DateTime) | (DateTime, Date) => DateTime,
        _ => String,
    }
}

/// Infers each column's type from the sampled rows; empty cells say nothing.
pub(super) fn column_types(width: usize, rows: &[Vec<String>]) -> Vec<ColType> {
    (0..width)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(type_of)
                .reduce(widen)
                .unwrap_or(ColType::String)
        })
        .collect()
}

/// JSON-schema of one value.
pub(super) fn json_schema(v: &Value) -> Value {
    match v {
        Value::Null => json!({"type": "null"}),
        Value::Bool(_) => json!({"type": "boolean"}),
        Value::Number(n) if n.is_i64() || n.is_u64() => json!({"type": "integer"}),
        Value::Number(_) => json!({"type": "number"}),
        Value::String(s) => match type_of(s) {
            ColType::Date => json!({"type": "string", "format": "date"}),
            ColType::DateTime => json!({"type": "string", "format": "date-time"}),
            _ => json!({"type": "string"}),
        },
        Value::Array(items) => {
            let merged = items.iter().map(json_schema).reduce(|a, b| merge(&a, &b));
            json!({"type": "array", "items": merged.unwrap_or_else(|| json!({}))})
        }
        Value::Object(map) => {
            let props: Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), json_schema(v)))
                .collect();
            json!({"type": "object", "properties": props})
        }
    }
}

/// The schema that admits values of both `a` and `b` (records of one file differ in
/// which optional fields they carry).
pub(super) fn merge(a: &Value, b: &Value) -> Value {
    let (ta, tb) = (a["type"].as_str(), b["type"].as_str());
    match (ta, tb) {
        (Some("null"), _) => b.clone(),
        (_, Some("null")) => a.clone(),
        (Some("object"), Some("object")) => {
            let mut props = a["properties"].as_object().cloned().unwrap_or_default();
            if let Some(bp) = b["properties"].as_object() {
                for (k, v) in bp {
                    let m = match props.get(k) {
                        Some(existing) => merge(existing, v),
                        None => v.clone(),
                    };
                    props.insert(k.clone(), m);
                }
            }
            json!({"type": "object", "properties": props})
        }
        (Some("array"), Some("array")) => {
            let items = match (a.get("items"), b.get("items")) {
                (Some(x), Some(y)) if x.get("type").is_some() && y.get("type").is_some() => {
                    merge(x, y)
                }
                (Some(x), Some(_)) if x.get("type").is_some() => x.clone(),
                (_, Some(y)) => y.clone(),
                (Some(x), None) => x.clone(),
                (None, None) => json!({}),
            };
            json!({"type": "array", "items": items})
        }
        (Some("integer"), Some("number")) | (Some("number"), Some("integer")) => {
            json!({"type": "number"})
        }
        (Some("string"), Some("string")) if a != b => json!({"type": "string"}),
        _ if a == b => a.clone(),
        _ => json!({"type": "string"}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    #[test]
    fn text_columns_get_the_narrowest_common_type() {
        let r = rows(&[
            &[
                "1",
                "2.5",
                "true",
                "2026-10-01",
                "02108",
                "2026-10-01T10:00:00Z",
                "",
            ],
            &[
                "20",
                "3",
                "FALSE",
                "2026-10-02",
                "98101",
                "2026-10-02T11:00:00Z",
                "",
            ],
            &[
                "9999999999",
                "-1.25",
                "",
                "2026-10-03",
                "x",
                "2026-10-03",
                "",
            ],
        ]);
        let t = column_types(7, &r);
        use ColType::*;
        assert_eq!(
            t,
            vec![Long, Double, Boolean, Date, String, DateTime, String]
        );
    }

    #[test]
    fn json_schemas_merge_optional_fields_and_widen_numbers() {
        let a = json_schema(&json!({"id": 1, "tags": [], "p": {"x": 1}}));
        let b = json_schema(&json!({"id": 1.5, "tags": ["a"], "p": {"y": "2026-10-01"}}));
        let m = merge(&a, &b);
        assert_eq!(m["properties"]["id"], json!({"type": "number"}));
        assert_eq!(m["properties"]["tags"]["items"], json!({"type": "string"}));
        assert_eq!(
            m["properties"]["p"]["properties"]["y"],
            json!({"type": "string", "format": "date"})
        );
        assert_eq!(
            m["properties"]["p"]["properties"]["x"],
            json!({"type": "integer"})
        );
    }
}
