#!/usr/bin/env bash
# Fails when a resource or data source has no example: every schemas/*.json of "kind": "resource"
# needs examples/resources/<type_name>/resource.tf, and every one of "kind": "data_source" needs
# examples/data-sources/<type_name>/data-source.tf. scripts/generate-docs.sh renders those files
# as the "Example Usage" of each page, and tests/e2e/examples_test.cpp applies every resource one.
#
# Usage: check-examples.sh [ROOT]   (default: the repository holding this script)
set -euo pipefail
root=$(realpath "${1:-$(dirname "$0")/../..}")

missing=$(python3 - "$root" <<'PY'
import glob, json, os, sys
root = sys.argv[1]
example_of_kind = {
    "resource": ("examples/resources", "resource.tf"),
    "data_source": ("examples/data-sources", "data-source.tf"),
}
for schema_file in sorted(glob.glob(os.path.join(root, "schemas", "*.json"))):
    with open(schema_file) as f:
        schema = json.load(f)
    if schema.get("kind") not in example_of_kind:
        continue
    folder, file = example_of_kind[schema["kind"]]
    example = os.path.join(folder, schema["type_name"], file)
    if not os.path.isfile(os.path.join(root, example)):
        print(f"schemas/{os.path.basename(schema_file)}: {schema['kind']} {schema['type_name']} has no {example}")
PY
)
if [ -n "$missing" ]; then
  printf '%s\n' "$missing"
  echo "$(printf '%s\n' "$missing" | wc -l) missing examples"
  exit 1
fi
