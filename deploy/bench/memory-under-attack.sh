#!/usr/bin/env bash
# The resident memory of identity and membership under the slow-body and large-upload attacks of issue 14 (not a
# test): a release build, one process per scenario, its RSS read from /proc before and at the peak.
#
#   deploy/bench/memory-under-attack.sh       # prints one JSON line per scenario; appended to memory-under-attack.txt
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
CONFIG=${CONFIG:-release}
OUT=${OUT:-$ROOT/deploy/bench/memory-under-attack.txt}
WORK=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
/usr/bin/python3 -c 'import h2' 2>/dev/null || { apt-get update -qq && apt-get install -y -qq python3-h2 >/dev/null; }
swift build -c "$CONFIG" >&2
BIN=$(swift build -c "$CONFIG" --show-bin-path)

# start NAME ARGS…: starts a service and waits for its ready line; its pid in $started.
start() {
  local name=$1; shift
  exec {out}< <(exec "$BIN/$name" "$@" 2>"$WORK/$name.log")
  started=$!
  read -r -u "$out" _
}

# scenario SERVICE NAME ROLE: a fresh identity (which mints the token) and, for membership, a fresh membership
# beside it; the attack goes to SERVICE.
scenario() {
  local service=$1 name=$2 role=$3 pids=()
  rm -rf "$WORK/data"; mkdir -p "$WORK/data"
  start identity --http-port 18601 --data-dir "$WORK/data/identity"; pids+=("$started"); pid=$started
  "$BIN/identity" mint-token --data-dir "$WORK/data/identity" --subject t-1 --role "$role" > "$WORK/token"
  local port=18601
  if [ "$service" = membership ]; then
    start membership --http-port 18600 --data-dir "$WORK/data/membership" --peers-identity-url http://127.0.0.1:18601
    pids+=("$started"); pid=$started; port=18600
  fi
  sleep 1
  echo "{\"date\":\"$(date -u +%FT%TZ)\",\"service\":\"$service\",\"build\":\"$CONFIG\",\"result\":$(/usr/bin/python3 deploy/bench/memory-under-attack.py "$port" "$pid" "$name" "$(cat "$WORK/token")")}" | tee -a "$OUT"
  kill -TERM "${pids[@]}"; wait "${pids[@]}" 2>/dev/null || true; pid=""
}

scenario membership anonymous teacher
scenario membership token teacher
scenario identity forms teacher
scenario membership bodies provinceOffice
