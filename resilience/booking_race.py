#!/usr/bin/python3
"""booking_race.py KEY PORTS ROUNDS ATTEMPTS: double-booking race through the API.

Each round takes one future weekday at the demo salon's Downtown location and
fires ATTEMPTS booking requests at once (ATTEMPTS threads released together by
a barrier) for 8 overlapping starts (09:00–10:45 local, 30-minute service with
a 15-minute buffer) of Ava, Ben or "any", spread over the daemons' PORTS
(comma-separated); at the same moment a tenth as many reschedules move earlier
rounds' winners into this round's window. Every request has a 10 s timeout.
Prints one JSON object: attempts, statuses, successes."""
import datetime as dt, http.client, json, random, sys, threading, time
from concurrent.futures import ThreadPoolExecutor

key, ports, rounds, attempts = sys.argv[1], [int(p) for p in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4])
auth = {"Authorization": "Bearer " + key, "Content-Type": "application/json"}


def call(method, path, body=None, port=None):
    c = http.client.HTTPConnection("127.0.0.1", port or random.choice(ports), timeout=10)
    try:
        c.request(method, path, body=json.dumps(body) if body is not None else None, headers=auth)
        r = c.getresponse()
        return r.status, json.loads(r.read() or b"null")
    except (OSError, http.client.HTTPException, ValueError) as e:
        return "error:" + type(e).__name__, None
    finally:
        c.close()


_, locs = call("GET", "/v1/locations")
loc = next(l["id"] for l in locs["data"] if l["name"] == "Downtown")
_, svcs = call("GET", "/v1/services")
svc = next(s["id"] for s in svcs["data"] if s["name"] == "Haircut")
_, provs = call("GET", "/v1/providers?location=" + loc)
providers = [p["id"] for p in provs["data"] if p["name"] in ("Ava", "Ben")] + ["any"]

# Weekdays (Mon–Sat) from 3 days ahead; 09:00 New York is 14:00Z in winter, 13:00Z in summer.
days, d = [], dt.date.today() + dt.timedelta(days=3)
while len(days) < rounds:
    if d.isoweekday() <= 6:
        days.append(d)
    d += dt.timedelta(days=1)

stats = {"booking_attempts": 0, "booking_201": 0, "booking_409": 0, "reschedule_attempts": 0,
         "reschedule_200": 0, "reschedule_409": 0, "other": {}, "codes": {}, "seconds": 0.0}
winners = []  # manage tokens of successful bookings
lock = threading.Lock()


def starts_for(day):
    # The slots the API offers that morning (whatever the zone's offset is).
    _, av = call("GET", "/v1/availability?service=%s&location=%s&provider=any&from=%sT00:00:00Z&to=%sT23:59:00Z"
                 % (svc, loc, day, day))
    return [s["start"] for s in (av or {}).get("slots", [])][:8]


def book(i, start, barrier):
    barrier.wait(timeout=30)
    body = {"service": svc, "location": loc, "provider": random.choice(providers), "start": start,
            "customer": {"name": "Racer %d" % i, "email": "racer%d@race.test" % i, "locale": "en"}}
    status, answer = call("POST", "/v1/bookings", body)
    with lock:
        stats["booking_attempts"] += 1
        if status == 201:
            stats["booking_201"] += 1
            winners.append(answer["manage_token"])
        elif status == 409:
            stats["booking_409"] += 1
        else:
            stats["other"][str(status)] = stats["other"].get(str(status), 0) + 1


def reschedule(token, start, barrier):
    barrier.wait(timeout=30)
    status, answer = call("POST", "/v1/manage/%s/reschedule" % token, {"start": start})
    with lock:
        stats["reschedule_attempts"] += 1
        if status == 200:
            stats["reschedule_200"] += 1
        elif status == 409:
            stats["reschedule_409"] += 1
            code = "reschedule 409 " + str((answer or {}).get("code"))
            stats["codes"][code] = stats["codes"].get(code, 0) + 1
        else:
            stats["other"]["reschedule " + str(status)] = stats["other"].get("reschedule " + str(status), 0) + 1


began = time.monotonic()
for r, day in enumerate(days):
    starts = starts_for(day)
    if not starts:
        stats["other"]["no slots on " + str(day)] = 1
        continue
    movers = random.sample(winners, min(len(winners), attempts // 10))
    barrier = threading.Barrier(attempts + len(movers))
    with ThreadPoolExecutor(max_workers=attempts + len(movers)) as pool:
        for i in range(attempts):
            pool.submit(book, r * attempts + i, random.choice(starts), barrier)
        for token in movers:
            pool.submit(reschedule, token, random.choice(starts), barrier)
    print("round %d (%s): %d booked, %d moved so far" % (r + 1, day, stats["booking_201"], stats["reschedule_200"]),
          file=sys.stderr)
stats["seconds"] = round(time.monotonic() - began, 1)
print(json.dumps(stats))
