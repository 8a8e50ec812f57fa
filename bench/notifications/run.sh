#!/usr/bin/env bash
# bench/notifications/run.sh [RUNS]: the notification benchmark (BENCHMARKS.md,
# "Notifications"), RUNS times (default 1), each from a fresh cluster.
#
# Each run: a private PostgreSQL 15 cluster (durable profile: fsync on); the
# aiosmtpd sink (smtp_sink.py, 2 processes) and bench-sms-sink (512 threads),
# both answering after 50 ms per message; their capacity alone (smtp-source at
# the daemon's SMTP connections, wrk at its SMS connections); then
#   (a) burst: N (default 10,000) confirmed bookings at one top-of-the-hour
#       instant H, the database clock set so that H − 1 h is ~90 s away; the
#       planner turns their 1 h reminders into 2N jobs; lateness is each sink's
#       acceptance time − (H − 1 h); peak RSS is booknowd's VmHWM;
#   (b) confirm: CONFIRM_COUNT (default 2,000) POST /v1/bookings at
#       CONFIRM_RATE/s (default 100); latency is POST send → SMTP sink acceptance.
# Everything started here is stopped on exit; every wait is bounded.
# Environment: SMTP_THREADS (64) and EMAIL_CONCURRENCY (twice SMTP_THREADS),
# SMS_CONNECTIONS (256) and SMS_CONCURRENCY (twice SMS_CONNECTIONS), as
# config/booknowd.conf advises; BURST_BOOKINGS, CONFIRM_COUNT, CONFIRM_RATE; diagnostics:
# PG_STAT_STATEMENTS=1 (the database's statements after the burst), PERF=1
# (perf record of every process during the burst: CPU by process and symbol;
# PERF=callgraph also records call chains and prints booknowd's by inclusive share;
# PERF_DATA=FILE keeps the recording), AVAILABILITY=1 (hey at 200 availability
# requests/s for AVAILABILITY_SECONDS (10) before the burst and from its due instant,
# p50/p99 of each; the CPU figures then include the answers), with API_DATA=1 over
# bench/api's database generated beside the burst's (BUSINESSES, DAYS, BUDGET as there;
# about 20 minutes a run at its 15 M bookings).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
scripts/setup --test   # postfix (smtp-source), wrk
runs=${1:-1}
n=${BURST_BOOKINGS:-10000}
confirm_count=${CONFIRM_COUNT:-2000}
confirm_rate=${CONFIRM_RATE:-100}
lead=${BURST_LEAD_SECONDS:-90}
smtp_threads=${SMTP_THREADS:-64}
email_concurrency=${EMAIL_CONCURRENCY:-$((2 * smtp_threads))}
sms_connections=${SMS_CONNECTIONS:-256}
sms_concurrency=${SMS_CONCURRENCY:-$((2 * sms_connections))}
here=bench/notifications
py=/usr/bin/python3
source scripts/lib/postgres.sh

swift build -c release --product booknowd >&2
swift build -c release --product booknowctl >&2
swift build -c release --product bench-sms-sink >&2

# wait_for SECONDS COMMAND…: polls COMMAND every 0.2 s until it succeeds; fails after SECONDS.
# Once booknowd has started, a wait ends the run (status 1, its log shown) as soon as the daemon dies.
wait_for() {
  local limit=$1; shift
  local deadline=$((SECONDS + limit))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    daemon_lives || exit 1
    sleep 0.2
  done
}
# daemon_lives: false, with a message, when the booknowd this run started has died (a dead child
# stays a zombie until waited for, so its state is read rather than signalled).
daemon_lives() {
  [ -n "$daemon_pid" ] || return 0
  local state
  state=$(awk '{ print $3 }' "/proc/$daemon_pid/stat" 2>/dev/null || true)
  if [ -z "$state" ] || [ "$state" = Z ]; then
    echo "booknowd (pid $daemon_pid) died during the run" >&2
    return 1
  fi
}
# cpu_seconds PID…: user + system CPU time the processes have used so far.
cpu_seconds() {
  local total=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] || continue
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
# pg_cpu_seconds: CPU time of this run's cluster: its postmaster, its live
# children, and (through the postmaster's cutime/cstime) the children it reaped.
pg_cpu_seconds() {
  local master total
  master=$(head -1 "$work/pg/data/postmaster.pid")
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$master/stat")
  for pid in $(pgrep -P "$master"); do
    [ -r "/proc/$pid/stat" ] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  awk -v t="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.1f", t / hz }'
}
# tree_cpu_seconds PID: CPU time of a process and its live children (the SMTP sink forks).
tree_cpu_seconds() { cpu_seconds "$1" $(pgrep -P "$1"); }
now() { date +%s.%N; }

# What a run started, stopped on every exit path (also by set -e).
work="" daemon_pid="" pids=()
cleanup() {
  local status=$?
  # A failed run shows how the daemon's log ended (it goes with the run's folder).
  if [ "$status" -ne 0 ] && [ -n "$work" ] && [ -f "$work/booknowd.log" ]; then
    echo "booknowd log, last 30 lines:" >&2
    tail -n 30 "$work/booknowd.log" >&2
  fi
  if [ -n "$daemon_pid" ]; then kill -TERM "$daemon_pid" 2>/dev/null || true; wait "$daemon_pid" 2>/dev/null || true; fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$work" ]; then pg_stop "$work/pg"; rm -rf "$work"; fi
  work="" daemon_pid="" pids=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_once() {
  local run=$1
  work=$(mktemp -d /tmp/booknow-bench-notifications.XXXXXX)
  chmod 755 "$work"

  echo "== run $run: $(date -u +%FT%TZ); nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
  local port
  port=$(free_port)
  scripts/pg-cluster init "$work/pg"
  if [ -n "${PG_STAT_STATEMENTS:-}" ]; then
    # Diagnostic runs: the durable profile plus pg_stat_statements, reported after the burst.
    pg_start "$work/pg" "$port" fsync=on synchronous_commit=on full_page_writes=on max_connections=100 shared_buffers=2GB \
      shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all
  else
    scripts/pg-cluster start "$work/pg" "$port" durable
  fi
  local db="postgresql://booknow@127.0.0.1:$port/bench"
  psql -q -v ON_ERROR_STOP=1 "postgresql://booknow@127.0.0.1:$port/postgres" -c "CREATE DATABASE bench"

  # Sinks, each bounded to 30 minutes of life.
  local smtp_sink_pid sms_sink_pid
  "$py" "$here/smtp_sink.py" "$work/smtp.log" --processes 2 --max-seconds 1800 >"$work/smtp.port" 2>"$work/smtp.err" &
  smtp_sink_pid=$!; pids+=($!)
  .build/release/bench-sms-sink --log "$work/sms.log" --threads 512 --max-seconds 1800 >"$work/sms.port" 2>"$work/sms.err" &
  sms_sink_pid=$!; pids+=($!)
  wait_for 10 test -s "$work/smtp.port"
  wait_for 10 test -s "$work/sms.port"
  local smtp_port sms_port http_port
  smtp_port=$(head -1 "$work/smtp.port")
  sms_port=$(head -1 "$work/sms.port")
  http_port=$(free_port)

  # Capacity of each sink alone, at the daemon's concurrency, before the daemon runs.
  local t0 t1
  t0=$(now)
  smtp-source -d -s "$smtp_threads" -m 4000 -l 3000 -f capacity@bench.invalid -t capacity@bench.invalid "127.0.0.1:$smtp_port"
  t1=$(now)
  echo "capacity smtp (smtp-source -d -s $smtp_threads -m 4000 -l 3000): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", 4000 / (b - a) }') msg/s"
  printf '%s\n' 'wrk.method = "POST"' 'wrk.body = [[{"to":"+19990000000","body":"capacity"}]]' \
    'wrk.headers["Content-Type"] = "application/json"' >"$work/sms-capacity.lua"
  echo "capacity sms (wrk -t2 -c $sms_connections -d 5s, POST): $(wrk -t2 -c "$sms_connections" -d 5s -s "$work/sms-capacity.lua" \
    "http://127.0.0.1:$sms_port/webhook" | awk '/Non-2xx/ { bad = $NF } /Requests\/sec/ { rate = $2 } END { printf "%.0f%s", rate, bad ? " (" bad " non-2xx)" : "" }') msg/s"

  head -c 32 /dev/urandom | base64 >"$work/link-key"
  head -c 32 /dev/urandom | base64 >"$work/webhook-key"
  mkdir -p "$work/outbox"
  cat >"$work/booknowd.conf" <<CONF
[database]
url = $db
pool_size = 40
[http]
port = $http_port
public_base_url = http://127.0.0.1:$http_port
# One public key drives 100 bookings/s, past the default per-key budget.
rate_limit_per_second = 0
# The drivers play every customer from 127.0.0.1, far past the per-client caps
# and the public-write limits (PagesTests and SecurityTests cover those; the
# abuse scenario runs a daemon of its own with them on).
trusted_proxies = 127.0.0.1
per_client_connection_limit = 0
[public]
messages_per_recipient_per_day = 0
open_bookings_per_contact = 0
submissions_per_address_per_hour = 0
min_fill_time = 0s
flood_bookings_per_hour = 0
[worker]
email_concurrency = $email_concurrency
sms_concurrency = $sms_concurrency
[security]
link_key_file = $work/link-key
[email]
transport = smtp
[smtp]
url = smtp://127.0.0.1:$smtp_port
require_tls = false
threads = $smtp_threads
[sms]
transport = webhook
webhook_url = http://127.0.0.1:$sms_port/webhook
webhook_signing_key_file = $work/webhook-key
max_connections = $sms_connections
[outbox]
directory = $work/outbox
[templates]
directory = $repo/templates
[testing]
allow_clock_offset = true
CONF
  local ctl=(.build/release/booknowctl --config "$work/booknowd.conf")
  "${ctl[@]}" migrate >/dev/null
  if [ -n "${API_DATA:-}" ]; then
    # bench/api's database beside the burst's (BUSINESSES 10,000 and DAYS 30 there: 15 M bookings).
    local generated=$SECONDS
    psql -q -v businesses="${BUSINESSES:-10000}" -v days="${DAYS:-30}" -v budget_seconds="${BUDGET:-1100}" "$db" \
      -f bench/api/generate.sql >"$work/generate.out"
    echo "bench/api's data: $(psql -Atc "SELECT count(*) FROM bookings" "$db") bookings, generated in $((SECONDS - generated)) s"
  fi

  # (a) Position the clock: H is a top of the hour and H − 1 h is $lead s from now.
  local real_due offset h
  real_due=$(( $(date +%s) + lead ))
  h=$(( (real_due + 3600 + 3599) / 3600 * 3600 ))
  offset=$(( h - 3600 - real_due ))
  "${ctl[@]}" clock set "${offset}s" >/dev/null
  local biz=00000000-0000-4000-8000-00000000b0b0
  t0=$(now)
  psql -q -v ON_ERROR_STOP=1 -v n="$n" -v biz="$biz" -v h="$(date -u -d "@$h" +%FT%TZ)" "$db" -f "$here/seed_burst.sql"
  echo "burst: $n bookings at H = $(date -u -d "@$h" +%FT%TZ) (database clock), seeded in $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s; clock offset ${offset}s; 1 h reminders due at $(date -u -d "@$real_due" +%T) real time"

  # A business bookable around the clock, for the confirmations (b) and the availability probe.
  local rbiz=00000000-0000-4000-8000-00000000cafe providers=50 key
  psql -q -v ON_ERROR_STOP=1 -v providers="$providers" -v biz="$rbiz" "$db" -f "$here/seed_rate.sql"
  psql -Atc "SELECT id FROM providers WHERE business_id = '$rbiz' ORDER BY id" "$db" >"$work/providers"
  key=$("${ctl[@]}" --json keys create --business "$rbiz" --scope public | "$py" -c 'import json, sys; print(json.load(sys.stdin)["secret"])')

  .build/release/booknowd --config "$work/booknowd.conf" >"$work/booknowd.log" 2>&1 &
  daemon_pid=$!
  wait_for 30 curl -sf "http://127.0.0.1:$http_port/healthz" -o /dev/null
  local planned
  wait_for $((lead - 10)) sh -c "[ \"\$(psql -Atc \"SELECT count(*) FROM jobs WHERE kind = 'send_message'\" '$db')\" -ge $((2 * n)) ]" \
    || echo "WARNING: the planner had not planned $((2 * n)) jobs by $((lead - 10)) s"
  planned=$(psql -Atc "SELECT count(*) FROM jobs WHERE kind = 'send_message'" "$db")
  local daemon_cpu pg_cpu smtp_sink_cpu sms_sink_cpu
  daemon_cpu=$(cpu_seconds "$daemon_pid")
  pg_cpu=$(pg_cpu_seconds)
  smtp_sink_cpu=$(tree_cpu_seconds "$smtp_sink_pid")
  sms_sink_cpu=$(cpu_seconds "$sms_sink_pid")
  echo "planned: $planned send_message jobs, $(( real_due - $(date +%s) )) s before due; booknowd VmRSS before the burst: $(awk '/VmRSS/ { print $2, $3 }' "/proc/$daemon_pid/status")"
  local probe_pid="" probe_path=""
  if [ -n "${AVAILABILITY:-}" ]; then
    # Diagnostic runs: availability of one provider's two days (96 slots) at 200 requests/s
    # (hey's 10 workers, 20/s each), warm, for AVAILABILITY_SECONDS (10) before the burst and from
    # its due instant; the daemon's CPU figures then include these answers.
    local day
    day=$(psql -Atc "SELECT to_char(date_trunc('day', booknow_now() AT TIME ZONE 'UTC') + interval '3 days', 'YYYY-MM-DD')" "$db")
    probe_path="/v1/availability?service=$rbiz&location=$rbiz&provider=$(tail -n1 "$work/providers")&from=${day}T00:00:00Z&to=$(date -u -d "$day + 2 days" +%F)T00:00:00Z"
    probe() { hey -z "${AVAILABILITY_SECONDS:-10}s" -c 10 -q 20 -o csv -H "Authorization: Bearer $key" "http://127.0.0.1:$http_port$probe_path"; }
    curl -sf -H "Authorization: Bearer $key" "http://127.0.0.1:$http_port$probe_path" -o /dev/null
    [ $(( real_due - $(date +%s) )) -gt $(( ${AVAILABILITY_SECONDS:-10} + 2 )) ] || echo "WARNING: the probe without a burst runs into it"
    probe >"$work/availability-quiet.csv"
    sleep "$(( real_due > $(date +%s) ? real_due - $(date +%s) : 0 ))"
    probe >"$work/availability-burst.csv" &
    probe_pid=$!
  fi
  local perf_pid=""
  if [ -n "${PERF:-}" ]; then
    # Diagnostic runs: where the host's CPU goes from the due instant to the last message, every
    # process sampled at 199 Hz.
    sleep "$(( real_due > $(date +%s) ? real_due - $(date +%s) : 0 ))"
    local graph=()
    [ "$PERF" = callgraph ] && graph=(-g)
    perf record -a "${graph[@]}" -F 199 -o "$work/perf.data" -- sleep 3600 >/dev/null 2>&1 &
    perf_pid=$!
  fi
  wait_for $((lead + 600)) sh -c "[ \$(cat $work/smtp.log.* | grep -c '^[0-9.]*	burst') -ge $n ] && [ \$(grep -c '	+1555' $work/sms.log) -ge $n ]" \
    || echo "WARNING: not every message arrived within 600 s of due"
  if [ -n "$perf_pid" ]; then
    pkill -INT -P "$perf_pid" sleep 2>/dev/null || true
    wait "$perf_pid" 2>/dev/null || true
    echo "perf: CPU samples from due to the last message, by binary (booknowd's threads carry Dispatch's names):"
    perf report -i "$work/perf.data" --stdio --sort comm,dso --percent-limit 1 2>/dev/null | grep '%' | head -20 || true
    echo "perf: booknowd's hottest symbols (share of all samples):"
    perf report -i "$work/perf.data" --stdio --pid "$daemon_pid" --sort dso,sym --percent-limit 0.4 2>/dev/null | grep '%' | head -25 || true
    echo "perf: PostgreSQL's hottest symbols (share of all samples):"
    perf report -i "$work/perf.data" --stdio --comms postgres --sort sym --percent-limit 0.4 2>/dev/null | grep '%' | head -15 || true
    if [ -n "${PERF_DATA:-}" ]; then cp "$work/perf.data" "$PERF_DATA"; fi
    if [ "$PERF" = callgraph ]; then
      echo "perf: booknowd's functions by inclusive share (children; share of all samples):"
      perf report -i "$work/perf.data" --stdio --pid "$daemon_pid" --children --sort sym -g none --percent-limit 1.5 2>/dev/null \
        | grep '%' | head -60 || true
    fi
  fi
  if [ -n "$probe_pid" ]; then
    wait "$probe_pid" || echo "WARNING: hey (availability during the burst) failed"
    echo "availability, one provider's two days at 200 requests/s (hey -c 10 -q 20), before the burst and from its due instant:"
    "$py" bench/hey_summary.py "without burst" "$work/availability-quiet.csv"
    "$py" bench/hey_summary.py "during burst" "$work/availability-burst.csv"
    curl -sf "http://127.0.0.1:$http_port/metrics" | grep -E '^booknow_availability_cache_(heard_reads_total|lookups_total)' || true
  fi
  echo "CPU used from planned to the last message: booknowd $(awk -v a="$daemon_cpu" -v b="$(cpu_seconds "$daemon_pid")" 'BEGIN { printf "%.1f", b - a }') s, PostgreSQL $(awk -v a="$pg_cpu" -v b="$(pg_cpu_seconds)" 'BEGIN { printf "%.1f", b - a }') s"
  echo "CPU of the sinks meanwhile: SMTP sink $(awk -v a="$smtp_sink_cpu" -v b="$(tree_cpu_seconds "$smtp_sink_pid")" 'BEGIN { printf "%.1f", b - a }') s, SMS sink $(awk -v a="$sms_sink_cpu" -v b="$(cpu_seconds "$sms_sink_pid")" 'BEGIN { printf "%.1f", b - a }') s"
  # The worker's own view: claim lateness (claimed − run_at) and handler time.
  curl -sf "http://127.0.0.1:$http_port/metrics" >"$work/metrics" || true
  grep -E '^booknow_(queue_)?(job_)?(lateness|handler|claim)[a-z_]*(_sum|_count)' "$work/metrics" | head -12 || true
  sleep 2
  echo "booknowd peak RSS (VmHWM) after the burst: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$daemon_pid/status")"
  "$py" "$here/report.py" burst "$real_due" "$n" "$work"/smtp.log.* -- "$work/sms.log"
  psql -Atc "SELECT 'jobs: ' || string_agg(kind || '/' || queue || '/' || state || ' ' || c, ', ') FROM (SELECT kind, queue, state, count(*) c FROM jobs WHERE kind = 'send_message' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3) s" "$db"
  if [ -n "${PG_STAT_STATEMENTS:-}" ]; then
    psql -q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" "$db"
    psql -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms, rows,
                    left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
             FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 15" "$db"
  fi
  psql -Atc "SELECT 'attempts: ' || string_agg(outcome || ' ' || c, ', ') FROM (SELECT outcome, count(*) c FROM job_attempts GROUP BY 1 ORDER BY 1) s" "$db"

  # (b) Confirmation latency: the business seeded before the daemon started, 2 days ahead.
  local base
  base=$(psql -Atc "SELECT to_char(date_trunc('hour', booknow_now() AT TIME ZONE 'UTC') + interval '2 days', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')" "$db")
  echo "confirm: $confirm_count bookings at $confirm_rate/s over $providers providers from $base; booknowd HTTP threads 8 (default)"
  "$py" "$here/drive_bookings.py" "http://127.0.0.1:$http_port" "$key" "$rbiz" "$work/providers" "$base" \
    "$confirm_rate" "$confirm_count" "$work/driver.out" --tag "rate$run"
  wait_for 120 sh -c "[ \$(cat $work/smtp.log.* | grep -c '	rate$run-') -ge $confirm_count ]" \
    || echo "WARNING: not every confirmation arrived within 120 s"
  "$py" "$here/report.py" confirm "$work/driver.out" "$work"/smtp.log.* -- "$work/sms.log"
  echo "booknowd peak RSS (VmHWM) at the end: $(awk '/VmHWM/ { print $2, $3 }' "/proc/$daemon_pid/status")"
  echo "booknowd log: $(grep -c . "$work/booknowd.log") lines, $(grep -c '^level=error' "$work/booknowd.log" || true) at level error"
  grep '^level=\(error\|warning\)' "$work/booknowd.log" | head -5 || true
  kill -TERM "$daemon_pid"
  wait "$daemon_pid" || echo "booknowd exited with $?"
  daemon_pid=""
  cleanup
}

for run in $(seq 1 "$runs"); do
  run_once "$run"
done
