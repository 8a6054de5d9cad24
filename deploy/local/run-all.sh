#!/usr/bin/env bash
# Starts the six services from BIN (default .build/debug) with the embedded defaults: SQLite files
# and an object directory under PTR_DATA_DIR (default ./data), and a development signing key made
# by ptr-token so authenticated requests can be tried. Ctrl-C (or SIGTERM) stops them all.
set -euo pipefail
bin=${BIN:-.build/debug}
export PTR_DATA_DIR=${PTR_DATA_DIR:-./data}
mkdir -p "$PTR_DATA_DIR"

"$bin/ptr-token" init >/dev/null
export PTR_AUTH_PUBLIC_KEY="$(cat "$PTR_DATA_DIR/dev-auth/public.pem")"

pids=()
stop() {
    trap - INT TERM EXIT
    echo
    echo "stopping ${#pids[@]} services"
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

for service in projects:8081 calendar:8082 jobs:8083 api:8084 archive:8085 pipe-queue:8086; do
    name=${service%%:*} port=${service##*:}
    "$bin/ptr-$name" &
    pids+=($!)
    echo "ptr-$name listening on http://127.0.0.1:$port (pid $!)"
done
echo "data in $PTR_DATA_DIR; tokens: $bin/ptr-token mint --sub 'auth0|you' --name You --role admin"
wait -n "${pids[@]}" || true
