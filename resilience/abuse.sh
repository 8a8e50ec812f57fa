# The abuse scenario of resilience/run (sourced by scenarios.sh): SMS pumping and
# calendar filling on the demo salon's booking page, through the trusted proxy
# (the driver plays it: every request names its client in X-Forwarded-For), at
# a daemon of its own with every public-write limit at its default, while real
# customers book and confirm by email. Figures from the jobs table since the start.

ABUSE_ATTACKS=${ABUSE_ATTACKS:-2000} ABUSE_SECONDS=${ABUSE_SECONDS:-300} ABUSE_ADDRESSES=${ABUSE_ADDRESSES:-50}
ABUSE_CODES=${ABUSE_CODES:-20} ABUSE_REAL_PER_MINUTE=${ABUSE_REAL_PER_MINUTE:-5}

scenario_abuse() {
  local port pid slug figures began
  port=$(free_port)
  BOOKNOW_HTTP_PORT=$port BOOKNOW_HTTP_PUBLIC_BASE_URL=http://127.0.0.1:$port \
  BOOKNOW_PUBLIC_MESSAGES_PER_RECIPIENT_PER_DAY=10 BOOKNOW_PUBLIC_OPEN_BOOKINGS_PER_CONTACT=3 \
  BOOKNOW_PUBLIC_SUBMISSIONS_PER_ADDRESS_PER_HOUR=20 BOOKNOW_PUBLIC_MIN_FILL_TIME=3s BOOKNOW_PUBLIC_FLOOD_BOOKINGS_PER_HOUR=60 \
    "$bin/booknowd" --config "$state/booknowd.conf" >> "$state/booknowd-abuse.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do curl -fs -m 1 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  slug=$(sql -c "SELECT slug FROM businesses WHERE id = '$business'")
  figures=$(/usr/bin/python3 "$repo/resilience/abuse.py" "$port" "$slug" "$key" "$spools" "$state/abuse.json" \
    "$ABUSE_ATTACKS" "$ABUSE_SECONDS" "$ABUSE_ADDRESSES" "$ABUSE_CODES" "$ABUSE_REAL_PER_MINUTE")
  local refusals
  refusals=$(curl -fs "http://127.0.0.1:$port/metrics" | sed -n 's/^booknow_public_refusals_total{reason="\([a-z_]*\)"} \([0-9]*\).*/\1:\2/p' \
    | grep -v ':0$' | paste -sd, -)
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  log "abuse: $figures"
  began=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["began"])' "$state/abuse.json")
  local since="created_at >= to_timestamp($began)"
  # SMS jobs to numbers outside the salon's countries (+1 New York, +44 London), by the booking's customer.
  local sms_total sms_bad emails flood_at fake_confirmed fake_before
  sms_total=$(sql -c "SELECT count(*) FROM jobs WHERE queue = 'sms' AND $since")
  sms_bad=$(sql -c "SELECT count(*) FROM jobs j JOIN bookings b ON b.id = (j.payload->>'booking_id')::uuid
                    JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                    WHERE j.queue = 'sms' AND j.$since AND c.phone !~ '^\+(1|44)'")
  emails=$(sql -c "SELECT count(*) FROM jobs WHERE queue = 'email' AND $since")
  flood_at=$(sql -c "SELECT coalesce(extract(epoch FROM min(created_at))::bigint::text, 'never') FROM public_bookings WHERE held AND $since")
  fake_confirmed=0; fake_before=0
  if [ "$flood_at" != never ]; then
    fake_confirmed=$(sql -c "SELECT count(*) FROM bookings b JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                             WHERE b.status = 'confirmed' AND c.email LIKE '%@pump%.test' AND b.created_at >= to_timestamp($flood_at)")
  fi
  fake_before=$(sql -c "SELECT count(*) FROM bookings b JOIN customers c ON c.business_id = b.business_id AND c.id = b.customer_id
                        WHERE b.status = 'confirmed' AND c.email LIKE '%@pump%.test' AND b.$since")
  local started confirmed p99 answers
  read -r started confirmed p99 answers <<<"$(/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
c = s["customers"]
print(c["started"], c["confirmed"], s["customer_p99_ms"], ",".join("%s:%d" % kv for kv in sorted(s["attack_answers"].items())))' "$state/abuse.json")"
  record abuse "attack: forms / seconds / addresses / country codes" "$ABUSE_ATTACKS / $ABUSE_SECONDS / $ABUSE_ADDRESSES / $ABUSE_CODES"
  record abuse "attack answers (status[-held|-booked]:count)" "$answers"
  record abuse "refusals by reason (booknow_public_refusals_total)" "${refusals:-none}"
  record abuse "load average at the end" "$(cut -d' ' -f1-3 /proc/loadavg)"
  record abuse "SMS queued to disallowed countries" "$sms_bad" "$( [ "$sms_bad" -eq 0 ] && echo ok || echo FAIL )"
  record abuse "SMS queued in total" "$sms_total"
  record abuse "emails queued in total" "$emails"
  record abuse "flood mode from (epoch) / fake bookings confirmed before it" "$flood_at / $fake_before"
  record abuse "fake bookings confirmed once flood mode was on" "$fake_confirmed" "$( [ "$fake_confirmed" -eq 0 ] && echo ok || echo FAIL )"
  record abuse "real customers confirmed / started" "$confirmed / $started" "$( [ "$confirmed" -eq "$started" ] && echo ok || echo FAIL )"
  record abuse "real customers' page p99 (ms)" "$p99"
  return 0
}
