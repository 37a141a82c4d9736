#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the server tests and benches,
# and prints the URL to give them:
#   export FAIRLINE_TEST_DATABASE_URL="$(bash scripts/setup-postgres.sh)"
# Only the URL goes to stdout; progress goes to stderr. Installs PostgreSQL from Debian's
# packages when missing and starts the cluster without systemd (CI machines have none).
# Safe to run again. Exits non-zero if PostgreSQL still does not answer.
set -euo pipefail

HOST=127.0.0.1
PORT=5432
URL="postgres://postgres@${HOST}:${PORT}/postgres"

say() { echo "setup-postgres: $*" >&2; }
ready() { pg_isready -q -h "$HOST" -p "$PORT" >/dev/null 2>&1; }

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
installed=0

if ! ready; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
    say "installing postgresql from Debian's packages"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >&2
    installed=1
  fi
  version="$(ls /etc/postgresql | sort -V | tail -1)"
  say "starting cluster ${version}/main"
  # Already running on another address or port is not an error here; readiness is checked below.
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi

if ! ready; then
  say "PostgreSQL does not answer on ${HOST}:${PORT}"
  exit 1
fi

# The tests sign in as postgres and create and drop their own databases. The project's
# machines trust local connections; a cluster this script has just installed asks for a
# password over TCP instead, so give its postgres role one (never touched on a cluster we
# did not install).
if ! psql "$URL" -qAtc 'select 1' >/dev/null 2>&1; then
  if [ "$installed" -eq 1 ]; then
    say "setting a password for the postgres role of the new cluster"
    if [ "$(id -u)" -eq 0 ]; then as_postgres=(runuser -u postgres --); else as_postgres=(sudo -u postgres); fi
    "${as_postgres[@]}" psql -qAtc "alter role postgres password 'postgres'" >&2
    URL="postgres://postgres:postgres@${HOST}:${PORT}/postgres"
  fi
  if ! psql "$URL" -qAtc 'select 1' >/dev/null 2>&1; then
    say "PostgreSQL answers on ${HOST}:${PORT} but cannot sign in as postgres: allow it (trust or a password in the URL)"
    exit 1
  fi
fi

say "PostgreSQL answers on ${HOST}:${PORT}"
echo "$URL"
