#!/usr/bin/env bash
# API benchmark (not a timed test): booknowd (release) on loopback over a database at
# the target shape, driven by hey at fixed rates. See BENCHMARKS.md, "## API".
#   availability: one provider-week, GET /v1/availability, 200 req/s (10 workers x 20/s) for DURATION s
#   booking:      POST /v1/bookings at 100 req/s, each request a different provider and free slot
#                 (hey sends one fixed body, so one hey -n 1 per request, started every 10 ms)
#   contended:    one slot, 100 clients at once (hey -n 100 -c 100): exactly one 201 expected
#   MODE=cache:   the availability cache's A/B and cross-daemon staleness instead (bench/api/cache.sh)
# Usage: bench/api/run.sh [runs]   Environment: BUSINESSES (10000), DAYS (30), BUDGET (600 s of booking
# generation), DURATION (30), WORK (/tmp/booknow-bench-api: the cluster is kept there and reused).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup --test   # hey
source scripts/lib/postgres.sh
RUNS=${1:-2}
BUSINESSES=${BUSINESSES:-10000}
DAYS=${DAYS:-30}
BUDGET=${BUDGET:-600}
DURATION=${DURATION:-30}
WORK=${WORK:-/tmp/booknow-bench-api}
# Days after tomorrow the booking and contended runs start at, so a later invocation on the kept
# database books free slots (the first used days 1-4).
DAY_OFFSET=${DAY_OFFSET:-0}

swift build -c release --product booknowd 2>&1 | tail -1
swift build -c release --product booknowctl 2>&1 | tail -1
BIN=.build/release
mkdir -p "$WORK"; chmod 755 "$WORK"
port_file="$WORK/port"
[ -f "$port_file" ] || free_port > "$port_file"
pg_port=$(cat "$port_file")
url="postgresql://booknow@127.0.0.1:$pg_port/booknow"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pg_stop "$WORK/pg"; }
trap cleanup EXIT

# Durable settings (fsync on) for the measurements, as the targets assume.
pg_init "$WORK/pg" booknow
pg_start "$WORK/pg" "$pg_port" max_connections=200 shared_buffers=2GB
if ! psql -qtA "postgresql://booknow@127.0.0.1:$pg_port/postgres" -c "SELECT 1 FROM pg_database WHERE datname = 'booknow'" | grep -q 1; then
  psql -q "postgresql://booknow@127.0.0.1:$pg_port/postgres" -c "CREATE DATABASE booknow"
  BOOKNOW_DATABASE_URL=$url $BIN/booknowctl migrate >/dev/null
  started=$(date +%s)
  psql -q "$url" -v businesses="$BUSINESSES" -v days="$DAYS" -v budget_seconds="$BUDGET" -f bench/api/generate.sql \
    | tee "$WORK/generate.out"
  echo "generated in $(( $(date +%s) - started )) s" | tee -a "$WORK/generate.out"
fi
# A kept database from an older release is brought up to this one (migrations are idempotent).
BOOKNOW_DATABASE_URL=$url $BIN/booknowctl migrate >/dev/null
psql -qtA "$url" -c "SELECT 'rows: businesses ' || (SELECT count(*) FROM businesses) || ', providers ' || (SELECT count(*) FROM providers)
  || ', rules ' || (SELECT count(*) FROM availability_rules) || ', bookings ' || (SELECT count(*) FROM bookings)
  || ' over ' || (SELECT max(days) FROM bench_progress) || ' days'"

# Public keys of the first 400 businesses, made in SQL the way APIKeyStore makes them (label, 43
# URL-safe characters, the first 16 characters as prefix, SHA-256 of the whole key), kept in
# bench_key so the load knows the secrets. Business 1's key and its provider 1 and Haircut serve
# the availability and contended runs.
psql -q "$url" <<'SQL'
CREATE TABLE IF NOT EXISTS bench_key AS
    SELECT n, 'bk_pub_' || substr(md5(random()::text) || md5(random()::text), 1, 43) AS secret FROM bench_business WHERE n <= 400;
INSERT INTO api_keys (business_id, scope, prefix, hash)
    SELECT b.id, 'public', substr(k.secret, 1, 16), sha256(convert_to(k.secret, 'UTF8'))
    FROM bench_key k JOIN bench_business b USING (n) ON CONFLICT DO NOTHING;
SQL
# A provider or location changed since the schema began has a version row (every booking,
# cancel or rule change bumps it); the bulk load bypasses those triggers, so give every
# one its row, as a live database has, or the cached read's version lookup sees a near-empty
# table the planner scans instead of using its key.
psql -q "$url" -c "INSERT INTO availability_versions (business_id, owner_id, version)
  SELECT business_id, id, 1 FROM providers UNION ALL SELECT business_id, id, 1 FROM locations ON CONFLICT DO NOTHING" \
  -c "ANALYZE availability_versions"
key=$(psql -qtA "$url" -c "SELECT secret FROM bench_key WHERE n = 1")
read -r location service provider <<<"$(psql -qtA -F ' ' "$url" -c "SELECT b.location_id, s.id, p.id FROM bench_business b JOIN bench_service s ON s.n = b.n AND s.s = 1 JOIN bench_provider p ON p.n = b.n AND p.p = 1 WHERE b.n = 1")"

http_port=$(free_port)
# Per-key rate limits off: hey drives one business's key far past its default budget.
[ -s "$WORK/link-key" ] || { head -c 32 /dev/urandom | base64 > "$WORK/link-key"; chmod 600 "$WORK/link-key"; }
BOOKNOW_SECURITY_LINK_KEY_FILE=$WORK/link-key BOOKNOW_HTTP_RATE_LIMIT_PER_SECOND=0 \
  BOOKNOW_HTTP_TRUSTED_PROXIES=127.0.0.1 BOOKNOW_HTTP_PER_CLIENT_CONNECTION_LIMIT=0 BOOKNOW_PUBLIC_MESSAGES_PER_RECIPIENT_PER_DAY=0 \
  BOOKNOW_PUBLIC_OPEN_BOOKINGS_PER_CONTACT=0 BOOKNOW_PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR=0 BOOKNOW_PUBLIC_FLOOD_BOOKINGS_PER_HOUR=0 \
  BOOKNOW_PUBLIC_MIN_FILL_TIME=0s BOOKNOW_DATABASE_URL=$url BOOKNOW_HTTP_ADDRESS=127.0.0.1 BOOKNOW_HTTP_PORT=$http_port BOOKNOW_HTTP_THREADS=${THREADS:-32} \
  BOOKNOW_LOG_LEVEL=warning BOOKNOW_DATABASE_POOL_SIZE=${POOL:-32} BOOKNOW_TEMPLATES_DIRECTORY="$PWD/templates" $BIN/booknowd > "$WORK/booknowd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$http_port/v1/openapi.yaml" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$http_port/v1/openapi.yaml" >/dev/null || { echo "booknowd did not start:" >&2; tail -n 5 "$WORK/booknowd.log" >&2; exit 1; }
base="http://127.0.0.1:$http_port"

# p50/p99 in ms, status counts, from hey -o csv files.
summarize() { /usr/bin/python3 bench/hey_summary.py "$@"; }

# MODE=cache: the availability cache's A/B and staleness instead of the runs below.
if [ "${MODE:-}" = cache ]; then source bench/api/cache.sh; exit 0; fi

for run in $(seq "$RUNS"); do
  out="$WORK/run$run"; rm -rf "$out"; mkdir -p "$out"
  week_from=$(date -u -d "tomorrow" +%Y-%m-%dT00:00:00Z); week_to=$(date -u -d "tomorrow + 7 days" +%Y-%m-%dT00:00:00Z)
  hey -z "${DURATION}s" -c 10 -q 20 -o csv -H "Authorization: Bearer $key" \
    "$base/v1/availability?service=$service&location=$location&provider=$provider&from=$week_from&to=$week_to" > "$out/availability.csv"

  # Free slots (15:00 in run 1, 16:00 in run 2, local) on days 1 and 2 at the providers of
  # many businesses, one per request, each with its business's key.
  count=$((DURATION * 100))
  psql -qtA -F ' ' "$url" -c "
    SELECT k.secret, b.location_id, s.id, p.id, to_char(((current_date + d) + make_time(15 + $run - 1, 0, 0)) AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
    FROM bench_provider p JOIN bench_business b USING (n) JOIN bench_key k USING (n) JOIN bench_service s ON s.n = p.n AND s.s = 1, generate_series(1 + $DAY_OFFSET, 2 + $DAY_OFFSET) d
    ORDER BY p.pn, d LIMIT $count" > "$out/slots"
  mkdir -p "$out/bookings"
  i=0
  while read -r secret loc svc prov start; do
    i=$((i + 1))
    echo "$secret" > "$out/bookings/$i.key"
    printf '{"service":"%s","location":"%s","provider":"%s","start":"%s","customer":{"name":"Bench %d","email":"bench%d@example.com","consent_email":true}}' \
      "$svc" "$loc" "$prov" "$start" "$i" "$i" > "$out/bookings/$i.json"
  done < "$out/slots"
  mkdir -p "$out/booking"
  phase_start=$(date +%s.%N)
  for n in $(seq "$i"); do
    hey -n 1 -c 1 -m POST -T application/json -D "$out/bookings/$n.json" -H "Authorization: Bearer $(cat "$out/bookings/$n.key")" \
      -o csv "$base/v1/bookings" > "$out/booking/$n.csv" &
    sleep 0.01
  done
  for pid in $(jobs -p); do [ "$pid" = "${pids[0]}" ] || wait "$pid" || true; done
  booking_rate=$(/usr/bin/python3 -c "import sys; print(f'{$i / ($(date +%s.%N) - $phase_start):.0f}')")

  contended_start=$(psql -qtA "$url" -c "SELECT to_char(((current_date + 2 + $run + $DAY_OFFSET) + time '16:30') AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')")
  printf '{"service":"%s","location":"%s","provider":"%s","start":"%s","customer":{"name":"Race %d","email":"race@example.com"}}' \
    "$service" "$location" "$provider" "$contended_start" "$run" > "$out/contended.json"
  hey -n 100 -c 100 -m POST -T application/json -D "$out/contended.json" -H "Authorization: Bearer $key" -o csv "$base/v1/bookings" > "$out/contended.csv"

  echo "## run $run ($(date -u +%FT%TZ))"
  summarize availability "$out/availability.csv"
  echo "              (achieved availability rate: $(( $(grep -c . "$out/availability.csv") - 1 )) / ${DURATION} s)"
  summarize booking "$out"/booking/*.csv
  echo "              (achieved booking rate: $booking_rate req/s)"
  summarize contended "$out/contended.csv"
done
