#!/usr/bin/env bash
# bench/score-memory.sh: peak memory of the `textrnn score` JVM, split into Java heap and ND4J off-heap.
#
#   bench/score-memory.sh --model DIR [--replicas N] [--heaps "4g"] [--out DIR]
#
# Scores the inputs of bench/score-throughput.sh (web snippets train + test, 12,340 docs, and that file
# repeated --replicas times, default 4 = 49,360 docs; written under work/bench/data) once per input and
# per heap size in --heaps (TEXTRNN_DRIVER_MEMORY, default "4g", the launcher's default), on
# TEXTRNN_MASTER (default local[2]), with score itself unchanged. Recorded per run:
#   max RSS            /usr/bin/time -v "Maximum resident set size" (the whole process)
#   heap after GC max  the live set: the largest heap left after a collection (-Xlog:gc* and the agent)
#   heap used max      the Java heap in use, sampled every 200 ms
#   ND4J off-heap max  JavaCPP's Pointer.totalBytes(), sampled every 200 ms: ND4J's arrays outside workspaces
#                      (workspace memory, which holds the activations, is not counted; it is in the RSS)
# by org.textrnn.bench.MemorySampler, a Java agent (a jar built here from the bench module's classes).
# In local mode the driver and the executors are one JVM: the figures are driver + executor together.
# Output: OUT/results.json, OUT/results.md (OUT defaults to work/bench/score-memory-<UTC time>).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=score-memory
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
MODEL=""
REPLICAS=4
HEAPS="4g"
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --model) MODEL="$2"; shift 2 ;;
    --replicas) REPLICAS="$2"; shift 2 ;;
    --heaps) HEAPS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "score-memory: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ -n "$MODEL" ]] || { echo "score-memory: --model BUNDLE is required (a bundle trained on web snippets)" >&2; exit 2; }
[[ -f "$MODEL/bundle.json" ]] || { echo "score-memory: --model $MODEL is not a model bundle (no bundle.json)" >&2; exit 2; }
bench_positive --replicas "$REPLICAS"
for h in $HEAPS; do
  [[ "$h" =~ ^[1-9][0-9]*[mg]$ ]] || { echo "score-memory: --heaps takes JVM sizes such as 4g or 768m, found '$h'" >&2; exit 2; }
done
bench_require_time
bench_require_class org.textrnn.bench.MemorySampler
bench_web_snippets
export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/score-memory-$STAMP}"
mkdir -p "$OUT" "$ROOT/work/bench/data"

# the inputs of score-throughput.sh (never committed: work/ is ignored)
SMALL="$ROOT/work/bench/data/snippets-12k.txt"
BIG="$ROOT/work/bench/data/snippets-x$REPLICAS.txt"
cat "$DATA/train.txt" "$DATA/test.txt" > "$SMALL"
: > "$BIG"
for ((i = 0; i < REPLICAS; i++)); do cat "$SMALL" >> "$BIG"; done

# the agent jar: MemorySampler alone, with its Premain-Class
AGENT="$OUT/memory-sampler.jar"
printf 'Premain-Class: org.textrnn.bench.MemorySampler\n' > "$OUT/agent.mf"
jar cfm "$AGENT" "$OUT/agent.mf" -C "$BENCH_CLASSES" org/textrnn/bench/MemorySampler.class

printf 'input\theap\tdocs\tjob_s\twall_s\tcpu_s\tmax_rss_kb\tgc_after_max_mb\n' > "$OUT/runs.tsv"
for h in $HEAPS; do
  for input in "$SMALL" "$BIG"; do
    name="$(basename "$input" .txt)-$h"
    table="$OUT/tables/$name"
    rm -rf "$table"
    TEXTRNN_DRIVER_MEMORY="$h" TEXTRNN_JAVA_OPTS="-javaagent:$AGENT=$OUT/$name.sampler.json -Xlog:gc:file=$OUT/$name.gc.log" \
      /usr/bin/time -v -o "$OUT/$name.time" "$ROOT/deploy/textrnn" score --model "$MODEL" --input "$input" --format last-word-label \
      --table "$table" --run-date 2026-11-28 --run-id bench-memory > "$OUT/$name.log" 2>&1 \
      || { echo "score-memory: score of $name failed, see $OUT/$name.log" >&2; tail -n 5 "$OUT/$name.log" >&2; exit 1; }
    python3 - "$table/_textrnn_runs/run_date=2026-11-28/summary.json" "$OUT/$name.time" "$OUT/$name.gc.log" "$(basename "$input" .txt)" "$h" \
      >> "$OUT/runs.tsv" <<'PY'
import json, re, sys
s = json.load(open(sys.argv[1]))
t = dict(l.strip().rsplit(": ", 1) for l in open(sys.argv[2]) if ": " in l)
wall = t["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")
wall_s = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
cpu = float(t["User time (seconds)"]) + float(t["System time (seconds)"])
# -Xlog:gc lines: "... Pause Young (Normal) (G1 Evacuation Pause) 215M->42M(256M) 3.1ms"
after = [int(m.group(1)) for m in re.finditer(r"\d+M->(\d+)M\(\d+M\)", open(sys.argv[3]).read())]
print(f"{sys.argv[4]}\t{sys.argv[5]}\t{s['scored']}\t{s['seconds']:.2f}\t{wall_s:.2f}\t{cpu:.2f}\t{t['Maximum resident set size (kbytes)']}\t{max(after) if after else -1}")
PY
    tail -n 1 "$OUT/runs.tsv" >&2
  done
done

python3 - "$OUT" "$STAMP" "$TEXTRNN_MASTER" <<'PY'
import json, os, sys
out, stamp, master = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "runs.tsv"))][1:]
runs = []
for r in rows:
    s = json.load(open(os.path.join(out, f"{r[0]}-{r[1]}.sampler.json")))
    runs.append(dict(input=r[0], heap=r[1], docs=int(r[2]), job_s=float(r[3]), wall_s=float(r[4]), cpu_s=float(r[5]),
                     max_rss_mb=round(int(r[6]) / 1024), gc_log_heap_after_gc_max_mb=int(r[7]), sampler=s))
MB = 2 ** 20
result = {"date": stamp, "master": master, "cores": os.cpu_count(), "load_average_end": open("/proc/loadavg").read().split()[:3], "runs": runs}
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
md = [f"score memory, {stamp}, master {master}, {os.cpu_count()} cores (driver and executors in one JVM)", "",
      "| input | -Xmx | docs | job s | CPU s | max RSS MiB | heap after GC max MiB (GC log) | heap used max MiB | ND4J off-heap max MiB (JavaCPP) |",
      "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
for r in runs:
    s = r["sampler"]
    md.append(f"| {r['input']} | {r['heap']} | {r['docs']} | {r['job_s']:.1f} | {r['cpu_s']:.1f} | {r['max_rss_mb']} | "
              f"{r['gc_log_heap_after_gc_max_mb']} | {s['heap_used_max'] / MB:.0f} | {s['javacpp_total_bytes_max'] / MB:.1f} |")
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
