#!/usr/bin/python3
"""mixed_load.py KEYS PORTS RATE SECONDS OUT: an open-loop mixed API load.

KEYS are ADMIN/PUBLIC key pairs (comma-separated) of empty businesses. Each
business is first given a catalog through the admin API with its admin key
(two locations in different zones, two providers at each, three services,
Monday–Saturday 9:00–17:00 with lunch), and a few untimed availability reads
fill its pool of offered slots. The load itself uses the public keys, as
booking pages do. Requests start on a fixed schedule, RATE a second for
SECONDS, whatever the answers do: a pool of RATE × 10 threads, so even every
request timing out (10 s) never delays the schedule, and latency is measured
from the scheduled start (a stall shows in the figures instead of thinning
the load). Requests go to the daemons' PORTS in turn and, independently, to
the businesses in turn: the per-key rate limit applies per business, as with
the target's 10,000 businesses. The mix:
  80% GET /v1/availability: one local day or a week, 3–60 days ahead, any
      location and service, a provider or `any`;
  15% POST /v1/bookings at a start some availability answer offered
      (201, or 409 when someone took it first);
   5% POST /v1/manage/{token}/cancel of a booking made earlier in the run
      (an availability read instead while none exists yet, counted).
Writes OUT.started (the schedule's epoch start) when the load begins, one line
per request to OUT (scheduled offset s, send lag ms, latency ms, route, status,
problem code, answered ms: the latency up to the answer's last byte, before
this client parses its JSON and files its slots, work that is this client's
own, not the daemon's), each acknowledged booking and cancellation to OUT.acked
("booked" or "cancelled", booking id, answer epoch, manage token, public key:
the drills check what the database kept) and prints a JSON summary."""
import datetime as dt, http.client, json, random, sys, threading, time, uuid, zoneinfo
from concurrent.futures import ThreadPoolExecutor

keys = sys.argv[1].split(",")
ports = [int(p) for p in sys.argv[2].split(",")]
rate, seconds, out = float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
TIMEOUT = 10
ZONES = ["America/New_York", "Europe/London", "Asia/Tokyo", "America/Los_Angeles", "Europe/Berlin",
         "Australia/Sydney", "America/Sao_Paulo", "Asia/Kolkata"]
SERVICES = [("Haircut", 30, 15, 15), ("Color", 90, 15, 15), ("Beard trim", 20, 0, 10)]


def call(key, method, path, body=None, port=None, idempotent=False, answered=None):
    """(status or error name, parsed body or None); never raises. `answered`, a one-item list, gets the
    time the answer's last byte was read (or the error seen), before its JSON is parsed here."""
    headers = {"Authorization": "Bearer " + key}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if idempotent:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    c = http.client.HTTPConnection("127.0.0.1", port or random.choice(ports), timeout=TIMEOUT)
    try:
        c.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        r = c.getresponse()
        raw = r.read()
        if answered is not None:
            answered[0] = time.time()
        try:
            return r.status, json.loads(raw or b"null")
        except ValueError:
            return r.status, None
    except TimeoutError:
        return "timeout", None
    except (OSError, http.client.HTTPException) as e:
        return "error:" + type(e).__name__, None
    finally:
        if answered is not None and answered[0] is None:
            answered[0] = time.time()
        c.close()


def must(key, method, path, body):
    status, answer = call(key, method, path, body)
    if status not in (200, 201):
        sys.exit("mixed_load.py: setup %s %s answered %s: %s" % (method, path, status, answer))
    return answer


class Business:
    """One tenant: its key, catalog, offered slots and manage tokens."""

    def __init__(self, n, keys):
        key, self.key = keys.split("/")
        self.lock, self.slots, self.tokens = threading.Lock(), [], []
        services = [must(key, "POST", "/v1/admin/services",
                         {"name": name, "duration_minutes": d, "buffer_after_minutes": b, "slot_step_minutes": s})["id"]
                    for name, d, b, s in SERVICES]
        self.locations = []  # (id, zone, [provider ids], [service ids offered there])
        for i in range(2):
            zone = ZONES[(2 * n + i) % len(ZONES)]
            loc = must(key, "POST", "/v1/admin/locations", {"name": "Load %d-%d" % (n, i), "time_zone": zone})["id"]
            providers = []
            for p in range(2):
                prov = must(key, "POST", "/v1/admin/providers", {"location_id": loc, "name": "Provider %d-%d-%d" % (n, i, p)})["id"]
                # The second provider does not offer Color: `any` and one provider give different answers.
                for svc in services if p == 0 else services[:1] + services[2:]:
                    must(key, "PUT", "/v1/admin/providers/%s/services/%s" % (prov, svc), None)
                for day in range(1, 7):
                    must(key, "POST", "/v1/admin/rules", {"provider_id": prov, "weekday": day, "start_time": "09:00", "end_time": "17:00"})
                must(key, "POST", "/v1/admin/time-off", {"provider_id": prov, "kind": "lunch", "weekdays": [1, 2, 3, 4, 5, 6],
                                                         "start_time": "12:00", "end_time": "13:00", "note": "lunch"})
                providers.append(prov)
            self.locations.append((loc, zone, providers, services))

    def availability_path(self):
        loc, zone, providers, services = random.choice(self.locations)
        svc = random.choice(services)
        provider = random.choice(providers + ["any", "any"])
        if provider == providers[1] and svc == services[1]:
            provider = "any"  # the second provider does not offer Color
        ahead = 3 + min(57, int(random.expovariate(1 / 10)))
        day = dt.date.today() + dt.timedelta(days=ahead)
        start = dt.datetime.combine(day, dt.time(), zoneinfo.ZoneInfo(zone))
        end = start + dt.timedelta(days=1 if random.random() < 0.7 else 7)
        iso = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return ("/v1/availability?service=%s&location=%s&provider=%s&from=%s&to=%s" % (svc, loc, provider, iso(start), iso(end)),
                (loc, svc, provider))

    def offer(self, query, answer):
        """Keeps a few of the slots an availability answer offered (at most 500 per business)."""
        loc, svc, provider = query
        found = (answer or {}).get("slots") or []
        with self.lock:
            for s in random.sample(found, min(5, len(found))):
                chosen = random.choice(s["provider_ids"]) if provider == "any" and random.random() < 0.5 else provider
                self.slots.append((loc, svc, chosen, s["start"]))
            if len(self.slots) > 500:
                del self.slots[:len(self.slots) - 500]

    def take(self, pool):
        with self.lock:
            if not pool:
                return None
            i = random.randrange(len(pool))
            pool[i], pool[-1] = pool[-1], pool[i]
            return pool.pop()


businesses = [Business(n, k) for n, k in enumerate(keys)]
for b in businesses:
    for _ in range(20):
        path, query = b.availability_path()
        status, answer = call(b.key, "GET", path)
        if status == 200:
            b.offer(query, answer)

rows, rows_lock = [], threading.Lock()
acked = []  # "booked|cancelled<TAB>booking id<TAB>answer epoch": what clients were told (list.append is atomic)
substituted = [0]


def request(i, scheduled, began):
    """Request i: a row in any case, so no request can vanish from the figures."""
    try:
        attempt(i, scheduled, began)
    except Exception as e:  # a bug here, not an answer: counted as an error
        with rows_lock:
            rows.append((scheduled - began, 0.0, (time.time() - scheduled) * 1000, "availability", "client:" + type(e).__name__, "-"))


def attempt(i, scheduled, began):
    b, port = businesses[(i // len(ports)) % len(businesses)], ports[i % len(ports)]
    pick = random.random()
    route = "availability" if pick < 0.80 else "booking" if pick < 0.95 else "cancel"
    sent = time.time()
    answered = [None]
    code = "-"
    slot = b.take(b.slots) if route == "booking" else None
    token = b.take(b.tokens) if route == "cancel" else None
    if route == "booking" and slot is None or route == "cancel" and token is None:
        route = "availability"
        with rows_lock:
            substituted[0] += 1
    if route == "availability":
        path, query = b.availability_path()
        status, answer = call(b.key, "GET", path, port=port, answered=answered)
        if status == 200:
            b.offer(query, answer)
    elif route == "booking":
        loc, svc, provider, start = slot
        n = uuid.uuid4().hex[:12]
        status, answer = call(b.key, "POST", "/v1/bookings",
                              {"service": svc, "location": loc, "provider": provider, "start": start,
                               "customer": {"name": "Load %s" % n, "email": "load-%s@load.test" % n, "consent_email": True}},
                              port=port, idempotent=True, answered=answered)
        if status == 201 and answer and answer.get("manage_token"):
            with b.lock:
                b.tokens.append((answer["manage_token"], answer.get("id", "-")))
            acked.append("booked\t%s\t%.3f\t%s\t%s\n" % (answer.get("id", "-"), time.time(), answer["manage_token"], b.key))
    else:
        status, answer = call(b.key, "POST", "/v1/manage/%s/cancel" % token[0], {"reason": "load test"}, port=port, idempotent=True,
                              answered=answered)
        if status == 200:
            acked.append("cancelled\t%s\t%.3f\t%s\t%s\n" % (token[1], time.time(), token[0], b.key))
    done = time.time()
    if isinstance(status, int) and status >= 400 and isinstance(answer, dict):
        code = str(answer.get("code", "-"))
    with rows_lock:
        rows.append((scheduled - began, (sent - scheduled) * 1000, (done - scheduled) * 1000, route, str(status), code,
                     ((answered[0] or done) - scheduled) * 1000))


total = int(rate * seconds)
began = time.time() + 1
with open(out + ".started", "w") as f:
    f.write("%.3f\n" % began)
with ThreadPoolExecutor(max_workers=int(rate * TIMEOUT)) as pool:
    for i in range(total):
        scheduled = began + i / rate
        pause = scheduled - time.time()
        if pause > 0:
            time.sleep(pause)
        pool.submit(request, i, scheduled, began)
finished = time.time()

with open(out, "w") as f:
    f.write("".join("%.3f\t%.1f\t%.1f\t%s\t%s\t%s\t%.1f\n" % r for r in rows))
with open(out + ".acked", "w") as f:
    f.write("".join(acked))


def rank(values, q):
    return round(values[min(len(values) - 1, int(q * len(values)))], 1) if values else 0


def is_error(route, status):
    if not status.isdigit():
        return True  # timeouts, connection errors and the generator's own failures
    s = int(status)
    return not (s == 200 and route in ("availability", "cancel") or s == 201 and route == "booking"
                or s == 409 and route in ("booking", "cancel"))


summary = {"target_rate": rate, "seconds": seconds, "businesses": len(businesses), "scheduled": total, "issued": len(rows),
           "span_s": round(finished - began, 1), "substituted": substituted[0], "routes": {}, "errors": {}}
for route in ("availability", "booking", "cancel"):
    mine = [r for r in rows if r[3] == route]
    latency = sorted(r[2] for r in mine)
    statuses = {}
    for r in mine:
        statuses[r[4]] = statuses.get(r[4], 0) + 1
    summary["routes"][route] = {"requests": len(mine), "p50_ms": rank(latency, 0.50), "p99_ms": rank(latency, 0.99),
                                "max_ms": rank(latency, 1.0), "statuses": statuses,
                                "errors": sum(1 for r in mine if is_error(route, r[4]))}
kinds = {"server_errors": lambda r: r[4].startswith("5"), "timeouts": lambda r: r[4] == "timeout",
         "connection_errors": lambda r: r[4].startswith("error:"), "client_errors": lambda r: r[4].startswith("client:"),
         "rate_limited": lambda r: r[4] == "429"}
for name, test in kinds.items():
    summary[name] = sum(1 for r in rows if test(r))
summary["unexpected_4xx"] = sum(1 for r in rows if r[4].startswith("4") and is_error(r[3], r[4]))
for r in rows:
    if is_error(r[3], r[4]):
        kind = "%s %s %s" % (r[3], r[4], r[5])
        summary["errors"][kind] = summary["errors"].get(kind, 0) + 1
summary["answered_rate"] = round(sum(1 for r in rows if not is_error(r[3], r[4])) / seconds, 1)
lags = sorted(r[1] for r in rows)
summary["send_lag_p99_ms"], summary["send_lag_max_ms"] = rank(lags, 0.99), rank(lags, 1.0)
print(json.dumps(summary))
