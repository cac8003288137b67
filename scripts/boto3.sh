#!/usr/bin/env bash
# boto3 (the AWS SDK for Python: an independent client built from the same service models
# as the Rust SDK) in a virtualenv under .tools/boto3, for the AWS conformance test
# (tests/aws_boto3.rs runs scripts/aws_conformance.py with it against the emulator).
#
#   scripts/boto3.sh               install on first use, print `export FLOWSCOPE_BOTO3_PYTHON=…`
#   eval "$(scripts/boto3.sh)"   or   source scripts/boto3.sh   to set the variable
#
# Everything lives in .tools/boto3/ (gitignored). Progress goes to stderr so stdout stays
# eval-able.

# Sourced: run as a child so `set -euo pipefail` stays out of the caller's shell, and
# export what it printed.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  __flowscope_boto3_env="$(bash "${BASH_SOURCE[0]}")" || return $?
  eval "$__flowscope_boto3_env"
  unset __flowscope_boto3_env
  return 0
fi

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.tools/boto3"
PY="$VENV/bin/python"
# Pinned: the conformance check is about the emulator, not about a moving client.
VERSION=1.44.5

say() { echo "boto3.sh: $*" >&2; }

installed() {
  [[ -x "$PY" ]] && "$PY" -c "import sys, boto3; sys.exit(boto3.__version__ != '$VERSION')" 2>/dev/null
}

if ! installed; then
  command -v python3 >/dev/null || { say "python3 is needed to install boto3"; exit 1; }
  say "installing boto3==$VERSION into .tools/boto3"
  rm -rf "$VENV"
  mkdir -p "$ROOT/.tools"
  python3 -m venv "$VENV" >&2
  "$PY" -m pip install --quiet --disable-pip-version-check --no-input "boto3==$VERSION" >&2
  installed || { say "boto3 $VERSION did not install"; exit 1; }
fi

printf 'export FLOWSCOPE_BOTO3_PYTHON=%q\n' "$PY"
