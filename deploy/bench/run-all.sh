#!/usr/bin/env bash
# `make bench`: each benchmarked service's release binary on SQLite, then on a throwaway
# PostgreSQL, driven by wrk from deploy/bench/<service>.json (see wrkbench.py).
# BENCH_SERVICES picks services (default: all below), BENCH_SECONDS the seconds per scenario (8).
# BIN (default .build/release) holds the binaries; BIN_<service> (e.g. BIN_calendar) overrides it
# for one service, and the tables then name the binary used.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=deploy/bench
bin=${BIN:-.build/release}
services=${BENCH_SERVICES:-pipe-queue calendar jobs projects}
seconds=${BENCH_SECONDS:-8}

if [ -z "${PTR_TEST_POSTGRES_URL:-}" ]; then
    exec ./deploy/local/with-test-postgres.sh "$0" "$@"
fi

# One development signing key for the whole run; every service trusts it.
auth=$(mktemp -d /tmp/ptr-bench-auth.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$auth"
}
trap cleanup EXIT
"$bin/ptr-token" init --data-dir "$auth" >/dev/null 2>&1
export PTR_AUTH_PUBLIC_KEY="$(cat "$auth/dev-auth/public.pem")"
mint() { "$bin/ptr-token" mint --data-dir "$auth" "$@"; }
binary() { local override="BIN_${1//-/_}"; echo "${!override:-$bin}/ptr-$1"; }

port=18080
# database_url NAME BACKEND DATA: a fresh database for NAME on BACKEND (SQLite files live in DATA).
database_url() {
    if [ "$2" = postgres ]; then
        local database="bench_${1//-/_}"
        psql -q "$PTR_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $database" -c "CREATE DATABASE $database"
        echo "${PTR_TEST_POSTGRES_URL%/*}/$database"
    else
        echo "sqlite:$3/$1.sqlite"
    fi
}

# start SERVICE BACKEND DATA [VAR=VALUE...]: runs ptr-SERVICE on the next port until it is ready;
# sets $started_url and $started_pid.
start() {
    local service=$1 backend=$2 data=$3
    shift 3
    port=$((port + 1))
    env PTR_PORT=$port PTR_DATA_DIR="$data" PTR_DATABASE_URL="$(database_url "$service" "$backend" "$data")" \
        PTR_LOG_LEVEL=warning "$@" "$(binary "$service")" &
    started_pid=$!
    pids+=("$started_pid")
    started_url="http://127.0.0.1:$port"
    for _ in $(seq 100); do curl -sf "$started_url/ready" >/dev/null && return; sleep 0.1; done
    echo "ptr-$service did not become ready" >&2
    return 1
}

stop_all() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    pids=()
}

# Per-service setup: start what the service needs besides itself, and set wrkbench --var values.
# Each runs with $backend and $data set, before the service itself starts; it may add to $env.
setup_pipe-queue() { :; }

setup_calendar() {
    vars+=(--var "TOKEN=$(mint --sub 'auth0|bench' --name Bench)")
}

# newjob checks the caller's reservation with a real ptr-calendar (same backend): the bench user is
# not an admin and holds a reservation at mrc1 from an hour ago to a day ahead (made in jobs.json's
# setup). The admin token fills the queues for the "10 waiting" scenario without calendar calls.
setup_jobs() {
    start calendar "$backend" "$data"
    env+=("PTR_CALENDAR_URL=$started_url")
    token=$(mint --sub 'auth0|bench' --name Bench)
    vars+=(--var "TOKEN=$token" --var "ADMIN_TOKEN=$(mint --sub 'auth0|bench-admin' --name Admin --role admin)"
           --var "CALENDAR_URL=$started_url"
           --var "RESERVATION_START=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)"
           --var "RESERVATION_END=$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)")
}

setup_projects() { :; }

# Extra measurements after the wrk scenarios, against $url.
after_jobs() {
    python3 "$here/longpoll.py" --base "$url" --token "$token" --site mrc1 --count "${BENCH_LONGPOLL_COMMANDS:-200}" \
        --label "$label"
}

for service in $services; do
    for backend in sqlite postgres; do
        data=$(mktemp -d /tmp/ptr-bench.XXXXXX)
        vars=() env=()
        "setup_$service"
        start "$service" "$backend" "$data" "${env[@]}"
        url=$started_url
        label="on $backend"
        [ "$(binary "$service")" = "$bin/ptr-$service" ] || label+=" ($(binary "$service"))"
        [ "$service" != jobs ] || [ "$(binary calendar)" = "$bin/ptr-calendar" ] || label+=" (calendar: $(binary calendar))"
        status=0
        python3 "$here/wrkbench.py" "$here/$service.json" --base "$url" --label "$label" --pid "$started_pid" \
            --duration "$seconds" "${vars[@]}" || status=$?
        if [ "$status" = 0 ] && declare -F "after_$service" >/dev/null; then "after_$service" || status=$?; fi
        stop_all
        rm -rf "$data"
        [ "$status" = 0 ] || exit "$status"
    done
done
