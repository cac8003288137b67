#!/usr/bin/env bash
# A pinned Python package in its own virtualenv under .tools/NAME, installed from PyPI on
# first use, for the tests and benchmarks that compare flowscope with what users run
# today (boto3, aepp). Prints `export VAR=<its python>`; progress goes to stderr so
# stdout stays eval-able.
#
#   scripts/pyvenv.sh NAME VERSION VAR
#
# Called by scripts/boto3.sh and scripts/aepp.sh; .tools/ is gitignored.
set -euo pipefail

NAME="$1" VERSION="$2" VAR="$3"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.tools/$NAME"
PY="$VENV/bin/python"

say() { echo "$NAME: $*" >&2; }

installed() {
  [[ -x "$PY" ]] && "$PY" -c "
import sys
from importlib.metadata import version
sys.exit(version('$NAME') != '$VERSION')" 2>/dev/null
}

if ! installed; then
  command -v python3 >/dev/null || { say "python3 is needed to install $NAME"; exit 1; }
  say "installing $NAME==$VERSION into .tools/$NAME"
  rm -rf "$VENV"
  mkdir -p "$ROOT/.tools"
  python3 -m venv "$VENV" >&2
  "$PY" -m pip install --quiet --disable-pip-version-check --no-input "$NAME==$VERSION" >&2
  installed || { say "$NAME $VERSION did not install"; exit 1; }
fi

printf 'export %s=%q\n' "$VAR" "$PY"
