#!/usr/bin/env bash
# Resources at scale (a benchmark, not a test), release build:
#  1. file transfer: a 200 MB video and a 20 MB one uploaded and downloaded with curl over h2c (MB/s), the
#     resources process's peak RSS after each (flat regardless of size), beside `dd` writing the same bytes to the
#     same disk in the same run (the ceiling);
#  2. search: 600 studios (membership) and 100,000 resources (`mingshi load-resources`), then searchResources by
#     Chinese text (FTS5 trigram, and a two-character LIKE term) and by filters — h2load, one call at a time, p50/p99.
#
#   deploy/bench/resources-scale.sh            # prints a summary; raw lines in resources-scale.txt
#   COUNT=20000 deploy/bench/resources-scale.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=$(mktemp -d -p "${TMPDIR:-/var/tmp}")
OUT=${OUT:-$ROOT/deploy/bench/resources-scale.txt}
COUNT=${COUNT:-100000}
pids=()
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v h2load >/dev/null || { apt-get update -qq && apt-get install -y -qq nghttp2-client >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }
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
start identity "$BIN/identity" --http-port 18481 --data-dir "$WORK/identity" --log-level warning
start membership "$BIN/membership" --http-port 18482 --data-dir "$WORK/membership" --log-level warning \
  --peers-identity-url http://127.0.0.1:18481
start resources "$BIN/resources" --http-port 18483 --data-dir "$WORK/resources" --log-level warning \
  --peers-identity-url http://127.0.0.1:18481 --peers-membership-url http://127.0.0.1:18482
RESOURCES_PID=$(pgrep -f "$BIN/resources --http-port 18483" | head -1)
mint() { "$BIN/identity" mint-token --data-dir "$WORK/identity" --lifetime 7200 "$@"; }
OFFICE=$(mint --subject bench-office --role provinceOffice)
TEACHER=$(mint --subject bench-teacher --role teacher)
rss() { awk '/^VmHWM/ {printf "%.0f", $2/1024}' /proc/"$RESOURCES_PID"/status; }
: > "$OUT"
echo "resources RSS at start: $(rss) MiB peak" | tee -a "$OUT"

# A video: an ISO-BMFF `ftyp` box, then random bytes.
video() { { printf '\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom'; head -c "$(( $1 * 1000000 - 24 ))" /dev/urandom; } > "$2"; }
transfer() {
  local mb=$1 file="$WORK/video-$1.mp4"
  video "$mb" "$file"
  local sha; sha=$(sha256sum "$file" | cut -c1-64)
  local ceiling; ceiling=$(dd if="$file" of="$WORK/dd-copy" bs=1M conv=fsync 2>&1 | sed -n 's/.*, \([0-9.]* [MG]B\/s\)$/\1/p'); rm -f "$WORK/dd-copy"
  local up; up=$(curl -sS --http2-prior-knowledge -o /dev/null -w '%{http_code} %{speed_upload}' \
    -H "authorization: Bearer $TEACHER" -T "$file" "http://127.0.0.1:18483/files/$sha")
  local after_up; after_up=$(rss)
  local down; down=$(curl -sS --http2-prior-knowledge -o "$WORK/down" -w '%{http_code} %{speed_download}' \
    -H "authorization: Bearer $TEACHER" "http://127.0.0.1:18483/files/$sha")
  cmp -s "$file" "$WORK/down" || { echo "download of $mb MB differs" >&2; exit 1; }
  rm -f "$WORK/down" "$file"
  echo "$up $down" | awk -v mb="$mb" -v ru="$after_up" -v rd="$(rss)" -v dd="$ceiling" \
    '{printf "file %d MB: upload HTTP %s %.0f MB/s (peak RSS %d MiB), download HTTP %s %.0f MB/s (peak RSS %d MiB); dd with fsync on the same disk: %s\n", mb, $1, $2/1e6, ru, $3, $4/1e6, rd, dd}' \
    | tee -a "$OUT"
}
transfer 20
transfer 200

echo "loading 600 studios and $COUNT resources…" >&2
"$BIN/mingshi" load-membership --token "$OFFICE" --peers-membership-url http://127.0.0.1:18482 \
  --studios 600 --subject-leaders 1 --core-members 0 --network-members 0 > /dev/null
"$BIN/mingshi" load-resources --token "$OFFICE" --peers-membership-url http://127.0.0.1:18482 \
  --peers-resources-url http://127.0.0.1:18483 --count "$COUNT" | tee -a "$OUT"
DB_BYTES=$(du -cb "$WORK"/resources/resources.sqlite* | tail -1 | cut -f1)
echo "database: $(awk -v b="$DB_BYTES" 'BEGIN { printf "%.1f MiB", b / 1048576 }') (resources.sqlite with its WAL)" | tee -a "$OUT"

latency() {
  local label=$1 n=$2 token=$3 body=$4
  printf '%s' "$body" > "$WORK/body.json"
  local auth=(); [ -n "$token" ] && auth=(-H "authorization: Bearer $token")
  h2load -p h2c -c 1 -m 1 -t 1 -n 5 -d "$WORK/body.json" -H 'content-type: application/json' "${auth[@]}" \
    http://127.0.0.1:18483/rpc >/dev/null
  rm -f "$WORK/req.log"
  h2load -p h2c -c 1 -m 1 -t 1 -n "$n" -d "$WORK/body.json" --log-file="$WORK/req.log" \
    -H 'content-type: application/json' "${auth[@]}" http://127.0.0.1:18483/rpc > "$WORK/run.out"
  local ok hits
  ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$WORK/run.out")
  hits=$(curl -s --http2-prior-knowledge -H 'content-type: application/json' "${auth[@]}" \
    --data-binary "@$WORK/body.json" http://127.0.0.1:18483/rpc | grep -o '"id":"rs-' | wc -l)
  cut -f3 "$WORK/req.log" | sort -n | awk -v l="$label" -v ok="$ok" -v n="$n" -v h="$hits" \
    '{v[NR]=$1; s+=$1} END {printf "%s ok=%s/%s results=%d mean=%.1fms p50=%.1fms p99=%.1fms max=%.1fms\n", l, ok, n, h, s/NR/1000, v[int(NR*.5)]/1000, v[int(NR*.99)]/1000, v[NR]/1000}' \
    | tee -a "$OUT"
}
search() { echo "{\"jsonrpc\":\"2.0\",\"method\":\"resources.searchResources\",\"params\":$1,\"id\":1}"; }
latency text-fts-anonymous 300 "" "$(search '{"text":"单元整体教学"}')"
latency text-fts-two-terms-office 300 "$OFFICE" "$(search '{"text":"项目式学习 教学设计"}')"
latency text-two-chars-like 100 "$OFFICE" "$(search '{"text":"微课"}')"
latency filters-type-year-premium 300 "$OFFICE" "$(search '{"type":"video","year":2026,"premium":true}')"
latency filter-tag 300 "" "$(search '{"tag":"作业设计"}')"
latency newest-page-anonymous 300 "" "$(search '{}')"
echo "resources RSS after the run: $(rss) MiB peak" | tee -a "$OUT"
