#!/usr/bin/env bash
# bench/flops-share.sh: the LSTM's achieved FLOP/s as a share of the machine's matrix-multiply peak.
#
#   bench/flops-share.sh [--model DIR] [--threads "1 2"] [--docs N] [--fit-batches N] [--out DIR]
#
# Runs org.textrnn.bench.FlopsShareBench once per thread count (OMP_NUM_THREADS, default "1 2"):
# analytic FLOPs per token and per document of the network (--model: a bundle's bundle.json; without
# it train's defaults, vocabulary 5000, 8 classes, max length 29), BackendInfo's float32 matmul probe
# at 1024^3 and at the LSTM's per-step GEMM shapes (the highest is "peak"), then the achieved GFLOP/s
# of MultiLayerNetwork.output on --docs (2048) padded documents in batches of 256, and of fit on
# --fit-batches (60) minibatches of 64, each as a share of that peak. No Spark.
# Output: OUT/results.json, OUT/results.md (OUT defaults to work/bench/flops-share-<UTC time>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=flops-share
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
MODEL=""
THREADS="1 2"
DOCS=2048
FIT_BATCHES=60
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --docs) DOCS="$2"; shift 2 ;;
    --fit-batches) FIT_BATCHES="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "flops-share: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -z "$MODEL" || -f "$MODEL/bundle.json" ]] || { echo "flops-share: --model $MODEL is not a model bundle (no bundle.json)" >&2; exit 2; }
for t in $THREADS; do
  [[ "$t" =~ ^[1-9][0-9]*$ ]] || { echo "flops-share: --threads takes positive integers, found '$t'" >&2; exit 2; }
done
bench_positive --docs "$DOCS"
bench_positive --fit-batches "$FIT_BATCHES"
bench_require_class org.textrnn.bench.FlopsShareBench
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/flops-share-$STAMP}"
mkdir -p "$OUT"
OPENS=("@$ROOT/conf/jvm-flags.txt")  # the module flags of deploy/textrnn and the tests (one list)
ARGS=(--docs "$DOCS" --fit-batches "$FIT_BATCHES")
[[ -n "$MODEL" ]] && ARGS+=(--model "$MODEL")
for t in $THREADS; do
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  OMP_NUM_THREADS="$t" java "${OPENS[@]}" -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$(bench_classpath)" \
    org.textrnn.bench.FlopsShareBench "${ARGS[@]}" 2> "$OUT/threads-$t.log" | tail -n 1 > "$OUT/threads-$t.json" \
    || { echo "flops-share: the bench failed with $t thread(s), see $OUT/threads-$t.log" >&2; tail -n 5 "$OUT/threads-$t.log" >&2; exit 1; }
  echo "$load1" > "$OUT/threads-$t.load"
done

python3 - "$OUT" "$STAMP" $THREADS <<'PY'
import json, os, sys
out, stamp, threads = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = {}
for t in threads:
    r = json.load(open(os.path.join(out, f"threads-{t}.json")))
    r["load1_at_start"] = float(open(os.path.join(out, f"threads-{t}.load")).read())
    runs[t] = r
first = runs[threads[0]]
result = {"date": stamp, "cores": os.cpu_count(), "load_average_end": open("/proc/loadavg").read().split()[:3], "by_threads": runs}
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
m = first["model"]
md = [f"FLOPs share, {stamp}, {os.cpu_count()} cores, network: {first['network']}", "",
      f"analytic: {first['forward_flops_per_token'] / 1e6:.3f} MFLOP per token (time step), "
      f"{first['forward_flops_per_doc'] / 1e6:.2f} MFLOP forward per document at length {m.get('max_length', '?')}, "
      f"{first['training_flops_per_doc'] / 1e6:.2f} MFLOP per training document (3x forward)", "",
      "| threads | load1 | peak GFLOP/s (probe) | forward docs/s | forward GFLOP/s | forward % of peak | fwd GFLOP per CPU-s "
      "| training samples/s | training GFLOP/s | training % of peak | train GFLOP per CPU-s |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
for t, r in runs.items():
    f, g = r["forward"], r["training"]
    md.append(f"| {t} | {r['load1_at_start']} | {r['peak_gflops']} | {f['docs_per_s']} | {f['gflops']} | {f['share_of_peak_percent']} | "
              f"{f['gflops_per_cpu_s']} | {g['samples_per_s']} | {g['gflops']} | {g['share_of_peak_percent']} | {g['gflops_per_cpu_s']} |")
md += ["", "matmul probes (GFLOP/s, [m x k] x [k x n] as m x k x n):"]
for t, r in runs.items():
    md.append(f"- {t} thread(s): " + ", ".join(f"{k} {v}" for k, v in r["matmul_gflops"].items()))
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
