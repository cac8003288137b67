//! GetProfileObjectType (`GET /domains/{DomainName}/object-types/{ObjectTypeName}`): an
//! object type with its fields (where each source field lands in the standard profile)
//! and its keys (which fields identify an object and tie it to a profile). The demo's
//! types are read from a table by the source they come from, so every seeded and created
//! type answers with the model's required members and plausible mappings.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::domains::domain;
use super::error::AwsError;
use super::json_walk::type_name_ok;
use super::store::{Domain, ObjectType};
use super::wire::{Body, epoch, ok};
use super::{Service, with_store};
use crate::state::Shared;

const P: Service = Service::Profiles;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new().route(
        "/domains/{domain}/object-types/{name}",
        get(get_object_type),
    )
}

async fn get_object_type(
    State(st): State<Arc<Shared>>,
    Path((name, type_name)): Path<(String, String)>,
) -> Result<Response, AwsError> {
    if !type_name_ok(&type_name) || type_name.len() > 255 {
        return Err(AwsError::invalid(
            P,
            format!(
                "ObjectTypeName {type_name} does not match the pattern ^[a-zA-Z_][a-zA-Z_0-9-]*$."
            ),
        ));
    }
    with_store(&st, P, |s| {
        let d = domain(s, &name)?;
        let o = s
            .object_types_of(&name)
            .into_iter()
            .find(|o| o.name == type_name)
            .ok_or_else(|| {
                AwsError::not_found(P, format!("No object type {type_name} in domain {name}"))
            })?;
        Ok(ok(detail(o, d)))
    })
}

/// Source field, where it lands in the profile, its content type.
type Field = (&'static str, &'static str, &'static str);

/// The fields of a type by the source its name starts with; the first is its unique key,
/// those with an email or phone target also find the profile.
fn fields_of(type_name: &str) -> &'static [Field] {
    let lower = type_name.to_ascii_lowercase();
    if lower.starts_with("s3-orders") || lower.starts_with("s3-points") {
        &[
            ("order_id", "_order.OrderId", "STRING"),
            ("customer_email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            ("total", "_order.TotalPrice", "NUMBER"),
        ]
    } else if lower.starts_with("s3") {
        &[
            ("customer_id", "_profile.AccountNumber", "STRING"),
            ("email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            ("first_name", "_profile.FirstName", "NAME"),
            ("last_name", "_profile.LastName", "NAME"),
        ]
    } else if lower.starts_with("zendesk") || lower.starts_with("servicenow") {
        &[
            ("id", "_case.CaseId", "STRING"),
            ("requester_email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            ("subject", "_case.Summary", "STRING"),
        ]
    } else {
        // Salesforce, Marketo, loyalty members: people.
        &[
            ("Id", "_profile.AccountNumber", "STRING"),
            ("Email", "_profile.EmailAddress", "EMAIL_ADDRESS"),
            ("FirstName", "_profile.FirstName", "NAME"),
            ("LastName", "_profile.LastName", "NAME"),
            ("Phone", "_profile.PhoneNumber", "PHONE_NUMBER"),
        ]
    }
}

/// The GetProfileObjectType answer.
pub fn detail(o: &ObjectType, d: &Domain) -> Value {
    let fields = fields_of(&o.name);
    let mut f = Map::new();
    for (name, target, content) in fields {
        f.insert(
            (*name).to_string(),
            json!({"Source": format!("_source.{name}"), "Target": target, "ContentType": content}),
        );
    }
    let mut keys = Map::new();
    if let Some((id, _, _)) = fields.first() {
        keys.insert(
            format!("_{}", id.to_ascii_lowercase()),
            json!([{"StandardIdentifiers": ["PROFILE", "UNIQUE"], "FieldNames": [id]}]),
        );
    }
    for (name, _, content) in fields {
        if matches!(*content, "EMAIL_ADDRESS" | "PHONE_NUMBER") {
            keys.insert(
                format!("_{}", name.to_ascii_lowercase()),
                json!([{"StandardIdentifiers": ["PROFILE"], "FieldNames": [name]}]),
            );
        }
    }
    let mut m = Body::new();
    m.insert("ObjectTypeName".into(), o.name.clone().into());
    m.insert("Description".into(), o.description.clone().into());
    m.insert("ExpirationDays".into(), d.expiration_days.into());
    m.insert("EncryptionKey".into(), d.kms_key.clone().into());
    m.insert("AllowProfileCreation".into(), true.into());
    m.insert("Fields".into(), Value::Object(f));
    m.insert("Keys".into(), Value::Object(keys));
    m.insert("CreatedAt".into(), epoch(o.created_at));
    m.insert("LastUpdatedAt".into(), epoch(o.created_at));
    if !o.tags.is_empty() {
        m.insert("Tags".into(), json!(o.tags));
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn every_type_has_a_unique_key_among_its_fields() {
        let d = Domain {
            name: "d".into(),
            created_at: 0,
            updated_at: 0,
            expiration_days: 366,
            kms_key: "k".into(),
            dead_letter_queue: None,
            profiles: 0,
            objects: 0,
            tags: BTreeMap::new(),
        };
        for name in [
            "S3-orders",
            "S3-customers",
            "Zendesk-tickets",
            "Salesforce-Contact",
        ] {
            let o = ObjectType {
                domain: "d".into(),
                name: name.into(),
                description: "x".into(),
                created_at: 0,
                tags: BTreeMap::new(),
            };
            let v = detail(&o, &d);
            let unique = v["Keys"]
                .as_object()
                .into_iter()
                .flatten()
                .filter(|(_, k)| k[0]["StandardIdentifiers"].to_string().contains("UNIQUE"))
                .count();
            assert_eq!(unique, 1, "{name}");
            let field = v["Keys"]
                .as_object()
                .and_then(|k| k.values().next())
                .map(|k| k[0]["FieldNames"][0].clone());
            assert!(field.is_some_and(|f| v["Fields"].get(f.as_str().unwrap_or("")).is_some()));
        }
    }
}
