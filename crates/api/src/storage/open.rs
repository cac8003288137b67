//! From DLZ credentials to a [`Storage`]: the Azure builder from a SAS URI, or the S3
//! builder from temporary AWS keys, with the retry and timeout settings both share.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use object_store::aws::AmazonS3Builder;
use object_store::azure::{AzureConfigKey, MicrosoftAzureBuilder};
use object_store::{BackoffConfig, ClientOptions, RetryConfig};

use super::sas::{SasParts, parse_expiry, parse_sas_uri};
use super::transfer::{Raw, http_client};
use super::{Storage, StorageError};
use crate::endpoint::is_loopback_url;
use flowscope_model::{DlzCredentials, DlzProvider, Secret};
use object_store::aws::AwsCredential;

/// What the DLZ answer does not say. For Azure everything is in the SAS URI; for S3 the
/// answer names the bucket but not its region nor any endpoint.
#[derive(Clone, Debug, Default)]
pub struct StorageOptions {
    /// An S3-compatible endpoint (path-style requests). `None`: `AWS_ENDPOINT_URL_S3`, then
    /// `AWS_ENDPOINT_URL`, then AWS itself.
    pub s3_endpoint: Option<String>,
    /// `None`: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then `us-east-1`.
    pub s3_region: Option<String>,
    /// Plain http to a non-loopback S3 endpoint. Loopback endpoints (and Azurite or the
    /// emulator in a SAS URI) may always use http; a remote Azure SAS URI never may.
    pub allow_http: bool,
}

/// object_store retries, inside each request: 5xx, 429 and 408 answers, and connections
/// that failed before anything was sent, for every request; timeouts and connections lost
/// mid-request only for requests it knows are idempotent: GET/HEAD, an overwriting put, an
/// Azure put block or block list, an S3 upload part. Repeating those is safe because the
/// same request goes again: the same block id or part number with the same bytes replaces
/// itself. A create-only put (`If-None-Match: *`) is not repeated after a lost answer,
/// since the retry would see our own first write and report it as "already exists".
///
/// Few, short retries: a user is waiting, and the transfer layer retries whole parts
/// again on top (`transfer.rs`).
pub(crate) fn retry_config() -> RetryConfig {
    RetryConfig {
        backoff: BackoffConfig {
            init_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            base: 2.0,
        },
        max_retries: 3,
        retry_timeout: Duration::from_secs(60),
    }
}

/// A part of several MiB on a slow line needs more than object_store's 30 s default; a
/// stalled read is caught sooner by the read timeout.
fn client_options(allow_http: bool) -> ClientOptions {
    ClientOptions::new()
        .with_allow_http(allow_http)
        .with_connect_timeout(Duration::from_secs(10))
        .with_timeout(Duration::from_secs(300))
        .with_read_timeout(Duration::from_secs(60))
}

impl Storage {
    /// Opens the container the credentials point at. Nothing is sent yet: bad credentials
    /// show up on the first call as [`StorageError::Expired`] or `Denied`.
    pub fn open(creds: &DlzCredentials, opts: &StorageOptions) -> Result<Storage, StorageError> {
        let mut storage = match creds.provider() {
            DlzProvider::Azure => open_azure(creds),
            DlzProvider::AmazonS3 => open_s3(creds, opts, |k| std::env::var(k).ok()),
        }?;
        storage.fingerprint = fingerprint(creds);
        Ok(storage)
    }
}

/// A digest of what makes credentials these credentials: the SAS, or the AWS key and
/// session token. In memory only, to compare two answers of the DLZ API.
pub(super) fn fingerprint(creds: &DlzCredentials) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let secret = |s: &Option<Secret>| s.as_ref().map(|s| s.expose().to_string());
    secret(&creds.sas_uri).hash(&mut h);
    secret(&creds.sas_token).hash(&mut h);
    if let Some(aws) = &creds.credentials {
        secret(&aws.aws_access_key_id).hash(&mut h);
        secret(&aws.aws_session_token).hash(&mut h);
    }
    h.finish().max(1)
}

fn bad(message: impl Into<String>) -> StorageError {
    StorageError::Credentials(message.into())
}

/// The SAS URI, or one rebuilt from `SASToken` + `storageAccountName` + `containerName`.
fn sas_parts(creds: &DlzCredentials) -> Result<SasParts, StorageError> {
    if let Some(uri) = creds.sas_uri.as_ref().filter(|u| !u.is_empty()) {
        return parse_sas_uri(uri.expose()).map_err(bad);
    }
    match (
        creds.sas_token.as_ref().filter(|t| !t.is_empty()),
        creds.storage_account_name.as_deref(),
        creds.container_name.as_deref(),
    ) {
        (Some(token), Some(account), Some(container)) => parse_sas_uri(&format!(
            "https://{account}.blob.core.windows.net/{container}?{}",
            token.expose().trim_start_matches('?')
        ))
        .map_err(bad),
        _ => Err(bad(
            "the answer has no SASUri (nor SASToken, storageAccountName and containerName)",
        )),
    }
}

fn open_azure(creds: &DlzCredentials) -> Result<Storage, StorageError> {
    let sas = sas_parts(creds)?;
    let secret_err = |e: object_store::Error| {
        // Builder errors name settings, not values, but scrub all the same.
        let scrub = super::Scrub::new([sas.sas.clone()]);
        bad(scrub.clean(&e.to_string()))
    };
    let azure = MicrosoftAzureBuilder::new()
        .with_account(&sas.account)
        .with_container_name(&sas.container)
        .with_endpoint(sas.endpoint.clone())
        // `with_url` would drop the query: the SAS goes in as its own key.
        .with_config(AzureConfigKey::SasKey, sas.sas.expose())
        .with_allow_http(sas.allow_http)
        .with_retry(retry_config())
        .with_client_options(client_options(sas.allow_http))
        .build()
        .map_err(secret_err)?;
    let azure = Arc::new(azure);
    let expires_at = sas
        .expires_at
        .or_else(|| creds.expiry_date.as_deref().and_then(parse_expiry));
    let mut secrets = vec![sas.sas.clone()];
    secrets.extend(signature_of(sas.sas.expose()));
    secrets.extend(creds.sas_token.clone());
    let raw = Raw::Azure {
        http: http_client(),
        container_url: sas.display(),
        sas: sas.sas.clone(),
    };
    Ok(Storage::from_parts(
        azure.clone(),
        DlzProvider::Azure,
        sas.container.clone(),
        "",
        sas.display(),
    )
    .with_pages(azure)
    .with_expiry(expires_at)
    .with_secrets(secrets)
    .with_raw(raw))
}

/// The `sig=` value of a SAS, masked on its own too (it may appear without the rest).
fn signature_of(sas: &str) -> Option<Secret> {
    sas.split('&')
        .find_map(|kv| kv.strip_prefix("sig="))
        .map(Secret::new)
}

/// Endpoint and region for S3, from the options or the standard AWS variables.
pub(crate) fn s3_settings(
    opts: &StorageOptions,
    env: impl Fn(&str) -> Option<String>,
) -> (Option<String>, String) {
    let endpoint = opts
        .s3_endpoint
        .clone()
        .or_else(|| env("AWS_ENDPOINT_URL_S3"))
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .filter(|e| !e.trim().is_empty());
    // The DLZ answer names the bucket but not its region; a wrong region is answered with
    // a redirect, so the user can set AWS_REGION (or the option) once.
    let region = opts
        .s3_region
        .clone()
        .or_else(|| env("AWS_REGION"))
        .or_else(|| env("AWS_DEFAULT_REGION"))
        .filter(|r| !r.trim().is_empty())
        .unwrap_or_else(|| "us-east-1".to_string());
    (endpoint, region)
}

fn open_s3(
    creds: &DlzCredentials,
    opts: &StorageOptions,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Storage, StorageError> {
    let aws = creds
        .credentials
        .as_ref()
        .ok_or_else(|| bad("the answer has no `credentials` with AWS keys"))?;
    let key = |s: &Option<Secret>, name: &str| {
        s.clone()
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(format!("the answer has no `{name}`")))
    };
    let access_key = key(&aws.aws_access_key_id, "awsAccessKeyId")?;
    let secret_key = key(&aws.aws_secret_access_key, "awsSecretAccessKey")?;
    let session = aws.aws_session_token.clone().filter(|s| !s.is_empty());
    let path = creds
        .dlz_path
        .as_ref()
        .ok_or_else(|| bad("the answer has no `dlzPath`"))?;
    let bucket = path
        .bucket_name
        .clone()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| bad("the answer has no `dlzPath.bucketName`"))?;
    let folder = path.dlz_folder.clone().unwrap_or_default();

    let (endpoint, region) = s3_settings(opts, env);
    let allow_http = opts.allow_http || endpoint.as_deref().is_some_and(is_loopback_url);
    let mut builder = AmazonS3Builder::new()
        .with_bucket_name(&bucket)
        .with_region(&region)
        .with_access_key_id(access_key.expose())
        .with_secret_access_key(secret_key.expose())
        .with_allow_http(allow_http)
        .with_retry(retry_config())
        .with_client_options(client_options(allow_http));
    if let Some(token) = &session {
        builder = builder.with_token(token.expose());
    }
    if let Some(e) = &endpoint {
        // S3-compatible servers (and the emulator) want bucket-in-path requests.
        builder = builder
            .with_endpoint(e.trim_end_matches('/'))
            .with_virtual_hosted_style_request(false);
    }
    let mut secrets = vec![secret_key.clone()];
    secrets.extend(session.clone());
    let scrub = super::Scrub::new(secrets.clone());
    let s3 = Arc::new(
        builder
            .build()
            .map_err(|e| bad(scrub.clean(&e.to_string())))?,
    );
    let folder = folder.trim_matches('/');
    let location = if folder.is_empty() {
        format!("s3://{bucket}/")
    } else {
        format!("s3://{bucket}/{folder}/")
    };
    let expires_at = creds
        .expiry_time
        .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0));
    let bucket_url = match &endpoint {
        Some(e) => format!("{}/{bucket}", e.trim_end_matches('/')),
        None => format!("https://{bucket}.s3.{region}.amazonaws.com"),
    };
    let raw = Raw::S3 {
        store: s3.clone(),
        http: http_client(),
        bucket_url,
        region: region.clone(),
        credential: AwsCredential {
            key_id: access_key.expose().to_string(),
            secret_key: secret_key.expose().to_string(),
            token: session.as_ref().map(|t| t.expose().to_string()),
        },
    };
    Ok(
        Storage::from_parts(s3.clone(), DlzProvider::AmazonS3, bucket, folder, location)
            .with_pages(s3)
            .with_expiry(expires_at)
            .with_secrets(secrets)
            .with_raw(raw),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn creds(v: serde_json::Value) -> DlzCredentials {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn azure_from_the_sas_uri_or_its_parts() {
        let c = creds(json!({
            "containerName": "dlz-user-container", "storageAccountName": "dlblob",
            "SASToken": "sv=2020&se=2024-01-06T10%3A00%3A00Z&sig=SECRETSIG1",
            "SASUri": "https://dlblob.blob.core.windows.net/dlz-user-container?sv=2020&se=2024-01-06T10%3A00%3A00Z&sig=SECRETSIG1",
            "expiryDate": "2024-01-06"
        }));
        let s = Storage::open(&c, &StorageOptions::default()).unwrap();
        assert_eq!(s.provider(), DlzProvider::Azure);
        assert_eq!(s.container(), "dlz-user-container");
        assert_eq!(
            s.location(),
            "https://dlblob.blob.core.windows.net/dlz-user-container"
        );
        assert_eq!(
            s.expires_at().map(|t| t.to_rfc3339()).as_deref(),
            Some("2024-01-06T10:00:00+00:00")
        );
        assert!(!format!("{s:?}").contains("SECRETSIG1"));

        let mut no_uri = c.clone();
        no_uri.sas_uri = None;
        let s = Storage::open(&no_uri, &StorageOptions::default()).unwrap();
        assert_eq!(
            s.location(),
            "https://dlblob.blob.core.windows.net/dlz-user-container"
        );

        let e = Storage::open(
            &creds(json!({"containerName": "c"})),
            &StorageOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no SASUri"), "{e}");
    }

    #[test]
    fn s3_from_temporary_keys() {
        let c = creds(json!({
            "credentials": {"clientId": "c", "awsAccessKeyId": "AKIAEXAMPLE", "awsSecretAccessKey": "SECRETKEY99", "awsSessionToken": "SESSIONTOKEN99"},
            "dlzPath": {"bucketName": "dlz-prod-sb", "dlzFolder": "user_drop_zone"},
            "dlzProvider": "Amazon S3", "expiryTime": 1735689599
        }));
        let s = open_s3(&c, &StorageOptions::default(), |_| None).unwrap();
        assert_eq!(s.provider(), DlzProvider::AmazonS3);
        assert_eq!(s.container(), "dlz-prod-sb");
        assert_eq!(s.root(), "user_drop_zone/");
        assert_eq!(s.location(), "s3://dlz-prod-sb/user_drop_zone/");
        assert_eq!(s.expires_at().map(|t| t.timestamp()), Some(1735689599));
        let shown = format!("{s:?}");
        assert!(!shown.contains("SECRETKEY99") && !shown.contains("SESSIONTOKEN99"));

        let mut missing = c.clone();
        missing.credentials = None;
        let e = open_s3(&missing, &StorageOptions::default(), |_| None).unwrap_err();
        assert!(e.to_string().contains("AWS keys"), "{e}");
    }

    #[test]
    fn s3_endpoint_and_region_from_options_then_environment() {
        let env = |k: &str| match k {
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:9000".to_string()),
            "AWS_DEFAULT_REGION" => Some("eu-west-1".to_string()),
            _ => None,
        };
        assert_eq!(
            s3_settings(&StorageOptions::default(), env),
            (Some("http://127.0.0.1:9000".into()), "eu-west-1".into())
        );
        let specific = |k: &str| match k {
            "AWS_ENDPOINT_URL_S3" => Some("http://127.0.0.1:9001".to_string()),
            "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:9000".to_string()),
            "AWS_REGION" => Some("eu-central-1".to_string()),
            "AWS_DEFAULT_REGION" => Some("eu-west-1".to_string()),
            _ => None,
        };
        assert_eq!(
            s3_settings(&StorageOptions::default(), specific),
            (Some("http://127.0.0.1:9001".into()), "eu-central-1".into())
        );
        let opts = StorageOptions {
            s3_endpoint: Some("https://s3.example".into()),
            s3_region: Some("ap-south-1".into()),
            allow_http: false,
        };
        assert_eq!(
            s3_settings(&opts, specific),
            (Some("https://s3.example".into()), "ap-south-1".into())
        );
        assert_eq!(
            s3_settings(&StorageOptions::default(), |_| None),
            (None, "us-east-1".into())
        );
    }
}
