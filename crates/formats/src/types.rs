//! Simple column types guessed from sample values: integer, float, boolean, timestamp,
//! string. Cells that are empty say nothing; one string cell makes a string column.

use serde_json::Value;

use super::ColumnType;

/// The type of one text cell, `None` for an empty one.
pub fn cell_type(s: &str) -> Option<ColumnType> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    if t.parse::<i64>().is_ok() {
        return Some(ColumnType::Int);
    }
    if t.parse::<f64>().is_ok_and(f64::is_finite) && t.chars().any(|c| c.is_ascii_digit()) {
        return Some(ColumnType::Float);
    }
    if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") {
        return Some(ColumnType::Bool);
    }
    if is_timestamp(t) {
        return Some(ColumnType::Timestamp);
    }
    Some(ColumnType::String)
}

/// RFC 3339, `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS[.fff]`.
fn is_timestamp(t: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(t).is_ok()
        || chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok()
        || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
}

/// The narrowest type all these fit: int within float, anything else mixed is a string.
pub fn merge(a: Option<ColumnType>, b: Option<ColumnType>) -> Option<ColumnType> {
    use ColumnType::*;
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(x), Some(y)) if x == y => Some(x),
        (Some(Int), Some(Float)) | (Some(Float), Some(Int)) => Some(Float),
        _ => Some(String),
    }
}

/// The type of a column of text cells.
pub fn column_type<'a>(cells: impl IntoIterator<Item = &'a str>) -> ColumnType {
    cells
        .into_iter()
        .fold(None, |acc, c| merge(acc, cell_type(c)))
        .unwrap_or(ColumnType::String)
}

/// The type of one JSON value; nested values are `Json`.
pub fn value_type(v: &Value) -> Option<ColumnType> {
    match v {
        Value::Null => None,
        Value::Bool(_) => Some(ColumnType::Bool),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(ColumnType::Int),
        Value::Number(_) => Some(ColumnType::Float),
        Value::String(s) if is_timestamp(s.trim()) => Some(ColumnType::Timestamp),
        Value::String(_) => Some(ColumnType::String),
        Value::Array(_) | Value::Object(_) => Some(ColumnType::Json),
    }
}

pub fn merge_json(a: Option<ColumnType>, b: Option<ColumnType>) -> Option<ColumnType> {
    match (a, b) {
        (Some(ColumnType::Json), Some(_)) | (Some(_), Some(ColumnType::Json)) => {
            Some(ColumnType::Json)
        }
        _ => merge(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cells_and_columns() {
        assert_eq!(cell_type("42"), Some(ColumnType::Int));
        assert_eq!(cell_type(" -3.5e2 "), Some(ColumnType::Float));
        assert_eq!(cell_type("TRUE"), Some(ColumnType::Bool));
        assert_eq!(cell_type("2024-01-06"), Some(ColumnType::Timestamp));
        assert_eq!(
            cell_type("2024-01-06T10:00:00Z"),
            Some(ColumnType::Timestamp)
        );
        assert_eq!(
            cell_type("2024-01-06 10:00:00.5"),
            Some(ColumnType::Timestamp)
        );
        assert_eq!(cell_type("NaN"), Some(ColumnType::String));
        assert_eq!(cell_type("inf"), Some(ColumnType::String));
        assert_eq!(cell_type(""), None);
        assert_eq!(column_type(["1", "", "2.5"]), ColumnType::Float);
        assert_eq!(column_type(["1", "x"]), ColumnType::String);
        assert_eq!(column_type(["", ""]), ColumnType::String);
        assert_eq!(column_type(["true", "false"]), ColumnType::Bool);
    }

    #[test]
    fn json_values() {
        assert_eq!(value_type(&json!(1)), Some(ColumnType::Int));
        assert_eq!(value_type(&json!(1.5)), Some(ColumnType::Float));
        assert_eq!(value_type(&json!({"a": 1})), Some(ColumnType::Json));
        assert_eq!(value_type(&json!(null)), None);
        assert_eq!(
            merge_json(Some(ColumnType::Int), Some(ColumnType::Json)),
            Some(ColumnType::Json)
        );
    }
}
