#!/usr/bin/env bash
# bench/queue/claim_plans.sh: what a claim and the worker's next-due question read
# while another queue holds a backlog (BENCHMARKS.md, "The claim index by queue"),
# with the claim index as it was, (run_at, id), and as it is, (queue, run_at, id).
#
# A private PostgreSQL cluster with this release's schema; 5,000 email jobs due
# and 10,000 more 90-210 s ahead, nothing in `default` or `sms`. Then, under each
# index, EXPLAIN (ANALYZE, BUFFERS) of the claim's scan for `default` (JobStore's
# claimSQL, its locking CTE) and of the next-due question for `sms` (nextDueSQL:
# over `queue = ANY(…)` as it was with the old index, queue by queue as it is);
# each statement three times, the last reported (buffers touched, execution time).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
source scripts/lib/postgres.sh
swift build -c release --product booknowctl >&2

work=$(mktemp -d /tmp/booknow-claim-plans.XXXXXX)
chmod 755 "$work"
trap 'pg_stop "$work/pg"; rm -rf "$work"' EXIT
port=$(free_port)
scripts/pg-cluster init "$work/pg" >&2
scripts/pg-cluster start "$work/pg" "$port" >&2
psql -q -v ON_ERROR_STOP=1 "postgresql://booknow@127.0.0.1:$port/postgres" -c "CREATE DATABASE bench"
url="postgresql://booknow@127.0.0.1:$port/bench"
BOOKNOW_DATABASE_URL="$url" .build/release/booknowctl migrate >&2
sql() { psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"; }
sql -c "INSERT INTO jobs (queue, kind, run_at) SELECT 'email', 'send_message', booknow_now() - interval '10 s' FROM generate_series(1, 5000)" \
    -c "INSERT INTO jobs (queue, kind, run_at) SELECT 'email', 'send_message', booknow_now() + (90 + i % 120) * interval '1 s' FROM generate_series(1, 10000) i" \
    -c "VACUUM ANALYZE jobs"

kinds="'{send_message,plan_reminders,slot_released,waitlist_offer}'::text[]"
claim="SELECT id FROM jobs WHERE state IN ('scheduled', 'retryable') AND run_at <= booknow_now()
         AND queue = 'default' AND kind = ANY($kinds) ORDER BY run_at, id LIMIT 4 FOR UPDATE SKIP LOCKED"
next_any="SELECT min(run_at) FROM jobs WHERE state IN ('scheduled', 'retryable') AND queue = ANY('{sms}'::text[])
            AND kind = ANY($kinds) AND queue NOT IN (SELECT name FROM queues WHERE paused)"
next_each="SELECT min(first.run_at) FROM unnest('{sms}'::text[]) AS q(name) CROSS JOIN LATERAL (
             SELECT run_at FROM jobs WHERE state IN ('scheduled', 'retryable') AND queue = q.name AND kind = ANY($kinds)
              ORDER BY run_at, id LIMIT 1) AS first
            WHERE q.name NOT IN (SELECT name FROM queues WHERE paused)"

# measure LABEL SQL: the last of three runs' buffers (its top node) and execution time.
measure() {
  local plan
  for _ in 1 2 3; do plan=$(sql -At -c "EXPLAIN (ANALYZE, BUFFERS) $2"); done
  printf '%-54s %s, %s\n' "$1" "$(grep -m1 -o 'Buffers: shared.*' <<<"$plan")" "$(grep -o 'Execution Time: .*' <<<"$plan")"
}
echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); $(date -u '+%Y-%m-%d %H:%M UTC')"
for index in "run_at, id" "queue, run_at, id"; do
  sql -c "DROP INDEX jobs_claimable_idx" \
      -c "CREATE INDEX jobs_claimable_idx ON jobs ($index) WHERE state IN ('scheduled', 'retryable')"
  measure "($index): claim of default" "$claim"
  if [ "$index" = "run_at, id" ]; then measure "($index): next due of sms, over ANY" "$next_any"
  else measure "($index): next due of sms, queue by queue" "$next_each"; fi
done
