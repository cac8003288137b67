//! Parquet preview: the schema from the footer and the first rows of the first row
//! group, read through range requests so nothing else of the file is touched.

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::{Map, Value, json};

use super::DlzFile;
use super::preview::bad;
use super::reader::ParquetSource;
use crate::problem::Problem;

/// Preview column type and its XDM counterpart for an arrow type.
fn column_type(dt: &DataType) -> (&'static str, Value) {
    match dt {
        DataType::Boolean => ("boolean", json!({"type": "boolean"})),
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            ("integer", json!({"type": "integer"}))
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => {
            ("long", json!({"type": "integer"}))
        }
        DataType::Float16 | DataType::Float32 => ("float", json!({"type": "number"})),
        DataType::Float64 => ("double", json!({"type": "number"})),
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => ("decimal", json!({"type": "number"})),
        DataType::Date32 | DataType::Date64 => {
            ("date", json!({"type": "string", "format": "date"}))
        }
        DataType::Timestamp(..) => (
            "date-time",
            json!({"type": "string", "format": "date-time"}),
        ),
        DataType::Binary | DataType::LargeBinary | DataType::FixedSizeBinary(_) => {
            ("binary", json!({"type": "string"}))
        }
        DataType::List(_) | DataType::LargeList(_) => ("array", json!({"type": "array"})),
        DataType::Struct(_) | DataType::Map(..) => ("object", json!({"type": "object"})),
        _ => ("string", json!({"type": "string"})),
    }
}

/// The columns and, when `with_data`, up to `max_rows` rows of the first row group.
pub(super) fn preview(
    file: &DlzFile,
    max_rows: usize,
    with_data: bool,
) -> Result<(Vec<Value>, Vec<Value>), Problem> {
    flowscope_formats::contain::contained(|| read(file, max_rows, with_data)).unwrap_or_else(|e| {
        Err(bad(format!(
            "{} {}",
            file.path,
            flowscope_formats::parquet::damaged(&e)
        )))
    })
}

fn read(
    file: &DlzFile,
    max_rows: usize,
    with_data: bool,
) -> Result<(Vec<Value>, Vec<Value>), Problem> {
    let not_parquet = |e: parquet::errors::ParquetError| {
        bad(format!("{} cannot be read as parquet: {e}", file.path))
    };
    let builder =
        ParquetRecordBatchReaderBuilder::try_new(ParquetSource::new(file)).map_err(not_parquet)?;
    let columns: Vec<Value> = builder
        .schema()
        .fields()
        .iter()
        .map(|f| {
            let (t, xdm) = column_type(f.data_type());
            json!({"name": f.name(), "type": t, "xdm": xdm})
        })
        .collect();
    if !with_data || max_rows == 0 || builder.metadata().num_row_groups() == 0 {
        return Ok((columns, Vec::new()));
    }
    flowscope_formats::check_row_group(builder.metadata(), 0, file.size)
        .map_err(|e| bad(format!("{} cannot be read as parquet: {e}", file.path)))?;
    let reader = builder
        .with_row_groups(vec![0])
        .with_batch_size(max_rows)
        .with_limit(max_rows)
        .build()
        .map_err(not_parquet)?;
    let mut data = Vec::new();
    for batch in reader {
        let batch = batch.map_err(|e| bad(format!("{} cannot be decoded: {e}", file.path)))?;
        rows_of(&batch, &mut data);
    }
    data.truncate(max_rows);
    Ok((columns, data))
}

fn rows_of(batch: &RecordBatch, out: &mut Vec<Value>) {
    let schema = batch.schema();
    for row in 0..batch.num_rows() {
        let mut obj = Map::new();
        for (field, col) in schema.fields().iter().zip(batch.columns()) {
            obj.insert(field.name().clone(), cell(col, row));
        }
        out.push(Value::Object(obj));
    }
}

/// One cell as the service answers it; types a preview does not render show as null.
fn cell(col: &ArrayRef, row: usize) -> Value {
    flowscope_formats::cell::decode(col, row).json()
}
