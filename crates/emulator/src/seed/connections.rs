//! Base connections of a sandbox, and the fields every seeded object shares.
//!
//! Credentials are stored in the clear, as the real service returns what it was given
//! (aep-api-notes §4); the DLZ destination base connection has no `auth` at all.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::catalog::Catalog;
use super::random::Gen;
use super::template::{self, Vars};
use crate::clock::EpochMs;
use crate::run_record::SandboxContext;

pub(super) const DAY_MS: i64 = 86_400_000;

/// Who wrote an object and when.
pub(super) struct Stamp {
    pub created: EpochMs,
    pub updated: EpochMs,
    pub by: String,
    pub client: String,
}

impl Stamp {
    /// A UI user most of the time, otherwise an API integration.
    pub fn draw(cat: &Catalog, g: &mut Gen, created: EpochMs, updated: EpochMs) -> Stamp {
        let p = &cat.people;
        let (by, client) = if g.chance(0.7) {
            (g.pick(&p.users).clone(), p.ui_client.clone())
        } else {
            let i = g.below(p.tech_accounts.len() as u64) as usize;
            let client = p.api_clients.get(i).unwrap_or(&p.ui_client).clone();
            (p.tech_accounts[i].clone(), client)
        };
        Stamp {
            created,
            updated,
            by,
            client,
        }
    }
}

/// The id and audit fields every Flow Service object starts with, in the real order.
/// Values are built directly rather than through `json!`, which serializes each leaf and
/// costs noticeably at the 10,000-flow scale in debug builds.
pub(super) fn envelope(ctx: &SandboxContext, id: &str, s: &Stamp) -> Map<String, Value> {
    // Room for the members each kind of object adds after these.
    let mut m = Map::with_capacity(24);
    let text = |v: &str| Value::String(v.to_string());
    m.insert("id".into(), text(id));
    m.insert("createdAt".into(), Value::from(s.created));
    m.insert("updatedAt".into(), Value::from(s.updated));
    m.insert("createdBy".into(), text(&s.by));
    m.insert("updatedBy".into(), text(&s.by));
    m.insert("createdClient".into(), text(&s.client));
    m.insert("updatedClient".into(), text(&s.client));
    m.insert("sandboxId".into(), text(&ctx.sandbox_id));
    m.insert("sandboxName".into(), text(&ctx.sandbox_name));
    m.insert("imsOrgId".into(), text(&ctx.ims_org_id));
    m
}

/// Adds `version` and `etag` (the same value on connections and flows).
pub(super) fn seal(m: &mut Map<String, Value>, etag: String) {
    m.insert("version".into(), Value::String(etag.clone()));
    m.insert("etag".into(), Value::String(etag));
}

/// `{"id": …, "version": "1.0"}`, how objects refer to specs.
pub(super) fn spec_ref(id: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), Value::String(id.to_string()));
    m.insert("version".into(), Value::from("1.0"));
    Value::Object(m)
}

/// A base connection as flows and source connections refer to it.
pub(super) struct Base {
    pub id: String,
    pub spec: String,
    pub name: String,
    pub vars: Vars,
}

/// `count` base connections (at least one per catalogue template), created in the
/// first days of the window and returned with their JSON.
pub(super) fn base_connections(
    cat: &Catalog,
    ctx: &SandboxContext,
    g: &mut Gen,
    count: usize,
    now: EpochMs,
) -> (Vec<Value>, Vec<Base>) {
    let templates = &cat.base_connections;
    let mut per_template = vec![1usize; templates.len()];
    let weights: Vec<u32> = templates.iter().map(|t| t.weight).collect();
    for _ in templates.len()..count {
        per_template[g.weighted(&weights)] += 1;
    }
    let slugs = cat
        .sandboxes
        .get(&ctx.sandbox_name)
        .map(|s| s.slugs.clone())
        .unwrap_or_else(|| vec![ctx.sandbox_name.clone()]);
    let start = now - 30 * DAY_MS;
    let mut json_out = Vec::new();
    let mut bases = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    for (t, n) in templates.iter().zip(per_template) {
        let names = t
            .names
            .get(&ctx.sandbox_name)
            .or_else(|| t.names.values().next());
        for j in 0..n {
            let stem = names
                .and_then(|ns| ns.get(j % ns.len().max(1)))
                .cloned()
                .unwrap_or_else(|| format!("Connection {}", j + 1));
            let seen = used.entry(stem.clone()).or_insert(0);
            *seen += 1;
            let name = if *seen > 1 {
                format!("{stem} {seen}")
            } else {
                stem
            };
            let slug = g.pick(&slugs).clone();
            let vars = vars_for(g, &slug, &name);
            // The first connections of each kind exist from the start; extras for the
            // scale sets arrive over the month.
            let created = if j < 2 {
                start + g.range(0, 4 * DAY_MS)
            } else {
                start + g.range(0, 28 * DAY_MS)
            };
            let updated = if g.chance(0.25) {
                created + g.range(DAY_MS, (now - created).max(DAY_MS + 1))
            } else {
                created
            };
            let id = g.uuid();
            let stamp = Stamp::draw(cat, g, created, updated);
            let mut m = envelope(ctx, &id, &stamp);
            m.insert("name".into(), json!(name));
            m.insert(
                "description".into(),
                json!(format!("Base connection for {name}")),
            );
            m.insert("connectionSpec".into(), spec_ref(&t.spec));
            m.insert("state".into(), json!("enabled"));
            if let Some(auth) = &t.auth {
                m.insert("auth".into(), template::fill(auth, g, &vars));
            }
            seal(&mut m, g.etag(updated));
            json_out.push(Value::Object(m));
            bases.push(Base {
                id,
                spec: t.spec.clone(),
                name,
                vars,
            });
        }
    }
    (json_out, bases)
}

/// Names shared by a connection's templates: host stems, storage account, bucket, inlet.
fn vars_for(g: &mut Gen, slug: &str, name: &str) -> Vars {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let compact: String = slug.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut account: String = compact.chars().take(14).collect();
    account.push_str(&g.chars(super::random::LOWER_ALNUM, 6));
    let mut bucket = format!("{slug}-{}", words.join("-"));
    bucket.truncate(48);
    let mut v = Vars::new();
    v.insert("slug", slug.to_string());
    v.insert("account", account);
    v.insert("bucket", bucket.trim_end_matches('-').to_string());
    v.insert("inlet", g.hex(64));
    v.insert("name", name.to_string());
    v
}
