#!/usr/bin/python3
"""abuse.py PORT SLUG KEY SPOOLS OUT [ATTACKS SECONDS ADDRESSES CODES REAL_PER_MINUTE]: the abuse drill's load.

Open-loop, on a fixed schedule whatever the answers do (a thread per
request), against one booknowd that trusts 127.0.0.1 as its proxy: this
driver plays the proxy, so each request's X-Forwarded-For names the client.
  attackers: ATTACKS booking forms (default 2,000) over SECONDS (300) from
      ADDRESSES client addresses (50), each shown the form, then posted after
      the 3 s fill time with a random mobile number in one of CODES country
      codes (20) with SMS consent and a random email address; they never read
      their email;
  customers: REAL_PER_MINUTE (5) real customers a minute, each from an address
      of their own: the form, 4 s of typing, the post, and, when the booking is
      a hold, the link of the email the SMTP sink received (SPOOLS, colon-
      separated), its page, and its confirm form. A customer whose time was
      taken meanwhile tries the next free start.
Prints one JSON line: attack answers by status, customers booked / confirmed /
refused, the customers' page latency p50/p99 (every request of their journey),
and the drill's start (epoch) for the SQL figures."""
import base64, email, glob, http.client, json, os, random, re, sys, threading, time, urllib.parse, uuid
from concurrent.futures import ThreadPoolExecutor

port, slug, key, spools, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4].split(":"), sys.argv[5]
attacks = int(sys.argv[6]) if len(sys.argv) > 6 else 2000
seconds = float(sys.argv[7]) if len(sys.argv) > 7 else 300
addresses = int(sys.argv[8]) if len(sys.argv) > 8 else 50
codes = int(sys.argv[9]) if len(sys.argv) > 9 else 20
real_per_minute = float(sys.argv[10]) if len(sys.argv) > 10 else 5
FILL = 3.5
# The demo salon is in New York and London (+1, +44); SMS pumping favours the rest.
CODES = ["1", "44", "33", "49", "234", "880", "92", "62", "63", "255", "256", "260", "263", "371", "372", "373",
         "374", "375", "992", "996"][:codes]
ORIGIN = "http://127.0.0.1:%d" % port
lock = threading.Lock()
attack_status, customer_latency, customers = {}, [], {"started": 0, "booked": 0, "held": 0, "confirmed": 0, "refused": 0,
                                                       "failed": 0, "taken_retries": 0}


def request(method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def api(path):
    status, _, text = request("GET", path, headers={"Authorization": "Bearer " + key})
    assert status == 200, (path, status, text)
    return json.loads(text)


location = next(l["id"] for l in api("/v1/locations")["data"] if l["name"] == "Downtown")
service = next(s["id"] for s in api("/v1/services")["data"] if s["name"] == "Haircut")
now = time.time()
starts = []
for week in range(1, 9):
    frm = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now + week * 7 * 86400))
    to = time.strftime("%Y-%m-%dT00:00:00Z", time.gmtime(now + (week + 1) * 7 * 86400))
    query = urllib.parse.urlencode({"service": service, "location": location, "provider": "any", "from": frm, "to": to})
    starts += [slot["start"] for slot in api("/v1/availability?" + query)["slots"]]
assert starts, "no free starts to book"


def show_form(start, client):
    query = urllib.parse.urlencode({"service": service, "location": location, "provider": "any", "start": start})
    status, headers, text = request("GET", "/book/%s?%s" % (slug, query), headers={"X-Forwarded-For": client})
    token = re.search(r'name="form_token" value="([^"]+)"', text)
    cookie = (headers.get("set-cookie") or "").split(";")[0]
    return (token.group(1), cookie) if status == 200 and token else (None, None)


def post_form(start, token, cookie, client, email_address, phone):
    fields = {"form_token": token, "service": service, "location": location, "provider": "any", "start": start,
              "name": "Pat Doe", "email": email_address, "phone": phone, "consent_email": "yes", "consent_sms": "yes",
              "locale": "en", "website": ""}
    return request("POST", "/book/" + slug, urllib.parse.urlencode(fields), {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Origin": ORIGIN, "X-Forwarded-For": client})


def attack(n):
    client = "198.18.%d.%d" % (n % addresses // 250, n % addresses % 250 + 1)
    code = random.choice(CODES)
    phone = "+" + code + "".join(random.choice("0123456789") for _ in range(12 - len(code)))
    start = random.choice(starts)
    try:
        token, cookie = show_form(start, client)
        if not token:
            outcome = "form_refused"
        else:
            time.sleep(FILL)
            status, headers, _ = post_form(start, token, cookie, client, "u%s@pump%d.test" % (uuid.uuid4().hex[:10], n % 7), phone)
            location_header = headers.get("location", "")
            outcome = "%d%s" % (status, "-held" if "done=held" in location_header else "-booked" if "done=booked" in location_header else "")
    except Exception as error:  # noqa: BLE001 - counted, the schedule goes on
        outcome = type(error).__name__
    with lock:
        attack_status[outcome] = attack_status.get(outcome, 0) + 1


def timed(method, path, body=None, headers=None):
    began = time.monotonic()
    answer = request(method, path, body, headers)
    with lock:
        customer_latency.append((time.monotonic() - began) * 1000)
    return answer


def mail_link(address, deadline):
    """The manage link of the hold email the sink received for `address`."""
    while time.time() < deadline:
        for spool in spools:
            for path in glob.glob(os.path.join(spool, "*.json")):
                try:
                    record = json.load(open(path))
                except (OSError, ValueError):
                    continue
                if address not in record.get("rcpt_tos", []):
                    continue
                message = email.message_from_bytes(base64.b64decode(record["data"]))
                for part in message.walk():
                    if part.get_content_type() == "text/plain":
                        found = re.search(r"https?://[^\s]+/manage/([A-Za-z0-9_-]+)", part.get_payload(decode=True).decode("utf-8", "replace"))
                        if found:
                            return found.group(1)
        time.sleep(0.5)  # polling the sink's spool, not waiting a guessed time
    return None


def customer(n):
    client = "203.0.113.%d" % (n % 250 + 1)
    address = "real-%d-%s@customers.test" % (n, uuid.uuid4().hex[:6])
    with lock:
        customers["started"] += 1
    try:
        for attempt in range(5):
            start = random.choice(starts)
            query = urllib.parse.urlencode({"service": service, "location": location, "provider": "any", "start": start})
            status, headers, text = timed("GET", "/book/%s?%s" % (slug, query), headers={"X-Forwarded-For": client})
            token = re.search(r'name="form_token" value="([^"]+)"', text)
            cookie = (headers.get("set-cookie") or "").split(";")[0]
            time.sleep(4)
            fields = {"form_token": token.group(1), "service": service, "location": location, "provider": "any", "start": start,
                      "name": "Real Customer", "email": address, "phone": "+1212555%04d" % (n % 10000), "consent_email": "yes",
                      "consent_sms": "yes", "locale": "en", "website": ""}
            status, headers, _ = timed("POST", "/book/" + slug, urllib.parse.urlencode(fields), {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, "Origin": ORIGIN, "X-Forwarded-For": client})
            if status == 409:
                with lock:
                    customers["taken_retries"] += 1
                continue
            break
        if status == 429:
            with lock:
                customers["refused"] += 1
            return
        where = headers.get("location", "")
        if "done=booked" in where:
            with lock:
                customers["booked"] += 1
                customers["confirmed"] += 1
            return
        if "done=held" not in where:
            with lock:
                customers["failed"] += 1
            return
        with lock:
            customers["held"] += 1
        token = mail_link(address, time.time() + 120)
        if not token:
            with lock:
                customers["failed"] += 1
            return
        status, _, page = timed("GET", "/manage/" + token, headers={"X-Forwarded-For": client})
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        status, headers, _ = timed("POST", "/manage/%s/confirm" % token, urllib.parse.urlencode({"csrf": csrf.group(1)}), {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": ORIGIN, "X-Forwarded-For": client})
        with lock:
            customers["confirmed" if status == 303 and "done=confirmed" in headers.get("location", "") else "failed"] += 1
    except Exception:  # noqa: BLE001 - counted
        with lock:
            customers["failed"] += 1


began = time.time()
schedule = [(i * seconds / attacks, attack, i) for i in range(attacks)]
reals = int(seconds / 60 * real_per_minute)
schedule += [(i * 60 / real_per_minute + 1, customer, i) for i in range(reals)]
schedule.sort(key=lambda item: item[0])
with ThreadPoolExecutor(max_workers=400) as pool:
    for offset, work, n in schedule:
        delay = began + offset - time.time()
        if delay > 0:
            time.sleep(delay)
        pool.submit(work, n)
latency = sorted(customer_latency)
percentile = lambda p: round(latency[min(len(latency) - 1, int(p * len(latency)))], 1) if latency else None
summary = {"began": int(began), "attacks": attacks, "attack_answers": attack_status, "customers": customers,
           "customer_p50_ms": percentile(0.50), "customer_p99_ms": percentile(0.99), "customer_requests": len(latency)}
json.dump(summary, open(out, "w"))
print(json.dumps(summary))
