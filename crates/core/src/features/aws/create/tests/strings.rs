//! Lengths and patterns of the string members: flow name, description, ARNs, names,
//! tags and task properties.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::features::aws::create::tests::*;

#[test]
fn flow_names_have_no_spaces_and_follow_the_pattern() {
    let ptr = format!("{FD}/FlowName");
    fails(
        &with(&ptr, json!("my flow")),
        "\"FlowName\"",
        "FlowName: `my flow` has spaces, which a flow name may not: use _ or - instead",
    );
    fails(
        &with(&ptr, json!("-flow")),
        "\"FlowName\"",
        "FlowName: a flow name starts with a letter or a digit",
    );
    fails(
        &with(&ptr, json!("a$b")),
        "\"FlowName\"",
        "FlowName: `$` is not allowed in a flow name (letters, digits and _ ! @ # . - only)",
    );
    fails(
        &with(&ptr, json!("f".repeat(257))),
        "\"FlowName\"",
        "FlowName has 257 characters; at most 256 are allowed",
    );
    passes(&with(&ptr, json!("Orders_hourly-2.0@acme#1")));
}

#[test]
fn descriptions_hold_the_model_characters() {
    let ptr = format!("{FD}/Description");
    fails(
        &with(&ptr, json!("accounts: all")),
        "\"Description\"",
        "Description: `:` is not allowed in a flow description (letters, digits, spaces and \
         _ ! @ # - . ? , only)",
    );
    passes(&with(&ptr, json!("Accounts, hourly - all of them!")));
}

#[test]
fn role_arns_name_an_iam_role() {
    let ptr = "/RoleArn";
    let message = |s: &str| {
        format!(
            "RoleArn: `{s}` is not an IAM role ARN: write arn:aws:iam::123456789012:role/NAME \
             (or the aws-cn / aws-us-gov partitions)"
        )
    };
    for bad in [
        "arn:aws:iam::1234:role/Workflow",
        "arn:aws:iam::123456789012:user/Workflow",
        "arn:aws:iam:us-east-1:123456789012:role/Workflow",
        "arn:aws:s3:::bucket",
        "Workflow",
    ] {
        fails(&with(ptr, json!(bad)), "\"RoleArn\"", &message(bad));
    }
    for good in [
        "arn:aws-cn:iam::123456789012:role/Workflow",
        "arn:aws-us-gov:iam::123456789012:role/service-role/Workflow",
    ] {
        passes(&with(ptr, json!(good)));
    }
}

#[test]
fn kms_arns_name_a_key_or_an_alias() {
    let ptr = format!("{FD}/KmsArn");
    let bad = "arn:aws:kms:us-east-1:123456789012:mykey";
    fails(
        &with(&ptr, json!(bad)),
        "\"KmsArn\"",
        &format!(
            "KmsArn: `{bad}` is not a KMS key ARN: write arn:aws:kms:REGION:123456789012:key/\
             KEY-ID or arn:aws:kms:REGION:123456789012:alias/NAME"
        ),
    );
    fails(
        &with(&ptr, json!("alias/x")),
        "\"KmsArn\"",
        "KmsArn has 7 characters; it needs at least 20",
    );
    passes(&with(
        &ptr,
        json!("arn:aws:kms:eu-west-1:123456789012:alias/profiles-key"),
    ));
    passes(&with(
        &ptr,
        json!("arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abcd-1234"),
    ));
}

#[test]
fn object_type_and_domain_names_follow_their_patterns() {
    fails(
        &with("/ObjectTypeName", json!("1Account")),
        "\"ObjectTypeName\"",
        "ObjectTypeName: `1Account` is not an object type name: it starts with a letter or _",
    );
    fails(
        &with("/ObjectTypeName", json!("Sales Account")),
        "\"ObjectTypeName\"",
        "ObjectTypeName: a space is not allowed in an object type name (letters, digits, _ \
         and - only)",
    );
    passes(&with("/ObjectTypeName", json!("_Account-v2")));
    fails(
        &with("/DomainName", json!("acme.prod")),
        "\"DomainName\"",
        "DomainName: `.` is not allowed in a domain name (letters, digits, _ and - only)",
    );
    fails(
        &with("/DomainName", json!("d".repeat(65))),
        "\"DomainName\"",
        "DomainName has 65 characters; at most 64 are allowed",
    );
    fails(
        &with("/DomainName", json!("")),
        "\"DomainName\"",
        "DomainName is empty",
    );
    passes(&with("/DomainName", json!("Acme_prod-2")));
}

#[test]
fn profile_object_and_bucket_names_follow_their_patterns() {
    fails(
        &with(&format!("{SFC}/ConnectorProfileName"), json!("sf prod")),
        "\"ConnectorProfileName\"",
        "ConnectorProfileName: a space is not allowed in a connector profile name (letters, \
         digits and _ / ! @ # + = . - only)",
    );
    passes(&with(
        &format!("{SFC}/ConnectorProfileName"),
        json!("team/sf+prod=1"),
    ));
    fails(
        &with(
            &format!("{SFC}/SourceConnectorProperties/Salesforce/Object"),
            json!("Account Contact"),
        ),
        "\"Object\"",
        "Object: a space is not allowed here: no spaces",
    );
    let s3 = |name: &str| {
        pretty(&set(
            request(Connector::S3),
            &format!("{SFC}/SourceConnectorProperties/S3/BucketName"),
            json!(name),
        ))
    };
    fails(
        &s3("ab"),
        "\"BucketName\"",
        "BucketName has 2 characters; it needs at least 3",
    );
    passes(&s3("abc.profiles-1"));
}

#[test]
fn tags_and_task_properties_are_checked_maps() {
    fails(
        &with("/Tags", json!({})),
        "\"Tags\"",
        "Tags is empty: leave it out instead",
    );
    fails(
        &with("/Tags", json!({"aws:team": "x"})),
        "\"aws:team\"",
        "Tags key: tag keys starting with aws: are reserved for AWS",
    );
    fails(
        &with("/Tags", json!({"team": 1})),
        "\"team\"",
        "Tags team must be a string, not a number",
    );
    passes(&with(
        "/Tags",
        json!({"team/owner": "data", "cost-center": "42"}),
    ));
    let ptr = format!("{FD}/Tasks/1/TaskProperties");
    fails(
        &with(&ptr, json!({"DATATYPE": "string"})),
        "\"DATATYPE\"",
        "TaskProperties key: DATATYPE is not a task property (allowed: VALUE, VALUES, \
         DATA_TYPE, UPPER_BOUND, LOWER_BOUND, SOURCE_DATA_TYPE, DESTINATION_DATA_TYPE, \
         VALIDATION_ACTION, MASK_VALUE, MASK_LENGTH, TRUNCATE_LENGTH, \
         MATH_OPERATION_FIELDS_ORDER, CONCAT_FORMAT, SUBFIELD_CATEGORY_MAP); did you mean \
         DATA_TYPE?",
    );
    passes(&with(
        &ptr,
        json!({"SOURCE_DATA_TYPE": "string", "DESTINATION_DATA_TYPE": "string"}),
    ));
}
