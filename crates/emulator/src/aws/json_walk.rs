//! The pieces CreateIntegrationWorkflow's checks are made of: a cursor over the request's
//! JSON that names each member by its path (`IntegrationConfig.AppflowIntegration.…`)
//! in the 400 it raises, and the model's patterns (FlowName, ARNs, type names) matched
//! over the whole value.

use serde_json::{Map, Value};

use super::Service;
use super::error::AwsError;
use super::wire::millis;
use crate::clock::EpochMs;

pub(super) fn bad(message: String) -> AwsError {
    AwsError::invalid(Service::Profiles, message)
}

/// A JSON object being checked, with its path in the request.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub(super) path: &'a str,
    pub(super) map: &'a Map<String, Value>,
}

impl<'a> At<'a> {
    pub(super) fn name(&self, k: &str) -> String {
        if self.path.is_empty() {
            k.to_string()
        } else {
            format!("{}.{k}", self.path)
        }
    }

    pub(super) fn get(&self, k: &str) -> Option<&'a Value> {
        self.map.get(k).filter(|v| !v.is_null())
    }

    pub(super) fn object(&self, k: &str, path: &'a str) -> Result<Option<At<'a>>, AwsError> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::Object(map)) => Ok(Some(At { path, map })),
            Some(_) => Err(bad(format!("{} must be an object.", self.name(k)))),
        }
    }

    pub(super) fn req_object(&self, k: &str, path: &'a str) -> Result<At<'a>, AwsError> {
        self.object(k, path)?
            .ok_or_else(|| bad(format!("{} is required.", self.name(k))))
    }

    pub(super) fn string(&self, k: &str, max: usize) -> Result<Option<&'a str>, AwsError> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s)),
            Some(Value::String(_)) => Err(bad(format!(
                "{} must be at most {max} characters long.",
                self.name(k)
            ))),
            Some(_) => Err(bad(format!("{} must be a string.", self.name(k)))),
        }
    }

    pub(super) fn req_string(&self, k: &str, max: usize) -> Result<&'a str, AwsError> {
        self.string(k, max)?
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(format!("{} is required.", self.name(k))))
    }

    pub(super) fn one_of(
        &self,
        k: &str,
        allowed: &[&str],
        required: bool,
    ) -> Result<Option<&'a str>, AwsError> {
        let v = if required {
            Some(self.req_string(k, 256)?)
        } else {
            self.string(k, 256)?
        };
        match v {
            Some(s) if !allowed.contains(&s) => Err(bad(format!(
                "{} {s} is not valid; use one of {}.",
                self.name(k),
                allowed.join(", ")
            ))),
            other => Ok(other),
        }
    }

    pub(super) fn boolean(&self, k: &str) -> Result<(), AwsError> {
        match self.get(k) {
            None | Some(Value::Bool(_)) => Ok(()),
            Some(_) => Err(bad(format!("{} must be true or false.", self.name(k)))),
        }
    }

    pub(super) fn time(&self, k: &str, required: bool) -> Result<Option<EpochMs>, AwsError> {
        match self.get(k) {
            None if required => Err(bad(format!("{} is required.", self.name(k)))),
            None => Ok(None),
            Some(v) => millis(v).map(Some).ok_or_else(|| {
                bad(format!(
                    "{} must be a timestamp in epoch seconds.",
                    self.name(k)
                ))
            }),
        }
    }

    pub(super) fn array(
        &self,
        k: &str,
        required: bool,
    ) -> Result<Option<&'a Vec<Value>>, AwsError> {
        match self.get(k) {
            None if required => Err(bad(format!("{} is required.", self.name(k)))),
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(bad(format!("{} must be a list.", self.name(k)))),
        }
    }
}

/// `[a-zA-Z0-9][\w!@#.-]+`, the model's FlowName pattern, over the whole name.
pub(super) fn flow_name_ok(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphanumeric())
        && s.len() >= 2
        && c.all(|x| x.is_ascii_alphanumeric() || "_!@#.-".contains(x))
}

/// `<prefix>.*:[0-9]+:.*`, the shape of the RoleArn and KmsArn patterns.
pub(super) fn arn_ok(s: &str, prefix: &str) -> bool {
    let Some(rest) = s.strip_prefix(prefix) else {
        return false;
    };
    let parts: Vec<&str> = rest.split(':').collect();
    (1..parts.len().saturating_sub(1))
        .any(|i| !parts[i].is_empty() && parts[i].bytes().all(|b| b.is_ascii_digit()))
}

/// `^[a-zA-Z_][a-zA-Z_0-9-]*$`.
pub(super) fn type_name_ok(s: &str) -> bool {
    let mut c = s.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_' || x == '-')
}

pub(super) fn in_class(s: &str, extra: &str) -> bool {
    s.chars()
        .all(|c| c.is_alphanumeric() || c == '_' || c.is_whitespace() || extra.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_of_the_model() {
        assert!(flow_name_ok("retail-sf_accounts.v2"));
        assert!(!flow_name_ok("-lead"));
        assert!(!flow_name_ok("a"));
        assert!(!flow_name_ok("has/slash"));
        assert!(arn_ok("arn:aws:iam::123456789012:role/x", "arn:aws:iam:"));
        assert!(arn_ok(
            "arn:aws:kms:us-east-1:123456789012:key/abc",
            "arn:aws:kms:"
        ));
        assert!(!arn_ok("arn:aws:iam::role/x", "arn:aws:iam:"));
        assert!(!arn_ok(
            "arn:aws:kms:us-east-1:123456789012",
            "arn:aws:kms:"
        ));
        assert!(type_name_ok("Salesforce-Account"));
        assert!(!type_name_ok("1type"));
    }
}
