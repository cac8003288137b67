//! Checking a presented SAS as the storage service does: the signature over the signed
//! fields and the container, then the stored access policy and validity window. The
//! permissions are left to the caller, which knows what the request does.

use super::DlzKind;
use super::credentials::{Credentials, container_resource};
use super::signature;
use crate::blob::query::Query;
use crate::clock::EpochMs;

/// What a presented SAS is, in the order the checks run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SasCheck {
    /// Signed with the account key and within its window; `sp` is what it grants.
    Valid { sp: String },
    /// `sig` is not the signature of the fields presented for this container, or it
    /// names a stored access policy a refresh has replaced. The string-to-sign is what
    /// the service reports (it holds no secret).
    Mismatch { string_to_sign: String },
    /// The signed expiry is not after the signed start.
    ExpiryBeforeStart { start: EpochMs, expiry: EpochMs },
    /// Not yet valid, or expired, at `now`.
    OutsideWindow {
        start: Option<EpochMs>,
        expiry: EpochMs,
        now: EpochMs,
    },
    /// Neither the token nor its policy gives an expiry.
    NoExpiry,
    /// `st` or `se` is not a time the service reads.
    BadTime { field: &'static str },
}

/// `2026-11-08T00:00:00Z` (seconds optional fractions) or a bare `2026-11-08`, the forms
/// SAS times take.
fn parse_time(s: &str) -> Option<EpochMs> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
        return Some(t.timestamp_millis());
    }
    let day = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    Some(day.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

fn field_time(q: &Query, field: &'static str) -> Result<Option<EpochMs>, SasCheck> {
    match q.get(field) {
        None | Some("") => Ok(None),
        Some(v) => parse_time(v).map(Some).ok_or(SasCheck::BadTime { field }),
    }
}

/// The canonicalized resource a token signs: its container, or for a blob token
/// (`sr=b`, or a snapshot's or version's `bs`/`bv`) the blob itself, so a blob token
/// opens that blob only. `path` is the store path the request addresses
/// (`<container>/<blob>`), `None` for a container request.
fn resource(account: &str, kind: DlzKind, path: Option<&str>, q: &Query) -> String {
    let container = container_resource(account, kind);
    match q.get("sr") {
        Some("b" | "bs" | "bv") => {
            let blob = path
                .and_then(|p| p.split_once('/'))
                .map_or("", |(_, blob)| blob);
            format!("{container}/{blob}")
        }
        _ => container,
    }
}

pub(super) fn check(
    creds: &Credentials,
    account: &str,
    (kind, path): (DlzKind, Option<&str>),
    q: &Query,
    now: EpochMs,
) -> SasCheck {
    let resource = resource(account, kind, path, q);
    let string_to_sign = signature::string_to_sign(|name| q.get(name), &resource);
    let sig = q.get("sig").unwrap_or("");
    if !signature::verify(creds.account_key(), &string_to_sign, sig) {
        return SasCheck::Mismatch { string_to_sign };
    }
    let policy = match q.get("si") {
        Some(si) if !si.is_empty() => match creds.policy_window(kind, si) {
            Some(w) => Some(w),
            None => return SasCheck::Mismatch { string_to_sign },
        },
        _ => None,
    };
    let (st, se) = match (field_time(q, "st"), field_time(q, "se")) {
        (Ok(st), Ok(se)) => (st, se),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let start = st.or(policy.map(|(s, _)| s));
    let Some(expiry) = se.or(policy.map(|(_, e)| e)) else {
        return SasCheck::NoExpiry;
    };
    if let Some(start) = start.filter(|s| expiry <= *s) {
        return SasCheck::ExpiryBeforeStart { start, expiry };
    }
    if start.is_some_and(|s| now < s) || now >= expiry {
        return SasCheck::OutsideWindow { start, expiry, now };
    }
    SasCheck::Valid {
        sp: q.get("sp").unwrap_or("").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_sas_writes_them() {
        let day = parse_time("2026-11-01");
        assert_eq!(day, Some(crate::TEST_EPOCH_MS));
        assert_eq!(parse_time("2026-11-01T00:00:00Z"), day);
        assert_eq!(parse_time("tomorrow"), None);
    }
}
