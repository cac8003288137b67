//! The Data Landing Zone's container and SAS/AWS credentials (Connectors API, not under
//! Flow Service; aep-api-notes §7). Listing files goes through the DLZ connection spec's
//! explore endpoint, in `specs`.

use reqwest::Method;

use crate::client::{Call, Client};
use crate::error::ApiError;
use flowscope_model::{DlzContainer, DlzCredentials, DlzType};

fn type_param(kind: DlzType) -> Vec<(String, String)> {
    vec![("type".to_string(), kind.as_str().to_string())]
}

impl Client {
    /// `GET …/landingzone?type=`.
    pub async fn landing_zone(&self, kind: DlzType) -> Result<DlzContainer, ApiError> {
        let url = self.dlz_url(&[], &type_param(kind))?;
        self.get_json(url).await
    }

    /// `GET …/landingzone/credentials?type=`. A token past its expiry comes back renewed.
    pub async fn landing_zone_credentials(
        &self,
        kind: DlzType,
    ) -> Result<DlzCredentials, ApiError> {
        let url = self.dlz_url(&["credentials"], &type_param(kind))?;
        self.get_json(url).await.map_err(without_body)
    }

    /// `POST …/landingzone/credentials?type=…&action=refresh`: a new SAS token. A write, so
    /// never retried once sent.
    pub async fn refresh_landing_zone_credentials(
        &self,
        kind: DlzType,
    ) -> Result<DlzCredentials, ApiError> {
        let mut q = type_param(kind);
        q.push(("action".to_string(), "refresh".to_string()));
        let url = self.dlz_url(&["credentials"], &q)?;
        self.execute_json(Call::new(Method::POST, url))
            .await
            .map_err(without_body)
    }
}

/// A credentials answer that does not parse must not be quoted in the error: the body
/// holds the SAS token or the AWS keys.
fn without_body(e: ApiError) -> ApiError {
    match e {
        ApiError::Decode { status, reason, .. } => ApiError::Decode {
            status,
            reason,
            snippet: "(the body holds credentials and is not shown)".into(),
        },
        other => other,
    }
}
