#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice:
# once as built for use, once under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
# FollowTheMoney's data model (npm @alephdata/followthemoney, pinned in
# tests/ftm/package-lock.json) for the FtM export's test.
npm ci --prefix "$root/tests/ftm" --no-audit --no-fund --loglevel=error

echo "== build and test (RelWithDebInfo)"
BUILD_DIR="$root/build" "$root/scripts/build.sh"
ctest --test-dir "$root/build" --output-on-failure --parallel "$(nproc)" --timeout 300

echo "== fuzz the parsers of outside text (libFuzzer; FUZZ_SECONDS per target, default 60)"
"$root/scripts/fuzz.sh"

echo "== build and test under AddressSanitizer + UndefinedBehaviorSanitizer"
BUILD_DIR="$root/build-asan" BUILD_TYPE=Debug "$root/scripts/build.sh" -DPALERMO_SANITIZE=ON -DPALERMO_BUILD_BENCH=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions="$root/tests/lsan.supp" \
  ctest --test-dir "$root/build-asan" --output-on-failure --parallel "$(nproc)" --timeout 600
