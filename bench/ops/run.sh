#!/usr/bin/env bash
# bench/ops/run.sh [ROUNDS]: the operator console benchmark (BENCHMARKS.md,
# "Operator console"). Builds release binaries, then under
# flock /tmp/booknow-bench.lock (no other benchmark or build meanwhile):
# starts a private PostgreSQL cluster with production durability, seeds
# 3,000,000 jobs with 100,000 dead letters (seed.sql), starts booknowd with
# its worker off (the figures are the console's, not a draining queue's),
# and times the overview, filtered job and dead-letter pages (ROUNDS rounds,
# default 100) and five bulk dry runs over 10,000 dead letters, twice; then
# the worker's drain (bench-queue) with and without ten clients loading the
# overview every second, PAIRS (5) interleaved pairs of DRAIN_JOBS (50,000).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
rounds=${1:-100}
scripts/setup
source scripts/lib/postgres.sh
swift build -c release --product booknowd >&2
swift build -c release --product booknowctl >&2
swift build -c release --product bench-queue >&2

exec 8>/tmp/booknow-bench.lock
flock 8
work=$(mktemp -d /tmp/booknow-bench-ops.XXXXXX)
chmod 755 "$work"
daemon=
cleanup() {
  [ -z "$daemon" ] || { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; }
  pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
port=$(free_port)
scripts/pg-cluster init "$work/pg"
scripts/pg-cluster start "$work/pg" "$port" durable 8>&-
url="postgresql://booknow@127.0.0.1:$port/bench"
psql -q -v ON_ERROR_STOP=1 "postgresql://booknow@127.0.0.1:$port/postgres" -c "CREATE DATABASE bench"
BOOKNOW_DATABASE_URL="$url" .build/release/booknowctl migrate >&2
started=$SECONDS
psql -q -v ON_ERROR_STOP=1 "$url" -f bench/ops/seed.sql
echo "seeded in $((SECONDS - started)) s: $(psql -Atc "SELECT count(*) || ' jobs, ' || count(*) FILTER (WHERE state = 'dead') || ' dead' FROM jobs" "$url")"

head -c 32 /dev/urandom | base64 >"$work/link-key"
ops_port=$(free_port)
cat >"$work/booknowd.conf" <<CONF
[database]
url = $url
[http]
port = $(free_port)
[ops]
port = $ops_port
[security]
link_key_file = $work/link-key
[templates]
directory = $repo/templates
[worker]
enabled = false
CONF
password=bench-operator-password
printf '%s\n' "$password" | .build/release/booknowctl --config "$work/booknowd.conf" operators add bench --role operator >&2
.build/release/booknowd --config "$work/booknowd.conf" >"$work/booknowd.log" 2>&1 8>&- &
daemon=$!
until curl -sf -o /dev/null "http://127.0.0.1:$ops_port/ops/sign-in"; do
  kill -0 "$daemon" 2>/dev/null || { cat "$work/booknowd.log" >&2; exit 1; }
  sleep 0.2
done

echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), PostgreSQL 15, fsync on"
for run in 1 2; do
  echo "run $run (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/python3 bench/ops/drive.py "http://127.0.0.1:$ops_port" bench "$password" "$rounds"
done
# The worker's drain with and without ten operators refreshing the overview
# every second: bench-queue (bench/queue) on this database, PAIRS interleaved
# pairs (order alternating), the median of the per-pair with/without ratios.
pairs=${PAIRS:-5}
drain_jobs=${DRAIN_JOBS:-50000}
echo "drain: bench-queue --jobs $drain_jobs --concurrency 400 --writers 3 --lead 600, without and with 10 clients loading /ops every second, $pairs pairs"
ratios=()
for pair in $(seq "$pairs"); do
  arms="without with"; [ $((pair % 2)) = 1 ] || arms="with without"
  declare -A rate=()
  for arm in $arms; do
    watchers=()
    if [ "$arm" = with ]; then
      for _ in $(seq 10); do
        /usr/bin/python3 bench/ops/watch.py "http://127.0.0.1:$ops_port" bench "$password" 8>&- &
        watchers+=($!)
      done
      sleep 3
    fi
    rate[$arm]=$(.build/release/bench-queue --url "$url" --jobs "$drain_jobs" --concurrency 400 --writers 3 --lead 600 --label "$arm" 8>&- \
      | sed -n 's/^drain_jobs_per_second=//p')
    for watcher in "${watchers[@]}"; do
      # A watcher that stopped (its session refused) would make this arm a "without".
      kill -0 "$watcher" 2>/dev/null || { echo "a watcher stopped during pair $pair" >&2; exit 1; }
      kill "$watcher"; wait "$watcher" 2>/dev/null || true
    done
  done
  ratio=$(awk -v a="${rate[with]}" -v b="${rate[without]}" 'BEGIN { printf "%.3f", a / b }')
  ratios+=("$ratio")
  echo "pair $pair: without ${rate[without]} jobs/s, with ${rate[with]} jobs/s, ratio $ratio"
  unset rate
done
source bench/median.sh
echo "median drain ratio with/without watchers: $(printf '%s\n' "${ratios[@]}" | median)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
