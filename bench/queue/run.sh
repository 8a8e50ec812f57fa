#!/usr/bin/env bash
# bench/queue/run.sh [N]: the queue benchmark (BENCHMARKS.md, "Queue").
#
# Starts a private PostgreSQL cluster with production durability (fsync on,
# shared_buffers=2GB), measures the ceiling exactly as ceiling/README.md says
# (pgbench, 4 clients, 15 s, 1.5 M preloaded jobs), runs bench-queue against
# the real schema (N jobs, default 100,000), prints drain as a fraction of the
# ceiling, then repeats both with 1,000,000 future jobs in each table.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
jobs=${1:-100000}
scripts/setup
source scripts/lib/postgres.sh

swift build -c release --product bench-queue >&2
swift build -c release --product booknowctl >&2

work=$(mktemp -d /tmp/booknow-bench-queue.XXXXXX)
chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
port=$(free_port)
scripts/pg-cluster init "$work/pg"
scripts/pg-cluster start "$work/pg" "$port" durable
admin="postgresql://booknow@127.0.0.1:$port/postgres"
psql -q -v ON_ERROR_STOP=1 "$admin" -c "CREATE DATABASE bench" -c "CREATE DATABASE ceiling"
bench="postgresql://booknow@127.0.0.1:$port/bench"
ceiling="postgresql://booknow@127.0.0.1:$port/ceiling"
BOOKNOW_DATABASE_URL="$bench" .build/release/booknowctl migrate >&2
psql -q -v ON_ERROR_STOP=1 "$ceiling" -f bench/queue/ceiling/schema.sql

# ceiling_run [FUTURE]: jobs/s the ceiling method completes (rows done ÷ 15).
ceiling_run() {
  psql -q -v ON_ERROR_STOP=1 -v preload=1500000 "$ceiling" -f bench/queue/ceiling/reset.sql
  if [ -n "${1:-}" ]; then psql -q -v ON_ERROR_STOP=1 -v future="$1" "$ceiling" -f bench/queue/ceiling/future_backlog.sql; fi
  pgbench -n -M prepared -c 4 -j 2 -T 15 -f bench/queue/ceiling/claim_batch100_history.sql "$ceiling" >"$work/pgbench.log" 2>&1
  local done
  done=$(psql -Atc "SELECT count(*) FROM jobs WHERE state = 'done'" "$ceiling")
  echo $((done / 15))
}

report() {
  local label=$1 ceiling_rate=$2 output drain
  output=$(.build/release/bench-queue --url "$bench" --jobs "$jobs" --concurrency 400 --writers 3 --label "$label")
  echo "$output" | grep -v '^drain_jobs_per_second='
  drain=$(echo "$output" | sed -n 's/^drain_jobs_per_second=//p')
  echo "  ceiling: $ceiling_rate jobs/s (pgbench, 4 clients); drain = $(awk -v d="$drain" -v c="$ceiling_rate" 'BEGIN { printf "%.0f%%", 100 * d / c }') of it"
  echo "$drain" >"$work/drain-$label"
}

echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), PostgreSQL 15, fsync on, shared_buffers=2GB"
empty_ceiling=$(ceiling_run)
report empty "$empty_ceiling"

psql -q -v ON_ERROR_STOP=1 "$bench" -c "INSERT INTO jobs (kind, queue, run_at, payload)
  SELECT 'reminder', 'bench', now() + interval '2 days' + g * interval '10 ms', jsonb_build_object('appointment_id', g)
  FROM generate_series(1, 1000000) AS g" -c "VACUUM (ANALYZE) jobs" -c "CHECKPOINT"
future_ceiling=$(ceiling_run 1000000)
report future "$future_ceiling"

awk -v a="$(cat "$work/drain-empty")" -v b="$(cat "$work/drain-future")" -v ca="$empty_ceiling" -v cb="$future_ceiling" 'BEGIN {
  printf "loss with 1M future jobs: drain %.1f%%, ceiling %.1f%%\n", 100 * (1 - b / a), 100 * (1 - cb / ca) }'
