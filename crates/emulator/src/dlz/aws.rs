//! The Amazon S3 face of a landing zone: the bucket name, the temporary AWS credentials
//! the credentials endpoint answers with, and the check of a presented access key.
//!
//! AWS keys are derived from the same grants as the Azure SAS signatures, so issuing,
//! expiry and refresh (which revokes the old key) behave identically for both providers
//! and stay deterministic from the seed (notes §7, AWS shapes).

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

use super::credentials::Grant;
use super::{DlzKind, DlzStore, TTL_DAYS, stable_hash};
use crate::clock::EpochMs;

/// `dlz-<sandbox>-<8 hex>`: bucket names are global on S3, hence the suffix.
pub(super) fn bucket_name(sandbox: &str, seed: u64) -> String {
    let h = stable_hash(seed, &[sandbox, "s3-bucket"]) & 0xffff_ffff;
    format!("dlz-{}-{h:08x}", sandbox.to_ascii_lowercase())
}

/// The three parts of a set of temporary AWS credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwsKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: String,
}

fn keys_of(grant: &Grant) -> AwsKeys {
    const UPPER32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut rng = ChaCha8Rng::seed_from_u64(stable_hash(0, &[grant.secret(), "aws-keys"]));
    // Temporary (STS) keys start with ASIA; the rest is base32.
    let id: String = (0..16)
        .map(|_| char::from(UPPER32[(rng.next_u32() % 32) as usize]))
        .collect();
    let mut secret = [0u8; 30];
    rng.fill_bytes(&mut secret);
    let mut token = [0u8; 258];
    rng.fill_bytes(&mut token);
    AwsKeys {
        access_key_id: format!("ASIA{id}"),
        secret_access_key: STANDARD_NO_PAD.encode(secret),
        // Real session tokens open with the base64 of their "origin" header.
        session_token: format!("IQoJb3JpZ2luX2VjE{}", STANDARD_NO_PAD.encode(token)),
    }
}

/// What a presented access key and session token are.
#[derive(Clone, PartialEq, Eq)]
pub enum AwsCheck {
    /// The live key of the zone of this kind, with its token, within its validity; the
    /// secret is what its signatures are checked with.
    Valid { kind: DlzKind, secret: String },
    /// The live key, but past its expiry.
    Expired(DlzKind),
    /// The live key with a missing or different session token.
    BadToken(DlzKind),
    /// No live key: never issued, or revoked by a refresh.
    UnknownKey,
}

/// Never prints the secret.
impl std::fmt::Debug for AwsCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AwsCheck::Valid { kind, .. } => write!(f, "Valid({kind:?})"),
            AwsCheck::Expired(kind) => write!(f, "Expired({kind:?})"),
            AwsCheck::BadToken(kind) => write!(f, "BadToken({kind:?})"),
            AwsCheck::UnknownKey => write!(f, "UnknownKey"),
        }
    }
}

impl DlzStore {
    /// The S3 bucket both zones live in, as `user_drop_zone/` and `dlz_destination/`.
    pub fn bucket_name(&self) -> &str {
        &self.bucket
    }

    fn dlz_path(&self, kind: DlzKind) -> Value {
        json!({"bucketName": self.bucket, "dlzFolder": kind.type_name()})
    }

    /// `GET …/landingzone?type=` in the AWS shape.
    pub(super) fn s3_container(&self, kind: DlzKind) -> Value {
        json!({
            "dlzPath": self.dlz_path(kind),
            "dataTTL": {"timeUnit": "days", "timeQuantity": TTL_DAYS},
            "dlzProvider": "Amazon S3",
        })
    }

    /// `GET/POST …/landingzone/credentials` in the AWS shape.
    pub(super) fn s3_credentials_json(&self, kind: DlzKind, grant: &Grant) -> Value {
        let keys = keys_of(grant);
        let client = stable_hash(
            self.seed,
            &[&self.sandbox_name, kind.type_name(), "aws-client"],
        );
        json!({
            "credentials": {
                "clientId": format!("{client:016x}{:016x}", stable_hash(client, &["aws-client"])),
                "awsAccessKeyId": keys.access_key_id,
                "awsSecretAccessKey": keys.secret_access_key,
                "awsSessionToken": keys.session_token,
            },
            "dlzPath": self.dlz_path(kind),
            "dlzProvider": "Amazon S3",
            "expiryTime": grant.expires_at() / 1000,
        })
    }

    /// Checks an access key id and session token against the live grants.
    pub fn aws_check(&self, access_key_id: &str, token: Option<&str>, now: EpochMs) -> AwsCheck {
        for kind in DlzKind::ALL {
            let Some(grant) = self.credentials.live(kind) else {
                continue;
            };
            let keys = keys_of(grant);
            if keys.access_key_id != access_key_id {
                continue;
            }
            return if token != Some(keys.session_token.as_str()) {
                AwsCheck::BadToken(kind)
            } else if now >= grant.expires_at() {
                AwsCheck::Expired(kind)
            } else {
                AwsCheck::Valid {
                    kind,
                    secret: keys.secret_access_key,
                }
            };
        }
        AwsCheck::UnknownKey
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dlz::DlzProvider;

    const NOW: EpochMs = crate::TEST_EPOCH_MS;

    fn keys(v: &Value) -> (String, String) {
        let c = &v["credentials"];
        (
            c["awsAccessKeyId"].as_str().unwrap_or_default().to_string(),
            c["awsSessionToken"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    #[test]
    fn s3_zones_answer_in_the_aws_shape_with_deterministic_keys() {
        let mut s = DlzStore::empty("prod", 5);
        s.set_provider(DlzProvider::AmazonS3);
        let c = s.container(DlzKind::UserDropZone);
        assert_eq!(c["dlzProvider"], "Amazon S3");
        assert_eq!(c["dlzPath"]["dlzFolder"], "user_drop_zone");
        assert_eq!(c["dataTTL"], json!({"timeUnit": "days", "timeQuantity": 7}));
        let bucket = c["dlzPath"]["bucketName"].as_str().unwrap_or_default();
        assert!(
            bucket.starts_with("dlz-prod-") && bucket.len() == 17,
            "{bucket}"
        );

        let creds = s.credentials(DlzKind::UserDropZone, NOW);
        assert_eq!(creds["expiryTime"], (NOW + 7 * 86_400_000) / 1000);
        let (id, token) = keys(&creds);
        assert!(id.starts_with("ASIA") && id.len() == 20, "{id}");
        assert_eq!(
            creds["credentials"]["awsSecretAccessKey"]
                .as_str()
                .map(str::len),
            Some(40)
        );
        let secret = creds["credentials"]["awsSecretAccessKey"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert_eq!(
            s.aws_check(&id, Some(&token), NOW),
            AwsCheck::Valid {
                kind: DlzKind::UserDropZone,
                secret
            }
        );
        assert_eq!(
            s.aws_check(&id, None, NOW),
            AwsCheck::BadToken(DlzKind::UserDropZone)
        );
        assert_eq!(
            s.aws_check(&id, Some(&token), NOW + 8 * 86_400_000),
            AwsCheck::Expired(DlzKind::UserDropZone)
        );

        let mut again = DlzStore::empty("prod", 5);
        again.set_provider(DlzProvider::AmazonS3);
        assert_eq!(keys(&again.credentials(DlzKind::UserDropZone, NOW)).0, id);

        let rotated = keys(&s.refresh(DlzKind::UserDropZone, NOW + 1));
        assert_ne!(rotated.0, id);
        assert_eq!(
            s.aws_check(&id, Some(&token), NOW + 1),
            AwsCheck::UnknownKey
        );
        assert!(matches!(
            s.aws_check(&rotated.0, Some(&rotated.1), NOW + 1),
            AwsCheck::Valid {
                kind: DlzKind::UserDropZone,
                ..
            }
        ));
    }
}
