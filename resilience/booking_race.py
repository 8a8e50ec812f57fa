#!/usr/bin/python3
"""booking_race.py KEY PORTS ROUNDS ATTEMPTS SPOOLS OFFERS: double-booking race through the API.

Each round takes one future weekday at the demo salon's Downtown location and
fires ATTEMPTS booking requests at once (threads released together by a
barrier) for 8 overlapping starts (09:00–10:45 local, 30-minute service with
a 15-minute buffer) of Ava, Ben or "any", spread over the daemons' PORTS
(comma-separated); at the same moment a tenth as many reschedules move earlier
rounds' winners into this round's window, and the round's waitlist offers
(OFFERS, at most 4, held in the same window: see race_offers.py, which reads
their tokens from the SMTP sink's SPOOLS, colon-separated) are each accepted
twice at once, on two daemons. Every request has a 10 s timeout.
Prints one JSON object: attempts, statuses, successes."""
import datetime as dt, http.client, json, random, sys, threading, time
from race_offers import MAX_OFFERS, Spool, make_offers
from concurrent.futures import ThreadPoolExecutor

key, ports, rounds, attempts = sys.argv[1], [int(p) for p in sys.argv[2].split(",")], int(sys.argv[3]), int(sys.argv[4])
spool, offers = Spool(sys.argv[5].split(":")), min(int(sys.argv[6]), MAX_OFFERS)
OFFER_WAIT = 30  # seconds for a round's offer e-mails to reach the sink (they take well under one)
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
named = {p["name"]: p["id"] for p in provs["data"]}
providers = [named["Ava"], named["Ben"], "any"]
ids = {"service": svc, "location": loc, "ava": named["Ava"], "ben": named["Ben"]}

# Weekdays (Mon–Sat) from 3 days ahead; 09:00 New York is 14:00Z in winter, 13:00Z in summer.
days, d = [], dt.date.today() + dt.timedelta(days=3)
while len(days) < rounds:
    if d.isoweekday() <= 6:
        days.append(d)
    d += dt.timedelta(days=1)

stats = {"booking_attempts": 0, "booking_201": 0, "booking_409": 0, "reschedule_attempts": 0,
         "reschedule_200": 0, "reschedule_409": 0, "offers_sought": 0, "offers_obtained": 0, "accept_attempts": 0,
         "accept_201": 0, "accept_409": 0, "accepted_once": 0, "other": {}, "codes": {}, "seconds": 0.0}
accepted = {}  # offer token → 201 answers it got
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


def accept(token, barrier, port):
    barrier.wait(timeout=30)
    status, answer = call("POST", "/v1/offers/%s/accept" % token, port=port)
    with lock:
        stats["accept_attempts"] += 1
        if status == 201:
            stats["accept_201"] += 1
            accepted[token] = accepted.get(token, 0) + 1
            winners.append(answer["manage_token"])
        elif status == 409:
            stats["accept_409"] += 1
            code = "accept 409 " + str((answer or {}).get("code"))
            stats["codes"][code] = stats["codes"].get(code, 0) + 1
        else:
            stats["other"]["accept " + str(status)] = stats["other"].get("accept " + str(status), 0) + 1


began = time.monotonic()
for r, day in enumerate(days):
    starts = starts_for(day)
    if not starts:
        stats["other"]["no slots on " + str(day)] = 1
        continue
    tokens = make_offers(call, ids, spool, r, starts, offers, OFFER_WAIT, stats["other"])
    stats["offers_sought"] += offers
    stats["offers_obtained"] += len(tokens)
    movers = random.sample(winners, min(len(winners), attempts // 10))
    # Two accepts of each offer, released with everything else.
    threads = attempts + len(movers) + 2 * len(tokens)
    barrier = threading.Barrier(threads)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for i in range(attempts):
            pool.submit(book, r * attempts + i, random.choice(starts), barrier)
        for token in movers:
            pool.submit(reschedule, token, random.choice(starts), barrier)
        for k, token in enumerate(tokens):
            for copy in range(2):
                pool.submit(accept, token, barrier, ports[(k + copy) % len(ports)])
    print("round %d (%s): %d booked, %d moved, %d offers accepted so far"
          % (r + 1, day, stats["booking_201"], stats["reschedule_200"], stats["accept_201"]), file=sys.stderr)
stats["accepted_once"] = sum(1 for n in accepted.values() if n == 1)
stats["seconds"] = round(time.monotonic() - began, 1)
print(json.dumps(stats))
