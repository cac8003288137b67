//! Times as the storage services write and read them: RFC 1123 in headers and listings,
//! seven-digit fractions in error messages.

use crate::clock::EpochMs;

/// `Sun, 01 Nov 2026 00:00:00 GMT`.
pub fn http_date(ms: EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

/// `2026-11-01T00:00:00.0000000Z`, the `Time:` line of Azure error messages.
pub fn error_time(ms: EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| format!("{}0000Z", d.format("%Y-%m-%dT%H:%M:%S%.3f")))
        .unwrap_or_default()
}

/// `2026-11-01T00:00:00.000Z`, as S3 listings write `LastModified`.
pub fn iso_millis(ms: EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// `2026-11-01T00:00:00Z`, as S3 writes `ServerTime` and `Expires` in its errors.
pub fn iso_seconds(ms: EpochMs) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Parses an RFC 1123 (or other RFC 2822) date header.
pub fn parse_http_date(s: &str) -> Option<EpochMs> {
    chrono::DateTime::parse_from_rfc2822(s.trim())
        .ok()
        .map(|d| d.timestamp_millis())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TEST_EPOCH_MS;

    #[test]
    fn formats_round_trip() {
        assert_eq!(http_date(TEST_EPOCH_MS), "Sun, 01 Nov 2026 00:00:00 GMT");
        assert_eq!(
            parse_http_date("Sun, 01 Nov 2026 00:00:00 GMT"),
            Some(TEST_EPOCH_MS)
        );
        assert_eq!(
            error_time(TEST_EPOCH_MS + 5),
            "2026-11-01T00:00:00.0050000Z"
        );
        assert_eq!(iso_millis(TEST_EPOCH_MS), "2026-11-01T00:00:00.000Z");
        assert_eq!(parse_http_date("yesterday"), None);
    }
}
