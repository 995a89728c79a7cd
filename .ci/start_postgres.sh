#!/usr/bin/env bash
# Start a throwaway PostgreSQL for the store tests, listening on 127.0.0.1 only.
#
#   source .ci/start_postgres.sh         # start (or reuse) it and export the test variables
#   .ci/start_postgres.sh stop           # stop it
#
# Installs Debian's postgresql package when no server binaries are found (needs root),
# creates a private cluster in $STAKEHOLDER_MAP_PG_DIR (default: /tmp/stakeholder-map-postgres)
# on a free port, a role and a database for the tests, and exports
#   STAKEHOLDER_MAP_TEST_POSTGRES_URL=postgresql+psycopg://USER:PASSWORD@127.0.0.1:PORT/DB
#   STAKEHOLDER_MAP_REQUIRE_POSTGRES=1   (the PostgreSQL tests fail instead of skipping)
# Running it again reuses the running server. It leaves Debian's own "main" cluster alone.
# The password only guards a loopback-only test server holding test data.

_smpg_dir="${STAKEHOLDER_MAP_PG_DIR:-${TMPDIR:-/tmp}/stakeholder-map-postgres}"
_smpg_role="stakeholder_map"
_smpg_password="stakeholder_map_test"
_smpg_db="stakeholder_map_test"

_smpg_setup() (
    set -euo pipefail
    say() { echo "start_postgres: $*" >&2; }
    die() {
        say "ERROR: $*"
        exit 1
    }

    find_bindir() {
        local candidate
        for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
            [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return 0; }
        done
        if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
            dirname "$(command -v initdb)"
            return 0
        fi
        return 1
    }

    bindir="$(find_bindir || true)"
    if [ -z "$bindir" ]; then
        if command -v dpkg >/dev/null 2>&1 && dpkg -s postgresql >/dev/null 2>&1; then
            die "the postgresql package is installed but initdb/pg_ctl were not found under /usr/lib/postgresql"
        fi
        [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and this is not root; run: sudo apt-get install -y --no-install-recommends postgresql"
        command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is missing; install PostgreSQL by hand"
        say "installing Debian's postgresql package"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends postgresql >/dev/null
        bindir="$(find_bindir)" || die "postgresql was installed but initdb/pg_ctl were not found"
    fi
    say "using PostgreSQL binaries in $bindir ($("$bindir/postgres" --version))"

    # initdb and the server refuse to run as root: run them as the postgres user then.
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null || die "no 'postgres' system user; reinstall the postgresql package"
        owner="postgres"
        as_owner() { runuser -u postgres -- "$@"; }
    else
        owner="$(id -un)"
        as_owner() { "$@"; }
    fi

    data="$_smpg_dir/data"
    socket="$_smpg_dir/socket"
    log="$_smpg_dir/server.log"
    mkdir -p "$_smpg_dir" "$socket"
    chown "$owner" "$_smpg_dir" "$socket"
    chmod 700 "$_smpg_dir"
    cd /  # the server's user may not be allowed into the caller's directory
    as_owner test -w "$_smpg_dir" ||
        die "$owner cannot write to $_smpg_dir; set STAKEHOLDER_MAP_PG_DIR to a folder it can reach"

    if [ ! -s "$data/PG_VERSION" ]; then
        say "creating a cluster in $data"
        rm -rf "$data"
        as_owner "$bindir/initdb" -D "$data" -U postgres -E UTF8 --no-locale \
            --auth-local=trust --auth-host=scram-sha-256 >"$_smpg_dir/initdb.log" 2>&1 ||
            { cat "$_smpg_dir/initdb.log" >&2; die "initdb failed"; }
    fi

    port="$(cat "$_smpg_dir/port" 2>/dev/null || true)"
    running=no
    if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        if [ -n "$port" ]; then
            running=yes
            say "server already running on 127.0.0.1:$port"
        else
            say "server running on an unknown port; restarting it"
            as_owner "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        fi
    fi
    if [ "$running" = no ]; then
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        say "starting the server on 127.0.0.1:$port (log: $log)"
        as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 \
            -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$socket" start >/dev/null ||
            { tail -n 30 "$log" >&2 || true; die "the server did not start"; }
        echo "$port" >"$_smpg_dir/port"
    fi
    "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 ||
        { tail -n 30 "$log" >&2 || true; die "the server does not answer on 127.0.0.1:$port"; }

    psql_admin() { as_owner "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$port" -U postgres -d postgres "$@"; }
    say "ensuring role $_smpg_role and database $_smpg_db"
    psql_admin <<SQL >/dev/null
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$_smpg_role') THEN
        CREATE ROLE $_smpg_role LOGIN PASSWORD '$_smpg_password';
    ELSE
        ALTER ROLE $_smpg_role LOGIN PASSWORD '$_smpg_password';
    END IF;
END
\$\$;
SQL
    if [ "$(psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$_smpg_db'")" != "1" ]; then
        psql_admin -c "CREATE DATABASE $_smpg_db OWNER $_smpg_role" >/dev/null
    fi
    # Prove the URL the tests will use works: TCP, password, the test database.
    PGPASSWORD="$_smpg_password" "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U "$_smpg_role" -d "$_smpg_db" \
        -tA -c "SELECT 1" >/dev/null || die "cannot log in as $_smpg_role on 127.0.0.1:$port"
    echo "$port"
)

_smpg_stop() (
    set -euo pipefail
    data="$_smpg_dir/data"
    [ -s "$data/PG_VERSION" ] || { echo "start_postgres: nothing to stop in $_smpg_dir" >&2; exit 0; }
    pg_ctl_bin="$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V -r | head -n 1 || true)"
    pg_ctl_bin="${pg_ctl_bin:-pg_ctl}"
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$pg_ctl_bin" -D "$data" -m fast stop || true
    else
        "$pg_ctl_bin" -D "$data" -m fast stop || true
    fi
)

if [ "${1:-}" = "stop" ]; then
    _smpg_stop
elif _smpg_port="$(_smpg_setup)"; then
    export STAKEHOLDER_MAP_TEST_POSTGRES_URL="postgresql+psycopg://$_smpg_role:$_smpg_password@127.0.0.1:$_smpg_port/$_smpg_db"
    export STAKEHOLDER_MAP_REQUIRE_POSTGRES=1
    echo "start_postgres: exported STAKEHOLDER_MAP_TEST_POSTGRES_URL=postgresql+psycopg://$_smpg_role:***@127.0.0.1:$_smpg_port/$_smpg_db" >&2
    echo "start_postgres: exported STAKEHOLDER_MAP_REQUIRE_POSTGRES=1" >&2
    if [ "${BASH_SOURCE[0]}" = "$0" ]; then
        echo "start_postgres: run with 'source' to keep these variables in your shell" >&2
    fi
else
    echo "start_postgres: FAILED; PostgreSQL tests cannot run" >&2
    if [ "${BASH_SOURCE[0]}" = "$0" ]; then exit 1; else return 1; fi
fi
