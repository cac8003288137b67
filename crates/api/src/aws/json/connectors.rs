//! AppFlow's per-connector unions in wire shape: source and destination properties,
//! connector profile properties and task operators. The connectors the explorer works
//! with (Salesforce, ServiceNow, Marketo, Zendesk, S3, Customer Profiles) are written
//! member by member; any other connector is named as `{"<Type>": {}}` beside a `note`
//! member, so the detail view shows what is there without pretending to show it all.

use aws_sdk_appflow::types::{
    ConnectorOperator, ConnectorProfileProperties, DestinationConnectorProperties,
    ErrorHandlingConfig, S3OutputFormatConfig, SourceConnectorProperties,
};
use serde_json::{Map, Value};

use super::Obj;

/// `{"<Type>": {}, "note": …}` for the union members written as names only.
fn named_only(obj: Obj, names: &[&str], what: &str) -> Value {
    let mut map = match obj.build() {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    for name in names {
        map.insert((*name).to_string(), Value::Object(Map::new()));
    }
    if !names.is_empty() {
        map.insert(
            "note".to_string(),
            Value::String(format!(
                "flowscope names the {what} of {} without showing its members",
                names.join(", ")
            )),
        );
    }
    Value::Object(map)
}

/// Names of the set members among `(name, is_set)`.
fn set(members: &[(&'static str, bool)]) -> Vec<&'static str> {
    members
        .iter()
        .filter(|(_, s)| *s)
        .map(|(n, _)| *n)
        .collect()
}

pub(crate) fn source_properties(p: &SourceConnectorProperties) -> Value {
    let obj = Obj::new()
        .val(
            "Salesforce",
            p.salesforce.as_ref().map(|s| {
                Obj::new()
                    .str("object", s.object.as_str())
                    .bool("enableDynamicFieldUpdate", s.enable_dynamic_field_update)
                    .bool("includeDeletedRecords", s.include_deleted_records)
                    .str(
                        "dataTransferApi",
                        s.data_transfer_api.as_ref().map(|a| a.as_str()),
                    )
                    .build()
            }),
        )
        .val(
            "ServiceNow",
            p.service_now
                .as_ref()
                .map(|s| Obj::new().str("object", s.object.as_str()).build()),
        )
        .val(
            "Marketo",
            p.marketo
                .as_ref()
                .map(|s| Obj::new().str("object", s.object.as_str()).build()),
        )
        .val(
            "Zendesk",
            p.zendesk
                .as_ref()
                .map(|s| Obj::new().str("object", s.object.as_str()).build()),
        )
        .val(
            "S3",
            p.s3.as_ref().map(|s| {
                Obj::new()
                    .str("bucketName", s.bucket_name.as_str())
                    .str("bucketPrefix", s.bucket_prefix.as_deref())
                    .val(
                        "s3InputFormatConfig",
                        s.s3_input_format_config.as_ref().map(|c| {
                            Obj::new()
                                .str(
                                    "s3InputFileType",
                                    c.s3_input_file_type.as_ref().map(|t| t.as_str()),
                                )
                                .build()
                        }),
                    )
                    .build()
            }),
        );
    let others = set(&[
        ("Amplitude", p.amplitude.is_some()),
        ("Datadog", p.datadog.is_some()),
        ("Dynatrace", p.dynatrace.is_some()),
        ("GoogleAnalytics", p.google_analytics.is_some()),
        ("InforNexus", p.infor_nexus.is_some()),
        ("Singular", p.singular.is_some()),
        ("Slack", p.slack.is_some()),
        ("Trendmicro", p.trendmicro.is_some()),
        ("Veeva", p.veeva.is_some()),
        ("SAPOData", p.sapo_data.is_some()),
        ("CustomConnector", p.custom_connector.is_some()),
        ("Pardot", p.pardot.is_some()),
    ]);
    named_only(obj, &others, "source properties")
}

pub(crate) fn destination_properties(p: &DestinationConnectorProperties) -> Value {
    let obj = Obj::new()
        .val(
            "CustomerProfiles",
            p.customer_profiles.as_ref().map(|c| {
                Obj::new()
                    .str("domainName", c.domain_name.as_str())
                    .str("objectTypeName", c.object_type_name.as_deref())
                    .build()
            }),
        )
        .val(
            "S3",
            p.s3.as_ref().map(|s| {
                Obj::new()
                    .str("bucketName", s.bucket_name.as_str())
                    .str("bucketPrefix", s.bucket_prefix.as_deref())
                    .val(
                        "s3OutputFormatConfig",
                        s.s3_output_format_config.as_ref().map(s3_output),
                    )
                    .build()
            }),
        )
        .val(
            "Salesforce",
            p.salesforce.as_ref().map(|s| {
                Obj::new()
                    .str("object", s.object.as_str())
                    .strs("idFieldNames", s.id_field_names.as_deref())
                    .val(
                        "errorHandlingConfig",
                        s.error_handling_config.as_ref().map(error_handling),
                    )
                    .str(
                        "writeOperationType",
                        s.write_operation_type.as_ref().map(|w| w.as_str()),
                    )
                    .str(
                        "dataTransferApi",
                        s.data_transfer_api.as_ref().map(|a| a.as_str()),
                    )
                    .build()
            }),
        )
        .val(
            "Zendesk",
            p.zendesk.as_ref().map(|z| {
                Obj::new()
                    .str("object", z.object.as_str())
                    .strs("idFieldNames", z.id_field_names.as_deref())
                    .val(
                        "errorHandlingConfig",
                        z.error_handling_config.as_ref().map(error_handling),
                    )
                    .str(
                        "writeOperationType",
                        z.write_operation_type.as_ref().map(|w| w.as_str()),
                    )
                    .build()
            }),
        )
        .val(
            "Marketo",
            p.marketo.as_ref().map(|m| {
                Obj::new()
                    .str("object", m.object.as_str())
                    .val(
                        "errorHandlingConfig",
                        m.error_handling_config.as_ref().map(error_handling),
                    )
                    .build()
            }),
        );
    let others = set(&[
        ("Redshift", p.redshift.is_some()),
        ("Snowflake", p.snowflake.is_some()),
        ("EventBridge", p.event_bridge.is_some()),
        ("LookoutMetrics", p.lookout_metrics.is_some()),
        ("Upsolver", p.upsolver.is_some()),
        ("Honeycode", p.honeycode.is_some()),
        ("CustomConnector", p.custom_connector.is_some()),
        ("SAPOData", p.sapo_data.is_some()),
    ]);
    named_only(obj, &others, "destination properties")
}

fn s3_output(c: &S3OutputFormatConfig) -> Value {
    Obj::new()
        .str("fileType", c.file_type.as_ref().map(|t| t.as_str()))
        .val(
            "prefixConfig",
            c.prefix_config.as_ref().map(|p| {
                let hierarchy = p
                    .path_prefix_hierarchy
                    .as_ref()
                    .map(|h| Value::from(h.iter().map(|x| x.as_str()).collect::<Vec<_>>()));
                Obj::new()
                    .str("prefixType", p.prefix_type.as_ref().map(|t| t.as_str()))
                    .str("prefixFormat", p.prefix_format.as_ref().map(|f| f.as_str()))
                    .val("pathPrefixHierarchy", hierarchy)
                    .build()
            }),
        )
        .val(
            "aggregationConfig",
            c.aggregation_config.as_ref().map(|a| {
                Obj::new()
                    .str(
                        "aggregationType",
                        a.aggregation_type.as_ref().map(|t| t.as_str()),
                    )
                    .int("targetFileSize", a.target_file_size)
                    .build()
            }),
        )
        .bool("preserveSourceDataTyping", c.preserve_source_data_typing)
        .build()
}

fn error_handling(e: &ErrorHandlingConfig) -> Value {
    Obj::new()
        .bool(
            "failOnFirstDestinationError",
            e.fail_on_first_destination_error,
        )
        .str("bucketPrefix", e.bucket_prefix.as_deref())
        .str("bucketName", e.bucket_name.as_deref())
        .build()
}

/// `{"<Connector>": "<OPERATOR>"}`: every connector's operator is a plain enum.
pub(crate) fn connector_operator(o: &ConnectorOperator) -> Value {
    Obj::new()
        .str("Amplitude", o.amplitude.as_ref().map(|v| v.as_str()))
        .str("Datadog", o.datadog.as_ref().map(|v| v.as_str()))
        .str("Dynatrace", o.dynatrace.as_ref().map(|v| v.as_str()))
        .str(
            "GoogleAnalytics",
            o.google_analytics.as_ref().map(|v| v.as_str()),
        )
        .str("InforNexus", o.infor_nexus.as_ref().map(|v| v.as_str()))
        .str("Marketo", o.marketo.as_ref().map(|v| v.as_str()))
        .str("S3", o.s3.as_ref().map(|v| v.as_str()))
        .str("Salesforce", o.salesforce.as_ref().map(|v| v.as_str()))
        .str("ServiceNow", o.service_now.as_ref().map(|v| v.as_str()))
        .str("Singular", o.singular.as_ref().map(|v| v.as_str()))
        .str("Slack", o.slack.as_ref().map(|v| v.as_str()))
        .str("Trendmicro", o.trendmicro.as_ref().map(|v| v.as_str()))
        .str("Veeva", o.veeva.as_ref().map(|v| v.as_str()))
        .str("Zendesk", o.zendesk.as_ref().map(|v| v.as_str()))
        .str("SAPOData", o.sapo_data.as_ref().map(|v| v.as_str()))
        .str(
            "CustomConnector",
            o.custom_connector.as_ref().map(|v| v.as_str()),
        )
        .str("Pardot", o.pardot.as_ref().map(|v| v.as_str()))
        .build()
}

pub(crate) fn profile_properties(p: &ConnectorProfileProperties) -> Value {
    let instance = |url: &str| Obj::new().str("instanceUrl", url).build();
    let obj = Obj::new()
        .val(
            "Salesforce",
            p.salesforce.as_ref().map(|s| {
                Obj::new()
                    .str("instanceUrl", s.instance_url.as_deref())
                    .bool("isSandboxEnvironment", s.is_sandbox_environment)
                    .bool(
                        "usePrivateLinkForMetadataAndAuthorization",
                        s.use_private_link_for_metadata_and_authorization,
                    )
                    .build()
            }),
        )
        .val(
            "ServiceNow",
            p.service_now.as_ref().map(|s| instance(&s.instance_url)),
        )
        .val(
            "Marketo",
            p.marketo.as_ref().map(|s| instance(&s.instance_url)),
        )
        .val(
            "Zendesk",
            p.zendesk.as_ref().map(|s| instance(&s.instance_url)),
        );
    let others = set(&[
        ("Amplitude", p.amplitude.is_some()),
        ("Datadog", p.datadog.is_some()),
        ("Dynatrace", p.dynatrace.is_some()),
        ("GoogleAnalytics", p.google_analytics.is_some()),
        ("Honeycode", p.honeycode.is_some()),
        ("InforNexus", p.infor_nexus.is_some()),
        ("Redshift", p.redshift.is_some()),
        ("Singular", p.singular.is_some()),
        ("Slack", p.slack.is_some()),
        ("Snowflake", p.snowflake.is_some()),
        ("Trendmicro", p.trendmicro.is_some()),
        ("Veeva", p.veeva.is_some()),
        ("SAPOData", p.sapo_data.is_some()),
        ("CustomConnector", p.custom_connector.is_some()),
        ("Pardot", p.pardot.is_some()),
    ]);
    named_only(obj, &others, "connector profile properties")
}
