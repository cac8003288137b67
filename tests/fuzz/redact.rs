//! The secret scan the CLI's ndjson relies on (`model::redact::may_hold_secret`) against
//! masking itself: over arbitrary JSON whose member names are often secret words, `path`
//! and `value` (JSON Patch operations on secrets), the scan says "secret" exactly when
//! masking would change something, so an item passed through unread never carries a
//! secret, and no item is read that did not need to be.

use proptest::prelude::*;
use serde_json::Value;

use flowscope::model::redact::{mask_secrets, may_hold_secret};

use super::inputs::json_value;

const WORDS: &[&str] = &[
    "password",
    "Password",
    "sasToken",
    "SASURI",
    "clientSecret",
    "accessKeyId",
    "apiKey",
    "path",
    "value",
    "op",
    "id",
    "name",
    "params",
    "auth",
    "/auth/params/password",
    "/name",
    "secretKey",
    "tokens",
];

fn check(v: Value) -> Result<(), TestCaseError> {
    let text = v.to_string();
    let mut masked = v;
    let changed = mask_secrets(&mut masked) > 0;
    prop_assert_eq!(may_hold_secret(&text), changed, "{}", text);
    Ok(())
}

#[test]
fn scan_agrees_with_masking() {
    super::fuzz(
        "redact::scan_agrees_with_masking",
        super::CASES,
        json_value(WORDS),
        check,
    );
}
