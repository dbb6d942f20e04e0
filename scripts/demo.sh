#!/usr/bin/env bash
# Installs what is missing, builds palermod and palermo, starts palermod on an
# embedded store (a fresh directory under build/), imports the demo case in
# examples/, prints what was stored, the findings, the network and a link
# chart. Stops palermod when done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
BUILD_DIR="$root/build" TARGETS="palermod palermo" "$root/scripts/build.sh"

palermod="$root/build/services/palermod"
palermo="$root/build/cli/palermo"
data="$root/build/demo-data"
log="$root/build/demo-palermod.log"
rm -rf "$data"

"$palermod" --data "$data" --listen 127.0.0.1:0 --agency coast-guard >"$log" 2>&1 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
address=""
for _ in $(seq 1 100); do
  address=$(grep -o 'listening on [0-9.]*:[0-9]* (' "$log" | awk '{print $3}' || true)
  [ -n "$address" ] && break
  if ! kill -0 $pid 2>/dev/null; then cat "$log"; exit 1; fi
  sleep 0.1
done
[ -n "$address" ] || { echo "palermod did not start:"; cat "$log"; exit 1; }
echo "== palermod on $address, data in $data"

echo "== import examples/demo-case.jsonl"
"$palermo" --server "$address" import --agency coast-guard "$root/examples/demo-case.jsonl"

echo
echo "== what was stored: the migrant as the coast guard recorded him"
"$palermo" --server "$address" get coast-guard/p1
echo
echo "== his network, up to four steps out (persons and organizations)"
"$palermo" --server "$address" neighbors coast-guard/p1 --depth 4 --kind person --kind organization
echo
echo "== how the coast guard's smuggler reaches the farm where the inspectors found him"
"$palermo" --server "$address" path coast-guard/s1 labour-inspectorate/farm
echo
echo "== every record, in the case format"
"$palermo" --server "$address" export
echo
echo "== the findings: the law applied to the case"
"$palermo" --server "$address" assess
echo
echo "== why: the proof of one finding, down to the records (and what had to be absent)"
"$palermo" --server "$address" explain smuggling_of_migrants:coast-guard/p1
echo
echo "== linkage: the decision that joins the two agencies' records of one man, and any pair still to decide"
"$palermo" --server "$address" linkage decisions
"$palermo" --server "$address" linkage candidates
echo
echo "== the network: who sits between others, and the two agencies' records of one man in date order"
"$palermo" --server "$address" brokers --top 5
"$palermo" --server "$address" timeline coast-guard/p1
echo
echo "== a time-respecting path from the smuggler who took the fee to the one who held the debt"
"$palermo" --server "$address" link coast-guard/s1 coast-guard/s2 --sequential
"$palermo" --server "$address" chart coast-guard/p1 --depth 3 -o "$root/build/demo-chart.svg"
echo "(a link chart of his network is in build/demo-chart.svg; palermod --http 127.0.0.1:8080 serves it as a web page)"
