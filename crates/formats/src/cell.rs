//! One cell of an arrow column, decoded once for every way a preview shows it: as text
//! (flowscope's own range previews) or as JSON (the emulator's service-side preview). The
//! two used to decode arrow on their own and drifted apart.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type,
    TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, ArrowPrimitiveType};
use arrow_schema::{DataType, TimeUnit};
use serde_json::{Value, json};

use crate::parquet::rfc3339;

/// A decoded cell. Floats keep their width so each rendering stays as it was.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    F32(f32),
    F64(f64),
    Text(String),
    /// A calendar date, `2026-10-29`.
    Date(String),
    /// A timestamp in its column's unit.
    Time {
        value: i64,
        unit: TimeUnit,
    },
    /// A type a preview does not render (lists, structs, binary…).
    Other(DataType),
}

/// Row `row` of `col`; out of range reads as null.
pub fn decode(col: &ArrayRef, row: usize) -> Cell {
    if row >= col.len() || col.is_null(row) {
        return Cell::Null;
    }
    let int = |v: Option<i64>| v.map(Cell::Int);
    let uint = |v: Option<u64>| v.map(Cell::UInt);
    let decoded = match col.data_type() {
        DataType::Boolean => col.as_boolean_opt().map(|a| Cell::Bool(a.value(row))),
        DataType::Int8 => int(prim::<Int8Type>(col, row).map(i64::from)),
        DataType::Int16 => int(prim::<Int16Type>(col, row).map(i64::from)),
        DataType::Int32 => int(prim::<Int32Type>(col, row).map(i64::from)),
        DataType::Int64 => int(prim::<Int64Type>(col, row)),
        DataType::UInt8 => uint(prim::<UInt8Type>(col, row).map(u64::from)),
        DataType::UInt16 => uint(prim::<UInt16Type>(col, row).map(u64::from)),
        DataType::UInt32 => uint(prim::<UInt32Type>(col, row).map(u64::from)),
        DataType::UInt64 => uint(prim::<UInt64Type>(col, row)),
        DataType::Float32 => prim::<Float32Type>(col, row).map(Cell::F32),
        DataType::Float64 => prim::<Float64Type>(col, row).map(Cell::F64),
        DataType::Utf8 => col.as_string_opt::<i32>().map(|a| text(a.value(row))),
        DataType::LargeUtf8 => col.as_string_opt::<i64>().map(|a| text(a.value(row))),
        DataType::Utf8View => col.as_string_view_opt().map(|a| text(a.value(row))),
        DataType::Date32 => prim::<Date32Type>(col, row).and_then(|days| {
            chrono::DateTime::from_timestamp(i64::from(days) * 86_400, 0)
                .map(|d| Cell::Date(d.format("%Y-%m-%d").to_string()))
        }),
        DataType::Timestamp(unit, _) => match unit {
            TimeUnit::Second => prim::<TimestampSecondType>(col, row),
            TimeUnit::Millisecond => prim::<TimestampMillisecondType>(col, row),
            TimeUnit::Microsecond => prim::<TimestampMicrosecondType>(col, row),
            TimeUnit::Nanosecond => prim::<TimestampNanosecondType>(col, row),
        }
        .map(|value| Cell::Time { value, unit: *unit }),
        _ => None,
    };
    decoded.unwrap_or_else(|| Cell::Other(col.data_type().clone()))
}

fn prim<T: ArrowPrimitiveType>(col: &ArrayRef, row: usize) -> Option<T::Native> {
    col.as_primitive_opt::<T>().map(|a| a.value(row))
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

impl Cell {
    /// As a table shows it: a time in RFC 3339 (its raw number when out of range), a
    /// type not rendered as its name in angle quotes, null as nothing.
    pub fn text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Bool(b) => b.to_string(),
            Cell::Int(n) => n.to_string(),
            Cell::UInt(n) => n.to_string(),
            Cell::F32(x) => x.to_string(),
            Cell::F64(x) => x.to_string(),
            Cell::Text(s) | Cell::Date(s) => s.clone(),
            Cell::Time { value, unit } => {
                rfc3339(*value, unit).unwrap_or_else(|| value.to_string())
            }
            Cell::Other(t) => format!("‹{t}›"),
        }
    }

    /// As the service's preview answers it: numbers as numbers, times in RFC 3339, what
    /// it cannot render as null.
    pub fn json(&self) -> Value {
        match self {
            Cell::Null | Cell::Other(_) => Value::Null,
            Cell::Bool(b) => json!(b),
            Cell::Int(n) => json!(n),
            Cell::UInt(n) => json!(n),
            Cell::F32(x) => json!(x),
            Cell::F64(x) => json!(x),
            Cell::Text(s) | Cell::Date(s) => json!(s),
            Cell::Time { value, unit } => rfc3339(*value, unit).map_or(Value::Null, Value::String),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::types::Int32Type;
    use arrow_array::{
        Float32Array, Int16Array, ListArray, StringArray, TimestampMillisecondArray,
    };

    use super::*;

    #[test]
    fn one_decoding_two_renderings() {
        let ints: ArrayRef = Arc::new(Int16Array::from(vec![Some(-7), None]));
        assert_eq!(decode(&ints, 0).text(), "-7");
        assert_eq!(decode(&ints, 0).json(), json!(-7));
        assert_eq!(
            (decode(&ints, 1).text(), decode(&ints, 1).json()),
            (String::new(), Value::Null)
        );
        assert_eq!(decode(&ints, 9), Cell::Null, "out of range is null");
        let floats: ArrayRef = Arc::new(Float32Array::from(vec![0.5]));
        assert_eq!(
            (decode(&floats, 0).text(), decode(&floats, 0).json()),
            ("0.5".into(), json!(0.5))
        );
        let names: ArrayRef = Arc::new(StringArray::from(vec!["Ada"]));
        assert_eq!(decode(&names, 0).json(), json!("Ada"));
        let times: ArrayRef = Arc::new(TimestampMillisecondArray::from(vec![1_500, i64::MAX]));
        assert_eq!(decode(&times, 0).text(), "1970-01-01T00:00:01.500Z");
        assert_eq!(
            decode(&times, 1).text(),
            i64::MAX.to_string(),
            "out of range: the number"
        );
        assert_eq!(decode(&times, 1).json(), Value::Null);
        let lists: ArrayRef = Arc::new(ListArray::from_iter_primitive::<Int32Type, _, _>(vec![
            Some(vec![Some(1)]),
        ]));
        assert!(decode(&lists, 0).text().starts_with('‹'));
        assert_eq!(decode(&lists, 0).json(), Value::Null);
    }
}
