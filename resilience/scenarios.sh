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
  out=$(/usr/bin/python3 "$repo/resilience/booking_race.py" "$key" "$ports" "$ROUNDS" "$ATTEMPTS") || return 1
  local n ov
  ov=$(overlaps)
  n() { printf '%s' "$out" | /usr/bin/python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
  record race "rounds × concurrent attempts" "$ROUNDS × $ATTEMPTS (on 3 daemons)"
  record race "booking attempts / 201 / 409" "$(n '["booking_attempts"]') / $(n '["booking_201"]') / $(n '["booking_409"]')"
  record race "reschedule attempts / 200 / 409" "$(n '["reschedule_attempts"]') / $(n '["reschedule_200"]') / $(n '["reschedule_409"]')"
  record race "other answers" "$(n '["other"]')" "$( [ "$(n '["other"]')" = "{}" ] && echo ok || echo FAIL )"
  record race "409 codes" "$(n '["codes"]')"
  record race "seconds" "$(n '["seconds"]')"
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
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$state/spool" "$tag-")"
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
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$state/spool" "$tag-")"
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
