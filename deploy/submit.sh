#!/usr/bin/env bash
# Runs a textrnn command on a cluster through spark-submit with the shaded jar:
#   SPARK_HOME=/opt/spark deploy/submit.sh [spark-submit options --] <command> [options]
# e.g.
#   deploy/submit.sh --master yarn --deploy-mode cluster --num-executors 8 -- \
#     prepare --input hdfs:///corpora/news --format dir-per-class --output hdfs:///textrnn/news
# Spark, Hadoop and Parquet come from the cluster; the jar carries textrnn and what Spark lacks.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$ROOT"/jobs/target/textrnn-jobs-*-spark.jar 2>/dev/null | head -n 1 || true)"
if [[ -z "$JAR" ]]; then
  echo "submit: no shaded jar yet. Run: (cd $ROOT && mvn -q -DskipTests package)" >&2
  exit 2
fi
SUBMIT="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
SPARK_ARGS=()
if [[ " $* " == *" -- "* ]]; then
  while [[ "$1" != "--" ]]; do SPARK_ARGS+=("$1"); shift; done
  shift
fi
exec "$SUBMIT" "${SPARK_ARGS[@]}" --class org.textrnn.cli.TextrnnCli "$JAR" "$@"
