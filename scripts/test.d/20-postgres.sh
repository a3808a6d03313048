#!/usr/bin/env bash
# PostgreSQL for the transparency log's PostgreSQL backend tests: a private cluster on 127.0.0.1
# at a free port, owned by a non-root user, its data under a temporary directory recorded in
# $PROVENANT_TEST_STATE/postgres. Writes PROVENANT_TEST_PG_URL/_USER/_PASSWORD to $PROVENANT_TEST_ENV.
# Usage: 20-postgres.sh install|start|stop
set -euo pipefail
action="${1:?install|start|stop}"
state="${PROVENANT_TEST_STATE:?}/postgres"
mkdir -p "$state"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

as_owner() {
  # PostgreSQL refuses to run as root: run its tools as the 'postgres' user then.
  if [[ "$(id -u)" == "0" ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  install)
    if [[ -z "$(pg_bin)" || ! -x "$(pg_bin)/initdb" ]]; then
      if [[ "$(id -u)" != "0" ]]; then
        echo "20-postgres: PostgreSQL is missing and installing it needs root (apt-get install postgresql)" >&2
        exit 1
      fi
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      apt-get install -y -qq postgresql >/dev/null
    fi
    ;;
  start)
    bin="$(pg_bin)"
    data="$(mktemp -d /tmp/provenant-pg.XXXXXX)"
    echo "$data" > "$state/datadir"
    password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    printf '%s\n' "$password" > "$data/pwfile"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || true)"
    if [[ -z "$port" ]]; then
      # No python3: probe random high ports until one refuses connections.
      for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 40000))
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
      done
    fi
    if [[ "$(id -u)" == "0" ]]; then
      chown -R postgres:postgres "$data"
    fi
    chmod 700 "$data"
    as_owner "$bin/initdb" -D "$data/cluster" -U provenant --auth=scram-sha-256 \
      --pwfile="$data/pwfile" -E UTF8 >"$data/initdb.log" 2>&1
    as_owner "$bin/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data -c max_connections=300 -c fsync=on -c synchronous_commit=on" \
      start >/dev/null
    PGPASSWORD="$password" as_owner env PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" \
      -U provenant -d postgres -qc "CREATE DATABASE provenant" >/dev/null
    {
      echo "PROVENANT_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/provenant"
      echo "PROVENANT_TEST_PG_USER=provenant"
      echo "PROVENANT_TEST_PG_PASSWORD=$password"
    } >> "${PROVENANT_TEST_ENV:?}"
    echo "20-postgres: PostgreSQL on 127.0.0.1:$port (data $data)"
    ;;
  stop)
    if [[ -f "$state/datadir" ]]; then
      data="$(cat "$state/datadir")"
      if [[ -d "$data/cluster" ]]; then
        as_owner "$(pg_bin)/pg_ctl" -D "$data/cluster" -m fast -w stop >/dev/null 2>&1 || true
      fi
      rm -rf "$data"
      rm -f "$state/datadir"
    fi
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
