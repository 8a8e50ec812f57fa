#!/usr/bin/env bash
# bench/queue/run.sh [N]: the queue benchmark (BENCHMARKS.md, "Queue").
#
# Starts a private PostgreSQL cluster with production durability (fsync on,
# shared_buffers=2GB), measures the ceiling exactly as ceiling/README.md says
# (pgbench, 4 clients, 15 s, 1.5 M preloaded jobs), runs bench-queue against
# the real schema (N jobs, default 100,000), then PgQueuer 1.6 (pgqueuer/drain.py,
# the project's .venv/) draining as many no-op jobs from its own database on the
# same server, and prints both drains as fractions of the ceiling; then repeats
# everything with 1,000,000 future jobs in each table.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
jobs=${1:-100000}
scripts/setup --test   # python3-venv, for PgQueuer's .venv/
source scripts/lib/postgres.sh

# PgQueuer in the project's .venv/ (Debian's interpreter, as scripts/test makes
# it), every package pinned; constrained by the tests' pins so that installing it
# never moves a package the tests use. Quiet and offline when already there.
[ -x .venv/bin/python ] || /usr/bin/python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check --no-deps \
  -c Tests/Browser/requirements.txt -r bench/queue/pgqueuer/requirements.txt >&2

swift build -c release --product bench-queue >&2
swift build -c release --product booknowctl >&2

work=$(mktemp -d /tmp/booknow-bench-queue.XXXXXX)
chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
port=$(free_port)
scripts/pg-cluster init "$work/pg"
scripts/pg-cluster start "$work/pg" "$port" durable
admin="postgresql://booknow@127.0.0.1:$port/postgres"
psql -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE bench" -c "CREATE DATABASE ceiling" -c "CREATE DATABASE pgqueuer"
bench="postgresql://booknow@127.0.0.1:$port/bench"
ceiling="postgresql://booknow@127.0.0.1:$port/ceiling"
pgqueuer="postgresql://booknow@127.0.0.1:$port/pgqueuer"
BOOKNOW_DATABASE_URL="$bench" .build/release/booknowctl migrate >&2
psql -q -v ON_ERROR_STOP=1 "$ceiling" -f bench/queue/ceiling/schema.sql
# PgQueuer's schema as its documentation says: durable (the default, like ours:
# every table logged), then its recommended autovacuum settings.
.venv/bin/pgq --pg-dsn "$pgqueuer" install >&2
.venv/bin/pgq --pg-dsn "$pgqueuer" autovac >&2

# ceiling_run [FUTURE]: jobs/s the ceiling method completes (rows done ÷ 15).
ceiling_run() {
  psql -q -v ON_ERROR_STOP=1 -v preload=1500000 "$ceiling" -f bench/queue/ceiling/reset.sql
  if [ -n "${1:-}" ]; then psql -q -v ON_ERROR_STOP=1 -v future="$1" "$ceiling" -f bench/queue/ceiling/future_backlog.sql; fi
  pgbench -n -M prepared -c 4 -j 2 -T 15 -f bench/queue/ceiling/claim_batch100_history.sql "$ceiling" >"$work/pgbench.log" 2>&1
  local done
  done=$(psql -Atc "SELECT count(*) FROM jobs WHERE state = 'done'" "$ceiling")
  echo $((done / 15))
}

# report LABEL CEILING COMMAND…: runs a drain, prints it as a fraction of the ceiling.
report() {
  local label=$1 ceiling_rate=$2 output drain
  shift 2
  output=$("$@" --label "$label")
  echo "$output" | grep -v '^drain_jobs_per_second='
  drain=$(echo "$output" | sed -n 's/^drain_jobs_per_second=//p')
  echo "  ceiling: $ceiling_rate jobs/s (pgbench, 4 clients); drain = $(awk -v d="$drain" -v c="$ceiling_rate" 'BEGIN { printf "%.0f%%", 100 * d / c }') of it"
  echo "$drain" >"$work/drain-$label"
}
ours() { .build/release/bench-queue --url "$bench" --jobs "$jobs" --concurrency 400 --writers 3 "$@"; }
# PgQueuer's best on this host (BENCHMARKS.md, "Queue"): batch size 50, asyncpg,
# uvloop, no concurrency limits, 2 processes with 2 queue managers each.
theirs() { .venv/bin/python bench/queue/pgqueuer/drain.py --url "$pgqueuer" --jobs "$jobs" --batch-size 50 --processes 2 --managers 2 "$@"; }

echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), PostgreSQL 15, fsync on, shared_buffers=2GB"
echo "load at start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
empty_ceiling=$(ceiling_run)
report empty "$empty_ceiling" ours
report pgqueuer-empty "$empty_ceiling" theirs

psql -q -v ON_ERROR_STOP=1 "$bench" -c "INSERT INTO jobs (kind, queue, run_at, payload)
  SELECT 'reminder', 'bench', now() + interval '2 days' + g * interval '10 ms', jsonb_build_object('appointment_id', g)
  FROM generate_series(1, 1000000) AS g" -c "VACUUM (ANALYZE) jobs" -c "CHECKPOINT"
psql -q -v ON_ERROR_STOP=1 "$pgqueuer" -c "INSERT INTO pgqueuer (priority, entrypoint, payload, execute_after, status)
  SELECT 0, 'reminder', convert_to(jsonb_build_object('appointment_id', g)::text, 'UTF8'),
         now() + interval '2 days' + g * interval '10 ms', 'queued'
  FROM generate_series(1, 1000000) AS g" -c "VACUUM (ANALYZE) pgqueuer" -c "CHECKPOINT"
future_ceiling=$(ceiling_run 1000000)
report future "$future_ceiling" ours
report pgqueuer-future "$future_ceiling" theirs

awk -v a="$(cat "$work/drain-empty")" -v b="$(cat "$work/drain-future")" -v ca="$empty_ceiling" -v cb="$future_ceiling" \
    -v pa="$(cat "$work/drain-pgqueuer-empty")" -v pb="$(cat "$work/drain-pgqueuer-future")" 'BEGIN {
  printf "loss with 1M future jobs: drain %.1f%%, PgQueuer %.1f%%, ceiling %.1f%%\n", 100 * (1 - b / a), 100 * (1 - pb / pa), 100 * (1 - cb / ca) }'
