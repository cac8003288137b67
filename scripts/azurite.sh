#!/usr/bin/env bash
# Azurite (an independent implementation of the Azure Blob API) on loopback, with a
# `dlz-user-container` and three SAS URIs for the storage tests (tests/storage_blob.rs).
#
#   scripts/azurite.sh [start]   install if missing, start (or reuse) Azurite, create the
#                                container, print `export FLOWSCOPE_AZURITE_…=…` lines
#   scripts/azurite.sh env       print the export lines of the running Azurite again
#   scripts/azurite.sh stop      stop the Azurite this script started
#   eval "$(scripts/azurite.sh)"   or   source scripts/azurite.sh   to set the variables
#
# Everything lives in .tools/azurite/ (gitignored): the npm packages, the pid, the port,
# the log. Progress goes to stderr so stdout stays eval-able.

# Sourced: run as a child so `set -euo pipefail` and the helpers stay out of the caller's
# shell, and export what it printed.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  __flowscope_azurite_env="$(bash "${BASH_SOURCE[0]}" "${1:-start}")" || return $?
  eval "$__flowscope_azurite_env"
  unset __flowscope_azurite_env
  return 0
fi

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools/azurite"
PID_FILE="$TOOLS/azurite.pid"
PORT_FILE="$TOOLS/azurite.port"
ENV_FILE="$TOOLS/azurite.env"
LOG_FILE="$TOOLS/azurite.log"
# Major versions known to work together; npm picks the newest of each.
PACKAGES=(azurite@3 @azure/storage-blob@12)

say() { echo "azurite.sh: $*" >&2; }

install_if_missing() {
  if [[ -x "$TOOLS/node_modules/.bin/azurite-blob" && -d "$TOOLS/node_modules/@azure/storage-blob" ]]; then
    return
  fi
  command -v npm >/dev/null || { say "npm is needed to install Azurite"; exit 1; }
  say "installing ${PACKAGES[*]} into .tools/azurite (about 20 s)"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "${PACKAGES[@]}" >&2
}

running() {
  [[ -f "$PID_FILE" ]] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

wait_for_port() {
  local port="$1"
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      return 0
    fi
    if ! running; then
      say "Azurite exited while starting; its log:"
      cat "$LOG_FILE" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
  say "Azurite did not answer on 127.0.0.1:$port within 30 s"
  exit 1
}

start() {
  install_if_missing
  if running; then
    say "reusing Azurite (pid $(cat "$PID_FILE")) on port $(cat "$PORT_FILE")"
  else
    local port
    port="$(free_port)"
    # In memory only, nothing kept between runs (Azurite refuses --location with it, so
    # it runs from TOOLS to keep any side file there). --skipApiVersionCheck: the client
    # libraries may be newer than this Azurite.
    (cd "$TOOLS" && exec nohup "$TOOLS/node_modules/.bin/azurite-blob" \
      --blobHost 127.0.0.1 --blobPort "$port" \
      --inMemoryPersistence --disableTelemetry --silent --skipApiVersionCheck \
      >"$LOG_FILE" 2>&1) &
    echo $! >"$PID_FILE"
    echo "$port" >"$PORT_FILE"
    say "started Azurite (pid $!) on 127.0.0.1:$port"
  fi
  local port
  port="$(cat "$PORT_FILE")"
  wait_for_port "$port"
  AZURITE_TOOLS="$TOOLS" node "$ROOT/scripts/azurite-setup.mjs" "http://127.0.0.1:$port" >"$ENV_FILE"
  cat "$ENV_FILE"
  say "ready; stop it with scripts/azurite.sh stop"
}

stop() {
  if running; then
    local pid
    pid="$(cat "$PID_FILE")"
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    say "stopped Azurite (pid $pid)"
  else
    say "no Azurite started by this script is running"
  fi
  rm -f "$PID_FILE" "$PORT_FILE" "$ENV_FILE"
}

case "${1:-start}" in
  start) start ;;
  env)
    running && [[ -f "$ENV_FILE" ]] || { say "not running; use scripts/azurite.sh start"; exit 1; }
    cat "$ENV_FILE"
    ;;
  stop) stop ;;
  *)
    say "usage: scripts/azurite.sh [start|env|stop]"
    exit 2
    ;;
esac
