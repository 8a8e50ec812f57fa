#!/usr/bin/env bash
# bench/delivery/ab.sh PAIRS BIN_A BIN_B: an A/B of the SMS transport (BENCHMARKS.md,
# "Delivery"). Into run.sh's nginx sink, PAIRS interleaved pairs of
#   BIN sms --concurrency 8 --messages 40000
# for two bench-delivery binaries (copy the old one aside before building the new
# one), odd pairs A first and even pairs B first (the first of a pair was seen to
# run slower here), each pair followed by the C reference (reference/curl_multi.c)
# on the same 8 connections. Prints each pair's rates, B/A and B/C, then their medians. Take the bench lock:
#   flock /tmp/booknow-bench.lock bench/delivery/ab.sh 8 /tmp/bench-delivery-old .build/release/bench-delivery
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -eq 3 ] || { echo "usage: bench/delivery/ab.sh PAIRS BIN_A BIN_B" >&2; exit 64; }
pairs=$1 bin_a=$2 bin_b=$3
scripts/setup --test   # nginx-light
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
gcc -O2 -o "$work/curl_multi" bench/delivery/reference/curl_multi.c -lcurl
source bench/delivery/sms-sink.sh
start_sms_sink "$work"

rate() {  # BIN
  "$1" sms --url http://127.0.0.1:8080/2010-04-01 --concurrency 8 --messages 40000 | sed -n 's/^throughput=\([0-9]*\).*/\1/p'
}
echo "machine: nproc=$(nproc), CPU $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1); load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
source bench/median.sh
ba=() bc=()
for i in $(seq "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then a=$(rate "$bin_a"); b=$(rate "$bin_b"); else b=$(rate "$bin_b"); a=$(rate "$bin_a"); fi
  c=$("$work/curl_multi" 40000 8 http://127.0.0.1:8080/2010-04-01/Accounts/AC0123456789/Messages.json | sed -n 's/.* = \([0-9]*\)\/s$/\1/p')
  ba+=("$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')")
  bc+=("$(awk -v c="$c" -v b="$b" 'BEGIN { printf "%.2f", b / c }')")
  echo "pair $i: A $a/s, B $b/s, B/A ${ba[-1]}; C $c/s, B/C ${bc[-1]}"
done
echo "median B/A $(printf '%s\n' "${ba[@]}" | median), median B/C $(printf '%s\n' "${bc[@]}" | median)"
