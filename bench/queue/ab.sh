#!/usr/bin/env bash
# bench/queue/ab.sh PAIRS "FLAGS A" "FLAGS B" [BIN_A [BIN_B]]: an A/B of the queue
# drain (BENCHMARKS.md, "Queue"). On one durable cluster (as run.sh starts it),
# runs bench-queue (100,000 jobs, --concurrency 400 --writers 3) with FLAGS A and
# FLAGS B, PAIRS times interleaved (the order alternating), and prints each
# pair's drain rates and B/A.
# BIN_A and BIN_B (default: this build's release bench-queue) compare two builds:
# copy the old binary aside before building the new one. SETUP_A and SETUP_B,
# when set, are SQL run on the database before each drain of that side (an
# index as it was against the index as it is). Take the bench lock:
#   flock /tmp/booknow-bench.lock bench/queue/ab.sh 5 "--batch 100" "--batch 1000"
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
[ $# -ge 3 ] || { echo "usage: bench/queue/ab.sh PAIRS \"FLAGS A\" \"FLAGS B\" [BIN_A [BIN_B]]" >&2; exit 64; }
pairs=$1 flags_a=$2 flags_b=$3
swift build -c release --product bench-queue >&2
swift build -c release --product booknowctl >&2
bin_a=${4:-.build/release/bench-queue} bin_b=${5:-${4:-.build/release/bench-queue}}
source scripts/lib/postgres.sh

work=$(mktemp -d /tmp/booknow-bench-queue-ab.XXXXXX)
chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
port=$(free_port)
scripts/pg-cluster init "$work/pg" >&2
scripts/pg-cluster start "$work/pg" "$port" durable >&2
psql -q -v ON_ERROR_STOP=1 "postgresql://booknow@127.0.0.1:$port/postgres" -c "CREATE DATABASE bench"
url="postgresql://booknow@127.0.0.1:$port/bench"
BOOKNOW_DATABASE_URL="$url" .build/release/booknowctl migrate >&2

echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
drain() {  # BIN FLAGS LOG SETUP
  [ -z "$4" ] || psql -q -v ON_ERROR_STOP=1 "$url" -c "$4" >&2
  # shellcheck disable=SC2086 # FLAGS is a list of options
  "$1" --url "$url" --jobs 100000 --concurrency 400 --writers 3 $2 | tee -a "$3" | sed -n 's/^drain_jobs_per_second=//p'
}
# Odd pairs run A first, even pairs B first: on these hosts the first drain of a
# pair was seen to run slower, which a fixed order would credit to one side.
for i in $(seq "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then
    a=$(drain "$bin_a" "$flags_a" "$work/a.log" "${SETUP_A:-}")
    b=$(drain "$bin_b" "$flags_b" "$work/b.log" "${SETUP_B:-}")
  else
    b=$(drain "$bin_b" "$flags_b" "$work/b.log" "${SETUP_B:-}")
    a=$(drain "$bin_a" "$flags_a" "$work/a.log" "${SETUP_A:-}")
  fi
  echo "pair $i: A $a jobs/s, B $b jobs/s, B/A $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')"
done
echo "A ($bin_a $flags_a):"; grep -h "worker:" "$work/a.log"
echo "B ($bin_b $flags_b):"; grep -h "worker:" "$work/b.log"
