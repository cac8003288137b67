#!/usr/bin/env bash
# boto3 (the AWS SDK for Python: an independent client built from the same service models
# as the Rust SDK) in a virtualenv under .tools/boto3, for the AWS conformance test
# (tests/aws_boto3.rs runs scripts/aws_conformance.py with it against the emulator).
#
#   scripts/boto3.sh               install on first use, print `export FLOWSCOPE_BOTO3_PYTHON=…`
#   eval "$(scripts/boto3.sh)"   or   source scripts/boto3.sh   to set the variable
#
# Pinned: the conformance check is about the emulator, not about a moving client.
__flowscope_venv="$(bash "$(dirname "${BASH_SOURCE[0]}")/pyvenv.sh" boto3 1.44.5 FLOWSCOPE_BOTO3_PYTHON)" || return 1 2>/dev/null || exit 1
# Sourced: export it here; run: print it for eval.
[[ "${BASH_SOURCE[0]}" != "$0" ]] && eval "$__flowscope_venv" || echo "$__flowscope_venv"
unset __flowscope_venv
