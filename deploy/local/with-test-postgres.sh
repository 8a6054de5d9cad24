#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temporary folder as a non-root
# user, a server on a free loopback port, and PTR_TEST_POSTGRES_URL pointing at it. The cluster is
# stopped and removed whatever the command did; the command's exit status is kept.
set -euo pipefail

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir="$candidate"
done
[ -n "$bindir" ] || { echo "with-test-postgres: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

# initdb refuses to run as root: use the packaged postgres user, or a user of our own.
run_as=()
if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || { user=ptr-test; id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"; }
    run_as=(runuser -u "$user" --)
fi

cluster=$(mktemp -d /tmp/ptr-test-pg.XXXXXX)
[ "${#run_as[@]}" = 0 ] || chown "$user" "$cluster"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
    "${run_as[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap stop EXIT

"${run_as[@]}" "$bindir/initdb" -D "$cluster/data" -U ptr -A trust --no-sync >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
# Durability is not wanted from a throwaway cluster; connections are: the concurrency tests run
# several app instances with their own pools at once.
"${run_as[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" >/dev/null \
    || { cat "$cluster/server.log" >&2; exit 1; }

export PTR_TEST_POSTGRES_URL="postgres://ptr@127.0.0.1:$port/postgres"
export PTR_REQUIRE_POSTGRES=1
echo "with-test-postgres: PostgreSQL on 127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit $status
