# Sourced by bench/api/run.sh when MODE=cache (BENCHMARKS.md, "Availability cache"), after it
# started booknowd (cache on, the default) at $base: starts a second daemon with the cache off
# and a third with it on, then per run
#   A/B:        the provider-week of the availability run at 200 req/s on the cached and the
#               uncached daemon, PAIRS interleaved pairs (order alternating), and the median
#               cached/uncached ratio of p50 and p99, under two arrival patterns:
#                 bursts: hey -z AB_DURATION s -c 10 -q 20 (its 10 workers tick together: 10
#                         requests at once every 50 ms);
#                 spread: 10 hey -c 1 -q 20 started 5 ms apart (one request every 5 ms);
#   staleness:  STALE_SAMPLES bookings made on the first daemon while the third polls the
#               provider's day (bench/api/staleness.py).
PAIRS=${PAIRS:-5}
AB_DURATION=${AB_DURATION:-10}
STALE_SAMPLES=${STALE_SAMPLES:-200}

# Each extra daemon has no operator console listener: the first one holds its port.
start_daemon() {  # name port [VAR=value ...]
  local name=$1 port=$2; shift 2
  env "$@" BOOKNOW_SECURITY_LINK_KEY_FILE="$WORK/link-key" BOOKNOW_HTTP_RATE_LIMIT_PER_SECOND=0 BOOKNOW_DATABASE_URL="$url" \
    BOOKNOW_HTTP_ADDRESS=127.0.0.1 BOOKNOW_HTTP_PORT="$port" BOOKNOW_HTTP_THREADS="${THREADS:-32}" BOOKNOW_LOG_LEVEL=warning \
    BOOKNOW_DATABASE_POOL_SIZE="${POOL:-32}" BOOKNOW_WORKER_ENABLED=false BOOKNOW_TEMPLATES_DIRECTORY="$PWD/templates" \
    BOOKNOW_OPS_ADDRESS= \
    $BIN/booknowd > "$WORK/booknowd-$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/v1/openapi.yaml" >/dev/null && return 0; sleep 0.1; done
  echo "booknowd ($name) did not start:" >&2; tail -n 5 "$WORK/booknowd-$name.log" >&2; exit 1
}
uncached_port=$(free_port); start_daemon uncached "$uncached_port" BOOKNOW_CACHE_ENABLED=false
reader_port=$(free_port); start_daemon reader "$reader_port"
declare -A arm_base=([cached]="$base" [uncached]="http://127.0.0.1:$uncached_port")

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB"
for run in $(seq "$RUNS"); do
  out="$WORK/cache-run$run"; rm -rf "$out"; mkdir -p "$out"
  week_from=$(date -u -d "tomorrow" +%Y-%m-%dT00:00:00Z); week_to=$(date -u -d "tomorrow + 7 days" +%Y-%m-%dT00:00:00Z)
  path="/v1/availability?service=$service&location=$location&provider=$provider&from=$week_from&to=$week_to"
  curl -fs -H "Authorization: Bearer $key" "$base$path" > /dev/null   # the cached daemon starts warm
  echo "## cache A/B run $run ($(date -u +%FT%TZ)), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for pair in $(seq "$PAIRS"); do
    order="cached uncached"; [ $((pair % 2)) = 0 ] && order="uncached cached"
    for arm in $order; do
      hey -z "${AB_DURATION}s" -c 10 -q 20 -o csv -H "Authorization: Bearer $key" "${arm_base[$arm]}$path" > "$out/bursts-$arm-$pair.csv"
      spreading=()
      for worker in $(seq 10); do
        hey -z "${AB_DURATION}s" -c 1 -q 20 -o csv -H "Authorization: Bearer $key" "${arm_base[$arm]}$path" > "$out/spread-$arm-$pair-$worker.csv" &
        spreading+=($!); sleep 0.005
      done
      wait "${spreading[@]}"
      cat "$out/spread-$arm-$pair"-*.csv > "$out/spread-$arm-$pair.csv"
    done
    for pattern in bursts spread; do
      summarize "$pattern cached $pair" "$out/$pattern-cached-$pair.csv"
      summarize "$pattern uncached $pair" "$out/$pattern-uncached-$pair.csv"
    done
  done
  /usr/bin/python3 - "$out" "$PAIRS" <<'PY'
import csv, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
def pct(name, p):
    times = sorted(float(r[0]) * 1000 for r in csv.reader(open(f"{out}/{name}.csv")) if r and r[0] != 'response-time')
    return times[min(len(times) - 1, int(p / 100 * len(times)))]
for pattern in ("bursts", "spread"):
    for p in (50, 99):
        ratios = [pct(f"{pattern}-cached-{i}", p) / pct(f"{pattern}-uncached-{i}", p) for i in range(1, pairs + 1)]
        print(f"{pattern} p{p} cached/uncached per pair: {' '.join(f'{r:.2f}' for r in ratios)}  median {statistics.median(ratios):.2f}")
PY
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
  curl -fs "$base/metrics" | grep '^booknow_availability_cache' || true

  # Staleness: one free start (16:30 local in run 1, 16:00 in run 2, ...) per provider of
  # businesses 2..400, on day 6 + run + DAY_OFFSET, so reruns on the kept database find it free.
  psql -qtA -F ' ' "$url" -c "
    SELECT k.secret, b.location_id, s.id, p.id,
           to_char(((current_date + 6 + $run + $DAY_OFFSET) + time '16:30' - make_interval(mins => 30 * ($run - 1))) AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
           to_char((current_date + 6 + $run + $DAY_OFFSET)::timestamp, 'YYYY-MM-DD\"T\"00:00:00\"Z\"'),
           to_char((current_date + 8 + $run + $DAY_OFFSET)::timestamp, 'YYYY-MM-DD\"T\"00:00:00\"Z\"')
    FROM bench_provider p JOIN bench_business b USING (n) JOIN bench_key k USING (n) JOIN bench_service s ON s.n = p.n AND s.s = 1
    WHERE p.n BETWEEN 2 AND 400 ORDER BY p.pn LIMIT $STALE_SAMPLES" > "$out/stale-samples"
  /usr/bin/python3 bench/api/staleness.py "$base" "http://127.0.0.1:$reader_port" < "$out/stale-samples"
done
