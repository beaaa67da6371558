#!/usr/bin/env bash
# The install test (CTest label `install`): `cmake --install BUILD_DIR --prefix <temp>` puts the
# provider in the unpacked filesystem-mirror layout under both registry hosts, `tofu init` and
# `terraform init` install it from <prefix>/share/terraform/plugins, and the dev_overrides
# configuration of docs/install.md lets both CLIs plan with it without init.
#
#   scripts/check-install.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath "${1:?usage: $0 BUILD_DIR}")
name=terraform-provider-genesysevents
version=$(sed -n 's/^project(genesysevents VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" --component provider >"$work/install.log" \
  || { cat "$work/install.log" >&2; fail "cmake --install"; }
mirror=$work/prefix/share/terraform/plugins
for host in registry.terraform.io registry.opentofu.org; do
  f=$mirror/$host/genesys-events/genesysevents/$version/linux_amd64/${name}_v$version
  [ -x "$f" ] || fail "$f not installed: $(find "$work/prefix")"
  [ "$("$f" --version)" = "$name $version" ] || fail "$f --version: $("$f" --version)"
done
[ "$(find "$work/prefix" -type f | wc -l)" = 2 ] || fail "unexpected files: $(find "$work/prefix" -type f)"

cmake --install "$build" --prefix "$work/stripped" --component provider --strip >/dev/null
f=$work/stripped/share/terraform/plugins/registry.opentofu.org/genesys-events/genesysevents/$version/linux_amd64/${name}_v$version
if readelf -S "$f" | grep '\.symtab' >/dev/null; then fail "--strip left symbols in $f"; fi

cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/genesys-events/*", "registry.opentofu.org/genesys-events/*"]
  }
}
CFG
for cli_name in tofu terraform; do
  cli=$("$here/scripts/build-clis.sh" "$cli_name")
  dir=$work/config-$cli_name
  mkdir -p "$dir"
  printf 'terraform {\n  required_providers {\n    genesysevents = { source = "genesys-events/genesysevents" }\n  }\n}\n' >"$dir/main.tf"
  (
    cd "$dir"
    unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
    export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    "$cli" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$cli_name init"; }
    grep -q "version *= \"$version\"" .terraform.lock.hcl || fail "$cli_name lock file: $(cat .terraform.lock.hcl)"
    "$cli" providers schema -json | jq -e '.provider_schemas | length == 1' >/dev/null || fail "$cli_name providers schema"
  )
  echo "ok: $cli_name init installed $name $version from the cmake --install mirror" >&2

  # dev_overrides first, direct {} after it, both host names (docs/install.md); no init.
  dev=$work/dev-$cli_name
  mkdir -p "$dev"
  cat >"$dev/dev.tfrc" <<CFG
provider_installation {
  dev_overrides {
    "registry.terraform.io/genesys-events/genesysevents" = "$mirror/registry.opentofu.org/genesys-events/genesysevents/$version/linux_amd64"
    "registry.opentofu.org/genesys-events/genesysevents" = "$mirror/registry.opentofu.org/genesys-events/genesysevents/$version/linux_amd64"
  }
  direct {}
}
CFG
  cat >"$dev/main.tf" <<'TF'
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}
provider "genesysevents" {
  api_url      = "http://127.0.0.1:9"
  access_token = "unused"
}
TF
  (
    cd "$dev"
    unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
    export TF_CLI_CONFIG_FILE=$dev/dev.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    "$cli" plan -input=false -no-color >"$dev/plan.log" 2>&1 || { cat "$dev/plan.log" >&2; fail "$cli_name plan with dev_overrides"; }
    grep -q "genesys-events/genesysevents in $mirror" "$dev/plan.log" || fail "$cli_name did not report the override: $(cat "$dev/plan.log")"
  )
  echo "ok: $cli_name plan used the provider through dev_overrides" >&2
done
echo "install: all checks passed" >&2
