//! The AWS panes of a domain and the changes of an AppFlow flow, driven with keys against
//! the test emulator: a domain's integrations (enter → the flow's executions), its object
//! types and one type's fields and keys, a flow edited and sent (UpdateFlow), a flow in use
//! refused on delete with AppFlow's code and a free one deleted, and the create form
//! marking an object type the domain does not have.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support;

use crate::tui_aws::{field, items};
use flowscope::app::view::View;
use insta::assert_snapshot;
use support::tui::Tui;

const W: u16 = 130;
const H: u16 = 32;

/// The Workflows tab, first domain selected, then `key` pressed and its list loaded.
async fn of_first_domain(t: &mut Tui, key: &str) -> String {
    t.keys("6");
    t.settle().await;
    let domain = field(&items(t)[0], "/DomainName");
    t.keys(key);
    t.settle().await;
    domain
}

#[tokio::test]
async fn integrations_of_a_domain_and_enter_opens_the_flow() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    let domain = of_first_domain(&mut t, "i").await;
    let all = items(&t);
    assert!(!all.is_empty(), "the demo domain {domain} has integrations");
    assert_snapshot!("aws_integrations", t.screen());
    let uri = field(&all[0], "/Uri");
    let flow = uri
        .rsplit_once(":flow/")
        .expect("an AppFlow flow")
        .1
        .to_string();
    t.select_named(&flow);
    t.keys("<enter>");
    t.settle().await;
    assert_eq!(
        t.app().view().unwrap().crumb(),
        format!("{flow} › executions")
    );
}

#[tokio::test]
async fn object_types_of_a_domain_and_one_with_its_fields_and_keys() {
    // Tall enough for the fields and the keys of the detail.
    let mut t = Tui::start(W, 64).await;
    t.settle().await;
    of_first_domain(&mut t, "O").await;
    let all = items(&t);
    assert!(!all.is_empty());
    assert_snapshot!("aws_object_types", t.screen());
    assert!(t.screen().contains("object types of"), "{}", t.screen());
    let name = field(&all[0], "/ObjectTypeName");
    t.select_named(&name);
    t.keys("<enter>");
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("\"Fields\""), "{screen}");
    assert!(screen.contains("\"Keys\""), "{screen}");
    assert_snapshot!("aws_object_type_detail", screen);
}

/// The AppFlow tab with `flow` selected.
async fn appflow(t: &mut Tui, flow: &str) {
    t.keys("7");
    t.settle().await;
    t.select_named(flow);
}

async fn client(t: &Tui) -> flowscope::api::aws::AwsClient {
    let settings = flowscope::api::aws::AwsSettings::emulator(&t.emu.aws_endpoint());
    flowscope::api::aws::AwsClient::connect(&settings)
        .await
        .unwrap()
}

fn editor_text(t: &Tui) -> String {
    match t.app().view() {
        Some(View::Editor(e)) => e.value(),
        other => panic!("no editor in view: {other:?}"),
    }
}

#[tokio::test]
async fn a_flow_is_edited_checked_and_sent_with_update_flow() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    let flow = "retail-zendesk-tickets-export";
    appflow(&mut t, flow).await;
    t.keys("e");
    // DescribeFlow first: the editor opens on its answer.
    t.wait_for("object").await;
    let good = editor_text(&t);
    assert!(good.contains("\"tasks\""), "{good}");
    assert!(
        !good.contains("flowArn"),
        "DescribeFlow's own members are left out"
    );
    // A trigger type AppFlow does not have: marked at its line, nothing sent.
    let bad = good.replacen("\"OnDemand\"", "\"OnDemnd\"", 1);
    t.keys("<a-a>");
    t.keys(&bad);
    t.settle().await;
    let screen = t.screen();
    assert!(screen.contains("did you mean OnDemand"), "{screen}");
    assert_snapshot!("aws_flow_editor_error", screen);
    // A new description, sent.
    let edited = good.replacen(
        "\"description\": \"",
        "\"description\": \"Edited in flowscope. ",
        1,
    );
    t.keys("<a-a>");
    t.keys(&edited);
    t.keys("<c-s>");
    assert!(t.screen().contains("POST /update-flow"), "{}", t.screen());
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    let now = client(&t).await.describe_flow(flow).await.unwrap();
    let description = field(&now, "/description");
    assert!(description.starts_with("Edited in flowscope. "), "{now}");
    let journal = t.journal();
    assert!(
        journal.contains(&("appflow-flows".into(), flow.into())),
        "{journal:?}"
    );
}

#[tokio::test]
async fn deleting_a_flow_in_use_is_refused_then_forced_and_a_free_one_goes() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    // The first domain's integrations: the flows in use.
    of_first_domain(&mut t, "i").await;
    let used: Vec<String> = items(&t)
        .iter()
        .filter_map(|i| {
            field(i, "/Uri")
                .rsplit_once(":flow/")
                .map(|(_, f)| f.to_string())
        })
        .collect();
    t.keys("7");
    t.settle().await;
    let flows: Vec<String> = items(&t).iter().map(|f| field(f, "/flowName")).collect();
    let in_use = used[0].clone();

    // Known in use (its integration is listed): the question says so and forces.
    t.select_named(&in_use);
    t.keys("X");
    let screen = t.screen();
    assert!(screen.contains("forceDelete"), "{screen}");
    assert!(screen.contains("integration of domain"), "{screen}");
    assert_snapshot!("aws_flow_delete_question", screen);
    t.keys("n");

    // Not known from here (integrations closed): a plain delete, refused with its code.
    let c = client(&t).await;
    let domains = flowscope::api::aws::collect_pages(c.domains())
        .await
        .unwrap();
    let mut all_used = Vec::new();
    for d in &domains {
        let name = field(d, "/DomainName");
        for i in flowscope::api::aws::collect_pages(c.integrations(&name))
            .await
            .unwrap()
        {
            if let Some((_, f)) = field(&i, "/Uri").rsplit_once(":flow/") {
                all_used.push(f.to_string());
            }
        }
    }
    // With the integrations list closed the flow's user is not known: a plain delete.
    t.keys("6<esc>7");
    t.select_named(&in_use);
    t.keys("X");
    assert!(
        t.screen().contains("\"forceDelete\": false"),
        "{}",
        t.screen()
    );
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    assert!(t.toasts().contains("ConflictException"), "{}", t.toasts());
    assert!(t.toasts().contains("forceDelete"), "{}", t.toasts());
    assert!(flows.contains(&in_use));
    c.describe_flow(&in_use).await.expect("still there");

    // A free flow goes.
    let free = flows
        .iter()
        .find(|f| !all_used.contains(f))
        .expect("a flow no integration uses")
        .clone();
    t.select_named(&free);
    t.keys("X");
    t.keys("y");
    t.wait_for("submitted").await;
    t.settle().await;
    let gone = c.describe_flow(&free).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    assert!(!items(&t).iter().any(|f| field(f, "/flowName") == free));
    let journal = t.journal();
    assert!(
        journal.contains(&("appflow-flows".into(), free.clone())),
        "{journal:?}"
    );
}

#[tokio::test]
async fn the_create_form_marks_an_object_type_the_domain_does_not_have() {
    let mut t = Tui::start(W, H).await;
    t.settle().await;
    t.keys("6");
    t.settle().await;
    t.keys("n<enter>");
    // The form reads the domain's object types as it opens.
    while !t.app().aws.types.is_empty() {
        let m = t.next().await;
        t.message(m);
    }
    let good = editor_text(&t);
    let bad = good.replacen("\"Salesforce-Account\"", "\"Salesforce-Accounts\"", 1);
    t.keys("<a-a>");
    t.keys(&bad);
    t.settle().await;
    let screen = t.screen();
    assert!(
        screen.contains("is not an object type of domain"),
        "{screen}"
    );
    assert!(
        screen.contains("did you mean Salesforce-Account?"),
        "{screen}"
    );
    t.keys("<c-s>");
    assert!(
        !t.screen().contains("/workflows/integrations"),
        "{}",
        t.screen()
    );
    assert_eq!(t.emu.aws_workflows_created(), 0);
}
