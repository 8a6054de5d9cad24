#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster (postgres-cluster.sh): a server on a free
# loopback port, and PTR_TEST_POSTGRES_URL pointing at it. The cluster is stopped and removed
# whatever the command did; the command's exit status is kept.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

cluster=$(mktemp -d /tmp/ptr-test-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
trap '"$here/postgres-cluster.sh" remove "$cluster"' EXIT
"$here/postgres-cluster.sh" init "$cluster" "$port"
"$here/postgres-cluster.sh" start "$cluster"

export PTR_TEST_POSTGRES_URL="postgres://ptr@127.0.0.1:$port/postgres"
export PTR_REQUIRE_POSTGRES=1
echo "with-test-postgres: PostgreSQL on 127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit $status
