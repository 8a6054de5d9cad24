#!/usr/bin/env bash
# Measures GET /events over HTTP against GET /health of the same release ptr-api binary with wrk:
# p50/p99 latency of each and the ratio. One connection, one thread, so each figure is the time
# of one request. Usage: deploy/bench/events.sh [seconds per run, default 10]
# PTR_BENCH_SKIP_BUILD=1 uses the existing binary; PTR_BENCH_CONFIGURATION=debug measures a debug build.
set -euo pipefail

duration="${1:-10}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
configuration="${PTR_BENCH_CONFIGURATION:-release}"
[ "${PTR_BENCH_SKIP_BUILD:-}" = 1 ] || swift build -c "$configuration" --product ptr-api >&2
binary=".build/$configuration/ptr-api"

work=$(mktemp -d /tmp/ptr-bench-events.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PTR_PORT="$port" PTR_DATA_DIR="$work" PTR_LOG_LEVEL=warning "$binary" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$base/health" >/dev/null && break; sleep 0.1; done
curl -fsS -X PUT "$base/api/tst/config/" --data-binary \
    '{"latitude": 34, "longitude": -119, "elevation": 0, "reference_ambient": [10], "reference_pressure": [977.83], "TZ_database_name": "America/Los_Angeles"}' >/dev/null

events="$base/api/events?site=tst&when=1596308460"
curl -fsS "$events" >/dev/null

# wrk prints "50%  1.23ms" lines under --latency; converted to microseconds.
percentile() {
    awk -v p="$2" '$1 == p {
        v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
        if (unit == "us") v = v; else if (unit == "ms") v = v * 1000; else if (unit == "s") v = v * 1000000
        print v }' "$1"
}
run() {  # name url
    wrk -t1 -c1 -d"${duration}s" --latency "$2" >"$work/$1.txt"
    printf '%-8s p50 %8.1f us  p99 %8.1f us  %s\n' "$1" "$(percentile "$work/$1.txt" 50%)" "$(percentile "$work/$1.txt" 99%)" \
        "$(awk '/Requests\/sec/ {print $2 " req/s"}' "$work/$1.txt")"
}
run health "$base/health"
run events "$events"
awk -v e="$(percentile "$work/events.txt" 50%)" -v h="$(percentile "$work/health.txt" 50%)" \
    -v e99="$(percentile "$work/events.txt" 99%)" -v h99="$(percentile "$work/health.txt" 99%)" \
    'BEGIN { printf "ratio events/health  p50 %.1fx  p99 %.1fx\n", e / h, e99 / h99 }'
