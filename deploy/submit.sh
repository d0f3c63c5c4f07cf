#!/usr/bin/env bash
# Runs a textrnn command on a cluster through spark-submit with the shaded jar and the cluster
# profile conf/spark-cluster.properties:
#   SPARK_HOME=/opt/spark deploy/submit.sh [spark-submit options --] <command> [options]
# e.g.
#   deploy/submit.sh --master yarn --deploy-mode cluster --num-executors 8 -- \
#     prepare --input hdfs:///corpora/news --format dir-per-class --output hdfs:///textrnn/news
# deploy/submit-standalone.sh, submit-yarn.sh and submit-k8s.sh fill in the master-specific options.
# Spark, Hadoop and Parquet come from the cluster; the jar carries textrnn and what Spark lacks.
#
# Environment:
#   SPARK_HOME                  where spark-submit is (else it is taken from PATH)
#   TEXTRNN_JAR                 the application jar (default: jobs/target/textrnn-jobs-*-spark.jar here)
#   TEXTRNN_SPARK_PROPERTIES    Spark properties ("key value" lines) passed as --conf (default:
#                               conf/spark-cluster.properties; "none": none)
#   TEXTRNN_SUBMIT_ECHO=1       print the spark-submit command instead of running it
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${TEXTRNN_JAR:-$(ls "$ROOT"/jobs/target/textrnn-jobs-*-spark.jar 2>/dev/null | head -n 1 || true)}"
if [[ -z "$JAR" ]]; then
  echo "submit: no shaded jar yet. Run: (cd $ROOT && mvn -q -DskipTests package), or set TEXTRNN_JAR" >&2
  exit 2
fi
PROPS="${TEXTRNN_SPARK_PROPERTIES:-$ROOT/conf/spark-cluster.properties}"
SUBMIT="${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit"
SPARK_ARGS=()
if [[ "$PROPS" != none ]]; then
  # as --conf options, not --properties-file, which would make spark-submit skip the cluster's own
  # spark-defaults.conf; options given to this script come later and win
  while read -r key value; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    SPARK_ARGS+=(--conf "$key=$value")
  done < "$PROPS"
fi
if [[ " $* " == *" -- "* ]]; then
  while [[ "$1" != "--" ]]; do SPARK_ARGS+=("$1"); shift; done
  shift
fi
if [[ $# -eq 0 ]]; then
  echo "submit: no textrnn command given (prepare, train, score, sql, evaluate)" >&2
  exit 2
fi
CMD=("$SUBMIT" "${SPARK_ARGS[@]}" --class org.textrnn.cli.TextrnnCli "$JAR" "$@")
if [[ "${TEXTRNN_SUBMIT_ECHO:-0}" == 1 ]]; then
  printf '%q ' "${CMD[@]}"
  echo
  exit 0
fi
exec "${CMD[@]}"
