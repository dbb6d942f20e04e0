#!/usr/bin/env bash
# Configures and builds into BUILD_DIR (default build/). Extra arguments go
# to cmake, e.g. -DPALERMO_SANITIZE=ON. TARGETS limits what is built.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${BUILD_DIR:-$root/build}"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
# shellcheck disable=SC2086
cmake --build "$build_dir" --parallel "$(nproc)" ${TARGETS:+--target $TARGETS}
