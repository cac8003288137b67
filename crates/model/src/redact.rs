//! Masks secret values inside raw API JSON (connection `auth.params`, SAS tokens, AWS
//! keys) before anything is shown, so secrets reach the screen only when revealed on
//! purpose.

use serde_json::Value;

mod raw;
pub use raw::may_hold_secret;

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

/// The bytes a secret word starts with (all lowercase ASCII).
const STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < SECRET_WORDS.len() {
        t[SECRET_WORDS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    t
};

pub fn is_secret_key(key: &str) -> bool {
    // Runs on every key of every listed object, so compared in place: at each byte that
    // can start a secret word, only the words starting with it are tried.
    let k = key.as_bytes();
    (0..k.len()).any(|i| {
        let first = k[i].to_ascii_lowercase();
        STARTS[usize::from(first)]
            && SECRET_WORDS.iter().any(|w| {
                w.as_bytes()[0] == first
                    && k.get(i..i + w.len())
                        .is_some_and(|part| part.eq_ignore_ascii_case(w.as_bytes()))
            })
    })
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
        // A JSON Patch operation on a secret (`/auth/params/password`) carries it in `value`.
        Value::Object(map)
            if map
                .get("path")
                .and_then(Value::as_str)
                .and_then(|p| p.rsplit('/').next())
                .is_some_and(is_secret_key)
                && matches!(map.get("value"), Some(Value::String(_) | Value::Number(_))) =>
        {
            map.insert("value".into(), Value::String(MASK.into()));
            1
        }
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

/// Masks each op's value whose path goes through a secret-looking key (`/auth/params/
/// password`, or `/auth/params/apiKeys/0` inside one), and secrets nested in object
/// values (`/auth/params` replaced as a whole). The review shows operations masked the
/// same way.
pub fn mask_patch(patch: &mut Value) {
    let Some(ops) = patch.as_array_mut() else {
        return;
    };
    for op in ops {
        let secret_path = op
            .get("path")
            .and_then(Value::as_str)
            .is_some_and(|p| p.split('/').any(is_secret_key));
        if let Some(v) = op.get_mut("value") {
            if secret_path && !v.is_object() && !v.is_array() {
                *v = Value::String(MASK.into());
            } else {
                mask_secrets(v);
            }
        }
    }
}

/// Masks the secrets in JSON *text* as typed, valid or half-written, keeping its layout:
/// a string after a secret-looking key (`"password": "hunter2"`), and the `value` of a
/// JSON Patch operation whose `path` ends in one (`/auth/params/password`). Drafts keep
/// the editor's text as it was, so this is how they are shown.
pub fn mask_secrets_in_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    // The last string read, while it may still turn out to be a key.
    let mut last: Option<String> = None;
    let mut mask_next = false;
    let mut secret_path = false;
    let mut path_next = false;
    let mut value_next = false;
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => {
                let mut lit = String::new();
                let mut escaped = false;
                for (_, ch) in chars.by_ref() {
                    if escaped {
                        lit.push('\\');
                        lit.push(ch);
                        escaped = false;
                    } else if ch == '\\' {
                        escaped = true;
                    } else if ch == '"' {
                        break;
                    } else {
                        lit.push(ch);
                    }
                }
                let is_value = mask_next || path_next || value_next;
                if mask_next || (value_next && secret_path) {
                    out.push('"');
                    out.push_str(MASK);
                    out.push('"');
                } else {
                    out.push('"');
                    out.push_str(&lit);
                    out.push('"');
                }
                if path_next {
                    secret_path = lit.rsplit('/').next().is_some_and(is_secret_key);
                }
                mask_next = false;
                path_next = false;
                value_next = false;
                last = (!is_value).then_some(lit);
            }
            ':' => {
                out.push(c);
                if let Some(key) = last.take() {
                    mask_next = is_secret_key(&key);
                    path_next = key == "path";
                    value_next = key == "value";
                }
            }
            '}' => {
                out.push(c);
                secret_path = false;
                last = None;
            }
            c if c.is_whitespace() => out.push(c),
            _ => {
                out.push(c);
                last = None;
                mask_next = false;
                path_next = false;
                value_next = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_as_typed_keeps_its_layout_and_loses_its_secrets() {
        let patch = r#"[
  {"op": "replace", "path": "/auth/params/password", "value": "hunter2"},
  {"op": "replace", "path": "/name", "value": "kept"}
]"#;
        let shown = mask_secrets_in_text(patch);
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains(r#""value": "kept""#), "{shown}");
        assert_eq!(shown.lines().count(), patch.lines().count());
        // Half typed, and a document with a secret key.
        let doc = r#"{"auth": {"params": {"clientSecret": "s3cr3t", "host": "h"#;
        let shown = mask_secrets_in_text(doc);
        assert!(
            !shown.contains("s3cr3t") && shown.contains("\"h"),
            "{shown}"
        );
        // An operation on an ordinary path stays as written.
        let odd = r#"{"value": "v", "op": "add", "path": "/x"}"#;
        assert_eq!(mask_secrets_in_text(odd), odd);
    }

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
