//! DeleteObjects (`POST /{bucket}?delete`): how object_store deletes S3 keys, up to 1000
//! per request. Each key is allowed or denied on its own; a missing key counts as
//! deleted, as on S3; `<Quiet>true</Quiet>` leaves only the errors in the answer.

use axum::http::StatusCode;
use axum::response::Response;

use super::auth::{Access, allow, authenticate};
use super::error::S3Error;
use super::{Ctx, Req, S3_NS, locate, with_bucket, xml_response};
use crate::blob::xml::{children, element};
use crate::state::Shared;

/// S3's limit on keys per request.
const MAX_KEYS: usize = 1000;

/// The keys and the quiet flag of a `Delete` body.
pub(super) fn parse(body: &[u8]) -> Option<(Vec<String>, bool)> {
    let text = std::str::from_utf8(body).ok()?;
    let (root, found) = children(text, &["Key", "Quiet"])?;
    if root != "Delete" {
        return None;
    }
    let quiet = found
        .iter()
        .any(|f| f.name == "Quiet" && f.text.eq_ignore_ascii_case("true"));
    let keys = found
        .into_iter()
        .filter(|f| f.name == "Key")
        .map(|f| f.text)
        .collect();
    Some((keys, quiet))
}

pub(super) fn run(st: &Shared, ctx: &Ctx, bucket: &str, req: &Req) -> Result<Response, S3Error> {
    let (keys, quiet, outcomes) = with_bucket(st, bucket, ctx.now, |dlz| {
        // Who asks comes first: a stranger learns nothing from the body's faults.
        let caller = authenticate(dlz, req, ctx)?;
        let (keys, quiet) = parse(&req.body).ok_or_else(S3Error::malformed_xml)?;
        if keys.is_empty() || keys.len() > MAX_KEYS {
            return Err(S3Error::malformed_xml());
        }
        let outcomes = keys
            .iter()
            .map(|key| {
                let (target, path) = locate(key)?;
                allow(caller, target, Access::Delete)?;
                let _ = dlz.delete(&path);
                Ok(())
            })
            .collect::<Vec<Result<(), S3Error>>>();
        Ok((keys, quiet, outcomes))
    })?;
    let mut body = format!("<DeleteResult xmlns=\"{S3_NS}\">");
    for (key, outcome) in keys.iter().zip(outcomes) {
        match outcome {
            Ok(()) if quiet => {}
            Ok(()) => body.push_str(&format!("<Deleted>{}</Deleted>", element("Key", key))),
            Err(e) => body.push_str(&format!(
                "<Error>{}{}{}</Error>",
                element("Key", key),
                element("Code", e.code),
                element("Message", &e.message)
            )),
        }
    }
    body.push_str("</DeleteResult>");
    Ok(xml_response(StatusCode::OK, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_bodies_list_keys_and_quiet() {
        let body = format!(
            "<Delete xmlns=\"{S3_NS}\"><Object><Key>user_drop_zone/a.csv</Key></Object><Object><Key>user_drop_zone/b&amp;c.csv</Key></Object><Quiet>true</Quiet></Delete>"
        );
        let (keys, quiet) = parse(body.as_bytes()).unwrap();
        assert_eq!(keys, ["user_drop_zone/a.csv", "user_drop_zone/b&c.csv"]);
        assert!(quiet);
        assert_eq!(parse(b"<Other/>"), None);
    }
}
