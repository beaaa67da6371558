#!/usr/bin/env bash
# Generates the provider documentation with tfplugindocs from the schema the real OpenTofu CLI
# reads from the provider (`tofu providers schema -json`), the examples in examples/ and the
# templates in templates/: docs/index.md, docs/resources/<name>.md, docs/data-sources/<name>.md,
# docs/functions/<name>.md.
#
#   scripts/generate-docs.sh             # builds the provider, regenerates docs/ in the repo
#   scripts/generate-docs.sh OUT_DIR     # writes the generated pages into OUT_DIR instead
#   scripts/generate-docs.sh --check     # regenerates into a temp dir, fails when docs/ differs
#
# GENESYSEVENTS_PROVIDER_BINARY=path skips the build (CTest passes the binary it built);
# otherwise the provider is built in ${GENESYSEVENTS_BUILD_DIR:-build}.
#
# Two things tfplugindocs cannot see in the protocol schema are added to the schema JSON before
# rendering, both from the schemas themselves so they never drift: each resource's import note
# (the "import" key of schemas/*.json, after an "<!-- import -->" line in the description) and
# the provider's environment-variable table (from each argument's `env` key in schemas/provider.json,
# the same key the provider reads its variables by; a nested argument lists its children's).
# templates/*.md.tmpl split the description at those lines.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
check=""
out="$here/docs"
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  -*) echo "usage: $0 [OUT_DIR | --check]" >&2; exit 2 ;;
  *) out=$(realpath -m "$1") ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

binary=${GENESYSEVENTS_PROVIDER_BINARY:-}
if [ -z "$binary" ]; then
  build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
  cmake -S "$here" -B "$build" -G Ninja >/dev/null
  cmake --build "$build" -j "${GENESYSEVENTS_BUILD_JOBS:-2}" --target terraform-provider-genesysevents >&2
  binary=$build/plugin/terraform-provider-genesysevents
fi
tofu=$("$here/scripts/build-clis.sh" tofu)
tfplugindocs=$("$here/scripts/build-clis.sh" tfplugindocs)

# The provider schema as the real CLI sees it: a private mirror, CLI config and working dir.
"$here/scripts/install-provider.sh" "$binary" "$work/mirror" 2>/dev/null
mkdir -p "$work/config"
cat >"$work/config/main.tf" <<'TF'
terraform {
  required_providers {
    genesysevents = { source = "genesys-events/genesysevents" }
  }
}
TF
cat >"$work/cli.tfrc" <<CFG
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["registry.terraform.io/genesys-events/*", "registry.opentofu.org/genesys-events/*"]
  }
}
CFG
(
  cd "$work/config"
  unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
  export TF_CLI_CONFIG_FILE=$work/cli.tfrc TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
  "$tofu" init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log" >&2; exit 1; }
  "$tofu" providers schema -json >"$work/schema.raw.json"
)

# Import notes from schemas/*.json: {"genesysevents_webhook": "The webhook id. ...", ...}
jq -s 'map(select((.kind // "resource") == "resource") | {(.type_name): (.import // "")}) | add // {}' \
  "$here"/schemas/*.json >"$work/import-notes.json"

# Environment variables from schemas/provider.json: {"api_url": "`GENESYSCLOUD_API_URL`", ...}
jq '.attributes | with_entries(.value |= (
      if .env then "`\(.env)`"
      else ([(.attributes // {})[] | select(.env) | "`\(.env)`"] | join(" and ") | if . == "" then null else . end)
      end))' "$here/schemas/provider.json" >"$work/provider-env.json"

# tfplugindocs looks the provider up by its short name.
jq --slurpfile notes "$work/import-notes.json" --slurpfile env "$work/provider-env.json" '
  def envtable:
    ["| argument | environment variable | sensitive |", "|---|---|---|"]
    + ([.block.attributes | to_entries[]
        | "| `\(.key)` | " + ($env[0][.key] // "none")
          + " | " + (if .value.sensitive then "yes" else "no" end) + " |"])
    | join("\n");
  .provider_schemas
    |= (to_entries
        | map(select(.key | endswith("/genesys-events/genesysevents")))
        | .[0].value
        | .provider.block.description
            = ((.provider.block.description // "") + "\n<!-- environment -->\n" + (.provider | envtable))
        | .resource_schemas |= with_entries(
            .value.block.description
              = ((.value.block.description // "")
                 + (($notes[0][.key] // "") as $n | if $n == "" then "" else "\n<!-- import -->\n" + $n end)))
        | {genesysevents: .})
' "$work/schema.raw.json" >"$work/schema.json"

# tfplugindocs renders into <provider-dir>/docs; a staging copy keeps the repo untouched.
mkdir -p "$work/site"
cp -r "$here/templates" "$here/examples" "$work/site/"
"$tfplugindocs" generate \
  --provider-dir "$work/site" \
  --providers-schema "$work/schema.json" \
  --provider-name genesysevents \
  --rendered-provider-name genesysevents \
  --examples-dir examples \
  --website-source-dir templates \
  --rendered-website-dir docs \
  --website-temp-dir "$work/tmpl" >"$work/tfplugindocs.log" 2>&1 \
  || { cat "$work/tfplugindocs.log" >&2; exit 1; }

generated=$work/site/docs
# What every page must carry, beyond what tfplugindocs renders anyway.
problems=0
for page in "$generated"/resources/*.md; do
  [ -e "$page" ] || continue
  grep -q '^## Import$' "$page" || { echo "$page: no Import section" >&2; problems=1; }
done
for arg in $(jq -r '.provider_schemas.genesysevents.provider.block.attributes | keys[]' "$work/schema.json"); do
  grep -q "^| \`$arg\` | \`GENESYSCLOUD_" "$generated/index.md" \
    || { echo "index.md: argument $arg has no environment variable" >&2; problems=1; }
done
[ "$problems" = 0 ] || exit 1

if [ -n "$check" ]; then
  status=0
  for part in index.md resources data-sources functions; do
    if [ -e "$generated/$part" ] || [ -e "$here/docs/$part" ]; then
      diff -ruN "$here/docs/$part" "$generated/$part" || status=1
    fi
  done
  if [ "$status" != 0 ]; then
    echo "docs/ does not match the schemas and examples: run scripts/generate-docs.sh and commit docs/" >&2
    exit 1
  fi
  echo "docs/ matches the schemas, examples and templates" >&2
  exit 0
fi

mkdir -p "$out"
rm -rf "$out/index.md" "$out/resources" "$out/data-sources" "$out/functions"
for part in index.md resources data-sources functions; do
  if [ -e "$generated/$part" ]; then cp -r "$generated/$part" "$out/"; fi
done
echo "generated docs into $out" >&2
