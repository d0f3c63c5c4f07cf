#!/usr/bin/env bash
# The standalone-cluster end-to-end test: builds the shaded jar, assembles a Spark home from the
# build's Spark jars (jobs/target/spark-home), then StandaloneClusterIT starts a Spark Master, two
# Workers and an HDFS mini cluster on 127.0.0.1 and runs prepare -> train -> score -> evaluate on
# them through spark-submit (client mode). Needs ../shared/data/web-snippets (skipped without).
#   deploy/cluster-e2e.sh [more Maven options, e.g. -o]
# Logs of every JVM and the Spark event logs stay in jobs/target/cluster-e2e/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec mvn -B -Pcluster-e2e -pl jobs -am verify \
  -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "$@"
