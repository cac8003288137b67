//! Data Landing Zone container and credentials, Azure and "Amazon S3" shapes (aep-api-notes §7).
//!
//! Like aepp, a response is Azure unless `dlzProvider == "Amazon S3"`. SAS tokens, SAS URIs
//! and AWS keys are [`Secret`]s: masked in Debug and in re-serialised JSON.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Extra, Secret};

/// The `type=` query value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DlzType {
    /// The source side, where users drop files.
    UserDropZone,
    /// Where dataset exports land.
    DlzDestination,
}

impl DlzType {
    pub fn as_str(self) -> &'static str {
        match self {
            DlzType::UserDropZone => "user_drop_zone",
            DlzType::DlzDestination => "dlz_destination",
        }
    }
}

impl fmt::Display for DlzType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DlzType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "user_drop_zone" | "source" => Ok(DlzType::UserDropZone),
            "dlz_destination" | "destination" => Ok(DlzType::DlzDestination),
            other => Err(format!(
                "unknown landing zone type `{other}` (use user_drop_zone or dlz_destination)"
            )),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DlzProvider {
    Azure,
    AmazonS3,
}

fn provider_of(p: Option<&str>) -> DlzProvider {
    if p == Some("Amazon S3") {
        DlzProvider::AmazonS3
    } else {
        DlzProvider::Azure
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DlzPath {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlz_folder: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataTtl {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_unit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_quantity: Option<Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET …/landingzone?type=`: Azure `{containerName, containerTTL}` or AWS `{dlzPath, dataTTL, dlzProvider}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DlzContainer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    #[serde(
        default,
        rename = "containerTTL",
        skip_serializing_if = "Option::is_none"
    )]
    pub container_ttl: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlz_path: Option<DlzPath>,
    #[serde(default, rename = "dataTTL", skip_serializing_if = "Option::is_none")]
    pub data_ttl: Option<DataTtl>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlz_provider: Option<String>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl DlzContainer {
    pub fn provider(&self) -> DlzProvider {
        provider_of(self.dlz_provider.as_deref())
    }

    /// The container name (Azure) or the folder in the bucket (AWS).
    pub fn name(&self) -> Option<&str> {
        match self.provider() {
            DlzProvider::Azure => self.container_name.as_deref(),
            DlzProvider::AmazonS3 => self.dlz_path.as_ref()?.dlz_folder.as_deref(),
        }
    }

    /// Time to live in days: `containerTTL` is a string on Azure, `dataTTL.timeQuantity` a number on AWS.
    pub fn ttl_days(&self) -> Option<u64> {
        let v = match self.provider() {
            DlzProvider::Azure => self.container_ttl.as_ref()?,
            DlzProvider::AmazonS3 => self.data_ttl.as_ref()?.time_quantity.as_ref()?,
        };
        match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_access_key_id: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_secret_access_key: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aws_session_token: Option<Secret>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// `GET …/landingzone/credentials?type=` (and the refresh action's answer).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DlzCredentials {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_name: Option<String>,
    #[serde(default, rename = "SASToken", skip_serializing_if = "Option::is_none")]
    pub sas_token: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_account_name: Option<String>,
    #[serde(default, rename = "SASUri", skip_serializing_if = "Option::is_none")]
    pub sas_uri: Option<Secret>,
    /// Azure: a date such as `2024-01-06`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<AwsCredentials>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlz_path: Option<DlzPath>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dlz_provider: Option<String>,
    /// AWS: epoch seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_time: Option<i64>,
    #[serde(flatten)]
    pub extra: Extra,
}

impl DlzCredentials {
    pub fn provider(&self) -> DlzProvider {
        provider_of(self.dlz_provider.as_deref())
    }

    /// Container (Azure) or folder (AWS).
    pub fn container(&self) -> Option<&str> {
        match self.provider() {
            DlzProvider::Azure => self.container_name.as_deref(),
            DlzProvider::AmazonS3 => self.dlz_path.as_ref()?.dlz_folder.as_deref(),
        }
    }

    /// Storage account (Azure) or bucket (AWS).
    pub fn storage(&self) -> Option<&str> {
        match self.provider() {
            DlzProvider::Azure => self.storage_account_name.as_deref(),
            DlzProvider::AmazonS3 => self.dlz_path.as_ref()?.bucket_name.as_deref(),
        }
    }

    /// Where the files are, for a title: `s3://bucket/folder`, or the Azure container.
    pub fn location(&self) -> Option<String> {
        let container = self.container()?;
        Some(match (self.provider(), self.storage()) {
            (DlzProvider::AmazonS3, Some(bucket)) => format!("s3://{bucket}/{container}"),
            _ => container.to_string(),
        })
    }

    /// The SAS URI without its query (the signature), safe to show.
    pub fn sas_uri_redacted(&self) -> Option<String> {
        let uri = self.sas_uri.as_ref()?.expose();
        Some(uri.split('?').next().unwrap_or(uri).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn azure_and_s3_containers() {
        let az: DlzContainer = serde_json::from_value(
            json!({"containerName": "dlz-user-container", "containerTTL": "7"}),
        )
        .unwrap();
        assert_eq!(az.provider(), DlzProvider::Azure);
        assert_eq!(
            (az.name(), az.ttl_days()),
            (Some("dlz-user-container"), Some(7))
        );
        let s3: DlzContainer = serde_json::from_value(json!({
            "dlzPath": {"bucketName": "dlz-prod-sb", "dlzFolder": "dlz-adf-connectors"},
            "dataTTL": {"timeUnit": "days", "timeQuantity": 7}, "dlzProvider": "Amazon S3"
        }))
        .unwrap();
        assert_eq!(s3.provider(), DlzProvider::AmazonS3);
        assert_eq!(
            (s3.name(), s3.ttl_days()),
            (Some("dlz-adf-connectors"), Some(7))
        );
    }

    #[test]
    fn credentials_keep_secrets_masked() {
        let az: DlzCredentials = serde_json::from_value(json!({
            "containerName": "dlz-user-container", "SASToken": "sv=2020&sig=SECRETSIG",
            "storageAccountName": "dlblob", "expiryDate": "2024-01-06",
            "SASUri": "https://dlblob.blob.core.windows.net/dlz-user-container?sv=2020&sig=SECRETSIG"
        }))
        .unwrap();
        assert_eq!(az.storage(), Some("dlblob"));
        assert_eq!(
            az.sas_uri_redacted().as_deref(),
            Some("https://dlblob.blob.core.windows.net/dlz-user-container")
        );
        assert!(!format!("{az:?}").contains("SECRETSIG"));
        assert!(!serde_json::to_string(&az).unwrap().contains("SECRETSIG"));
        assert!(
            az.sas_token
                .as_ref()
                .unwrap()
                .expose()
                .contains("SECRETSIG")
        );

        let s3: DlzCredentials = serde_json::from_value(json!({
            "credentials": {"clientId": "c", "awsAccessKeyId": "AKIA", "awsSecretAccessKey": "SECRETKEY", "awsSessionToken": "ST"},
            "dlzPath": {"bucketName": "dlz-prod-sb", "dlzFolder": "user_drop_zone"},
            "dlzProvider": "Amazon S3", "expiryTime": 1735689599
        }))
        .unwrap();
        assert_eq!(
            (s3.container(), s3.storage()),
            (Some("user_drop_zone"), Some("dlz-prod-sb"))
        );
        assert!(!format!("{s3:?}").contains("SECRETKEY"));
    }

    #[test]
    fn dlz_type_parses_both_spellings() {
        assert_eq!(
            "user_drop_zone".parse::<DlzType>(),
            Ok(DlzType::UserDropZone)
        );
        assert_eq!(
            "destination".parse::<DlzType>(),
            Ok(DlzType::DlzDestination)
        );
        assert!("nope".parse::<DlzType>().is_err());
    }
}
