#!/usr/bin/env bash
# bench/delivery/instructions.sh [BIN]: instructions per SMS (BENCHMARKS.md, "Delivery"),
# counted, not timed: valgrind --tool=callgrind over `BIN sms --concurrency 8` at 5,000
# and 10,000 messages into run.sh's nginx sink, and the C reference (reference/curl_multi.c)
# the same way; per message = the difference ÷ 5,000, so start-up cancels out. The count
# does not depend on what else the host is doing. BIN: this build's release bench-delivery.
# The callgrind files stay in the printed folder for callgrind_annotate.
# --options also counts reference/curl_options.c, the C loop with each option our transport sets
# (header callback, the Idempotency-Key line, timeouts, what is set again per transfer): libcurl's
# own cost of what the transport asks of it, a floor no Swift change can go below.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 69; }
scripts/setup --test   # nginx-light
options=false
if [ "${1:-}" = --options ]; then options=true; shift; fi
if [ $# -eq 0 ]; then swift build -c release --product bench-delivery 2>&1 | tail -1; fi
bin=${1:-.build/release/bench-delivery}
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
gcc -O2 -o "$work/curl_multi" bench/delivery/reference/curl_multi.c -lcurl
gcc -O2 -o "$work/curl_options" bench/delivery/reference/curl_options.c -lcurl
source bench/delivery/sms-sink.sh
start_sms_sink "$work"

count() {  # NAME MESSAGES COMMAND…: prints the instructions callgrind collected
  local name=$1 messages=$2; shift 2
  valgrind --tool=callgrind --callgrind-out-file="$work/$name.$messages" "$@" 2>&1 >/dev/null \
    | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
url=http://127.0.0.1:8080/2010-04-01
for side in ours C; do
  declare -A got=()
  for messages in 5000 10000; do
    if [ "$side" = ours ]; then
      got[$messages]=$(count ours "$messages" "$bin" sms --url "$url" --concurrency 8 --messages "$messages")
    else
      got[$messages]=$(count c "$messages" "$work/curl_multi" "$messages" 8 "$url/Accounts/AC0123456789/Messages.json")
    fi
  done
  echo "$side: $(( (got[10000] - got[5000]) / 5000 )) instructions a message (callgrind files in $work)"
  unset got
done

$options || exit 0
# HEADER_CALLBACK EXTRA_HEADERS TIMEOUTS PER_REQUEST (see reference/curl_options.c).
for variant in "0 0 0 0" "1 0 0 0" "0 1 0 0" "0 0 1 0" "0 0 0 1" "0 0 0 2" "1 1 1 1" "1 1 1 2"; do
  declare -A got=()
  for messages in 5000 10000; do
    # shellcheck disable=SC2086 # the variant is four separate arguments
    got[$messages]=$(count "options-${variant// /}" "$messages" "$work/curl_options" "$messages" 8 \
      "$url/Accounts/AC0123456789/Messages.json" $variant)
  done
  echo "C with options (header callback, extra header lines, timeouts, set per transfer) $variant: $(( (got[10000] - got[5000]) / 5000 ))"
  unset got
done
