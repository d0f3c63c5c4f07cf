#!/usr/bin/env bash
# bench/train-knobs.sh: training settings, each against the default, side by side in one run.
#
#   bench/train-knobs.sh [--docs N] [--rounds R] [--start-round N] [--variants LIST] [--batch-size N] [--out DIR]
#
# Prepares web snippets once (N training lines, default 2000, and N/4 test lines taken evenly through
# the files; --docs 0: all of them, into work/bench/data/snippets-prepared), then runs one epoch of
# `deploy/textrnn train` per variant (--epochs 1 --patience 0 --baseline false):
#   default      as a user runs it: local[2], OMP_NUM_THREADS=1, Java serialisation, training batches
#                stored MEMORY_AND_DISK_SER, ND4J workspaces ENABLED (DL4J's default),
#                --prefetch 0 (the default since this measurement; it was 2)
#   omp2         OMP_NUM_THREADS=2
#   kryo         -Dspark.serializer=org.apache.spark.serializer.KryoSerializer
#                -Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator
#   memory-only  -Dtextrnn.bench.storageLevel=MEMORY_ONLY (ParameterAveragingTrainingMaster's batches)
#   ws-none      -Dtextrnn.bench.workspaceMode=NONE (training and inference workspaces)
#   prefetch2    --prefetch 2 (the default before this measurement)
#   l1-omp1      local[1], OMP_NUM_THREADS=1 (the reference for l1-omp2)
#   l1-omp2      local[1], OMP_NUM_THREADS=2
# in this order in odd rounds and in reverse order in even rounds (--rounds R, default 2). The
# textrnn.bench.* properties exist only while this measurement is in progress (see RESULTS.md).
# --variants: comma-separated subset (default: all but memory-only and ws-none, which need the measurement
# switches of commit 125bd2a: git cherry-pick -n 125bd2a; default and l1-omp1 are added where needed).
# Per run: train_s (the epoch's training seconds, from the bundle's metrics.jsonl), samples/s
# (training documents / train_s), wall_s and cpu_s (the whole JVM, user+sys, /usr/bin/time).
# Ratios: variant / its reference of the same round (samples/s: > 1 is faster; CPU: reference / variant,
# > 1 is less CPU). The machine is shared: compare ratios and CPU seconds, not absolute times.
# Results: OUT/results.json, OUT/results.md, OUT/runs.tsv (OUT defaults to work/bench/train-knobs-<UTC time>).
set -euo pipefail
SWITCH_COMMIT=125bd2a # the commit with the textrnn.bench.* measurement switches
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=train-knobs
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
DOCS=2000
ROUNDS=2
START_ROUND=1
BATCH=128
OUT=""
ALL="default omp2 kryo memory-only ws-none prefetch2 l1-omp1 l1-omp2"
VARIANTS="default omp2 kryo prefetch2 l1-omp1 l1-omp2" # memory-only and ws-none: see below
while [[ $# -gt 0 ]]; do
  case "$1" in
    --docs) DOCS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --start-round) START_ROUND="$2"; shift 2 ;;
    --variants) VARIANTS="${2//,/ }"; shift 2 ;;
    --batch-size) BATCH="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "train-knobs: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$DOCS" =~ ^[0-9]+$ && ( "$DOCS" -eq 0 || "$DOCS" -ge 100 ) ]] || { echo "train-knobs: --docs must be 0 (all) or an integer >= 100, found '$DOCS'" >&2; exit 2; }
bench_positive --rounds "$ROUNDS"
bench_positive --start-round "$START_ROUND"
bench_positive --batch-size "$BATCH"
for v in $VARIANTS; do
  [[ " $ALL " == *" $v "* ]] || { echo "train-knobs: unknown variant '$v' in --variants (one of: $ALL)" >&2; exit 2; }
done
# every variant needs its reference in the same round
case " $VARIANTS " in *" l1-omp2 "*) [[ " $VARIANTS " == *" l1-omp1 "* ]] || VARIANTS="l1-omp1 $VARIANTS" ;; esac
if [[ -n "$(echo " $VARIANTS " | tr ' ' '\n' | grep -v -x -e '' -e l1-omp1 -e l1-omp2 -e default)" && " $VARIANTS " != *" default "* ]]; then
  VARIANTS="default $VARIANTS"
fi
ORDER=()
for v in $ALL; do [[ " $VARIANTS " == *" $v "* ]] && ORDER+=("$v"); done
bench_require_time
bench_require_build
# memory-only and ws-none need the measurement switches (textrnn.bench.*), which were taken out of the
# code again once measured (see RESULTS.md): refuse rather than measure the default twice
for v in "${ORDER[@]}"; do
  case "$v" in
    memory-only) prop=textrnn.bench.storageLevel; cls="$ROOT/jobs/target/classes/org/textrnn/train/TrainJob.class" ;;
    ws-none) prop=textrnn.bench.workspaceMode; cls="$ROOT/common/target/classes/org/textrnn/model/NetworkFactory.class" ;;
    *) continue ;;
  esac
  grep -q "$prop" "$cls" 2>/dev/null || { echo "train-knobs: variant $v needs the -D$prop switch, which this build does not have;" \
    "apply it (git cherry-pick -n $SWITCH_COMMIT), build, and run again; or leave $v out of --variants" >&2; exit 2; }
done
bench_web_snippets
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/train-knobs-$STAMP}"
mkdir -p "$OUT" "$ROOT/work/bench/data"
LOG="$OUT/runs.tsv"
printf 'variant\tround\tsamples\ttrain_s\twall_s\tcpu_s\tload1\tstatus\n' > "$LOG"

# prepared data, once (generated under work/, never committed)
slice() { # file lines: every k-th line, so that the slice holds every class (the files are sorted by class)
  awk -v n="$2" -v total="$(wc -l < "$1")" 'BEGIN { k = total / n; if (k < 1) k = 1; next_pick = 0 }
    NR - 1 >= next_pick && picked < n { print; picked++; next_pick += k }' "$1"
}
if [[ "$DOCS" -eq 0 ]]; then
  PREPARED="$ROOT/work/bench/data/snippets-prepared"
  TRAIN_IN="$DATA/train.txt"; TEST_IN="$DATA/test.txt"
else
  PREPARED="$ROOT/work/bench/data/snippets-$DOCS-prepared"
  TRAIN_IN="$ROOT/work/bench/data/snippets-train-$DOCS.txt"; TEST_IN="$ROOT/work/bench/data/snippets-test-$DOCS.txt"
  slice "$DATA/train.txt" "$DOCS" > "$TRAIN_IN"
  slice "$DATA/test.txt" "$((DOCS / 4))" > "$TEST_IN"
fi
if [[ ! -f "$PREPARED/stats.json" ]]; then
  echo "train-knobs: preparing $TRAIN_IN and $TEST_IN into $PREPARED (once)" >&2
  TEXTRNN_MASTER='local[2]' "$ROOT/deploy/textrnn" prepare --input "train=$TRAIN_IN" --input "test=$TEST_IN" --format last-word-label \
    --output "$PREPARED" --overwrite > "$OUT/prepare.log" 2>&1 \
    || { echo "train-knobs: prepare failed, see $OUT/prepare.log" >&2; tail -n 5 "$OUT/prepare.log" >&2; exit 1; }
fi

run_train() { # variant round
  local v="$1" round="$2" master='local[2]' omp=1 opts="" extra=() model="$OUT/models/$1-$2" status=0
  case "$v" in
    default) ;;
    omp2) omp=2 ;;
    kryo) opts="-Dspark.serializer=org.apache.spark.serializer.KryoSerializer -Dspark.kryo.registrator=org.nd4j.kryo.Nd4jRegistrator" ;;
    memory-only) opts="-Dtextrnn.bench.storageLevel=MEMORY_ONLY" ;;
    ws-none) opts="-Dtextrnn.bench.workspaceMode=NONE" ;;
    prefetch2) extra=(--prefetch 2) ;;
    l1-omp1) master='local[1]' ;;
    l1-omp2) master='local[1]'; omp=2 ;;
  esac
  local load1
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  OMP_NUM_THREADS="$omp" TEXTRNN_MASTER="$master" TEXTRNN_JAVA_OPTS="$opts" /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" \
    "$ROOT/deploy/textrnn" train --data "$PREPARED" --model "$model" --epochs 1 --patience 0 --baseline false \
    --batch-size "$BATCH" --overwrite "${extra[@]}" > "$OUT/$v-$round.log" 2>&1 || status=$?
  if [[ ${status:-0} -ne 0 ]]; then
    # a run that failed after its epoch (e.g. Kryo cannot serialise the Java records of the closing evaluation)
    # still has the epoch's figures; its wall and CPU seconds are then not comparable
    [[ -f "$model/metrics.jsonl" ]] || { echo "train-knobs: $v (round $round) failed, see $OUT/$v-$round.log" >&2; tail -n 5 "$OUT/$v-$round.log" >&2; exit 1; }
    echo "train-knobs: $v (round $round) failed after its epoch (see $OUT/$v-$round.log); its train_s counts, its wall and CPU s do not" >&2
  fi
  python3 - "$model/metrics.jsonl" "$OUT/time.tmp" "$v" "$round" "$load1" "$OUT/$v-$round.log" "${status:-0}" >> "$LOG" <<'PY'
import json, re, sys
m = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][0]
wall, user, sys_ = (float(x) for x in open(sys.argv[2]).read().split()[-3:])
samples = int(re.search(r"train: (\d+) training documents", open(sys.argv[6]).read()).group(1))
print(f"{sys.argv[3]}\t{sys.argv[4]}\t{samples}\t{m['train_seconds']}\t{wall:.2f}\t{user + sys_:.2f}\t{sys.argv[5]}\t{'ok' if sys.argv[7] == '0' else 'failed-after-epoch'}")
PY
  tail -n 1 "$LOG" >&2
  rm -rf "$model" # a bundle per run is not needed afterwards; the log and runs.tsv are
}

for ((r = START_ROUND; r < START_ROUND + ROUNDS; r++)); do
  round=("${ORDER[@]}")
  if (( r % 2 == 0 )); then
    round=()
    for ((i = ${#ORDER[@]} - 1; i >= 0; i--)); do round+=("${ORDER[i]}"); done
  fi
  for v in "${round[@]}"; do run_train "$v" "$r"; done
done

python3 - "$OUT" "$STAMP" "$DOCS" "$BATCH" <<'PY'
import json, os, statistics, sys
out, stamp, docs, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "runs.tsv"))][1:]
runs = [dict(variant=r[0], round=int(r[1]), samples=int(r[2]), train_s=float(r[3]), wall_s=float(r[4]), cpu_s=float(r[5]), load1=float(r[6]),
             status=r[7]) for r in rows]
for r in runs:
    r["samples_per_s"] = round(r["samples"] / r["train_s"], 1)
ref = {"l1-omp2": "l1-omp1"}
by = {(r["variant"], r["round"]): r for r in runs}
ratios = {}
for r in runs:
    base = ref.get(r["variant"], "default") if r["variant"] not in ("default", "l1-omp1") else None
    if base and (base, r["round"]) in by:
        b = by[(base, r["round"])]
        ratios.setdefault(r["variant"], {"reference": base, "samples_per_s": [], "cpu": []})
        ratios[r["variant"]]["samples_per_s"].append(round(r["samples_per_s"] / b["samples_per_s"], 2))
        if r["status"] == "ok" and b["status"] == "ok":
            ratios[r["variant"]]["cpu"].append(round(b["cpu_s"] / r["cpu_s"], 2))
for v in ratios.values():
    v["samples_per_s_median"] = round(statistics.median(v["samples_per_s"]), 2)
    v["cpu_median"] = round(statistics.median(v["cpu"]), 2) if v["cpu"] else None
result = {"date": stamp, "cores": os.cpu_count(), "train_lines": docs or "all", "batch_size": batch,
          "load_average_end": open("/proc/loadavg").read().split()[:3], "runs": runs, "ratios": ratios}
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
md = [f"train knobs, {stamp}, {os.cpu_count()} cores, {docs or 'all'} training lines, batch {batch}, one epoch; "
      f"load average at the end {' '.join(result['load_average_end'])}", "",
      "| variant | round | train docs | train s | samples/s | wall s | CPU s | load1 at start | status |", "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
md += [f"| {r['variant']} | {r['round']} | {r['samples']} | {r['train_s']} | {r['samples_per_s']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['load1']} | {r['status']} |" for r in runs]
md += ["", "| variant | vs | samples/s ratio per round | median | CPU ratio (ref/variant) per round | median |", "|---|---|---|---:|---|---:|"]
md += [f"| {k} | {v['reference']} | {', '.join(map(str, v['samples_per_s']))} | {v['samples_per_s_median']} | {', '.join(map(str, v['cpu'])) or '-'} | {v['cpu_median'] if v['cpu_median'] is not None else '-'} |"
       for k, v in ratios.items()]
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
