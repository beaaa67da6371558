#!/usr/bin/env bash
# Makes a local build visible to both CLIs with no CLI configuration: copies the provider into
# the implied local mirror (~/.terraform.d/plugins) under both registry host names, so that
# `source = "genesys-events/genesysevents"` resolves under Terraform (registry.terraform.io)
# and OpenTofu (registry.opentofu.org). See docs/install.md.
#
#   scripts/install-provider.sh [provider binary] [mirror dir]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
binary=${1:-${GENESYSEVENTS_BUILD_DIR:-$here/build}/plugin/terraform-provider-genesysevents}
mirror=${2:-$HOME/.terraform.d/plugins}
version=$(sed -n 's/^project(genesysevents VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
for host in registry.terraform.io registry.opentofu.org; do
  dir="$mirror/$host/genesys-events/genesysevents/$version/linux_amd64"
  mkdir -p "$dir"
  install -m 0755 "$binary" "$dir/terraform-provider-genesysevents_v$version"
done
echo "installed genesys-events/genesysevents $version into $mirror" >&2
