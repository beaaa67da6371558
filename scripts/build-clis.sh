#!/usr/bin/env bash
# Builds the real Terraform and OpenTofu CLIs from the Go module proxy into a cache directory
# keyed by version, and reuses what is already there. Prints the path of each binary.
#
#   scripts/build-clis.sh                   # every CLI and tfplugindocs (all the tests use)
#   scripts/build-clis.sh terraform         # one of them (terraform, terraform-latest, tofu)
#   scripts/build-clis.sh tfplugindocs  # the docs generator (scripts/generate-docs.sh)
#
# Cache: ${GENESYSEVENTS_TOOLS_CACHE:-$HOME/.cache/genesysevents/tools}/<tool>-<version>/bin
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tools/versions.env
source "$here/tools/versions.env"
cache=${GENESYSEVENTS_TOOLS_CACHE:-$HOME/.cache/genesysevents/tools}
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
# No cgo (as the CLIs' own releases) and no DWARF or symbol table in the binaries (-s -w): the
# tests need neither, and the links are faster (docs/design/ci.md).
export CGO_ENABLED=0
ldflags_strip="-s -w"

build_terraform() {
  local dest="$cache/terraform-$TERRAFORM_VERSION/bin"
  if [ ! -x "$dest/terraform" ]; then
    echo "building terraform $TERRAFORM_VERSION (first time only, takes minutes)" >&2
    mkdir -p "$dest"
    GOBIN="$dest.tmp" go install -ldflags "$ldflags_strip" "github.com/hashicorp/terraform@$TERRAFORM_VERSION"
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
            -ldflags "$ldflags_strip -X github.com/opentofu/opentofu/version.dev=no" \
            github.com/opentofu/opentofu/cmd/tofu)
    rm -rf "$work"
  fi
  echo "$dest/tofu"
}

# From v1.9 on, Terraform's go.mod replaces its remote-state backend modules (and the legacy
# module only they use) with folders the module zip leaves out, so neither `go install` nor a plain
# wrapper module can resolve them. The wrapper module replaces each of them with a generated
# stand-in: for a backend, a package whose New() returns a backend that fails with "not built" on
# use. The tests use only the local backend.
build_terraform_latest() {
  local dest="$cache/terraform-$TERRAFORM_LATEST_VERSION/bin"
  if [ ! -x "$dest/terraform" ]; then
    echo "building terraform $TERRAFORM_LATEST_VERSION (first time only, takes minutes)" >&2
    local work; work=$(mktemp -d)
    local terraform_dir
    terraform_dir=$(cd "$work" && go mod download -json "github.com/hashicorp/terraform@$TERRAFORM_LATEST_VERSION" \
                      | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    local replaced
    replaced=$(sed -n 's|^replace \(github.com/hashicorp/terraform/[^ ]*\) => \./.*$|\1|p' "$terraform_dir/go.mod")
    [ -n "$replaced" ] || { echo "no local replace directives in terraform's go.mod" >&2; exit 1; }
    {
      echo "module genesysevents.local/terraform-build"
      echo
      echo "go $(sed -n 's/^go //p' "$terraform_dir/go.mod")"
      echo
      sed -n '/^godebug/p' "$terraform_dir/go.mod"
      echo
      echo "require github.com/hashicorp/terraform $TERRAFORM_LATEST_VERSION"
      echo
      local module
      for module in $replaced; do echo "replace $module => ./${module#github.com/hashicorp/terraform/}"; done
    } >"$work/go.mod"
    for module in $replaced; do
      local stand_in="$work/${module#github.com/hashicorp/terraform/}"
      mkdir -p "$stand_in"
      printf 'module %s\n\ngo 1.26\n' "$module" >"$stand_in/go.mod"
      case "$module" in
        */backend/remote-state/*) write_backend_stand_in "$stand_in" "${module##*/}" ;;
      esac
    done
    cat >"$work/tools.go" <<'GO'
//go:build tools

package tools

import _ "github.com/hashicorp/terraform"
GO
    mkdir -p "$dest"
    (cd "$work" && go mod tidy >/dev/null 2>&1 || true
     cd "$work" && go build -o "$dest/terraform" \
            -ldflags "$ldflags_strip -X github.com/hashicorp/terraform/version.dev=no" \
            github.com/hashicorp/terraform)
    rm -rf "$work"
  fi
  echo "$dest/terraform"
}

# A remote-state backend package `name` in `dir` that only reports that it is not built.
write_backend_stand_in() {
  local dir=$1 name=$2
  cat >"$dir/backend.go" <<GO
// Package $name stands in for Terraform's $name backend, left out of this build.
package $name

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/configs/configschema"
	"github.com/hashicorp/terraform/internal/states/statemgr"
	"github.com/hashicorp/terraform/internal/tfdiags"
	"github.com/zclconf/go-cty/cty"
)

type notBuilt struct{}

func New() backend.Backend { return notBuilt{} }

func notBuiltError() tfdiags.Diagnostics {
	var diags tfdiags.Diagnostics
	return diags.Append(tfdiags.Sourceless(tfdiags.Error, "Backend \"$name\" not built",
		"This Terraform was built by genesysevents' scripts/build-clis.sh without its remote-state backends."))
}

func (notBuilt) ConfigSchema() *configschema.Block { return &configschema.Block{} }
func (notBuilt) PrepareConfig(config cty.Value) (cty.Value, tfdiags.Diagnostics) {
	return config, notBuiltError()
}
func (notBuilt) Configure(cty.Value) tfdiags.Diagnostics { return notBuiltError() }
func (notBuilt) StateMgr(string) (statemgr.Full, tfdiags.Diagnostics) { return nil, notBuiltError() }
func (notBuilt) DeleteWorkspace(string, bool) tfdiags.Diagnostics { return notBuiltError() }
func (notBuilt) Workspaces() ([]string, tfdiags.Diagnostics) { return nil, notBuiltError() }
GO
}

build_tfplugindocs() {
  local dest="$cache/tfplugindocs-$TFPLUGINDOCS_VERSION/bin"
  if [ ! -x "$dest/tfplugindocs" ]; then
    echo "building tfplugindocs $TFPLUGINDOCS_VERSION (first time only, takes a minute)" >&2
    mkdir -p "$dest"
    GOBIN="$dest.tmp" go install -ldflags "$ldflags_strip" "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@$TFPLUGINDOCS_VERSION"
    mv "$dest.tmp/tfplugindocs" "$dest/tfplugindocs" && rmdir "$dest.tmp"
  fi
  echo "$dest/tfplugindocs"
}

case "${1:-all}" in
  terraform) build_terraform ;;
  terraform-latest) build_terraform_latest ;;
  tofu) build_tofu ;;
  tfplugindocs) build_tfplugindocs ;;
  all) build_terraform; build_terraform_latest; build_tofu; build_tfplugindocs ;;
  *) echo "usage: $0 [terraform|terraform-latest|tofu|tfplugindocs|all]" >&2; exit 2 ;;
esac
