#!/usr/bin/env bash
# Builds the registry-style release of the provider (the files a provider registry and a packed
# filesystem mirror expect):
#   terraform-provider-genesysevents_<version>_<os>_<arch>.zip   stripped binary, named _v<version>
#   terraform-provider-genesysevents_<version>_manifest.json     protocol versions
#   terraform-provider-genesysevents_<version>_SHA256SUMS        sha256 of the zip and the manifest
#   terraform-provider-genesysevents_<version>_SHA256SUMS.sig    only with GENESYSEVENTS_GPG_KEY set
#
#   scripts/release.sh            # Release build in build-release/, files in dist/
#   scripts/release.sh OUT_DIR    # files in OUT_DIR
#
# GENESYSEVENTS_PROVIDER_BINARY=path packages that binary instead of building (CTest does).
# The zip is reproducible: entries carry SOURCE_DATE_EPOCH (default: the last commit's time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$here/dist}")
name=terraform-provider-genesysevents
version=$(sed -n 's/^project(genesysevents VERSION \([0-9.]*\).*/\1/p' "$here/CMakeLists.txt")
[ -n "$version" ] || { echo "no version in CMakeLists.txt" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) arch=$(uname -m) ;;
esac
platform=$(uname -s | tr '[:upper:]' '[:lower:]')_$arch

binary=${GENESYSEVENTS_PROVIDER_BINARY:-}
if [ -z "$binary" ]; then
  build=$(realpath -m "${GENESYSEVENTS_RELEASE_BUILD_DIR:-$here/build-release}")
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGENESYSEVENTS_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j "${GENESYSEVENTS_BUILD_JOBS:-$(nproc)}" --target "$name" >&2
  binary=$build/plugin/$name
fi
built_version=$("$binary" --version)
[ "$built_version" = "$name $version" ] \
  || { echo "$binary says '$built_version', CMakeLists.txt says $version" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$here" log -1 --format=%ct 2>/dev/null || echo 315532800)}
strip -o "$work/${name}_v$version" "$binary"
chmod 0755 "$work/${name}_v$version"
touch -d "@$epoch" "$work/${name}_v$version"

mkdir -p "$out"
zip_name=${name}_${version}_${platform}.zip
manifest=${name}_${version}_manifest.json
sums=${name}_${version}_SHA256SUMS
rm -f "$out/$zip_name" "$out/$manifest" "$out/$sums" "$out/$sums.sig"
(cd "$work" && TZ=UTC zip -q -X -9 "$out/$zip_name" "${name}_v$version")
printf '{"version":1,"metadata":{"protocol_versions":["6.0"]}}\n' >"$out/$manifest"
(cd "$out" && sha256sum "$zip_name" "$manifest" >"$sums")
if [ -n "${GENESYSEVENTS_GPG_KEY:-}" ]; then
  gpg --batch --yes --local-user "$GENESYSEVENTS_GPG_KEY" --detach-sign --output "$out/$sums.sig" "$out/$sums"
fi
echo "released $name $version ($platform) into $out:" >&2
(cd "$out" && ls -l "$zip_name" "$manifest" "$sums" >&2)
