//! SAS credentials of the landing-zone containers: issue, rotate on refresh, expire, and
//! remember what was issued so a blob endpoint can check a presented signature.
//!
//! Tokens are shaped as real DLZ tokens: `sv`, `si`, `sr=c`, `sp` and `sig`, the validity
//! window living in the stored access policy `si` names. Each grant gets its own policy,
//! and a refresh replaces it, which revokes the previous token. `sig` is the HMAC of the
//! documented string-to-sign (`signature`) under the account key, which never leaves the
//! emulator.
//!
//! Everything is deterministic: the account key and the n-th policy of a container are
//! functions of the seed, so a replayed session sees the same tokens (notes §7).

use std::collections::BTreeMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::signature;
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
    pub(super) starts_at: EpochMs,
    pub(super) expires_at: EpochMs,
}

/// The SAS permissions (`sp`) of a container's tokens: the destination container is
/// read/list only, as Experience Platform writes there and users only fetch.
pub(super) fn permissions(kind: DlzKind) -> &'static str {
    match kind {
        DlzKind::UserDropZone => "racwdlm",
        DlzKind::DlzDestination => "rl",
    }
}

impl Grant {
    /// The query string of the SAS URI.
    pub(super) fn token(&self, kind: DlzKind) -> String {
        format!(
            "{}&sig={}",
            signed_fields(&self.policy, kind),
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

/// The signed fields of a token, in the order real DLZ tokens list them.
fn signed_fields(policy: &str, kind: DlzKind) -> String {
    format!("sv={SAS_VERSION}&si={policy}&sr=c&sp={}", permissions(kind))
}

/// The canonicalized resource of a container SAS: `/blob/{account}/{container}`.
pub(super) fn container_resource(account: &str, kind: DlzKind) -> String {
    format!("/blob/{account}/{}", kind.container_name())
}

pub(super) struct Credentials {
    sandbox: String,
    seed: u64,
    account: String,
    /// The storage account key every signature is made with.
    key: [u8; 64],
    per_kind: BTreeMap<DlzKind, ContainerCreds>,
}

/// Never prints the account key.
impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("sandbox", &self.sandbox)
            .field("account", &self.account)
            .field("per_kind", &self.per_kind)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    pub(super) fn new(sandbox: &str, seed: u64, account: &str) -> Self {
        // 64 bytes, the size of an Azure storage account key.
        let mut key = [0u8; 64];
        ChaCha8Rng::seed_from_u64(stable_hash(seed, &[sandbox, "account-key"]))
            .fill_bytes(&mut key);
        Credentials {
            sandbox: sandbox.to_string(),
            seed,
            account: account.to_string(),
            key,
            per_kind: BTreeMap::new(),
        }
    }

    pub(super) fn account_key(&self) -> &[u8] {
        &self.key
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
        let n = self.per_kind.get(&kind).map_or(0, |c| c.issued);
        let policy = self.policy_id(kind, n);
        let fields = signed_fields(&policy, kind);
        let query = crate::blob::query::Query::parse(Some(&fields));
        let resource = container_resource(&self.account, kind);
        let sts = signature::string_to_sign(|name| query.get(name), &resource);
        let grant = Grant {
            policy,
            sig: signature::sign(&self.key, &sts),
            starts_at: now,
            expires_at: now + VALIDITY_MS,
        };
        let entry = self.per_kind.entry(kind).or_default();
        entry.issued += 1;
        entry.live = Some(grant.clone());
        grant
    }

    /// The grant last issued for `kind`, expired or not.
    pub(super) fn live(&self, kind: DlzKind) -> Option<&Grant> {
        self.per_kind.get(&kind).and_then(|c| c.live.as_ref())
    }

    /// The validity window of stored access policy `si` of `kind`'s container: only the
    /// live grant's policy exists, a refresh having replaced the ones before.
    pub(super) fn policy_window(&self, kind: DlzKind, si: &str) -> Option<(EpochMs, EpochMs)> {
        self.live(kind)
            .filter(|g| g.policy == si)
            .map(|g| (g.starts_at, g.expires_at))
    }

    /// The id (`si=`) of the n-th stored access policy of `kind`'s container.
    fn policy_id(&self, kind: DlzKind, n: u64) -> String {
        // The first policy's id does not depend on n, so it reads as before policies
        // rotated (recorded sessions and snapshots show it).
        let nth = n.to_string();
        let mut parts = vec![self.sandbox.as_str(), kind.type_name(), "policy"];
        if n > 0 {
            parts.push(&nth);
        }
        let a = stable_hash(self.seed, &parts);
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
}
