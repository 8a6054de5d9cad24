#!/usr/bin/env bash
# A throwaway PostgreSQL cluster in a folder, on a loopback port:
#   postgres-cluster.sh init DIR PORT   initdb (as a non-root user: initdb refuses root)
#   postgres-cluster.sh start DIR       start it and wait until it accepts connections
#   postgres-cluster.sh stop DIR        stop it as an operator would (fast: sessions are ended)
#   postgres-cluster.sh remove DIR      stop it if running and delete the folder
# with-test-postgres.sh uses it for the test cluster; the database-outage tests use it for clusters
# of their own that they stop and start under running services.
set -euo pipefail

command=${1:?usage: postgres-cluster.sh init DIR PORT | start DIR | stop DIR | remove DIR}
cluster=${2:?the cluster folder}

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir="$candidate"
done
[ -n "$bindir" ] || { echo "postgres-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

run_as=()
if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || { user=ptr-test; id "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"; }
    run_as=(runuser -u "$user" --)
fi

case "$command" in
init)
    port=${3:?the port}
    mkdir -p "$cluster"
    [ "${#run_as[@]}" = 0 ] || chown "$user" "$cluster"
    "${run_as[@]}" "$bindir/initdb" -D "$cluster/data" -U ptr -A trust --no-sync >"$cluster/initdb.log" 2>&1 \
        || { cat "$cluster/initdb.log" >&2; exit 1; }
    echo "$port" >"$cluster/port"
    ;;
start)
    port=$(cat "$cluster/port")
    # The server outlives this script: it must not inherit the caller's descriptors beyond stdio.
    # (Foundation's Process learns that a child ended when a socket it gave the child closes; a
    # server holding that socket would make this script look like it never ends.)
    for fd in $(ls /proc/$$/fd); do
        [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null || true
    done
    # Durability is not wanted from a throwaway cluster; connections are: the concurrency tests run
    # several app instances with their own pools at once.
    "${run_as[@]}" "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400" >/dev/null \
        || { cat "$cluster/server.log" >&2; exit 1; }
    ;;
stop)
    "${run_as[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
remove)
    "${run_as[@]}" "$bindir/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
    ;;
*)
    echo "postgres-cluster: unknown command $command" >&2
    exit 2
    ;;
esac
