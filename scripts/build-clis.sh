#!/usr/bin/env bash
# Builds the real Terraform and OpenTofu CLIs from the Go module proxy into a cache directory
# keyed by version, and reuses what is already there. Prints the path of each binary.
#
#   scripts/build-clis.sh               # both CLIs and tfplugindocs (all the tests use)
#   scripts/build-clis.sh terraform     # one of them
#   scripts/build-clis.sh tfplugindocs  # the docs generator (scripts/generate-docs.sh)
#
# Cache: ${GENESYSEVENTS_TOOLS_CACHE:-$HOME/.cache/genesysevents/tools}/<tool>-<version>/bin
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tools/versions.env
source "$here/tools/versions.env"
cache=${GENESYSEVENTS_TOOLS_CACHE:-$HOME/.cache/genesysevents/tools}
export GOFLAGS=-mod=mod GOTOOLCHAIN=local

build_terraform() {
  local dest="$cache/terraform-$TERRAFORM_VERSION/bin"
  if [ ! -x "$dest/terraform" ]; then
    echo "building terraform $TERRAFORM_VERSION (first time only, takes minutes)" >&2
    mkdir -p "$dest"
    GOBIN="$dest.tmp" go install "github.com/hashicorp/terraform@$TERRAFORM_VERSION"
    mv "$dest.tmp/terraform" "$dest/terraform" && rmdir "$dest.tmp"
  fi
  echo "$dest/terraform"
}

# `go install` cannot build OpenTofu because its go.mod replaces hcl; a wrapper module that
# repeats that replace (and its godebug settings) builds the real cmd/tofu package.
build_tofu() {
  local dest="$cache/tofu-$OPENTOFU_VERSION/bin"
  if [ ! -x "$dest/tofu" ]; then
    echo "building tofu $OPENTOFU_VERSION (first time only, takes minutes)" >&2
    local work; work=$(mktemp -d)
    cat >"$work/go.mod" <<MOD
module genesysevents.local/tofu-build

go 1.26

godebug (
	tlsmlkem=0
	winsymlink=0
)

require github.com/opentofu/opentofu $OPENTOFU_VERSION

replace github.com/hashicorp/hcl/v2 => ${OPENTOFU_HCL_REPLACEMENT%@*} ${OPENTOFU_HCL_REPLACEMENT#*@}
MOD
    cat >"$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
GO
    mkdir -p "$dest"
    (cd "$work" && go mod tidy >/dev/null 2>&1 || true
     cd "$work" && go get "github.com/opentofu/opentofu@$OPENTOFU_VERSION" \
       && go build -o "$dest/tofu" \
            -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
            github.com/opentofu/opentofu/cmd/tofu)
    rm -rf "$work"
  fi
  echo "$dest/tofu"
}

build_tfplugindocs() {
  local dest="$cache/tfplugindocs-$TFPLUGINDOCS_VERSION/bin"
  if [ ! -x "$dest/tfplugindocs" ]; then
    echo "building tfplugindocs $TFPLUGINDOCS_VERSION (first time only, takes a minute)" >&2
    mkdir -p "$dest"
    GOBIN="$dest.tmp" go install "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@$TFPLUGINDOCS_VERSION"
    mv "$dest.tmp/tfplugindocs" "$dest/tfplugindocs" && rmdir "$dest.tmp"
  fi
  echo "$dest/tfplugindocs"
}

case "${1:-all}" in
  terraform) build_terraform ;;
  tofu) build_tofu ;;
  tfplugindocs) build_tfplugindocs ;;
  all) build_terraform; build_tofu; build_tfplugindocs ;;
  *) echo "usage: $0 [terraform|tofu|tfplugindocs|all]" >&2; exit 2 ;;
esac
