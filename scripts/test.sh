#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, builds the real CLIs (cached), runs
# every CTest label (unit, emulator, e2e with OpenTofu and Terraform, fault, docs, install,
# release), then the sanitizer builds and a short fuzzing run (docs/design/sanitizers-fuzzing.md):
#
#   main      build/       every label                               (arguments go to this ctest)
#   asan      build-asan/  ASan+UBSan: unit label, then the e2e cases tagged [asan] with OpenTofu
#                          driving the ASan provider
#   tsan      build-tsan/  TSan: the REST core suite, then the plugin under -parallelism=10 and SIGINT
#             (the three sanitizer and fuzzing trees build, niced, while the main ctest runs)
#   fuzz      build-fuzz/  clang-14 libFuzzer targets, GENESYSEVENTS_FUZZ_SECONDS (15) each over fuzz/corpus
#
#   scripts/test.sh                                 # everything
#   scripts/test.sh -L unit                         # extra arguments go to the main build's ctest
#   GENESYSEVENTS_SKIP_SANITIZERS=1 scripts/test.sh # main build only (quick local runs)
#
# Every stage runs even when an earlier one failed; the exit status is non-zero if any failed,
# and a table of stage times and results is printed at the end: wall time, and the CPU time the
# whole machine spent meanwhile (the CLIs build alongside the C++ compile, so the build stage's
# CPU includes Go's). docs/design/ci.md keeps the figures of cold and warm runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "${GENESYSEVENTS_BUILD_DIR:-$here/build}")
asan=$here/build-asan
tsan=$here/build-tsan
jobs=$(nproc)
# CTest runs three cases at once: the e2e cases spend much of their time waiting on CLI and
# provider processes (a cold run used 40% of the machine at two), and the cases that measure
# time or the rate limit run alone (RUN_SERIAL, docs/design/ci.md).
test_jobs=${GENESYSEVENTS_TEST_JOBS:-3}

summary=()
failed=0
stage_name=""
stage_start=0
stage_cpu_start=0
# The CPU seconds every process on the machine has used since boot (/proc/stat: user, nice,
# system, irq, softirq, steal).
machine_cpu_seconds() {
  local _ user nice system _idle _iowait irq softirq steal
  read -r _ user nice system _idle _iowait irq softirq steal _ </proc/stat
  echo $(((user + nice + system + irq + softirq + steal) / $(getconf CLK_TCK)))
}
stage() {
  stage_name=$1
  stage_start=$SECONDS
  stage_cpu_start=$(machine_cpu_seconds)
  echo
  echo "=== stage: $stage_name ($(date -u +%H:%M:%S) UTC)"
}
# stage_end <status>
stage_end() {
  local took=$((SECONDS - stage_start)) cpu=$(($(machine_cpu_seconds) - stage_cpu_start)) result=ok
  if [ "$1" -ne 0 ]; then result="FAILED ($1)"; failed=1; fi
  summary+=("$(printf '%-28s %5d s  %5d s  %s' "$stage_name" "$took" "$cpu" "$result")")
  echo "=== stage: $stage_name: $result in ${took}s (machine CPU ${cpu}s)"
}
# run <name> <command...>: one stage; a failure is recorded and the script goes on.
run() {
  local name=$1
  shift
  stage "$name"
  local rc=0
  "$@" || rc=$?
  stage_end "$rc"
}
finish() {
  echo
  echo "=== stage times"
  printf '%-28s %7s  %7s  %s\n' stage wall cpu result
  printf '%s\n' "${summary[@]}"
  echo "total: $SECONDS s"
  exit "$failed"
}

# Sanitizer reports of the provider, which the CLI starts (its stderr is not the test's), go to
# files: any file there fails the stage.
check_reports() {
  local dir=$1
  if compgen -G "$dir/*" >/dev/null; then
    echo "sanitizer reports from the provider:"
    for f in "$dir"/*; do echo "--- $f"; head -n 80 "$f"; done
    return 1
  fi
}

# Debug information is line tables only (-g1): sanitizer reports and backtraces keep file and
# line, and a cold compile takes about 40% less than with full -g (one heavy test file: 24 s
# against 15 s), which keeps a cold CI run inside its budget.
build_type=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG")
# The sanitizer trees optimize at -O1, as the sanitizers' own documentation advises: their reports
# stay exact and their compile takes about a quarter less than at -O2 (docs/design/ci.md).
sanitizer_build_type=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG")

# The real CLIs build (Go, first time only) while the C++ compiles: the module downloads overlap
# the compile, and neither waits for the other to start. clis_wait collects the build.
clis_log=$(mktemp)
clis_pid=""
clis_start() {
  "$here/scripts/build-clis.sh" all >"$clis_log" 2>&1 &
  clis_pid=$!
}
clis_wait() {
  local rc=0
  wait "$clis_pid" || rc=$?
  if [ "$rc" -ne 0 ]; then cat "$clis_log"; fi
  return $rc
}
main_build() {
  cmake -S "$here" -B "$build" -G Ninja "${build_type[@]}" >/dev/null &&
    cmake --build "$build" -j "$jobs"
}
main_test() {
  (cd "$build" && ctest --output-on-failure -j "$test_jobs" "$@")
}

# cases_regex <Catch2 binary> <test spec> <CTest name prefix>: a CTest -R expression that selects
# exactly the cases the spec matches, each under the prefix.
cases_regex() {
  local names
  # Catch2 2's exit status is the number of cases listed.
  names=$("$1" "$2" --list-test-names-only | sed '/^$/d' || true)
  [ -n "$names" ] || { echo "no case matches $2" >&2; return 1; }
  sed 's/[][\.^$*+?(){}|]/\\&/g; s/^/^'"$3"'/; s/$/$/' <<<"$names" | paste -sd'|'
}

# ASan+UBSan. The unit suites and the provider are sanitized; the emulator, the e2e driver and
# the CLIs are the main build's (the e2e harness runs GENESYSEVENTS_PROVIDER_BINARY).
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
asan_env="halt_on_error=1:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1"
asan_build() {
  cmake -S "$here" -B "$asan" -G Ninja "${sanitizer_build_type[@]}" \
    -DGENESYSEVENTS_SANITIZE=address,undefined >/dev/null &&
    # The libraries, their unit suites (tests/support's own too) and the provider; not the
    # emulator, bench or e2e driver.
    cmake --build "$asan" -j "$jobs" --target core/all schemas/all plugin/all tests/support/all
}
asan_unit() {
  local want have
  want=$(cd "$build" && ctest -N -L unit | sed -n 's/^Total Tests: //p')
  have=$(cd "$asan" && ctest -N -L unit | sed -n 's/^Total Tests: //p')
  if [ "$want" != "$have" ]; then
    echo "build-asan has $have unit tests, the main build $want: a unit suite outside core/, plugin/ and tests/support/?"
    return 1
  fi
  (cd "$asan" && ASAN_OPTIONS=$asan_env ctest --output-on-failure -j "$test_jobs" -L unit)
}
asan_e2e() {
  local reports=$asan/reports rc=0
  rm -rf "$reports" && mkdir -p "$reports"
  local cases
  cases=$(cases_regex "$build/tests/ge_e2e_test" '[asan]' 'tofu:') || return 1
  (cd "$build" && GENESYSEVENTS_PROVIDER_BINARY=$asan/plugin/terraform-provider-genesysevents \
     ASAN_OPTIONS=$asan_env:log_path=$reports/asan UBSAN_OPTIONS=$UBSAN_OPTIONS:log_path=$reports/ubsan \
     ctest --output-on-failure --no-tests=error -j "$test_jobs" -L e2e -R "$cases") || rc=$?
  check_reports "$reports" || rc=1
  return $rc
}

# TSan: the REST core (client, token source, rate limiter, retries: every case runs a server
# thread against the client, several run many callers at once) and the plugin serving
# concurrent RPCs (-parallelism=10) and a StopProvider during an apply.
# gRPC and Abseil are not built with TSan: they stay shared libraries here so TSan can ignore
# what happens inside them (ignore_noninstrumented_modules); tests/sanitizers/ explains the few
# suppressions for gRPC's inline header code. The provider ends with _exit without joining
# gRPC's thread pool by design (docs/design/cancellation.md), hence no thread-leak reports.
tsan_env="halt_on_error=1:second_deadlock_stack=1:ignore_noninstrumented_modules=1:report_thread_leaks=0"
tsan_env="$tsan_env:suppressions=$here/tests/sanitizers/tsan-suppressions.txt"
tsan_build() {
  cmake -S "$here" -B "$tsan" -G Ninja "${sanitizer_build_type[@]}" \
    -DGENESYSEVENTS_SANITIZE=thread -DGENESYSEVENTS_STATIC_GRPC=OFF >/dev/null &&
    cmake --build "$tsan" -j "$jobs" --target ge_rest_test terraform-provider-genesysevents
}
tsan_rest() {
  (cd "$tsan" && TSAN_OPTIONS=$tsan_env ctest --output-on-failure --no-tests=error -j "$test_jobs" -R '^rest\.')
}
tsan_plugin() {
  local reports=$tsan/reports rc=0
  rm -rf "$reports" && mkdir -p "$reports"
  (cd "$build" && GENESYSEVENTS_PROVIDER_BINARY=$tsan/plugin/terraform-provider-genesysevents \
     TSAN_OPTIONS=$tsan_env:log_path=$reports/tsan \
     ctest --output-on-failure --no-tests=error -j 1 -L e2e \
       -R '^tofu:(ten webhooks at -parallelism=10|SIGINT during apply leaves state consistent)$') || rc=$?
  check_reports "$reports" || rc=1
  return $rc
}

# The sanitizer and fuzzing trees build one after the other, at the lowest CPU priority, while
# the main ctest runs: its cases wait on CLI processes much of the time (a cold run used 40% of
# the machine), and niced compiles take only what the tests leave. Each "... build" stage then
# waits for its tree and prints the build's log if it failed.
side_builds=$(mktemp -d)
side_builds_start() {
  (
    renice -n 19 -p "$BASHPID" >/dev/null || true
    local name rc
    for name in asan tsan fuzz; do
      rc=0
      case $name in
        asan) asan_build ;;
        tsan) tsan_build ;;
        fuzz) "$here/fuzz/run.sh" 0 ;;
      esac >"$side_builds/$name.log" 2>&1 || rc=$?
      echo "$rc" >"$side_builds/$name.status"
    done
  ) &
}
# side_build_wait <asan|tsan|fuzz>
side_build_wait() {
  until [ -f "$side_builds/$1.status" ]; do sleep 1; done
  local rc; rc=$(cat "$side_builds/$1.status")
  if [ "$rc" -ne 0 ]; then cat "$side_builds/$1.log"; fi
  return "$rc"
}

run "dependencies" "$here/scripts/install-deps.sh"
clis_start
run "build" main_build
run "CLIs (built alongside)" clis_wait
[ -n "${GENESYSEVENTS_SKIP_SANITIZERS:-}" ] || side_builds_start
run "ctest (main build)" main_test "$@"
if [ -n "${GENESYSEVENTS_SKIP_SANITIZERS:-}" ]; then
  finish
fi
run "asan: build (alongside ctest)" side_build_wait asan
run "asan: unit" asan_unit
run "asan: e2e (OpenTofu)" asan_e2e
run "tsan: build (alongside ctest)" side_build_wait tsan
run "tsan: REST core" tsan_rest
run "tsan: plugin concurrency" tsan_plugin
run "fuzz: build (alongside ctest)" side_build_wait fuzz
run "fuzz: run" "$here/fuzz/run.sh" "${GENESYSEVENTS_FUZZ_SECONDS:-15}"
finish
