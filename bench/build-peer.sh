#!/usr/bin/env bash
# Builds the benchmark peer, Mastercard/terraform-provider-restapi (the generic REST provider),
# from the Go module proxy into the tools cache; prints the binary's path. A wrapper module is
# used because `go install` of that module fails on the proxy's version listing.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/tools/versions.env"
cache=${GENESYSEVENTS_TOOLS_CACHE:-$HOME/.cache/genesysevents/tools}
dest="$cache/restapi-$RESTAPI_PROVIDER_VERSION/bin/terraform-provider-restapi"
if [ ! -x "$dest" ]; then
  echo "building terraform-provider-restapi $RESTAPI_PROVIDER_VERSION (first time only)" >&2
  work=$(mktemp -d)
  cat >"$work/go.mod" <<MOD
module genesysevents.local/restapi-build

go 1.26

require github.com/Mastercard/terraform-provider-restapi $RESTAPI_PROVIDER_VERSION
MOD
  printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/Mastercard/terraform-provider-restapi"\n' >"$work/tools.go"
  (cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || true
   cd "$work" && GOTOOLCHAIN=local GOFLAGS=-mod=mod go build -o "$dest" github.com/Mastercard/terraform-provider-restapi)
  rm -rf "$work"
fi
echo "$dest"
