#!/usr/bin/env bash
# Page benchmark (not a timed test): booknowd (release) on bench/api's database at the target
# shape, driven open-loop at 100 requests/s by bench/pages/drive.py over many pages:
#   day view:  GET /book/{slug}?service=&location=&provider=any&day= over 400 businesses and 7 days
#   manage:    GET /manage/{token} over 2,000 bookings
#   booking:   POST /book/{slug} (the details form; each a different provider and free start) → 303
# and the weight of the pages (HTML, CSS, script). See BENCHMARKS.md, "## Pages".
# Usage: bench/pages/run.sh [runs]   Needs the database bench/api/run.sh made and keeps in WORK
# (default /tmp/booknow-bench-api; run bench/api/run.sh once first). Environment: DURATION (30 s
# a phase), RATE (100), DAY_OFFSET (0; later invocations on the kept database book later days).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/postgres.sh
RUNS=${1:-2}
DURATION=${DURATION:-30}
RATE=${RATE:-100}
WORK=${WORK:-/tmp/booknow-bench-api}
DAY_OFFSET=${DAY_OFFSET:-0}
[ -d "$WORK/pg" ] || { echo "pages: no database in $WORK/pg; run bench/api/run.sh once first" >&2; exit 69; }

exec 9>/tmp/booknow-bench.lock
flock 9
swift build -c release --product booknowd 2>&1 | tail -1
swift build -c release --product booknowctl 2>&1 | tail -1
BIN=.build/release
pg_port=$(cat "$WORK/port")
url="postgresql://booknow@127.0.0.1:$pg_port/booknow"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; pg_stop "$WORK/pg"; }
trap cleanup EXIT
pg_start "$WORK/pg" "$pg_port" max_connections=200 shared_buffers=2GB
BOOKNOW_DATABASE_URL=$url $BIN/booknowctl migrate >/dev/null
# Booking pages for the first 400 businesses: /book/bench-N.
psql -q "$url" -c "UPDATE businesses b SET slug = 'bench-' || bb.n FROM bench_business bb WHERE b.id = bb.id AND bb.n <= 400 AND b.slug <> 'bench-' || bb.n"

[ -s "$WORK/link-key" ] || { head -c 32 /dev/urandom | base64 > "$WORK/link-key"; chmod 600 "$WORK/link-key"; }
http_port=$(free_port)
# One load generator stands in for many customers, and later runs book for the
# same contacts again: the per-address submission throttle, the connection cap,
# the open bookings per contact and the messages per recipient are raised (their
# checks still run on every form), and forms are posted without a person's fill time.
BOOKNOW_PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR=1000000 BOOKNOW_HTTP_PER_CLIENT_CONNECTION_LIMIT=1000 BOOKNOW_PUBLIC_MIN_FILL_TIME=0s \
BOOKNOW_PUBLIC_OPEN_BOOKINGS_PER_CONTACT=1000000 BOOKNOW_PUBLIC_MESSAGES_PER_RECIPIENT_PER_DAY=1000000 \
BOOKNOW_SECURITY_LINK_KEY_FILE=$WORK/link-key BOOKNOW_HTTP_RATE_LIMIT_PER_SECOND=0 BOOKNOW_DATABASE_URL=$url \
  BOOKNOW_HTTP_ADDRESS=127.0.0.1 BOOKNOW_HTTP_PORT=$http_port BOOKNOW_HTTP_THREADS=${THREADS:-32} BOOKNOW_LOG_LEVEL=warning \
  BOOKNOW_DATABASE_POOL_SIZE=${POOL:-32} BOOKNOW_WORKER_ENABLED=false BOOKNOW_TEMPLATES_DIRECTORY="$PWD/templates" \
  $BIN/booknowd > "$WORK/booknowd-pages.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$http_port"
for _ in $(seq 100); do curl -fs "$base/readyz" >/dev/null && break; sleep 0.1; done
curl -fs "$base/readyz" >/dev/null || { echo "booknowd did not start:" >&2; tail -n 5 "$WORK/booknowd-pages.log" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

for run in $(seq "$RUNS"); do
  out="$WORK/pages-run$run"; rm -rf "$out"; mkdir -p "$out"
  count=$((DURATION * RATE))
  # The requests of each phase: manage tokens are derived from the link key as booknowd derives
  # them, and 2,000 bookings get their hash; each booking form is fetched (untimed) for its
  # token and cookie, at 15:30 + run hours local, one free start per provider.
  psql -qtA -F ' ' "$url" -c "
    SELECT bb.n, bb.location_id, s.id FROM bench_business bb JOIN bench_service s ON s.n = bb.n AND s.s = 1
    WHERE bb.n <= 400 ORDER BY bb.n" > "$out/businesses"
  psql -qtA "$url" -c "
    SELECT id FROM bookings WHERE business_id IN (SELECT id FROM bench_business WHERE n <= 400) AND starts_at > now() LIMIT 2000" > "$out/bookings"
  psql -qtA -F ' ' "$url" -c "
    SELECT p.n, p.id, to_char(((current_date + 1 + $DAY_OFFSET) + make_time(15 + $run - 1, 30, 0)) AT TIME ZONE 'America/New_York' AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
    FROM bench_provider p WHERE p.n <= 400 ORDER BY p.p, p.n LIMIT $count" > "$out/slots"
  /usr/bin/python3 bench/pages/prepare.py "$base" "$WORK/link-key" "$out" "$count" "$url"

  for phase in dayview manage booking; do
    /usr/bin/python3 bench/pages/drive.py "$base" "$RATE" "$out/$phase.requests" "$out/$phase.csv"
  done
  echo "## run $run ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/python3 - "$out" <<'PY'
import csv, sys, collections
for phase, ok in (("dayview", {"200"}), ("manage", {"200"}), ("booking", {"303"})):
    rows = list(csv.DictReader(open(f"{sys.argv[1]}/{phase}.csv")))
    times = sorted(float(r["ms"]) for r in rows)
    statuses = collections.Counter(r["status"] for r in rows)
    pct = lambda p: times[min(len(times) - 1, int(p / 100 * len(times)))] if times else float("nan")
    errors = sum(n for s, n in statuses.items() if s not in ok)
    print(f"{phase:<8} n={len(times):<6} p50={pct(50):7.2f} ms  p99={pct(99):7.2f} ms  statuses={dict(sorted(statuses.items()))}  unexpected={errors}")
PY
done

# Page weight: the bytes of each page and asset as served (no compression), and no other origin.
read -r dayview manage <<<"$(head -n 1 "$out/weights")"
weigh() { curl -fs "$1" | wc -c; }
echo "weight: day view HTML $(weigh "$base$dayview") B, manage HTML $(weigh "$base$manage") B, CSS $(weigh "$base/assets/site.css") B, script $(weigh "$base/assets/site.js") B"
echo "third-party references in the pages: $( (curl -fs "$base$dayview"; curl -fs "$base$manage") | grep -Eo '(src|href)="https?://[^"]*"' | grep -vc "$base" || true)"
