#!/usr/bin/env bash
# `make test`, after `swift test`: schemathesis (pinned in install-deps.sh, in a virtualenv under
# .build/) against the /openapi.json of every service. The six debug binaries from BIN (default
# .build/debug) run together on SQLite in a temporary data directory, each on a free port, linked to
# each other and trusting a development signing key; an admin token lets the authenticated routes
# be exercised past 401. Checks: no 5xx (schemathesis.toml names the one the spec keeps), and every
# status, content type and body as documented. Warnings listed in schemathesis.toml fail the run.
# SCHEMATHESIS_EXAMPLES (default 20) test cases per operation and phase; SCHEMATHESIS_SEED (default
# 1) for a reproducible run; SCHEMATHESIS_SERVICES picks services (default: all six).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${BIN:-.build/debug}
st=.build/schemathesis/bin/st
services=${SCHEMATHESIS_SERVICES:-projects calendar jobs api archive pipe-queue}
[ -x "$st" ] || { echo "schemathesis: $st is missing; run make deps" >&2; exit 1; }

work=$(mktemp -d /tmp/ptr-schemathesis.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/ptr-token" init --data-dir "$work" >/dev/null
export PTR_AUTH_PUBLIC_KEY="$(cat "$work/dev-auth/public.pem")"
token=$("$bin/ptr-token" mint --data-dir "$work" --sub 'auth0|schemathesis' --name Schemathesis --role admin)

declare -A ports
for service in projects calendar jobs api archive pipe-queue; do
    ports[$service]=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
done
export PTR_PROJECTS_URL="http://127.0.0.1:${ports[projects]}" PTR_CALENDAR_URL="http://127.0.0.1:${ports[calendar]}" \
    PTR_ARCHIVE_URL="http://127.0.0.1:${ports[archive]}" PTR_API_URL="http://127.0.0.1:${ports[api]}" PTR_LOG_LEVEL=error
export PTR_DATA_DIR="$work"
for service in projects calendar jobs api archive pipe-queue; do
    PTR_PORT=${ports[$service]} "$bin/ptr-$service" >"$work/$service.log" 2>&1 &
    pids+=($!)
done
for service in projects calendar jobs api archive pipe-queue; do
    for _ in $(seq 300); do curl -sf "http://127.0.0.1:${ports[$service]}/ready" >/dev/null && continue 2; sleep 0.1; done
    echo "schemathesis: ptr-$service did not become ready:" >&2
    cat "$work/$service.log" >&2
    exit 1
done

# The project that schemathesis.toml points add-project-data at: many exposures left to record.
curl -sf -X POST "http://127.0.0.1:${ports[projects]}/projects/new-project" -d '{"project_name": "schemathesis",
    "created_at": "2030-03-01T04:00:00Z", "user_id": "auth0|schemathesis", "exposures": [{"count": 100000}],
    "remaining": [100000], "project_data": [[]]}' >/dev/null

export SCHEMATHESIS_HOOKS="$PWD/deploy/local/schemathesis_hooks.py"
failed=()
for service in $services; do
    base="http://127.0.0.1:${ports[$service]}"
    # Requests go through the stage prefix the clients use: the document's first server.
    prefix=$(curl -sf "$base/openapi.json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["servers"][0]["url"])')
    echo "schemathesis: ptr-$service at $base$prefix"
    "$st" --config-file schemathesis.toml run "$base/openapi.json" --url "$base$prefix" \
        --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
        --max-examples "${SCHEMATHESIS_EXAMPLES:-20}" --seed "${SCHEMATHESIS_SEED:-1}" --generation-database none \
        --header "Authorization: Bearer $token" --no-color || failed+=("$service")
done
if [ "${#failed[@]}" -gt 0 ]; then
    for service in "${failed[@]}"; do echo "--- ptr-$service log" >&2; cat "$work/$service.log" >&2; done
    echo "schemathesis: failed for ${failed[*]}" >&2
    exit 1
fi
echo "schemathesis: every document matches its service"
