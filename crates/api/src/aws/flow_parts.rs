//! The parts of a flow definition that Customer Profiles (CreateIntegrationWorkflow's
//! `FlowDefinition`, PascalCase) and AppFlow (UpdateFlow, camelCase) write alike: the
//! source's properties, the tasks with their operators and properties, and the trigger.
//! Both SDKs name these types alike, so one macro maps both: expanded in `create` and in
//! `update` over that SDK's types (imported there), with `$name` spelling a model member
//! as that service's JSON does. Union members (`Salesforce`, `ServiceNow`, `Scheduled`)
//! are spelled alike by both. Each expansion supplies its own `built` and `scheduled`
//! (AppFlow's schedule has a member the other lacks).

macro_rules! flow_parts {
    ($name:path) => {
        /// This value as an object of the members `allowed` (model names).
        fn object_of<'a>(
            n: &Node<'a>,
            allowed: &[&str],
        ) -> Result<&'a serde_json::Map<String, Value>, AwsError> {
            let spelled: Vec<String> = allowed.iter().map(|k| $name(k)).collect();
            let refs: Vec<&str> = spelled.iter().map(String::as_str).collect();
            n.object(&refs)
        }

        fn member<'a>(n: &Node<'a>, k: &str) -> Option<Node<'a>> {
            n.get(&$name(k))
        }

        fn required<'a>(n: &Node<'a>, k: &str) -> Result<Node<'a>, AwsError> {
            n.req(&$name(k))
        }

        fn source_properties(n: &Node<'_>) -> Result<SourceConnectorProperties, AwsError> {
            n.object(&["Marketo", "S3", "Salesforce", "ServiceNow", "Zendesk"])?;
            let object = |key: &str| -> Result<Option<String>, AwsError> {
                match n.get(key) {
                    None => Ok(None),
                    Some(p) => {
                        object_of(&p, &["Object"])?;
                        Ok(Some(required(&p, "Object")?.string()?))
                    }
                }
            };
            let mut b = SourceConnectorProperties::builder();
            if let Some(o) = object("Marketo")? {
                let r = MarketoSourceProperties::builder().object(o).build();
                b = b.marketo(built(n, r)?);
            }
            if let Some(o) = object("ServiceNow")? {
                let r = ServiceNowSourceProperties::builder().object(o).build();
                b = b.service_now(built(n, r)?);
            }
            if let Some(o) = object("Zendesk")? {
                let r = ZendeskSourceProperties::builder().object(o).build();
                b = b.zendesk(built(n, r)?);
            }
            if let Some(s) = n.get("Salesforce") {
                object_of(
                    &s,
                    &[
                        "Object",
                        "EnableDynamicFieldUpdate",
                        "IncludeDeletedRecords",
                    ],
                )?;
                let flag = |k: &str| member(&s, k).map(|f| f.boolean()).transpose();
                let r = SalesforceSourceProperties::builder()
                    .object(required(&s, "Object")?.string()?)
                    .set_enable_dynamic_field_update(flag("EnableDynamicFieldUpdate")?)
                    .set_include_deleted_records(flag("IncludeDeletedRecords")?)
                    .build();
                b = b.salesforce(built(&s, r)?);
            }
            if let Some(s) = n.get("S3") {
                object_of(&s, &["BucketName", "BucketPrefix"])?;
                let r = S3SourceProperties::builder()
                    .bucket_name(required(&s, "BucketName")?.string()?)
                    .set_bucket_prefix(member(&s, "BucketPrefix").map(|p| p.string()).transpose()?)
                    .build();
                b = b.s3(built(&s, r)?);
            }
            Ok(b.build())
        }

        fn task(n: &Node<'_>) -> Result<Task, AwsError> {
            object_of(
                n,
                &[
                    "ConnectorOperator",
                    "DestinationField",
                    "SourceFields",
                    "TaskProperties",
                    "TaskType",
                ],
            )?;
            let operator = member(n, "ConnectorOperator")
                .map(|o| operator(&o))
                .transpose()?;
            let properties = member(n, "TaskProperties")
                .map(|p| properties(&p))
                .transpose()?;
            let r = Task::builder()
                .set_connector_operator(operator)
                .set_destination_field(
                    member(n, "DestinationField")
                        .map(|d| d.string())
                        .transpose()?,
                )
                .set_source_fields(Some(required(n, "SourceFields")?.strings()?))
                .set_task_properties(properties)
                .task_type(required(n, "TaskType")?.one_of::<TaskType>(TaskType::values())?)
                .build();
            built(n, r)
        }

        fn operator(n: &Node<'_>) -> Result<ConnectorOperator, AwsError> {
            n.object(&["Marketo", "S3", "Salesforce", "ServiceNow", "Zendesk"])?;
            let pick = |key: &str, values: &[&str]| -> Result<Option<String>, AwsError> {
                n.get(key).map(|v| v.one_of::<String>(values)).transpose()
            };
            Ok(ConnectorOperator::builder()
                .set_marketo(
                    pick("Marketo", MarketoConnectorOperator::values())?.map(|s| s.as_str().into()),
                )
                .set_s3(pick("S3", S3ConnectorOperator::values())?.map(|s| s.as_str().into()))
                .set_salesforce(
                    pick("Salesforce", SalesforceConnectorOperator::values())?
                        .map(|s| s.as_str().into()),
                )
                .set_service_now(
                    pick("ServiceNow", ServiceNowConnectorOperator::values())?
                        .map(|s| s.as_str().into()),
                )
                .set_zendesk(
                    pick("Zendesk", ZendeskConnectorOperator::values())?.map(|s| s.as_str().into()),
                )
                .build())
        }

        fn properties(n: &Node<'_>) -> Result<HashMap<OperatorPropertiesKeys, String>, AwsError> {
            let allowed = OperatorPropertiesKeys::values();
            let mut out = HashMap::new();
            for (k, v) in n.string_map()? {
                if !allowed.contains(&k.as_str()) {
                    return Err(n.invalid(&format!(
                        "`{k}` is not a task property (one of {})",
                        allowed.join(", ")
                    )));
                }
                out.insert(OperatorPropertiesKeys::from(k.as_str()), v);
            }
            Ok(out)
        }

        fn trigger_config(n: &Node<'_>) -> Result<TriggerConfig, AwsError> {
            object_of(n, &["TriggerType", "TriggerProperties"])?;
            let properties = match member(n, "TriggerProperties") {
                None => None,
                Some(p) => {
                    p.object(&["Scheduled"])?;
                    let scheduled = p.get("Scheduled").map(|s| scheduled(&s)).transpose()?;
                    Some(
                        TriggerProperties::builder()
                            .set_scheduled(scheduled)
                            .build(),
                    )
                }
            };
            let r = TriggerConfig::builder()
                .trigger_type(
                    required(n, "TriggerType")?.one_of::<TriggerType>(TriggerType::values())?,
                )
                .set_trigger_properties(properties)
                .build();
            built(n, r)
        }
    };
}

pub(crate) use flow_parts;

/// Customer Profiles spells members as the model names them.
pub(crate) fn pascal(k: &str) -> String {
    k.to_string()
}

/// AppFlow spells them in lower camel case.
pub(crate) fn camel(k: &str) -> String {
    let mut c = k.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
