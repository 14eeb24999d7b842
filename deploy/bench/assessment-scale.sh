#!/usr/bin/env bash
# The assessment at the scale of the province (a benchmark, not a test), release build, five services:
# 600 studios with 15 subject leaders and 100 core members each (69,000 rostered) and 500,000 network members,
# 100,000 resources, a year of activities (~6,000, ~200,000 participants) loaded through the services' own import
# methods; then full assessment runs (pulls included) and ranking queries (h2load, one at a time, p50/p99).
#
#   deploy/bench/assessment-scale.sh            # summary on stdout, raw lines in assessment-scale.txt
#   NETWORK=50000 RESOURCES=20000 deploy/bench/assessment-scale.sh
#   DATA=/var/tmp/scale deploy/bench/assessment-scale.sh   # keep the loaded data; a second run skips the 7-minute load
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=${DATA:-$(mktemp -d -p "${TMPDIR:-/var/tmp}")}
mkdir -p "$WORK"
OUT=${OUT:-$ROOT/deploy/bench/assessment-scale.txt}
NETWORK=${NETWORK:-500000}
RESOURCES=${RESOURCES:-100000}
YEAR=$(TZ=Asia/Shanghai date +%Y)
pids=()
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; [ -n "${DATA:-}" ] || rm -rf "$WORK"; }
trap cleanup EXIT

command -v h2load >/dev/null || { apt-get update -qq && apt-get install -y -qq nghttp2-client >/dev/null; }
echo "building release…" >&2
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)

PORTS=(18581 18582 18583 18584 18585)
NAMES=(identity membership resources activities assessment)
url() { echo "http://127.0.0.1:${PORTS[$1]}"; }
start() {
  local i=$1 name=${NAMES[$1]} peers=()
  for j in 0 1 2 3 4; do [ "$j" != "$i" ] && peers+=(--peers-"${NAMES[$j]}"-url "$(url "$j")"); done
  exec {out}< <(exec "$BIN/$name" --http-port "${PORTS[$i]}" --data-dir "$WORK/$name" --log-level warning "${peers[@]}" 2>>"$WORK/$name.log")
  pids+=($!)
  local line=""; read -r -u "$out" line; echo "$name: $line" >&2
}
for i in 0 1 2 3 4; do start "$i"; done
OFFICE=$("$BIN/identity" mint-token --data-dir "$WORK/identity" --subject bench-office --role provinceOffice --lifetime 7200)
ENDPOINTS=(--token "$OFFICE" --peers-identity-url "$(url 0)" --peers-membership-url "$(url 1)" --peers-resources-url "$(url 2)" --peers-activities-url "$(url 3)"
           --peers-assessment-url "$(url 4)")
: > "$OUT"
if [ -f "$WORK/loaded" ]; then
  echo "reusing the data loaded in $WORK" | tee -a "$OUT"
else
echo "loading…" >&2
# The assessment ranks provincial studios (R-MGT-2): all 600 are provincial here, the scale the issue asks for.
"$BIN/mingshi" load-membership "${ENDPOINTS[@]}" --studios 600 --network-members "$NETWORK" --all-provincial \
  | sed 's/^/membership: /' | tee -a "$OUT"
"$BIN/mingshi" load-resources "${ENDPOINTS[@]}" --count "$RESOURCES" --year "$YEAR" | tee -a "$OUT"
"$BIN/mingshi" load-activities "${ENDPOINTS[@]}" --year "$YEAR" | tee -a "$OUT"
touch "$WORK/loaded"
fi

# The size of one run on disk: its result rows, each with the studio's snapshot and the ids of the records counted.
run_bytes() { sqlite3 "$WORK/assessment/assessment.sqlite" "SELECT SUM(LENGTH(document)) + SUM(LENGTH(snapshot)) FROM result WHERE runID = '$1'" 2>/dev/null || echo "?"; }
for n in 1 2 3 4 5; do
  start_ns=$(date +%s%N)
  line=$("$BIN/mingshi" assess run "${ENDPOINTS[@]}" "$YEAR")
  end_ns=$(date +%s%N)
  echo "run $n: wall $(( (end_ns - start_ns) / 1000000 )) ms (CLI start-up included); $line; on disk $(run_bytes "$(echo "$line" | grep -o 'run-[0-9a-f-]*' | head -1)") bytes" | tee -a "$OUT"
done

latency() {
  local label=$1 n=$2 body=$3 port=${4:-${PORTS[4]}}
  printf '%s' "$body" > "$WORK/body.json"
  h2load -p h2c -c 1 -m 1 -t 1 -n 5 -d "$WORK/body.json" -H 'content-type: application/json' \
    -H "authorization: Bearer $OFFICE" "http://127.0.0.1:$port/rpc" >/dev/null
  rm -f "$WORK/req.log"
  h2load -p h2c -c 1 -m 1 -t 1 -n "$n" -d "$WORK/body.json" --log-file="$WORK/req.log" \
    -H 'content-type: application/json' -H "authorization: Bearer $OFFICE" "http://127.0.0.1:$port/rpc" > "$WORK/run.out"
  local ok; ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$WORK/run.out")
  cut -f3 "$WORK/req.log" | sort -n | awk -v l="$label" -v ok="$ok" -v n="$n" \
    '{v[NR]=$1; s+=$1} END {printf "%s ok=%s/%s mean=%.2fms p50=%.2fms p99=%.2fms max=%.2fms\n", l, ok, n, s/NR/1000, v[int(NR*.5)]/1000, v[int(NR*.99)]/1000, v[NR]/1000}' \
    | tee -a "$OUT"
}
rpc() { echo "{\"jsonrpc\":\"2.0\",\"method\":\"$1\",\"params\":$2,\"id\":1}"; }
latency ranking-page-100 500 "$(rpc assessment.getRanking "{\"year\":$YEAR,\"pageSize\":100}")"
latency ranking-city-filter 500 "$(rpc assessment.getRanking "{\"year\":$YEAR,\"city\":\"hangzhou\"}")"
latency tiers 500 "$(rpc assessment.getTiers "{\"year\":$YEAR}")"
STUDIO=$(curl -s --http2-prior-knowledge -H 'content-type: application/json' -H "authorization: Bearer $OFFICE" \
  -d "$(rpc assessment.getRanking "{\"year\":$YEAR,\"pageSize\":1}")" "$(url 4)/rpc" | grep -o '"studioID":"[^"]*"' | head -1 | cut -d'"' -f4)
latency studio-report 500 "$(rpc assessment.getStudioReport "{\"year\":$YEAR,\"studioID\":\"$STUDIO\"}")"
# A line of the report opened onto its records (provenance), first page of 100; a leader's live checklist.
latency line-records-resources 500 "$(rpc assessment.getLineRecords "{\"year\":$YEAR,\"studioID\":\"$STUDIO\",\"metric\":\"resourcesPublished\"}")"
latency line-records-activities 500 "$(rpc assessment.getLineRecords "{\"year\":$YEAR,\"studioID\":\"$STUDIO\",\"metric\":\"activitiesHeld\"}")"
latency line-records-roster 200 "$(rpc assessment.getLineRecords "{\"year\":$YEAR,\"studioID\":\"$STUDIO\",\"metric\":\"subjectLeaders\"}")"
latency live-checklist 200 "$(rpc assessment.getLiveChecklist "{\"year\":$YEAR,\"studioID\":\"$STUDIO\"}")"
# The per-studio metrics calls the run makes, for all 600 studios at once (issue 6's and issue 5's figures).
IDS=$(curl -s --http2-prior-knowledge -H 'content-type: application/json' -H "authorization: Bearer $OFFICE" \
  -d "$(rpc assessment.getRanking "{\"year\":$YEAR,\"pageSize\":1000}")" "$(url 4)/rpc" \
  | grep -o '"studioID":"[^"]*"' | cut -d'"' -f4 | sed 's/.*/"&"/' | paste -sd, -)
latency activities-metrics-600-studios 50 "$(rpc activities.studioMetrics "{\"year\":$YEAR,\"studioIDs\":[$IDS]}")" "${PORTS[3]}"
latency resources-metrics-600-studios 50 "$(rpc resources.studioMetrics "{\"year\":$YEAR,\"studioIDs\":[$IDS]}")" "${PORTS[2]}"
for i in 1 2 3 4; do
  echo "${NAMES[$i]} peak RSS: $(awk '/^VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$(pgrep -f "$BIN/${NAMES[$i]} --http-port ${PORTS[$i]}" | head -1)"/status)" | tee -a "$OUT"
done
