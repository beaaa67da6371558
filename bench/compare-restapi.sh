#!/usr/bin/env bash
# genesysevents against the generic REST provider (Mastercard/terraform-provider-restapi),
# side by side in one run, both pointed at the same emulator, both driven by the same OpenTofu.
# Prints a markdown table (paste into bench/results.md):
#   1. cold start to handshake line, and the schema RPC (median of 20);
#   2. refresh-plan of N webhooks (default 1000): wall time, the plugin's CPU time and peak RSS;
#   3. apply of M webhooks (default 500) with the emulator at 300 requests/minute and
#      -parallelism=10: wall time against the floor the rate limit allows, 429s and failures.
#
#   bench/compare-restapi.sh [plan_count=1000] [apply_count=500]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
plan_count=${1:-1000}
apply_count=${2:-500}
source "$here/tools/versions.env"

"$here/scripts/install-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target terraform-provider-genesysevents genesys-emulator ge_plugin_bench >/dev/null
tofu=$("$here/scripts/build-clis.sh" tofu)
peer=$("$here/bench/build-peer.sh")
ours="$build/plugin/terraform-provider-genesysevents"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

# Each provider is installed behind a wrapper that records its CPU time and peak RSS per
# process (GNU time), in a private filesystem mirror.
install_wrapped() {  # name binary version
  local name=$1 binary=$2 version=$3
  local dir="$work/mirror/registry.opentofu.org/bench/$name/$version/linux_amd64"
  mkdir -p "$dir"
  cat >"$dir/terraform-provider-${name}_v$version" <<WRAP
#!/bin/sh
exec /usr/bin/time -a -o "\$BENCH_STATS" -f "%U %S %M" "$binary" "\$@"
WRAP
  chmod +x "$dir/terraform-provider-${name}_v$version"
}
install_wrapped genesysevents "$ours" 0.1.0
install_wrapped restapi "$peer" 1.20.0
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.opentofu.org/bench/*"]
  }
}
CFG
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1

start_emulator() {  # rate limit per minute
  "$build/emulator/genesys-emulator" --port 0 >"$work/emu.out" 2>/dev/null &
  for _ in $(seq 1 100); do grep -q listening "$work/emu.out" 2>/dev/null && break; sleep 0.05; done
  url=$(sed -n 's/^genesys-emulator listening on //p' "$work/emu.out")
  curl -sf -X PATCH "$url/emulator/config" -H 'content-type: application/json' \
    -d "{\"rateLimitPerMinute\": $1}" >/dev/null
  token=$(curl -sf -u demo-client:demo-secret -d grant_type=client_credentials "$url/oauth/token" | jq -r .access_token)
}
stop_emulator() { kill "$(jobs -p | tail -1)" 2>/dev/null || true; wait 2>/dev/null || true; }

write_config() {  # dir provider count rpm
  local dir=$1 provider=$2 count=$3 rpm=$4
  mkdir -p "$dir"
  if [ "$provider" = genesysevents ]; then
    cat >"$dir/main.tf" <<HCL
terraform {
  required_providers { genesysevents = { source = "bench/genesysevents" } }
}
provider "genesysevents" {
  api_url             = "$url"
  oauthclient_id      = "demo-client"
  oauthclient_secret  = "demo-secret"
  requests_per_minute = $rpm
}
resource "genesysevents_webhook" "w" {
  count           = $count
  name            = "bench-\${count.index}"
  destination_url = "https://hooks.example.com/\${count.index}"
}
HCL
  else
    # restapi has no OAuth: it gets a ready token; its rate_limit is in requests per second.
    cat >"$dir/main.tf" <<HCL
terraform {
  required_providers { restapi = { source = "bench/restapi" } }
}
provider "restapi" {
  uri                  = "$url"
  write_returns_object = true
  rate_limit           = $(awk "BEGIN { print $rpm / 60 }")
  headers              = { Authorization = "Bearer $token" }
}
resource "restapi_object" "w" {
  count = $count
  path  = "/api/v2/events/webhooks"
  data  = jsonencode({ name = "bench-\${count.index}", destinationUrl = "https://hooks.example.com/\${count.index}" })
}
HCL
  fi
}

stats() {  # stats file -> "cpu_seconds peak_rss_mib"
  awk '{cpu += $1 + $2; if ($3 > rss) rss = $3} END { printf "%.2f %.0f", cpu, rss / 1024 }' "$1"
}

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%d)"
echo "CLI: OpenTofu $OPENTOFU_VERSION; peer: terraform-provider-restapi $RESTAPI_PROVIDER_VERSION; genesysevents $(sed -n 's/^project(genesysevents VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")"
echo
echo "### 1. Start-up (median of 20, AutoMTLS)"
echo
echo "| provider | start → handshake (ms) | schema RPC (ms) | Shutdown → exit (ms) |"
echo "|---|---|---|---|"
"$build/bench/ge_plugin_bench" "$ours" 20 genesysevents
"$build/bench/ge_plugin_bench" "$peer" 20 restapi

echo
echo "### 2. Refresh plan of $plan_count webhooks (emulator unthrottled)"
echo
echo "| provider | wall (s) | plugin CPU (s) | plugin peak RSS (MiB) |"
echo "|---|---|---|---|"
for p in genesysevents restapi; do
  start_emulator 1000000
  dir="$work/plan-$p"
  write_config "$dir" "$p" "$plan_count" 100000
  export BENCH_STATS="$dir/setup.stats"
  (cd "$dir" && "$tofu" init -no-color >/dev/null && "$tofu" apply -auto-approve -parallelism=10 -no-color >/dev/null)
  export BENCH_STATS="$dir/plan.stats"
  t0=$(date +%s.%N)
  (cd "$dir" && "$tofu" plan -refresh=true -parallelism=10 -no-color >/dev/null)
  t1=$(date +%s.%N)
  read -r cpu rss <<<"$(stats "$BENCH_STATS")"
  printf '| %s | %.1f | %s | %s |\n' "$p" "$(echo "$t1 - $t0" | bc)" "$cpu" "$rss"
  stop_emulator
done

echo
echo "### 3. Apply of $apply_count webhooks, emulator at 300 requests/minute, -parallelism=10"
echo
echo "| provider | wall (s) | API requests | floor at 300/min (s) | wall / floor | 429s | failed |"
echo "|---|---|---|---|---|---|---|"
for p in genesysevents restapi; do
  start_emulator 300
  dir="$work/apply-$p"
  write_config "$dir" "$p" "$apply_count" 300
  export BENCH_STATS="$dir/apply.stats"
  (cd "$dir" && "$tofu" init -no-color >/dev/null)
  seq0=$(curl -sf "$url/emulator/requests" | jq '[.[]?.seq // empty] | max // 0')
  t0=$(date +%s.%N)
  set +e
  (cd "$dir" && "$tofu" apply -auto-approve -parallelism=10 -no-color >"$dir/apply.log" 2>&1)
  set -e
  t1=$(date +%s.%N)
  log=$(curl -sf "$url/emulator/requests?since=$seq0")
  requests=$(jq '[.[] | select(.path | startswith("/api/v2"))] | length' <<<"$log")
  ok=$(jq '[.[] | select(.path | startswith("/api/v2")) | select(.status != 429)] | length' <<<"$log")
  throttled=$(jq '[.[] | select(.status == 429)] | length' <<<"$log")
  created=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v2/events/webhooks?pageSize=1" | jq .total)
  floor=$(echo "$ok * 60 / 300" | bc -l)
  wall=$(echo "$t1 - $t0" | bc)
  printf '| %s | %.1f | %s | %.1f | %.2f | %s | %s |\n' "$p" "$wall" "$requests" "$floor" \
    "$(echo "$wall / $floor" | bc -l)" "$throttled" "$((apply_count - created))"
  stop_emulator
done
