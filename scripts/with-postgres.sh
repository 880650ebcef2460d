#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15:
#   scripts/with-postgres.sh npx vitest run packages/store
# Starts a server in a temporary directory on a free localhost port (trust auth, local only),
# exports VAXEL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres, runs the command,
# then stops the server and removes the directory, also on failure or interrupt, and exits with
# the command's status. initdb refuses to run as root, so as root the server runs as `postgres`.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi

PG_BIN="${PG_BIN:-}"
if [ -z "$PG_BIN" ]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/initdb" ]; then PG_BIN="$candidate"; break; fi
  done
fi
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL server binaries found (install postgresql-15)" >&2
  exit 1
fi

# The server's own user when we are root; otherwise ourselves.
as_db_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# The first port from $1 that nothing listens on.
free_port() {
  local port
  for port in $(seq "$1" 55599); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "with-postgres: no free port between $1 and 55599" >&2
  return 1
}

# A private directory that the postgres user owns when we are root (data, socket, log).
WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/vaxel-pg.XXXXXX")"
chmod 755 "$WORK_DIR"
if [ "$(id -u)" -eq 0 ]; then chown postgres: "$WORK_DIR"; fi
DATA_DIR="$WORK_DIR/data"
LOG_FILE="$WORK_DIR/server.log"
STARTED=0

cleanup() {
  local status=$?
  if [ "$STARTED" -eq 1 ]; then
    as_db_user "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK_DIR"
  exit "$status"
}
trap cleanup EXIT
CHILD=""
# On Ctrl-C or TERM: stop the command (an asynchronous child ignores SIGINT, so it gets TERM),
# then the EXIT trap stops the server and removes the directory.
on_signal() {
  if [ -n "$CHILD" ]; then kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; fi
  exit "$1"
}
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

as_db_user "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$WORK_DIR/initdb.log" 2>&1 || {
  cat "$WORK_DIR/initdb.log" >&2
  exit 1
}

# Another run may take the port between the check and the start: then try the next one.
PORT="${VAXEL_PG_PORT:-55432}"
for attempt in 1 2 3 4 5; do
  PORT="$(free_port "$PORT")"
  STARTED=1
  if as_db_user "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
    -o "-p $PORT -k $WORK_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>&1; then
    break
  fi
  STARTED=0
  if [ "$attempt" -eq 5 ] || ! grep -q "could not bind\|Address already in use" "$LOG_FILE" 2>/dev/null; then
    cat "$LOG_FILE" >&2 || true
    exit 1
  fi
  PORT=$((PORT + 1))
done

for _ in $(seq 1 60); do
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
  sleep 0.5
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || { echo "with-postgres: server did not become ready" >&2; cat "$LOG_FILE" >&2; exit 1; }

export VAXEL_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL ready at $VAXEL_TEST_DATABASE_URL" >&2

# Run in the background and wait, so a signal reaches the traps above at once (bash runs traps
# only between commands); stdin stays the terminal's.
set +e
"$@" <&0 &
CHILD=$!
wait "$CHILD"
status=$?
CHILD=""
set -e
exit "$status"
