//! SAS authorization of Azure Blob requests against what the DLZ credentials endpoint
//! issued: the signature is recomputed over the signed fields and the container with the
//! account key (`dlz::sas_check`), so an edited field or another container is a
//! signature mismatch, as on Azure; then the validity window, then the token's
//! permissions (`sp`) must cover the operation. Answers carry Azure's codes and details.

use axum::http::{HeaderMap, StatusCode};

use super::error::BlobError;
use super::query::Query;
use super::time::http_date;
use crate::clock::EpochMs;
use crate::dlz::{DlzKind, DlzStore, SasCheck};

/// What an operation needs the token to allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Get Blob, Get Blob Properties, Get Block List, container properties.
    Read,
    /// List Blobs.
    List,
    /// Writing a blob that does not exist yet: `c` or `w`.
    Create,
    /// Overwriting a blob, staging blocks: `w`.
    Write,
    Delete,
}

impl Need {
    fn allowed_by(self, sp: &str) -> bool {
        match self {
            Need::Read => sp.contains('r'),
            Need::List => sp.contains('l'),
            Need::Create => sp.contains('c') || sp.contains('w'),
            Need::Write => sp.contains('w'),
            Need::Delete => sp.contains('d'),
        }
    }
}

/// Checks the SAS in `q` for container `kind` of `dlz`, or the blob at store path
/// `path` in it, at `now`.
pub fn authorize(
    dlz: &DlzStore,
    kind: DlzKind,
    path: Option<&str>,
    q: &Query,
    headers: &HeaderMap,
    need: Need,
    now: EpochMs,
) -> Result<(), BlobError> {
    let sas_fields = ["sv", "sp", "sr", "si", "se", "st", "sig"];
    if !sas_fields.iter().any(|f| q.has(f)) {
        if headers.contains_key("authorization") {
            return Err(BlobError::authentication_failed(
                "The landing zone is reached with the SAS token of its credentials; other authorization schemes are not accepted.",
            ));
        }
        return Err(BlobError::new(
            StatusCode::UNAUTHORIZED,
            "NoAuthenticationInformation",
            "Server failed to authenticate the request. Please refer to the information in the www-authenticate header.",
        ));
    }
    if q.get("sig").is_none_or(str::is_empty) {
        return Err(BlobError::authentication_failed(
            "sig is mandatory. Cannot be empty",
        ));
    }
    let sp = match dlz.sas_check(kind, path, q, now) {
        SasCheck::Valid { sp } => sp,
        SasCheck::Mismatch { string_to_sign } => {
            return Err(BlobError::authentication_failed(format!(
                "Signature did not match. String to sign used was {string_to_sign}"
            )));
        }
        SasCheck::OutsideWindow { start, expiry, now } => {
            return Err(BlobError::authentication_failed(format!(
                "Signature not valid in the specified time frame: Start [{}] - Expiry [{}] - Current [{}]",
                start.map(http_date).unwrap_or_default(),
                http_date(expiry),
                http_date(now),
            )));
        }
        SasCheck::ExpiryBeforeStart { start, expiry } => {
            return Err(BlobError::authentication_failed(format!(
                "Signed expiry time [{}] must be after signed start time [{}]",
                http_date(expiry),
                http_date(start),
            )));
        }
        SasCheck::NoExpiry => {
            return Err(BlobError::authentication_failed(
                "Signed expiry field must be specified when no stored access policy is used",
            ));
        }
        SasCheck::BadTime { field } => {
            return Err(BlobError::authentication_failed(format!(
                "{field} is not a valid ISO 8601 date and time"
            )));
        }
    };
    // The emulator answers plain http, which a token signed for https only does not open.
    if q.get("spr")
        .is_some_and(|spr| !spr.split(',').any(|p| p == "http"))
    {
        return Err(BlobError::new(
            StatusCode::FORBIDDEN,
            "AuthorizationProtocolMismatch",
            "This request is not authorized to perform this operation using this protocol.",
        ));
    }
    if need.allowed_by(&sp) {
        Ok(())
    } else {
        Err(BlobError::permission_mismatch())
    }
}

/// [`authorize`] for a request as the blob routes take it.
pub(crate) fn authorize_req(
    dlz: &DlzStore,
    kind: DlzKind,
    path: Option<&str>,
    req: &super::Req,
    need: Need,
    now: EpochMs,
) -> Result<(), BlobError> {
    authorize(dlz, kind, path, &req.query, &req.headers, need, now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: EpochMs = crate::TEST_EPOCH_MS;

    fn token_query(dlz: &mut DlzStore, kind: DlzKind) -> Query {
        let c = dlz.credentials(kind, NOW);
        Query::parse(c["SASToken"].as_str())
    }

    #[test]
    fn live_signatures_pass_within_their_permissions() {
        let mut dlz = DlzStore::empty("prod", 3);
        let h = HeaderMap::new();
        let user = token_query(&mut dlz, DlzKind::UserDropZone);
        for need in [
            Need::Read,
            Need::List,
            Need::Create,
            Need::Write,
            Need::Delete,
        ] {
            assert!(authorize(&dlz, DlzKind::UserDropZone, None, &user, &h, need, NOW).is_ok());
        }
        let dest = token_query(&mut dlz, DlzKind::DlzDestination);
        let ok = |need| authorize(&dlz, DlzKind::DlzDestination, None, &dest, &h, need, NOW);
        assert!(ok(Need::List).is_ok());
        assert_eq!(
            ok(Need::Write).err().map(|e| e.code),
            Some("AuthorizationPermissionMismatch")
        );
        // A user-zone token does not open the destination container.
        let cross = authorize(
            &dlz,
            DlzKind::DlzDestination,
            None,
            &user,
            &h,
            Need::Read,
            NOW,
        );
        assert_eq!(cross.err().map(|e| e.code), Some("AuthenticationFailed"));
    }

    #[test]
    fn expired_edited_and_missing_signatures_fail_with_their_own_detail() {
        let mut dlz = DlzStore::empty("prod", 3);
        let h = HeaderMap::new();
        let kind = DlzKind::UserDropZone;
        let q = token_query(&mut dlz, kind);
        let later = NOW + 8 * 86_400_000;
        let expired = authorize(&dlz, kind, None, &q, &h, Need::Read, later).unwrap_err();
        let detail = expired.auth_detail.unwrap_or_default();
        assert!(
            detail.starts_with("Signature not valid in the specified time frame: Start [Sun, 01 Nov 2026 00:00:00 GMT] - Expiry [Sun, 08 Nov 2026 00:00:00 GMT]"),
            "{detail}"
        );

        let raw = dlz.credentials(kind, NOW)["SASToken"]
            .as_str()
            .unwrap_or_default()
            .replace("sp=racwdlm", "sp=rwdl");
        let edited = authorize(
            &dlz,
            kind,
            None,
            &Query::parse(Some(&raw)),
            &h,
            Need::Read,
            NOW,
        );
        let detail = edited.unwrap_err().auth_detail.unwrap_or_default();
        assert!(detail.starts_with("Signature did not match"), "{detail}");

        let no_sig = Query::parse(Some("sv=2020-04-08&sp=racwdlm"));
        let e = authorize(&dlz, kind, None, &no_sig, &h, Need::Read, NOW).unwrap_err();
        assert_eq!(e.status, StatusCode::FORBIDDEN);
        let anonymous = authorize(&dlz, kind, None, &Query::default(), &h, Need::Read, NOW);
        assert_eq!(anonymous.unwrap_err().code, "NoAuthenticationInformation");
    }

    /// A token an Azure SDK signs with the account key: a blob token opens its blob
    /// only, and one for https only is refused on the emulator's plain http.
    #[test]
    fn key_signed_blob_tokens_open_their_blob_only() {
        use crate::dlz::signature::{sign, string_to_sign};
        let dlz = DlzStore::empty("prod", 3);
        let h = HeaderMap::new();
        let kind = DlzKind::UserDropZone;
        let token = |fields: &str, blob: &str| {
            let q = Query::parse(Some(fields));
            let resource = format!(
                "/blob/{}/dlz-user-container/{blob}",
                dlz.storage_account_name()
            );
            let sig = sign(
                &dlz.storage_account_key(),
                &string_to_sign(|n| q.get(n), &resource),
            );
            let sig = sig
                .replace('+', "%2B")
                .replace('/', "%2F")
                .replace('=', "%3D");
            Query::parse(Some(&format!("{fields}&sig={sig}")))
        };
        let fields = "sv=2026-10-06&se=2026-11-02T00%3A00%3A00Z&sr=b&sp=r";
        let q = token(fields, "crm/a.csv");
        let at = |p: &str| authorize(&dlz, kind, Some(p), &q, &h, Need::Read, NOW);
        assert!(at("dlz-user-container/crm/a.csv").is_ok());
        let other = at("dlz-user-container/crm/b.csv").unwrap_err();
        assert_eq!(other.code, "AuthenticationFailed");
        let listing = authorize(&dlz, kind, None, &q, &h, Need::List, NOW);
        assert_eq!(listing.unwrap_err().code, "AuthenticationFailed");

        let https = token(&format!("{fields}&spr=https"), "crm/a.csv");
        let e = authorize(
            &dlz,
            kind,
            Some("dlz-user-container/crm/a.csv"),
            &https,
            &h,
            Need::Read,
            NOW,
        );
        assert_eq!(e.unwrap_err().code, "AuthorizationProtocolMismatch");
    }
}
