#!/usr/bin/env bash
# Runs the whole platform on this machine: the five services as separate processes on 127.0.0.1:8081-8085 and the
# web console on 127.0.0.1:8080,
# each on its own SQLite file under $DATA_DIR, wired by their peer URLs. Identity trusts a demo stand-in for the
# teacher-training system (its key in $DATA_DIR/training). On the first run it creates the province-office admin
# and loads demonstration data (a 5,000-teacher roster, the 695 studios of the 2019 notice's Attachment 1 with
# rosters, resources, activities, the 2019 rule set).
# Ctrl-C (or SIGTERM) stops every service gracefully.
#
#   deploy/local/run-all.sh                 # debug build, data in ./data
#   CONFIG=release DATA_DIR=/var/lib/mingshi deploy/local/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

CONFIG=${CONFIG:-debug}
DATA_DIR=${DATA_DIR:-./data}
HOST=${HTTP_HOST:-127.0.0.1}
mkdir -p "$DATA_DIR"

if ! dpkg -s libsqlite3-dev >/dev/null 2>&1; then
  echo "installing libsqlite3-dev…"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq libsqlite3-dev >/dev/null
fi
echo "building ($CONFIG)…"
swift build -c "$CONFIG" >&2
BIN=$(swift build -c "$CONFIG" --show-bin-path)

pids=()
stop() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo; echo "stopping…"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  echo "stopped."
}
trap stop INT TERM EXIT

# start NAME PORT ARGS…: starts a service and waits for its "listening on" line (no sleeping, no polling).
start() {
  local name=$1 port=$2; shift 2
  launch "$name" --http-host "$HOST" --http-port "$port" --data-dir "$DATA_DIR/$name" "$@"
}
# launch NAME ARGS…: starts an executable of the platform and waits for its "listening on" line.
launch() {
  local name=$1; shift
  exec {out}< <(exec "$BIN/$name" "$@" 2>>"$DATA_DIR/$name.log")
  pids+=($!)
  local line=""
  if ! read -r -u "$out" line || [[ $line != listening* ]]; then
    echo "$name failed to start; see $DATA_DIR/$name.log:" >&2
    tail -5 "$DATA_DIR/$name.log" >&2
    exit 1
  fi
  printf '  %-11s %s\n' "$name" "${line#listening on }"
}

peer() { echo "http://$HOST:$1"; }
"$BIN/mingshi" demo-training-system --dir "$DATA_DIR/training" >/dev/null
if [ ! -f "$DATA_DIR/office.password" ]; then
  head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DATA_DIR/office.password"
  chmod 600 "$DATA_DIR/office.password"
  BOOTSTRAP_PASSWORD=$(cat "$DATA_DIR/office.password") \
    "$BIN/identity" bootstrap-admin --data-dir "$DATA_DIR/identity" --username office >/dev/null
fi
echo "services:"
start identity 8081 --peers-membership-url "$(peer 8082)" --training-jwks-file "$DATA_DIR/training/training-jwks.json"
# The services' own token (role service), for what they ask identity on their own behalf: the accounts of the
# people they put on rosters and in attendance lists. Minted anew at every start, valid 30 days.
"$BIN/identity" mint-token --data-dir "$DATA_DIR/identity" --subject svc-platform --role service --lifetime 2592000 \
  > "$DATA_DIR/service.token"
chmod 600 "$DATA_DIR/service.token"
start membership 8082 --peers-identity-url "$(peer 8081)" --service-token-file "$DATA_DIR/service.token"
start resources 8083 --peers-identity-url "$(peer 8081)" --peers-membership-url "$(peer 8082)"
start activities 8084 --peers-identity-url "$(peer 8081)" --peers-membership-url "$(peer 8082)" --peers-resources-url "$(peer 8083)" \
  --service-token-file "$DATA_DIR/service.token"
# Assessment's own token pulls one studio's metrics for its leader's live checklist.
start assessment 8085 --peers-identity-url "$(peer 8081)" --peers-membership-url "$(peer 8082)" \
  --peers-resources-url "$(peer 8083)" --peers-activities-url "$(peer 8084)" --service-token-file "$DATA_DIR/service.token"
# The web console, as the signed-in person: it owns no data (no --data-dir). Teachers sign in through the demo
# training system's own sign-in page (a stand-in for 师训平台's single sign-on), which posts their token back.
launch mingshi demo-training-sign-in --dir "$DATA_DIR/training" --http-host "$HOST" --http-port 8090 \
  --console-url "http://$HOST:${CONSOLE_PORT:-8080}"
launch console --http-host "$HOST" --http-port "${CONSOLE_PORT:-8080}" --peers-identity-url "$(peer 8081)" \
  --peers-membership-url "$(peer 8082)" --peers-resources-url "$(peer 8083)" --peers-activities-url "$(peer 8084)" \
  --peers-assessment-url "$(peer 8085)" --training-sign-in-url "http://$HOST:8090/sso"


mint() { "$BIN/identity" mint-token --data-dir "$DATA_DIR/identity" --lifetime 86400 "$@"; }
mint --subject office-demo --role provinceOffice > "$DATA_DIR/office.token"
mint --subject t-330000000 --role teacher > "$DATA_DIR/teacher.token"

if [ ! -f "$DATA_DIR/.seeded" ]; then
  echo "loading demonstration data…"
  "$BIN/mingshi" generate-roster --rows 5000 --seed 2019 > "$DATA_DIR/training/roster.csv"
  printf 'teacher accounts: '
  "$BIN/mingshi" import-accounts "$DATA_DIR/training/roster.csv" --token "$(cat "$DATA_DIR/office.token")"
  "$BIN/mingshi" seed --office-token "$(cat "$DATA_DIR/office.token")" --leader-token "$(cat "$DATA_DIR/teacher.token")" \
    --training-dir "$DATA_DIR/training"
  touch "$DATA_DIR/.seeded"
fi

cat <<MSG

ready. The web console: http://$HOST:${CONSOLE_PORT:-8080}/ (sign in as 'office', password in $DATA_DIR/office.password;
teachers through the demo training system's page, e.g. training id 330000000, the first studio's leader). Tokens (valid 24 h): $DATA_DIR/office.token (province office), $DATA_DIR/teacher.token (teacher).
The province-office admin signs in as 'office' with the password in $DATA_DIR/office.password.
Try:
  $BIN/mingshi assess ranking 2019 --token "\$(cat $DATA_DIR/office.token)"                 # provincial ranking
  $BIN/mingshi assess ranking 2019 --level county --token "\$(cat $DATA_DIR/office.token)"  # county ranking, promotions
  $BIN/mingshi call identity.signInWithTrainingToken \\
       "{\"token\":\"\$($BIN/mingshi demo-training-token --dir $DATA_DIR/training --training-id 330000001)\"}"
  $BIN/mingshi call membership.attachment1 --token "\$(cat $DATA_DIR/office.token)"
  curl --http2-prior-knowledge -H 'content-type: application/json' \\
       -d '{"jsonrpc":"2.0","method":"health.check","id":1}' http://$HOST:8082/rpc
  $BIN/mingshi discover membership
Logs: $DATA_DIR/<service>.log. Ctrl-C stops everything.
MSG
wait "${pids[@]}"
