#!/usr/bin/env bash
# Side-by-side h2load benchmark (not a test): a release build of membership against the Go reference peer and
# nghttpd, in one run on this machine. Each server is pinned to CPU 1 with one event loop; h2load runs on CPU 0
# with ../shared/bench/h2bench.sh's fixed settings (-n 200000 -c 8 -m 32, a warm-up first).
#
#   deploy/bench/bench.sh              # prints one line per run, then the ratios; raw lines in bench-results.txt
#   N=50000 deploy/bench/bench.sh      # a shorter run
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
SHARED=$ROOT/../shared/bench
N=${N:-200000}
SERVER_CPU=${SERVER_CPU:-1}
LOAD_CPU=${LOAD_CPU:-0}
WORK=$(mktemp -d)
OUT=${OUT:-$ROOT/deploy/bench/bench-results.txt}
pids=()
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

command -v h2load >/dev/null || { apt-get update -qq && apt-get install -y -qq nghttp2-client >/dev/null; }
[ -x "$SHARED/h2bench.sh" ] || { echo "needs ../shared/bench/h2bench.sh beside the project" >&2; exit 2; }

echo "building release…" >&2
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)

# start_pinned NAME CMD…: runs CMD on the server CPU and waits for its ready line ("listening on …" from ours,
# "… serving …" from the Go peer, which logs it on stderr).
start_pinned() {
  local name=$1; shift
  exec {out}< <(exec taskset -c "$SERVER_CPU" "$@" 2>&1)
  pids+=($!)
  local line=""
  while read -r -u "$out" line; do
    [[ $line == listening* || $line == *serving* ]] && break
  done
  echo "$name: $line" >&2
  # Keep draining its output so a chatty server never blocks on a full pipe.
  cat <&"$out" > "$WORK/$name.log" &
}
rss() { awk '/^VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
peak() { awk '/^VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# The platform's side: identity (keys) and membership, one event loop each, one studio to read.
export NIO_SINGLETON_GROUP_LOOP_COUNT=1
start_pinned identity "$BIN/identity" --http-port 18181 --data-dir "$WORK/identity" --log-level warning
start_pinned membership "$BIN/membership" --http-port 18182 --data-dir "$WORK/membership" --log-level warning \
  --peers-identity-url http://127.0.0.1:18181
membership_pid=$(pgrep -f "$BIN/membership --http-port 18182" | head -1)
TOKEN=$("$BIN/identity" mint-token --data-dir "$WORK/identity" --subject bench --role provinceOffice --lifetime 7200)
# A provincial studio founded before the platform: the office's import (no application to shortlist first).
STUDIO=$("$BIN/mingshi" call membership.importStudio --url http://127.0.0.1:18182 --token "$TOKEN" \
  '{"studio":{"name":"杭州市西湖区王老师初中英语名师网络工作室（基准测试用，名称较长以接近一千字节的读取）","level":"province","city":"hangzhou","stage":"juniorSecondary","subject":"英语","kind":"subject","leaderID":"t-10000"},"createdAt":"2019-01-28T00:00:00Z","source":"bench"}' \
  | sed -n 's/.*"id" : "\(st-[^"]*\)".*/\1/p')
IDLE_RSS=$(rss "$membership_pid")
# The same service and database with its studio cache off: every getStudio is a SQLite read.
start_pinned membership-uncached "$BIN/membership" --http-port 18183 --data-dir "$WORK/membership" --log-level warning \
  --peers-identity-url http://127.0.0.1:18181 --studio-cache-size 0

# The Go reference peer.
if [ ! -x /tmp/go-peer/go-peer ]; then sh "$SHARED/go-peer/build.sh" >&2; fi
start_pinned gopeer /tmp/go-peer/go-peer -addr 127.0.0.1:17001
gopeer_pid=$(pgrep -f "/tmp/go-peer/go-peer -addr 127.0.0.1:17001" | head -1)

# nghttpd on a static file: the HTTP/2 ceiling of this machine.
command -v nghttpd >/dev/null && {
  mkdir -p "$WORK/www" && echo '{"status":"SERVING"}' > "$WORK/www/health"
  taskset -c "$SERVER_CPU" nghttpd --no-tls -d "$WORK/www" 17002 2>/dev/null & pids+=($!)
}

bench() { "$SHARED/h2bench.sh" -n "$N" -p "$LOAD_CPU" -l "$1" "${@:2}" 2>/dev/null; }
HEALTH='{"jsonrpc":"2.0","method":"health.check","id":1}'
: > "$OUT"
run() {
  local line; line=$(bench "$@") || { echo "$1 FAILED" >&2; return 1; }
  echo "$line" | tee -a "$OUT"
}
rps() { sed -n "s/^$1 rps=\([0-9.]*\).*/\1/p" "$OUT"; }
p99() { sed -n "s/^$1 .*p99=\([0-9.]*\)ms.*/\1/p" "$OUT"; }

run swift-health http://127.0.0.1:18182/rpc "$HEALTH"
run go-health http://127.0.0.1:17001/rpc "$HEALTH"
# h2bench.sh takes no headers: the authenticated read goes through h2load directly with the same settings.
run_auth() {
  local label=$1 url=$2 body=$3
  printf '%s' "$body" > "$WORK/body.json"
  taskset -c "$LOAD_CPU" h2load -p h2c -c 8 -m 32 -t 1 -n 20000 -d "$WORK/body.json" \
    -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" "$url" >/dev/null
  taskset -c "$LOAD_CPU" h2load -p h2c -c 8 -m 32 -t 1 -n "$N" -d "$WORK/body.json" --log-file="$WORK/req.log" \
    -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" "$url" > "$WORK/run.out"
  local rps ok lat
  rps=$(sed -n 's/^finished in [^,]*, \([0-9.]*\) req\/s.*/\1/p' "$WORK/run.out")
  ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' "$WORK/run.out")
  lat=$(cut -f3 "$WORK/req.log" | sort -n | awk '{v[NR]=$1} END {printf "p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms", v[int(NR*.5)]/1000, v[int(NR*.9)]/1000, v[int(NR*.99)]/1000, v[int(NR*.999)]/1000, v[NR]/1000}')
  echo "$label rps=$rps ok=$ok/$N $lat" | tee -a "$OUT"
}
GET_STUDIO="{\"jsonrpc\":\"2.0\",\"method\":\"membership.getStudio\",\"params\":{\"id\":\"$STUDIO\"},\"id\":1}"
run_auth swift-getStudio http://127.0.0.1:18182/rpc "$GET_STUDIO"
run_auth swift-getStudio-uncached http://127.0.0.1:18183/rpc "$GET_STUDIO"
run go-lookup http://127.0.0.1:17001/rpc '{"jsonrpc":"2.0","method":"bench.lookup","params":{"id":42},"id":1}'
command -v nghttpd >/dev/null && run nghttpd-static http://127.0.0.1:17002/health

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "?" }'; }
echo
echo "health.check      swift/go rps = $(ratio "$(rps swift-health)" "$(rps go-health)")  p99 swift/go = $(ratio "$(p99 swift-health)" "$(p99 go-health)")"
echo "1-row read        swift/go rps = $(ratio "$(rps swift-getStudio-uncached)" "$(rps go-lookup)")  p99 swift/go = $(ratio "$(p99 swift-getStudio-uncached)" "$(p99 go-lookup)")  (studio cache off: a SQLite read per call)"
echo "getStudio served  swift/go rps = $(ratio "$(rps swift-getStudio)" "$(rps go-lookup)")  p99 swift/go = $(ratio "$(p99 swift-getStudio)" "$(p99 go-lookup)")  (read-through studio cache)"
[ -n "$(rps nghttpd-static)" ] && echo "HTTP/2 ceiling    swift-health/nghttpd = $(ratio "$(rps swift-health)" "$(rps nghttpd-static)")"
echo "membership RSS    idle ${IDLE_RSS} MiB, peak $(peak "$membership_pid") MiB; go-peer peak $(peak "$gopeer_pid") MiB"
