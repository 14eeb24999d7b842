#!/usr/bin/env bash
# Interleaved A/B of two membership release binaries (not a test): both pinned to CPU 1 with one event loop at
# once, each with its own data directory holding the same studio, h2load on CPU 0; rounds alternate A then B, so
# the machine's drift falls on both. Measures health.check and one uncached getStudio (a SQLite read per call).
#
#   deploy/bench/ab.sh /tmp/membership-before /tmp/membership-after    # ROUNDS=3 N=100000 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
A=$1 B=$2
ROUNDS=${ROUNDS:-3} N=${N:-100000}
swift build -c release --product identity >&2
BIN=$(swift build -c release --show-bin-path)
WORK=$(mktemp -d)
pids=()
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
export NIO_SINGLETON_GROUP_LOOP_COUNT=1

start() { # start NAME CMD…: waits for the ready line
  local name=$1; shift
  exec {out}< <(exec taskset -c 1 "$@" 2>&1)
  pids+=($!)
  local line=""
  while read -r -u "$out" line; do [[ $line == listening* ]] && break; done
  cat <&"$out" > "$WORK/$name.log" &
}
start identity "$BIN/identity" --http-port 18281 --data-dir "$WORK/identity" --log-level warning
TOKEN=$("$BIN/identity" mint-token --data-dir "$WORK/identity" --subject bench --role provinceOffice --lifetime 7200)
studio_in() { # studio_in PORT: imports the bench studio, prints its id
  "$BIN/mingshi" call membership.importStudio --url "http://127.0.0.1:$1" --token "$TOKEN" \
    '{"studio":{"name":"杭州市西湖区王老师初中英语名师网络工作室（基准测试用，名称较长以接近一千字节的读取）","level":"province","city":"hangzhou","stage":"juniorSecondary","subject":"英语","kind":"subject","leaderID":"t-10000"},"createdAt":"2019-01-28T00:00:00Z","source":"bench"}' \
    | sed -n 's/.*"id" : "\(st-[^"]*\)".*/\1/p'
}
start A "$A" --http-port 18282 --data-dir "$WORK/a" --log-level warning --peers-identity-url http://127.0.0.1:18281 --studio-cache-size 0
start B "$B" --http-port 18283 --data-dir "$WORK/b" --log-level warning --peers-identity-url http://127.0.0.1:18281 --studio-cache-size 0
STUDIO_A=$(studio_in 18282) STUDIO_B=$(studio_in 18283)

load() { # load PORT BODY: prints req/s
  printf '%s' "$2" > "$WORK/body.json"
  taskset -c 0 h2load -p h2c -c 8 -m 32 -t 1 -n "$N" -d "$WORK/body.json" -H 'content-type: application/json' \
    -H "authorization: Bearer $TOKEN" "http://127.0.0.1:$1/rpc" | sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p'
}
health='{"jsonrpc":"2.0","method":"health.check","id":1}'
get() { echo "{\"jsonrpc\":\"2.0\",\"method\":\"membership.getStudio\",\"params\":{\"id\":\"$1\"},\"id\":1}"; }
load 18282 "$health" >/dev/null; load 18283 "$health" >/dev/null   # warm-up
for round in $(seq "$ROUNDS"); do
  echo "round $round health    A=$(load 18282 "$health") B=$(load 18283 "$health")"
  echo "round $round getStudio A=$(load 18282 "$(get "$STUDIO_A")") B=$(load 18283 "$(get "$STUDIO_B")")"
done
