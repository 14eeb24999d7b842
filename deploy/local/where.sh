#!/usr/bin/env bash
# Where a method lives: its declaration (the wire contract), its handler, the records it reads and writes, and the
# tests that call it. Usage: deploy/local/where.sh membership.createStudio
set -euo pipefail
cd "$(dirname "$0")/../.."
method="${1:?usage: $0 service.method, e.g. membership.createStudio}"
service="${method%%.*}"
name="${method#*.}"
Service="$(tr '[:lower:]' '[:upper:]' <<<"${service:0:1}")${service:1}"
if [ ! -d "Protocols/${Service}API" ]; then
  echo "no service named $service (identity, membership, resources, activities, assessment)" >&2
  exit 2
fi

echo "declaration:"
grep -rn "static let $name = RPCMethod" "Protocols/${Service}API" | sed 's/^/  /' || echo "  none: $method is not declared"

echo "handler:"
registrations=$(grep -rln "$Service\.$name\b" "Services/$Service" || true)
for file in $registrations; do
  grep -n "$Service\.$name\b" "$file" | sed "s|^|  $file:|"
  grep -n "func $name(" "$file" | sed "s|^|  $file:|" || true
done
[ -n "$registrations" ] || echo "  none found under Services/$Service"

echo "records (the store types the handler's file uses; each in Services/$Service/${Service}Service/*Record*.swift):"
for file in $registrations; do
  grep -ohE "\b[A-Z][A-Za-z]*Record\b" "$file" | sort -u | while read -r record; do
    where=$(grep -rln "struct $record\b\|enum $record\b" "Services/$Service" | head -1)
    [ -n "$where" ] && echo "  $record  $where"
  done
done | sort -u

echo "tests:"
grep -rln "$Service\.$name\b" Tests | sort | sed 's/^/  /' || echo "  none call $method by name"
