#!/usr/bin/env bash
# Delivery benchmark (not a timed test): our transports next to their ceilings, in the same run.
#   SMTP: bench-delivery smtp (SMTPTransport, THREADS sender threads) and smtp-source -d -s THREADS,
#         both into Postfix's smtp-sink on 127.0.0.1:2525, 3,000-byte messages.
#   SMS:  bench-delivery sms (TwilioSMSTransport, CONNECTIONS connections on one multi handle) and
#         wrk -c CONNECTIONS posting the same form body, both into nginx-light answering 201 + JSON.
#   Context: reference/curl_multi.c, libcurl's multi interface alone in C on the same connections.
#         Ours and the C reference run as SMS_PAIRS interleaved pairs a run (order alternating: on
#         these hosts the first of two back-to-back runs tends to be slower, and single runs of either
#         vary by a quarter), each pair's ratio printed, then their median.
# Usage: bench/delivery/run.sh [runs]   (needs postfix, wrk, nginx-light, gcc; as root: smtp-sink -u nobody)
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/setup --test   # postfix (smtp-sink), wrk, nginx-light
RUNS=${1:-2}
THREADS=${THREADS:-4}
CONNECTIONS=${CONNECTIONS:-8}
EMAILS=${EMAILS:-20000}
SMS=${SMS:-40000}
SMS_PAIRS=${SMS_PAIRS:-15}

swift build -c release --product bench-delivery 2>&1 | tail -1
BIN=.build/release/bench-delivery
work=$(mktemp -d)
# Not a ceiling, a floor for context: libcurl's multi interface alone (C, no Swift), same connections.
gcc -O2 -o "$work/curl_multi" bench/delivery/reference/curl_multi.c -lcurl
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

smtp-sink -u nobody -c 127.0.0.1:2525 1000 >/dev/null &
pids+=($!)

source bench/delivery/sms-sink.sh
start_sms_sink "$work"

# The same request bench-delivery sends (form body, basic auth, idempotency key).
cat > "$work/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "To=%2B15550001234&Body=Reminder%3A%20your%20appointment%20is%20tomorrow%20at%2010%3A00.&From=%2B15550009999&ValidityPeriod=3600"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic QUMwMTIzNDU2Nzg5OmJlbmNoLXRva2Vu"
wrk.headers["Idempotency-Key"] = "bench-1"
LUA

sms_ours() {  # prints messages/s; bench-delivery's own lines (latency) go to stderr
    local out
    out=$("$BIN" sms --url http://127.0.0.1:8080/2010-04-01 --concurrency "$CONNECTIONS" --messages "$SMS")
    echo "$out" >&2
    sed -n 's/^throughput=\([0-9]*\).*/\1/p' <<< "$out"
}
sms_c() {
    "$work/curl_multi" "$SMS" "$CONNECTIONS" http://127.0.0.1:8080/2010-04-01/Accounts/AC0123456789/Messages.json \
        | sed -n 's/.* = \([0-9]*\)\/s$/\1/p'
}
source bench/median.sh

echo "machine: nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for run in $(seq 1 "$RUNS"); do
    echo "== run $run"
    start=$(date +%s.%N)
    smtp-source -d -s "$THREADS" -m "$EMAILS" -l 3000 -f bench@booknow.example -t sink@booknow.example 127.0.0.1:2525
    end=$(date +%s.%N)
    echo "smtp-source -d -s $THREADS -m $EMAILS -l 3000: $(echo "$EMAILS / ($end - $start)" | bc -l | xargs printf '%.0f')/s"
    "$BIN" smtp --url smtp://127.0.0.1:2525 --concurrency "$THREADS" --messages "$EMAILS"
    wrk -t2 -c "$CONNECTIONS" -d 10s --latency -s "$work/post.lua" \
        http://127.0.0.1:8080/2010-04-01/Accounts/AC0123456789/Messages.json | grep -E "Requests/sec|50%|99%"
    ratios=()
    for pair in $(seq 1 "$SMS_PAIRS"); do
        if [ $((pair % 2)) -eq 1 ]; then ours=$(sms_ours); c=$(sms_c); else c=$(sms_c); ours=$(sms_ours); fi
        ratios+=("$(awk -v o="$ours" -v c="$c" 'BEGIN { printf "%.3f", o / c }')")
        echo "sms pair $pair: bench-delivery $ours/s, libcurl multi in C $c/s, ratio ${ratios[-1]}"
    done
    echo "sms: median ratio to the C reference over $SMS_PAIRS pairs: $(printf '%s\n' "${ratios[@]}" | median)"
done
