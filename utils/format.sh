#!/usr/bin/env bash
# Formats the C and C++ sources of the compiler, the runtime and the unit
# tests as .clang-format says (LLVM style), with LLVM 22's clang-format:
#   bash utils/format.sh           # rewrite the files in place
#   bash utils/format.sh --check   # list the files that differ; exit 1 if any
# ctest's `format` test runs the check (utils/setup.sh installs
# clang-format-22).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
clang_format=$(command -v clang-format-22 || true)
if [ -z "$clang_format" ]; then
  echo "format.sh: clang-format-22 is missing (bash utils/setup.sh installs it)" >&2
  exit 1
fi
cd "$root"
mapfile -t files < <(git ls-files -- 'lib/*.cpp' 'lib/*.h' 'include/*.h' \
  'tools/*.cpp' 'tools/*.h' 'runtime/*.c' 'runtime/*.h' 'unittests/*.cpp' \
  'unittests/*.c')
if [ "${1:-}" != "--check" ]; then
  "$clang_format" -i "${files[@]}"
  exit 0
fi
bad=0
for f in "${files[@]}"; do
  if ! "$clang_format" --dry-run -Werror "$f" > /dev/null 2>&1; then
    echo "format.sh: $f is not formatted (bash utils/format.sh fixes it)"
    bad=$((bad + 1))
  fi
done
echo "format.sh: ${#files[@]} files checked, $bad not formatted"
[ "$bad" -eq 0 ]
