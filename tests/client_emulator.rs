//! The API client against the built-in emulator on 127.0.0.1: every endpoint group,
//! paging, filters, etags and sandboxes. Failure paths (faults, timeouts, token expiry)
//! are in `client_faults.rs`. The emulator's clock is manual and its data seeded, so
//! every run sees the same objects.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use futures::StreamExt;
use serde_json::json;

use flowscope::api::{FlowAction, ListQuery, collect_all};
use flowscope::model::{
    CreateRun, DLZ_CONNECTION_SPEC_ID, DlzProvider, DlzType, Etag, ExploreItem, PatchOp,
    PreviewFormat,
};

use crate::support;

use support::client::{FS, flow_to_run, flow_with_runs, plain};

#[tokio::test]
async fn connections_list_count_get_test_and_a_full_lifecycle() {
    let (emu, client) = plain().await;
    let all = collect_all(client.list_connections(&ListQuery::new().limit(5)))
        .await
        .unwrap();
    assert!(!all.is_empty());
    let ids: BTreeSet<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "paging repeated an item");
    let count = client.count_connections(&ListQuery::new()).await.unwrap();
    assert_eq!(count, all.len() as u64);

    let first = client.get_connection(&all[0].id).await.unwrap();
    assert_eq!(first.id, all[0].id);
    assert!(first.etag.is_some());
    assert!(
        client
            .test_connection(&first.id)
            .await
            .unwrap()
            .result
            .is_some()
    );

    // Salesforce's Basic Authentication: the service checks auth.params against the
    // spec's authSpec, so all three of its required members are sent.
    let created = client
        .create_connection(&json!({
            "name": "flowscope test connection",
            "connectionSpec": {"id": "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5", "version": "1.0"},
            "auth": {"specName": "Basic Authentication", "params": {"username": "u", "password": "p", "securityToken": "t"}}
        }))
        .await
        .unwrap();
    let etag1 = created.etag.clone().unwrap();
    let patched = client
        .patch_connection(
            &created.id,
            &etag1,
            &[PatchOp::replace("/name", json!("renamed"))],
        )
        .await
        .unwrap();
    assert_ne!(patched.etag.as_ref(), Some(&etag1));
    assert_eq!(
        client
            .get_connection(&created.id)
            .await
            .unwrap()
            .name
            .as_deref(),
        Some("renamed")
    );
    // The old etag is stale now: 412 with the service's code.
    let stale = client
        .patch_connection(
            &created.id,
            &etag1,
            &[PatchOp::replace("/name", json!("again"))],
        )
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale:?}");
    assert_eq!(stale.code(), Some("FLOW-1404-412"));
    assert!(stale.to_string().starts_with("FLOW-1404-412: "), "{stale}");

    client.delete_connection(&created.id).await.unwrap();
    let gone = client.get_connection(&created.id).await.unwrap_err();
    assert!(gone.is_not_found());
    assert_eq!(gone.code(), Some("FLOW-1101-404"));
    assert_eq!(
        emu.count(&format!("DELETE {FS}/connections/{}", created.id)),
        1
    );
}

#[tokio::test]
async fn specs_and_flow_specs() {
    let (_emu, client) = plain().await;
    let specs = collect_all(client.list_connection_specs(&ListQuery::new()))
        .await
        .unwrap();
    assert!(specs.iter().any(|s| s.id == DLZ_CONNECTION_SPEC_ID));
    let dlz = client
        .get_connection_spec(DLZ_CONNECTION_SPEC_ID)
        .await
        .unwrap();
    assert_eq!(dlz.name.as_deref(), Some("landing-zone"));
    let by_name =
        collect_all(client.list_connection_specs(&ListQuery::new().property("name==landing-zone")))
            .await
            .unwrap();
    assert_eq!(by_name.len(), 1);

    let flow_specs = collect_all(client.list_flow_specs(&ListQuery::new()))
        .await
        .unwrap();
    assert!(!flow_specs.is_empty());
    let one = client.get_flow_spec(&flow_specs[0].id).await.unwrap();
    assert_eq!(one.id, flow_specs[0].id);
    let missing = client
        .get_flow_spec("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert!(missing.is_not_found());
}

#[tokio::test]
async fn source_and_target_connections_lifecycle() {
    let (_emu, client) = plain().await;
    let sources = collect_all(client.list_source_connections(&ListQuery::new().limit(7)))
        .await
        .unwrap();
    let targets = collect_all(client.list_target_connections(&ListQuery::new().limit(7)))
        .await
        .unwrap();
    assert!(!sources.is_empty() && !targets.is_empty());
    assert_eq!(
        client
            .count_source_connections(&ListQuery::new())
            .await
            .unwrap(),
        sources.len() as u64
    );
    assert_eq!(
        client
            .count_target_connections(&ListQuery::new())
            .await
            .unwrap(),
        targets.len() as u64
    );
    let s = client.get_source_connection(&sources[0].id).await.unwrap();
    assert_eq!(s.id, sources[0].id);
    let t = client.get_target_connection(&targets[0].id).await.unwrap();
    assert_eq!(t.id, targets[0].id);

    let src = client
        .create_source_connection(&json!({
            "name": "flowscope DLZ source",
            "connectionSpec": {"id": DLZ_CONNECTION_SPEC_ID, "version": "1.0"},
            "data": {"format": "delimited"},
            "params": {"path": "dlz-user-container/crm/accounts.csv", "type": "file"}
        }))
        .await
        .unwrap();
    let got = client.get_source_connection(&src.id).await.unwrap();
    assert_eq!(got.path(), Some("dlz-user-container/crm/accounts.csv"));
    let p = client
        .patch_source_connection(
            &src.id,
            got.etag.as_ref().unwrap(),
            &[PatchOp::replace(
                "/params/path",
                json!("dlz-user-container/other.csv"),
            )],
        )
        .await
        .unwrap();
    assert_eq!(p.id, src.id);
    client.delete_source_connection(&src.id).await.unwrap();
    assert!(
        client
            .get_source_connection(&src.id)
            .await
            .unwrap_err()
            .is_not_found()
    );

    let spec = t.connection_spec.clone().unwrap();
    let tgt = client
        .create_target_connection(&json!({
            "name": "flowscope target",
            "connectionSpec": {"id": spec.id, "version": "1.0"},
            "data": {"format": "parquet_xdm"},
            "params": {"dataSetId": "5f3c3cedb2805c194ff0b69a"}
        }))
        .await
        .unwrap();
    let etag = tgt.etag.clone().unwrap();
    client
        .patch_target_connection(&tgt.id, &etag, &[PatchOp::replace("/name", json!("t2"))])
        .await
        .unwrap();
    let stale = client
        .patch_target_connection(&tgt.id, &etag, &[PatchOp::replace("/name", json!("t3"))])
        .await
        .unwrap_err();
    assert_eq!(stale.code(), Some("FLOW-1404-412"));
    client.delete_target_connection(&tgt.id).await.unwrap();
}

#[tokio::test]
async fn flows_filter_count_action_patch_create_delete() {
    let (emu, client) = plain().await;
    let enabled =
        collect_all(client.list_flows(&ListQuery::new().limit(4).property("state==enabled")))
            .await
            .unwrap();
    assert!(!enabled.is_empty());
    assert!(enabled.iter().all(|f| f.is_enabled()));
    assert_eq!(
        client
            .count_flows(&ListQuery::new().property("state==enabled"))
            .await
            .unwrap(),
        enabled.len() as u64
    );
    let all = client.count_flows(&ListQuery::new()).await.unwrap();
    assert!(all >= enabled.len() as u64);

    // Enable/disable: no body, new etag, state toggles.
    let id = enabled[0].id.clone();
    let before = client.get_flow(&id).await.unwrap();
    let off = client.flow_action(&id, FlowAction::Disable).await.unwrap();
    assert_ne!(off.etag, before.etag);
    assert_eq!(
        client.get_flow(&id).await.unwrap().state.as_deref(),
        Some("disabled")
    );
    client.flow_action(&id, FlowAction::Enable).await.unwrap();
    assert!(client.get_flow(&id).await.unwrap().is_enabled());

    // The etag from before the actions is stale; fetching it first works.
    let ops = [PatchOp::replace("/name", json!("Renamed by flowscope"))];
    let stale = client
        .patch_flow(&id, before.etag.as_ref().unwrap(), &ops)
        .await
        .unwrap_err();
    assert!(stale.is_precondition_failed());
    assert_eq!(stale.code(), Some("FLOW-1404-412"));
    client.patch_flow_fetching_etag(&id, &ops).await.unwrap();
    assert_eq!(
        client.get_flow(&id).await.unwrap().name.as_deref(),
        Some("Renamed by flowscope")
    );
    // If-Match without quotes is accepted as well.
    let current = client.get_flow(&id).await.unwrap().etag.unwrap();
    client
        .patch_flow(
            &id,
            &Etag::new(current.as_str()),
            &[PatchOp::replace("/description", json!("d"))],
        )
        .await
        .unwrap();

    // A new flow over the same connections, then deleted.
    let created = client
        .create_flow(&json!({
            "name": "flowscope created flow",
            "flowSpec": before.flow_spec,
            "sourceConnectionIds": before.source_ids(),
            "targetConnectionIds": before.target_ids(),
            "scheduleParams": {"startTime": "1793491200", "frequency": "once"}
        }))
        .await
        .unwrap();
    assert!(client.get_flow(&created.id).await.unwrap().name.is_some());
    client.delete_flow(&created.id).await.unwrap();
    let gone = client.get_flow(&created.id).await.unwrap_err();
    assert_eq!(gone.code(), Some("FLOW-1101-404"));
    assert_eq!(emu.count(&format!("POST {FS}/flows")), 1);
}

#[tokio::test]
async fn runs_page_through_every_page_with_a_small_limit() {
    let (emu, client) = plain().await;
    let flow = flow_with_runs(&client, 7).await;
    let expected = client
        .count_runs(&ListQuery::new().property(format!("flowId=={flow}")))
        .await
        .unwrap();
    let before = emu.count(&format!("GET {FS}/runs"));
    let mut pages = client.list_runs_of_flow(&flow, &ListQuery::new().limit(3));
    let mut ids = BTreeSet::new();
    let mut page_count = 0;
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert!(page.items.len() <= 3);
        page_count += 1;
        for r in page.items {
            assert_eq!(r.flow_id.as_deref(), Some(flow.as_str()));
            assert!(ids.insert(r.id), "a run came twice");
        }
    }
    assert_eq!(ids.len() as u64, expected);
    // A full last page may or may not be followed by an empty one.
    let full_pages = expected.div_ceil(3);
    assert!(
        (full_pages..=full_pages + 1).contains(&page_count),
        "{page_count} pages for {expected} runs"
    );
    assert_eq!(emu.count(&format!("GET {FS}/runs")) - before, page_count);

    // Filters AND together; status compares case-insensitively.
    let failed = collect_all(
        client.list_runs(
            &ListQuery::new()
                .limit(50)
                .property("metrics.statusSummary.status==failed"),
        ),
    )
    .await
    .unwrap();
    assert!(failed.iter().all(|r| r.status() == Some("failed")));
    let one = client.get_run(ids.iter().next().unwrap()).await.unwrap();
    assert!(one.metrics.is_some());
}

#[tokio::test]
async fn a_created_run_moves_through_its_states_on_the_emulator_clock() {
    let (emu, client) = plain().await;
    let flow = flow_to_run(&client).await;
    let now_s = emu.clock.now_ms() / 1000;
    let created = client
        .create_run(&CreateRun::new(&flow, now_s, now_s - 3600, now_s))
        .await
        .unwrap();
    assert!(created.etag.is_some());
    let run = client.get_run(&created.id).await.unwrap();
    assert_eq!(run.status(), Some("scheduled"));
    emu.clock.advance(10 * 60 * 1000);
    let run = client.get_run(&created.id).await.unwrap();
    assert!(
        matches!(run.status(), Some("success" | "partialSuccess" | "failed")),
        "{:?}",
        run.status()
    );
    assert_eq!(emu.count(&format!("POST {FS}/runs")), 1);
}

#[tokio::test]
async fn landing_zone_container_credentials_explore_and_preview() {
    let (_emu, client) = plain().await;
    let c = client.landing_zone(DlzType::UserDropZone).await.unwrap();
    assert_eq!(c.provider(), DlzProvider::Azure);
    assert_eq!(c.name(), Some("dlz-user-container"));
    assert!(c.ttl_days().is_some());
    let d = client.landing_zone(DlzType::DlzDestination).await.unwrap();
    assert_eq!(d.name(), Some("dlz-destination"));

    let creds = client
        .landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    let token = creds.sas_token.clone().unwrap();
    assert!(!token.expose().is_empty());
    assert!(!format!("{creds:?}").contains(token.expose()));
    let fresh = client
        .refresh_landing_zone_credentials(DlzType::UserDropZone)
        .await
        .unwrap();
    assert_ne!(fresh.sas_token.unwrap().expose(), token.expose());

    // Walk down from the root until a previewable delimited file turns up.
    let mut queue: Vec<Option<String>> = vec![None];
    let mut file: Option<ExploreItem> = None;
    let mut listed = 0;
    while let Some(folder) = queue.pop() {
        let listing = client
            .explore_landing_zone(folder.as_deref())
            .await
            .unwrap();
        listed += 1;
        for item in listing.0 {
            if item.is_folder() {
                queue.push(item.path.clone());
            } else if item.can_preview == Some(true)
                && item.name.ends_with(".csv")
                && file.is_none()
            {
                file = Some(item);
            }
        }
        if file.is_some() || listed > 20 {
            break;
        }
    }
    let file = file.expect("a csv file in the landing zone");
    let preview = client
        .preview_landing_zone_file(file.path.as_deref().unwrap(), &PreviewFormat::Detect)
        .await
        .unwrap();
    assert!(!preview.columns().is_empty());
    assert!(!preview.rows().is_empty());
    assert_eq!(
        preview.properties.and_then(|p| p.file_type).as_deref(),
        Some("delimited")
    );
}

#[tokio::test]
async fn sandboxes_are_chosen_per_request() {
    let (_emu, client) = plain().await;
    let prod: BTreeSet<String> = collect_all(client.list_flows(&ListQuery::new()))
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    let dev_client = client.sandbox("dev");
    let dev: BTreeSet<String> = collect_all(dev_client.list_flows(&ListQuery::new()))
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert!(!dev.is_empty());
    assert!(prod.is_disjoint(&dev));
    assert_eq!(client.sandbox_name(), "prod");
    let err = client
        .sandbox("no-such-sandbox")
        .count_flows(&ListQuery::new())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("FLOW-2100-404"));
}
