#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, builds the real CLIs (cached), and
# runs every CTest label (unit, emulator, e2e with OpenTofu and Terraform).
#
#   scripts/test.sh                 # everything
#   scripts/test.sh -L unit         # extra arguments go to ctest
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
"$here/scripts/install-deps.sh"
"$here/scripts/build-clis.sh" all >/dev/null
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j "${GENESYSEVENTS_TEST_JOBS:-2}" "$@"
