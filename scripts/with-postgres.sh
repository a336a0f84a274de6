#!/usr/bin/env bash
# Runs a command (the test suite) against PostgreSQL.
#
#   scripts/with-postgres.sh COMMAND [ARG...]
#
# - DATABASE_URL given: that server is used (the local cluster is started if it is installed
#   and down, and the database is created; scripts/ensure-postgres.sh).
# - No DATABASE_URL: a private throw-away cluster is made in a temporary folder (initdb),
#   started on a free port of 127.0.0.1, handed to COMMAND as DATABASE_URL and stopped and
#   removed afterwards, whatever COMMAND's outcome. PostgreSQL's server packages are installed
#   from Debian when missing (with sudo when not root). It prints the CPU the server used.
#   With SUITE_PG_STATEMENTS=1 it also keeps pg_stat_statements and writes what the statements
#   cost (calls, execution and planning time, the costliest 40) to
#   test-artifacts/pg-statements.txt: where the suite's database time goes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if [ -n "${DATABASE_URL:-}" ]; then
  "$here/ensure-postgres.sh"
  exec "$@"
fi

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

bin=$(bindir || true)
if [ -z "$bin" ]; then
  echo "Installing Debian's PostgreSQL server (no DATABASE_URL given and none installed)"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    postgresql-common postgresql >/dev/null
  bin=$(bindir)
fi

# initdb refuses to run as root: the cluster then belongs to the postgres user.
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  as_owner=(runuser -u postgres --)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/servicelofte-pg.XXXXXX")
chmod 755 "$dir"
[ ${#as_owner[@]} -gt 0 ] && chown postgres "$dir"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The server's tools run in the cluster's folder (the postgres user may not enter the
# current one, e.g. /root/...).
pg() { (cd "$dir" && "${as_owner[@]}" "$@"); }

# The CPU the server used (its own and its ended backends', autovacuum's included), read from
# /proc before the stop: the suite's database share of a run, printed with its result.
server_cpu() {
  local pid ticks
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 0
  [ -r "/proc/$pid/stat" ] || return 0
  ticks=$(getconf CLK_TCK)
  # fields after the command's closing parenthesis: utime stime cutime cstime are 12-15
  sed 's/^.*) //' "/proc/$pid/stat" | awk -v t="$ticks" \
    '{ printf "PostgreSQL used %.1f CPU-seconds (the private cluster, ended backends included)\n", ($12 + $13 + $14 + $15) / t }'
}

statements=""
[ "${SUITE_PG_STATEMENTS:-}" = "1" ] && statements="-c shared_preload_libraries=pg_stat_statements \
  -c pg_stat_statements.track=all -c pg_stat_statements.track_planning=on \
  -c pg_stat_statements.max=20000"
report="$PWD/test-artifacts/pg-statements.txt"

statements_report() {
  [ -n "$statements" ] || return 0
  mkdir -p "$(dirname "$report")"
  local sql=(-h 127.0.0.1 -p "$port" -U postgres -d servicelofte -X -q)
  {
    echo "top level, calls, execution s, planning s:"
    psql "${sql[@]}" -Atc "SELECT toplevel, sum(calls), round(sum(total_exec_time)::numeric / 1000, 1),
      round(sum(total_plan_time)::numeric / 1000, 1) FROM pg_stat_statements GROUP BY toplevel"
    echo "the costliest 40 (top level, calls, execution s, planning s, rows, statement):"
    psql "${sql[@]}" -Atc "SELECT toplevel, calls, round(total_exec_time::numeric / 1000, 2),
      round(total_plan_time::numeric / 1000, 2), rows,
      left(regexp_replace(query, '\s+', ' ', 'g'), 200) FROM pg_stat_statements
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 40"
  } >"$report" 2>&1 && echo "PostgreSQL statements: $report"
}

stop() {
  server_cpu || true
  statements_report || true
  pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT INT TERM

pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >/dev/null
pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
  "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 $statements" \
  >/dev/null
echo "PostgreSQL: a private cluster on 127.0.0.1:$port (removed afterwards)"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/servicelofte"
pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres servicelofte
# The statistics cover every database of the cluster (the test databases are dropped before
# the report); the view that reads them is made in the one that stays.
if [ -n "$statements" ]; then
  psql -h 127.0.0.1 -p "$port" -U postgres -d servicelofte -X -q \
    -c "CREATE EXTENSION pg_stat_statements"
fi
status=0
"$@" || status=$?
exit $status
