#!/usr/bin/env bash
# The whole flowscope test suite: starts Azurite (an independent implementation of the
# Azure Blob API, installed from npm into .tools/ on first use) so the landing-zone
# storage tests run against it as well as against flowscope's own emulator, installs
# boto3 (an independent AWS client, from PyPI into .tools/ on first use) for the AWS
# conformance test, runs `cargo test --locked`, then stops Azurite. Extra arguments go
# to `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=scripts/azurite.sh
source scripts/azurite.sh start
trap 'bash scripts/azurite.sh stop' EXIT
# Here a missing Azurite is a failure, not a skipped test.
export FLOWSCOPE_REQUIRE_AZURITE=1

# shellcheck source=scripts/boto3.sh
source scripts/boto3.sh
# Likewise a missing boto3.
export FLOWSCOPE_REQUIRE_BOTO3=1

cargo test --locked "$@"
