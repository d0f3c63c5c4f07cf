#!/usr/bin/env bash
# The README's first command: builds textrnn if needed and runs the pipeline end to end on a real
# sample corpus in local Spark mode (no Spark installation needed): prepare, then train (a short
# run: QUICKSTART_EPOCHS, default 2; the full recipe is 20 epochs with early stopping) on the
# reference project's web-snippets set from ../shared/data, then scores the test documents into a
# Parquet table partitioned by run date (twice: a re-run replaces the date's rows), and prints where
# everything went. Evaluation joins as it lands.
#
#   deploy/quickstart.sh [OUTPUT_DIR]      (default: work/quickstart)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="${1:-work/quickstart}"
DATA="${TEXTRNN_DATA:-$ROOT/../shared/data}/web-snippets"

if ! ls jobs/target/textrnn-jobs-*.jar >/dev/null 2>&1 || [[ ! -f jobs/target/launcher.classpath ]]; then
  echo "== building textrnn (first run only; Maven downloads the dependencies) =="
  mvn -B -q -DskipTests package
fi
if [[ ! -f "$DATA/train.txt" ]]; then
  echo "quickstart: the sample corpus $DATA/train.txt is missing (see ../shared/data/SOURCES.md)" >&2
  exit 2
fi

echo "== prepare: web snippets -> $OUT/prepared =="
deploy/textrnn prepare \
  --input "train=$DATA/train.txt" --input "test=$DATA/test.txt" \
  --format last-word-label --vocab.min-count 5 \
  --output "$OUT/prepared" --overwrite

echo
echo "== train: 2-layer biLSTM, ${QUICKSTART_EPOCHS:-2} epoch(s) -> $OUT/model =="
deploy/textrnn train --data "$OUT/prepared" --model "$OUT/model" --epochs "${QUICKSTART_EPOCHS:-2}" --overwrite

RUN_DATE="$(date +%F)"
echo
echo "== score: web-snippets test documents -> $OUT/predictions (Parquet), run_date $RUN_DATE, twice =="
for attempt in 1 2; do
  deploy/textrnn score --model "$OUT/model" --input "$DATA/test.txt" --format last-word-label \
    --table "$OUT/predictions" --run-date "$RUN_DATE" --run-id "quickstart-$attempt" --keep-columns label
done
echo
echo "== sql: the table after two runs of the same date =="
deploy/textrnn sql "SELECT run_date, run_id, count(*) AS documents, count(DISTINCT doc_id) AS ids,
  round(avg(CASE WHEN label = predicted_label THEN 1.0 ELSE 0.0 END), 4) AS accuracy
  FROM parquet.\`$OUT/predictions\` GROUP BY run_date, run_id" | tee "$OUT/predictions-summary.tsv"

echo
echo "== done =="
echo "sequences:   $OUT/prepared/sequences (Parquet, partitioned by split)"
echo "vocabulary:  $OUT/prepared/vocab.tsv ($(wc -l < "$OUT/prepared/vocab.tsv") entries)"
echo "labels:      $OUT/prepared/labels.tsv ($(wc -l < "$OUT/prepared/labels.tsv") classes)"
echo "statistics:  $OUT/prepared/stats.json"
grep -E '"(documents|vocab_size|oov_rate)"' "$OUT/prepared/stats.json" | head -8 | sed 's/^ */  /'
echo "model:       $OUT/model (bundle: model.zip, bundle.json, metrics.jsonl per epoch)"
echo "test split:  $(grep -E '"(accuracy|macro_f1)"' "$OUT/model/test-metrics.json" | tr -d ' \n')"
echo "predictions: $OUT/predictions (run summary: $OUT/predictions/_textrnn_runs/run_date=$RUN_DATE/summary.json)"
if [[ -f "$OUT/model/report/report.html" ]]; then
  echo "report:      $OUT/model/report/report.html (open in a browser; metrics.json there has the baselines)"
fi
