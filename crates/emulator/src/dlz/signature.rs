//! The Service SAS signature as Azure Storage computes it: HMAC-SHA256, with the storage
//! account key, over the documented string-to-sign of the signed fields and the
//! canonicalized resource (`/blob/{account}/{container}`).
//!
//! The emulator both issues tokens (the DLZ credentials endpoint) and checks them (the
//! blob endpoint) with this one function, so any edited field, or a token presented for
//! another container, no longer matches its `sig`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The first version whose string-to-sign carries the signed encryption scope (`ses`).
const SES_SINCE: &str = "2020-12-06";

/// The string-to-sign of a Service SAS for versions 2018-11-09 and later: the signed
/// fields in the documented order, each looked up by its query name (absent = empty),
/// with `canonicalized_resource` in fourth place.
pub fn string_to_sign<'a>(
    field: impl Fn(&str) -> Option<&'a str>,
    canonicalized_resource: &str,
) -> String {
    let f = |name: &str| field(name).unwrap_or("");
    let sv = f("sv");
    let mut parts = vec![
        f("sp"),
        f("st"),
        f("se"),
        canonicalized_resource,
        f("si"),
        f("sip"),
        f("spr"),
        sv,
        f("sr"),
        f("snapshot"),
    ];
    // Versions are ISO dates, so they compare as strings.
    if sv >= SES_SINCE {
        parts.push(f("ses"));
    }
    parts.extend([f("rscc"), f("rscd"), f("rsce"), f("rscl"), f("rsct")]);
    parts.join("\n")
}

/// The base64 `sig` of `string_to_sign` under the (raw) account key.
pub fn sign(key: &[u8], string_to_sign: &str) -> String {
    // HMAC takes a key of any length; the error arm cannot happen.
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return String::new();
    };
    mac.update(string_to_sign.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Whether `sig` (already URL-decoded) is the signature of `string_to_sign`, compared in
/// constant time so a caller cannot learn the signature byte by byte.
pub fn verify(key: &[u8], string_to_sign: &str, sig: &str) -> bool {
    let Ok(presented) = STANDARD.decode(sig) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(key) else {
        return false;
    };
    mac.update(string_to_sign.as_bytes());
    mac.verify_slice(&presented).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<&'a str> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    #[test]
    fn the_string_to_sign_follows_the_documented_order() {
        let q = [
            ("sv", "2020-04-08"),
            ("si", "policy"),
            ("sr", "c"),
            ("sp", "rl"),
            ("se", "2026-11-08T00:00:00Z"),
        ];
        assert_eq!(
            string_to_sign(fields(&q), "/blob/acct/box"),
            "rl\n\n2026-11-08T00:00:00Z\n/blob/acct/box\npolicy\n\n\n2020-04-08\nc\n\n\n\n\n\n"
        );
        // From 2020-12-06 the encryption scope has its own line after the snapshot time.
        let newer = [("sv", "2020-12-06"), ("ses", "scope")];
        assert_eq!(
            string_to_sign(fields(&newer), "/blob/a/c"),
            "\n\n\n/blob/a/c\n\n\n\n2020-12-06\n\n\nscope\n\n\n\n\n"
        );
    }

    /// Tokens made by Microsoft's own SDK (azure-storage-blob 12.31.1 for Python, its
    /// `generate_container_sas` and `generate_blob_sas`) with the key bytes 0..64 verify
    /// here: a stored-policy container token like DLZ's, one with a window, IP, protocol
    /// and response headers, and a blob token with an encryption scope.
    #[test]
    fn tokens_from_the_azure_sdk_verify() {
        let key: Vec<u8> = (0u8..64).collect();
        let account = "/blob/dlblobstoretest/dlz-user-container";
        let cases = [
            (
                "sp=racwdl&sv=2026-10-06&si=dlz-policy&sr=c&sig=Baf4aUDlMfhoHPHesk6Ixfy7VWQxKuPxQV4GgT8INrs%3D",
                account.to_string(),
            ),
            (
                "st=2026-11-01T00%3A00%3A00Z&se=2026-11-08T00%3A00%3A00Z&sp=rl&sip=127.0.0.1&spr=https%2Chttp&sv=2026-10-06&sr=c&rscc=no-cache&rsct=text/csv&sig=t88uenxwrkn5z2Yrpq1IB%2B7qxqcmZ514HrA1xYcF4vM%3D",
                account.to_string(),
            ),
            (
                "se=2026-11-08T00%3A00%3A00Z&sp=r&sv=2026-10-06&sr=b&ses=scope1&sig=vMka6d%2By0UVNP57g29KJC9BXXqM39Jp23HFmXoazsLs%3D",
                format!("{account}/crm/a b.csv"),
            ),
        ];
        for (token, resource) in cases {
            let q = crate::blob::query::Query::parse(Some(token));
            let sts = string_to_sign(|name| q.get(name), &resource);
            assert!(verify(&key, &sts, q.get("sig").unwrap()), "{token}");
            let edited = sts.replacen("\n", "\nx", 1);
            assert!(!verify(&key, &edited, q.get("sig").unwrap()), "{token}");
        }
    }

    #[test]
    fn signatures_verify_only_for_their_key_and_text() {
        let sig = sign(b"key", "text");
        assert!(verify(b"key", "text", &sig));
        assert!(!verify(b"other", "text", &sig));
        assert!(!verify(b"key", "text2", &sig));
        assert!(!verify(b"key", "text", "not base64!"));
    }
}
