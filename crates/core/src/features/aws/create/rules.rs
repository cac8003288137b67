//! What a CreateIntegrationWorkflow request may hold: the enums (from the boto3 reference
//! of the call and the Customer Profiles service model), and the length and pattern of
//! each string member, as plain functions: they run on every keystroke, so no regex is
//! compiled here. The enums themselves are the model's vocabulary (`model::aws`).

pub use flowscope_model::aws::*;

/// ARN partitions a role or key may live in.
const PARTITIONS: &[&str] = &["aws", "aws-cn", "aws-us-gov"];

/// `\w` of the model's (Java) patterns: ASCII letters, digits and `_`.
fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first character of `s` outside `allowed`, quoted for a message.
fn stray(s: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    s.chars().find(|c| !allowed(*c)).map(|c| match c {
        ' ' => "a space".to_string(),
        '\t' | '\n' | '\r' => "a tab or line break".to_string(),
        c => format!("`{c}`"),
    })
}

/// `DomainName`: `^[a-zA-Z0-9_-]+$`.
pub fn domain_name(s: &str) -> Result<(), String> {
    match stray(s, |c| word(c) || c == '-') {
        Some(c) => Err(format!(
            "{c} is not allowed in a domain name (letters, digits, _ and - only)"
        )),
        None => Ok(()),
    }
}

/// `FlowName`: `[a-zA-Z0-9][\w!@#.-]+`; the seed's doc adds that spaces are not allowed.
pub fn flow_name(s: &str) -> Result<(), String> {
    if s.contains(char::is_whitespace) {
        return Err(format!(
            "`{s}` has spaces, which a flow name may not: use _ or - instead"
        ));
    }
    if !s.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("a flow name starts with a letter or a digit".to_string());
    }
    if s.chars().count() < 2 {
        return Err("a flow name has at least 2 characters".to_string());
    }
    match stray(s, |c| word(c) || "!@#.-".contains(c)) {
        Some(c) => Err(format!(
            "{c} is not allowed in a flow name (letters, digits and _ ! @ # . - only)"
        )),
        None => Ok(()),
    }
}

/// `Description`: `[\w!@#\-.?,\s]*`.
pub fn description(s: &str) -> Result<(), String> {
    match stray(s, |c| word(c) || c.is_whitespace() || "!@#-.?,".contains(c)) {
        Some(c) => Err(format!(
            "{c} is not allowed in a flow description (letters, digits, spaces and \
             _ ! @ # - . ? , only)"
        )),
        None => Ok(()),
    }
}

/// `arn:<partition>:<service>:<region>:<account>:<resource>`, split; `None` when it does not
/// have six parts.
fn arn_parts(s: &str) -> Option<[&str; 6]> {
    let mut it = s.splitn(6, ':');
    let parts = [
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
        it.next()?,
    ];
    (parts[0] == "arn").then_some(parts)
}

fn account(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn region(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `RoleArn`: `arn:<partition>:iam::<12 digits>:role/<path/><name>`.
pub fn role_arn(s: &str) -> Result<(), String> {
    const SHAPE: &str = "arn:aws:iam::123456789012:role/NAME (or the aws-cn / aws-us-gov \
                         partitions)";
    let Some([_, partition, service, region, acct, resource]) = arn_parts(s) else {
        return Err(format!("`{s}` is not an IAM role ARN: write {SHAPE}"));
    };
    let name = resource.strip_prefix("role/").unwrap_or_default();
    let ok_name = !name.is_empty()
        && !name.ends_with('/')
        && name.chars().all(|c| word(c) || "+=,.@-/".contains(c))
        && name.rsplit('/').next().is_some_and(|n| n.len() <= 64);
    if !PARTITIONS.contains(&partition)
        || service != "iam"
        || !region.is_empty()
        || !account(acct)
        || !ok_name
    {
        return Err(format!("`{s}` is not an IAM role ARN: write {SHAPE}"));
    }
    Ok(())
}

/// `KmsArn`: `arn:<partition>:kms:<region>:<12 digits>:key/<id>` or `…:alias/<name>`.
pub fn kms_arn(s: &str) -> Result<(), String> {
    const SHAPE: &str =
        "arn:aws:kms:REGION:123456789012:key/KEY-ID or arn:aws:kms:REGION:123456789012:alias/NAME";
    let Some([_, partition, service, reg, acct, resource]) = arn_parts(s) else {
        return Err(format!("`{s}` is not a KMS key ARN: write {SHAPE}"));
    };
    let ok_resource = if let Some(id) = resource.strip_prefix("key/") {
        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    } else if let Some(name) = resource.strip_prefix("alias/") {
        !name.is_empty() && name.chars().all(|c| word(c) || "/-".contains(c))
    } else {
        false
    };
    if !PARTITIONS.contains(&partition)
        || service != "kms"
        || !region(reg)
        || !account(acct)
        || !ok_resource
    {
        return Err(format!("`{s}` is not a KMS key ARN: write {SHAPE}"));
    }
    Ok(())
}

/// `ConnectorProfileName`: `[\w/!@#+=.-]+`.
pub fn connector_profile_name(s: &str) -> Result<(), String> {
    match stray(s, |c| word(c) || "/!@#+=.-".contains(c)) {
        Some(c) => Err(format!(
            "{c} is not allowed in a connector profile name (letters, digits and \
             _ / ! @ # + = . - only)"
        )),
        None => Ok(()),
    }
}

/// `Object` and `BucketName`: `\S+`.
pub fn no_space(s: &str) -> Result<(), String> {
    match stray(s, |c| !c.is_whitespace()) {
        Some(c) => Err(format!("{c} is not allowed here: no spaces")),
        None => Ok(()),
    }
}

/// `ObjectTypeName`: `^[a-zA-Z_][a-zA-Z_0-9-]*$`.
pub fn type_name(s: &str) -> Result<(), String> {
    if !s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return Err(format!(
            "`{s}` is not an object type name: it starts with a letter or _"
        ));
    }
    match stray(s, |c| word(c) || c == '-') {
        Some(c) => Err(format!(
            "{c} is not allowed in an object type name (letters, digits, _ and - only)"
        )),
        None => Ok(()),
    }
}

/// A tag key: `^(?!aws:)[a-zA-Z+-=._:/]+$` (`+-=` being the range from `+` to `=`).
pub fn tag_key(s: &str) -> Result<(), String> {
    if s.starts_with("aws:") {
        return Err("tag keys starting with aws: are reserved for AWS".to_string());
    }
    match stray(s, |c| {
        c.is_ascii_alphabetic() || ('+'..='=').contains(&c) || "._:/".contains(c)
    }) {
        Some(c) => Err(format!(
            "{c} is not allowed in a tag key (letters, digits and + - = . _ : / only)"
        )),
        None => Ok(()),
    }
}

/// `ScheduleExpression`: `rate(<n><unit>)` as AppFlow writes it (`rate(5minutes)`, a space
/// allowed before the unit) or an EventBridge `cron(…)` of six fields.
pub fn schedule_expression(s: &str) -> Result<(), String> {
    const SHAPE: &str = "write rate(1hours), rate(5minutes), rate(1days) or a six-field \
                         cron(0 * * * ? *)";
    let t = s.trim();
    if let Some(inner) = t.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        let inner = inner.trim();
        let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (n, unit) = inner.split_at(digits);
        let unit = unit.trim();
        let units = ["minute", "minutes", "hour", "hours", "day", "days"];
        return match n.parse::<u64>() {
            Ok(n) if n > 0 && units.contains(&unit) => Ok(()),
            Ok(0) => Err(format!("`{s}`: a rate is at least 1; {SHAPE}")),
            _ => Err(format!(
                "`{s}` is not a rate: a number and minutes, hours or days; {SHAPE}"
            )),
        };
    }
    if let Some(inner) = t.strip_prefix("cron(").and_then(|r| r.strip_suffix(')')) {
        let fields = inner.split_whitespace().count();
        return if fields == 6 {
            Ok(())
        } else {
            Err(format!(
                "`{s}` has {fields} fields; a cron expression has six \
                 (minutes hours day-of-month month day-of-week year)"
            ))
        };
    }
    Err(format!("`{s}` is not a schedule expression: {SHAPE}"))
}

/// A timestamp as the request takes it: epoch seconds (a number, maybe with a fraction) or
/// an RFC 3339 string. Returns epoch seconds.
pub fn time(v: &serde_json::Value) -> Result<f64, String> {
    const SHAPE: &str = "give epoch seconds (1700000000) or RFC 3339 (2024-01-01T00:00:00Z)";
    match v {
        serde_json::Value::Number(n) => match n.as_f64() {
            Some(s) if s >= 0.0 && s.is_finite() => Ok(s),
            _ => Err(format!("{n} is not a time: {SHAPE}")),
        },
        serde_json::Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp() as f64 + f64::from(t.timestamp_subsec_nanos()) / 1e9)
            .map_err(|_| format!("`{s}` is not a time: {SHAPE}")),
        _ => Err(format!("not a time: {SHAPE}")),
    }
}
