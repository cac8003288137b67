//! The inlet of an HTTP API streaming connection. Creating a base connection of the
//! streaming spec gives it a fresh `inletId` and the `inletUrl` that records are sent to,
//! with `authenticationRequired` false unless the request said otherwise: Adobe's "Create
//! an HTTP API streaming connection" tutorial shows all three in `auth.params` on the GET
//! after the create (aep-api-notes §4, Base connection).

use serde_json::{Value, json};

/// HTTP API streaming (aep-api-notes §9).
pub const HTTP_STREAMING_SPEC: &str = "bc7b00d6-623a-4dfc-9fdb-f1240aeadaeb";
/// Where the Edge network collects a streaming inlet's records.
pub const COLLECTION_URL: &str = "https://dcs.adobedc.net/collection/";

/// A new inlet id: 64 lower-case hex digits, as the service hands out, made of two ids
/// from the emulator's seeded generator.
pub fn new_inlet_id(mut next_uuid: impl FnMut() -> String) -> String {
    format!("{}{}", next_uuid(), next_uuid()).replace('-', "")
}

/// Whether a base connection is of the streaming spec, and so gets an inlet.
pub fn is_streaming(doc: &Value) -> bool {
    doc.pointer("/connectionSpec/id").and_then(Value::as_str) == Some(HTTP_STREAMING_SPEC)
}

/// Adds the inlet to `doc` when it is a base connection of the streaming spec; the
/// service decides `inletId` and `inletUrl`, so any the request carried are replaced.
pub fn stamp(doc: &mut Value, inlet_id: &str) {
    if !is_streaming(doc) {
        return;
    }
    let Some(params) = doc
        .pointer_mut("/auth/params")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    params.insert("inletId".into(), json!(inlet_id));
    params.insert(
        "inletUrl".into(),
        json!(format!("{COLLECTION_URL}{inlet_id}")),
    );
    params
        .entry("authenticationRequired")
        .or_insert(json!(false));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_streaming_connections_get_an_inlet() {
        let id = new_inlet_id(|| "0123abcd-0000-4000-8000-00000000beef".into());
        assert_eq!(id.len(), 64);
        let mut http = json!({"connectionSpec": {"id": HTTP_STREAMING_SPEC},
            "auth": {"specName": "Streaming Connection", "params": {"inletId": "mine", "name": "n"}}});
        stamp(&mut http, &id);
        let p = &http["auth"]["params"];
        assert_eq!(p["inletId"], json!(id));
        assert_eq!(p["inletUrl"], json!(format!("{COLLECTION_URL}{id}")));
        assert_eq!(p["authenticationRequired"], json!(false));
        let mut asked = json!({"connectionSpec": {"id": HTTP_STREAMING_SPEC},
            "auth": {"params": {"authenticationRequired": true}}});
        stamp(&mut asked, &id);
        assert_eq!(
            asked["auth"]["params"]["authenticationRequired"],
            json!(true)
        );
        let mut other = json!({"connectionSpec": {"id": "cfc0fee1"}, "auth": {"params": {}}});
        stamp(&mut other, &id);
        assert_eq!(other["auth"]["params"], json!({}));
    }
}
