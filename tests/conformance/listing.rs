//! Reading the walk's answers: the items of a Flow Service listing, its next page, the
//! ids and explore paths the scenario goes on with.

use serde_json::Value;

pub(crate) fn items(list: &Value) -> &[Value] {
    list["items"].as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// Whether a listing holds more than `limit` items (or already links a next page).
pub(crate) fn has_more(list: &Value, limit: usize) -> bool {
    items(list).len() > limit || list.pointer("/_links/next/href").is_some()
}

pub(crate) fn first_id(list: &Value) -> Option<String> {
    first_id_where(list, |_| true)
}

pub(crate) fn first_id_where(list: &Value, pred: impl Fn(&Value) -> bool) -> Option<String> {
    items(list)
        .iter()
        .find(|v| pred(v))
        .and_then(|v| v["id"].as_str())
        .map(str::to_string)
}

/// The `path` of the first explore entry matching `pred` (explore listings are bare arrays).
pub(crate) fn entry_path(listing: &Value, pred: impl Fn(&Value) -> bool) -> Option<String> {
    listing
        .as_array()?
        .iter()
        .find(|e| pred(e))
        .and_then(|e| e["path"].as_str())
        .map(str::to_string)
}

pub(crate) fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
