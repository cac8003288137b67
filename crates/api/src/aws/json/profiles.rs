//! Customer Profiles values in the service's wire shape (PascalCase members): domains,
//! workflows and their steps, profile object types, integrations.

use aws_sdk_customerprofiles::operation::create_integration_workflow::CreateIntegrationWorkflowOutput;
use aws_sdk_customerprofiles::operation::get_domain::GetDomainOutput;
use aws_sdk_customerprofiles::operation::get_integration::GetIntegrationOutput;
use aws_sdk_customerprofiles::operation::get_profile_object_type::GetProfileObjectTypeOutput;
use aws_sdk_customerprofiles::operation::get_workflow::GetWorkflowOutput;
use aws_sdk_customerprofiles::types::{
    ConflictResolution, ExportingConfig, ListDomainItem, ListIntegrationItem,
    ListProfileObjectTypeItem, ListWorkflowsItem, MatchingResponse, ObjectTypeField, ObjectTypeKey,
    RuleBasedMatchingResponse, WorkflowStepItem,
};
use serde_json::Value;
use std::collections::BTreeMap;

use super::{Obj, list};

pub(crate) fn domain_item(d: &ListDomainItem) -> Value {
    Obj::new()
        .str("DomainName", d.domain_name.as_str())
        .time("CreatedAt", &d.created_at)
        .time("LastUpdatedAt", &d.last_updated_at)
        .tags("Tags", d.tags.as_ref())
        .build()
}

/// GetDomain, whole.
pub(crate) fn domain(d: &GetDomainOutput) -> Value {
    Obj::new()
        .str("DomainName", d.domain_name.as_str())
        .int(
            "DefaultExpirationDays",
            d.default_expiration_days.map(i64::from),
        )
        .str("DefaultEncryptionKey", d.default_encryption_key.as_deref())
        .str("DeadLetterQueueUrl", d.dead_letter_queue_url.as_deref())
        .val(
            "Stats",
            d.stats.as_ref().map(|s| {
                Obj::new()
                    .int("ProfileCount", s.profile_count)
                    .int("MeteringProfileCount", s.metering_profile_count)
                    .int("ObjectCount", s.object_count)
                    .int("TotalSize", s.total_size)
                    .build()
            }),
        )
        .val("Matching", d.matching.as_ref().map(matching))
        .val(
            "RuleBasedMatching",
            d.rule_based_matching.as_ref().map(rule_based_matching),
        )
        .val(
            "DataStore",
            d.data_store.as_ref().map(|s| {
                Obj::new()
                    .bool("Enabled", s.enabled)
                    .val(
                        "Readiness",
                        s.readiness.as_ref().map(|r| {
                            Obj::new()
                                .int("ProgressPercentage", r.progress_percentage.map(i64::from))
                                .str("Message", r.message.as_deref())
                                .build()
                        }),
                    )
                    .build()
            }),
        )
        .time("CreatedAt", &d.created_at)
        .time("LastUpdatedAt", &d.last_updated_at)
        .tags("Tags", d.tags.as_ref())
        .build()
}

fn matching(m: &MatchingResponse) -> Value {
    Obj::new()
        .bool("Enabled", m.enabled)
        .val(
            "JobSchedule",
            m.job_schedule.as_ref().map(|j| {
                Obj::new()
                    .str("DayOfTheWeek", j.day_of_the_week.as_str())
                    .str("Time", j.time.as_str())
                    .build()
            }),
        )
        .val(
            "AutoMerging",
            m.auto_merging.as_ref().map(|a| {
                Obj::new()
                    .bool("Enabled", a.enabled)
                    .val(
                        "Consolidation",
                        a.consolidation.as_ref().map(|c| {
                            Obj::new()
                                .val(
                                    "MatchingAttributesList",
                                    Some(Value::from(c.matching_attributes_list.clone())),
                                )
                                .build()
                        }),
                    )
                    .val(
                        "ConflictResolution",
                        a.conflict_resolution.as_ref().map(conflict_resolution),
                    )
                    .float(
                        "MinAllowedConfidenceScoreForMerging",
                        a.min_allowed_confidence_score_for_merging,
                    )
                    .build()
            }),
        )
        .val(
            "ExportingConfig",
            m.exporting_config.as_ref().map(exporting_config),
        )
        .build()
}

fn rule_based_matching(r: &RuleBasedMatchingResponse) -> Value {
    Obj::new()
        .bool("Enabled", r.enabled)
        .val(
            "MatchingRules",
            list(r.matching_rules.as_deref(), |m| {
                Obj::new().strs("Rule", Some(&m.rule)).build()
            }),
        )
        .str("Status", r.status.as_ref().map(|s| s.as_str()))
        .int(
            "MaxAllowedRuleLevelForMerging",
            r.max_allowed_rule_level_for_merging.map(i64::from),
        )
        .int(
            "MaxAllowedRuleLevelForMatching",
            r.max_allowed_rule_level_for_matching.map(i64::from),
        )
        .val(
            "AttributeTypesSelector",
            r.attribute_types_selector.as_ref().map(|a| {
                Obj::new()
                    .str(
                        "AttributeMatchingModel",
                        a.attribute_matching_model.as_str(),
                    )
                    .strs("Address", a.address.as_deref())
                    .strs("PhoneNumber", a.phone_number.as_deref())
                    .strs("EmailAddress", a.email_address.as_deref())
                    .build()
            }),
        )
        .val(
            "ConflictResolution",
            r.conflict_resolution.as_ref().map(conflict_resolution),
        )
        .val(
            "ExportingConfig",
            r.exporting_config.as_ref().map(exporting_config),
        )
        .build()
}

fn conflict_resolution(c: &ConflictResolution) -> Value {
    Obj::new()
        .str(
            "ConflictResolvingModel",
            c.conflict_resolving_model.as_str(),
        )
        .str("SourceName", c.source_name.as_deref())
        .build()
}

fn exporting_config(e: &ExportingConfig) -> Value {
    Obj::new()
        .val(
            "S3Exporting",
            e.s3_exporting.as_ref().map(|s| {
                Obj::new()
                    .str("S3BucketName", s.s3_bucket_name.as_str())
                    .str("S3KeyName", s.s3_key_name.as_deref())
                    .build()
            }),
        )
        .build()
}

pub(crate) fn workflow_item(w: &ListWorkflowsItem) -> Value {
    Obj::new()
        .str("WorkflowType", w.workflow_type.as_str())
        .str("WorkflowId", w.workflow_id.as_str())
        .str("Status", w.status.as_str())
        .str("StatusDescription", w.status_description.as_str())
        .time("CreatedAt", &w.created_at)
        .time("LastUpdatedAt", &w.last_updated_at)
        .build()
}

/// GetWorkflow, whole.
pub(crate) fn workflow(w: &GetWorkflowOutput) -> Value {
    let attributes = w.attributes.as_ref().map(|a| {
        Obj::new()
            .val(
                "AppflowIntegration",
                a.appflow_integration.as_ref().map(|f| {
                    Obj::new()
                        .str("SourceConnectorType", f.source_connector_type.as_str())
                        .str("ConnectorProfileName", f.connector_profile_name.as_str())
                        .str("RoleArn", f.role_arn.as_deref())
                        .build()
                }),
            )
            .build()
    });
    let metrics = w.metrics.as_ref().map(|m| {
        Obj::new()
            .val(
                "AppflowIntegration",
                m.appflow_integration.as_ref().map(|f| {
                    Obj::new()
                        .int("RecordsProcessed", f.records_processed)
                        .int("StepsCompleted", f.steps_completed)
                        .int("TotalSteps", f.total_steps)
                        .build()
                }),
            )
            .build()
    });
    Obj::new()
        .str("WorkflowId", w.workflow_id.as_deref())
        .str("WorkflowType", w.workflow_type.as_ref().map(|t| t.as_str()))
        .str("Status", w.status.as_ref().map(|s| s.as_str()))
        .str("ErrorDescription", w.error_description.as_deref())
        .time("StartDate", w.start_date.as_ref())
        .time("LastUpdatedAt", w.last_updated_at.as_ref())
        .val("Attributes", attributes)
        .val("Metrics", metrics)
        .build()
}

pub(crate) fn workflow_step(s: &WorkflowStepItem) -> Value {
    Obj::new()
        .val(
            "AppflowIntegration",
            s.appflow_integration.as_ref().map(|f| {
                Obj::new()
                    .str("FlowName", f.flow_name.as_str())
                    .str("Status", f.status.as_str())
                    .str("ExecutionMessage", f.execution_message.as_str())
                    .int("RecordsProcessed", f.records_processed)
                    .str("BatchRecordsStartTime", f.batch_records_start_time.as_str())
                    .str("BatchRecordsEndTime", f.batch_records_end_time.as_str())
                    .time("CreatedAt", &f.created_at)
                    .time("LastUpdatedAt", &f.last_updated_at)
                    .build()
            }),
        )
        .build()
}

pub(crate) fn object_type_item(o: &ListProfileObjectTypeItem) -> Value {
    Obj::new()
        .str("ObjectTypeName", o.object_type_name.as_str())
        .str("Description", o.description.as_str())
        .time("CreatedAt", o.created_at.as_ref())
        .time("LastUpdatedAt", o.last_updated_at.as_ref())
        .int(
            "MaxProfileObjectCount",
            o.max_profile_object_count.map(i64::from),
        )
        .int(
            "MaxAvailableProfileObjectCount",
            o.max_available_profile_object_count.map(i64::from),
        )
        .tags("Tags", o.tags.as_ref())
        .build()
}

/// ListIntegrations' item and GetIntegration's answer have the same members.
macro_rules! integration {
    ($i:expr) => {{
        let i = $i;
        Obj::new()
            .str("DomainName", i.domain_name.as_str())
            .str("Uri", i.uri.as_str())
            .str("ObjectTypeName", i.object_type_name.as_deref())
            .time("CreatedAt", &i.created_at)
            .time("LastUpdatedAt", &i.last_updated_at)
            .tags("Tags", i.tags.as_ref())
            .tags("ObjectTypeNames", i.object_type_names.as_ref())
            .str("WorkflowId", i.workflow_id.as_deref())
            .bool("IsUnstructured", i.is_unstructured)
            .str("RoleArn", i.role_arn.as_deref())
            .strs("EventTriggerNames", i.event_trigger_names.as_deref())
            .str("Scope", i.scope.as_ref().map(|s| s.as_str()))
            .build()
    }};
}

pub(crate) fn integration_item(i: &ListIntegrationItem) -> Value {
    integration!(i)
}

/// GetIntegration, whole.
pub(crate) fn integration(i: &GetIntegrationOutput) -> Value {
    integration!(i)
}

/// GetProfileObjectType, whole: its fields and keys with their names sorted.
pub(crate) fn object_type(o: &GetProfileObjectTypeOutput) -> Value {
    let fields = o.fields.as_ref().map(|f| {
        let sorted: BTreeMap<&String, &ObjectTypeField> = f.iter().collect();
        Value::Object(
            sorted
                .into_iter()
                .map(|(name, f)| {
                    let v = Obj::new()
                        .str("Source", f.source.as_deref())
                        .str("Target", f.target.as_deref())
                        .str("ContentType", f.content_type.as_ref().map(|c| c.as_str()))
                        .build();
                    (name.clone(), v)
                })
                .collect(),
        )
    });
    let keys = o.keys.as_ref().map(|k| {
        let sorted: BTreeMap<&String, &Vec<ObjectTypeKey>> = k.iter().collect();
        Value::Object(
            sorted
                .into_iter()
                .map(|(name, keys)| {
                    let v = keys
                        .iter()
                        .map(|k| {
                            let ids: Option<Vec<String>> = k
                                .standard_identifiers
                                .as_ref()
                                .map(|s| s.iter().map(|i| i.as_str().to_string()).collect());
                            Obj::new()
                                .strs("StandardIdentifiers", ids.as_deref())
                                .strs("FieldNames", k.field_names.as_deref())
                                .build()
                        })
                        .collect();
                    (name.clone(), Value::Array(v))
                })
                .collect(),
        )
    });
    Obj::new()
        .str("ObjectTypeName", o.object_type_name.as_str())
        .str("Description", o.description.as_str())
        .str("TemplateId", o.template_id.as_deref())
        .int("ExpirationDays", o.expiration_days.map(i64::from))
        .str("EncryptionKey", o.encryption_key.as_deref())
        .bool("AllowProfileCreation", o.allow_profile_creation)
        .str(
            "SourceLastUpdatedTimestampFormat",
            o.source_last_updated_timestamp_format.as_deref(),
        )
        .int(
            "MaxAvailableProfileObjectCount",
            o.max_available_profile_object_count.map(i64::from),
        )
        .int(
            "MaxProfileObjectCount",
            o.max_profile_object_count.map(i64::from),
        )
        .val("Fields", fields)
        .val("Keys", keys)
        .time("CreatedAt", o.created_at.as_ref())
        .time("LastUpdatedAt", o.last_updated_at.as_ref())
        .tags("Tags", o.tags.as_ref())
        .build()
}

pub(crate) fn created_workflow(o: &CreateIntegrationWorkflowOutput) -> Value {
    Obj::new()
        .str("WorkflowId", o.workflow_id.as_str())
        .str("Message", o.message.as_str())
        .build()
}

#[cfg(test)]
#[path = "profiles_tests.rs"]
mod tests;
