#!/usr/bin/env bash
# Installs the Debian 12 packages Palermo builds with (only those missing),
# using sudo when not root. Sourced or run by demo.sh and test.sh.
set -euo pipefail

PALERMO_PACKAGES=(
  build-essential cmake ccache pkg-config
  protobuf-compiler libprotobuf-dev
  libgrpc++-dev protobuf-compiler-grpc grpc-proto libabsl-dev
  python3 python3-grpcio python3-protobuf python3-networkx
  librocksdb-dev rocksdb-tools
  libsimdjson-dev
  libboost-graph-dev libigraph-dev libgraphviz-dev libcpp-httplib-dev
  libicu-dev libphonenumber-dev
  libsodium-dev libssl-dev
  libzip-dev libpugixml-dev libcsv-dev
  libgtest-dev libbenchmark-dev gringo
  clang libfuzzer-14-dev libclang-rt-14-dev
  chromium
)

# Node.js and npm for the FollowTheMoney check (tests/ftm): Debian's,
# unless a node is already there (a machine may carry its own build).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  PALERMO_PACKAGES+=(nodejs npm)
fi

missing=()
for package in "${PALERMO_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "palermo setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
