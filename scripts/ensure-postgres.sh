#!/usr/bin/env bash
# Starts the local PostgreSQL cluster if it is installed and not answering.
set -uo pipefail
ensure_db() {
  # The database named in DATABASE_URL (pytest creates test_<name> itself; lint checks use it).
  local url="${DATABASE_URL:-}"; local name="${url##*/}"; name="${name%%\?*}"
  [ -n "$name" ] && [ "$url" != "${url#postgres}" ] || return 0
  psql "${url%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$name'" 2>/dev/null | grep -q 1 ||
    psql "${url%/*}/postgres" -qc "CREATE DATABASE \"$name\"" >/dev/null 2>&1 || true
}
if command -v pg_isready >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q; then ensure_db; exit 0; fi
if command -v pg_ctlcluster >/dev/null 2>&1; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && { ensure_db; exit 0; }; sleep 1; done
fi
echo "PostgreSQL is not reachable at 127.0.0.1:5432" >&2
exit 1
