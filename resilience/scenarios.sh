# The scenarios of resilience/run; each records its figures and returns non-zero on failure.

now() { date +%s; }

# SQL overlap check: live bookings of one provider whose blocked times intersect.
overlaps() {
  sql -c "SELECT count(*) FROM bookings a JOIN bookings b
          ON a.business_id = b.business_id AND a.provider_id = b.provider_id AND a.id < b.id AND a.blocked && b.blocked
          WHERE a.status IN ('confirmed','held') AND b.status IN ('confirmed','held')"
}

scenario_race() {
  local out ok=0
  out=$(/usr/bin/python3 -B "$repo/resilience/booking_race.py" "$key" "$ports" "$ROUNDS" "$ATTEMPTS" "$spools" "$OFFERS") || return 1
  local n ov
  ov=$(overlaps)
  n() { printf '%s' "$out" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
  local wanted obtained once
  wanted=$(n '["offers_sought"]'); obtained=$(n '["offers_obtained"]'); once=$(n '["accepted_once"]')
  record race "rounds × concurrent attempts" "$ROUNDS × $ATTEMPTS (on 3 daemons)"
  record race "booking attempts / 201 / 409" "$(n '["booking_attempts"]') / $(n '["booking_201"]') / $(n '["booking_409"]')"
  record race "reschedule attempts / 200 / 409" "$(n '["reschedule_attempts"]') / $(n '["reschedule_200"]') / $(n '["reschedule_409"]')"
  # A race without acceptances proves nothing about them; every cancelled bait should have been offered.
  record race "waitlist offers sought / tokens read from offer e-mails" "$wanted / $obtained" \
    "$( [ "$obtained" -gt 0 ] && [ "$obtained" -eq "$wanted" ] && echo ok || echo FAIL )"
  record race "offer accepts (each offer twice at once) / 201 / 409" "$(n '["accept_attempts"]') / $(n '["accept_201"]') / $(n '["accept_409"]')"
  record race "offers accepted exactly once" "$once of $obtained" "$( [ "$once" -eq "$obtained" ] && echo ok || echo FAIL )"
  # What the 201s said, as the database has it: the entry booked and its held booking confirmed, together.
  local booked
  booked=$(sql -c "SELECT count(*) FROM waitlist_entries e JOIN customers c ON c.business_id = e.business_id AND c.id = e.customer_id
                   JOIN bookings b ON b.business_id = e.business_id AND b.id = e.offered_booking_id
                   WHERE c.email LIKE 'waiter%@race.test' AND e.status = 'booked' AND b.status = 'confirmed'")
  record race "waiters booked with a confirmed booking (SQL)" "$booked of $once" "$( [ "$booked" -eq "$once" ] && echo ok || echo FAIL )"
  record race "other answers" "$(n '["other"]')" "$( [ "$(n '["other"]')" = "{}" ] && echo ok || echo FAIL )"
  record race "409 codes" "$(n '["codes"]')"
  record race "seconds (offer set-up included)" "$(n '["seconds"]')"
  record race "overlapping live bookings (SQL self-join)" "$ov" "$( [ "$ov" = 0 ] && echo ok || echo FAIL )"
  return 0
}

# wait_planned TAG N: until the planner has enqueued the burst's N jobs (≤ 120 s).
wait_planned() {
  local total _r deadline=$(( $(now) + 120 ))
  while [ "$(now)" -lt "$deadline" ]; do
    read -r total _r <<<"$(jobs_of "$1")"
    [ "$total" -ge "$2" ] && return 0
    sleep 1
  done
  log "the planner enqueued $total of $2 reminders in 120 s"; return 1
}

# burst_with_faults TAG SIGNAL: seeds a burst, then every KILL_EVERY s sends SIGNAL
# to the next daemon and restarts it, while jobs remain; sets kills, inflight, drain_s.
burst_with_faults() {
  local tag=$1 sig=$2 total ok dead other deadline i pid n started
  seed_burst "$tag" "$BURST"
  wait_planned "$tag" "$BURST" || return 1
  started=$(now); deadline=$(( started + BURST_TIMEOUT )); kills=0; inflight=0
  while [ "$(now)" -lt "$deadline" ]; do
    read -r total ok dead other <<<"$(jobs_of "$tag")"
    [ "$other" -eq 0 ] && break
    sleep "$KILL_EVERY"
    read -r total ok dead other <<<"$(jobs_of "$tag")"
    [ "$other" -eq 0 ] && break
    [ "$kills" -lt "$MAX_KILLS" ] || continue
    i=$(( kills % 3 + 1 )); pid=${daemon_pid[$i]}
    stop_daemon "$i" "$sig"
    # Claimed by the stopped process and not completed: what it may have sent without recording it.
    n=$(sql -c "SELECT count(*) FROM jobs WHERE state = 'running' AND locked_by LIKE '%:$pid:%'")
    inflight=$(( inflight + n )); kills=$(( kills + 1 ))
    log "SIG$sig booknowd $i (pid $pid): $n jobs left running; $ok of $total done"
    start_daemon "$i"
  done
  drain_s=$(( $(now) - started ))
  read -r total ok dead other <<<"$(jobs_of "$tag")"
  [ "$other" -eq 0 ] || log "burst $tag not finished in ${BURST_TIMEOUT}s: $other jobs left"
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$spools" "$tag-")"
  job_dead=$dead
}

scenario_kill() {
  local verdict ok=0
  burst_with_faults aa KILL || return 1
  local dup=$(( sent - distinct ))
  record kill "burst (reminders due at once), 3 daemons" "$BURST"
  record kill "SIGKILLs (every ${KILL_EVERY}s while work remains, at most $MAX_KILLS)" "$kills" "$( [ "$kills" -gt 0 ] && echo ok || echo "FAIL (the burst drained before the first stop: raise BURST)" )"
  record kill "distinct messages at the sink" "$distinct" "$( [ "$distinct" -eq "$BURST" ] && echo ok || echo FAIL )"
  record kill "dead-lettered" "$job_dead" "$( [ "$job_dead" -eq 0 ] && echo ok || echo FAIL )"
  record kill "duplicates / in flight at the kills" "$dup / $inflight" "$( [ "$dup" -le "$inflight" ] && echo ok || echo FAIL )"
  record kill "drain with faults (s)" "$drain_s"
  return 0
}

scenario_term() {
  local ok=0
  burst_with_faults gs TERM || return 1
  local dup=$(( sent - distinct ))
  record term "burst, 3 daemons" "$BURST"
  record term "SIGTERMs (every ${KILL_EVERY}s while work remains, at most $MAX_KILLS)" "$kills" "$( [ "$kills" -gt 0 ] && echo ok || echo "FAIL (the burst drained before the first stop: raise BURST)" )"
  record term "running jobs left by a stopped daemon" "$inflight" "$( [ "$inflight" -eq 0 ] && echo ok || echo FAIL )"
  record term "distinct messages at the sink" "$distinct" "$( [ "$distinct" -eq "$BURST" ] && echo ok || echo FAIL )"
  record term "dead-lettered" "$job_dead" "$( [ "$job_dead" -eq 0 ] && echo ok || echo FAIL )"
  record term "duplicates" "$dup" "$( [ "$dup" -eq 0 ] && echo ok || echo FAIL )"
  record term "drain with stops (s)" "$drain_s"
  return 0
}

scenario_pgrestart() {
  local tag=pg ok=0 total done dead other deadline down_at up_at ready_s load_pid
  seed_burst "$tag" "$BURST"
  wait_planned "$tag" "$BURST" || return 1
  # API load from the moment the burst is due; the database goes away once a tenth is delivered.
  /usr/bin/python3 "$repo/resilience/api_load.py" "$key" "$ports" 300 "$state/api-load.tsv" &
  load_pid=$!; helper_pids+=("$load_pid")
  deadline=$(( $(now) + 60 ))
  while [ "$(now)" -lt "$deadline" ]; do read -r total done dead other <<<"$(jobs_of "$tag")"; [ "$done" -ge $(( BURST / 10 )) ] && break; sleep 0.2; done
  down_at=$(date +%s.%N)
  pg_stop "$pgdir"
  log "PostgreSQL stopped ($done of $total delivered)"
  sleep "$PG_DOWN"
  "$repo/scripts/pg-cluster" start "$pgdir" "$pg_port"
  up_at=$(date +%s.%N)
  # Every daemon ready again (readyz checks the database and schema).
  local all_ready=""
  deadline=$(( $(now) + 30 ))
  while [ "$(now)" -lt "$deadline" ]; do
    all_ready=1
    for p in "${daemon_port[@]}"; do curl -fs -m 2 "http://127.0.0.1:$p/readyz" >/dev/null 2>&1 || all_ready=""; done
    [ -n "$all_ready" ] && break; sleep 0.2
  done
  ready_s=$(/usr/bin/python3 -c "import time; print(round(time.time() - $up_at, 1))")
  sleep 15; touch "$state/api-load.tsv.stop"; wait "$load_pid" || true
  deadline=$(( $(now) + BURST_TIMEOUT ))
  while [ "$(now)" -lt "$deadline" ]; do read -r total done dead other <<<"$(jobs_of "$tag")"; [ "$other" -eq 0 ] && break; sleep 1; done
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$spools" "$tag-")"
  # The API while the database was down: answers, 503 problem+json, the slowest.
  local api
  api=$(/usr/bin/python3 - "$state/api-load.tsv" "$down_at" "$up_at" <<'PY'
import sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l]
lo, hi = float(sys.argv[2]), float(sys.argv[3])
down = [r for r in rows if lo + 0.5 <= float(r[0]) <= hi - 0.5]
p503 = sum(1 for r in down if r[2] == "503" and r[3].startswith("application/problem+json"))
other = sorted({r[2] for r in down if not (r[2] == "503" and r[3].startswith("application/problem+json"))})
slowest = max((float(r[1]) for r in down), default=0)
after = [r for r in rows if float(r[0]) > hi + 10]
after_ok = sum(1 for r in after if r[2] == "200")
after_other = ",".join("%s@+%.1fs/%.1fs" % (r[2], float(r[0]) - hi, float(r[1])) for r in after if r[2] != "200") or "-"
print(len(down), p503, ",".join(other) or "-", "%.2f" % slowest, len(after), after_ok, after_other)
PY
)
  local n_down n503 others slowest n_after after_ok after_other
  read -r n_down n503 others slowest n_after after_ok after_other <<<"$api"
  record pgrestart "burst" "$BURST"
  record pgrestart "database down (s)" "$PG_DOWN"
  record pgrestart "API requests while down / 503 problem+json" "$n_down / $n503" "$( [ "$n_down" -gt 0 ] && [ "$n_down" -eq "$n503" ] && echo ok || echo "FAIL (others: $others)" )"
  record pgrestart "slowest answer while down (s)" "$slowest" "$( /usr/bin/python3 -c "print('ok' if $slowest < 5 else 'FAIL')" )"
  record pgrestart "all daemons ready after restart (s)" "$ready_s" "$( [ -n "$all_ready" ] && /usr/bin/python3 -c "print('ok' if $ready_s <= 10 else 'FAIL')" || echo FAIL)"
  record pgrestart "API 200 from 10 s after restart" "$after_ok / $n_after" "$( [ "$n_after" -gt 0 ] && [ "$after_ok" -eq "$n_after" ] && echo ok || echo "FAIL (status@time after restart/latency: $after_other)" )"
  record pgrestart "distinct messages at the sink" "$distinct" "$( [ "$distinct" -eq "$BURST" ] && echo ok || echo FAIL )"
  record pgrestart "dead-lettered" "$dead" "$( [ "$dead" -eq 0 ] && echo ok || echo FAIL )"
  record pgrestart "duplicates (at-least-once)" "$(( sent - distinct ))"
  return 0
}

# email_queue: "paused paused_by" of the email queue ("f -" when it has no row).
email_queue() { sql -F ' ' -c "SELECT coalesce((SELECT paused::text || ' ' || coalesce(paused_by, '-') FROM queues WHERE name = 'email'), 'f -')"; }

# paused_metric: how many daemons' /metrics say booknow_queue_paused{queue="email"} 1.
paused_metric() {
  local p n=0
  for p in "${daemon_port[@]}"; do
    curl -fs -m 2 "http://127.0.0.1:$p/metrics" 2>/dev/null | grep -q '^booknow_queue_paused{queue="email"} 1' && n=$(( n + 1 ))
  done
  echo "$n"
}

# attempts_of TAG: "max_attempt_of_succeeded succeeded_with_attempt_1 retry_rows snooze_rows snoozed_jobs" over the burst's jobs and their attempt history.
attempts_of() {
  sql -F ' ' -c "WITH j AS (SELECT j.id, j.attempt, j.state FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
                   JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                   WHERE j.kind = 'send_message' AND c.email LIKE '$1-%')
                 SELECT (SELECT coalesce(max(attempt), 0) FROM j WHERE state = 'succeeded'),
                        (SELECT count(*) FROM j WHERE state = 'succeeded' AND attempt = 1),
                        (SELECT count(*) FROM job_attempts a WHERE a.job_id IN (SELECT id FROM j) AND a.outcome = 'retry'),
                        (SELECT count(*) FROM job_attempts a WHERE a.job_id IN (SELECT id FROM j) AND a.outcome = 'snooze'),
                        (SELECT count(DISTINCT a.job_id) FROM job_attempts a WHERE a.job_id IN (SELECT id FROM j) AND a.outcome = 'snooze')"
}

# dead_unexpired TAG: the burst's dead-lettered jobs whose deadline had not passed when they died.
dead_unexpired() {
  sql -c "SELECT count(*) FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
          JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
          WHERE j.kind = 'send_message' AND c.email LIKE '$1-%' AND j.state = 'dead'
            AND (j.deadline IS NULL OR j.finished_at < j.deadline)"
}

# smtpdown: the SMTP sink is stopped, a burst of SMTP_BURST reminders falls due, and
# the sink stays down SMTP_DOWN s; then it returns on the same port. The email queue
# is sampled every second (queues table and every daemon's /metrics).
scenario_smtpdown() {
  local tag=sd total done dead other deadline down_at up_at t q paused_by samples=0 paused=0 metric=0 first_paused=- last_paused=- since_first=0
  stop_sink
  down_at=$(now)
  log "SMTP sink stopped for ${SMTP_DOWN}s"
  seed_burst "$tag" "$SMTP_BURST"
  wait_planned "$tag" "$SMTP_BURST" || { start_sink "$smtp_port"; return 1; }
  while [ "$(now)" -lt $(( down_at + SMTP_DOWN )) ]; do
    t=$(( $(now) - down_at ))
    read -r q paused_by <<<"$(email_queue)"
    samples=$(( samples + 1 ))
    [ "$first_paused" = - ] || since_first=$(( since_first + 1 ))
    if [ "$q" = true ] && [ "$paused_by" = circuit-breaker ]; then
      paused=$(( paused + 1 )); [ "$first_paused" = - ] && first_paused=$t; last_paused=$t
    fi
    [ "$(paused_metric)" -gt 0 ] && metric=$(( metric + 1 ))
    sleep 1
  done
  read -r total done dead other <<<"$(jobs_of "$tag")"
  local done_while_down=$done attempts_down
  attempts_down=$(attempts_of "$tag")
  start_sink "$smtp_port"
  up_at=$(now)
  log "SMTP sink back on :$smtp_port ($done of $total delivered, $dead dead while it was down)"
  deadline=$(( up_at + BURST_TIMEOUT ))
  while [ "$(now)" -lt "$deadline" ]; do read -r total done dead other <<<"$(jobs_of "$tag")"; [ "$other" -eq 0 ] && break; sleep 1; done
  local drain_s=$(( $(now) - up_at ))
  read -r q paused_by <<<"$(email_queue)"
  local metric_after; metric_after=$(paused_metric)
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$spools" "$tag-")"
  local maxatt att1 retries snoozes snoozed_jobs unexpired dead_list
  read -r maxatt att1 retries snoozes snoozed_jobs <<<"$(attempts_of "$tag")"
  unexpired=$(dead_unexpired "$tag")
  dead_list=$(ctl dead list --kind send_message --limit 100000 --json 2>/dev/null \
    | /usr/bin/python3 -c "import json,sys; print(sum(1 for j in json.load(sys.stdin) if j.get('queue') == 'email'))" 2>/dev/null || echo "?")
  record smtpdown "burst (reminders due at once), 3 daemons" "$SMTP_BURST"
  record smtpdown "SMTP down (s) / breaker probe interval" "$SMTP_DOWN / $BREAKER_PROBE"
  record smtpdown "delivered while down" "$done_while_down" "$( [ "$done_while_down" -eq 0 ] && echo ok || echo FAIL )"
  record smtpdown "email queue paused by circuit-breaker (1 s samples while down)" "$paused / $samples (first at +${first_paused}s, last at +${last_paused}s)" "$( [ "$paused" -gt 0 ] && echo ok || echo FAIL )"
  # A probe resumes the queue for a moment every probe interval; a failed probe should pause it again.
  record smtpdown "samples from the first pause to the return with the queue paused" "$(( paused > 0 ? paused - 1 : 0 )) / $since_first" "$( [ "$since_first" -gt 0 ] && [ $(( 2 * (paused - 1) )) -ge "$since_first" ] && echo ok || echo "FAIL (not paused again after a failed probe)" )"
  record smtpdown "samples with booknow_queue_paused{queue=\"email\"} 1 on a daemon" "$metric / $samples" "$( [ "$metric" -gt 0 ] && echo ok || echo FAIL )"
  record smtpdown "email queue after return: paused / daemons reporting paused" "$q ($paused_by) / $metric_after" "$( [ "$q" = false ] && [ "$metric_after" -eq 0 ] && echo ok || echo FAIL )"
  record smtpdown "all delivered after return (s)" "$drain_s" "$( [ "$other" -eq 0 ] && echo ok || echo "FAIL ($other left)" )"
  record smtpdown "distinct messages at the sink" "$distinct" "$( [ "$distinct" -eq "$SMTP_BURST" ] && echo ok || echo FAIL )"
  record smtpdown "duplicates" "$(( sent - distinct ))"
  record smtpdown "dead-lettered: burst jobs / before their deadline / email jobs in booknowctl dead list" "$dead / $unexpired / $dead_list" "$( [ "$unexpired" -eq 0 ] && echo ok || echo FAIL )"
  record smtpdown "attempts used: max / retry rows / snooze rows (jobs snoozed)" "$maxatt / $retries / $snoozes ($snoozed_jobs)" "$( [ "$maxatt" -lt 10 ] && echo ok || echo FAIL )"
  return 0
}

# sms429: a burst of SMS_BURST text reminders; the provider answers 429 with
# Retry-After: SMS_RETRY_AFTER for SMS_429_WINDOW s from its first request, then 201.
scenario_sms429() {
  local tag=sm total done dead other deadline due_at
  seed_burst "$tag" "$SMS_BURST" sms
  wait_planned "$tag" "$SMS_BURST" || return 1
  due_at=$(now)
  deadline=$(( due_at + SMS_429_WINDOW + BURST_TIMEOUT ))
  while [ "$(now)" -lt "$deadline" ]; do read -r total done dead other <<<"$(jobs_of "$tag")"; [ "$other" -eq 0 ] && break; sleep 1; done
  local drain_s=$(( $(now) - due_at ))
  local maxatt att1 retries snoozes snoozed_jobs stats
  read -r maxatt att1 retries snoozes snoozed_jobs <<<"$(attempts_of "$tag")"
  stats=$(/usr/bin/python3 - "$state/sms.tsv" <<'PY'
import sys, collections
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines() if l.split("\t")[2].startswith("+4477009")]
first = min(float(r[0]) for r in rows) if rows else 0
n429 = [r for r in rows if r[1] == "429"]
ok = collections.Counter(r[2] for r in rows if r[1] == "201")
last429 = max((float(r[0]) - first for r in n429), default=0)
first201 = min((float(r[0]) - first for r in rows if r[1] == "201"), default=-1)
print(len(n429), sum(ok.values()), len(ok), "%.1f" % last429, "%.1f" % first201)
PY
)
  local n429 n201 distinct last429 first201
  read -r n429 n201 distinct last429 first201 <<<"$stats"
  record sms429 "burst (text reminders due at once), 3 daemons" "$SMS_BURST"
  record sms429 "429 window (s) / Retry-After (s)" "$SMS_429_WINDOW / $SMS_RETRY_AFTER"
  record sms429 "429 answers (last at +s after the first request)" "$n429 (+${last429}s)" "$( [ "$n429" -gt 0 ] && echo ok || echo FAIL )"
  record sms429 "first 201 at (+s)" "$first201" "$( /usr/bin/python3 -c "print('ok' if $first201 >= $SMS_429_WINDOW else 'FAIL')" )"
  record sms429 "distinct numbers given 201 / 201 answers" "$distinct / $n201" "$( [ "$distinct" -eq "$SMS_BURST" ] && echo ok || echo FAIL )"
  record sms429 "jobs succeeded / dead / left" "$done / $dead / $other" "$( [ "$done" -eq "$SMS_BURST" ] && [ "$dead" -eq 0 ] && echo ok || echo FAIL )"
  record sms429 "snooze rows in job_attempts (jobs snoozed)" "$snoozes ($snoozed_jobs)" "$( [ "$snoozes" -gt 0 ] && echo ok || echo FAIL )"
  record sms429 "retry rows (attempts burned)" "$retries" "$( [ "$retries" -eq 0 ] && echo ok || echo FAIL )"
  record sms429 "delivered jobs with jobs.attempt = 1 / max attempt" "$att1 / $maxatt" "$( [ "$att1" -eq "$done" ] && [ "$maxatt" -le 1 ] && echo ok || echo FAIL )"
  record sms429 "all delivered, from the first due (s)" "$drain_s"
  return 0
}

source "$repo/resilience/load.sh"
source "$repo/resilience/fuzz.sh"
source "$repo/resilience/abuse.sh"
