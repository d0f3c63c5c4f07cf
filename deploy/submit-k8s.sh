#!/usr/bin/env bash
# A textrnn command on Kubernetes (cluster mode: driver and executors are pods of the image built
# from deploy/k8s/Dockerfile, which holds the shaded jar at /opt/textrnn/textrnn-jobs-spark.jar):
#   K8S_API=https://k8s.example:6443 TEXTRNN_IMAGE=registry/textrnn:0.1.0 \
#     deploy/submit-k8s.sh [spark-submit options --] <command> [options]
# Pod memory = spark.executor.memory + spark.executor.memoryOverhead (4g + 4g in the profile): the
# overhead holds ND4J's off-heap arrays; an OOMKilled executor needs more overhead, not more heap.
# Paths must be on storage every pod sees (HDFS, S3 through s3a://).
# Environment: K8S_NAMESPACE (default textrnn), K8S_SERVICE_ACCOUNT (default spark),
# TEXTRNN_EXECUTORS (default 4), and those of deploy/submit.sh.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${K8S_API:?set K8S_API, the Kubernetes API server, e.g. https://k8s.example:6443}"
: "${TEXTRNN_IMAGE:?set TEXTRNN_IMAGE, an image built from deploy/k8s/Dockerfile}"
# the caller's spark-submit options (before --) come after this script's, so they win
[[ " $* " == *" -- "* ]] || set -- -- "$@"
export TEXTRNN_JAR="${TEXTRNN_JAR:-local:///opt/textrnn/textrnn-jobs-spark.jar}"
exec "$HERE/submit.sh" --master "k8s://$K8S_API" --deploy-mode cluster \
  --conf spark.kubernetes.container.image="$TEXTRNN_IMAGE" \
  --conf spark.kubernetes.namespace="${K8S_NAMESPACE:-textrnn}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${K8S_SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${TEXTRNN_EXECUTORS:-4}" \
  "$@"
