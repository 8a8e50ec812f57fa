#!/usr/bin/env bash
# bench/notifications/ab.sh OTHER [PAIRS]: an A/B of the reminder burst
# (BENCHMARKS.md, "Notifications") between another checkout OTHER (a worktree
# of an older commit: `git worktree add /tmp/old COMMIT`) and this one. Runs
# OTHER's `bench/notifications/run.sh 1` and this checkout's, PAIRS times
# (default 5) interleaved, odd pairs OTHER first, even pairs this one first;
# each run's whole output goes to LOGS (default /tmp/booknow-notifications-ab).
# Prints each run's CPU per message (booknowd + PostgreSQL, from "planned" to
# the last message) and burst p99, then each pair's CPU ratio this/OTHER and
# their median. The environment reaches both scripts (SMTP_THREADS,
# EMAIL_CONCURRENCY, CONFIRM_COUNT, …); name every setting whose default
# differs between the two run.sh (0.1.0's are 64 email and 256 SMS in flight).
# Take the bench lock:
#   flock /tmp/booknow-bench.lock env EMAIL_CONCURRENCY=128 SMTP_THREADS=64 \
#     SMS_CONCURRENCY=512 SMS_CONNECTIONS=256 CONFIRM_COUNT=200 bench/notifications/ab.sh /tmp/old 5
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 1 ] && [ -x "$1/bench/notifications/run.sh" ] || {
  echo "usage: bench/notifications/ab.sh OTHER_CHECKOUT [PAIRS] (OTHER_CHECKOUT has bench/notifications/run.sh)" >&2
  exit 64
}
other=$(cd "$1" && pwd) pairs=${2:-5}
logs=${LOGS:-/tmp/booknow-notifications-ab}
mkdir -p "$logs"

# run SIDE CHECKOUT PAIR: one run; prints "cpu_ms p99_s" from its log.
run() {
  local log="$logs/pair$3-$1.log"
  (cd "$2" && bench/notifications/run.sh 1) >"$log" 2>&1 || { echo "run failed: $log" >&2; return 1; }
  local cpu p99
  cpu=$(sed -n 's/^CPU used from planned to the last message: booknowd \([0-9.]*\) s, PostgreSQL \([0-9.]*\) s$/\1 \2/p' "$log" \
    | awk -v n=$((2 * ${BURST_BOOKINGS:-10000})) '{ printf "%.3f", ($1 + $2) * 1000 / n }')
  p99=$(sed -n 's/^all: .* p99=\([0-9.]*\) s.*/\1/p' "$log")
  [ -n "$cpu" ] && [ -n "$p99" ] || { echo "no figures in $log" >&2; return 1; }
  echo "$cpu $p99"
}

echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "OTHER: $other ($(git -C "$other" rev-parse --short HEAD)); THIS: $repo ($(git -C "$repo" rev-parse --short HEAD))"
ratios=()
for i in $(seq "$pairs"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ $((i % 2)) -eq 1 ]; then
    a=$(run other "$other" "$i"); b=$(run this "$repo" "$i")
  else
    b=$(run this "$repo" "$i"); a=$(run other "$other" "$i")
  fi
  ratio=$(awk -v a="${a%% *}" -v b="${b%% *}" 'BEGIN { printf "%.3f", b / a }')
  ratios+=("$ratio")
  echo "pair $i (load $load, $([ $((i % 2)) -eq 1 ] && echo 'OTHER first' || echo 'THIS first')): OTHER ${a%% *} ms/msg, p99 ${a##* } s; THIS ${b%% *} ms/msg, p99 ${b##* } s; CPU THIS/OTHER $ratio"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END { printf "median CPU per message THIS/OTHER over %d pairs: %s\n", NR, (NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
