#!/usr/bin/env bash
# The main job, from nothing: installs dependencies, builds the provider and the emulator,
# builds the chosen CLI (OpenTofu by default, cached), installs the provider into a mirror in
# the build directory, starts the emulator and applies examples/quickstart against it, then shows that a second plan is clean.
#
#   scripts/quickstart.sh            # OpenTofu
#   scripts/quickstart.sh terraform  # Terraform 1.5.7
#   KEEP_EMULATOR=1 scripts/quickstart.sh   # leave the emulator running afterwards
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cli_name=${1:-tofu}
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")

"$here/scripts/install-deps.sh"
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)" --target terraform-provider-genesysevents genesys-emulator
cli=$("$here/scripts/build-clis.sh" "$cli_name")
mirror="$build/provider-mirror"
"$here/scripts/install-provider.sh" "$build/plugin/terraform-provider-genesysevents" "$mirror"

log=$(mktemp)
"$build/emulator/genesys-emulator" --port 0 >"$log" 2>"$log.err" &
emulator_pid=$!
cleanup() {
  if [ -z "${KEEP_EMULATOR:-}" ]; then kill "$emulator_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$log" && break
  sleep 0.05
done
url=$(sed -n 's/^genesys-emulator listening on //p' "$log" | head -1)
[ -n "$url" ] || { echo "the emulator did not start:" >&2; cat "$log.err" >&2; exit 1; }
echo "emulator: $url (pid $emulator_pid)"

work=$(mktemp -d)
cp "$here/examples/quickstart/"*.tf "$work/"
cd "$work"
# A private CLI configuration: the provider comes from the local mirror, the user's home is untouched.
cat >"$work/.cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/genesys-events/*", "registry.opentofu.org/genesys-events/*"]
  }
}
CFG
export TF_CLI_CONFIG_FILE=$work/.cli.tfrc
export TF_VAR_api_url=$url TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export GENESYSCLOUD_OAUTHCLIENT_ID=demo-client GENESYSCLOUD_OAUTHCLIENT_SECRET=demo-secret
"$cli" init -no-color >/dev/null
"$cli" apply -auto-approve -no-color
echo
echo "Second plan (exit code 0 = no changes):"
if ! "$cli" plan -detailed-exitcode -no-color >/dev/null; then
  echo "the second plan is not clean" >&2
  exit 1
fi
echo "no changes"
echo
echo "Working directory: $work"
if [ -n "${KEEP_EMULATOR:-}" ]; then echo "Emulator still running at $url (pid $emulator_pid)"; fi
