//! Masks secret values inside raw API JSON (connection `auth.params`, SAS tokens, AWS
//! keys) before anything is shown, so secrets reach the screen only when revealed on
//! purpose.

use serde_json::Value;

pub const MASK: &str = "••••";

/// Key names whose values are secrets, compared case-insensitively as substrings.
const SECRET_WORDS: &[&str] = &[
    "password",
    "secret",
    "token",
    "sastoken",
    "sasuri",
    "accesskey",
    "accountkey",
    "connectionstring",
    "privatekey",
    "credential",
    "apikey",
    "passphrase",
];

pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| k.contains(w))
}

/// A copy of `v` with its secrets masked.
pub fn masked(v: &Value) -> Value {
    let mut v = v.clone();
    mask_secrets(&mut v);
    v
}

/// Replaces every string or number under a secret-looking key with [`MASK`], anywhere in
/// the document. Returns how many values were masked.
pub fn mask_secrets(v: &mut Value) -> usize {
    match v {
        Value::Object(map) => map
            .iter_mut()
            .map(|(k, val)| {
                if is_secret_key(k) && matches!(val, Value::String(_) | Value::Number(_)) {
                    *val = Value::String(MASK.into());
                    1
                } else {
                    mask_secrets(val)
                }
            })
            .sum(),
        Value::Array(items) => items.iter_mut().map(mask_secrets).sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masks_secret_values_at_any_depth_and_keeps_the_rest() {
        let mut v = json!({"name": "S3", "auth": {"specName": "Access Key", "params": {
            "s3AccessKey": "AKIA1234", "s3SecretKey": "abc", "folderPath": "bucket",
            "password": "p", "connectionString": "DefaultEndpointsProtocol=https;AccountKey=x"}},
            "items": [{"SASToken": "sv=1&sig=x", "containerName": "c"}]});
        assert_eq!(mask_secrets(&mut v), 5);
        assert_eq!(v["auth"]["params"]["s3SecretKey"], json!(MASK));
        assert_eq!(v["auth"]["params"]["s3AccessKey"], json!(MASK));
        assert_eq!(v["auth"]["params"]["folderPath"], json!("bucket"));
        assert_eq!(v["items"][0]["SASToken"], json!(MASK));
        assert_eq!(v["items"][0]["containerName"], json!("c"));
        assert_eq!(v["name"], json!("S3"));
    }
}
