#!/usr/bin/env bash
# bench/train-throughput.sh: `textrnn train` samples/s on web snippets, side by side with single-machine
# DL4J and PyTorch running the same recipe on the same prepared data, in one run.
#
#   bench/train-throughput.sh [--rounds R] [--start-round N] [--frequencies "1 5 20"] [--omp1]
#                             [--no-pytorch] [--jfr] [--out DIR]
#   bench/train-throughput.sh --time-to-accuracy [--epochs 5] [--threshold 0.90] [--jfr] [--out DIR]
#
# Data (once, under work/bench/data, never committed): `textrnn prepare --format last-word-label` of
# web snippets train + test, and the same splits as TSV for PyTorch (SingleMachineTrainBench --export-tsv;
# validation = TrainJob's 0.1 carve-out of train by seeded id hash: 9,057 train, 1,003 validation rows).
#
# Throughput (default): one epoch of each variant, in this order in odd rounds, reversed in even ones:
#   textrnn-fF  deploy/textrnn train --epochs 1 --averaging-frequency F --baseline false, for each F of
#               --frequencies (default 1 5 20), on TEXTRNN_MASTER (default local[2]): 2 workers x 64;
#   dl4j-omp2   org.textrnn.bench.SingleMachineTrainBench: the same network (built by NetworkFactory from
#               train's own options), MultiLayerNetwork.fit on batches of 128, one JVM, OMP_NUM_THREADS=2;
#   pytorch     bench/pytorch_recipe.py --threads 2 (needs python3-torch);
#   dl4j-omp1   (only with --omp1: last, once per round) the same as dl4j-omp2 with OMP_NUM_THREADS=1.
# samples/s = train documents / train seconds: textrnn's train_seconds from metrics.jsonl (the fit
# part of the epoch: master, shuffle, DataSet building, fitting, averaging; validation excluded);
# the baselines' build + fit seconds (evaluation excluded). tokens/s = true tokens (sum of lengths) /
# the same seconds. cpu_s = user + sys of the whole process (/usr/bin/time), JVM start-up and Spark
# included for textrnn; fit_cpu_s = the baselines' process CPU during the epoch only.
#
# --time-to-accuracy: textrnn (default recipe, averaging frequency 5), dl4j-omp2 and pytorch, each
# --epochs epochs (default 5) with validation and test accuracy after every epoch; reports the
# cumulative train seconds per epoch and when each first reaches --threshold validation accuracy
# (default 0.90), and the final test accuracy (textrnn: its best epoch by validation macro-F1, as
# train keeps it; the baselines: their last epoch).
#
# The baselines run with OMP_WAIT_POLICY=PASSIVE unless OMP_WAIT_POLICY is set (see below).
# --jfr records textrnn-f5 (throughput) or textrnn (time to accuracy) with JFR (settings=profile) and
# prints its top frames into OUT/jfr-top.txt; every textrnn run also writes Spark's event log
# (OUT/events) for per-stage times. On a shared machine wall times swing with the load: compare the
# ratios of one run, and the CPU seconds. Results: OUT/results.json and OUT/results.md
# (OUT defaults to work/bench/train-<UTC time> or work/bench/train-tta-<UTC time>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=train-throughput
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ROUNDS=1
START_ROUND=1
FREQS="1 5 20"
OMP1=0
PYTORCH=1
JFR=0
TTA=0
EPOCHS=5
THRESHOLD=0.90
OUT=""
usage() { sed -n "2,$(grep -n "^set -euo" "$0" | cut -d: -f1)p" "$0" | sed "\$d"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="${2:-}"; shift 2 ;;
    --start-round) START_ROUND="${2:-}"; shift 2 ;;
    --frequencies) FREQS="${2:-}"; shift 2 ;;
    --omp1) OMP1=1; shift ;;
    --no-pytorch) PYTORCH=0; shift ;;
    --jfr) JFR=1; shift ;;
    --time-to-accuracy) TTA=1; shift ;;
    --epochs) EPOCHS="${2:-}"; shift 2 ;;
    --threshold) THRESHOLD="${2:-}"; shift 2 ;;
    --out) OUT="${2:-}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "train-throughput: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_positive --rounds "$ROUNDS"; bench_positive --start-round "$START_ROUND"; bench_positive --epochs "$EPOCHS"
for f in $FREQS; do bench_positive "--frequencies (each)" "$f"; done
[[ -n "${FREQS// /}" ]] || { echo "train-throughput: --frequencies needs at least one value" >&2; exit 2; }
[[ "$THRESHOLD" =~ ^0?\.[0-9]+$|^1(\.0*)?$ ]] || { echo "train-throughput: --threshold must be an accuracy in (0, 1], found '$THRESHOLD'" >&2; exit 2; }
bench_require_time
bench_require_class org.textrnn.bench.SingleMachineTrainBench
PYTHON="${TEXTRNN_PYTHON:-/usr/bin/python3}"
if [[ $PYTORCH -eq 1 ]] && ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  echo "train-throughput: PyTorch is missing for python3: apt-get install -y python3-torch (Debian), or pip install torch; --no-pytorch skips it" >&2
  exit 2
fi
bench_web_snippets
export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/train-$([[ $TTA -eq 1 ]] && echo tta-)$STAMP}"
mkdir -p "$OUT/events" "$OUT/models" "$ROOT/work/bench/data"
OUT="$(cd "$OUT" && pwd)"
# OpenMP's default spin-waiting makes 2-thread runs crawl when other processes hold the cores (measured
# here: DL4J OMP 2 and PyTorch 2 threads did not finish one epoch in 5-10 minutes); passive waiting
# is the fair setting for the baselines on a shared machine. textrnn runs 1 OpenMP thread per task.
WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
RUNS="$OUT/runs.jsonl"
: > "$RUNS"
cat /proc/loadavg > "$OUT/loadavg-start.txt"

OPENS=("@$ROOT/conf/jvm-flags.txt")  # the module flags of deploy/textrnn and the tests (one list)
CP="$(bench_classpath)"
bench_java() { java "${OPENS[@]}" -Xmx4g -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" "$@"; }

# prepared data and its TSV copy: made once, reused by later runs
PREPARED="$ROOT/work/bench/data/snippets-prepared"
TSV="$ROOT/work/bench/data/snippets-tsv"
if [[ ! -f "$PREPARED/_SUCCESS" ]]; then
  echo "train-throughput: preparing web snippets into $PREPARED (once)" >&2
  "$ROOT/deploy/textrnn" prepare --input "train=$DATA/train.txt" --input "test=$DATA/test.txt" --format last-word-label \
    --output "$PREPARED" --overwrite > "$OUT/prepare.log" 2>&1 || { echo "train-throughput: prepare failed, see $OUT/prepare.log" >&2; exit 1; }
fi
if [[ ! -f "$TSV/meta.json" || "$TSV/meta.json" -ot "$PREPARED/_SUCCESS" ]]; then
  bench_java org.textrnn.bench.SingleMachineTrainBench --data "$PREPARED" --export-tsv "$TSV" > "$OUT/export.log" 2>&1 \
    || { echo "train-throughput: exporting TSV failed, see $OUT/export.log" >&2; exit 1; }
fi
TRUE_TOKENS="$(awk -F'\t' '{s += $2} END {print s}' "$TSV/train.tsv")"

# one run: writes {"variant", "round", "wall_s", "cpu_s", "result": <the variant's own JSON or metrics>} to runs.jsonl
record() { # variant round result-file
  python3 - "$1" "$2" "$3" "$OUT/time.tmp" "$(cat /proc/loadavg)" >> "$RUNS" <<'PY'
import json, sys
variant, rnd, res, tm, load = sys.argv[1:6]
wall, user, sys_ = (float(x) for x in open(tm).read().split()[-3:])
text = open(res).read().strip()
lines = [json.loads(l) for l in text.splitlines() if l.strip()]
result = lines[0] if len(lines) == 1 and "variant" in lines[0] else lines  # a baseline's object, else textrnn's metrics lines
print(json.dumps({"variant": variant, "round": int(rnd), "wall_s": wall, "cpu_s": round(user + sys_, 2), "loadavg_after": load, "result": result}))
PY
  echo "train-throughput: $1 round $2 done ($(tail -n 1 "$RUNS" | cut -c1-160)...)" >&2
}

run_textrnn() { # variant round frequency epochs jfr
  local variant="$1" round="$2" freq="$3" epochs="$4" jfr="$5" model="$OUT/models/$1-$2" opts
  opts="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file://$OUT/events"
  [[ "$jfr" == 1 ]] && opts="$opts -XX:StartFlightRecording=filename=$OUT/$variant.jfr,settings=profile"
  TEXTRNN_JAVA_OPTS="$opts" /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" "$ROOT/deploy/textrnn" train --data "$PREPARED" --model "$model" \
    --epochs "$epochs" --patience 0 --averaging-frequency "$freq" --baseline false --overwrite > "$OUT/$variant-$round.log" 2>&1 \
    || { echo "train-throughput: $variant failed, see $OUT/$variant-$round.log" >&2; exit 1; }
  cp "$model/metrics.jsonl" "$OUT/$variant-$round.metrics.jsonl"
  [[ -f "$model/test-metrics.json" ]] && python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(json.dumps({"test_accuracy": m["accuracy"], "best_epoch": m["epoch"]}))' \
    "$model/test-metrics.json" >> "$OUT/$variant-$round.metrics.jsonl"
  record "$variant" "$round" "$OUT/$variant-$round.metrics.jsonl"
}

run_dl4j() { # variant round omp epochs evaluate
  OMP_WAIT_POLICY="$WAIT_POLICY" OMP_NUM_THREADS="$3" /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" java "${OPENS[@]}" -Xmx4g -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -cp "$CP" org.textrnn.bench.SingleMachineTrainBench --data "$PREPARED" --epochs "$4" --evaluate "$5" \
    > "$OUT/$1-$2.json" 2> "$OUT/$1-$2.log" || { echo "train-throughput: $1 failed, see $OUT/$1-$2.log" >&2; exit 1; }
  record "$1" "$2" "$OUT/$1-$2.json"
}

run_pytorch() { # round epochs evaluate
  OMP_WAIT_POLICY="$WAIT_POLICY" /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" "$PYTHON" "$ROOT/bench/pytorch_recipe.py" --data "$TSV" --epochs "$2" --threads 2 --evaluate "$3" \
    > "$OUT/pytorch-$1.json" 2> "$OUT/pytorch-$1.log" || { echo "train-throughput: pytorch failed, see $OUT/pytorch-$1.log" >&2; exit 1; }
  record pytorch "$1" "$OUT/pytorch-$1.json"
}

if [[ $TTA -eq 0 ]]; then
  for ((r = START_ROUND; r < START_ROUND + ROUNDS; r++)); do
    variants=()
    for f in $FREQS; do variants+=("textrnn-f$f"); done
    variants+=(dl4j-omp2)
    [[ $PYTORCH -eq 1 ]] && variants+=(pytorch)
    if (( r % 2 == 0 )); then
      reversed=(); for ((i = ${#variants[@]} - 1; i >= 0; i--)); do reversed+=("${variants[i]}"); done; variants=("${reversed[@]}")
    fi
    [[ $OMP1 -eq 1 ]] && variants+=(dl4j-omp1)
    for v in "${variants[@]}"; do
      case "$v" in
        textrnn-f*) f="${v#textrnn-f}"; run_textrnn "$v" "$r" "$f" 1 "$([[ $JFR -eq 1 && $f == 5 ]] && echo 1 || echo 0)" ;;
        dl4j-omp2) run_dl4j dl4j-omp2 "$r" 2 1 false ;;
        dl4j-omp1) run_dl4j dl4j-omp1 "$r" 1 1 false ;;
        pytorch) run_pytorch "$r" 1 false ;;
      esac
    done
  done
else
  run_textrnn textrnn 1 5 "$EPOCHS" "$JFR"
  run_dl4j dl4j-omp2 1 2 "$EPOCHS" true
  [[ $PYTORCH -eq 1 ]] && run_pytorch 1 "$EPOCHS" true
fi

if [[ $JFR -eq 1 ]]; then
  j="$(ls "$OUT"/textrnn*.jfr | head -n 1)"
  { echo "# $j: top frames of jdk.ExecutionSample (Java) and jdk.NativeMethodSample"
    for ev in jdk.ExecutionSample jdk.NativeMethodSample; do
      echo "## $ev, top frame"
      jfr print --events "$ev" "$j" | awk '/stackTrace = \[/{getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' | sort | uniq -c | sort -rn | head -25
      echo "## $ev, textrnn/dl4j/spark frames anywhere in the stack (inclusive)"
      jfr print --stack-depth 64 --events "$ev" "$j" | grep -oE '(org\.deeplearning4j\.spark|org\.textrnn|org\.apache\.spark\.(storage|serializer|shuffle|rdd)|org\.deeplearning4j\.nn\.multilayer)\.[A-Za-z0-9_.$]+' \
        | sort | uniq -c | sort -rn | head -25
    done
  } > "$OUT/jfr-top.txt" 2>&1 || true
fi

python3 - "$OUT" "$TEXTRNN_MASTER" "$STAMP" "$TTA" "$THRESHOLD" "$TRUE_TOKENS" "$TSV" <<'PY'
import json, os, statistics, sys
out, master, stamp, tta, threshold, true_tokens = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", float(sys.argv[5]), int(sys.argv[6])
runs = [json.loads(l) for l in open(os.path.join(out, "runs.jsonl")) if l.strip()]
meta = json.load(open(os.path.join(sys.argv[7], "meta.json")))
n, T = meta["train"], meta["max_length"]
def epochs_of(run):
    """Per epoch: train seconds (fit part), cumulative, validation/test accuracy; plus the final test accuracy."""
    res, rows, final_test = run["result"], [], None
    if isinstance(res, list):  # textrnn metrics.jsonl (+ a test line)
        cum = 0.0
        for e in res:
            if "epoch" in e and "train_seconds" in e:
                cum += e["train_seconds"]
                rows.append({"epoch": e["epoch"], "train_s": e["train_seconds"], "cumulative_train_s": round(cum, 1),
                             "epoch_s": e.get("epoch_seconds"), "validation_accuracy": e.get("validation_accuracy"), "train_loss": e.get("train_loss")})
            elif "test_accuracy" in e:
                final_test = {"test_accuracy": e["test_accuracy"], "of_epoch": e["best_epoch"]}
    else:
        for e in res["epochs"]:
            rows.append({"epoch": e["epoch"], "train_s": e["train_s"], "cumulative_train_s": e["cumulative_train_s"],
                         "fit_cpu_s": round(e.get("fit_cpu_s", 0) + e.get("build_cpu_s", 0), 2) if "fit_cpu_s" in e else e.get("train_cpu_s"),
                         "validation_accuracy": e.get("validation_accuracy"), "test_accuracy": e.get("test_accuracy"), "train_loss": e.get("train_loss")})
        if rows and rows[-1].get("test_accuracy") is not None:
            final_test = {"test_accuracy": rows[-1]["test_accuracy"], "of_epoch": rows[-1]["epoch"]}
    return rows, final_test
result = {"date": stamp, "master": master, "cores": os.cpu_count(), "mode": "time-to-accuracy" if tta else "throughput",
          "load_average_start": open(os.path.join(out, "loadavg-start.txt")).read().split()[:3],
          "load_average_end": open("/proc/loadavg").read().split()[:3],
          "train_documents": n, "true_tokens": true_tokens, "padded_steps": n * T, "max_length": T, "runs": runs}
md = [f"train {'time to accuracy' if tta else 'throughput'}, {stamp}, master {master}, {os.cpu_count()} cores, load average "
      f"{' '.join(result['load_average_start'])} (start) / {' '.join(result['load_average_end'])} (end); {n} train documents, "
      f"{true_tokens} true tokens ({n * T} padded steps)", ""]
if not tta:
    md += ["| variant | round | train s | samples/s | tokens/s | padded steps/s | fit CPU s | process CPU s | wall s |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by = {}
    for r in runs:
        rows, _ = epochs_of(r)
        e = rows[0]
        r["summary"] = {"train_s": e["train_s"], "samples_per_s": round(n / e["train_s"], 1), "tokens_per_s": round(true_tokens / e["train_s"], 1),
                        "padded_steps_per_s": round(n * T / e["train_s"], 1), "fit_cpu_s": e.get("fit_cpu_s")}
        by.setdefault(r["variant"], []).append(r)
        s = r["summary"]
        md.append(f"| {r['variant']} | {r['round']} | {s['train_s']:.1f} | {s['samples_per_s']:.0f} | {s['tokens_per_s']:.0f} | "
                  f"{s['padded_steps_per_s']:.0f} | {s['fit_cpu_s'] if s['fit_cpu_s'] is not None else '-'} | {r['cpu_s']:.1f} | {r['wall_s']:.1f} |")
    med = {v: statistics.median([x["summary"]["samples_per_s"] for x in rs]) for v, rs in by.items()}
    cpu = {v: statistics.median([x["cpu_s"] for x in rs]) for v, rs in by.items()}
    result["median_samples_per_s"] = med
    result["median_process_cpu_s"] = cpu
    ratios = {}
    md.append("")
    for v in [v for v in med if v.startswith("textrnn")]:
        for base, target in (("dl4j-omp2", 0.8), ("pytorch", 1.0), ("dl4j-omp1", None)):
            if base in med:
                x = round(med[v] / med[base], 2)
                ratios[f"{v}/{base}"] = x
                md.append(f"{v} / {base}: samples/s {x}x" + (f" (target >= {target}x: {'met' if x >= target else 'NOT met'})" if target else "")
                          + f"; process CPU s {cpu[v]:.0f} vs {cpu[base]:.0f}")
    result["ratios_samples_per_s"] = ratios
else:
    md += ["| variant | epoch | train s | cumulative train s | validation accuracy | test accuracy |", "|---|---:|---:|---:|---:|---:|"]
    result["time_to_accuracy"] = {}
    for r in runs:
        rows, final_test = epochs_of(r)
        r["epochs_summary"] = rows
        for e in rows:
            md.append(f"| {r['variant']} | {e['epoch']} | {e['train_s']} | {e['cumulative_train_s']} | {e['validation_accuracy']} | {e.get('test_accuracy', '-') or '-'} |")
        hit = next((e for e in rows if e["validation_accuracy"] is not None and e["validation_accuracy"] >= threshold), None)
        result["time_to_accuracy"][r["variant"]] = {"threshold": threshold, "epoch": hit and hit["epoch"], "cumulative_train_s": hit and hit["cumulative_train_s"],
                                                    "final_test": final_test, "process_cpu_s": r["cpu_s"], "wall_s": r["wall_s"]}
    md.append("")
    for v, t in result["time_to_accuracy"].items():
        md.append(f"{v}: validation accuracy >= {threshold} " + (f"after epoch {t['epoch']}, {t['cumulative_train_s']} s of training" if t["epoch"] else "not reached")
                  + (f"; test accuracy {t['final_test']['test_accuracy']} (epoch {t['final_test']['of_epoch']})" if t["final_test"] else "")
                  + f"; whole process {t['wall_s']:.0f} s wall, {t['process_cpu_s']:.0f} CPU s")
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
