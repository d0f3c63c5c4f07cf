#!/usr/bin/env bash
# bench/train-batching.sh: `train --batching padded` against `--batching length-buckets`, side by side
# in one run: training samples/s, CPU, accuracy per epoch (time-to-accuracy), test accuracy, and the
# scoring docs/s of the two models.
#
#   bench/train-batching.sh [--epochs N] [--rounds R] [--start-round N] [--data PREPARED]
#                           [--threshold ACC] [--replicas N] [--out DIR]
#
# --data: a prepare output of web snippets (default: made once by this script from
#         ../shared/data/web-snippets train + test into work/bench/data/snippets-prepared).
# Each round trains both variants with the default recipe and seed 42 for --epochs (default 6)
# epochs, --patience 0 and no closing baselines, in the order padded, length-buckets (reversed in
# even rounds; --start-round 2 reverses a single round), then scores web snippets train + test
# repeated --replicas times (default 4: 49,360 documents) with each model.
# Per training run: samples/s of each epoch (train_seconds of metrics.jsonl: the fit alone),
# validation accuracy after each epoch, the seconds of fitting until validation accuracy first
# reaches --threshold (default 0.90), the best epoch's test accuracy and macro-F1, and the
# whole JVM's wall and CPU seconds (/usr/bin/time). Per score run: docs/s (the job's own
# seconds from summary.json) and docs per CPU-second.
# Master: TEXTRNN_MASTER (default local[2]). Build first: mvn -o -q -DskipTests package.
# Results: OUT/results.json and OUT/results.md (OUT defaults to work/bench/batching-<UTC time>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=train-batching
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
EPOCHS=6
ROUNDS=1
START_ROUND=1
PREPARED=""
THRESHOLD=0.90
REPLICAS=4
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --epochs) EPOCHS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --start-round) START_ROUND="$2"; shift 2 ;;
    --data) PREPARED="$2"; shift 2 ;;
    --threshold) THRESHOLD="$2"; shift 2 ;;
    --replicas) REPLICAS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) echo "train-batching: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
bench_positive --epochs "$EPOCHS"
bench_positive --rounds "$ROUNDS"
bench_positive --start-round "$START_ROUND"
bench_positive --replicas "$REPLICAS"
[[ "$THRESHOLD" =~ ^0?\.[0-9]+$ ]] || { echo "train-batching: --threshold must be an accuracy in (0, 1), found '$THRESHOLD'" >&2; exit 2; }
bench_require_time
bench_require_build
bench_web_snippets
export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/batching-$STAMP}"
mkdir -p "$OUT" "$ROOT/work/bench/data"

if [[ -z "$PREPARED" ]]; then
  PREPARED="$ROOT/work/bench/data/snippets-prepared"
  if [[ ! -f "$PREPARED/_SUCCESS" ]]; then
    echo "train-batching: preparing web snippets into $PREPARED (once)" >&2
    "$ROOT/deploy/textrnn" prepare --input "train=$DATA/train.txt" --input "test=$DATA/test.txt" --format last-word-label \
      --output "$PREPARED" --overwrite > "$OUT/prepare.log" 2>&1 || { echo "train-batching: prepare failed, see $OUT/prepare.log" >&2; exit 1; }
  fi
fi
[[ -f "$PREPARED/stats.json" ]] || { echo "train-batching: --data $PREPARED is not a prepare output" >&2; exit 2; }
SCORE_INPUT="$ROOT/work/bench/data/snippets-x$REPLICAS.txt"
: > "$SCORE_INPUT"
for ((i = 0; i < REPLICAS; i++)); do cat "$DATA/train.txt" "$DATA/test.txt" >> "$SCORE_INPUT"; done

RUNS="$OUT/runs.tsv"
printf 'kind\tvariant\tround\tdir\twall_s\tcpu_s\n' > "$RUNS"

timed() { # kind variant round dir log command...
  local kind="$1" variant="$2" round="$3" dir="$4" log="$5"
  shift 5
  /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" "$@" > "$log" 2>&1 \
    || { echo "train-batching: $kind $variant (round $round) failed, see $log" >&2; exit 1; }
  read -r wall user sys < <(tail -n 1 "$OUT/time.tmp")
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$kind" "$variant" "$round" "$dir" "$wall" "$(python3 -c "print(round($user + $sys, 2))")" >> "$RUNS"
  echo "train-batching: $kind $variant round $round: wall ${wall}s" >&2
}

for ((r = START_ROUND; r < START_ROUND + ROUNDS; r++)); do
  variants=(padded length-buckets)
  (( r % 2 == 0 )) && variants=(length-buckets padded)
  for v in "${variants[@]}"; do
    model="$OUT/models/$v-$r"
    timed train "$v" "$r" "$model" "$OUT/train-$v-$r.log" "$ROOT/deploy/textrnn" train --data "$PREPARED" --model "$model" \
      --epochs "$EPOCHS" --patience 0 --batching "$v" --baseline false --seed 42 --overwrite
  done
  for v in "${variants[@]}"; do
    table="$OUT/tables/$v-$r"
    rm -rf "$table"
    timed score "$v" "$r" "$table" "$OUT/score-$v-$r.log" "$ROOT/deploy/textrnn" score --model "$OUT/models/$v-$r" \
      --input "$SCORE_INPUT" --format last-word-label --table "$table" --run-date 2026-11-28 --run-id "bench-$v"
  done
done

python3 - "$OUT" "$TEXTRNN_MASTER" "$STAMP" "$THRESHOLD" "$PREPARED" <<'PY'
import json, os, statistics, sys
out, master, stamp, threshold, prepared = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
stats = json.load(open(os.path.join(prepared, "stats.json")))
train_docs = stats["splits"]["train"]["documents"]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "runs.tsv"))][1:]
result = {"date": stamp, "master": master, "cores": os.cpu_count(), "load_average": open("/proc/loadavg").read().split()[:3],
          "threshold": threshold, "prepared": prepared, "train": [], "score": []}
for kind, variant, rnd, d, wall, cpu in rows:
    run = {"variant": variant, "round": int(rnd), "wall_s": float(wall), "cpu_s": float(cpu)}
    if kind == "train":
        epochs = [json.loads(l) for l in open(os.path.join(d, "metrics.jsonl"))]
        fit = 0.0
        reached = None
        for e in epochs:
            fit += e["train_seconds"]
            if reached is None and e["validation_accuracy"] >= threshold:
                reached = {"epoch": e["epoch"], "fit_s": round(fit, 1)}
        test = json.load(open(os.path.join(d, "test-metrics.json")))
        run.update(samples_per_s=[e["samples_per_second"] for e in epochs],
                   median_samples_per_s=statistics.median(e["samples_per_second"] for e in epochs),
                   fit_s=round(fit, 1), validation_accuracy=[e["validation_accuracy"] for e in epochs],
                   reached_threshold=reached, test_accuracy=test["accuracy"], test_macro_f1=test["macro_f1"], best_epoch=test["epoch"])
        result["train"].append(run)
    else:
        s = json.load(open(os.path.join(d, "_textrnn_runs/run_date=2026-11-28/summary.json")))
        run.update(docs=s["scored"], job_s=s["seconds"], docs_per_s=round(s["scored"] / s["seconds"], 1),
                   docs_per_cpu_s=round(s["scored"] / float(cpu), 1))
        result["score"].append(run)

def ratios(kind, key, higher_better=True):
    by = {}
    for r in result[kind]:
        by.setdefault(r["round"], {})[r["variant"]] = r[key]
    out = []
    for rnd, v in sorted(by.items()):
        if "padded" in v and "length-buckets" in v:
            out.append(round(v["length-buckets"] / v["padded"] if higher_better else v["padded"] / v["length-buckets"], 2))
    return out
result["buckets_over_padded"] = {"train_median_samples_per_s": ratios("train", "median_samples_per_s"),
                                  "train_cpu": ratios("train", "cpu_s", False), "score_docs_per_s": ratios("score", "docs_per_s"),
                                  "score_cpu": ratios("score", "cpu_s", False)}
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
md = [f"train --batching padded vs length-buckets, {stamp}, master {master}, {os.cpu_count()} cores, "
      f"load average at the end {' '.join(result['load_average'])}; {train_docs} training documents", "",
      f"| variant | round | samples/s per epoch | fit s | val. accuracy per epoch | fit s to val. acc. {threshold} | test acc. | test macro-F1 | wall s | CPU s |",
      "|---|---:|---|---:|---|---:|---:|---:|---:|---:|"]
for r in result["train"]:
    reach = f"{r['reached_threshold']['fit_s']} (epoch {r['reached_threshold']['epoch']})" if r["reached_threshold"] else "not reached"
    md.append(f"| {r['variant']} | {r['round']} | {', '.join(str(x) for x in r['samples_per_s'])} | {r['fit_s']} | "
              f"{', '.join(f'{x:.3f}' for x in r['validation_accuracy'])} | {reach} | {r['test_accuracy']:.4f} | {r['test_macro_f1']:.4f} | "
              f"{r['wall_s']:.0f} | {r['cpu_s']:.0f} |")
md += ["", "| score | round | docs | job s | docs/s | wall s | CPU s | docs/CPU-s |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
for r in result["score"]:
    md.append(f"| {r['variant']} | {r['round']} | {r['docs']} | {r['job_s']:.1f} | {r['docs_per_s']:.0f} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['docs_per_cpu_s']:.0f} |")
b = result["buckets_over_padded"]
md += ["", f"length-buckets / padded, per round: training samples/s (median epoch) {b['train_median_samples_per_s']}, "
       f"training CPU {b['train_cpu']}, scoring docs/s {b['score_docs_per_s']}, scoring CPU {b['score_cpu']}"]
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
