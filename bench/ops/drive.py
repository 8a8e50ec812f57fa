#!/usr/bin/python3
"""The operator console benchmark's driver: signs in, then times requests one
after another (a person clicking, not a load test) and prints p50/p99 per
page. Usage: drive.py BASE_URL NAME PASSWORD ROUNDS"""
import re
import sys
import time

from console_client import Console

base, name, password, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
console = Console(base)
csrf = console.sign_in(name, password)


def timed(method, path, form=None):
    started = time.perf_counter()
    status, _, body = console.call(method, path, form)
    elapsed = time.perf_counter() - started
    assert status == 200, (status, path, body[:300])
    return elapsed, body


def report(label, samples):
    samples = sorted(samples)
    p = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))] * 1000
    print("%-34s n=%-4d p50=%7.1f ms  p99=%7.1f ms  max=%7.1f ms" % (label, len(samples), p(0.5), p(0.99), samples[-1] * 1000))


dead = timed("GET", "/ops/dead?queue=sms")[1]
first_dead = re.search(r'href="/ops/jobs/(\d+)"', dead).group(1)
job_page = timed("GET", "/ops/jobs/" + first_dead)[1]
booking = re.search(r'/ops/jobs\?booking=([0-9a-f-]{36})', job_page).group(1)
business = re.search(r"<dt>Business</dt><dd>([0-9a-f-]{36})</dd>", job_page).group(1)

filters = [
    "/ops/jobs", "/ops/jobs?queue=email", "/ops/jobs?queue=sms&kind=send_message", "/ops/jobs?state=dead",
    "/ops/jobs?state=dead&queue=sms", "/ops/jobs?state=retryable", "/ops/jobs?business=" + business,
    "/ops/jobs?booking=" + booking, "/ops/jobs?from=2020-01-01T00:00:00Z&until=2100-01-01T00:00:00Z&queue=email",
    "/ops/dead?queue=email", "/ops/dead?business=" + business, "/ops/dead?queue=sms&kind=send_message",
]
overview, jobs, dry = [], [], []
for _ in range(rounds):
    overview.append(timed("GET", "/ops")[0])
    for path in filters:
        jobs.append(timed("GET", path)[0])
for _ in range(5):
    elapsed, body = timed("POST", "/ops/dead/dry-run", {"csrf": csrf, "scope": "all", "queue": "email"})
    assert re.search(r"10000 jobs would be replayed|would be refused", body), body[:500]
    dry.append(elapsed)
refused = re.search(r'id="would-replay">([^<]*)<', body).group(1)
report("overview (GET /ops)", overview)
report("filtered jobs and dead-letter pages", jobs)
report("bulk dry run, 10,000 dead letters", dry)
print("last dry run said: " + refused)
