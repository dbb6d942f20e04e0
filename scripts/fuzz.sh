#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan, ccache)
# into FUZZ_BUILD_DIR (default build-fuzz/) and runs each for FUZZ_SECONDS
# (default 60) over a copy of its seed corpus (tests/fuzz/corpus/TARGET).
# Fails on the first crash, sanitizer report, leak or timeout; the input
# that caused it is kept in FUZZ_BUILD_DIR/artifacts/. FUZZ_TARGETS limits
# the targets run. Needs clang, libfuzzer-14-dev and libclang-rt-14-dev.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-60}"
targets=(${FUZZ_TARGETS:-rule_parser_fuzz case_line_fuzz date_fuzz access_fuzz htcds_fuzz})

sanitize="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPALERMO_FUZZ=ON -DPALERMO_BUILD_TESTS=OFF -DPALERMO_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$sanitize" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)" --target "${targets[@]}"

mkdir -p "$build_dir/artifacts"
for target in "${targets[@]}"; do
  name="${target%_fuzz}"
  seeds="$root/tests/fuzz/corpus/$name"
  corpus="$build_dir/corpus/$name"  # grows run after run; the seeds stay as they are
  mkdir -p "$corpus"
  options=(-max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
           -artifact_prefix="$build_dir/artifacts/$name-")
  if [ -f "$root/tests/fuzz/$name.dict" ]; then options+=(-dict="$root/tests/fuzz/$name.dict"); fi
  if [ "$name" = rule_parser ]; then options+=(-max_len=16384); fi
  echo "== fuzz $target for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$build_dir/tests/fuzz/$target" "${options[@]}" "$corpus" "$seeds" >"$build_dir/$name.log" 2>&1; then
    tail -n 60 "$build_dir/$name.log"
    echo "fuzz.sh: $target failed; the input is in $build_dir/artifacts/ (log: $build_dir/$name.log)" >&2
    exit 1
  fi
  grep -E "^stat::number_of_executed_units|^Done" "$build_dir/$name.log" | tr '\n' ' '
  echo
done
