#!/usr/bin/env bash
# Smoke test of the provider against a real Genesys Cloud organization: in a scratch directory it
# applies the example module examples/modules/genesys-eventbridge (one amazon-eventbridge-source
# integration), requires the next plan to be clean, and destroys it, also when a step fails.
# It changes nothing else in the organization. See docs/real-org.md.
#
#   GENESYSCLOUD_OAUTHCLIENT_ID=... GENESYSCLOUD_OAUTHCLIENT_SECRET=... GENESYSCLOUD_REGION=eu-west-1 \
#   SMOKE_AWS_ACCOUNT_ID=123456789012 SMOKE_AWS_REGION=eu-west-1 scripts/real-org-smoke.sh [tofu|terraform|terraform-latest]
#
#   scripts/real-org-smoke.sh --emulator [cli]   # the same against a local emulator (CI runs this)
#
# The client needs the `integrations` scope (and a role that may manage integrations). Genesys
# Cloud creates the partner event source in SMOKE_AWS_ACCOUNT_ID; deleting the integration
# removes it again. GENESYSEVENTS_PROVIDER_BINARY=path skips the build (CTest passes its own).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
on_emulator=""
if [ "${1:-}" = "--emulator" ]; then on_emulator=1; shift; fi
cli_name=${1:-tofu}
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")

provider=${GENESYSEVENTS_PROVIDER_BINARY:-}
if [ -z "$provider" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" --target terraform-provider-genesysevents genesys-emulator
  provider="$build/plugin/terraform-provider-genesysevents"
fi
cli=$("$here/scripts/build-clis.sh" "$cli_name")
work=$(mktemp -d)
"$here/scripts/install-provider.sh" "$provider" "$work/mirror" >/dev/null

emulator_pid=""
if [ -n "$on_emulator" ]; then
  emulator=${GENESYSEVENTS_EMULATOR_BINARY:-$(dirname "$provider")/../emulator/genesys-emulator}
  "$emulator" --port 0 >"$work/emulator.log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening on" "$work/emulator.log" && break
    sleep 0.05
  done
  export GENESYSCLOUD_API_URL=$(sed -n 's/^genesys-emulator listening on //p' "$work/emulator.log" | head -1)
  [ -n "$GENESYSCLOUD_API_URL" ] || { echo "the emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
  export GENESYSCLOUD_OAUTHCLIENT_ID=demo-client GENESYSCLOUD_OAUTHCLIENT_SECRET=demo-secret
  : "${SMOKE_AWS_ACCOUNT_ID:=123456789012}" "${SMOKE_AWS_REGION:=us-east-1}"
fi
missing=""
for var in GENESYSCLOUD_OAUTHCLIENT_ID GENESYSCLOUD_OAUTHCLIENT_SECRET SMOKE_AWS_ACCOUNT_ID SMOKE_AWS_REGION; do
  [ -n "${!var:-}" ] || missing="$missing $var"
done
if [ -z "${GENESYSCLOUD_REGION:-}" ] && [ -z "${GENESYSCLOUD_API_URL:-}" ]; then missing="$missing GENESYSCLOUD_REGION"; fi
if [ -n "$missing" ]; then
  echo "real-org-smoke: set$missing (or run with --emulator)" >&2
  exit 2
fi

cat >"$work/.cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/genesys-events/*", "registry.opentofu.org/genesys-events/*"]
  }
}
CFG
# A suffix of its own, so the smoke test never meets an integration someone else made.
suffix="genesysevents-smoke-$(date +%s)-$RANDOM"
cat >"$work/main.tf" <<TF
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}

provider "genesysevents" {}

module "smoke" {
  source              = "$here/examples/modules/genesys-eventbridge"
  name                = "$suffix"
  aws_account_id      = "$SMOKE_AWS_ACCOUNT_ID"
  aws_region          = "$SMOKE_AWS_REGION"
  topic_filters       = ["v2.detail.events.conversation.{id}.customer.end"]
}

output "smoke" {
  value = module.smoke
}
TF
export TF_CLI_CONFIG_FILE=$work/.cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
cd "$work"
destroy() {
  status=$?
  if [ -f terraform.tfstate ]; then
    echo "== destroy"
    "$cli" destroy -auto-approve -no-color || status=1
  fi
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null
  if [ "$status" -eq 0 ]; then rm -rf "$work"; echo "real-org-smoke: passed"; else echo "real-org-smoke: FAILED (kept $work)" >&2; fi
  exit "$status"
}
trap destroy EXIT
echo "== init ($cli_name)"
"$cli" init -no-color >/dev/null
echo "== apply"
"$cli" apply -auto-approve -no-color
echo "== plan (must be clean)"
"$cli" plan -detailed-exitcode -no-color >/dev/null
state=$("$cli" output -json smoke | python3 -c 'import json,sys; print(json.load(sys.stdin)["reported_state"])')
[ "$state" = "ACTIVE" ] || { echo "the integration reports $state, not ACTIVE" >&2; exit 1; }
