#!/usr/bin/env bash
# genesysevents against the generic REST provider (Mastercard/terraform-provider-restapi),
# side by side in one run, both pointed at the same emulator, both driven by the same OpenTofu.
# Prints a markdown table (paste into bench/results.md):
#   1. cold start to handshake line, and the schema RPC (median of 20);
#   2. refresh-plan of N webhooks (default 1000): wall time, the plugin's CPU time and peak RSS;
#   3. apply of M webhooks (default 500) with the emulator at 300 requests/minute and
#      -parallelism=10: wall time against the floor the rate limit allows, 429s and failures;
#   4. refresh plan of N webhooks with the emulator at 300 requests/minute: API requests and wall
#      time (batched reads, docs/design/batched-reads.md);
#   5. refresh plan of 3 webhooks in an organization holding N: API requests.
#
#   bench/compare-restapi.sh [plan_count=1000] [apply_count=500]
#   BENCH_SECTIONS="4 5" bench/compare-restapi.sh   # only some sections
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
plan_count=${1:-1000}
apply_count=${2:-500}
sections=" ${BENCH_SECTIONS:-1 2 3 4 5} "
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
if [[ $sections == *" 1 "* ]]; then
echo "### 1. Start-up (median of 20, AutoMTLS)"
echo
echo "| provider | start → handshake (ms) | schema RPC (ms) | Shutdown → exit (ms) |"
echo "|---|---|---|---|"
"$build/bench/ge_plugin_bench" "$ours" 20 genesysevents
"$build/bench/ge_plugin_bench" "$peer" 20 restapi
fi

if [[ $sections == *" 2 "* ]]; then
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
fi

api_requests_since() {  # seq -> the emulator's /api/v2 requests after it (JSON array)
  curl -sf "$url/emulator/requests?since=$1" | jq '[.[] | select(.path | startswith("/api/v2"))]'
}
last_seq() { curl -sf "$url/emulator/requests" | jq '[.[]?.seq // empty] | max // 0'; }

if [[ $sections == *" 3 "* ]]; then
echo
echo "### 3. Apply of $apply_count webhooks, emulator at 300 requests/minute, -parallelism=10"
echo
echo "Two floors: at a steady 300 requests a minute (5 a second), and under the emulator's limiter,"
echo "a fixed one-minute window that lets 300 requests through at its start (the last window opens"
echo "at 60 s × ⌊(requests − 1) / 300⌋)."
echo
echo "| provider | wall (s) | API requests | steady floor (s) | window floor (s) | wall / steady floor | 429s | failed |"
echo "|---|---|---|---|---|---|---|---|"
for p in genesysevents restapi; do
  start_emulator 300
  dir="$work/apply-$p"
  write_config "$dir" "$p" "$apply_count" 300
  export BENCH_STATS="$dir/apply.stats"
  (cd "$dir" && "$tofu" init -no-color >/dev/null)
  seq0=$(last_seq)
  t0=$(date +%s.%N)
  set +e
  (cd "$dir" && "$tofu" apply -auto-approve -parallelism=10 -no-color >"$dir/apply.log" 2>&1)
  set -e
  t1=$(date +%s.%N)
  log=$(api_requests_since "$seq0")
  requests=$(jq 'length' <<<"$log")
  ok=$(jq '[.[] | select(.status != 429)] | length' <<<"$log")
  throttled=$(jq '[.[] | select(.status == 429)] | length' <<<"$log")
  created=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v2/events/webhooks?pageSize=1" | jq .total)
  floor=$(echo "$ok * 60 / 300" | bc -l)
  window_floor=$(( (ok - 1) / 300 * 60 ))
  wall=$(echo "$t1 - $t0" | bc)
  printf '| %s | %.1f | %s | %.1f | %s | %.2f | %s | %s |\n' "$p" "$wall" "$requests" "$floor" "$window_floor" \
    "$(echo "$wall / $floor" | bc -l)" "$throttled" "$((apply_count - created))"
  stop_emulator
done
fi

if [[ $sections == *" 4 "* ]]; then
echo
echo "### 4. Refresh plan of $plan_count webhooks, emulator at 300 requests/minute, -parallelism=10"
echo
echo "| provider | wall (s) | API requests | of them list pages | 429s | plan exit code |"
echo "|---|---|---|---|---|---|"
for p in genesysevents restapi; do
  start_emulator 1000000
  dir="$work/refresh-$p"
  write_config "$dir" "$p" "$plan_count" 300
  export BENCH_STATS="$dir/setup.stats"
  # Made unthrottled (the provider's own pacing is raised for the setup only), then refreshed at 300/min.
  (cd "$dir" && "$tofu" init -no-color >/dev/null &&
     sed -i 's/requests_per_minute = 300/requests_per_minute = 100000/' main.tf &&
     "$tofu" apply -auto-approve -parallelism=10 -no-color >/dev/null &&
     sed -i 's/requests_per_minute = 100000/requests_per_minute = 300/' main.tf)
  curl -sf -X PATCH "$url/emulator/config" -H 'content-type: application/json' -d '{"rateLimitPerMinute": 300}' >/dev/null
  sleep 61  # a fresh rate-limit window, as a plan run some time after the apply would meet
  seq0=$(last_seq)
  t0=$(date +%s.%N)
  set +e  # restapi does not retry a 429: its plan may fail, which is a result, not a bench failure
  (cd "$dir" && "$tofu" plan -refresh-only -parallelism=10 -no-color >"$dir/plan.log" 2>&1)
  plan_exit=$?
  set -e
  t1=$(date +%s.%N)
  log=$(api_requests_since "$seq0")
  printf '| %s | %.1f | %s | %s | %s | %s |\n' "$p" "$(echo "$t1 - $t0" | bc)" "$(jq length <<<"$log")" \
    "$(jq '[.[] | select(.path == "/api/v2/events/webhooks")] | length' <<<"$log")" \
    "$(jq '[.[] | select(.status == 429)] | length' <<<"$log")" "$plan_exit"
  stop_emulator
done
fi

if [[ $sections == *" 5 "* ]]; then
echo
echo "### 5. Refresh plan of 3 webhooks in an organization of $plan_count"
echo
echo "| provider | API requests |"
echo "|---|---|"
for p in genesysevents restapi; do
  start_emulator 1000000
  for i in $(seq 1 "$plan_count"); do
    curl -sf -H "Authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"name\": \"org-$i\", \"destinationUrl\": \"https://hooks.example.com/org\"}" \
      "$url/api/v2/events/webhooks" >/dev/null
  done
  dir="$work/three-$p"
  write_config "$dir" "$p" 3 100000
  (cd "$dir" && "$tofu" init -no-color >/dev/null && "$tofu" apply -auto-approve -no-color >/dev/null)
  seq0=$(last_seq)
  (cd "$dir" && "$tofu" plan -refresh-only -no-color >/dev/null)
  printf '| %s | %s |\n' "$p" "$(api_requests_since "$seq0" | jq length)"
  stop_emulator
done
fi
