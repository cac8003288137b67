//! What a spec is, said in a word: a connection spec's direction and category, a flow
//! spec's kind. Shared by the Specs list and the CLI's tables.

use serde_json::Value;

fn s<'a>(v: &'a Value, ptr: &str) -> &'a str {
    v.pointer(ptr).and_then(Value::as_str).unwrap_or("")
}

/// The first non-empty string among `ptrs`.
pub fn first_str<'a>(v: &'a Value, ptrs: &[&str]) -> &'a str {
    ptrs.iter()
        .map(|p| s(v, p))
        .find(|x| !x.is_empty())
        .unwrap_or("")
}

/// "source" or "destination", for a connection spec.
pub fn connection_spec_kind(v: &Value) -> &'static str {
    let dest = v
        .pointer("/attributes/isDestination")
        .and_then(Value::as_bool)
        == Some(true)
        || v.get("targetSpec").is_some();
    if dest { "destination" } else { "source" }
}

/// A connection spec's category (`cloudStorage`, `crm`, …), wherever the spec keeps it.
pub fn connection_spec_category(v: &Value) -> &str {
    first_str(
        v,
        &[
            "/attributes/category",
            "/sourceSpec/attributes/uiAttributes/category/key",
            "/targetSpec/attributes/uiAttributes/category/key",
        ],
    )
}

/// "source" or "destination", for a flow spec.
pub fn flow_spec_kind(v: &Value) -> &'static str {
    if v.pointer("/attributes/isDestinationFlow")
        .and_then(Value::as_bool)
        == Some(true)
    {
        "destination"
    } else {
        "source"
    }
}
