//! AppFlow reads: flows, one flow's execution records, connector profiles, and a flow's
//! whole definition. Retried by the SDK's standard retry.

use serde_json::Value;

use super::json::appflow as render;
use super::pages::{Pages, pages};
use super::{AwsClient, AwsError};

impl AwsClient {
    /// ListFlows `flows`.
    pub fn flows(&self) -> Pages {
        let c = self.clone();
        pages(move |token| {
            let c = c.clone();
            async move {
                let out = c
                    .appflow
                    .list_flows()
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.flows.unwrap_or_default();
                Ok((
                    items.iter().map(render::flow_item).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// DescribeFlowExecutionRecords `flowExecutions`, newest first as the service sends them.
    pub fn executions(&self, flow_name: &str) -> Pages {
        let (c, flow) = (self.clone(), flow_name.to_string());
        pages(move |token| {
            let (c, flow) = (c.clone(), flow.clone());
            async move {
                let out = c
                    .appflow
                    .describe_flow_execution_records()
                    .flow_name(flow)
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.flow_executions.unwrap_or_default();
                Ok((
                    items.iter().map(render::execution).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// DescribeConnectorProfiles `connectorProfileDetails`.
    pub fn connector_profiles(&self) -> Pages {
        let c = self.clone();
        pages(move |token| {
            let c = c.clone();
            async move {
                let out = c
                    .appflow
                    .describe_connector_profiles()
                    .set_next_token(token)
                    .set_max_results(c.page_size)
                    .send()
                    .await
                    .map_err(|e| c.err(e))?;
                let items = out.connector_profile_details.unwrap_or_default();
                Ok((
                    items.iter().map(render::connector_profile).collect(),
                    out.next_token,
                ))
            }
        })
    }

    /// DescribeFlow, the whole output.
    pub async fn describe_flow(&self, name: &str) -> Result<Value, AwsError> {
        let out = self
            .appflow
            .describe_flow()
            .flow_name(name)
            .send()
            .await
            .map_err(|e| self.err(e))?;
        Ok(render::describe_flow(&out))
    }
}
