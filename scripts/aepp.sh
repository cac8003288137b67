#!/usr/bin/env bash
# aepp (Adobe's Python library for the Experience Platform APIs, what flowscope's users
# script with today) in a virtualenv under .tools/aepp, for the side-by-side benchmark
# (benches/list_runs.rs runs scripts/aepp_runs.py with it against the emulator).
#
#   scripts/aepp.sh               install on first use, print `export FLOWSCOPE_AEPP_PYTHON=…`
#   eval "$(scripts/aepp.sh)"   or   source scripts/aepp.sh   to set the variable
__flowscope_venv="$(bash "$(dirname "${BASH_SOURCE[0]}")/pyvenv.sh" aepp 0.6.0 FLOWSCOPE_AEPP_PYTHON)" || return 1 2>/dev/null || exit 1
# Sourced: export it here; run: print it for eval.
[[ "${BASH_SOURCE[0]}" != "$0" ]] && eval "$__flowscope_venv" || echo "$__flowscope_venv"
unset __flowscope_venv
