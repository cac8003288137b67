//! SAS credentials of the landing-zone containers: issue, rotate on refresh, expire, and
//! remember what was issued so a blob endpoint can check a presented signature.
//!
//! Signatures are deterministic: the n-th signature of a container in a sandbox is a
//! function of the seed, so a replayed session sees the same tokens (notes §7).

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{DlzKind, stable_hash};
use crate::clock::EpochMs;

/// How long an issued token lives.
const VALIDITY_MS: i64 = 7 * 86_400_000;
/// The storage service version real DLZ tokens carry.
const SAS_VERSION: &str = "2020-04-08";

/// `dlblobstore` and 13 lowercase alphanumerics, like real DLZ storage accounts.
pub(super) fn storage_account_name(sandbox: &str, seed: u64) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut h = stable_hash(seed, &[sandbox, "storage-account"]);
    let mut name = String::from("dlblobstore");
    for _ in 0..13 {
        name.push(char::from(ALPHABET[(h % 36) as usize]));
        h = (h / 36) ^ stable_hash(h, &["next"]);
    }
    name
}

/// One issued signature.
#[derive(Clone, Debug)]
pub(super) struct Grant {
    /// The stored access policy the token refers to (`si=`).
    policy: String,
    /// Base64 signature, not URL-encoded.
    sig: String,
    starts_at: EpochMs,
    expires_at: EpochMs,
}

/// The SAS permissions (`sp`) of a container's tokens: the destination container is
/// read/list only, as Experience Platform writes there and users only fetch.
pub(super) fn permissions(kind: DlzKind) -> &'static str {
    match kind {
        DlzKind::UserDropZone => "racwdlm",
        DlzKind::DlzDestination => "rl",
    }
}

/// What a presented signature is, checked against what was issued.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SasCheck {
    /// The live signature, within its validity window.
    Valid,
    /// The live signature, but past its expiry (no refresh or new GET happened since).
    Expired { start: EpochMs, expiry: EpochMs },
    /// Not the live signature: wrong, revoked by a refresh, or of another container.
    Mismatch,
}

impl Grant {
    /// The query string of the SAS URI.
    pub(super) fn token(&self, kind: DlzKind) -> String {
        format!(
            "sv={SAS_VERSION}&si={}&sr=c&sp={}&sig={}",
            self.policy,
            permissions(kind),
            url_encode(&self.sig)
        )
    }

    /// The random material behind the grant; AWS keys are derived from it.
    pub(super) fn secret(&self) -> &str {
        &self.sig
    }

    pub(super) fn expires_at(&self) -> EpochMs {
        self.expires_at
    }

    /// `expiryDate` as the API shows it, `YYYY-MM-DD`.
    pub(super) fn expiry_date(&self) -> String {
        chrono::DateTime::from_timestamp_millis(self.expires_at)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug, Default)]
struct ContainerCreds {
    issued: u64,
    live: Option<Grant>,
}

#[derive(Debug)]
pub(super) struct Credentials {
    sandbox: String,
    seed: u64,
    per_kind: BTreeMap<DlzKind, ContainerCreds>,
}

impl Credentials {
    pub(super) fn new(sandbox: &str, seed: u64) -> Self {
        Credentials {
            sandbox: sandbox.to_string(),
            seed,
            per_kind: BTreeMap::new(),
        }
    }

    /// The live grant, issuing a new one when there is none or it has expired.
    pub(super) fn current(&mut self, kind: DlzKind, now: EpochMs) -> Grant {
        let live = self
            .per_kind
            .get(&kind)
            .and_then(|c| c.live.clone())
            .filter(|g| now < g.expires_at);
        match live {
            Some(g) => g,
            None => self.rotate(kind, now),
        }
    }

    /// Issues the next signature for `kind`, valid from `now`, revoking the previous one.
    pub(super) fn rotate(&mut self, kind: DlzKind, now: EpochMs) -> Grant {
        let policy = self.policy_id(kind);
        let entry = self.per_kind.entry(kind).or_default();
        let n = entry.issued;
        entry.issued += 1;
        let mut rng = ChaCha8Rng::seed_from_u64(stable_hash(
            self.seed ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15),
            &[&self.sandbox, kind.type_name(), "sas-signature"],
        ));
        let mut raw = [0u8; 32];
        rng.fill_bytes(&mut raw);
        let grant = Grant {
            policy,
            sig: STANDARD.encode(raw),
            starts_at: now,
            expires_at: now + VALIDITY_MS,
        };
        entry.live = Some(grant.clone());
        grant
    }

    /// The grant last issued for `kind`, expired or not.
    pub(super) fn live(&self, kind: DlzKind) -> Option<&Grant> {
        self.per_kind.get(&kind).and_then(|c| c.live.as_ref())
    }

    pub(super) fn is_valid(&self, kind: DlzKind, sig: &str, now: EpochMs) -> bool {
        self.check(kind, sig, now) == SasCheck::Valid
    }

    pub(super) fn check(&self, kind: DlzKind, sig: &str, now: EpochMs) -> SasCheck {
        let presented = url_decode(sig);
        match self.per_kind.get(&kind).and_then(|c| c.live.as_ref()) {
            Some(g) if g.sig == presented && now < g.expires_at => SasCheck::Valid,
            Some(g) if g.sig == presented => SasCheck::Expired {
                start: g.starts_at,
                expiry: g.expires_at,
            },
            _ => SasCheck::Mismatch,
        }
    }

    /// The stored access policy id (`si=`) the tokens of `kind` refer to.
    pub(super) fn policy_id(&self, kind: DlzKind) -> String {
        let a = stable_hash(self.seed, &[&self.sandbox, kind.type_name(), "policy"]);
        let b = stable_hash(a, &["policy"]);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&a.to_be_bytes());
        bytes[8..].copy_from_slice(&b.to_be_bytes());
        format!(
            "dlz-{}",
            uuid::Builder::from_random_bytes(bytes).into_uuid()
        )
    }
}

/// Percent-encodes the characters base64 shares with query syntax.
fn url_encode(s: &str) -> String {
    s.replace('+', "%2B")
        .replace('/', "%2F")
        .replace('=', "%3D")
}

fn url_decode(s: &str) -> String {
    s.replace("%2B", "+")
        .replace("%2b", "+")
        .replace("%2F", "/")
        .replace("%2f", "/")
        .replace("%3D", "=")
        .replace("%3d", "=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_look_like_dlz_storage_accounts() {
        let a = storage_account_name("prod", 1);
        assert_eq!(a.len(), 24);
        assert!(a.starts_with("dlblobstore"));
        assert!(
            a.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
        assert_ne!(a, storage_account_name("dev", 1));
    }

    #[test]
    fn signatures_are_url_encoded_in_the_token_and_accepted_either_way() {
        let mut c = Credentials::new("prod", 9);
        let g = c.current(DlzKind::UserDropZone, 0);
        let token = g.token(DlzKind::UserDropZone);
        assert!(token.ends_with("%3D"), "{token}");
        let sig_param = token.split("sig=").nth(1).unwrap();
        assert!(c.is_valid(DlzKind::UserDropZone, sig_param, 1));
        assert!(c.is_valid(DlzKind::UserDropZone, &g.sig, 1));
        assert!(!c.is_valid(DlzKind::DlzDestination, &g.sig, 1));
    }
}
