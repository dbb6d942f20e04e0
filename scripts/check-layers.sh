#!/usr/bin/env bash
# Checks that each layer includes only the layers below it (docs/ARCHITECTURE.md).
# Run by ctest (layers_test); prints every include that breaks the rule.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# layer -> the project folders its files may include ("palermo/" and
# "google/" are generated messages, "grpc/" generated reflection code).
declare -A allowed=(
  [common]="common"
  [model]="common model palermo"
  [format]="common model format palermo"
  [access]="common format access"
  [store]="common model store palermo"
  [graph]="common model store graph palermo"
  [reasoner]="common model reasoner palermo"
  [findings]="common model store graph reasoner findings palermo"
  [linkage]="common model format store linkage palermo"
  [services]="common model format access store graph reasoner findings linkage services palermo google grpc"
  [cli]="common model format access linkage cli palermo google"
)

failures=0
for layer in "${!allowed[@]}"; do
  [ -d "$root/$layer" ] || continue
  while IFS= read -r line; do
    file="${line%%:*}"
    folder="$(sed -E 's/.*#include "([^/"]+)\/.*/\1/' <<<"$line")"
    if ! grep -qw -- "$folder" <<<"${allowed[$layer]}"; then
      echo "${file#"$root/"}: $layer/ may not include $folder/ (${line#*:})"
      failures=$((failures + 1))
    fi
  done < <(grep -HE '^#include "[^/"]+/' "$root/$layer"/*.h "$root/$layer"/*.cc 2>/dev/null || true)
done
if [ "$failures" -gt 0 ]; then
  echo "check-layers: $failures includes break the layering (docs/ARCHITECTURE.md)"
  exit 1
fi
echo "check-layers: every layer includes only the layers below it"
