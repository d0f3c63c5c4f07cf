#!/usr/bin/env bash
# The README's first command: builds textrnn if needed and runs the pipeline end to end on a real
# sample corpus in local Spark mode (no Spark installation needed): prepare, then train (a short
# run: QUICKSTART_EPOCHS, default 2; the full recipe is 20 epochs with early stopping) on the
# reference project's web-snippets set from ../shared/data, and prints where everything went.
# Scoring and evaluation join as they land.
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

echo
echo "== done =="
echo "sequences:   $OUT/prepared/sequences (Parquet, partitioned by split)"
echo "vocabulary:  $OUT/prepared/vocab.tsv ($(wc -l < "$OUT/prepared/vocab.tsv") entries)"
echo "labels:      $OUT/prepared/labels.tsv ($(wc -l < "$OUT/prepared/labels.tsv") classes)"
echo "statistics:  $OUT/prepared/stats.json"
grep -E '"(documents|vocab_size|oov_rate)"' "$OUT/prepared/stats.json" | head -8 | sed 's/^ */  /'
echo "model:       $OUT/model (bundle: model.zip, bundle.json, metrics.jsonl per epoch)"
echo "test split:  $(grep -E '"(accuracy|macro_f1)"' "$OUT/model/test-metrics.json" | tr -d ' \n')"
if [[ -f "$OUT/model/report/report.html" ]]; then
  echo "report:      $OUT/model/report/report.html (open in a browser; metrics.json there has the baselines)"
fi
