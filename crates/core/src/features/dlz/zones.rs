//! The Landing Zone tab's first pane: both zones side by side with their container,
//! provider, TTL, storage account and how long the current credentials last.

use crate::features::dlz::ZoneInfo;
use crate::shared::pane::Pane;
use flowscope_model::{DlzProvider, DlzType};

pub const ZONES: [DlzType; 2] = [DlzType::UserDropZone, DlzType::DlzDestination];

#[derive(Debug)]
pub struct ZonesView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    /// One entry per zone in [`ZONES`] order once loaded.
    pub zones: Vec<ZoneInfo>,
    pub selected: usize,
}

impl ZonesView {
    pub fn new(slot: u64) -> ZonesView {
        ZonesView {
            pane: Pane::new(slot),
            zones: Vec::new(),
            selected: 0,
        }
    }

    pub fn zone(&self) -> DlzType {
        ZONES
            .get(self.selected)
            .copied()
            .unwrap_or(DlzType::UserDropZone)
    }

    pub fn info(&self, zone: DlzType) -> Option<&ZoneInfo> {
        self.zones.iter().find(|z| z.zone == zone)
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = ZONES.len() as isize - 1;
        self.selected = (self.selected as isize + delta).clamp(0, last) as usize;
    }

    /// Replaces one zone's entry (after a refresh, or a credentials view's reload).
    pub fn put(&mut self, info: ZoneInfo) {
        match self.zones.iter_mut().find(|z| z.zone == info.zone) {
            Some(z) => *z = info,
            None => self.zones.push(info),
        }
    }
}

/// What the overview says about one zone, as label/value lines (pure, for tests).
pub fn facts(info: &ZoneInfo, now_ms: i64) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    match &info.container {
        Ok(c) => {
            out.push(("container", c.name().unwrap_or("?").to_string()));
            out.push((
                "provider",
                match c.provider() {
                    DlzProvider::Azure => "Azure Blob".to_string(),
                    DlzProvider::AmazonS3 => "Amazon S3".to_string(),
                },
            ));
            out.push((
                "TTL",
                c.ttl_days()
                    .map_or("?".to_string(), |d| format!("{d} days after arrival")),
            ));
        }
        Err(e) => out.push(("container", format!("unreadable: {}", e.message))),
    }
    match &info.creds {
        Ok(c) => {
            if let Some(s) = c.storage() {
                out.push(("storage", s.to_string()));
            }
            out.push(("credentials", expiry_text(c, now_ms)));
        }
        Err(e) => out.push(("credentials", format!("unreadable: {}", e.message))),
    }
    out
}

/// `expire in 6d 23h (2026-11-30)` or `EXPIRED 2026-11-01: refresh them`.
pub fn expiry_text(c: &flowscope_model::DlzCredentials, now_ms: i64) -> String {
    match expires_at_ms(c) {
        Some(at) if at <= now_ms => format!("EXPIRED {}: refresh them (ctrl-r)", date(at)),
        Some(at) => format!(
            "expire in {} ({})",
            crate::shared::fmt::countdown(at, now_ms),
            date(at)
        ),
        None => "no expiry given".to_string(),
    }
}

/// When credentials stop working: Azure's `expiryDate` (a day, taken as its start, UTC —
/// the service gives no time) or AWS's `expiryTime` (epoch seconds).
pub fn expires_at_ms(c: &flowscope_model::DlzCredentials) -> Option<i64> {
    if let Some(s) = c.expiry_time {
        return s.checked_mul(1000);
    }
    let d = chrono::NaiveDate::parse_from_str(c.expiry_date.as_deref()?, "%Y-%m-%d").ok()?;
    Some(d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis())
}

fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::features::dlz::zones::*;
    use flowscope_model::{DlzContainer, DlzCredentials};
    use serde_json::json;

    fn info(expiry: &str) -> ZoneInfo {
        ZoneInfo {
            zone: DlzType::UserDropZone,
            container: Ok(serde_json::from_value::<DlzContainer>(
                json!({"containerName": "dlz-user-container", "containerTTL": "7"}),
            )
            .unwrap()),
            creds: Ok(serde_json::from_value::<DlzCredentials>(json!({
                "containerName": "dlz-user-container", "SASToken": "sv=1&sig=SECRET",
                "storageAccountName": "dlblob", "expiryDate": expiry,
                "SASUri": "https://dlblob.blob.core.windows.net/dlz-user-container?sv=1&sig=SECRET"
            }))
            .unwrap()),
        }
    }

    #[test]
    fn facts_give_container_ttl_and_a_countdown() {
        // 2026-11-23T12:00Z; the token expires at the start of 2026-11-30.
        let now = 1_795_435_200_000;
        let f = facts(&info("2026-11-30"), now);
        let text = format!("{f:?}");
        assert!(text.contains("dlz-user-container"), "{text}");
        assert!(text.contains("Azure Blob"), "{text}");
        assert!(text.contains("7 days after arrival"), "{text}");
        assert!(
            text.contains("expire in 6d 12h (2026-11-30 00:00 UTC)"),
            "{text}"
        );
        assert!(!text.contains("SECRET"), "{text}");
        let old = facts(&info("2026-11-01"), now);
        assert!(format!("{old:?}").contains("EXPIRED 2026-11-01"));
    }
}

crate::pane_deref!(ZonesView);
