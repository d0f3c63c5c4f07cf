#!/usr/bin/env bash
# A textrnn command on YARN (cluster mode: the driver runs in the application master, so the job
# survives the submitting machine; TEXTRNN_DEPLOY_MODE=client keeps it here):
#   deploy/submit-yarn.sh [spark-submit options --] <command> [options]
# e.g.
#   TEXTRNN_EXECUTORS=8 deploy/submit-yarn.sh --queue nightly -- \
#     score --model hdfs:///textrnn/models/current --input hdfs:///inbox/2026-11-28 --format email \
#       --unlabelled --table mail.predictions --warehouse hdfs:///warehouse/textrnn --run-date 2026-11-28
# Container size = spark.executor.memory + spark.executor.memoryOverhead (4g + 4g in the profile):
# the overhead holds ND4J's off-heap arrays; a container "killed for exceeding memory limits" needs
# more overhead, not more heap. HADOOP_CONF_DIR (or YARN_CONF_DIR) must point at the cluster's
# configuration. See deploy/submit.sh for the environment.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# the caller's spark-submit options (before --) come after this script's, so they win
[[ " $* " == *" -- "* ]] || set -- -- "$@"
exec "$HERE/submit.sh" --master yarn --deploy-mode "${TEXTRNN_DEPLOY_MODE:-cluster}" \
  --num-executors "${TEXTRNN_EXECUTORS:-4}" "$@"
