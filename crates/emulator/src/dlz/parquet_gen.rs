//! Writes the landing zone's demo parquet files with the arrow writer at start-up.
//!
//! Rows come from a seeded generator and the writer's output is byte-for-byte stable
//! for a given parquet version, so the files are as deterministic as committed ones
//! without binary blobs in the repository. Small row groups make the "read only the
//! first row group" path of the preview meaningful.

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch,
    StringArray, TimestampMillisecondArray,
};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use bytes::Bytes;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

const FIRST: [&str; 16] = [
    "Ava", "Liam", "Noah", "Emma", "Mateo", "Sofia", "Lucas", "Mia", "Elias", "Chloe", "Hugo",
    "Lea", "Jonas", "Ines", "Kenji", "Amara",
];
const LAST: [&str; 12] = [
    "Smith", "Garcia", "Muller", "Rossi", "Dubois", "Jansen", "Silva", "Nguyen", "Patel", "Tanaka",
    "Kim", "Larsen",
];
const COUNTRIES: [&str; 8] = ["US", "CA", "GB", "DE", "FR", "NL", "JP", "BR"];
const SKUS: [(&str, &str, &str); 10] = [
    ("WJ-1001", "Trail Running Jacket", "Outerwear"),
    ("WJ-1002", "Insulated Parka", "Outerwear"),
    ("YP-2001", "Yoga Pants", "Bottoms"),
    ("TS-3001", "Merino Tee", "Tops"),
    ("TS-3002", "Performance Tank", "Tops"),
    ("SH-4001", "Trail Shoes", "Footwear"),
    ("SH-4002", "Road Runner 2", "Footwear"),
    ("BG-5001", "Daypack 22L", "Bags"),
    ("AC-6001", "Wool Beanie", "Accessories"),
    ("AC-6003", "Insulated Bottle", "Accessories"),
];
/// 2026-10-01T00:00:00Z.
const OCTOBER_MS: i64 = 1_790_812_800_000;

/// A tiny seeded generator; the files only need variety, not statistical quality.
struct Rows(u64);

impl Rows {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

fn write(fields: Vec<Field>, columns: Vec<ArrayRef>, row_group: usize) -> Bytes {
    let schema = Arc::new(Schema::new(fields));
    let props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(row_group))
        .build();
    let written = RecordBatch::try_new(schema.clone(), columns)
        .map_err(parquet::errors::ParquetError::from)
        .and_then(|batch| {
            let mut w = ArrowWriter::try_new(Vec::new(), schema, Some(props))?;
            w.write(&batch)?;
            w.into_inner()
        });
    // The schemas and columns are fixed above, so a failure here is a programming
    // error; an empty file keeps the emulator running and the tests catch it.
    Bytes::from(written.unwrap_or_default())
}

fn ts(unit_tz: Option<&str>) -> DataType {
    DataType::Timestamp(TimeUnit::Millisecond, unit_tz.map(Arc::from))
}

/// A user table in the shape of the classic `userdata1.parquet` sample.
pub(super) fn userdata(seed: u64, n: usize) -> Bytes {
    let mut r = Rows(seed ^ 0x05e4_da7a);
    let mut reg = Vec::with_capacity(n);
    let (mut first, mut last, mut email, mut country) = (vec![], vec![], vec![], vec![]);
    let (mut salary, mut birth, mut active) = (vec![], vec![], vec![]);
    for i in 0..n {
        let f = r.pick(&FIRST);
        let l = r.pick(&LAST);
        reg.push(OCTOBER_MS - (r.below(900) as i64) * 86_400_000 + r.below(86_400) as i64 * 1000);
        first.push(f.to_string());
        last.push(l.to_string());
        email.push(format!(
            "{}.{}{}@example.com",
            f.to_lowercase(),
            l.to_lowercase(),
            i
        ));
        country.push(r.pick(&COUNTRIES).to_string());
        // A few missing salaries, as real exports have.
        salary.push((r.below(10) != 0).then(|| 30_000.0 + r.below(12_000_000) as f64 / 100.0));
        birth.push(Some(3_650 + r.below(14_000) as i32));
        active.push(Some(r.below(5) != 0));
    }
    let ids: Vec<i32> = (1..=n as i32).collect();
    write(
        vec![
            Field::new("registration_dttm", ts(Some("UTC")), false),
            Field::new("id", DataType::Int32, false),
            Field::new("first_name", DataType::Utf8, false),
            Field::new("last_name", DataType::Utf8, false),
            Field::new("email", DataType::Utf8, false),
            Field::new("country", DataType::Utf8, false),
            Field::new("salary", DataType::Float64, true),
            Field::new("birthdate", DataType::Date32, true),
            Field::new("active", DataType::Boolean, true),
        ],
        vec![
            Arc::new(TimestampMillisecondArray::from(reg).with_timezone("UTC")),
            Arc::new(Int32Array::from(ids)),
            Arc::new(StringArray::from(first)),
            Arc::new(StringArray::from(last)),
            Arc::new(StringArray::from(email)),
            Arc::new(StringArray::from(country)),
            Arc::new(Float64Array::from(salary)),
            Arc::new(Date32Array::from(birth)),
            Arc::new(BooleanArray::from(active)),
        ],
        50,
    )
}

/// Loyalty purchases of one day.
pub(super) fn transactions(seed: u64, n: usize) -> Bytes {
    let mut r = Rows(seed ^ 0x7a5c_7105);
    let (mut id, mut member, mut sku) = (vec![], vec![], vec![]);
    let (mut qty, mut price, mut total, mut store, mut at) =
        (vec![], vec![], vec![], vec![], vec![]);
    let channels = ["store", "web", "app"];
    for i in 0..n {
        let (s, _, _) = SKUS[r.below(SKUS.len() as u64) as usize];
        let q = 1 + r.below(3) as i32;
        let p = (1_200 + r.below(30_000)) as f64 / 100.0;
        id.push(format!("TX-{:08}", (seed % 1_000) * 100_000 + i as u64));
        member.push(format!("LM{}", 100_000 + r.below(60)));
        sku.push(s.to_string());
        qty.push(q);
        price.push(p);
        total.push((p * f64::from(q) * 100.0).round() / 100.0);
        store.push(r.pick(&channels).to_string());
        at.push(OCTOBER_MS + 28 * 86_400_000 + (r.below(3 * 86_400) as i64) * 1000);
    }
    write(
        vec![
            Field::new("transaction_id", DataType::Utf8, false),
            Field::new("member_id", DataType::Utf8, false),
            Field::new("sku", DataType::Utf8, false),
            Field::new("quantity", DataType::Int32, false),
            Field::new("unit_price", DataType::Float64, false),
            Field::new("total", DataType::Float64, false),
            Field::new("channel", DataType::Utf8, false),
            Field::new("purchased_at", ts(None), false),
        ],
        vec![
            Arc::new(StringArray::from(id)),
            Arc::new(StringArray::from(member)),
            Arc::new(StringArray::from(sku)),
            Arc::new(Int32Array::from(qty)),
            Arc::new(Float64Array::from(price)),
            Arc::new(Float64Array::from(total)),
            Arc::new(StringArray::from(store)),
            Arc::new(TimestampMillisecondArray::from(at)),
        ],
        150,
    )
}

/// The product catalogue.
pub(super) fn products(seed: u64) -> Bytes {
    let mut r = Rows(seed ^ 0x9e0d_0c75);
    let mut price = vec![];
    let mut stock = vec![];
    let mut launched = vec![];
    for _ in SKUS {
        price.push((1_500 + r.below(30_000)) as f64 / 100.0);
        stock.push(r.below(900) as i64);
        launched.push(19_000 + r.below(1_400) as i32);
    }
    write(
        vec![
            Field::new("sku", DataType::Utf8, false),
            Field::new("name", DataType::Utf8, false),
            Field::new("category", DataType::Utf8, false),
            Field::new("list_price", DataType::Float64, false),
            Field::new("units_in_stock", DataType::Int64, false),
            Field::new("launched", DataType::Date32, false),
        ],
        vec![
            Arc::new(StringArray::from_iter_values(SKUS.iter().map(|s| s.0))),
            Arc::new(StringArray::from_iter_values(SKUS.iter().map(|s| s.1))),
            Arc::new(StringArray::from_iter_values(SKUS.iter().map(|s| s.2))),
            Arc::new(Float64Array::from(price)),
            Arc::new(Int64Array::from(stock)),
            Arc::new(Date32Array::from(launched)),
        ],
        1_000,
    )
}
