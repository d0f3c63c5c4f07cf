#!/usr/bin/env bash
# The tests, on any Debian machine: installs what they need when it is missing, then runs
#   mvn -B verify "$@"
# e.g. deploy/test.sh; deploy/test.sh -o -Dit.test=ScoreIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
#
# What the tests need besides the project (Maven fetches every dependency) and ../shared/data (tests
# that read it skip without it), each installed with apt-get only when it is missing, as root or
# through sudo:
#   Java 17 and Maven          openjdk-17-jdk-headless, maven
#   headless Chromium          chromium: the evaluate report is checked in a browser (ReportBrowserIT, EvaluateIT;
#                              not needed with TEXTRNN_SKIP_BROWSER=1, which skips those checks)
#   Debian's Python + Jinja2   python3-jinja2: the Airflow DAG contract test (AirflowDagContractIT; not needed
#                              with TEXTRNN_SKIP_PYTHON=1, which skips it)
# Not installed here: PostgreSQL. CatalogPostgresIT runs only against a server named by
# TEXTRNN_TEST_POSTGRES_URL (with _USER and _PASSWORD) and is skipped without one; .ci/run starts a
# throw-away server with .ci/postgres.sh and runs this script.
# TEXTRNN_TEST_NO_INSTALL=1: install nothing, only say what is missing (the tests then fail or skip).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

need=()
{ command -v java >/dev/null && command -v mvn >/dev/null; } || need+=(openjdk-17-jdk-headless maven)
[[ "${TEXTRNN_SKIP_BROWSER:-0}" == 1 || -x /usr/bin/chromium ]] || need+=(chromium)
# the DAG contract test runs TEXTRNN_PYTHON, by default Debian's /usr/bin/python3
if [[ "${TEXTRNN_SKIP_PYTHON:-0}" != 1 ]] && ! "${TEXTRNN_PYTHON:-/usr/bin/python3}" -c 'import jinja2' 2>/dev/null; then
  need+=(python3-jinja2)
fi

if [[ ${#need[@]} -gt 0 ]]; then
  if [[ "${TEXTRNN_TEST_NO_INSTALL:-0}" == 1 ]]; then
    echo "test.sh: missing ${need[*]} (TEXTRNN_TEST_NO_INSTALL=1: not installed)" >&2
  else
    if [[ $(id -u) -eq 0 ]]; then
      as_root=()
    elif command -v sudo >/dev/null; then
      as_root=(sudo)
    else
      echo "test.sh: the tests need ${need[*]}; install them as root: apt-get install -y ${need[*]}" >&2
      exit 1
    fi
    echo "test.sh: installing what the tests need: ${need[*]}"
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
  fi
fi
java -version 2>&1 | head -n 1

exec mvn -B verify "$@"
