#!/usr/bin/env bash
# Fails when a layer includes a higher one (docs/design/layers.md):
#   base -> value -> schema -> rest -> mapping -> schemas -> plugin
# - each core layer includes only itself and the layers before it, except that rest includes
#   only base (it never sees cty values or schemas);
# - schemas/ includes core layers and itself, never plugin/;
# - generated protobuf headers (*.pb.h) appear only in plugin/ (and bench/, a protocol client);
# - emulator/ includes no provider header and links no provider target;
# - tests/support (ge_test_support, docs/design/test-support.md) includes no provider header and
#   links no provider target, so the emulator's tests may link it; the emulator binary's build
#   (emulator/ outside emulator/tests) does not;
# - only test code includes test support ("support/..."): *_test.cpp files, tests/, emulator/tests/.
# Project headers are included from their layer folder ("rest/client.h", "plugin/tls.h");
# relative includes ("../mapping/x.h") are resolved first.
#
# Usage: check-layers.sh [ROOT]   (default: the repository holding this script)
#        check-layers.sh --self-test   (a planted tree: allowed includes and links, seven violations)
set -euo pipefail
if [ "${1:-}" = --self-test ]; then
  plant=$(mktemp -d)
  trap 'rm -rf "$plant"' EXIT
  mkdir -p "$plant/core/rest" "$plant/core/mapping" "$plant/emulator/src" "$plant/emulator/tests" "$plant/tests/support"
  printf '#include "base/status.h"\n#include "value/value.h"\n' >"$plant/core/rest/client.h"
  printf '#include "rest/client.h"\n#include "support/http_server.h"\n' >"$plant/core/rest/client.cpp"
  printf '#include "rest/client.h"\n#include "support/http_server.h"\n' >"$plant/core/rest/client_test.cpp"
  printf '#include "rest/client.h"\n#include "../../plugin/server.h"\n' >"$plant/core/mapping/provider.h"
  printf '#include "mapping/provider.h"\n' >"$plant/emulator/src/app.h"
  printf '#include "support/receiver.h"\n' >"$plant/emulator/tests/events_test.cpp"
  printf '#include "support/tls_files.h"\n#include "base/status.h"\n' >"$plant/tests/support/receiver.h"
  printf 'target_link_libraries(genesys-emulator PRIVATE ge_test_support)\n' >"$plant/emulator/CMakeLists.txt"
  printf 'target_link_libraries(genesys_emulator_tests PRIVATE ge_test_support)\n' >"$plant/emulator/tests/CMakeLists.txt"
  printf 'add_library(ge_test_support receiver.cpp)\ntarget_link_libraries(ge_test_support PUBLIC ge::rest)\n' \
    >"$plant/tests/support/CMakeLists.txt"
  output=$("$0" "$plant" || true)
  expected="core/mapping/provider.h:2: layer mapping includes plugin: ../../plugin/server.h
core/rest/client.cpp:2: production code includes test support: support/http_server.h
core/rest/client.h:2: layer rest includes value: value/value.h
emulator/src/app.h:1: the emulator includes provider code: mapping/provider.h
tests/support/receiver.h:2: test support includes provider code: base/status.h
emulator/CMakeLists.txt:1: the emulator binary's build links test support: target_link_libraries(genesys-emulator PRIVATE ge_test_support)
tests/support/CMakeLists.txt:2: test support links provider code: target_link_libraries(ge_test_support PUBLIC ge::rest)
7 layering violations"
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
    tests/support/*) echo support ;;
  esac
}

is_test_code() {  # may include test support: core/rest/client_test.cpp, tests/..., emulator/tests/...
  [[ $1 == *_test.cpp || $1 == tests/* || $1 == emulator/tests/* ]]
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
    emulator | support) return 1 ;;
    rest) [ "$to" = base ] ;;
    *) [ "$(rank "$to")" -lt "$(rank "$from")" ] ;;
  esac
}

if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1 && [ -n "$(git -C "$root" ls-files core)" ]; then
  mapfile -t sources < <(git -C "$root" ls-files -- core schemas plugin emulator tests/support | grep -E '\.(h|hpp|cpp|cc|inc)$')
else
  mapfile -t sources < <(find core schemas plugin emulator tests/support -type f \( -name '*.h' -o -name '*.hpp' \
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
    provider=false
    { [ -n "$to" ] || [[ $header == *core/* ]]; } && provider=true
    if [[ $header == support/* ]] && ! is_test_code "$file"; then
      report "$file:$line: production code includes test support: $header"
    elif [ "$from" = emulator ] && $provider; then
      report "$file:$line: the emulator includes provider code: $header"
    elif [ "$from" = support ] && $provider; then
      report "$file:$line: test support includes provider code: $header"
    elif [ -n "$to" ] && ! allowed "$from" "$to"; then
      report "$file:$line: layer $from includes $to: $header"
    fi
  done < <(grep -n -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<][^">]+[">]' "$file" |
           sed -E 's/^([0-9]+):[^"<]*["<]([^">]+)[">].*/\1:\2/' || true)
done

# The emulator's build links nothing of the provider: no ge:: / ge_ target, no provider folder.
# Its tests may link ge_test_support, which links nothing of the provider either; the emulator
# binary's own build may not.
provider_target='(^|[^A-Za-z0-9_])ge(::|_[a-z])|PROJECT_SOURCE_DIR\}/(core|plugin|schemas)'
without_test_support() {  # the file with every ge_test_support* target name blanked, lines kept
  sed -E 's/(^|[^A-Za-z0-9_])ge_test_support[A-Za-z0-9_]*/\1/g' "$1"
}
while IFS= read -r cmake_file; do
  if [[ $cmake_file != emulator/tests/* ]]; then
    while IFS=: read -r line text; do
      report "$cmake_file:$line: the emulator binary's build links test support: $text"
    done < <(grep -n -E '(^|[^A-Za-z0-9_])ge_test_support' "$cmake_file" || true)
  fi
  while IFS=: read -r line text; do
    report "$cmake_file:$line: the emulator build uses provider code: $(sed -n "${line}p" "$cmake_file")"
  done < <(without_test_support "$cmake_file" | grep -n -E "$provider_target" || true)
done < <(find emulator -name CMakeLists.txt -o -name '*.cmake' | sort)
while IFS= read -r cmake_file; do
  while IFS=: read -r line text; do
    report "$cmake_file:$line: test support links provider code: $(sed -n "${line}p" "$cmake_file")"
  done < <(without_test_support "$cmake_file" | grep -n -E "$provider_target" || true)
done < <(find tests/support -name CMakeLists.txt -o -name '*.cmake' 2>/dev/null | sort)

if [ "$violations" -gt 0 ]; then
  echo "$violations layering violations"
  exit 1
fi
echo "layers are one-way: ${#sources[@]} files checked"
