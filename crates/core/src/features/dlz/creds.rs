//! The credentials of one zone: every field, secrets masked until revealed on purpose,
//! the expiry as a countdown, and the way to get new ones.

use crate::shared::pane::ErrorInfo;
use crate::shared::pane::Pane;
use flowscope_model::{DlzCredentials, DlzProvider, DlzType, Secret};

#[derive(Debug)]
pub struct CredsView {
    /// Its slot, ticket and load.
    pub pane: Pane,
    pub zone: DlzType,
    pub creds: Option<DlzCredentials>,
    /// Secrets shown in full (`v`); off again on leaving the pane.
    pub revealed: bool,
    /// The field `y` copies.
    pub selected: usize,
    /// A refresh sent and not answered yet.
    pub refreshing: bool,
    /// The last refresh's failure, shown under the fields.
    pub refresh_error: Option<ErrorInfo>,
}

/// One line of the view: a label, the value as shown, and the secret behind it (copied
/// only when asked).
#[derive(Debug, PartialEq)]
pub struct Field {
    pub label: &'static str,
    pub shown: String,
    pub secret: bool,
}

impl CredsView {
    pub fn new(slot: u64, zone: DlzType) -> CredsView {
        CredsView {
            pane: Pane::new(slot),
            zone,
            creds: None,
            revealed: false,
            selected: 0,
            refreshing: false,
            refresh_error: None,
        }
    }

    pub fn fields(&self) -> Vec<Field> {
        self.creds
            .as_ref()
            .map(|c| fields(c, self.revealed))
            .unwrap_or_default()
    }

    pub fn move_by(&mut self, delta: isize) {
        let n = self.fields().len() as isize;
        if n > 0 {
            self.selected = (self.selected as isize + delta).clamp(0, n - 1) as usize;
        }
    }

    /// The selected field's full value, for an explicit copy.
    pub fn copy_value(&self) -> Option<(&'static str, String)> {
        let c = self.creds.as_ref()?;
        let f = fields(c, true).into_iter().nth(self.selected)?;
        Some((f.label, f.shown))
    }
}

/// A secret masked whole: only its length shows.
pub fn mask(s: &Secret) -> String {
    format!("•••••••• ({} chars)", s.expose().chars().count())
}

/// A SAS token or URI with only `sig=` masked: the rest (version, permissions) is
/// useful to read and grants nothing.
fn mask_sas(s: &Secret) -> String {
    let v = s.expose();
    let (head, query) = match v.split_once('?') {
        Some((h, q)) => (format!("{h}?"), q),
        None if v.contains('=') => (String::new(), v),
        None => return mask(s),
    };
    let query: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("sig") => format!("{k}=••••••••"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{head}{}", query.join("&"))
}

pub fn fields(c: &DlzCredentials, revealed: bool) -> Vec<Field> {
    let plain = |label, v: Option<&str>| Field {
        label,
        shown: v.unwrap_or("").to_string(),
        secret: false,
    };
    let secret = |label, v: &Secret, sas: bool| Field {
        label,
        shown: if revealed {
            v.expose().to_string()
        } else if sas {
            mask_sas(v)
        } else {
            mask(v)
        },
        secret: true,
    };
    let mut out = Vec::new();
    match c.provider() {
        DlzProvider::Azure => {
            out.push(plain("container", c.container_name.as_deref()));
            out.push(plain("storage account", c.storage_account_name.as_deref()));
            if let Some(u) = &c.sas_uri {
                out.push(secret("SAS URI", u, true));
            }
            if let Some(t) = &c.sas_token {
                out.push(secret("SAS token", t, true));
            }
            out.push(plain("expiry date", c.expiry_date.as_deref()));
        }
        DlzProvider::AmazonS3 => {
            out.push(plain("bucket", c.storage()));
            out.push(plain("folder", c.container()));
            if let Some(k) = c.credentials.as_ref() {
                if let Some(id) = &k.aws_access_key_id {
                    out.push(secret("access key id", id, false));
                }
                if let Some(s) = &k.aws_secret_access_key {
                    out.push(secret("secret access key", s, false));
                }
                if let Some(s) = &k.aws_session_token {
                    out.push(secret("session token", s, false));
                }
            }
            out.push(plain(
                "expiry time",
                c.expiry_time
                    .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
                    .map(|d| d.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                    .as_deref(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::features::dlz::creds::*;
    use serde_json::json;

    #[test]
    fn secrets_stay_masked_until_revealed() {
        let c: DlzCredentials = serde_json::from_value(json!({
            "containerName": "dlz-user-container",
            "SASToken": "sv=2020-04-08&si=dlz-1&sr=c&sp=racwdlm&sig=SECRETSIG%3D",
            "storageAccountName": "dlblob", "expiryDate": "2026-11-30",
            "SASUri": "https://dlblob.blob.core.windows.net/dlz-user-container?sv=2020-04-08&sig=SECRETSIG%3D"
        }))
        .unwrap();
        let masked = format!("{:?}", fields(&c, false));
        assert!(!masked.contains("SECRETSIG"), "{masked}");
        assert!(masked.contains("sp=racwdlm"), "{masked}");
        assert!(masked.contains("sig=••••••••"), "{masked}");
        let shown = format!("{:?}", fields(&c, true));
        assert!(shown.contains("SECRETSIG"));

        let s3: DlzCredentials = serde_json::from_value(json!({
            "credentials": {"clientId": "c", "awsAccessKeyId": "ASIAEXAMPLEKEY", "awsSecretAccessKey": "SECRETKEY", "awsSessionToken": "SESSIONTOKEN"},
            "dlzPath": {"bucketName": "dlz-prod-sb", "dlzFolder": "user_drop_zone"},
            "dlzProvider": "Amazon S3", "expiryTime": 1795435200
        }))
        .unwrap();
        let masked = format!("{:?}", fields(&s3, false));
        for s in ["ASIAEXAMPLEKEY", "SECRETKEY", "SESSIONTOKEN"] {
            assert!(!masked.contains(s), "{masked}");
        }
        assert!(masked.contains("2026-11-23 12:00:00 UTC"), "{masked}");
    }
}

crate::pane_deref!(CredsView);
