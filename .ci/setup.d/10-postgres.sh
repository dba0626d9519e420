#!/usr/bin/env bash
# PostgreSQL for marsad's store tests (tests/test_store*.py run against DuckDB AND PostgreSQL).
# Idempotent; runs as root on Debian. Installs Debian's postgresql, starts the cluster,
# and creates the role and database the tests use by default:
#   MARSAD_TEST_POSTGRES=postgresql://marsad:marsad@localhost/marsad_test
# Exports nothing: the tests fall back to that URL when the variable is unset.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

# Start every cluster Debian created (normally one: <version> main).
if command -v pg_lsclusters >/dev/null 2>&1; then
    pg_lsclusters --no-header | while read -r ver name port status _rest; do
        if [ "$status" != "online" ]; then
            pg_ctlcluster "$ver" "$name" start || service postgresql start
        fi
    done
else
    service postgresql start
fi

# Wait for the server (up to ~30 s).
for _ in $(seq 1 30); do
    if su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1; then break; fi
    sleep 1
done

psql_pg() { su postgres -c "psql -v ON_ERROR_STOP=1 -qtAc \"$1\""; }

if [ "$(psql_pg "select 1 from pg_roles where rolname='marsad'")" != "1" ]; then
    psql_pg "create role marsad login password 'marsad'"
fi
if [ "$(psql_pg "select 1 from pg_database where datname='marsad_test'")" != "1" ]; then
    psql_pg "create database marsad_test owner marsad"
fi
echo "postgresql ready: postgresql://marsad:marsad@localhost/marsad_test"
