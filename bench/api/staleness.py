#!/usr/bin/env python3
"""Cross-daemon staleness of availability (bench/api/cache.sh; BENCHMARKS.md, "Availability cache").

For each sample: read the provider's day on the reader daemon (so its cache holds the day),
book one of its free starts on the writer daemon, then poll the reader until that start is
gone. Staleness is the time from the booking's 201 to the first reader answer without it.
Input lines (stdin): key location service provider start(UTC, ...Z) day_from day_to.
"""
import json, sys, time, urllib.request, urllib.error
from datetime import datetime

writer, reader = sys.argv[1], sys.argv[2]

def call(base, path, key, body=None):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}

def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))

staleness, polls, skipped = [], [], 0
for line in sys.stdin:
    key, location, service, provider, start, day_from, day_to = line.split()
    path = f"/v1/availability?service={service}&location={location}&provider={provider}&from={day_from}&to={day_to}"
    wanted = instant(start)
    status, before = call(reader, path, key)
    if status != 200 or wanted not in {instant(s["start"]) for s in before["slots"]}:
        skipped += 1
        continue
    status, _ = call(writer, "/v1/bookings", key, {"service": service, "location": location, "provider": provider, "start": start,
                                                   "customer": {"name": "Stale", "email": "stale@example.com"}})
    if status != 201:
        skipped += 1
        continue
    booked = time.monotonic()
    for n in range(1, 10_001):
        status, after = call(reader, path, key)
        if status == 200 and wanted not in {instant(s["start"]) for s in after["slots"]}:
            staleness.append((time.monotonic() - booked) * 1000)
            polls.append(n)
            break
    else:
        staleness.append(float("inf"))
        polls.append(0)

staleness.sort()
pct = lambda p: staleness[min(len(staleness) - 1, int(p / 100 * len(staleness)))] if staleness else float("nan")
first = sum(1 for n in polls if n == 1)
print(f"staleness     n={len(staleness)} p50={pct(50):.2f} ms  p99={pct(99):.2f} ms  max={staleness[-1] if staleness else float('nan'):.2f} ms"
      f"  fresh on the first poll: {first}/{len(polls)}  skipped: {skipped}")
