//! The emulator's IMS token endpoint and gateway checks: each missing or bad header gets
//! the gateway's own code, and an expired token stops working when the clock passes it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use reqwest::Method;
use serde_json::json;
use support::{Emu, FLOW, ORG};

#[tokio::test]
async fn ims_issues_day_long_bearer_tokens_and_rejects_bad_requests() {
    let emu = Emu::start().await;
    let form = |pairs: &[(&str, &str)]| {
        emu.http
            .post(emu.url("/ims/token/v3"))
            .form(&pairs.to_vec())
    };
    let ok = emu
        .send(form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "b"),
            ("scope", "openid"),
        ]))
        .await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.body["token_type"], json!("bearer"));
    assert_eq!(ok.body["expires_in"], json!(86399));
    assert!(ok.body["access_token"].as_str().unwrap().len() > 20);

    let no_grant = emu
        .send(form(&[("client_id", "a"), ("client_secret", "b")]))
        .await;
    assert_eq!(
        (no_grant.status.as_u16(), no_grant.body["error"].clone()),
        (400, json!("invalid_request"))
    );
    let wrong_grant = emu
        .send(form(&[
            ("grant_type", "password"),
            ("client_id", "a"),
            ("client_secret", "b"),
        ]))
        .await;
    assert_eq!(wrong_grant.body["error"], json!("unsupported_grant_type"));
    let bad_client = emu
        .send(form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "a"),
            ("client_secret", "invalid"),
        ]))
        .await;
    assert_eq!(
        (bad_client.status.as_u16(), bad_client.body["error"].clone()),
        (401, json!("invalid_client"))
    );
}

#[tokio::test]
async fn gateway_answers_each_header_fault_with_its_own_code() {
    let emu = Emu::start().await;
    let url = emu.url(&format!("{FLOW}/flows"));
    let base = || emu.http.get(&url);
    let cases = [
        (base(), 403, "403010"),
        (
            base()
                .bearer_auth("not-a-token")
                .header("x-api-key", "cid")
                .header("x-gw-ims-org-id", ORG),
            401,
            "401013",
        ),
        (
            base()
                .bearer_auth(&emu.token)
                .header("x-gw-ims-org-id", ORG),
            403,
            "403000",
        ),
        (
            base()
                .bearer_auth(&emu.token)
                .header("x-api-key", "other")
                .header("x-gw-ims-org-id", ORG),
            403,
            "403003",
        ),
        (
            base().bearer_auth(&emu.token).header("x-api-key", "cid"),
            400,
            "400003",
        ),
    ];
    for (rb, status, code) in cases {
        let r = emu.send(rb).await;
        assert_eq!(r.status.as_u16(), status, "{}", r.text);
        assert_eq!(r.body["error_code"], json!(code), "{}", r.text);
        assert!(r.body["message"].as_str().is_some());
    }
    let r = emu
        .send(
            emu.http
                .get(&url)
                .bearer_auth(&emu.token)
                .header("x-api-key", "cid")
                .header("x-gw-ims-org-id", ORG)
                .header("x-sandbox-name", ""),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (400, "FLOW-2105-400".to_string())
    );
    let mut other = Emu::start().await;
    other.sandbox = "nosuch".into();
    let r = other.get(&format!("{FLOW}/flows")).await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (404, "FLOW-2100-404".to_string())
    );
    assert_eq!(r.body["status"], json!(404), "status is an integer");
}

#[tokio::test]
async fn no_sandbox_header_means_the_default_sandbox() {
    let emu = Emu::start().await;
    let r = emu
        .send(
            emu.http
                .get(emu.url(&format!("{FLOW}/flows?limit=1")))
                .bearer_auth(&emu.token)
                .header("x-api-key", "cid")
                .header("x-gw-ims-org-id", ORG),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.item()["sandboxName"], json!("prod"));
}

#[tokio::test]
async fn tokens_expire_after_a_day_of_emulator_time() {
    let emu = Emu::start().await;
    assert_eq!(emu.get(&format!("{FLOW}/flows?limit=1")).await.status, 200);
    emu.handle.clock.advance(86_399 * 1000 + 1);
    let r = emu.get(&format!("{FLOW}/flows?limit=1")).await;
    assert_eq!((r.status.as_u16(), r.code()), (401, "401013".to_string()));
}

#[tokio::test]
async fn bodies_need_a_json_content_type_but_aepp_quirks_pass() {
    let emu = Emu::start().await;
    let r = emu
        .send(
            emu.req(Method::POST, &format!("{FLOW}/flows"))
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["detail"],
        json!("A valid content-type must be specified")
    );
    // aepp sends Content-Type on GET and DELETE, and none on the bodiless flow action.
    let r = emu
        .send(
            emu.req(Method::GET, &format!("{FLOW}/flows?limit=1"))
                .header("content-type", "application/json"),
        )
        .await;
    assert_eq!(r.status, 200);
    let flow = r.item().clone();
    let op = if flow["state"] == json!("enabled") {
        "disable"
    } else {
        "enable"
    };
    let id = flow["id"].as_str().unwrap();
    let r = emu
        .send(emu.req(Method::POST, &format!("{FLOW}/flows/{id}/action?op={op}")))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn unknown_paths_are_problem_json_404s() {
    let emu = Emu::start().await;
    let r = emu.get(&format!("{FLOW}/nothing-here")).await;
    assert_eq!(r.status, 404);
    assert!(r.code().starts_with("FLOW-"));
}
