#!/usr/bin/env bash
# bench/score-throughput.sh: `textrnn score` docs/s on web snippets, side by side with its baselines in one run.
#
#   bench/score-throughput.sh [--model DIR] [--replicas N] [--rounds R] [--start-round N] [--base-ref REF]
#                             [--no-base] [--plain-limit N] [--out DIR]
#
# For each input (train+test, 12,340 docs; and the same replicated N times, default 4 = 49,360 docs,
# written under work/bench/data, never committed), every round runs:
#   base    deploy/textrnn score of REF (default: the commit before issue 7's scoring changes), built
#           once into work/bench/base-<sha> from `git archive` (mvn -o, no install);
#   new     deploy/textrnn score of this working tree (build it first: mvn -o -q -DskipTests package);
#   new-c1  the same with TEXTRNN_JAVA_OPTS=-XX:TieredStopAtLevel=1 (C1 JIT only; see RESULTS.md);
# in reverse order in even rounds (--start-round 2 reverses a single round), on TEXTRNN_MASTER
# (default local[2]). Then, once, the plain baseline: one thread calling MultiLayerNetwork.output
# over the first --plain-limit (default 4096) documents of the small input
# (org.textrnn.bench.NetworkThroughputBench).
# Finally one `textrnn sql` query checks that base and new wrote the same doc ids with the same
# probabilities (max |difference| over every label).
#
# Per run: job_s (the job's own seconds, from its summary.json), wall_s and cpu_s (the whole JVM,
# user+sys, from /usr/bin/time), docs/s = docs / job_s, docs per CPU-second = docs / cpu_s. On a
# shared machine wall times swing with the load: compare the ratios of one run, and the CPU seconds.
# Results: OUT/results.json and OUT/results.md (OUT defaults to work/bench/score-<UTC time>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=score-throughput
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
MODEL=""
REPLICAS=4
ROUNDS=1
START_ROUND=1
BASE_REF="f59894e"
PLAIN_LIMIT=4096
OUT=""
NO_BASE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --replicas) REPLICAS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --start-round) START_ROUND="$2"; shift 2 ;;
    --base-ref) BASE_REF="$2"; shift 2 ;;
    --no-base) NO_BASE=1; shift ;;
    --plain-limit) PLAIN_LIMIT="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) echo "score-throughput: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$MODEL" ]] || { echo "score-throughput: --model BUNDLE is required (a bundle trained on web snippets, e.g. by deploy/quickstart.sh)" >&2; exit 2; }
[[ -f "$MODEL/bundle.json" ]] || { echo "score-throughput: --model $MODEL is not a model bundle (no bundle.json)" >&2; exit 2; }
bench_positive --replicas "$REPLICAS"
bench_positive --rounds "$ROUNDS"
bench_positive --start-round "$START_ROUND"
bench_require_time
bench_require_class org.textrnn.bench.NetworkThroughputBench
bench_web_snippets
export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/score-$STAMP}"
mkdir -p "$OUT" "$ROOT/work/bench/data"
LOG="$OUT/runs.tsv"
printf 'input\tvariant\tround\tdocs\tjob_s\twall_s\tcpu_s\n' > "$LOG"

# inputs: never committed (work/ is ignored)
SMALL="$ROOT/work/bench/data/snippets-12k.txt"
BIG="$ROOT/work/bench/data/snippets-x$REPLICAS.txt"
cat "$DATA/train.txt" "$DATA/test.txt" > "$SMALL"
: > "$BIG"
for ((i = 0; i < REPLICAS; i++)); do cat "$SMALL" >> "$BIG"; done
INPUTS=("$SMALL" "$BIG")

# the baseline build: the code before the change, built once and reused
BASE=""
if [[ $NO_BASE -eq 0 ]]; then
  BASE="$(bench_build_base "$BASE_REF")"
fi

run_score() { # variant root input round [JVM options]
  local variant="$1" root="$2" input="$3" round="$4" opts="${5:-}" name table
  name="$(basename "$input" .txt)"
  table="$OUT/tables/$variant-$name"
  rm -rf "$table"
  TEXTRNN_JAVA_OPTS="$opts" /usr/bin/time -f '%e %U %S' -o "$OUT/time.tmp" "$root/deploy/textrnn" score --model "$MODEL" --input "$input" \
    --format last-word-label --table "$table" --run-date 2026-11-28 --run-id "bench-$variant" > "$OUT/$variant-$name-$round.log" 2>&1 \
    || { echo "score-throughput: $variant on $name failed, see $OUT/$variant-$name-$round.log" >&2; exit 1; }
  python3 - "$table/_textrnn_runs/run_date=2026-11-28/summary.json" "$OUT/time.tmp" "$name" "$variant" "$round" >> "$LOG" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
wall, user, sys_ = (float(x) for x in open(sys.argv[2]).read().split()[-3:])
print(f"{sys.argv[3]}\t{sys.argv[4]}\t{sys.argv[5]}\t{s['scored']}\t{s['seconds']:.2f}\t{wall:.2f}\t{user + sys_:.2f}")
PY
  tail -n 1 "$LOG" >&2
}

# variants of one input, in the order of one round: base, new, new-c1; even rounds run them in reverse order.
run_round() { # input round
  local input="$1" round="$2" variants=()
  [[ -n "$BASE" ]] && variants+=(base)
  variants+=(new new-c1)
  if (( round % 2 == 0 )); then
    local reversed=()
    for ((i = ${#variants[@]} - 1; i >= 0; i--)); do reversed+=("${variants[i]}"); done
    variants=("${reversed[@]}")
  fi
  for v in "${variants[@]}"; do
    case "$v" in
      base) run_score base "$BASE" "$input" "$round" ;;
      new) run_score new "$ROOT" "$input" "$round" ;;
      new-c1) run_score new-c1 "$ROOT" "$input" "$round" "-XX:TieredStopAtLevel=1" ;;
    esac
  done
}

for input in "${INPUTS[@]}"; do
  for ((r = START_ROUND; r < START_ROUND + ROUNDS; r++)); do
    run_round "$input" "$r"
  done
done

# plain single-threaded DL4J over the same documents (a rate: the first PLAIN_LIMIT documents suffice)
OPENS=("@$ROOT/conf/jvm-flags.txt")  # the module flags of deploy/textrnn and the tests (one list)
OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" java "${OPENS[@]}" -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$(bench_classpath)" \
  org.textrnn.bench.NetworkThroughputBench --model "$MODEL" --input "$SMALL" --limit "$PLAIN_LIMIT" 2> "$OUT/plain.log" \
  | tail -n 1 > "$OUT/plain.json"

# same rows, same probabilities: base and new tables compared label by label
if [[ -n "$BASE" ]]; then
  Q=""
  for input in "${INPUTS[@]}"; do
    name="$(basename "$input" .txt)"
    [[ -n "$Q" ]] && Q="$Q UNION ALL "
    Q="$Q SELECT '$name' AS input, count(b.doc_id) AS base_rows, count(n.doc_id) AS new_rows, count_if(b.doc_id IS NULL OR n.doc_id IS NULL) AS unmatched,
      count_if(b.predicted_label <> n.predicted_label) AS label_differs,
      max(array_max(transform(map_keys(b.probabilities), k -> abs(b.probabilities[k] - n.probabilities[k])))) AS max_abs_diff
      FROM parquet.\`$OUT/tables/base-$name\` b FULL OUTER JOIN parquet.\`$OUT/tables/new-$name\` n ON b.doc_id = n.doc_id"
  done
  "$ROOT/deploy/textrnn" sql "$Q" > "$OUT/compare.tsv" 2> "$OUT/compare.log"
fi

python3 - "$OUT" "$TEXTRNN_MASTER" "$BASE_REF" "$NO_BASE" "$STAMP" <<'PY'
import json, os, statistics, sys, subprocess
out, master, base_ref, no_base, stamp = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "runs.tsv"))][1:]
runs = [dict(input=r[0], variant=r[1], round=int(r[2]), docs=int(r[3]), job_s=float(r[4]), wall_s=float(r[5]), cpu_s=float(r[6])) for r in rows]
plain = json.load(open(os.path.join(out, "plain.json")))
summary = {}
for r in runs:
    summary.setdefault(r["input"], {}).setdefault(r["variant"], []).append(r)
def med(xs): return statistics.median(xs)
table = []
result = {"date": stamp, "master": master, "cores": os.cpu_count(), "base_ref": None if no_base else base_ref,
          "load_average": open("/proc/loadavg").read().split()[:3], "runs": runs, "plain_dl4j_single_thread": plain, "inputs": {}}
for name, by in summary.items():
    entry = {}
    for v, rs in by.items():
        docs = rs[0]["docs"]
        entry[v] = {"docs": docs, "job_s": med([r["job_s"] for r in rs]), "wall_s": med([r["wall_s"] for r in rs]), "cpu_s": med([r["cpu_s"] for r in rs]),
                    "docs_per_s": round(docs / med([r["job_s"] for r in rs]), 1), "docs_per_cpu_s": round(docs / med([r["cpu_s"] for r in rs]), 1)}
    if "base" in entry:
        entry["new_over_base"] = {"docs_per_s": round(entry["new"]["docs_per_s"] / entry["base"]["docs_per_s"], 2),
                                  "wall": round(entry["base"]["wall_s"] / entry["new"]["wall_s"], 2),
                                  "docs_per_cpu_s": round(entry["new"]["docs_per_cpu_s"] / entry["base"]["docs_per_cpu_s"], 2)}
    if "new-c1" in entry:
        entry["c1_jit_over_new"] = {"docs_per_s": round(entry["new-c1"]["docs_per_s"] / entry["new"]["docs_per_s"], 2),
                                    "docs_per_cpu_s": round(entry["new-c1"]["docs_per_cpu_s"] / entry["new"]["docs_per_cpu_s"], 2)}
    entry["new_over_plain_dl4j"] = round(entry["new"]["docs_per_s"] / plain["plain_docs_per_s"], 2)
    result["inputs"][name] = entry
    for v in [x for x in ("base", "new", "new-c1") if x in entry]:
        e = entry[v]
        table.append(f"| {name} | {v} | {e['docs']} | {e['job_s']:.1f} | {e['docs_per_s']:.0f} | {e['wall_s']:.1f} | {e['cpu_s']:.1f} | {e['docs_per_cpu_s']:.0f} |")
if os.path.exists(os.path.join(out, "compare.tsv")):
    lines = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "compare.tsv")) if l.strip()]
    result["base_vs_new_rows"] = [dict(zip(lines[0], l)) for l in lines[1:]]
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
md = [f"score throughput, {stamp}, master {master}, {os.cpu_count()} cores, load average {' '.join(result['load_average'])}", "",
      "| input | variant | docs | job s | docs/s | wall s | CPU s | docs/CPU-s |", "|---|---|---:|---:|---:|---:|---:|---:|"] + table
md += ["", f"plain DL4J, one thread, batch {plain['batch_size']}, {plain['documents']} docs: {plain['plain_docs_per_s']:.0f} docs/s, "
       f"{plain['plain_docs_per_cpu_s']:.0f} docs/CPU-s"]
for name, e in result["inputs"].items():
    if "new_over_base" in e:
        md.append(f"{name}: new/base docs/s {e['new_over_base']['docs_per_s']}x, wall {e['new_over_base']['wall']}x, "
                  f"docs per CPU-s {e['new_over_base']['docs_per_cpu_s']}x; new/plain DL4J {e['new_over_plain_dl4j']}x")
        if "c1_jit_over_new" in e:
            md.append(f"{name}: C1 JIT (new-c1/new) docs/s {e['c1_jit_over_new']['docs_per_s']}x, "
                      f"docs per CPU-s {e['c1_jit_over_new']['docs_per_cpu_s']}x")
    else:
        md.append(f"{name}: new/plain DL4J {e['new_over_plain_dl4j']}x")
for c in result.get("base_vs_new_rows", []):
    md.append(f"rows {c['input']}: base {c['base_rows']}, new {c['new_rows']}, unmatched {c['unmatched']}, "
              f"label differs {c['label_differs']}, max |p diff| {c['max_abs_diff']}")
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
