#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan+UBSan) in build-fuzz and runs each one over
# its seed corpus fuzz/corpus/<target>/ for a short time. Exits non-zero when a target crashes,
# leaks, hits undefined behaviour or a timeout; the input is left as build-fuzz/artifacts/<target>-*.
# New inputs found during the run go to a scratch corpus in build-fuzz, never into the repo.
#
#   fuzz/run.sh                  # every target, 30 s each (scripts/test.sh gives each 15 s)
#   fuzz/run.sh 300 fuzz_msgpack # one target, 5 minutes
#   fuzz/run.sh 0                # build the targets, run none
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_FUZZ_BUILD_DIR:-$here/build-fuzz}")
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_msgpack fuzz_state_upgrade fuzz_api_error fuzz_api_codec)
# -O1 and line tables only (-g1), as scripts/test.sh's sanitizer trees: reports keep file and
# line, compiles are faster.
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DCMAKE_CXX_COMPILER=clang++-14 -DGENESYSEVENTS_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
[ "$seconds" != 0 ] || exit 0
export ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
mkdir -p "$build/artifacts"
failed=()
for t in "${targets[@]}"; do
  scratch="$build/corpus/$t"
  mkdir -p "$scratch"
  echo "--- $t: ${seconds}s over fuzz/corpus/$t ($(ls "$here/fuzz/corpus/$t" | wc -l) seeds)"
  if "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/artifacts/$t-" "$scratch" "$here/fuzz/corpus/$t" >"$build/$t.log" 2>&1; then
    grep -E '^stat::number_of_executed_units|^Done' "$build/$t.log" | tr '\n' ' '
    echo
  else
    tail -n 60 "$build/$t.log"
    echo "--- $t FAILED; reproducer: $(ls "$build/artifacts/$t-"* 2>/dev/null | head -1)"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "fuzzing: ${#targets[@]} targets, ${seconds}s each, no crash"
