# The load scenario of resilience/run (sourced by scenarios.sh).

# load_businesses N: creates N empty businesses, each with an admin and a public key;
# prints "ADMIN/PUBLIC,…" for mixed_load.py, which gives them their catalogs.
load_businesses() {
  local b id admin public pairs=
  for b in $(seq "$1"); do
    id=$(ctl business create "Load salon $b" --time-zone Europe/London | grep -o '[0-9a-f-]\{36\}' | head -n1)
    # booknowctl prints "secret: SECRET  (shown once; …)" (older builds: "secret (shown once): SECRET").
    admin=$(ctl keys create --business "$id" --scope admin | sed -n 's/^secret (shown once): //p; s/^secret: \([^ ]*\).*/\1/p')
    public=$(ctl keys create --business "$id" --scope public | sed -n 's/^secret (shown once): //p; s/^secret: \([^ ]*\).*/\1/p')
    [ -n "$admin" ] && [ -n "$public" ] || { log "no keys for load business $b"; return 1; }
    pairs=${pairs:+$pairs,}$admin/$public
  done
  printf '%s\n' "$pairs"
}

# load: LOAD_RATE requests/s (80% availability, 15% bookings, 5% cancellations) for
# LOAD_SECONDS over LOAD_BUSINESSES businesses and the three daemons, open-loop
# (resilience/mixed_load.py), while bursts of LOAD_BURST reminders fall due at once,
# LOAD_BURST_FIRST s after seeding and every LOAD_BURST_EVERY s after that, each at
# least 30 s before the load ends. The bursts are seeded before the load and the
# clock is never moved during it (seed_burst's clock move would shift the load's
# bookings and the bursts' due times); the planner enqueues each burst up to its
# 10-minute horizon ahead, as in production, so LOAD_BURST_FIRST must leave it a
# run (it runs every minute) and mixed_load.py its setup.
scenario_load() {
  local out=$state/load.tsv pairs load_pid k n_bursts base base_wall deadline
  pairs=$(load_businesses "$LOAD_BUSINESSES") || return 1
  n_bursts=$(( LOAD_SECONDS - 30 >= LOAD_BURST_FIRST ? (LOAD_SECONDS - 30 - LOAD_BURST_FIRST) / LOAD_BURST_EVERY + 1 : 0 ))
  read -r base base_wall <<<"$(sql -F ' ' -c "SELECT extract(epoch FROM booknow_now()), extract(epoch FROM now())")"
  : > "$state/load-bursts.tsv"
  for k in $(seq "$n_bursts"); do
    local after=$(( LOAD_BURST_FIRST + (k - 1) * LOAD_BURST_EVERY ))
    seed_burst_at "lb$k" "$LOAD_BURST" "$(sql -c "SELECT to_timestamp($base + 3600 + $after)")"
    printf 'lb%s\t%s\n' "$k" "$(/usr/bin/python3 -c "print($base_wall + $after)")" >> "$state/load-bursts.tsv"
  done
  log "$n_bursts bursts of $LOAD_BURST reminders seeded, due ${LOAD_BURST_FIRST}s from $(date -u -d "@${base_wall%.*}" +%T) and every ${LOAD_BURST_EVERY}s"
  /usr/bin/python3 "$repo/resilience/mixed_load.py" "$pairs" "$ports" "$LOAD_RATE" "$LOAD_SECONDS" "$out" > "$state/load.json" &
  load_pid=$!; helper_pids+=("$load_pid")
  deadline=$(( $(now) + 300 ))
  while [ ! -s "$out.started" ] && [ "$(now)" -lt "$deadline" ] && kill -0 "$load_pid" 2>/dev/null; do sleep 0.5; done
  [ -s "$out.started" ] || { log "mixed_load.py did not start its load"; return 1; }
  log "load started: $LOAD_RATE/s for ${LOAD_SECONDS}s over $LOAD_BUSINESSES businesses"
  wait "$load_pid" || { log "mixed_load.py failed"; return 1; }
  # The last burst may still be sending when the load ends.
  deadline=$(( $(now) + BURST_TIMEOUT ))
  while [ "$(now)" -lt "$deadline" ]; do
    [ "$(sql -c "SELECT count(*) FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
                 JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                 WHERE j.kind = 'send_message' AND j.state NOT IN ('succeeded','dead') AND c.email ~ '^lb[0-9]+-'")" = 0 ] && break
    sleep 1
  done
  load_report "$n_bursts"
}

# burst_lateness TAG: "jobs planned_late p50 p99 max due_wall_epoch": the burst's reminder jobs, those
# enqueued after they were due, and seconds from due (start − 1 h) to sent (finished_at), both on the
# database clock; due_wall_epoch is when they fell due on the wall clock.
burst_lateness() {
  sql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE j.created_at > b.starts_at - interval '1 hour'),
                        coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 1)::text, '-'),
                        coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 1)::text, '-'),
                        coalesce(round(max(l)::numeric, 1)::text, '-'),
                        coalesce(round(extract(epoch FROM min(b.starts_at) - interval '1 hour' - (booknow_now() - now()))::numeric, 3)::text, '-')
                 FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
                 JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id,
                 LATERAL (SELECT extract(epoch FROM j.finished_at - (b.starts_at - interval '1 hour')) AS l) AS late
                 WHERE j.kind = 'send_message' AND c.email LIKE '$1-%'"
}

# load_report BURSTS: the load's figures from load.json and load.tsv, the bursts' from the jobs table and the sink.
load_report() {
  local bursts=$1 total=0 ok=0 dead=0 other=0 late=0 t o d r i sent distinct n pl p50 p99 max due all
  : > "$state/load-windows.tsv"
  for i in $(seq "$bursts"); do
    read -r t o d r <<<"$(jobs_of "lb$i")"
    total=$(( total + t )); ok=$(( ok + o )); dead=$(( dead + d )); other=$(( other + r ))
    read -r n pl p50 p99 max due <<<"$(burst_lateness "lb$i")"
    late=$(( late + pl ))
    [ "$max" = - ] || printf '%s\t%s\t%s\n' "$due" "$max" "lb$i" >> "$state/load-windows.tsv"
  done
  read -r sent distinct <<<"$(/usr/bin/python3 "$repo/resilience/sink_count.py" "$spools" lb)"
  all=$(sql -F ' / ' -c "SELECT coalesce(round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 1)::text, '-'),
                                coalesce(round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 1)::text, '-')
                       FROM (SELECT extract(epoch FROM j.finished_at - (b.starts_at - interval '1 hour')) AS l
                             FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
                             JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                             WHERE j.kind = 'send_message' AND j.state = 'succeeded' AND c.email ~ '^lb[0-9]+-') AS l")
  # One line per figure: "figure<TAB>value<TAB>verdict"; API latency while a burst was
  # being sent (from its due time for its slowest reminder's lateness) against the rest.
  /usr/bin/python3 - "$state/load.json" "$state/load.tsv" "$state/load.tsv.started" "$state/load-windows.tsv" <<'PY' > "$state/load-figures.tsv" || return 1
import json, sys
s = json.load(open(sys.argv[1]))
rows = [l.split("\t") for l in open(sys.argv[2]).read().splitlines() if l]
began = float(open(sys.argv[3]).read())
windows = [(float(due) - began, float(due) - began + float(late)) for due, late, _ in
           (l.split("\t") for l in open(sys.argv[4]).read().splitlines() if l)]
rate, seconds = s["target_rate"], s["seconds"]
out = lambda figure, value, verdict="": print("%s\t%s\t%s" % (figure, value, verdict))


def p99(selected, column=2):
    lat = sorted(float(x[column]) for x in selected)
    return "%.1f (%d)" % (lat[min(len(lat) - 1, int(0.99 * len(lat)))], len(lat)) if lat else "-"


out("target: rate × seconds, businesses, daemons", "%g/s × %gs, %d businesses, 3 daemons" % (rate, seconds, s["businesses"]))
for route, label, ok in (("availability", "GET /v1/availability", "200"), ("booking", "POST /v1/bookings", "201"),
                         ("cancel", "POST /v1/manage/{token}/cancel", "200")):
    r = s["routes"][route]
    out("%s: requests / %s / 409 / errors" % (label, ok),
        "%d / %d / %d / %d" % (r["requests"], r["statuses"].get(ok, 0), r["statuses"].get("409", 0), r["errors"]),
        "ok" if r["errors"] == 0 else "FAIL")
    out("%s: p50 / p99 / max (ms, from the scheduled start)" % label, "%.1f / %.1f / %.1f" % (r["p50_ms"], r["p99_ms"], r["max_ms"]))
    inside = [x for x in rows if x[3] == route and any(lo <= float(x[0]) <= hi for lo, hi in windows)]
    outside = [x for x in rows if x[3] == route and not any(lo <= float(x[0]) <= hi for lo, hi in windows)]
    out("%s: p99 ms (requests) while a burst is sent / otherwise" % label, "%s / %s" % (p99(inside), p99(outside)))
    out("%s: the same to the answer's last byte, before the client parses it" % label,
        "%s / %s" % (p99(inside, 6), p99(outside, 6)))
out("mix: availability / bookings / cancellations (% of issued; a cancellation with no booking yet reads availability)",
    " / ".join("%.1f" % (100.0 * s["routes"][r]["requests"] / max(1, s["issued"])) for r in ("availability", "booking", "cancel"))
    + " (%d substituted)" % s["substituted"])
out("achieved rate: answered without error per s / target", "%.1f / %g" % (s["answered_rate"], rate),
    "ok" if s["answered_rate"] >= 0.95 * rate else "FAIL")
out("load generator: requests issued / scheduled; send lag p99 / max (ms)",
    "%d / %d; %.1f / %.1f" % (s["issued"], s["scheduled"], s["send_lag_p99_ms"], s["send_lag_max_ms"]),
    "ok" if s["issued"] == s["scheduled"] else "FAIL")
errors = s["server_errors"] + s["timeouts"] + s["connection_errors"] + s["unexpected_4xx"] + s["client_errors"]
kinds = sorted(s["errors"].items(), key=lambda kv: -kv[1])[:5]
out("errors: total = 5xx + timeouts + connection + unexpected 4xx (of which 429) + load generator's own",
    "%d = %d + %d + %d + %d (%d) + %d" % (errors, s["server_errors"], s["timeouts"], s["connection_errors"], s["unexpected_4xx"],
                                          s["rate_limited"], s["client_errors"]),
    "ok" if errors == 0 else "FAIL (%s)" % ", ".join("%s ×%d" % kv for kv in kinds))
PY
  while IFS=$'\t' read -r figure value verdict; do record load "$figure" "$value" "$verdict"; done < "$state/load-figures.tsv"
  local expected=$(( bursts * LOAD_BURST ))
  record load "reminder bursts due during the load: count × size" "$bursts × $LOAD_BURST" "$( [ "$bursts" -gt 0 ] && echo ok || echo "FAIL (no burst: raise LOAD_SECONDS)" )"
  record load "burst reminders: jobs / enqueued after due / succeeded / dead / left" "$total / $late / $ok / $dead / $other" \
    "$( [ "$ok" -eq "$expected" ] && [ "$total" -eq "$expected" ] && [ "$dead" -eq 0 ] && echo ok || echo FAIL )$( [ "$late" -eq 0 ] || echo " (the planner was late: raise LOAD_BURST_FIRST)" )"
  record load "distinct burst messages at the sink (duplicates)" "$distinct ($(( sent - distinct )))" "$( [ "$distinct" -eq "$expected" ] && echo ok || echo FAIL )"
  record load "reminder lateness, all bursts: p50 / p99 (s after due)" "$all"
  while IFS=$'\t' read -r due max tag; do
    read -r n pl p50 p99 max due <<<"$(burst_lateness "$tag")"
    record load "burst $tag: due at +s into the load / lateness p50 / p99 / max (s)" \
      "$(/usr/bin/python3 -c "print(round($due - $(cat "$state/load.tsv.started"), 1))") / $p50 / $p99 / $max"
  done < "$state/load-windows.tsv"
  return 0
}
