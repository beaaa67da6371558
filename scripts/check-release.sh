#!/usr/bin/env bash
# The release test (CTest label `release`): runs scripts/release.sh into a temp dir, checks the
# zip, the manifest and SHA256SUMS, the stripped binary and its --version, then serves the zip
# from a packed-layout filesystem mirror and proves that `tofu init` and `terraform init`
# install it, and that the installed provider answers `providers schema`.
#
#   GENESYSEVENTS_PROVIDER_BINARY=build/plugin/terraform-provider-genesysevents scripts/check-release.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
name=terraform-provider-genesysevents
version=$(sed -n 's/^project(genesysevents VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
platform=linux_amd64
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$here/scripts/release.sh" "$work/dist"
dist=$work/dist
zip=${name}_${version}_${platform}.zip
manifest=${name}_${version}_manifest.json
sums=${name}_${version}_SHA256SUMS
for f in "$zip" "$manifest" "$sums"; do [ -f "$dist/$f" ] || fail "$f missing"; done
[ "$(ls "$dist" | wc -l)" = 3 ] || fail "unexpected files in dist: $(ls "$dist")"

# The zip holds exactly one executable, named as the CLIs and registries expect.
entries=$(unzip -Z1 "$dist/$zip")
[ "$entries" = "${name}_v$version" ] || fail "zip entries: $entries"
unzip -Z "$dist/$zip" | grep '^-rwxr-xr-x' >/dev/null || fail "binary in the zip is not executable: $(unzip -Z "$dist/$zip")"

# The manifest and the checksums.
[ "$(jq -c . "$dist/$manifest")" = '{"version":1,"metadata":{"protocol_versions":["6.0"]}}' ] \
  || fail "manifest: $(cat "$dist/$manifest")"
[ "$(awk '{print $2}' "$dist/$sums" | sort | tr '\n' ' ')" = "$zip $manifest " ] \
  || fail "SHA256SUMS lists: $(cat "$dist/$sums")"
(cd "$dist" && sha256sum --quiet -c "$sums") || fail "SHA256SUMS does not verify"

# The packaged binary: stripped, and it reports the version from CMakeLists.txt.
mkdir -p "$work/unpacked"
unzip -q "$dist/$zip" -d "$work/unpacked"
bin=$work/unpacked/${name}_v$version
[ -x "$bin" ] || fail "unpacked binary is not executable"
if readelf -S "$bin" | grep '\.symtab' >/dev/null; then fail "binary is not stripped"; fi
for flag in --version -version; do
  [ "$("$bin" $flag)" = "$name $version" ] || fail "$flag prints '$("$bin" $flag)'"
done

# A second run produces byte-identical files (reproducible zip).
"$here/scripts/release.sh" "$work/dist2" 2>/dev/null
cmp -s "$dist/$sums" "$work/dist2/$sums" || fail "a second release differs: $(diff "$dist/$sums" "$work/dist2/$sums")"

# The CLIs accept the package from a packed-layout filesystem mirror.
for host in registry.terraform.io registry.opentofu.org; do
  mkdir -p "$work/mirror/$host/genesys-events/genesysevents"
  cp "$dist/$zip" "$work/mirror/$host/genesys-events/genesysevents/"
done
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/genesys-events/*", "registry.opentofu.org/genesys-events/*"]
  }
}
CFG
for cli_name in tofu terraform; do
  cli=$("$here/scripts/build-clis.sh" "$cli_name")
  dir=$work/config-$cli_name
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<TF
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents", version = "= $version" }
  }
}
TF
  (
    cd "$dir"
    unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
    export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
    "$cli" init -input=false -no-color >"$dir/init.log" 2>&1 || { cat "$dir/init.log" >&2; fail "$cli_name init"; }
    grep -q "version *= \"$version\"" .terraform.lock.hcl || fail "$cli_name lock file: $(cat .terraform.lock.hcl)"
    grep -q '"h1:' .terraform.lock.hcl || fail "$cli_name recorded no h1: hash"
    installed=$(find .terraform/providers -type f -name "${name}_v$version")
    [ -n "$installed" ] || fail "$cli_name did not unpack the provider: $(find .terraform)"
    cmp -s "$installed" "$bin" || fail "$cli_name installed a different binary"
    "$cli" providers schema -json >"$dir/schema.json" || fail "$cli_name providers schema"
    jq -e '.provider_schemas | to_entries[0].value.resource_schemas.genesysevents_webhook' "$dir/schema.json" >/dev/null \
      || fail "$cli_name schema has no genesysevents_webhook"
  )
  echo "ok: $cli_name init installed $name $version from the packed mirror" >&2
done
echo "release: all checks passed" >&2
