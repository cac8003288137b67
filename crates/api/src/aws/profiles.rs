//! Customer Profiles reads: domains, integration workflows (filtered), their steps,
//! profile object types and integrations. Retried by the SDK's standard retry.

use aws_sdk_customerprofiles::types::Status;
use aws_smithy_types::DateTime;
use serde_json::Value;

use super::json::profiles as render;
use super::pages::{Pages, failed, pages};
use super::{AwsClient, AwsError, WorkflowFilter};

impl AwsClient {
    /// ListDomains `Items`.
    pub fn domains(&self) -> Pages {
        let c = self.clone();
        pages(move |token| {
            let c = c.clone();
            async move {
                let out = c
                    .profiles
                    .list_domains()
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.items.unwrap_or_default();
                Ok((
                    items.iter().map(render::domain_item).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// ListWorkflows `Items`, filtered by status and a creation window.
    pub fn workflows(&self, domain: &str, filter: &WorkflowFilter) -> Pages {
        let status = match filter.status.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) if Status::values().contains(&s) => Some(Status::from(s)),
            Some(s) => {
                return failed(AwsError::invalid(format!(
                    "workflow status `{s}` is not one of {}",
                    Status::values().join(", ")
                )));
            }
        };
        let (c, domain) = (self.clone(), domain.to_string());
        let (start, end) = (filter.start, filter.end);
        pages(move |token| {
            let (c, domain, status) = (c.clone(), domain.clone(), status.clone());
            async move {
                let out = c
                    .profiles
                    .list_workflows()
                    .domain_name(domain)
                    .set_status(status)
                    .set_query_start_date(start.map(DateTime::from_secs))
                    .set_query_end_date(end.map(DateTime::from_secs))
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.items.unwrap_or_default();
                Ok((
                    items.iter().map(render::workflow_item).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// GetWorkflowSteps `Items`.
    pub fn workflow_steps(&self, domain: &str, workflow_id: &str) -> Pages {
        let (c, domain, id) = (self.clone(), domain.to_string(), workflow_id.to_string());
        pages(move |token| {
            let (c, domain, id) = (c.clone(), domain.clone(), id.clone());
            async move {
                let out = c
                    .profiles
                    .get_workflow_steps()
                    .domain_name(domain)
                    .workflow_id(id)
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.items.unwrap_or_default();
                Ok((
                    items.iter().map(render::workflow_step).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// ListProfileObjectTypes `Items`.
    pub fn object_types(&self, domain: &str) -> Pages {
        let (c, domain) = (self.clone(), domain.to_string());
        pages(move |token| {
            let (c, domain) = (c.clone(), domain.clone());
            async move {
                let out = c
                    .profiles
                    .list_profile_object_types()
                    .domain_name(domain)
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.items.unwrap_or_default();
                Ok((
                    items.iter().map(render::object_type_item).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// ListIntegrations `Items`.
    pub fn integrations(&self, domain: &str) -> Pages {
        let (c, domain) = (self.clone(), domain.to_string());
        pages(move |token| {
            let (c, domain) = (c.clone(), domain.clone());
            async move {
                let out = c
                    .profiles
                    .list_integrations()
                    .domain_name(domain)
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.items.unwrap_or_default();
                Ok((
                    items.iter().map(render::integration_item).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// GetDomain, the whole output.
    pub async fn domain(&self, name: &str) -> Result<Value, AwsError> {
        let out = self
            .profiles
            .get_domain()
            .domain_name(name)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(render::domain(&out))
    }

    /// GetWorkflow, the whole output.
    pub async fn workflow(&self, domain: &str, id: &str) -> Result<Value, AwsError> {
        let out = self
            .profiles
            .get_workflow()
            .domain_name(domain)
            .workflow_id(id)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(render::workflow(&out))
    }

    /// GetIntegration of the flow whose ARN is `uri`, whole.
    pub async fn integration(&self, domain: &str, uri: &str) -> Result<Value, AwsError> {
        let out = self
            .profiles
            .get_integration()
            .domain_name(domain)
            .uri(uri)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(render::integration(&out))
    }

    /// GetProfileObjectType, whole: its fields and keys.
    pub async fn object_type(&self, domain: &str, name: &str) -> Result<Value, AwsError> {
        let out = self
            .profiles
            .get_profile_object_type()
            .domain_name(domain)
            .object_type_name(name)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(render::object_type(&out))
    }
}
