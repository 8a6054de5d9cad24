#!/usr/bin/env bash
# `make bench`: each benchmarked service's release binary on SQLite, then on a throwaway
# PostgreSQL, driven by wrk from deploy/bench/<service>.json (see wrkbench.py).
set -euo pipefail
cd "$(dirname "$0")/../.."
here=deploy/bench
bin=${BIN:-.build/release}
services=${BENCH_SERVICES:-pipe-queue}

if [ -z "${PTR_TEST_POSTGRES_URL:-}" ]; then
    exec ./deploy/local/with-test-postgres.sh "$0" "$@"
fi

port=18080
for service in $services; do
    for backend in sqlite postgres; do
        port=$((port + 1))
        data=$(mktemp -d /tmp/ptr-bench.XXXXXX)
        if [ "$backend" = postgres ]; then
            database="bench_${service//-/_}"
            psql -q "$PTR_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
            url="${PTR_TEST_POSTGRES_URL%/*}/$database"
        else
            url="sqlite:$data/$service.sqlite"
        fi
        PTR_PORT=$port PTR_DATA_DIR=$data PTR_DATABASE_URL=$url PTR_LOG_LEVEL=warning "$bin/ptr-$service" &
        pid=$!
        for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break; sleep 0.1; done
        python3 "$here/wrkbench.py" "$here/$service.json" --base "http://127.0.0.1:$port" --label "on $backend" \
            --duration "${BENCH_SECONDS:-8}" || status=$?
        kill -TERM $pid; wait $pid || true
        rm -rf "$data"
        [ "${status:-0}" = 0 ] || exit "$status"
    done
done
