//! OpenAPI 3.0 loader for the conformance tests.
//!
//! Reads Adobe's Flow Service document, finds the operation and the response schema for
//! (method, concrete path, status), converts the OpenAPI 3.0 schema dialect to JSON Schema
//! 2020-12 and validates bodies with `jsonschema`.
//!
//! It knows nothing about the emulator or about where the real service departs from the
//! document: those departures are edits applied from `relax.rs`, so that every one is named.

use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};

/// Operations are looked up only among these keys of a path item; `parameters`, `summary`
/// and extensions sit beside them.
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// Which side of an exchange a schema describes. OpenAPI 3.0 lets one component serve both:
/// a `readOnly` property is never sent in a request and a `writeOnly` one never in a
/// response, even when listed in `required`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// One operation of the document.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Operation {
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template as the document writes it, e.g. `/flows/{FLOW_ID}`.
    pub template: String,
    /// `operationId`, or `METHOD template` when the document gives none.
    pub id: String,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} {})", self.id, self.method, self.template)
    }
}

/// What the document says about one status of one operation.
#[derive(Clone, Debug)]
pub enum ResponseSpec {
    /// A JSON body schema, already converted to JSON Schema.
    Schema { key: String, schema: Value },
    /// The status is documented (under `key`, which may be `4XX` or `default`) but gives
    /// no body schema: `content: {}`, no `content`, or only an `example`.
    NoSchema { key: String, example: Option<Value> },
    /// Neither the status, its range nor `default` is documented.
    Undocumented,
}

/// A response example found under `content` (`example` or `examples.<name>.value`).
#[derive(Clone, Debug)]
pub struct ResponseExample {
    pub operation: Operation,
    pub status_key: String,
    pub name: String,
    pub value: Value,
    /// The converted schema of the same media type, when there is one.
    pub schema: Option<Value>,
}

/// A single schema violation, flattened for reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// JSON pointer into the validated body.
    pub instance_path: String,
    /// Keyword location, including `$ref` hops.
    pub schema_path: String,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = if self.instance_path.is_empty() {
            "(root)"
        } else {
            &self.instance_path
        };
        write!(f, "at {at} [schema {}]: {}", self.schema_path, self.message)
    }
}

pub struct OpenApi {
    raw: Value,
    base_path: String,
    /// `components` converted for response bodies; the target of every `#/components/…` ref.
    response_components: Value,
    /// The same for request bodies.
    request_components: Value,
}

/// `../shared/anchors/flow-service.yaml` next to the repository (CI checks `shared/` out
/// beside it).
pub fn default_document_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/anchors/flow-service.yaml")
}

impl OpenApi {
    pub fn load(path: &Path) -> Self {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read the OpenAPI document {}: {e}", path.display()));
        let raw: Value = serde_norway::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not YAML this loader reads: {e}", path.display()));
        Self::from_value(raw)
    }

    pub fn from_value(raw: Value) -> Self {
        let version = raw["openapi"].as_str().unwrap_or_default();
        assert!(
            version.starts_with("3.0"),
            "this loader converts the OpenAPI 3.0 dialect, the document says {version:?}"
        );
        let base_path = server_base_path(&raw);
        let response_components = convert_components(&raw["components"], Direction::Response);
        let request_components = convert_components(&raw["components"], Direction::Request);
        Self {
            raw,
            base_path,
            response_components,
            request_components,
        }
    }

    /// The path part of `servers[0].url`, e.g. `/data/foundation/flowservice`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Every operation the document declares, in document order.
    pub fn operations(&self) -> Vec<Operation> {
        let mut out = Vec::new();
        for (template, item) in self.paths() {
            for method in HTTP_METHODS {
                if let Some(op) = item.get(method) {
                    out.push(make_operation(method, template, op));
                }
            }
        }
        out
    }

    /// The operation serving `method` on a concrete request path (query allowed), which must
    /// start with the server base path. Literal segments beat `{PARAM}` segments, so
    /// `/flows/search` wins over `/flows/{FLOW_ID}`.
    ///
    /// A trailing `/` is ignored on both sides: the document puts PATCH and DELETE of a
    /// connection under `/connections/{BASE_CONNECTION_ID}/` and GET under the same path
    /// without the slash, and clients call both without it.
    pub fn find_operation(&self, method: &str, path: &str) -> Option<Operation> {
        let method = method.to_ascii_lowercase();
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let rest = path.strip_prefix(&self.base_path)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        let concrete = segments(rest);
        let mut best: Option<(usize, Operation)> = None;
        for (template, item) in self.paths() {
            let Some(op) = item.get(method.as_str()) else {
                continue;
            };
            let pattern = segments(template);
            if pattern.len() != concrete.len() {
                continue;
            }
            let mut literals = 0;
            let matched = pattern.iter().zip(&concrete).all(|(p, c)| {
                if p.starts_with('{') && p.ends_with('}') {
                    !c.is_empty()
                } else if p == c {
                    literals += 1;
                    true
                } else {
                    false
                }
            });
            if matched && best.as_ref().is_none_or(|(n, _)| literals > *n) {
                best = Some((literals, make_operation(&method, template, op)));
            }
        }
        best.map(|(_, op)| op)
    }

    /// The documented response for `status`: the exact code first, then its range (`4XX`),
    /// then `default` (OpenAPI 3.0 §4.7.16).
    pub fn response(&self, op: &Operation, status: u16) -> ResponseSpec {
        let Some(responses) = self.operation_node(op).and_then(|n| n.get("responses")) else {
            return ResponseSpec::Undocumented;
        };
        let exact = status.to_string();
        let range = format!("{}XX", status / 100);
        let found = [exact.as_str(), range.as_str(), "default"]
            .into_iter()
            .find_map(|key| {
                responses
                    .as_object()?
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
            });
        let Some((key, response)) = found else {
            return ResponseSpec::Undocumented;
        };
        let response = self.deref(response);
        match json_media(response) {
            Some(media) if media.get("schema").is_some() => ResponseSpec::Schema {
                key: key.clone(),
                schema: convert(&media["schema"], Direction::Response),
            },
            media => ResponseSpec::NoSchema {
                key: key.clone(),
                example: media.and_then(|m| m.get("example").cloned()),
            },
        }
    }

    /// Every example the document gives for a response body.
    pub fn response_examples(&self) -> Vec<ResponseExample> {
        let mut out = Vec::new();
        for operation in self.operations() {
            let Some(Value::Object(responses)) = self
                .operation_node(&operation)
                .and_then(|n| n.get("responses"))
            else {
                continue;
            };
            for (status_key, response) in responses {
                let Some(Value::Object(content)) = self.deref(response).get("content") else {
                    continue;
                };
                for (media_type, media) in content {
                    let schema = media.get("schema").map(|s| convert(s, Direction::Response));
                    let mut found = Vec::new();
                    if let Some(v) = media.get("example") {
                        found.push((format!("{media_type} example"), v.clone()));
                    }
                    if let Some(Value::Object(named)) = media.get("examples") {
                        for (name, ex) in named {
                            if let Some(v) = self.deref(ex).get("value") {
                                found.push((format!("{media_type} examples.{name}"), v.clone()));
                            }
                        }
                    }
                    for (name, value) in found {
                        out.push(ResponseExample {
                            operation: operation.clone(),
                            status_key: status_key.clone(),
                            name,
                            value,
                            schema: schema.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    /// Property-level `example`s inside `components.schemas`, each with the JSON pointer of
    /// the schema that carries it and that schema converted. `$ref`s inside stay refs.
    pub fn schema_examples(&self) -> Vec<(String, Value, Value)> {
        let mut out = Vec::new();
        if let Some(Value::Object(schemas)) = self.raw.pointer("/components/schemas") {
            for (name, schema) in schemas {
                collect_schema_examples(schema, &format!("/components/schemas/{name}"), &mut out);
            }
        }
        out
    }

    /// The converted response-side components, for relaxations to edit.
    pub fn components_mut(&mut self, direction: Direction) -> &mut Value {
        match direction {
            Direction::Response => &mut self.response_components,
            Direction::Request => &mut self.request_components,
        }
    }

    /// Compiles `schema` with the converted components as the root resource, so
    /// `#/components/schemas/X` refs resolve (cycles included) without inlining.
    pub fn validator(&self, schema: &Value, direction: Direction) -> jsonschema::Validator {
        let components = match direction {
            Direction::Response => &self.response_components,
            Direction::Request => &self.request_components,
        };
        let root = json!({
            "$schema": DRAFT_2020_12,
            "components": components,
            "allOf": [schema],
        });
        jsonschema::draft202012::options()
            .build(&root)
            .unwrap_or_else(|e| panic!("converted schema does not compile: {e}\n{schema:#}"))
    }

    /// Validates `instance` against `schema` and returns every violation.
    pub fn check(&self, schema: &Value, direction: Direction, instance: &Value) -> Vec<Violation> {
        violations(&self.validator(schema, direction), instance)
    }

    fn paths(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.raw["paths"]
            .as_object()
            .into_iter()
            .flat_map(|m| m.iter())
    }

    fn operation_node(&self, op: &Operation) -> Option<&Value> {
        self.raw["paths"]
            .get(&op.template)?
            .get(op.method.to_ascii_lowercase())
    }

    /// Follows a local `$ref` on a response, request body or example object.
    fn deref<'a>(&'a self, node: &'a Value) -> &'a Value {
        let mut node = node;
        // A bounded walk: a ref cycle between response objects would otherwise never end.
        for _ in 0..16 {
            match node.get("$ref").and_then(Value::as_str) {
                Some(r) => match r.strip_prefix('#').and_then(|p| self.raw.pointer(p)) {
                    Some(target) => node = target,
                    None => panic!("unresolvable $ref {r} in the OpenAPI document"),
                },
                None => return node,
            }
        }
        panic!("$ref chain longer than 16 hops in the OpenAPI document");
    }
}

/// Runs a compiled validator and flattens its errors.
pub fn violations(validator: &jsonschema::Validator, instance: &Value) -> Vec<Violation> {
    validator
        .iter_errors(instance)
        .map(|e| Violation {
            instance_path: e.instance_path().to_string(),
            schema_path: e.evaluation_path().to_string(),
            message: e.to_string(),
        })
        .collect()
}

/// Converts one OpenAPI 3.0 Schema Object to JSON Schema 2020-12. Only schema positions
/// are rewritten (`properties` values, `items`, `additionalProperties`, `not`, and the
/// members of `allOf`/`anyOf`/`oneOf`), so a *property* called `example` or `nullable` is
/// left alone.
pub fn convert(schema: &Value, direction: Direction) -> Value {
    let Value::Object(map) = schema else {
        // `true`/`false` schemas and malformed nodes pass through unchanged.
        return schema.clone();
    };
    if let Some(target) = map.get("$ref") {
        // OpenAPI 3.0 §4.7.26: siblings of `$ref` SHALL be ignored; 2020-12 would apply them.
        return json!({ "$ref": target });
    }
    let mut out = Map::new();
    for (key, value) in map {
        match key.as_str() {
            "properties" => {
                let converted = match value {
                    Value::Object(props) => Value::Object(
                        props
                            .iter()
                            .map(|(k, v)| (k.clone(), convert(v, direction)))
                            .collect(),
                    ),
                    other => other.clone(),
                };
                out.insert(key.clone(), converted);
            }
            "items" | "additionalProperties" | "not" => {
                out.insert(key.clone(), convert(value, direction));
            }
            "allOf" | "anyOf" | "oneOf" => {
                let converted = match value {
                    Value::Array(members) => {
                        Value::Array(members.iter().map(|m| convert(m, direction)).collect())
                    }
                    other => other.clone(),
                };
                out.insert(key.clone(), converted);
            }
            // `nullable` is folded into `type` below. `example` is a single value (2020-12
            // wants an `examples` array) and is checked separately by the harness tests.
            // `discriminator` only picks a `oneOf` branch faster; the `oneOf` itself still
            // validates. `xml`, `externalDocs` and `deprecated` are documentation.
            "nullable" | "example" | "discriminator" | "xml" | "externalDocs" | "deprecated" => {}
            // 3.0's boolean exclusive bounds (draft-04 style) are rewritten below.
            "exclusiveMinimum" | "exclusiveMaximum" if value.is_boolean() => {}
            k if k.starts_with("x-") => {}
            // `readOnly`/`writeOnly` stay as 2020-12 annotations; `required` is fixed below.
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    // OpenAPI 3.0.3 §4.7.24: `nullable: true` widens an explicit `type` to allow null, and an
    // `enum` then has to list null too. Without `type` it has no effect.
    if map.get("nullable") == Some(&Value::Bool(true))
        && let Some(t) = out.get("type").cloned()
    {
        out.insert("type".into(), json!([t, "null"]));
        if let Some(Value::Array(options)) = out.get_mut("enum")
            && !options.contains(&Value::Null)
        {
            options.push(Value::Null);
        }
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(flag) == Some(&Value::Bool(true))
            && let Some(limit) = out.remove(bound)
        {
            out.insert(flag.into(), limit);
        }
    }
    // OpenAPI 3.0 §4.7.24: a required readOnly property is required in responses only, a
    // required writeOnly one in requests only.
    let absent_here = match direction {
        Direction::Response => "writeOnly",
        Direction::Request => "readOnly",
    };
    if let (Some(Value::Object(props)), Some(Value::Array(required))) =
        (map.get("properties"), out.get("required").cloned())
    {
        let kept: Vec<Value> = required
            .into_iter()
            .filter(|name| {
                let prop = name.as_str().and_then(|n| props.get(n));
                prop.and_then(|p| p.get(absent_here)) != Some(&Value::Bool(true))
            })
            .collect();
        out.insert("required".into(), Value::Array(kept));
    }
    Value::Object(out)
}

/// Converts `components.schemas`; the other component kinds hold no schemas a body refers to.
fn convert_components(components: &Value, direction: Direction) -> Value {
    let schemas: Map<String, Value> = components
        .get("schemas")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), convert(v, direction)))
                .collect()
        })
        .unwrap_or_default();
    json!({ "schemas": schemas })
}

fn collect_schema_examples(schema: &Value, pointer: &str, out: &mut Vec<(String, Value, Value)>) {
    let Value::Object(map) = schema else {
        return;
    };
    if map.contains_key("$ref") {
        return;
    }
    if let Some(example) = map.get("example") {
        out.push((
            pointer.to_string(),
            example.clone(),
            convert(schema, Direction::Response),
        ));
    }
    if let Some(Value::Object(props)) = map.get("properties") {
        for (name, prop) in props {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            collect_schema_examples(prop, &format!("{pointer}/properties/{escaped}"), out);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(sub) = map.get(key) {
            collect_schema_examples(sub, &format!("{pointer}/{key}"), out);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(members)) = map.get(key) {
            for (i, sub) in members.iter().enumerate() {
                collect_schema_examples(sub, &format!("{pointer}/{key}/{i}"), out);
            }
        }
    }
}

/// The first JSON media type of a response or request body: `application/json`, else any
/// `…json` type, else `*/*`.
fn json_media(node: &Value) -> Option<&Value> {
    let content = node.get("content")?.as_object()?;
    content
        .get("application/json")
        .or_else(|| {
            content
                .iter()
                .find(|(k, _)| k.contains("json"))
                .map(|(_, v)| v)
        })
        .or_else(|| content.get("*/*"))
}

fn make_operation(method: &str, template: &str, node: &Value) -> Operation {
    let method = method.to_ascii_uppercase();
    let id = node
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_string)
        .unwrap_or_else(|| format!("{method} {template}"));
    Operation {
        method,
        template: template.to_string(),
        id,
    }
}

/// Path segments with any trailing `/` ignored (see `find_operation`).
fn segments(path: &str) -> Vec<&str> {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    }
}

/// `//{environment}.adobe.io/data/foundation/flowservice` → `/data/foundation/flowservice`.
fn server_base_path(raw: &Value) -> String {
    let url = raw
        .pointer("/servers/0/url")
        .and_then(Value::as_str)
        .unwrap_or("/");
    let after_scheme = match url.find("//") {
        Some(i) => &url[i + 2..],
        None => return url.trim_end_matches('/').to_string(),
    };
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}
