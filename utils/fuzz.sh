#!/usr/bin/env bash
# Runs one libFuzzer harness of tools/nnc-fuzz for SECONDS:
#   bash utils/fuzz.sh NAME SECONDS [libFuzzer options...]
# NAME: onnx-import, model-file, safetensors, npy or cpu-pipeline.
# Builds the harnesses in <repo>/build-fuzz (clang-22, ASan + UBSan, from
# `utils/setup.sh --fuzz`), seeds build-fuzz/corpus/NAME once from the
# repository's inputs (conformance models, examples, lit tests) and keeps
# what the fuzzer adds there; a finding is written to
# build-fuzz/findings/NAME/ and the run exits non-zero. Replay one with
#   build-fuzz/bin/nnc-fuzz-NAME FILE
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 2 ]; then
  sed -n '2,11p' "${BASH_SOURCE[0]}"
  exit 2
fi
name=$1 seconds=$2
shift 2
case "$name" in
  onnx-import|model-file|safetensors|npy|cpu-pipeline) ;;
  *) echo "fuzz.sh: unknown harness '$name'" >&2; exit 2 ;;
esac
bash "$root/utils/setup.sh" --fuzz >/dev/null
build="$root/build-fuzz"
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1
if [ ! -f "$build/build.ninja" ]; then
  (cd "$root" && cmake --preset fuzz >/dev/null)
fi
cmake --build "$build" --target "nnc-fuzz-$name" -- -j"$(nproc)" >/dev/null

corpus="$build/corpus/$name" findings="$build/findings/$name"
mkdir -p "$corpus" "$findings"
if [ -z "$(ls -A "$corpus")" ]; then
  case "$name" in
    onnx-import)
      i=0
      for f in /usr/share/libonnx-testdata/data/node/*/model.onnx; do
        cp "$f" "$corpus/conformance-$((i++)).onnx"
      done
      for m in $(/usr/bin/python3 -c "import sys; sys.path.insert(0, '$root/test/Import/Inputs'); import onnx_models; print(' '.join(onnx_models.MODELS))"); do
        /usr/bin/python3 "$root/test/Import/Inputs/onnx_models.py" "$m" "$corpus/lit-$m.onnx"
      done ;;
    model-file) cp "$root"/examples/models/*.json "$corpus/" ;;
    safetensors) cp "$root"/examples/models/*.safetensors "$corpus/" ;;
    npy) cp "$root"/examples/models/*.npy "$corpus/" ;;
    cpu-pipeline)
      # Lit tests of nn programs, split at their `// -----` markers.
      /usr/bin/python3 - "$root/test" "$corpus" <<'PY'
import pathlib, sys
n = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.mlir")):
    text = f.read_text()
    if "nn." not in text:
        continue
    for part in text.split("// -----"):
        if "func.func" in part and len(part) < 20000:
            (pathlib.Path(sys.argv[2]) / f"lit-{n}.mlir").write_text(part)
            n += 1
PY
      ;;
  esac
fi
echo "fuzz.sh: $name for $seconds s, corpus $(ls "$corpus" | wc -l) files"
exec "$build/bin/nnc-fuzz-$name" -max_total_time="$seconds" -timeout=60 \
  -rss_limit_mb=6144 -print_final_stats=1 -artifact_prefix="$findings/" \
  "$@" "$corpus"
