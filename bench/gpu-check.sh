#!/usr/bin/env bash
# bench/gpu-check.sh: which ND4J backend and device the current build trains on, and its samples/s.
#
#   bench/gpu-check.sh [--docs N] [--out DIR] [--batch-size N]
#
# Build first: `mvn -o -q -DskipTests package -Pcuda` on a machine with an NVIDIA GPU (driver for
# CUDA 11.6; the CUDA 11.6 / cuDNN 8.3 libraries on the library path), or the default CPU build.
# In one go, on a slice of web snippets (N training lines, default 2000, and N/4 test lines, taken
# evenly through the files): prints the ND4J backend, the device(s) with their memory and a matrix-multiply probe,
# then runs prepare and one epoch of train and prints the epoch's samples/s. With the CPU build it
# says so and runs the same steps on the CPU (that is how it is tested without a GPU).
# Master: TEXTRNN_MASTER, default local[1] for CUDA (one training worker per GPU) and local[2] for CPU.
# Output: OUT (default work/bench/gpu-check-<UTC time>) with gpu-check.json and the logs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=gpu-check
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
DOCS=2000
BATCH=128
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) DOCS="$2"; shift 2 ;;
    --batch-size) BATCH="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "gpu-check: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$DOCS" =~ ^[1-9][0-9]*$ && "$DOCS" -ge 100 ]] || { echo "gpu-check: --docs must be an integer >= 100, found '$DOCS'" >&2; exit 2; }
CLASSPATH_FILE="$ROOT/jobs/target/launcher.classpath"
[[ -f "$CLASSPATH_FILE" && -d "$BENCH_CLASSES/org/textrnn/bench" ]] \
  || { echo "gpu-check: build first: (cd $ROOT && mvn -o -q -DskipTests package -Pcuda)   (or without -Pcuda for the CPU)" >&2; exit 2; }
bench_web_snippets

if grep -q 'nd4j-cuda-' "$CLASSPATH_FILE"; then
  BUILD=cuda
  export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[1]}"
else
  BUILD=cpu
  export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
fi
OUT="${OUT:-$ROOT/work/bench/gpu-check-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$OUT"
echo "gpu-check: $BUILD build (ND4J backend on the class path: $(tr ':' '\n' < "$CLASSPATH_FILE" | grep -o -m1 -E 'nd4j-(cuda-[0-9.]+|native)-[^/]*\.jar'))"

# 1. backend and device
OPENS=("@$ROOT/conf/jvm-flags.txt")  # the module flags of deploy/textrnn and the tests (one list)
if ! java "${OPENS[@]}" -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$(bench_classpath)" org.textrnn.bench.BackendInfo \
    > "$OUT/backend.json" 2> "$OUT/backend.log"; then
  echo "gpu-check: ND4J could not start its backend; the end of $OUT/backend.log:" >&2
  tail -n 15 "$OUT/backend.log" >&2
  [[ $BUILD == cuda ]] && echo "gpu-check: is there a GPU (nvidia-smi), a driver for CUDA 11.6, and CUDA 11.6 / cuDNN 8.3 on LD_LIBRARY_PATH?" >&2
  exit 1
fi
python3 - "$OUT/backend.json" "$BUILD" <<'PY'
import json, sys
b = json.load(open(sys.argv[1])); env = b["environment"]
print(f"backend: {b['backend_class']} ({env.get('backend', '?')}, BLAS {env.get('blas.vendor', '?')})")
devices = env.get("cuda.availableDevices")
if devices:
    for i, d in enumerate(devices):
        print(f"device {i}: {d.get('cuda.deviceName', '?')}, {int(d.get('cuda.totalMemory', 0)) / 2**30:.1f} GiB total, "
              f"{int(d.get('cuda.freeMemory', 0)) / 2**30:.1f} GiB free")
else:
    print(f"device: CPU ({env.get('cores', '?')} cores, {int(env.get('memory.available', 0)) / 2**30:.1f} GiB available to the JVM)"
          + (" - this is the CPU build: build with -Pcuda for the GPU" if sys.argv[2] == "cpu" else ""))
print(f"matmul probe: {b['matmul_n']}x{b['matmul_n']} float32, {b['matmul_gflops']} GFLOP/s")
PY

# 2. prepare + one epoch of training on a slice of web snippets
# every k-th line, so that the slice holds every class (the files are sorted by class)
slice() { # file lines
  awk -v n="$2" -v total="$(wc -l < "$1")" 'BEGIN { k = total / n; if (k < 1) k = 1; next_pick = 0 }
    NR - 1 >= next_pick && picked < n { print; picked++; next_pick += k }' "$1"
}
slice "$DATA/train.txt" "$DOCS" > "$OUT/train.txt"
slice "$DATA/test.txt" "$((DOCS / 4))" > "$OUT/test.txt"
start=$(date +%s)
"$ROOT/deploy/textrnn" prepare --input "train=$OUT/train.txt" --input "test=$OUT/test.txt" --format last-word-label \
  --output "$OUT/prepared" --overwrite > "$OUT/prepare.log" 2>&1 \
  || { echo "gpu-check: prepare failed, see $OUT/prepare.log" >&2; tail -n 5 "$OUT/prepare.log" >&2; exit 1; }
"$ROOT/deploy/textrnn" train --data "$OUT/prepared" --model "$OUT/model" --epochs 1 --patience 0 --baseline false \
  --batch-size "$BATCH" --overwrite > "$OUT/train.log" 2>&1 \
  || { echo "gpu-check: train failed, see $OUT/train.log" >&2; tail -n 5 "$OUT/train.log" >&2; exit 1; }
python3 - "$OUT" "$BUILD" "$TEXTRNN_MASTER" "$DOCS" "$BATCH" "$(( $(date +%s) - start ))" <<'PY'
import json, os, sys
out, build, master, docs, batch, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
epoch = [json.loads(l) for l in open(os.path.join(out, "model", "metrics.jsonl")) if l.strip()][0]
backend = json.load(open(os.path.join(out, "backend.json")))
result = {"build": build, "master": master, "train_lines": docs, "batch_size": batch, "backend": backend,
          "epoch": epoch, "prepare_and_train_seconds": total}
json.dump(result, open(os.path.join(out, "gpu-check.json"), "w"), indent=2)
where = "GPU" if build == "cuda" else "CPU"
print(f"one epoch on {where} ({master}, batch {batch}): {epoch['samples_per_second']} samples/s, "
      f"{epoch['train_seconds']} s training, validation accuracy {epoch['validation_accuracy']}")
print(f"gpu-check: done in {total} s (prepare + train); {out}/gpu-check.json")
PY
