#!/usr/bin/env bash
# Fails when a layer includes a higher one (docs/design/layers.md):
#   base -> value -> schema -> rest -> mapping -> schemas -> plugin
# - each core layer includes only itself and the layers before it, except that rest includes
#   only base (it never sees cty values or schemas);
# - schemas/ includes core layers and itself, never plugin/;
# - generated protobuf headers (*.pb.h) appear only in plugin/ (and bench/, a protocol client);
# - emulator/ includes no provider header and links no provider target.
# Project headers are included from their layer folder ("rest/client.h", "plugin/tls.h");
# relative includes ("../mapping/x.h") are resolved first.
#
# Usage: check-layers.sh [ROOT]   (default: the repository holding this script)
#        check-layers.sh --self-test   (a planted tree: one allowed include, three violations)
set -euo pipefail
if [ "${1:-}" = --self-test ]; then
  plant=$(mktemp -d)
  trap 'rm -rf "$plant"' EXIT
  mkdir -p "$plant/core/rest" "$plant/core/mapping" "$plant/emulator/src"
  printf '#include "base/status.h"\n#include "value/value.h"\n' >"$plant/core/rest/client.h"
  printf '#include "rest/client.h"\n#include "../../plugin/server.h"\n' >"$plant/core/mapping/provider.h"
  printf '#include "mapping/provider.h"\n' >"$plant/emulator/src/app.h"
  output=$("$0" "$plant" || true)
  expected="core/mapping/provider.h:2: layer mapping includes plugin: ../../plugin/server.h
core/rest/client.h:2: layer rest includes value: value/value.h
emulator/src/app.h:1: the emulator includes provider code: mapping/provider.h
3 layering violations"
  if [ "$output" != "$expected" ]; then
    printf 'self-test FAILED; expected:\n%s\ngot:\n%s\n' "$expected" "$output"
    exit 1
  fi
  echo "self-test: ok"
  exit 0
fi
root=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
cd "$root"

rank() {  # the position of a provider layer in the order above; empty for anything else
  case $1 in
    base) echo 0 ;; value) echo 1 ;; schema) echo 2 ;; rest) echo 3 ;; mapping) echo 4 ;;
    schemas) echo 5 ;; plugin) echo 6 ;;
  esac
}

layer_of_file() {  # core/rest/client.cpp -> rest, schemas/check_schemas.cpp -> schemas, plugin/tls.cpp -> plugin
  case $1 in
    core/*/*) local rest=${1#core/}; echo "${rest%%/*}" ;;
    schemas/*) echo schemas ;;
    plugin/*) echo plugin ;;
    emulator/*) echo emulator ;;
  esac
}

layer_of_include() {  # "rest/client.h" -> rest; "../mapping/x.h" from core/schema -> mapping
  local file=$1 header=$2
  if [[ $header == ../* ]]; then
    header=$(realpath -m --relative-to="$root" "$(dirname "$file")/$header")
    header=${header#core/}
  fi
  local top=${header%%/*}
  [ "$top" != "$header" ] && [ -n "$(rank "$top")" ] && echo "$top"
  return 0
}

allowed() {  # allowed FROM TO
  local from=$1 to=$2
  [ "$from" = "$to" ] && return 0
  case $from in
    emulator) return 1 ;;
    rest) [ "$to" = base ] ;;
    *) [ "$(rank "$to")" -lt "$(rank "$from")" ] ;;
  esac
}

if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -n "$(git -C "$root" ls-files core)" ]; then
  mapfile -t sources < <(git -C "$root" ls-files -- core schemas plugin emulator | grep -E '\.(h|hpp|cpp|cc|inc)$')
else
  mapfile -t sources < <(find core schemas plugin emulator -type f \( -name '*.h' -o -name '*.hpp' \
    -o -name '*.cpp' -o -name '*.cc' -o -name '*.inc' \) 2>/dev/null | sort)
fi

violations=0
report() { echo "$1"; violations=$((violations + 1)); }

for file in "${sources[@]}"; do
  from=$(layer_of_file "$file")
  [ -n "$from" ] || continue
  while IFS=: read -r line header; do
    if [[ $header == *.pb.h && $from != plugin ]]; then
      report "$file:$line: includes generated protobuf header $header (only plugin/ may)"
      continue
    fi
    to=$(layer_of_include "$file" "$header")
    if [ "$from" = emulator ] && { [ -n "$to" ] || [[ $header == *core/* ]]; }; then
      report "$file:$line: the emulator includes provider code: $header"
    elif [ -n "$to" ] && ! allowed "$from" "$to"; then
      report "$file:$line: layer $from includes $to: $header"
    fi
  done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<][^">]+[">]' "$file" |
           sed -E 's/^([0-9]+):[^"<]*["<]([^">]+)[">].*/\1:\2/' || true)
done

# The emulator's build links nothing of the provider: no ge:: / ge_ target, no provider folder.
while IFS= read -r cmake_file; do
  while IFS=: read -r line text; do
    report "$cmake_file:$line: the emulator build uses provider code: $text"
  done < <(grep -n -E '(^|[^A-Za-z0-9_])ge(::|_[a-z])|PROJECT_SOURCE_DIR\}/(core|plugin|schemas)' "$cmake_file" || true)
done < <(find emulator -name CMakeLists.txt -o -name '*.cmake' | sort)

if [ "$violations" -gt 0 ]; then
  echo "$violations layering violations"
  exit 1
fi
echo "layers are one-way: ${#sources[@]} files checked"
