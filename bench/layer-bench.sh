#!/usr/bin/env bash
# bench/layer-bench.sh: CPU ms per training minibatch and per inference batch of the recurrent layers
# alone (no Spark, no embedding), textrnn's own LSTM / GRU against PyTorch and DL4J, in one run.
#
#   bench/layer-bench.sh [--rounds 5] [--steps 29] [--sequential] [--no-torch] [--no-java]
#                        [--java-args "..."] [--java-class CLASS] [--allow-any-blas] [--out DIR]
#
# Options:
#   --rounds R         measured rounds (default 5)
#   --steps T          padded sequence length, >= 5; lengths are random in 5..T (default 29)
#   --sequential       one process per side with --rounds R instead of interleaved rounds (below)
#   --no-torch         skip PyTorch;  --no-java: skip the JVM (then no build is needed)
#   --java-args "..."  more arguments for the Java class, after --rounds and --steps (split on spaces)
#   --java-class C     the Java benchmark class (default org.textrnn.bench.LayerBench)
#   --allow-any-blas   passed to layer_torch.py: measure PyTorch even if its BLAS is not OpenBLAS
#   --out DIR          output folder (default work/bench/layer-<UTC time>)
#
# Shapes (both sides): random float inputs of width 50, hidden 128, 2 stacked bidirectional layers,
# T = --steps (29) with lengths random in 5..T, a Linear(256, 2) head on the last layer's final
# states, cross-entropy, Adam lr 1e-3; training minibatches of 128, inference batches of 256. Each
# process warms up (3 training steps, 2 inference calls), then runs rounds of 4 training steps +
# 3 inference calls and reports CPU time (user + sys, all threads) per minibatch / batch.
#   torch-lstm, torch-gru   bench/layer_torch.py --cell both (Debian's /usr/bin/python3 with
#                           python3-torch and libopenblas0-pthread; TEXTRNN_PYTHON picks another
#                           interpreter); one thread; it refuses a non-OpenBLAS BLAS (exit 3)
#                           unless --allow-any-blas;
#   textrnn-lstm, textrnn-gru, dl4j-lstm
#                           org.textrnn.bench.LayerBench (bench/src/main/java; --java-class overrides), run
#                           as `LayerBench --rounds N --steps T [--java-args ...]` from the bench
#                           module's classes + jobs' classes + launcher class path, with
#                           OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE (TEXTRNN_JAVA_OPTS adds JVM
#                           options; default heap -Xmx2g). It must print, on stdout, one line per
#                           variant: SUMMARY NAME train_ms_median=.. train_ms_min=.. infer_ms_median=.. infer_ms_min=..
# Rounds: by default interleaved: in each of the --rounds rounds one PyTorch process and one JVM each
# measure a single round (--rounds 1, after their own warm-up), PyTorch first in odd rounds and the
# JVM first in even ones, so both sides see the same load; the figures are then the median and the
# minimum over rounds. --sequential: one PyTorch process and then one JVM, each with --rounds R
# (fewer JVM and warm-up costs; the two sides no longer share each round's load).
# Output (OUT defaults to work/bench/layer-<UTC time>, ignored by git): raw.log (everything every
# process printed, with a header per run), summaries.tsv (round, SUMMARY line), results.json and
# results.md: CPU ms per minibatch / batch per variant, and the ratios textrnn/torch (lstm, gru) and
# textrnn/dl4j (lstm) of the medians and of the minima (CPU ms over CPU ms: below 1 = textrnn
# cheaper). --no-torch / --no-java skip a side (its ratios read n/a). Exit status: 0; 1 if a process
# fails or an expected SUMMARY line is missing (the table is still written); 2 usage; 3 PyTorch's BLAS
# is not OpenBLAS. Needs the build (mvn -o -q -DskipTests package) unless --no-java. Run it alone: it
# measures one-thread CPU time, and a second heavy process on a 2-core machine moves the figures.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=layer-bench
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
ROUNDS=5
STEPS=29
SEQUENTIAL=0
TORCH=1
JAVA=1
JAVA_ARGS=""
JAVA_CLASS=org.textrnn.bench.LayerBench
ALLOW_ANY_BLAS=0
OUT=""
usage() { sed -n "2,$(grep -n "^set -euo" "$0" | cut -d: -f1)p" "$0" | sed "\$d" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="${2:-}"; shift 2 ;;
    --steps) STEPS="${2:-}"; shift 2 ;;
    --sequential) SEQUENTIAL=1; shift ;;
    --no-torch) TORCH=0; shift ;;
    --no-java) JAVA=0; shift ;;
    --java-args) JAVA_ARGS="${2:-}"; shift 2 ;;
    --java-class) JAVA_CLASS="${2:-}"; shift 2 ;;
    --allow-any-blas) ALLOW_ANY_BLAS=1; shift ;;
    --out) OUT="${2:-}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) bench_fail "unknown option $1 (see --help)" ;;
  esac
done
bench_positive --rounds "$ROUNDS"
bench_positive --steps "$STEPS"
[[ "$STEPS" -ge 5 ]] || bench_fail "--steps must be >= 5 (the shortest sequence), found $STEPS"
[[ $TORCH -eq 1 || $JAVA -eq 1 ]] || bench_fail "--no-torch and --no-java together leave nothing to run"
[[ "$JAVA_CLASS" =~ ^[A-Za-z_][A-Za-z0-9_.$]*$ ]] || bench_fail "--java-class must be a class name, found '$JAVA_CLASS'"

PYTHON="${TEXTRNN_PYTHON:-/usr/bin/python3}"
if [[ $TORCH -eq 1 ]] && ! "$PYTHON" -c 'import torch' 2>/dev/null; then
  bench_fail "PyTorch is missing for $PYTHON: apt-get install -y python3-torch libopenblas0-pthread (Debian); --no-torch skips it"
fi
if [[ $JAVA -eq 1 ]]; then
  bench_require_build
  [[ -f "$BENCH_CLASSES/${JAVA_CLASS//.//}.class" ]] \
    || bench_fail "$JAVA_CLASS is not in bench/target/classes: write it (bench/src/main/java) and build (cd $ROOT && mvn -o -q -DskipTests package), or --no-java"
  OPENS=("@$ROOT/conf/jvm-flags.txt")  # the module flags of deploy/textrnn and the tests (one list)
  CP="$(bench_classpath)"
  read -r -a EXTRA_JAVA_ARGS <<< "$JAVA_ARGS"
  read -r -a EXTRA_JVM_OPTS <<< "${TEXTRNN_JAVA_OPTS:-}"
fi

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/layer-$STAMP}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
RAW="$OUT/raw.log"
SUMS="$OUT/summaries.tsv"
: > "$RAW"
: > "$SUMS"
{
  echo "# layer-bench $STAMP: rounds $ROUNDS, steps $STEPS, $([[ $SEQUENTIAL -eq 1 ]] && echo sequential || echo interleaved)," \
    "torch $([[ $TORCH -eq 1 ]] && echo yes || echo no), java $([[ $JAVA -eq 1 ]] && echo "$JAVA_CLASS $JAVA_ARGS" || echo no)"
  echo "# $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# git $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] && echo ' (uncommitted changes in the tree)')"
} | tee -a "$RAW"
if [[ $JAVA -eq 1 ]]; then echo "# CP=$CP" >> "$RAW"; fi

# run_one ROUND LABEL COMMAND...: runs COMMAND, appends a header and all its output to raw.log, shows
# its progress lines, files its SUMMARY lines under ROUND; stops the script if it fails.
run_one() {
  local round="$1" label="$2" log rc
  shift 2
  log="$OUT/run.tmp"
  local shown="$*"
  [[ -n "${CP:-}" ]] && shown="${shown//"$CP"/\$CP}"
  echo "### round $round $label: $shown (start $(date -u +%H:%M:%SZ), load $(cut -d' ' -f1-3 /proc/loadavg))" >> "$RAW"
  echo "$BENCH: round $round, $label (load $(cut -d' ' -f1 /proc/loadavg))"
  set +e
  "$@" 2>&1 | tee "$log" | { grep --line-buffered -E '^(round|SUMMARY|BLAS|OpenBLAS|WARNING)' | sed -u 's/^/  /' || true; }
  rc=${PIPESTATUS[0]}
  set -e
  cat "$log" >> "$RAW"
  echo "### round $round $label: exit status $rc (end $(date -u +%H:%M:%SZ))" >> "$RAW"
  if [[ $rc -ne 0 ]]; then
    echo "$BENCH: $label failed (exit status $rc); the end of its output (all of it in $RAW):" >&2
    tail -n 15 "$log" >&2
    rm -f "$log"
    if [[ $rc -eq 3 && "$label" == torch ]]; then exit 3; fi   # layer_torch's BLAS refusal
    exit 1
  fi
  grep -E '^SUMMARY ' "$log" | sed "s/^/$round\t/" >> "$SUMS" || true
  rm -f "$log"
}

run_torch() { # round, rounds per process
  local allow=()
  if [[ $ALLOW_ANY_BLAS -eq 1 ]]; then allow=(--allow-any-blas); fi
  run_one "$1" torch env OMP_WAIT_POLICY=PASSIVE "$PYTHON" "$ROOT/bench/layer_torch.py" --cell both \
    --rounds "$2" --steps "$STEPS" "${allow[@]}"
}

run_java() { # round, rounds per process
  run_one "$1" java env OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE java "${OPENS[@]}" -Xmx2g "${EXTRA_JVM_OPTS[@]}" \
    -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" -cp "$CP" "$JAVA_CLASS" \
    --rounds "$2" --steps "$STEPS" "${EXTRA_JAVA_ARGS[@]}"
}

round_of() { # round, rounds per process, torch first (1) or the JVM first (0)
  if [[ $3 -eq 1 && $TORCH -eq 1 ]]; then run_torch "$1" "$2"; fi
  if [[ $JAVA -eq 1 ]]; then run_java "$1" "$2"; fi
  if [[ $3 -eq 0 && $TORCH -eq 1 ]]; then run_torch "$1" "$2"; fi
}
if [[ $SEQUENTIAL -eq 1 ]]; then
  round_of all "$ROUNDS" 1
else
  for ((r = 1; r <= ROUNDS; r++)); do
    round_of "$r" 1 $((r % 2))
  done
fi

python3 - "$OUT" "$STAMP" "$ROUNDS" "$STEPS" "$([[ $SEQUENTIAL -eq 1 ]] && echo sequential || echo interleaved)" \
  "$TORCH" "$JAVA" <<'PY'
import json, os, re, statistics, sys
out, stamp, rounds, steps, mode, torch_on, java_on = sys.argv[1:8]
keys = ("train_ms_median", "train_ms_min", "infer_ms_median", "infer_ms_min")
by_name, extra = {}, {}
for n, line in enumerate(open(os.path.join(out, "summaries.tsv")), 1):
    rnd, text = line.rstrip("\n").split("\t", 1)
    fields = text.split()
    if len(fields) < 2:
        sys.exit(f"layer-bench: summaries.tsv line {n}: no variant name in '{text}'")
    name = fields[1]
    kv = dict(f.split("=", 1) for f in fields[2:] if "=" in f)
    try:
        vals = {k: float(kv[k]) for k in keys}
    except (KeyError, ValueError):
        sys.exit(f"layer-bench: a SUMMARY line lacks {', '.join(keys)} as numbers: '{text}'")
    by_name.setdefault(name, []).append(dict(vals, round=rnd))
    extra[name] = {k: v for k, v in kv.items() if k not in keys}
# over rounds: the median of the per-process medians, the minimum of the per-process minima
variants = {}
for name, runs in by_name.items():
    variants[name] = {
        "train_ms_median": round(statistics.median(r["train_ms_median"] for r in runs), 2),
        "train_ms_min": round(min(r["train_ms_min"] for r in runs), 2),
        "infer_ms_median": round(statistics.median(r["infer_ms_median"] for r in runs), 2),
        "infer_ms_min": round(min(r["infer_ms_min"] for r in runs), 2),
        "processes": len(runs), "per_process": runs, **extra[name]}
pairs = [("textrnn-lstm", "torch-lstm"), ("textrnn-gru", "torch-gru"), ("textrnn-lstm", "dl4j-lstm")]
ratios = {}
for a, b in pairs:
    if a in variants and b in variants:
        ratios[f"{a}/{b}"] = {k: round(variants[a][k] / variants[b][k], 3) if variants[b][k] > 0 else None for k in keys}
    else:
        ratios[f"{a}/{b}"] = None
expected = (["torch-lstm", "torch-gru"] if torch_on == "1" else []) + (["textrnn-lstm", "textrnn-gru", "dl4j-lstm"] if java_on == "1" else [])
missing = [v for v in expected if v not in variants]
load_end = open("/proc/loadavg").read().split()[:3]
result = {"date": stamp, "mode": mode, "rounds": int(rounds), "steps": int(steps), "cores": os.cpu_count(),
          "load_average_end": load_end, "variants": variants, "ratios": ratios, "missing": missing}
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
fmt = lambda v: "n/a" if v is None else f"{v:.2f}"
md = [f"Layer bench, {stamp}: {mode}, {rounds} round(s), T={steps}, {os.cpu_count()} cores, load at the end {' '.join(load_end)}",
      "", "CPU ms per training minibatch (128) and per inference batch (256), one thread:", "",
      "| variant | train median | train min | infer median | infer min | processes |", "|---|---:|---:|---:|---:|---:|"]
order = ["torch-lstm", "torch-gru", "textrnn-lstm", "textrnn-gru", "dl4j-lstm"]
for name in order + sorted(set(variants) - set(order)):
    if name in variants:
        v = variants[name]
        md.append(f"| {name} | {fmt(v['train_ms_median'])} | {fmt(v['train_ms_min'])} | {fmt(v['infer_ms_median'])} | {fmt(v['infer_ms_min'])} | {v['processes']} |")
md += ["", "Ratios of CPU ms (below 1: textrnn cheaper):", "",
       "| ratio | train (medians) | train (minima) | infer (medians) | infer (minima) |", "|---|---:|---:|---:|---:|"]
for label, r in ratios.items():
    md.append(f"| {label} | " + " | ".join("n/a" if r is None or r[k] is None else f"{r[k]:.3f}" for k in keys) + " |")
for name in ("torch-lstm", "torch-gru"):
    if name in variants and "blas" in variants[name]:
        md += ["", f"PyTorch {variants[name].get('torch', '?')}, BLAS {variants[name]['blas']}, threads {variants[name].get('threads', '?')}"]
        break
if missing:
    md += ["", "missing SUMMARY lines: " + ", ".join(missing)]
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.md, {out}/results.json; raw log: {out}/raw.log")
sys.exit(1 if missing else 0)
PY
