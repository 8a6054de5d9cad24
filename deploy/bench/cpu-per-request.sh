#!/usr/bin/env bash
# Where a request's CPU goes: ptr-projects (release) on sqlite or postgres, wrk -c64 for 5 s on
# /health and then on get-project, and the CPU time (from /proc) that the service, the Postgres
# backends and wrk spent per request. Usage: deploy/bench/cpu-per-request.sh sqlite|postgres
set -euo pipefail
cd "$(dirname "$0")/../.."
backend=${1:?sqlite or postgres}
if [ "$backend" = postgres ] && [ -z "${PTR_TEST_POSTGRES_URL:-}" ]; then
    exec ./deploy/local/with-test-postgres.sh "$0" "$@"
fi

data=$(mktemp -d /tmp/ptr-cpu.XXXXXX)
port=19100
if [ "$backend" = postgres ]; then
    psql -q "$PTR_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS cpu_per_request" -c "CREATE DATABASE cpu_per_request"
    url="${PTR_TEST_POSTGRES_URL%/*}/cpu_per_request"
else
    url="sqlite:$data/projects.sqlite"
fi
PTR_PORT=$port PTR_DATA_DIR=$data PTR_DATABASE_URL=$url PTR_LOG_LEVEL=error .build/release/ptr-projects &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 100); do curl -sf "localhost:$port/ready" >/dev/null && break; sleep 0.1; done
# The bench's own projects (setup, then each scenario for a second).
python3 deploy/bench/wrkbench.py deploy/bench/projects.json --base "http://127.0.0.1:$port" --duration 1 >/dev/null

cat >"$data/get-project.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"project_name": "bench-7", "created_at": "2030-01-01T07:00:00Z"}'
LUA

ticks() {  # user+system clock ticks of the service, then of every postgres process
    awk '{print $14 + $15}' "/proc/$server/stat"
    for pid in $(pgrep -x postgres || true); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true; done | awk '{s += $1} END {print s + 0}'
}
hz=$(getconf CLK_TCK)
for route in health get-project; do
    script=() path=/health
    [ "$route" = health ] || { script=(-s "$data/get-project.lua"); path=/projects/get-project; }
    read -r -d '' s0 p0 < <(ticks; printf '\0') || true
    out=$( { /usr/bin/time -f "WRK %U %S" wrk -c64 -t2 -d5s "${script[@]}" "http://127.0.0.1:$port$path"; } 2>&1 )
    read -r -d '' s1 p1 < <(ticks; printf '\0') || true
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    awk -v b="$backend" -v r="$route" -v n="$requests" -v hz="$hz" -v s=$((s1 - s0)) -v p=$((p1 - p0)) \
        -v rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")" -v w="$(awk '/^WRK/ {print $2 + $3}' <<<"$out")" \
        'BEGIN { printf "%-8s %-12s %8.0f req/s   µs per request: service %4.0f  postgres %4.0f  wrk %3.0f\n",
                 b, r, rps, s / hz / n * 1e6, p / hz / n * 1e6, w / n * 1e6 }'
done
