# The failover drill (resilience/drills failover; the header there says what it does).
FAILOVER_RATE=${FAILOVER_RATE:-100} FAILOVER_SECONDS=${FAILOVER_SECONDS:-300}
FAILOVER_BUSINESSES=${FAILOVER_BUSINESSES:-10} FAILOVER_BURST=${FAILOVER_BURST:-2000}
FAILOVER_FIRST=${FAILOVER_FIRST:-100}   # s from seeding to the burst's due time (and the first kill)
DRILL_COMMAND="FAILOVER_RATE=$FAILOVER_RATE FAILOVER_SECONDS=$FAILOVER_SECONDS FAILOVER_BUSINESSES=$FAILOVER_BUSINESSES FAILOVER_BURST=$FAILOVER_BURST FAILOVER_FIRST=$FAILOVER_FIRST resilience/run failover"
source "$here/load.sh"   # load_businesses

leader=1
# The leader's port for sql(): psql has no target_session_attrs, so point it at the leader.
use_leader() { leader=$1; pg_port=${member_pg_port[$1]}; }

# running_jobs TAG: the burst's jobs claimed and not finished.
running_jobs() {
  sql -c "SELECT count(*) FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
          JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
          WHERE j.kind = 'send_message' AND j.state = 'running' AND c.email LIKE '$1-%'" 2>/dev/null || echo 0
}

# fail_leader FROM TO: SIGKILLs member FROM (Patroni + PostgreSQL), waits for TO to
# be promoted, brings FROM back as a replica (Patroni runs pg_rewind) and waits until
# it is the synchronous standby. Records the times; writes the kill's epoch to $state/kill-N.
kills=0
fail_leader() {
  local from=$1 to=$2 t0 t1 t2 before after
  kills=$(( kills + 1 ))
  before=$(running_jobs fo)
  t0=$(nowf); echo "$t0" > "$state/kill-$kills"
  crash_member "$from"
  log "failover $kills: SIGKILLed pg$from (Patroni and PostgreSQL); $before burst jobs were running"
  wait_leader "$to" 120 || { record failover "failover $kills: pg$to promoted" "not within 120 s" FAIL; return 1; }
  t1=$(nowf); use_leader "$to"
  after=$(running_jobs fo)
  echo "$(( before > after ? before : after ))" > "$state/inflight-$kills"
  log "failover $kills: pg$to promoted after $(/usr/bin/python3 -c "print(round($t1 - $t0, 1))") s; $after burst jobs running on it"
  record failover "failover $kills: pg$from killed → pg$to answers as leader (Patroni /primary)" \
    "$(/usr/bin/python3 -c "print(round($t1 - $t0, 1))") s"
  start_member "$from"
  wait_sync "$from" 180 || { record failover "failover $kills: pg$from rejoins as synchronous standby" "not within 180 s" FAIL; return 1; }
  t2=$(nowf)
  record failover "failover $kills: pg$from rejoins (pg_rewind: $(grep -c 'pg_rewind exit code=0' "$drill_root/patroni-$from.log") in its log) and is sync standby" \
    "$(/usr/bin/python3 -c "print(round($t2 - $t0, 1))") s after the kill" ok
}

drill_failover() {
  local out=$state/load.tsv pairs load_pid base base_wall due_wall i
  start_etcd
  write_patroni_config 1; write_patroni_config 2
  start_member 1
  wait_leader 1 90 || { log "pg1 did not become leader"; tail -n 30 "$drill_root/patroni-1.log" >&2; return 1; }
  start_member 2
  wait_sync 2 120 || { log "pg2 did not become the synchronous standby"; tail -n 30 "$drill_root/patroni-2.log" >&2; return 1; }
  use_leader 1
  log "Patroni: pg1 :${member_pg_port[1]} leader, pg2 :${member_pg_port[2]} synchronous standby, etcd :$etcd_port"
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE booknow LOGIN" -c "CREATE DATABASE booknow OWNER booknow" >/dev/null || return 1
  psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d booknow -c "CREATE EXTENSION btree_gist" >/dev/null || return 1
  db_url="postgresql://booknow@127.0.0.1:${member_pg_port[1]},127.0.0.1:${member_pg_port[2]}/booknow?target_session_attrs=read-write"
  write_config
  # drill_failover runs under `||`, so errexit is off here: every step checks itself.
  ctl migrate >/dev/null || return 1
  local seed; seed=$(ctl demo seed) || return 1
  business=$(printf '%s\n' "$seed" | sed -n 's/.*business \([0-9a-f-]\{36\}\).*/\1/p' | head -n1)
  for i in 1 2 3; do start_daemon "$i" || return 1; done
  ports=$(IFS=,; echo "${daemon_port[*]}")
  declare -A first_pid=(); for i in 1 2 3; do first_pid[$i]=${daemon_pid[$i]}; done
  log "booknowd :$ports on $db_url"
  pairs=$(load_businesses "$FAILOVER_BUSINESSES") || return 1

  # The burst falls due FAILOVER_FIRST s from now (the planner has a run or more to enqueue it).
  read -r base base_wall <<<"$(sql -F ' ' -c "SELECT extract(epoch FROM booknow_now()), extract(epoch FROM now())")"
  seed_burst_at fo "$FAILOVER_BURST" "$(sql -c "SELECT to_timestamp($base + 3600 + $FAILOVER_FIRST)")"
  due_wall=$(/usr/bin/python3 -c "print($base_wall + $FAILOVER_FIRST)")
  /usr/bin/python3 "$repo/resilience/mixed_load.py" "$pairs" "$ports" "$FAILOVER_RATE" "$FAILOVER_SECONDS" "$out" > "$state/load.json" &
  load_pid=$!; helper_pids+=("$load_pid")
  local deadline=$(( $(now) + 300 ))
  while [ ! -s "$out.started" ] && [ "$(now)" -lt "$deadline" ] && kill -0 "$load_pid" 2>/dev/null; do sleep 0.5; done
  [ -s "$out.started" ] || { log "mixed_load.py did not start its load"; return 1; }
  log "load started: $FAILOVER_RATE/s for ${FAILOVER_SECONDS}s; burst of $FAILOVER_BURST due at $(date -u -d "@${due_wall%.*}" +%T)"

  # First failure: 2 s after the burst falls due, while it is being sent.
  while [ "$(/usr/bin/python3 -c "print(int($(nowf) < $due_wall + 2))")" = 1 ]; do sleep 0.2; done
  local planned; planned=$(jobs_of fo | cut -d' ' -f1)
  record failover "burst jobs enqueued before the first kill" "$planned / $FAILOVER_BURST" "$( [ "$planned" = "$FAILOVER_BURST" ] && echo ok || echo FAIL )"
  fail_leader 1 2 || return 1
  sleep 15   # the cluster settles; the load and the burst go on
  fail_leader 2 1 || return 1
  local started; started=$(cat "$out.started")
  local left=$(( ${started%.*} + ${FAILOVER_SECONDS%.*} - $(now) ))
  [ "$left" -ge 20 ] || record failover "load still running 20 s after the second failover" "no: $left s left (raise FAILOVER_SECONDS)" FAIL
  wait "$load_pid" || { log "mixed_load.py failed"; return 1; }
  deadline=$(( $(now) + BURST_TIMEOUT ))
  while [ "$(now)" -lt "$deadline" ]; do
    [ "$(jobs_of fo | cut -d' ' -f4)" = 0 ] && break
    sleep 1
  done
  failover_report
}

failover_report() {
  local i t o d r sent distinct inflight=0 lost_b lost_c acked_b acked_c ov
  # The write outage around each kill, from the client log.
  /usr/bin/python3 - "$state/load.json" "$state/load.tsv" "$state/load.tsv.started" "$state"/kill-* <<'PY' > "$state/fo-figures.tsv"
import json, sys
s = json.load(open(sys.argv[1]))
rows = [l.split("\t") for l in open(sys.argv[2]).read().splitlines() if l]
began = float(open(sys.argv[3]).read())
kills = sorted(float(open(k).read()) for k in sys.argv[4:])
def is_error(route, status):
    if not status.isdigit():
        return True
    st = int(status)
    return not (st == 200 and route in ("availability", "cancel") or st == 201 and route == "booking"
                or st == 409 and route in ("booking", "cancel"))
# (sent epoch, answered epoch, route, status)
reqs = sorted((began + float(r[0]) + float(r[1]) / 1000, began + float(r[0]) + float(r[2]) / 1000, r[3], r[4]) for r in rows)
out = lambda f, v, verdict="": print("%s\t%s\t%s" % (f, v, verdict))
worst = 0
for n, k in enumerate(kills, 1):
    end = kills[n] if n < len(kills) else float("inf")
    fails = sorted(a for snt, a, route, st in reqs if k <= a < end and is_error(route, st))
    if not fails:
        out("failover %d: write outage (first failed answer → first 201 of a booking sent after it)" % n, "no failed answer")
        continue
    first = fails[0]
    ok = [a for snt, a, route, st in reqs if route == "booking" and st == "201" and snt > first and a < end]
    window = (min(ok) - first) if ok else float("inf")
    last_fail = max(a for snt, a, route, st in reqs if first <= a < (min(ok) if ok else end) and is_error(route, st))
    worst = max(worst, window)
    codes = {}
    for snt, a, route, st in reqs:
        if first <= a <= last_fail and is_error(route, st):
            codes[st] = codes.get(st, 0) + 1
    out("failover %d: write outage (first failed answer → first 201 of a booking sent after it)" % n,
        "%.1f s (first failure %.1f s after the kill)" % (window, first - k), "ok" if window < 30 else "FAIL (target < 30 s)")
    out("failover %d: failed answers in the outage (by status)" % n,
        "%d (%s)" % (sum(codes.values()), ", ".join("%s ×%d" % kv for kv in sorted(codes.items(), key=lambda kv: -kv[1]))))
errors = sum(1 for snt, a, route, st in reqs if is_error(route, st))
in_outage = 0
out("load: requests issued / scheduled, answered rate", "%d / %d, %.1f/s of %g/s" % (s["issued"], s["scheduled"], s["answered_rate"], s["target_rate"]))
out("load: failed answers, whole run", "%d (%s)" % (errors, ", ".join("%s ×%d" % kv for kv in sorted(s["errors"].items(), key=lambda kv: -kv[1])[:6])))
PY
  while IFS=$'\t' read -r figure value verdict; do record failover "$figure" "$value" "$verdict"; done < "$state/fo-figures.tsv"
  # Every acknowledged booking and cancellation is in the database as answered.
  /usr/bin/python3 -c "
import sys
for l in open('$state/load.tsv.acked'):
    kind, bid = l.split('\t')[:2]
    print(kind + '\t' + bid)" > "$state/acked.tsv"
  sql -F ' ' -c "CREATE TEMP TABLE acked (kind text, id uuid)" -c "\\copy acked FROM '$state/acked.tsv'" -c "SELECT count(*) FILTER (WHERE a.kind = 'booked'), count(*) FILTER (WHERE a.kind = 'booked' AND b.id IS NULL),
                 count(*) FILTER (WHERE a.kind = 'cancelled'), count(*) FILTER (WHERE a.kind = 'cancelled' AND b.status IS DISTINCT FROM 'cancelled')
          FROM acked a LEFT JOIN bookings b ON b.id = a.id" > "$state/acked-check" || true
  read -r acked_b lost_b acked_c lost_c < "$state/acked-check"
  record failover "bookings answered 201 / missing from the database afterwards" "$acked_b / $lost_b" "$( [ "${lost_b:-x}" = 0 ] && echo ok || echo FAIL )"
  record failover "cancellations answered 200 / not cancelled in the database" "$acked_c / $lost_c" "$( [ "${lost_c:-x}" = 0 ] && echo ok || echo FAIL )"
  ov=$(sql -c "SELECT count(*) FROM bookings a JOIN bookings b
               ON a.business_id = b.business_id AND a.provider_id = b.provider_id AND a.id < b.id AND a.blocked && b.blocked
               WHERE a.status IN ('confirmed','held') AND b.status IN ('confirmed','held')")
  record failover "overlapping live bookings (SQL self-join)" "$ov" "$( [ "$ov" = 0 ] && echo ok || echo FAIL )"
  read -r t o d r <<<"$(jobs_of fo)"
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$spools" fo-)"
  for i in $(seq "$kills"); do inflight=$(( inflight + $(cat "$state/inflight-$i") )); done
  record failover "burst reminders: jobs / succeeded / dead / left" "$t / $o / $d / $r" \
    "$( [ "$o" = "$FAILOVER_BURST" ] && [ "$t" = "$FAILOVER_BURST" ] && echo ok || echo FAIL )"
  record failover "distinct burst messages at the sink / duplicates / bound (jobs running at the kills)" \
    "$distinct / $(( sent - distinct )) / $inflight" \
    "$( [ "$distinct" = "$FAILOVER_BURST" ] && [ $(( sent - distinct )) -le "$inflight" ] && echo ok || echo FAIL )"
  local alive=0 ready=0 same=0
  for i in 1 2 3; do
    kill -0 "${daemon_pid[$i]}" 2>/dev/null && alive=$(( alive + 1 ))
    [ "${daemon_pid[$i]}" = "${first_pid[$i]}" ] && same=$(( same + 1 ))
    curl -fs -m 2 -o /dev/null "http://127.0.0.1:${daemon_port[$i]}/readyz" && ready=$(( ready + 1 ))
  done
  record failover "daemons: alive / first process (never restarted) / /readyz 200 at the end" "$alive / $same / $ready of 3" \
    "$( [ $alive = 3 ] && [ $same = 3 ] && [ $ready = 3 ] && echo ok || echo FAIL )"
  local rescued; rescued=$(for i in 1 2 3; do curl -fs -m 2 "http://127.0.0.1:${daemon_port[$i]}/metrics" | awk '/^booknow_queue_rescued_total/ {s += $NF} END {print s + 0}'; done | awk '{s += $1} END {print s + 0}')
  record failover "jobs rescued after their lease (booknow_queue_rescued_total, 3 daemons)" "${rescued:-0}"
  return 0
}
