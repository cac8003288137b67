"""Every run of a Flow Service through aepp, the way its users list them:
FlowService().getRuns(limit=100, n_results="inf"). For the side-by-side benchmark
(benches/list_runs.rs), against flowscope's emulator.

    python scripts/aepp_runs.py ENDPOINT     prints how many runs it read

aepp is pointed at ENDPOINT with its `support` environment, which takes an endpoint, and
its OAuth token endpoint at the emulator's IMS.
"""
import sys

import aepp
from aepp import flowservice


def main(endpoint: str) -> None:
    aepp.configure(
        org_id="5F3E1B1A5E8A6B7C0A495E2A@AdobeOrg",
        tech_id="7F0C2D1A6633F25E0A495C4D@techacct.adobe.com",
        secret="flowscope-bench",
        client_id="flowscope-bench",
        scopes="openid,AdobeID",
        sandbox="prod",
        environment="support",
        endpoint=endpoint,
    )
    # aepp's IMS host is fixed to Adobe's: its OAuth goes to the emulator's IMS instead.
    aepp.config.config_object["imsEndpoint"] = endpoint
    aepp.config.config_object["oauthTokenEndpointV2"] = f"{endpoint}/ims/token/v3"
    runs = flowservice.FlowService().getRuns(limit=100, n_results="inf")
    print(len(runs))


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
