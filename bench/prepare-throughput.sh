#!/usr/bin/env bash
# bench/prepare-throughput.sh: `textrnn prepare` docs/s and tokens/s against a plain Spark MLlib pipeline
# doing the same work, on web snippets and on replicated sets of growing size, side by side in one run.
#
#   bench/prepare-throughput.sh [--sizes LIST] [--rounds R] [--start-round N] [--base-ref REF]
#                               [--small-heap SIZE] [--out DIR]
#
# --sizes     comma-separated document counts (train + test), default orig,10000,100000,1000000; `orig` is
#             web snippets as they are (train 10,060 + test 2,280 = 12,340 documents). A size N is written
#             once under work/bench/data (never committed): N x 10060/12340 train lines and the rest test
#             lines, taken from the original files in turn; every pass after the first shuffles the words of
#             each line with a seeded generator (label kept as the last word), so a replica is a new text
#             with a new doc id, the same tokens, and the same token count.
# --rounds    rounds per size (default 1); variants run in the order below in odd rounds and reversed in
#             even ones (--start-round 2 reverses a single round):
#               textrnn  deploy/textrnn prepare --format last-word-label --input train=... --input test=...
#                        (every other option at its default: whitespace tokenizer, min count 5, max length p99);
#               mllib    org.textrnn.bench.MllibPrepareBench: spark.read.text, MLlib RegexTokenizer, explode +
#                        groupBy vocabulary (count >= 5), broadcast-map UDF encoding, Parquet (see its Javadoc);
#               base     (only with --base-ref) deploy/textrnn prepare of REF, built once into
#                        work/bench/base-<sha> from `git archive` (mvn -o, no install).
# --small-heap  after the rounds, run textrnn once more on the largest size with TEXTRNN_DRIVER_MEMORY=SIZE
#             (e.g. 1g; default: not run) to show the whole local JVM (driver + executors) needs no heap
#             that grows with the input.
# --out       results folder (default work/bench/prepare-<UTC time>).
#
# Every JVM runs with deploy/textrnn's flags, -Xmx4g (TEXTRNN_DRIVER_MEMORY's default), on TEXTRNN_MASTER
# (default local[2]), under /usr/bin/time (wall, user+sys CPU, max RSS) and with -Xlog:gc to a file (heap
# after each GC). job_s: the job after the Spark session is up (textrnn: _SUCCESS's time minus that of
# _textrnn_run.json, the first file prepare writes; mllib: its own clock). docs/s = docs / job_s.
# Checks: per size, the last round's textrnn and mllib outputs hold the same rows (doc id without
# prepare's #n suffix, label, label index, length, tokens, split; EXCEPT ALL both ways), and textrnn and
# base wrote identical sequences and vocab.tsv.
# Results: OUT/results.json, OUT/results.md, OUT/runs.tsv, each run's log and GC log.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=prepare-throughput
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
SIZES="orig,10000,100000,1000000"
ROUNDS=1
START_ROUND=1
BASE_REF=""
SMALL_HEAP=""
OUT=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sizes) SIZES="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --start-round) START_ROUND="$2"; shift 2 ;;
    --base-ref) BASE_REF="$2"; shift 2 ;;
    --small-heap) SMALL_HEAP="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0"; exit 0 ;;
    *) echo "prepare-throughput: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
IFS=',' read -r -a SIZE_LIST <<< "$SIZES"
[[ ${#SIZE_LIST[@]} -gt 0 ]] || { echo "prepare-throughput: --sizes is empty" >&2; exit 2; }
for s in "${SIZE_LIST[@]}"; do
  [[ "$s" == orig || "$s" =~ ^[1-9][0-9]*$ ]] || { echo "prepare-throughput: --sizes takes positive integers or 'orig', found '$s'" >&2; exit 2; }
done
bench_positive --rounds "$ROUNDS"
bench_positive --start-round "$START_ROUND"
[[ -z "$SMALL_HEAP" || "$SMALL_HEAP" =~ ^[1-9][0-9]*[mg]$ ]] || { echo "prepare-throughput: --small-heap must look like 1g or 768m, found '$SMALL_HEAP'" >&2; exit 2; }
bench_require_time
bench_require_class org.textrnn.bench.MllibPrepareBench
bench_web_snippets
export TEXTRNN_MASTER="${TEXTRNN_MASTER:-local[2]}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="${OUT:-$ROOT/work/bench/prepare-$STAMP}"
mkdir -p "$OUT/outputs" "$ROOT/work/bench/data"
LOG="$OUT/runs.tsv"
printf 'input\tvariant\tround\tdocs\ttokens\tjob_s\twall_s\tcpu_s\tmax_rss_kb\theap_after_gc_max_mb\theap_after_gc_median_mb\tgc_pauses\tvocab_size\tloadavg\n' > "$LOG"

# inputs: never committed (work/ is ignored); a size is generated once and reused
make_input() { # size -> prints "train test"
  local size="$1" dir="$ROOT/work/bench/data"
  if [[ "$size" == orig ]]; then echo "$DATA/train.txt $DATA/test.txt"; return; fi
  local train="$dir/prepare-$size-train.txt" test="$dir/prepare-$size-test.txt"
  if [[ ! -f "$train.done" ]]; then
    python3 - "$DATA/train.txt" "$DATA/test.txt" "$size" "$train" "$test" <<'PY'
import random, sys
train_src, test_src, n, train_out, test_out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
def lines(p): return [l.split() for l in open(p, encoding="utf-8") if len(l.split()) >= 2]
tr, te = lines(train_src), lines(test_src)
n_train = round(n * len(tr) / (len(tr) + len(te)))
def write(src, count, path, seed):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(count):
            words = src[i % len(src)]
            text, label = words[:-1], words[-1]
            if i >= len(src):  # a replica: same words in another order, so another text and doc id
                text = text[:]
                rnd.shuffle(text)
            f.write(" ".join(text) + " " + label + "\n")
write(tr, n_train, train_out, 7)
write(te, n - n_train, test_out, 11)
PY
    touch "$train.done"
  fi
  echo "$train $test"
}

# the baseline build (only with --base-ref): the code before the change, built once and reused
BASE=""
if [[ -n "$BASE_REF" ]]; then
  BASE="$(bench_build_base "$BASE_REF")"
fi

# deploy/textrnn's JVM flags, for the MLlib bench's own JVM
OPENS=("@$ROOT/conf/jvm-flags.txt")
JAR="$(ls "$ROOT"/jobs/target/textrnn-jobs-*.jar | grep -v -e '-spark\.jar$' -e '-sources' -e '-tests' | head -n 1)"

record() { # name variant round docs tokens job_s vocab_size gc_log (after /usr/bin/time wrote $OUT/time.tmp)
  python3 - "$@" "$OUT/time.tmp" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$LOG" <<'PY'
import re, statistics, sys
name, variant, rnd, docs, tokens, job_s, vocab, gc_log, time_file, load = sys.argv[1:11]
wall, user, sys_, rss = open(time_file).read().split()[-4:]
after = [int(m.group(1)) for m in re.finditer(r"Pause .*?->(\d+)M\(", open(gc_log).read())]
print("\t".join([name, variant, rnd, docs, tokens, f"{float(job_s):.2f}", wall, f"{float(user) + float(sys_):.2f}", rss,
                 str(max(after) if after else 0), f"{statistics.median(after) if after else 0:.0f}", str(len(after)), vocab, load]))
PY
  tail -n 1 "$LOG" >&2
}

run_prepare() { # variant root name train test round [driver memory]
  local variant="$1" root="$2" name="$3" train="$4" test="$5" round="$6" heap="${7:-4g}" dir gc
  dir="$OUT/outputs/$variant-$name"
  gc="$OUT/gc-$variant-$name-$round.log"
  rm -rf "$dir"
  TEXTRNN_DRIVER_MEMORY="$heap" TEXTRNN_JAVA_OPTS="-Xlog:gc:file=$gc" /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.tmp" \
    "$root/deploy/textrnn" prepare --input "train=$train" --input "test=$test" --format last-word-label --output "$dir" \
    > "$OUT/$variant-$name-$round.log" 2>&1 \
    || { echo "prepare-throughput: $variant on $name failed, see $OUT/$variant-$name-$round.log" >&2; exit 1; }
  read -r docs tokens job vocab < <(python3 - "$dir" <<'PY'
import json, os, sys
d = sys.argv[1]
s = json.load(open(os.path.join(d, "stats.json")))
job = os.stat(os.path.join(d, "_SUCCESS")).st_mtime - os.stat(os.path.join(d, "_textrnn_run.json")).st_mtime
print(s["input"]["documents"], sum(v["tokens"] for v in s["splits"].values()), f"{job:.3f}", s["vocab_size"])
PY
)
  record "$name" "$variant" "$round" "$docs" "$tokens" "$job" "$vocab" "$gc"
}

run_mllib() { # name train test round
  local name="$1" train="$2" test="$3" round="$4" dir gc json
  dir="$OUT/outputs/mllib-$name"
  gc="$OUT/gc-mllib-$name-$round.log"
  rm -rf "$dir"
  /usr/bin/time -f '%e %U %S %M' -o "$OUT/time.tmp" java "${OPENS[@]}" -Dlog4j.configurationFile="$ROOT/conf/log4j2.properties" \
    -Xmx4g -Dspark.master="$TEXTRNN_MASTER" "-Xlog:gc:file=$gc" \
    -cp "$BENCH_CLASSES:$JAR:$(cat "$ROOT/jobs/target/launcher.classpath")" \
    org.textrnn.bench.MllibPrepareBench --train "$train" --test "$test" --output "$dir" > "$OUT/mllib-$name-$round.log" 2>&1 \
    || { echo "prepare-throughput: mllib on $name failed, see $OUT/mllib-$name-$round.log" >&2; exit 1; }
  json="$(grep '"variant" : "mllib"' "$OUT/mllib-$name-$round.log" | tail -n 1)"
  read -r docs tokens job vocab < <(python3 -c 'import json,sys; j=json.loads(sys.argv[1]); print(j["docs"], j["tokens"], j["job_seconds"], j["vocab_size"])' "$json")
  record "$name" mllib "$round" "$docs" "$tokens" "$job" "$vocab" "$gc"
}

run_round() { # name train test round
  local name="$1" train="$2" test="$3" round="$4" variants=()
  [[ -n "$BASE" ]] && variants+=(base)
  variants+=(textrnn mllib)
  if (( round % 2 == 0 )); then
    local reversed=()
    for ((i = ${#variants[@]} - 1; i >= 0; i--)); do reversed+=("${variants[i]}"); done
    variants=("${reversed[@]}")
  fi
  for v in "${variants[@]}"; do
    case "$v" in
      base) run_prepare base "$BASE" "$name" "$train" "$test" "$round" ;;
      textrnn) run_prepare textrnn "$ROOT" "$name" "$train" "$test" "$round" ;;
      mllib) run_mllib "$name" "$train" "$test" "$round" ;;
    esac
  done
}

NAMES=()
for size in "${SIZE_LIST[@]}"; do
  read -r train test < <(make_input "$size")
  name="$([[ "$size" == orig ]] && echo snippets-12k || echo "n$size")"
  NAMES+=("$name")
  for ((r = START_ROUND; r < START_ROUND + ROUNDS; r++)); do
    run_round "$name" "$train" "$test" "$r"
  done
done

if [[ -n "$SMALL_HEAP" ]]; then
  size="${SIZE_LIST[${#SIZE_LIST[@]}-1]}"
  read -r train test < <(make_input "$size")
  run_prepare "textrnn-xmx$SMALL_HEAP" "$ROOT" "${NAMES[${#NAMES[@]}-1]}" "$train" "$test" 0 "$SMALL_HEAP"
fi

# same rows: textrnn against mllib (and base), per size, from the last round's outputs
Q=""
for name in "${NAMES[@]}"; do
  p="$OUT/outputs/textrnn-$name/sequences"
  m="$OUT/outputs/mllib-$name"
  P="SELECT regexp_replace(doc_id, '#[0-9]+\$', '') AS doc_id, label, label_index, length, tokens, split FROM parquet.\`$p\`"
  M="SELECT doc_id, label, label_index, length, tokens, split FROM parquet.\`$m\`"
  [[ -n "$Q" ]] && Q="$Q UNION ALL "
  Q="$Q SELECT '$name' AS input, (SELECT count(*) FROM parquet.\`$p\`) AS textrnn_rows, (SELECT count(*) FROM parquet.\`$m\`) AS mllib_rows,
    (SELECT count(*) FROM ($P EXCEPT ALL $M)) AS only_textrnn, (SELECT count(*) FROM ($M EXCEPT ALL $P)) AS only_mllib"
  if [[ -n "$BASE" ]]; then
    b="$OUT/outputs/base-$name/sequences"
    Q="$Q, (SELECT count(*) FROM (SELECT * FROM parquet.\`$p\` EXCEPT ALL SELECT * FROM parquet.\`$b\`)) + (SELECT count(*) FROM (SELECT * FROM parquet.\`$b\` EXCEPT ALL SELECT * FROM parquet.\`$p\`)) AS textrnn_vs_base_differing_rows"
  fi
done
"$ROOT/deploy/textrnn" sql "$Q" > "$OUT/compare.tsv" 2> "$OUT/compare.log" || { echo "prepare-throughput: the comparison query failed, see $OUT/compare.log" >&2; exit 1; }
if [[ -n "$BASE" ]]; then
  for name in "${NAMES[@]}"; do
    if cmp -s "$OUT/outputs/textrnn-$name/vocab.tsv" "$OUT/outputs/base-$name/vocab.tsv"; then echo "$name same"; else echo "$name DIFFERENT"; fi
  done > "$OUT/vocab-compare.txt"
fi

python3 - "$OUT" "$TEXTRNN_MASTER" "$BASE_REF" "$STAMP" <<'PY'
import json, os, statistics, sys
out, master, base_ref, stamp = sys.argv[1:5]
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "runs.tsv"))]
head, rows = rows[0], rows[1:]
runs = []
for r in rows:
    d = dict(zip(head, r))
    for k in ("round", "docs", "tokens", "max_rss_kb", "heap_after_gc_max_mb", "gc_pauses", "vocab_size"):
        d[k] = int(d[k])
    for k in ("job_s", "wall_s", "cpu_s", "heap_after_gc_median_mb"):
        d[k] = float(d[k])
    d["docs_per_s"] = round(d["docs"] / d["job_s"], 1)
    d["tokens_per_s"] = round(d["tokens"] / d["job_s"], 1)
    d["docs_per_cpu_s"] = round(d["docs"] / d["cpu_s"], 1)
    d["job_s_per_100k_docs"] = round(d["job_s"] * 100_000 / d["docs"], 2)
    runs.append(d)
med = statistics.median
result = {"date": stamp, "master": master, "cores": os.cpu_count(), "base_ref": base_ref or None,
          "load_average_end": open("/proc/loadavg").read().split()[:3], "runs": runs, "inputs": {}}
table, ratios = [], []
for name in dict.fromkeys(r["input"] for r in runs):
    entry = {}
    for v in dict.fromkeys(r["variant"] for r in runs if r["input"] == name):
        rs = [r for r in runs if r["input"] == name and r["variant"] == v]
        e = {k: med([r[k] for r in rs]) for k in ("docs", "tokens", "job_s", "wall_s", "cpu_s", "max_rss_kb", "heap_after_gc_max_mb",
                                                  "docs_per_s", "tokens_per_s", "docs_per_cpu_s", "job_s_per_100k_docs")}
        e["rounds"] = len(rs)
        entry[v] = e
        table.append(f"| {name} | {v} | {len(rs)} | {e['docs']:.0f} | {e['tokens']:.0f} | {e['job_s']:.1f} | {e['docs_per_s']:.0f} | "
                     f"{e['tokens_per_s']:.0f} | {e['job_s_per_100k_docs']:.1f} | {e['wall_s']:.1f} | {e['cpu_s']:.1f} | "
                     f"{e['docs_per_cpu_s']:.0f} | {e['max_rss_kb'] / 1024:.0f} | {e['heap_after_gc_max_mb']:.0f} |")
    if "textrnn" in entry and "mllib" in entry:
        per_round = []
        for rnd in sorted({r["round"] for r in runs if r["input"] == name}):
            t = [r for r in runs if r["input"] == name and r["round"] == rnd and r["variant"] == "textrnn"]
            m = [r for r in runs if r["input"] == name and r["round"] == rnd and r["variant"] == "mllib"]
            if t and m:
                per_round.append({"round": rnd, "docs_per_s": round(t[0]["docs_per_s"] / m[0]["docs_per_s"], 2),
                                  "wall": round(m[0]["wall_s"] / t[0]["wall_s"], 2),
                                  "docs_per_cpu_s": round(t[0]["docs_per_cpu_s"] / m[0]["docs_per_cpu_s"], 2)})
        entry["textrnn_over_mllib"] = per_round
        ratios.append(f"| {name} | " + ", ".join(str(p["docs_per_s"]) for p in per_round) + " | "
                      + ", ".join(str(p["wall"]) for p in per_round) + " | " + ", ".join(str(p["docs_per_cpu_s"]) for p in per_round) + " |")
    if "textrnn" in entry and "base" in entry:
        entry["textrnn_over_base_docs_per_s"] = round(entry["textrnn"]["docs_per_s"] / entry["base"]["docs_per_s"], 2)
        entry["textrnn_over_base_docs_per_cpu_s"] = round(entry["textrnn"]["docs_per_cpu_s"] / entry["base"]["docs_per_cpu_s"], 2)
    result["inputs"][name] = entry
lines = [l.rstrip("\n").split("\t") for l in open(os.path.join(out, "compare.tsv")) if l.strip()]
result["same_rows"] = [dict(zip(lines[0], l)) for l in lines[1:]]
if os.path.exists(os.path.join(out, "vocab-compare.txt")):
    result["vocab_tsv_textrnn_vs_base"] = open(os.path.join(out, "vocab-compare.txt")).read().split("\n")[:-1]
json.dump(result, open(os.path.join(out, "results.json"), "w"), indent=2)
md = [f"prepare throughput, {stamp}, master {master}, {os.cpu_count()} cores, load average at the end {' '.join(result['load_average_end'])}", "",
      "| input | variant | rounds | docs | tokens | job s | docs/s | tokens/s | job s per 100k docs | wall s | CPU s | docs/CPU-s | max RSS MiB | max heap after GC MiB |",
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"] + table
md += ["", "textrnn / mllib, per round (higher: textrnn faster):", "", "| input | docs/s | wall | docs per CPU-s |", "|---|---|---|---|"] + ratios
for name, e in result["inputs"].items():
    if "textrnn_over_base_docs_per_s" in e:
        md.append(f"{name}: textrnn/base docs/s {e['textrnn_over_base_docs_per_s']}x, docs per CPU-s {e['textrnn_over_base_docs_per_cpu_s']}x")
md += [""] + [f"rows {c['input']}: textrnn {c['textrnn_rows']}, mllib {c['mllib_rows']}, only in textrnn {c['only_textrnn']}, only in mllib {c['only_mllib']}"
              + (f", textrnn vs base differing rows {c['textrnn_vs_base_differing_rows']}" if "textrnn_vs_base_differing_rows" in c else "")
              for c in result["same_rows"]]
md += [f"vocab.tsv textrnn vs base: {v}" for v in result.get("vocab_tsv_textrnn_vs_base", [])]
open(os.path.join(out, "results.md"), "w").write("\n".join(md) + "\n")
print("\n".join(md))
print(f"\nresults: {out}/results.json, {out}/results.md")
PY
