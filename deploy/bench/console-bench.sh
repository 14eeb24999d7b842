#!/usr/bin/env bash
# The console's pages under load (a benchmark, not a test): release build of the platform on the demo data
# (deploy/local/run-all.sh with CONFIG=release), an office session signed in through the sign-in form, then h2load
# over HTTP/1.1, one connection at a time, against the ranking page of the demo's 223 provincial studios and one
# studio's page. Prints p50/p99 per page; raw lines in console-bench.txt.
#
#   deploy/bench/console-bench.sh                 # starts (and seeds, the first time) the platform in DATA_DIR
#   DATA_DIR=/var/tmp/mingshi deploy/bench/console-bench.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR=${DATA_DIR:-/var/tmp/mingshi-console-bench}
OUT=${OUT:-$PWD/deploy/bench/console-bench.txt}
command -v h2load >/dev/null || { apt-get update -qq && apt-get install -y -qq nghttp2-client >/dev/null; }
exec {platform}< <(CONFIG=release DATA_DIR="$DATA_DIR" deploy/local/run-all.sh 2>&1)
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
while read -r -u "$platform" line; do echo "$line" >&2; [[ $line == ready.* ]] && break; done
BASE=http://127.0.0.1:8080
jar=$(mktemp)
csrf=$(curl -s -c "$jar" -b "$jar" "$BASE/signin" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4 | sed -n 1p)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=office" \
  --data-urlencode "password=$(cat "$DATA_DIR/office.password")" --data-urlencode "csrf=$csrf" "$BASE/signin"
session=$(awk '$6 == "mingshi_session" {print $7}' "$jar")
[ -n "$session" ] || { echo "could not sign in" >&2; exit 1; }
studio=$(curl -s -b "mingshi_session=$session" "$BASE/ranking?year=2019" | grep -o '/studios/st-[^?"]*' | sed -n 1p)
[ -n "$studio" ] || { echo "the ranking page lists no studio" >&2; exit 1; }
: > "$OUT"
page() {
  local label=$1 path=$2 n=$3
  h2load --h1 -c 1 -m 1 -t 1 -n 20 -H "cookie: mingshi_session=$session" "$BASE$path" >/dev/null
  rm -f /tmp/console-bench.log
  h2load --h1 -c 1 -m 1 -t 1 -n "$n" --log-file=/tmp/console-bench.log -H "cookie: mingshi_session=$session" "$BASE$path" > /tmp/console-bench.out
  local ok; ok=$(sed -n 's/^requests: .* \([0-9]*\) succeeded.*/\1/p' /tmp/console-bench.out)
  local bytes; bytes=$(curl -s -b "mingshi_session=$session" "$BASE$path" | wc -c)
  cut -f3 /tmp/console-bench.log | sort -n | awk -v l="$label" -v ok="$ok" -v n="$n" -v b="$bytes" \
    '{v[NR]=$1; s+=$1} END {printf "%s (%d bytes) ok=%s/%s mean=%.2fms p50=%.2fms p99=%.2fms max=%.2fms\n", l, b, ok, n, s/NR/1000, v[int(NR*.5)]/1000, v[int(NR*.99)]/1000, v[NR]/1000}' \
    | tee -a "$OUT"
}
page "ranking, 223 provincial studios" "/ranking?year=2019" 300
page "ranking, one city" "/ranking?year=2019&city=hangzhou" 300
page "a studio's report" "$studio?year=2019" 300
page "/signin when signed in (a redirect, no service call)" "/signin" 300
