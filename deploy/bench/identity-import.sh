#!/usr/bin/env bash
# Roster import at the scale of the province (a benchmark, not a test): a release build of identity imports a
# generated 60,000-row teacher-training roster in one all-or-nothing call, then the same file again (nothing
# changes), then the file with one row in a hundred edited. Prints one line per run; raw lines in
# identity-import.txt.
#
#   deploy/bench/identity-import.sh            # ROWS=10000 for a smaller run
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
WORK=$(mktemp -d)
OUT=${OUT:-$ROOT/deploy/bench/identity-import.txt}
ROWS=${ROWS:-60000}
pids=()
cleanup() { kill -TERM "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

echo "building release…" >&2
swift build -c release >&2
BIN=$(swift build -c release --show-bin-path)

export BOOTSTRAP_PASSWORD="benchmark office password"
"$BIN/identity" bootstrap-admin --data-dir "$WORK/identity" --username office >&2
exec {out}< <(exec "$BIN/identity" --http-port 18481 --data-dir "$WORK/identity" --log-level warning 2>>"$WORK/identity.log")
pids+=($!)
read -r -u "$out" line; echo "identity: $line" >&2
OFFICE=$("$BIN/mingshi" call identity.signInWithPassword --url http://127.0.0.1:18481 \
  "{\"username\":\"office\",\"password\":\"$BOOTSTRAP_PASSWORD\"}" | sed -n 's/.*"accessToken" : "\([^"]*\)".*/\1/p')

"$BIN/mingshi" generate-roster --rows "$ROWS" > "$WORK/roster.csv"
# One row in a hundred with a new title, for the update run.
awk -F, 'NR > 1 && NR % 100 == 0 { sub(/,一级,/, ",高级,"); sub(/,二级,/, ",一级,") } { print }' "$WORK/roster.csv" > "$WORK/edited.csv"
echo "roster: $ROWS rows, $(du -h "$WORK/roster.csv" | cut -f1)" | tee "$OUT"
for run in roster roster edited; do
  printf '%s: ' "$run" | tee -a "$OUT"
  "$BIN/mingshi" import-accounts "$WORK/$run.csv" --token "$OFFICE" --peers-identity-url http://127.0.0.1:18481 | head -1 | tee -a "$OUT"
done
echo "database: $(du -cb "$WORK"/identity/identity.sqlite* | tail -1 | awk '{ printf "%.1f MiB", $1 / 1048576 }')" | tee -a "$OUT"
