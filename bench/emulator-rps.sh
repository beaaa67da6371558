#!/usr/bin/env bash
# Requests per second of genesys-emulator on loopback, measured with wrk.
# Usage: bench/emulator-rps.sh [path/to/genesys-emulator] [seconds]
# Starts its own emulator on a free port, raises the rate limit, obtains a token,
# then runs wrk (16 connections) for GET of one webhook, GET of a page of webhooks,
# and POST of new webhooks; prints a markdown table.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-${EMULATOR_BIN:-$root/build-emu/emulator/genesys-emulator}}"
seconds="${2:-5}"
connections=16
threads=2

for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "bench: no emulator binary at $bin (build the genesys-emulator target)" >&2; exit 1; }

work="$(mktemp -d)"
emulator_pid=""
cleanup() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --port 0 >"$work/stdout" 2>"$work/stderr" &
emulator_pid=$!
for _ in $(seq 100); do
  [ -s "$work/stdout" ] && break
  sleep 0.05
done
url="$(head -n1 "$work/stdout" | awk '{print $4}')"
[ -n "$url" ] || { echo "bench: emulator did not start: $(cat "$work/stderr")" >&2; exit 1; }

curl -sf -X PATCH "$url/emulator/config" -H 'Content-Type: application/json' \
  -d '{"rateLimitPerMinute": 100000000}' >/dev/null
token="$(curl -sf -u demo-client:demo-secret -d grant_type=client_credentials "$url/oauth/token" | jq -r .access_token)"
webhook_id="$(curl -sf "$url/api/v2/events/webhooks" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"name":"bench-read","destinationUrl":"https://hooks.example/in"}' | jq -r .id)"

cat >"$work/post.lua" <<'LUA'
-- Each wrk thread numbers its own webhooks so every name is unique.
local counter = 0
local next_thread = 0
function setup(thread)
  thread:set("tid", next_thread)
  next_thread = next_thread + 1
end
function request()
  counter = counter + 1
  local body = string.format('{"name":"bench-%d-%d","destinationUrl":"https://hooks.example/in"}', tid, counter)
  return wrk.format("POST", "/api/v2/events/webhooks", nil, body)
end
LUA

run() {  # label, extra wrk args...
  local label="$1"; shift
  local out
  out="$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@" 2>&1)"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")"
  printf '| %s | %s | %s | %s | %s |\n' "$label" "${rps:-?}" "${p50:-?}" "${p99:-?}" "${errors:-0}"
}

echo "genesys-emulator on $url: wrk, $connections connections, $threads threads, ${seconds}s per row, loopback"
echo
echo "| request | requests/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
run "GET /api/v2/events/webhooks/{id}" "$url/api/v2/events/webhooks/$webhook_id"
run "GET /api/v2/eventbridge/topics (page)" "$url/api/v2/eventbridge/topics"
run "POST /api/v2/events/webhooks" -s "$work/post.lua" "$url"
