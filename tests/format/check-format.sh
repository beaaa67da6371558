#!/usr/bin/env bash
# lint.format: every tracked C++ file is formatted as .clang-format says (clang-format-14,
# installed by scripts/install-deps.sh). Prints the files that are not and the command that
# formats them; generated code is not tracked, so it is not checked.
set -euo pipefail
root=${1:?usage: check-format.sh <source dir>}
cd "$root"
formatter=$(command -v clang-format-14 || true)
if [ -z "$formatter" ]; then
  echo "clang-format-14 is missing: run scripts/install-deps.sh" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h' '*.cc')
unformatted=()
for f in "${files[@]}"; do
  "$formatter" --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "${#unformatted[@]} of ${#files[@]} files differ from .clang-format:"
  printf '  %s\n' "${unformatted[@]}"
  echo "format them with: clang-format-14 -i <file>..."
  exit 1
fi
echo "${#files[@]} files formatted as .clang-format says"
