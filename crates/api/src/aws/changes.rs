//! Changes: create / delete an integration workflow, start / stop / update / delete a
//! flow, cancel runs.
//!
//! A blind retry could apply a change twice (a second workflow, a second cancel), so every
//! change is sent once, with the SDK's retry switched off for that operation, and a
//! timeout or broken connection comes back as an `unsure()` error for the user to check.
//! StartFlow is the exception: its `clientToken` is serialised into the request once and
//! rides on every attempt, and AppFlow answers a repeated token with the run it already
//! started, so the standard retry is harmless there.

use aws_smithy_types::retry::RetryConfig;
use serde_json::Value;

use super::create::workflow_input;
use super::json::{appflow, profiles};
use super::update::update_input;
use super::{AwsClient, AwsError};

fn once_profiles() -> aws_sdk_customerprofiles::config::Builder {
    aws_sdk_customerprofiles::config::Builder::new().retry_config(RetryConfig::disabled())
}

fn once_appflow() -> aws_sdk_appflow::config::Builder {
    aws_sdk_appflow::config::Builder::new().retry_config(RetryConfig::disabled())
}

impl AwsClient {
    /// CreateIntegrationWorkflow from the edited request → `{WorkflowId, Message}`.
    pub async fn create_integration_workflow(&self, body: &Value) -> Result<Value, AwsError> {
        let input = workflow_input(body)?;
        let out = self
            .profiles
            .create_integration_workflow()
            .set_domain_name(input.domain_name)
            .set_workflow_type(input.workflow_type)
            .set_integration_config(input.integration_config)
            .set_object_type_name(input.object_type_name)
            .set_role_arn(input.role_arn)
            .set_tags(input.tags)
            .customize()
            .config_override(once_profiles())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(profiles::created_workflow(&out))
    }

    /// StartFlow → `{flowArn, flowStatus, executionId?}`. On a scheduled or event flow this
    /// activates the flow instead of running it (no `executionId`).
    pub async fn start_flow(&self, flow: &str, client_token: &str) -> Result<Value, AwsError> {
        let out = self
            .appflow
            .start_flow()
            .flow_name(flow)
            .client_token(client_token)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(appflow::started(&out))
    }

    /// StopFlow → `{flowArn, flowStatus}`.
    pub async fn stop_flow(&self, flow: &str) -> Result<Value, AwsError> {
        let out = self
            .appflow
            .stop_flow()
            .flow_name(flow)
            .customize()
            .config_override(once_appflow())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(appflow::stopped(&out))
    }

    /// CancelFlowExecutions → `{invalidExecutions}` (the ids that could not be cancelled).
    pub async fn cancel_flow_executions(
        &self,
        flow: &str,
        ids: &[String],
    ) -> Result<Value, AwsError> {
        // AppFlow reads "no ids" as "every active run"; that is never what an empty
        // selection means here.
        if ids.is_empty() {
            return Err(AwsError::invalid("name at least one execution to cancel"));
        }
        let out = self
            .appflow
            .cancel_flow_executions()
            .flow_name(flow)
            .set_execution_ids(Some(ids.to_vec()))
            .customize()
            .config_override(once_appflow())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(appflow::cancelled(&out))
    }

    /// UpdateFlow of `name` with the flow written as AppFlow's JSON (see `update.rs`; a
    /// body that cannot be mapped is refused before anything is sent) → `{flowStatus}`.
    pub async fn update_flow(&self, name: &str, body: &Value) -> Result<Value, AwsError> {
        let input = update_input(name, body)?;
        let out = self
            .appflow
            .update_flow()
            .set_flow_name(input.flow_name)
            .set_description(input.description)
            .set_trigger_config(input.trigger_config)
            .set_source_flow_config(input.source_flow_config)
            .set_destination_flow_config_list(input.destination_flow_config_list)
            .set_tasks(input.tasks)
            .set_metadata_catalog_config(input.metadata_catalog_config)
            .set_client_token(input.client_token)
            .customize()
            .config_override(once_appflow())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(appflow::updated(&out))
    }

    /// DeleteFlow; `force` deletes a flow an integration still uses (AppFlow's
    /// `forceDelete`).
    pub async fn delete_flow(&self, name: &str, force: bool) -> Result<(), AwsError> {
        self.appflow
            .delete_flow()
            .flow_name(name)
            .force_delete(force)
            .customize()
            .config_override(once_appflow())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    pub async fn delete_workflow(&self, domain: &str, id: &str) -> Result<(), AwsError> {
        self.profiles
            .delete_workflow()
            .domain_name(domain)
            .workflow_id(id)
            .customize()
            .config_override(once_profiles())
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(())
    }
}

#[cfg(test)]
#[path = "changes_tests.rs"]
mod tests;
