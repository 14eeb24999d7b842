#!/usr/bin/env bash
# Membership at the scale of the province (a benchmark, not a test): a release build of identity and membership,
# loaded through membership's own methods by `mingshi load-membership` with 600 studios, 9,000 subject leaders,
# 60,000 core members and 500,000 network memberships. Reports the load time, the database size, and the latency
# of the per-studio metrics call for all 600 studios and of a 100-member roster page (h2load, one call at a time,
# so the figures are latencies, not throughput).
#
#   deploy/bench/membership-scale.sh                  # full scale; prints a summary, raw lines in membership-scale.txt
#   NETWORK=50000 deploy/bench/membership-scale.sh    # a smaller run
#   KEEP_DB=/tmp/m.sqlite deploy/bench/membership-scale.sh   # keep the loaded database for a closer look
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=$(mktemp -d)
OUT=${OUT:-$ROOT/deploy/bench/membership-scale.txt}
STUDIOS=${STUDIOS:-600}
NETWORK=${NETWORK:-500000}
pids=()
cleanup() {
  kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true
  [ -n "${KEEP_DB:-}" ] && cp "$WORK"/membership/membership.sqlite "$KEEP_DB" && echo "database kept in $KEEP_DB" >&2
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v h2load >/dev/null || { apt-get update -qq && apt-get install -y -qq nghttp2-client >/dev/null; }
echo "building release…" >&2
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)

start() {
  local name=$1; shift
  exec {out}< <(exec "$@" 2>>"$WORK/$name.log")
  pids+=($!)
  local line=""
  read -r -u "$out" line
  echo "$name: $line" >&2
}
start identity "$BIN/identity" --http-port 18381 --data-dir "$WORK/identity" --log-level warning
start membership "$BIN/membership" --http-port 18382 --data-dir "$WORK/membership" --log-level warning \
  --peers-identity-url http://127.0.0.1:18381
TOKEN=$("$BIN/identity" mint-token --data-dir "$WORK/identity" --subject bench --role provinceOffice --lifetime 7200)

: > "$OUT"
echo "loading…" >&2
"$BIN/mingshi" load-membership --token "$TOKEN" --peers-membership-url http://127.0.0.1:18382 \
  --peers-identity-url http://127.0.0.1:18381 \
  --studios "$STUDIOS" --network-members "$NETWORK" | tee -a "$OUT"
DB_BYTES=$(du -cb "$WORK"/membership/membership.sqlite* | tail -1 | cut -f1)
echo "database: $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }') (membership.sqlite with its WAL)" | tee -a "$OUT"

# latency LABEL N BODY: N calls one after another on one connection; percentiles from h2load's per-request log.
latency() {
  local label=$1 n=$2 body=$3
  printf '%s' "$body" > "$WORK/body.json"
  h2load -p h2c -c 1 -m 1 -t 1 -n 5 -d "$WORK/body.json" -H 'content-type: application/json' \
    -H "authorization: Bearer $TOKEN" http://127.0.0.1:18382/rpc >/dev/null
  rm -f "$WORK/req.log"   # h2load appends to its log file
  h2load -p h2c -c 1 -m 1 -t 1 -n "$n" -d "$WORK/body.json" --log-file="$WORK/req.log" \
    -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" http://127.0.0.1:18382/rpc > "$WORK/run.out"
  local ok bytes
  ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$WORK/run.out")
  bytes=$(curl -s --http2-prior-knowledge -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \
    --data-binary "@$WORK/body.json" http://127.0.0.1:18382/rpc | wc -c)
  cut -f3 "$WORK/req.log" | sort -n | awk -v l="$label" -v ok="$ok" -v n="$n" -v b="$bytes" \
    '{v[NR]=$1; s+=$1} END {printf "%s ok=%s/%s response=%dB mean=%.1fms p50=%.1fms p99=%.1fms max=%.1fms\n", l, ok, n, b, s/NR/1000, v[int(NR*.5)]/1000, v[int(NR*.99)]/1000, v[NR]/1000}' \
    | tee -a "$OUT"
}
YEAR=$(date +%Y)
latency metrics-all-studios 50 "{\"jsonrpc\":\"2.0\",\"method\":\"membership.studioMetrics\",\"params\":{\"year\":$YEAR,\"pageSize\":1000},\"id\":1}"
STUDIO=$("$BIN/mingshi" call membership.listStudios --url http://127.0.0.1:18382 --token "$TOKEN" '{"pageSize":1}' \
  | sed -n 's/.*"id" : "\(st-[^"]*\)".*/\1/p' | head -1)
latency roster-page-100 500 "{\"jsonrpc\":\"2.0\",\"method\":\"membership.getRoster\",\"params\":{\"studioID\":\"$STUDIO\",\"role\":\"networkMember\",\"pageSize\":100},\"id\":1}"
latency composition-one-studio 500 "{\"jsonrpc\":\"2.0\",\"method\":\"membership.getComposition\",\"params\":{\"studioID\":\"$STUDIO\"},\"id\":1}"
echo "membership RSS after the run: $(awk '/^VmHWM/ {printf "%.0f MiB peak", $2/1024}' /proc/"$(pgrep -f "$BIN/membership --http-port 18382" | head -1)"/status)" | tee -a "$OUT"
