//! Reading a user-edited JSON request with the path of every value at hand, so a member
//! that cannot be mapped is reported as `IntegrationConfig.AppflowIntegration.FlowDefinition.Tasks[2].TaskType`.

use std::collections::HashMap;

use aws_smithy_types::DateTime;
use serde_json::{Map, Value};

use crate::aws::error::AwsError;

/// A value of the request and where it sits in it.
pub(crate) struct Node<'a> {
    v: &'a Value,
    path: String,
}

impl<'a> Node<'a> {
    pub fn root(v: &'a Value) -> Node<'a> {
        Node {
            v,
            path: String::new(),
        }
    }

    pub fn path(&self) -> &str {
        if self.path.is_empty() {
            "the request"
        } else {
            &self.path
        }
    }

    fn fail(&self, what: &str) -> AwsError {
        AwsError::invalid(format!("{}: {what}", self.path()))
    }

    fn child_path(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// This value as an object whose members are all in `allowed` (a misspelt member
    /// would otherwise be dropped without a word).
    pub fn object(&self, allowed: &[&str]) -> Result<&'a Map<String, Value>, AwsError> {
        let map = self
            .v
            .as_object()
            .ok_or_else(|| self.fail("expected an object"))?;
        if let Some(k) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(AwsError::invalid(format!(
                "{}: unknown member (expected one of {})",
                self.child_path(k),
                allowed.join(", ")
            )));
        }
        Ok(map)
    }

    /// A member, `None` when absent or null.
    pub fn get(&self, key: &str) -> Option<Node<'a>> {
        match self.v.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(Node {
                v,
                path: self.child_path(key),
            }),
        }
    }

    /// A member the model requires.
    pub fn req(&self, key: &str) -> Result<Node<'a>, AwsError> {
        self.get(key).ok_or_else(|| {
            AwsError::invalid(format!("{}: required member missing", self.child_path(key)))
        })
    }

    pub fn string(&self) -> Result<String, AwsError> {
        self.v
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| self.fail("expected a string"))
    }

    pub fn boolean(&self) -> Result<bool, AwsError> {
        self.v
            .as_bool()
            .ok_or_else(|| self.fail("expected true or false"))
    }

    pub fn long(&self) -> Result<i64, AwsError> {
        self.v
            .as_i64()
            .ok_or_else(|| self.fail("expected a whole number"))
    }

    /// Epoch seconds (a number, maybe with a fraction) or an RFC 3339 string.
    pub fn time(&self) -> Result<DateTime, AwsError> {
        match self.v {
            Value::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(s), _) => Ok(DateTime::from_secs(s)),
                (None, Some(f)) if f.is_finite() => Ok(DateTime::from_secs_f64(f)),
                _ => Err(self.fail("expected epoch seconds")),
            },
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s.trim())
                .map(|t| DateTime::from_secs_and_nanos(t.timestamp(), t.timestamp_subsec_nanos()))
                .map_err(|e| {
                    self.fail(&format!(
                        "expected an RFC 3339 time such as 2026-11-20T10:00:00Z ({e})"
                    ))
                }),
            _ => Err(self.fail("expected epoch seconds or an RFC 3339 time")),
        }
    }

    /// One of the enum's values, exactly as the model spells it.
    pub fn one_of<T>(&self, values: &[&str]) -> Result<T, AwsError>
    where
        T: for<'s> From<&'s str>,
    {
        let s = self.string()?;
        if values.contains(&s.as_str()) {
            Ok(T::from(s.as_str()))
        } else {
            Err(self.fail(&format!("`{s}` is not one of {}", values.join(", "))))
        }
    }

    pub fn list(&self) -> Result<Vec<Node<'a>>, AwsError> {
        let items = self
            .v
            .as_array()
            .ok_or_else(|| self.fail("expected a list"))?;
        Ok(items
            .iter()
            .enumerate()
            .map(|(i, v)| Node {
                v,
                path: format!("{}[{i}]", self.path),
            })
            .collect())
    }

    pub fn strings(&self) -> Result<Vec<String>, AwsError> {
        self.list()?.iter().map(Node::string).collect()
    }

    /// A map of strings, keys kept as written.
    pub fn string_map(&self) -> Result<HashMap<String, String>, AwsError> {
        let map = self
            .v
            .as_object()
            .ok_or_else(|| self.fail("expected an object of strings"))?;
        map.iter()
            .map(|(k, v)| {
                let node = Node {
                    v,
                    path: self.child_path(k),
                };
                Ok((k.clone(), node.string()?))
            })
            .collect()
    }

    pub fn invalid(&self, what: &str) -> AwsError {
        self.fail(what)
    }
}
