#!/usr/bin/env bash
# A textrnn command on a Spark standalone cluster, driver on this machine (client mode):
#   SPARK_MASTER_URL=spark://master:7077 deploy/submit-standalone.sh [spark-submit options --] <command> [options]
# e.g.
#   SPARK_MASTER_URL=spark://m1:7077 deploy/submit-standalone.sh --total-executor-cores 8 -- \
#     train --data hdfs:///textrnn/prepared/news --model hdfs:///textrnn/models/news-1
# Standalone workers do not enforce a memory limit, but the worker's SPARK_WORKER_MEMORY must leave
# room for each executor's off-heap ND4J memory (org.bytedeco.javacpp.maxbytes in the profile).
# Paths must be on storage every executor sees (HDFS, S3, NFS). See deploy/submit.sh for the environment.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SPARK_MASTER_URL:?set SPARK_MASTER_URL, e.g. spark://master:7077}"
# the caller's spark-submit options (before --) come after this script's, so they win
[[ " $* " == *" -- "* ]] || set -- -- "$@"
exec "$HERE/submit.sh" --master "$SPARK_MASTER_URL" --deploy-mode client "$@"
