#!/usr/bin/env bash
# A throw-away PostgreSQL server for the catalog test on PostgreSQL (CatalogPostgresIT):
#   .ci/postgres.sh start DIR   initdb into DIR, start the server on a free local port, create the
#                               database and user textrnn, and print the environment the test reads
#                               (eval "$(.ci/postgres.sh start DIR)")
#   .ci/postgres.sh stop DIR    stop it and remove DIR
# Debian's postgresql package (installed by .ci/run when absent). As root the server runs as the
# postgres user, since initdb refuses root.
set -euo pipefail
cmd=${1:?start or stop}
dir=${2:?a directory}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
[[ -n "$bin" ]] || { echo "postgres.sh: no /usr/lib/postgresql/*/bin (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    password=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
    # local (socket) connections are trusted for the set-up below; TCP connections need the password
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$dir/initdb.log" 2>&1
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE USER textrnn PASSWORD '$password'" -c "CREATE DATABASE textrnn OWNER textrnn" >/dev/null
    echo "export TEXTRNN_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:$port/textrnn"
    echo "export TEXTRNN_TEST_POSTGRES_USER=textrnn"
    echo "export TEXTRNN_TEST_POSTGRES_PASSWORD=$password"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) echo "postgres.sh: start or stop, not '$cmd'" >&2; exit 2 ;;
esac
