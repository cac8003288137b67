#!/usr/bin/env python3
"""AWS conformance of flowscope's emulator, checked with boto3.

    scripts/aws_conformance.py ENDPOINT      e.g. http://127.0.0.1:41234

boto3 is an independent client built from the official service models. This calls every
Customer Profiles and AppFlow operation the emulator serves, through boto3 with
endpoint_url=ENDPOINT (dummy keys, us-east-1): lists page by page with small page sizes,
a valid CreateIntegrationWorkflow, GetProfileObjectType of every object type,
StartFlow twice with one client token, StopFlow and CancelFlowExecutions, UpdateFlow
and DeleteFlow (in use, forced, while a run is in progress), and the error cases, which must parse as the modelled exception
classes. Each answer is then validated against the operation's output shape from the
contract, the models in ../shared/anchors/aws (relative to the repository), loaded with
botocore.model.ServiceModel:

  - the parsed response: required members present, types right (string, integer/long,
    boolean, timestamp parsed to datetime, list, map, structure), enum values allowed,
    lengths, ranges and patterns as the model constrains them;
  - the JSON on the wire (boto3's parser drops members it does not know, so the raw
    body is checked too): no unknown members, no nulls, timestamps as epoch numbers.

Exits 1 with the list of every violation, 0 when there is none.
"""

import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import ServiceModel

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / ".." / "shared" / "anchors" / "aws"
ACCOUNT = "123456789012"
KMS = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/4f1c2a7e-9b3d-4c8e-a1f0-6d2b5e8c9a10"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/CustomerProfilesAppFlowRole"

violations = []
checked = {"calls": 0, "responses": 0, "errors": 0}


def fail(where, message):
    violations.append(f"{where}: {message}")


# ---------------------------------------------------------------- shape validation


def constraints(shape, value, path):
    meta = shape.metadata
    if shape.type_name == "string":
        if shape.enum and value not in shape.enum:
            fail(path, f"{value!r} is not one of {shape.name}'s values {shape.enum}")
        if "min" in meta and len(value) < meta["min"]:
            fail(path, f"{value!r} is shorter than {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(path, f"{len(value)} characters, over the maximum {meta['max']}")
        # Model patterns are not anchored (Smithy), so a match anywhere counts.
        if "pattern" in meta and not re.search(meta["pattern"], value):
            fail(path, f"{value!r} does not match the pattern {meta['pattern']}")
    elif shape.type_name in ("integer", "long"):
        if "min" in meta and value < meta["min"]:
            fail(path, f"{value} is below the minimum {meta['min']}")
        if "max" in meta and value > meta["max"]:
            fail(path, f"{value} is above the maximum {meta['max']}")
    elif shape.type_name in ("list", "map"):
        if "min" in meta and len(value) < meta["min"]:
            fail(path, f"{len(value)} entries, under the minimum {meta['min']}")
        if "max" in meta and len(value) > meta["max"]:
            fail(path, f"{len(value)} entries, over the maximum {meta['max']}")


def body_members(shape):
    """Members carried in the JSON body, by their name on the wire."""
    out = {}
    for name, member in shape.members.items():
        if member.serialization.get("location") in ("header", "headers", "statusCode"):
            continue
        out[member.serialization.get("name", name)] = (name, member)
    return out


def validate(shape, value, path, wire):
    """Checks `value` against `shape`; `wire` is the raw JSON, otherwise boto3's parse."""
    t = shape.type_name
    if t == "structure":
        if not isinstance(value, dict):
            return fail(path, f"expected a {shape.name} object, got {type(value).__name__}")
        members = body_members(shape)
        if not wire:
            members = {name: (name, m) for _, (name, m) in members.items()}
        names = {name for name, _ in members.values()}
        for req in shape.required_members:
            if req in names and not any(n == req and k in value for k, (n, _) in members.items()):
                fail(path, f"required member {req} of {shape.name} is missing")
        for key, v in value.items():
            if not wire and path.count(".") == 0 and key == "ResponseMetadata":
                continue
            if key not in members:
                fail(f"{path}.{key}", f"not a member of {shape.name}")
            elif v is None:
                fail(f"{path}.{key}", "null: absent members must be left out")
            else:
                validate(members[key][1], v, f"{path}.{key}", wire)
    elif t == "list":
        if not isinstance(value, list):
            return fail(path, f"expected a list, got {type(value).__name__}")
        constraints(shape, value, path)
        for i, item in enumerate(value):
            validate(shape.member, item, f"{path}[{i}]", wire)
    elif t == "map":
        if not isinstance(value, dict):
            return fail(path, f"expected a map, got {type(value).__name__}")
        constraints(shape, value, path)
        for k, v in value.items():
            validate(shape.key, k, f"{path}<key {k}>", wire)
            validate(shape.value, v, f"{path}.{k}", wire)
    elif t == "string":
        if not isinstance(value, str):
            return fail(path, f"expected a string, got {type(value).__name__} {value!r}")
        constraints(shape, value, path)
    elif t in ("integer", "long"):
        if isinstance(value, bool) or not isinstance(value, int):
            return fail(path, f"expected an integer, got {type(value).__name__} {value!r}")
        constraints(shape, value, path)
    elif t in ("double", "float"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            fail(path, f"expected a number, got {value!r}")
    elif t == "boolean":
        if not isinstance(value, bool):
            fail(path, f"expected a boolean, got {value!r}")
    elif t == "timestamp":
        if wire:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                fail(path, f"expected epoch seconds (a JSON number), got {value!r}")
        elif not isinstance(value, dt.datetime):
            fail(path, f"expected a timestamp parsed to datetime, got {value!r}")
    else:
        fail(path, f"shape type {t} is not checked here")


# ---------------------------------------------------------------- calling


class Service:
    def __init__(self, name, model_file, endpoint):
        with open(MODELS / model_file) as f:
            self.model = ServiceModel(json.load(f), service_name=name)
        self.client = boto3.client(
            name,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="AKIAFLOWSCOPEDEMOKEY",
            aws_secret_access_key="flowscope/emulator/demo/secret/key/00000",
            config=Config(retries={"total_max_attempts": 1}),
        )
        self.raw = None
        self.client.meta.events.register("before-parse", self._grab)

    def _grab(self, response_dict=None, **_):
        self.raw = response_dict

    def call(self, op, **params):
        """Calls `op` (snake_case), validates the answer both ways, returns it parsed."""
        checked["calls"] += 1
        op_model = self.model.operation_model(self.client.meta.method_to_api_mapping[op])
        where = f"{op_model.name}({short(params)})"
        self.raw = None
        try:
            parsed = getattr(self.client, op)(**params)
        except ClientError as e:
            fail(where, f"failed: {e}")
            return None
        checked["responses"] += 1
        shape = op_model.output_shape
        if shape is None:
            return parsed
        validate(shape, parsed, op_model.name, wire=False)
        if self.raw is None:
            fail(where, "the raw answer was not captured, so the wire was not checked")
            return parsed
        body = self.raw.get("body") or b"{}"
        try:
            validate(shape, json.loads(body), op_model.name + "<wire>", wire=True)
        except ValueError as e:
            fail(where, f"the body is not JSON: {e}")
        return parsed

    def expect_error(self, op, exception, **params):
        """Calls `op` expecting the modelled exception class `exception`."""
        checked["calls"] += 1
        where = f"{op}({short(params)})"
        cls = getattr(self.client.exceptions, exception)
        try:
            getattr(self.client, op)(**params)
        except cls as e:
            checked["errors"] += 1
            err = e.response.get("Error", {})
            if not err.get("Message"):
                fail(where, f"{exception} came without a message")
            headers = e.response.get("ResponseMetadata", {}).get("HTTPHeaders", {})
            if headers.get("x-amzn-errortype", "").split(":")[0] != exception:
                fail(where, f"x-amzn-ErrorType is {headers.get('x-amzn-errortype')!r}")
            return err
        except ClientError as e:
            fail(where, f"expected {exception}, got {e.response.get('Error')}")
        else:
            fail(where, f"expected {exception}, got a success")
        return None

    def pages(self, op, items_key, token_in, token_out, **params):
        """Every item of a list, one call per page; also checks the page sizes."""
        items, token, n = [], None, 0
        limit = params.get("MaxResults") or params.get("maxResults")
        while True:
            p = dict(params)
            if token:
                p[token_in] = token
            page = self.call(op, **p)
            if page is None:
                break
            n += 1
            got = page.get(items_key, [])
            if limit and len(got) > limit:
                fail(op, f"page of {len(got)} items over the {limit} asked for")
            items.extend(got)
            token = page.get(token_out)
            if not token or n > 500:
                break
        return items, n


def short(params):
    text = ", ".join(f"{k}={v!r}" for k, v in params.items())
    return text if len(text) < 120 else text[:117] + "..."


# ---------------------------------------------------------------- the checks


def customer_profiles(cp):
    domains, n = cp.pages("list_domains", "Items", "NextToken", "NextToken", MaxResults=1)
    names = [d["DomainName"] for d in domains]
    if n < 2 or not {"retail-prod", "loyalty-sandbox"} <= set(names):
        fail("ListDomains", f"expected both demo domains over pages of one, got {names} in {n} pages")
    for name in names:
        cp.call("get_domain", DomainName=name)
        types, _ = cp.pages("list_profile_object_types", "Items", "NextToken", "NextToken",
                            DomainName=name, MaxResults=2)
        integrations, _ = cp.pages("list_integrations", "Items", "NextToken", "NextToken",
                                   DomainName=name, MaxResults=3)
        if integrations:
            cp.call("get_integration", DomainName=name, Uri=integrations[0]["Uri"])
        for t in types:
            got = cp.call("get_profile_object_type", DomainName=name, ObjectTypeName=t["ObjectTypeName"])
            if got is not None and not (got.get("Fields") and got.get("Keys")):
                fail("GetProfileObjectType", f"{name}/{t['ObjectTypeName']} has no fields or keys")
            unique = [k for keys in (got or {}).get("Keys", {}).values() for k in keys
                      if "UNIQUE" in k.get("StandardIdentifiers", [])]
            if got is not None and len(unique) != 1:
                fail("GetProfileObjectType", f"{name}/{t['ObjectTypeName']} has {len(unique)} UNIQUE keys")
        if not types or not integrations:
            fail(name, "a demo domain without object types or integrations")
        workflows, pages = cp.pages("list_workflows", "Items", "NextToken", "NextToken",
                                    DomainName=name, MaxResults=4)
        for w in workflows:
            cp.call("get_workflow", DomainName=name, WorkflowId=w["WorkflowId"])
            cp.pages("get_workflow_steps", "Items", "NextToken", "NextToken",
                     DomainName=name, WorkflowId=w["WorkflowId"], MaxResults=2)
        if name == "retail-prod":
            _, ten = cp.pages("list_workflows", "Items", "NextToken", "NextToken",
                              DomainName=name, MaxResults=10)
            if ten < 2:
                fail("ListWorkflows", "retail-prod fits one page of ten; the client tests page it")
    statuses = set()
    for status in ["NOT_STARTED", "IN_PROGRESS", "COMPLETE", "FAILED", "SPLIT", "RETRY", "CANCELLED"]:
        for name in names:
            got, _ = cp.pages("list_workflows", "Items", "NextToken", "NextToken",
                              DomainName=name, Status=status, WorkflowType="APPFLOW_INTEGRATION")
            if any(w["Status"] != status for w in got):
                fail("ListWorkflows", f"the Status={status} filter let other statuses through")
            statuses.update(w["Status"] for w in got)
    if len(statuses) != 7:
        fail("ListWorkflows", f"not every status is seeded: {sorted(statuses)}")
    everything, _ = cp.pages("list_workflows", "Items", "NextToken", "NextToken", DomainName="retail-prod")
    if everything:
        newest = max(w["CreatedAt"] for w in everything)
        recent, _ = cp.pages("list_workflows", "Items", "NextToken", "NextToken",
                             DomainName="retail-prod",
                             QueryStartDate=newest - dt.timedelta(days=4),
                             QueryEndDate=newest)
        if not recent or len(recent) >= len(everything):
            fail("ListWorkflows", "QueryStartDate/QueryEndDate did not narrow the list")
    failed, _ = cp.pages("list_workflows", "Items", "NextToken", "NextToken",
                         DomainName="retail-prod", Status="FAILED")
    if failed:
        wf = cp.call("get_workflow", DomainName="retail-prod", WorkflowId=failed[0]["WorkflowId"])
        if wf and not wf.get("ErrorDescription"):
            fail("GetWorkflow", "a FAILED workflow has no ErrorDescription")
    create_and_delete(cp)
    cp.expect_error("get_domain", "ResourceNotFoundException", DomainName="no-such-domain")
    cp.expect_error("list_workflows", "ResourceNotFoundException", DomainName="no-such-domain")
    cp.expect_error("get_workflow", "ResourceNotFoundException",
                    DomainName="retail-prod", WorkflowId="0" * 32)
    cp.expect_error("list_workflows", "BadRequestException",
                    DomainName="retail-prod", NextToken="not-a-token-of-this-list")
    cp.expect_error("get_integration", "ResourceNotFoundException",
                    DomainName="retail-prod", Uri=f"arn:aws:appflow:us-east-1:{ACCOUNT}:flow/none")
    cp.expect_error("list_integrations", "ResourceNotFoundException", DomainName="no-such-domain")
    cp.expect_error("get_profile_object_type", "ResourceNotFoundException",
                    DomainName="retail-prod", ObjectTypeName="No-such-type")
    cp.expect_error("get_profile_object_type", "ResourceNotFoundException",
                    DomainName="no-such-domain", ObjectTypeName="S3-orders")
    cp.expect_error("get_profile_object_type", "BadRequestException",
                    DomainName="retail-prod", ObjectTypeName="9starts-with-a-digit")
    cp.expect_error("delete_workflow", "ResourceNotFoundException",
                    DomainName="retail-prod", WorkflowId="0" * 32)


def workflow_request(flow_name, connector="Salesforce", key="Salesforce", obj="Account", profile="salesforce-retail"):
    start = dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc)
    return dict(
        DomainName="retail-prod",
        WorkflowType="APPFLOW_INTEGRATION",
        IntegrationConfig={"AppflowIntegration": {
            "FlowDefinition": {
                "Description": "Accounts from Salesforce, created by the conformance check",
                "FlowName": flow_name,
                "KmsArn": KMS,
                "SourceFlowConfig": {
                    "ConnectorProfileName": profile,
                    "ConnectorType": connector,
                    "IncrementalPullConfig": {"DatetimeTypeFieldName": "LastModifiedDate"},
                    "SourceConnectorProperties": {key: {"Object": obj}},
                },
                "Tasks": [
                    {"ConnectorOperator": {key: "PROJECTION"}, "SourceFields": ["Id", "Name"],
                     "TaskType": "Filter", "TaskProperties": {}},
                    {"ConnectorOperator": {key: "NO_OP"}, "SourceFields": ["Id"],
                     "DestinationField": "Id", "TaskType": "Map",
                     "TaskProperties": {"SOURCE_DATA_TYPE": "string", "DESTINATION_DATA_TYPE": "string"}},
                ],
                "TriggerConfig": {"TriggerType": "Scheduled", "TriggerProperties": {"Scheduled": {
                    "ScheduleExpression": "rate(1hours)", "DataPullMode": "Incremental",
                    "ScheduleStartTime": start, "Timezone": "UTC", "ScheduleOffset": 0}}},
            },
            "Batches": [
                {"StartTime": start, "EndTime": start + dt.timedelta(days=10)},
                {"StartTime": start + dt.timedelta(days=10), "EndTime": start + dt.timedelta(days=20)},
            ],
        }},
        ObjectTypeName="Salesforce-Account" if connector == "Salesforce" else "ServiceNow-incident",
        RoleArn=ROLE,
        Tags={"origin": "conformance"},
    )


def create_and_delete(cp):
    made = cp.call("create_integration_workflow", **workflow_request("conformance-sf-accounts"))
    if made:
        wid = made["WorkflowId"]
        if not re.fullmatch(r"[a-f0-9]{32}", wid):
            fail("CreateIntegrationWorkflow", f"WorkflowId {wid!r} is not 32 lowercase hex digits")
        wf = cp.call("get_workflow", DomainName="retail-prod", WorkflowId=wid)
        total = (wf or {}).get("Metrics", {}).get("AppflowIntegration", {}).get("TotalSteps")
        if total != 2:
            fail("GetWorkflow", f"a workflow of two batches has TotalSteps {total}")
        cp.call("get_workflow_steps", DomainName="retail-prod", WorkflowId=wid)
        cp.call("delete_workflow", DomainName="retail-prod", WorkflowId=wid)
        cp.expect_error("get_workflow", "ResourceNotFoundException", DomainName="retail-prod", WorkflowId=wid)
    # Servicenow is the enum value, ServiceNow the member name.
    cp.call("create_integration_workflow", **workflow_request(
        "conformance-servicenow", "Servicenow", "ServiceNow", "incident", "servicenow-itsm"))
    mismatch = workflow_request("conformance-mismatch", "Servicenow", "Salesforce", "incident", "servicenow-itsm")
    err = cp.expect_error("create_integration_workflow", "BadRequestException", **mismatch)
    if err and "SourceConnectorProperties" not in err.get("Message", ""):
        fail("CreateIntegrationWorkflow", f"the mismatch message names no member: {err.get('Message')}")
    spaced = workflow_request("has spaces")
    err = cp.expect_error("create_integration_workflow", "BadRequestException", **spaced)
    if err and "FlowName" not in err.get("Message", ""):
        fail("CreateIntegrationWorkflow", f"the FlowName message names no member: {err.get('Message')}")
    taken = workflow_request("conformance-servicenow", "Servicenow", "ServiceNow", "incident", "servicenow-itsm")
    cp.expect_error("create_integration_workflow", "BadRequestException", **taken)
    elsewhere = workflow_request("conformance-nowhere")
    elsewhere["DomainName"] = "no-such-domain"
    cp.expect_error("create_integration_workflow", "ResourceNotFoundException", **elsewhere)


UPDATE_MEMBERS = ("description", "triggerConfig", "sourceFlowConfig", "destinationFlowConfigList", "tasks")


def update_request(described):
    """An UpdateFlow request from a DescribeFlow answer: its definition as it stands."""
    return {k: described[k] for k in UPDATE_MEMBERS if k in described} | {"flowName": described["flowName"]}


def edit_and_delete(af, cp):
    """UpdateFlow and DeleteFlow of the flow a workflow created: in use by its integration."""
    name = "conformance-servicenow"
    described = af.call("describe_flow", flowName=name)
    if not described:
        return
    req = update_request(described)
    req["description"] = "Edited by the conformance check"
    req["tasks"] = req["tasks"][:2]
    updated = af.call("update_flow", **req)
    if updated is not None and updated.get("flowStatus") != described.get("flowStatus"):
        fail("UpdateFlow", f"the status moved from {described.get('flowStatus')} to {updated.get('flowStatus')}")
    after = af.call("describe_flow", flowName=name)
    if after and (after.get("description") != req["description"] or len(after.get("tasks", [])) != 2):
        fail("UpdateFlow", f"DescribeFlow does not show the update: {after.get('description')!r}, "
                           f"{len(after.get('tasks', []))} tasks")
    af.expect_error("update_flow", "ResourceNotFoundException", **(req | {"flowName": "no-such-flow"}))
    bad = dict(req, triggerConfig={"triggerType": "Sometimes"})
    err = af.expect_error("update_flow", "ValidationException", **bad)
    if err and "triggerConfig.triggerType" not in err.get("Message", ""):
        fail("UpdateFlow", f"the trigger message names no member: {err.get('Message')}")
    other = dict(req, tasks=[dict(req["tasks"][0], connectorOperator={"Salesforce": "PROJECTION"})])
    err = af.expect_error("update_flow", "ValidationException", **other)
    if err and "tasks[0].connectorOperator" not in err.get("Message", ""):
        fail("UpdateFlow", f"the operator message names no member: {err.get('Message')}")
    af.expect_error("update_flow", "ValidationException", **dict(req, tasks=[]))
    err = af.expect_error("delete_flow", "ConflictException", flowName=name)
    if err and "forceDelete" not in err.get("Message", ""):
        fail("DeleteFlow", f"the in-use message does not say forceDelete: {err.get('Message')}")
    af.call("delete_flow", flowName=name, forceDelete=True)
    af.expect_error("describe_flow", "ResourceNotFoundException", flowName=name)
    left = cp.call("list_integrations", DomainName="retail-prod", MaxResults=100)
    if left and any(i["Uri"].endswith(f"flow/{name}") for i in left.get("Items", [])):
        fail("DeleteFlow", "the integration of a force-deleted flow is still listed")
    af.expect_error("delete_flow", "ResourceNotFoundException", flowName="no-such-flow")


def busy(af, name):
    """A flow with a run in progress can be neither updated nor deleted."""
    described = af.call("describe_flow", flowName=name)
    if described:
        af.expect_error("update_flow", "ConflictException", **update_request(described))
    af.expect_error("delete_flow", "ConflictException", flowName=name, forceDelete=True)


def appflow(af, cp):
    flows, n = af.pages("list_flows", "flows", "nextToken", "nextToken", maxResults=5)
    if n < 2:
        fail("ListFlows", f"{len(flows)} flows came in {n} page(s) of five")
    triggers = {f.get("triggerType") for f in flows}
    if not {"OnDemand", "Scheduled", "Event"} <= triggers:
        fail("ListFlows", f"not every trigger type is seeded: {sorted(triggers)}")
    deepest = 0
    for f in flows:
        af.call("describe_flow", flowName=f["flowName"])
        _, pages = af.pages("describe_flow_execution_records", "flowExecutions", "nextToken", "nextToken",
                            flowName=f["flowName"])
        deepest = max(deepest, pages)
        af.pages("describe_flow_execution_records", "flowExecutions", "nextToken", "nextToken",
                 flowName=f["flowName"], maxResults=25)
    if deepest < 3:
        fail("DescribeFlowExecutionRecords", f"no flow needs 3 pages at the default size (most: {deepest})")
    profiles, _ = af.pages("describe_connector_profiles", "connectorProfileDetails", "nextToken", "nextToken",
                           maxResults=2)
    kinds = {p["connectorType"] for p in profiles}
    if not {"Salesforce", "Servicenow", "Marketo", "Zendesk", "S3"} <= kinds:
        fail("DescribeConnectorProfiles", f"missing connector types: {sorted(kinds)}")
    only = af.call("describe_connector_profiles", connectorType="Salesforce")
    if only and any(p["connectorType"] != "Salesforce" for p in only["connectorProfileDetails"]):
        fail("DescribeConnectorProfiles", "the connectorType filter let others through")
    af.call("describe_connector_profiles", connectorProfileNames=["servicenow-itsm"])

    by_name = {f["flowName"]: f for f in flows}
    created = af.call("describe_flow", flowName="conformance-servicenow")
    if created:
        src = created.get("sourceFlowConfig", {})
        if src.get("connectorType") != "Servicenow" or "ServiceNow" not in src.get("sourceConnectorProperties", {}):
            fail("DescribeFlow", f"the created flow's source is {src}")
        if created.get("flowStatus") != "Active":
            fail("DescribeFlow", f"a created flow is {created.get('flowStatus')}")
    # Start and stop the seeded flows only.
    flows = [f for f in flows if not f["flowName"].startswith("conformance-")]
    on_demand = next((f for f in flows if f["triggerType"] == "OnDemand" and f["flowStatus"] == "Active"), None)
    scheduled = next((f for f in flows if f["triggerType"] == "Scheduled" and f["flowStatus"] == "Active"), None)
    draft = next((f for f in flows if f["flowStatus"] == "Draft"), None)
    if on_demand:
        name = on_demand["flowName"]
        first = af.call("start_flow", flowName=name, clientToken="conformance-token-1")
        again = af.call("start_flow", flowName=name, clientToken="conformance-token-1")
        if first and again and (not first.get("executionId") or first.get("executionId") != again.get("executionId")):
            fail("StartFlow", f"one client token, two answers: {first.get('executionId')} / {again.get('executionId')}")
        af.expect_error("stop_flow", "UnsupportedOperationException", flowName=name)
        busy(af, name)
        runs = af.call("describe_flow_execution_records", flowName=name, maxResults=5)
        ids = [r["executionId"] for r in (runs or {}).get("flowExecutions", [])]
        running = [r["executionId"] for r in (runs or {}).get("flowExecutions", []) if r["executionStatus"] == "InProgress"]
        done = [r["executionId"] for r in (runs or {}).get("flowExecutions", []) if r["executionStatus"] != "InProgress"]
        if first and first.get("executionId") not in ids:
            fail("StartFlow", "the new execution is not among the flow's records")
        cancel = af.call("cancel_flow_executions", flowName=name, executionIds=running[:1] + done[:1])
        if cancel is not None and done and cancel.get("invalidExecutions") != done[:1]:
            fail("CancelFlowExecutions", f"a finished run should be invalid: {cancel}")
        after = af.call("describe_flow_execution_records", flowName=name, maxResults=5)
        status = {r["executionId"]: r["executionStatus"] for r in (after or {}).get("flowExecutions", [])}
        if running and status.get(running[0]) not in ("CancelStarted", "Canceled"):
            fail("CancelFlowExecutions", f"the cancelled run is {status.get(running[0])}")
    else:
        fail("ListFlows", "no active on-demand flow")
    if scheduled:
        started = af.call("start_flow", flowName=scheduled["flowName"])
        if started and ("executionId" in started or started.get("flowStatus") != "Active"):
            fail("StartFlow", f"a scheduled flow is activated, not run: {started}")
        stopped = af.call("stop_flow", flowName=scheduled["flowName"])
        if stopped and stopped.get("flowStatus") != "Suspended":
            fail("StopFlow", f"a stopped scheduled flow is {stopped.get('flowStatus')}")
    if draft:
        af.expect_error("start_flow", "ConflictException", flowName=draft["flowName"])
    af.expect_error("describe_flow", "ResourceNotFoundException", flowName="no-such-flow")
    af.expect_error("describe_flow_execution_records", "ResourceNotFoundException", flowName="no-such-flow")
    af.expect_error("start_flow", "ResourceNotFoundException", flowName="no-such-flow")
    af.expect_error("list_flows", "ValidationException", nextToken="not-a-token-of-this-list")
    if not by_name:
        fail("ListFlows", "no flows")
    edit_and_delete(af, cp)


def self_test(cp, af):
    """The validator must flag known-bad answers, or a pass would prove nothing."""
    global violations
    kept, violations = violations, []
    flow = af.model.operation_model("DescribeFlow").output_shape
    wf = cp.model.operation_model("GetWorkflow").output_shape
    steps = cp.model.operation_model("GetWorkflowSteps").output_shape
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    cases = [
        (flow, {"flowStatus": "Running"}, False, "not one of"),
        (flow, {"flowName": "x", "extra": 1}, True, "not a member"),
        (flow, {"createdAt": "2026-11-01T00:00:00Z"}, True, "epoch seconds"),
        (flow, {"createdAt": 1793491200}, False, "datetime"),
        (flow, {"tags": None}, True, "null"),
        (wf, {"Metrics": {"AppflowIntegration": {"StepsCompleted": 1, "TotalSteps": 2}}}, False, "RecordsProcessed"),
        (wf, {"Metrics": {"AppflowIntegration": {"RecordsProcessed": "7", "StepsCompleted": 1, "TotalSteps": 2}}}, False, "integer"),
        (steps, {"Items": [{"AppflowIntegration": {"FlowName": "f", "Status": "COMPLETE", "ExecutionMessage": "",
            "RecordsProcessed": 1, "BatchRecordsStartTime": "a", "BatchRecordsEndTime": "b",
            "CreatedAt": now, "LastUpdatedAt": now}}]}, False, "shorter than"),
    ]
    missed = []
    for shape, value, wire, expected in cases:
        violations = []
        validate(shape, value, "selftest", wire)
        if not any(expected in v for v in violations):
            missed.append(f"{value} ({'wire' if wire else 'parsed'}) was not flagged for {expected!r}")
    violations = kept
    for m in missed:
        fail("validator self-test", m)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    endpoint = sys.argv[1]
    # Only what is given here: no profile, config file or instance metadata of the machine.
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
    for var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_CUSTOMER_PROFILES", "AWS_ENDPOINT_URL_APPFLOW"):
        os.environ.pop(var, None)
    cp = Service("customer-profiles", "customer-profiles-2020-08-15.json", endpoint)
    af = Service("appflow", "appflow-2020-08-23.json", endpoint)
    self_test(cp, af)
    customer_profiles(cp)
    appflow(af, cp)
    print(f"aws_conformance: boto3 {boto3.__version__}, {checked['calls']} calls, "
          f"{checked['responses']} responses validated, {checked['errors']} modelled errors, "
          f"{len(violations)} violations")
    for v in violations:
        print(f"  - {v}")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
