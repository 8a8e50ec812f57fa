#!/usr/bin/python3
"""Prepares the page benchmark's requests (bench/pages/run.sh), untimed.

Usage: prepare.py BASE LINK_KEY_FILE OUT COUNT DATABASE_URL
Writes OUT/{dayview,manage,booking}.requests (one JSON request per line, for
drive.py) and OUT/weights (a day view and a manage path). Manage tokens are
derived from the link key exactly as booknowd derives them (HMAC-SHA256 of
"booknow-manage-v1:<booking id>", base64url), and their SHA-256 is stored on
the bookings, so the links work. Booking forms are fetched for their token
and cookie, as a browser would before submitting.
"""
import base64
import concurrent.futures
import datetime
import hashlib
import hmac
import http.client
import json
import random
import re
import subprocess
import sys
import urllib.parse

base, key_file, out, count, database = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
key = open(key_file).read().rstrip("\n").encode()
target = urllib.parse.urlsplit(base)
random.seed(1)

businesses = [line.split() for line in open(f"{out}/businesses") if line.strip()]
today = datetime.date.today()
with open(f"{out}/dayview.requests", "w") as requests:
    for index in range(count):
        n, location, service = businesses[index % len(businesses)]
        day = today + datetime.timedelta(days=1 + random.randrange(7))
        path = f"/book/bench-{n}?service={service}&location={location}&provider=any&day={day.isoformat()}"
        requests.write(json.dumps({"method": "GET", "path": path, "kind": "dayview"}) + "\n")

tokens = []
updates = []
for booking in (line.strip() for line in open(f"{out}/bookings") if line.strip()):
    mac = hmac.new(key, f"booknow-manage-v1:{booking.lower()}".encode(), hashlib.sha256).digest()
    token = base64.urlsafe_b64encode(mac).decode().rstrip("=")
    tokens.append(token)
    updates.append(f"('{booking}'::uuid, '\\x{hashlib.sha256(token.encode()).hexdigest()}'::bytea)")
if updates:
    sql = "UPDATE bookings b SET manage_token_hash = v.h FROM (VALUES " + ",".join(updates) + ") v(id, h) WHERE b.id = v.id AND b.manage_token_hash <> v.h"
    subprocess.run(["psql", "-q", database], input=sql.encode(), check=True)
with open(f"{out}/manage.requests", "w") as requests:
    for index in range(count):
        requests.write(json.dumps({"method": "GET", "path": f"/manage/{tokens[index % len(tokens)]}", "kind": "manage"}) + "\n")

services = {n: (location, service) for n, location, service in businesses}


def form(line):
    n, provider, start = line.split()
    location, service = services[n]
    query = f"service={service}&location={location}&provider={provider}"
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    connection.request("GET", f"/book/bench-{n}?{query}&start={start}")
    response = connection.getresponse()
    page = response.read().decode()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    match = re.search(r'name="form_token" value="([^"]+)"', page)
    if not match:
        return None
    fields = {"form_token": match.group(1), "service": service, "location": location, "provider": provider, "start": start,
              "name": f"Page bench {n}", "email": f"page.{n}.{provider[:8]}@example.com", "consent_email": "yes", "locale": "en"}
    return {"method": "POST", "path": f"/book/bench-{n}", "body": urllib.parse.urlencode(fields), "cookie": cookie, "kind": "booking"}


slots = [line for line in open(f"{out}/slots") if line.strip()]
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    forms = [f for f in pool.map(form, slots) if f]
with open(f"{out}/booking.requests", "w") as requests:
    for item in forms:
        requests.write(json.dumps(item) + "\n")
with open(f"{out}/weights", "w") as weights:
    first = json.loads(open(f"{out}/dayview.requests").readline())["path"]
    weights.write(f"{first} /manage/{tokens[0]}\n")
print(f"prepared {count} day views, {count} manage pages over {len(tokens)} bookings, {len(forms)} booking forms", file=sys.stderr)
