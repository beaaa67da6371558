#!/usr/bin/env bash
# Start-up cost per provider process (paid several times by every Terraform command):
# process start to handshake line, GetProviderSchema round trip, Shutdown to exit.
# Median of N runs (default 20), over AutoMTLS as the CLIs use it. Prints a markdown table.
#
#   bench/plugin-start.sh [runs]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
runs=${1:-20}
"$here/scripts/install-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target terraform-provider-genesysevents ge_plugin_bench >/dev/null
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
# Static gRPC (GENESYSEVENTS_STATIC_GRPC, docs/design/sanitizers-fuzzing.md) is most of the start-up.
echo "Provider: $(grep -q 'GENESYSEVENTS_STATIC_GRPC:BOOL=ON' "$build/CMakeCache.txt" && echo static || echo shared) gRPC," \
  "$(ldd "$build/plugin/terraform-provider-genesysevents" | wc -l) shared objects (ldd)"
echo
echo "| provider | start → handshake (ms) | GetProviderSchema (ms) | Shutdown → exit (ms) |"
echo "|---|---|---|---|"
"$build/bench/ge_plugin_bench" "$build/plugin/terraform-provider-genesysevents" "$runs" genesysevents
if [ -n "${GENESYSEVENTS_PEER_PROVIDER:-}" ]; then
  "$build/bench/ge_plugin_bench" "$GENESYSEVENTS_PEER_PROVIDER" "$runs" "$(basename "$GENESYSEVENTS_PEER_PROVIDER")"
fi
