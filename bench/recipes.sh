#!/usr/bin/env bash
# bench/recipes.sh: the default recipe against --recipe reference and the TF-IDF baselines, on the four
# visible sets, over seeds (issue 16). Each run is `deploy/textrnn train` with the closing report,
# whose baselines are trained on the same training split and scored on the same test split.
#
#   bench/recipes.sh prepare                        prepare the four sets into WORK (once)
#   bench/recipes.sh train SET RECIPE SEED [OPTS]   one train run; prints one result line
#   bench/recipes.sh table                          the result lines so far, as a table with means
#
# SET: snippets | sms | r8 | spam (the quickstart's SpamAssassin split). RECIPE: a --recipe value, or
# a label for the extra OPTS. Choices between recipes are made on the validation figures
# (val_f1); the test split is read once per run, at its end, by train itself.
# R8 keeps the first 200 tokens of an article (p99 is 645; the first 200 hold the story, and the runs take a third of the time).
# Environment: WORK (work/recipes), TEXTRNN_MASTER (local[*]).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH=recipes
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
WORK="${WORK:-$ROOT/work/recipes}"
SHARED="$ROOT/../shared/data"
RESULTS="$WORK/results.tsv"
mkdir -p "$WORK"

prepare_sets() {
  bench_require_build
  [[ -d "$SHARED" ]] || bench_fail "the visible data sets are not in $SHARED"
  "$ROOT/deploy/textrnn" prepare --input "train=$SHARED/web-snippets/train.txt" --input "test=$SHARED/web-snippets/test.txt" \
    --format last-word-label --output "$WORK/snippets" --overwrite
  "$ROOT/deploy/textrnn" prepare --input "train=$SHARED/reuters-r8/train.txt" --input "test=$SHARED/reuters-r8/test.txt" \
    --format tsv --max-length 200 --output "$WORK/r8" --overwrite
  # SMS spam has no split: test = int(md5(line), 16) % 10 < 2, as issue 16 fixes it
  python3 - "$SHARED/sms-spam/SMSSpamCollection" "$WORK/sms-split" <<'PY'
import hashlib, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(src, encoding="utf-8") as f, open(f"{out}/train.tsv", "w", encoding="utf-8") as tr, \
        open(f"{out}/test.tsv", "w", encoding="utf-8") as te:
    for line in f:
        line = line.rstrip("\n")
        if line:
            (te if int(hashlib.md5(line.encode("utf-8")).hexdigest(), 16) % 10 < 2 else tr).write(line + "\n")
PY
  "$ROOT/deploy/textrnn" prepare --input "train=$WORK/sms-split/train.tsv" --input "test=$WORK/sms-split/test.tsv" \
    --format tsv --output "$WORK/sms" --overwrite
  # the quickstart's corpus and preparation (deploy/quickstart.sh)
  local corpus="${TEXTRNN_SPAM_CORPUS:-$ROOT/work/data/spam-assassin}"
  "$ROOT/deploy/fetch-spam-assassin.sh" "$corpus"
  "$ROOT/deploy/textrnn" prepare --input "train=$corpus/train" --input "test=$corpus/holdout" \
    --format email --label-regex '(spam|ham)' \
    --tokenizer regex --tokenizer.fold-urls true --tokenizer.fold-emails true --tokenizer.fold-numbers true \
    --max-length 64 --output "$WORK/spam" --overwrite
}

json_num() { # key file: the first number under "key" in file
  python3 -c 'import json,sys; d=json.load(open(sys.argv[2])); print(eval(sys.argv[1], {}, {"d": d}))' "$1" "$2"
}

train_one() {
  local set="$1" recipe="$2" seed="$3"
  shift 3
  [[ -d "$WORK/$set" ]] || bench_fail "$WORK/$set is not prepared: run bench/recipes.sh prepare"
  local model="$WORK/models/$set-$recipe-$seed"
  mkdir -p "$WORK/models"
  local args=(--data "$WORK/$set" --model "$model" --seed "$seed" --overwrite)
  case "$recipe" in
    default|reference) args+=(--recipe "$recipe") ;;
  esac
  local t0=$SECONDS
  "$ROOT/deploy/textrnn" train "${args[@]}" "$@" > "$model.log" 2>&1 || { tail -20 "$model.log"; bench_fail "train failed: $model.log"; }
  local secs=$((SECONDS - t0))
  local m="$model/report/metrics.json"
  local line
  line="$(python3 - "$model" "$set" "$recipe" "$seed" "$secs" "$*" <<'PY'
import json, sys
model, s, recipe, seed, secs, extra = sys.argv[1:]
m = json.load(open(f"{model}/report/metrics.json"))
t = json.load(open(f"{model}/test-metrics.json"))
b = m.get("baselines", {})
epochs = [json.loads(l) for l in open(f"{model}/metrics.jsonl")]
best = max(epochs, key=lambda e: e.get("validation_macro_f1", -1))
def f(x): return f"{x:.4f}"
print("\t".join([s, recipe, seed, f(t["accuracy"]), f(t["macro_f1"]), f(best.get("validation_macro_f1", float("nan"))),
                 str(len(epochs)), str(best["epoch"]),
                 f(b["naive_bayes"]["macro_f1"]) if "naive_bayes" in b else "-",
                 f(b["logistic_regression"]["macro_f1"]) if "logistic_regression" in b else "-", secs, extra]))
PY
)"
  echo "$line" | tee -a "$RESULTS"
}

table() {
  [[ -f "$RESULTS" ]] || bench_fail "no results yet in $RESULTS"
  python3 - "$RESULTS" <<'PY'
import statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    p = line.rstrip("\n").split("\t")
    rows[(p[0], p[1], p[11] if len(p) > 11 else "")].append(p)
print("| set | recipe | extra options | seeds | test macro-F1 mean (min-max) | test accuracy mean | validation macro-F1 mean | naive Bayes | logistic regression | seconds per run |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (s, r, extra), ps in sorted(rows.items()):
    f1 = [float(p[4]) for p in ps]; acc = [float(p[3]) for p in ps]; val = [float(p[5]) for p in ps]
    nb = [float(p[8]) for p in ps if p[8] != "-"]; lr = [float(p[9]) for p in ps if p[9] != "-"]
    mean = lambda xs: f"{statistics.mean(xs):.3f}" if xs else "-"
    print(f"| {s} | {r} | {extra or '-'} | {','.join(p[2] for p in ps)} | {mean(f1)} ({min(f1):.3f}-{max(f1):.3f}) | {mean(acc)} | {mean(val)} | {mean(nb)} | {mean(lr)} | {round(statistics.mean([float(p[10]) for p in ps]))} |")
PY
}

case "${1:-}" in
  prepare) prepare_sets ;;
  train) shift; [[ $# -ge 3 ]] || bench_fail "usage: bench/recipes.sh train SET RECIPE SEED [OPTIONS]"; train_one "$@" ;;
  table) table ;;
  *) bench_fail "usage: bench/recipes.sh prepare | train SET RECIPE SEED [OPTIONS] | table" ;;
esac
