#!/usr/bin/python3
"""Fixed-rate booking driver of the confirmation-latency benchmark (run.sh).

Usage: drive_bookings.py API KEY BUSINESS PROVIDERS_FILE BASE_ISO RATE COUNT OUT [--tag T]

Booking i is due to be sent at t0 + i / RATE (an open loop: a slow answer does
not delay the next request) by one of 32 threads, each holding one keep-alive
connection. It books provider i mod P at BASE + (i div P) × 30 min for customer
"<tag>-<i>@bench.invalid" (email and SMS consent). Writes one line per booking
to OUT: "<unix seconds the POST was sent>\t<email>\t<HTTP status, and code if refused>\t<seconds to answer>".
Bounded: COUNT requests, each with a 30 s timeout.
"""
import datetime
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

THREADS = 32


def main():
    api, key, business, providers_file, base_iso, rate, count, out = sys.argv[1:9]
    tag = sys.argv[10] if len(sys.argv) > 10 and sys.argv[9] == "--tag" else "rate"
    rate, count = float(rate), int(count)
    providers = [line.strip() for line in open(providers_file) if line.strip()]
    base = datetime.datetime.fromisoformat(base_iso.replace("Z", "+00:00"))
    target = urllib.parse.urlsplit(api)
    work = queue.Queue()
    results = []
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while True:
            item = work.get()
            if item is None:
                return
            index, due = item
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            email = "%s-%d@bench.invalid" % (tag, index)
            start = base + datetime.timedelta(minutes=30 * (index // len(providers)))
            body = json.dumps({
                "service": business, "location": business, "provider": providers[index % len(providers)],
                "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "customer": {"name": "Rate %d" % index, "email": email, "phone": "+1666%07d" % index,
                             "locale": "en", "consent_email": True, "consent_sms": True}})
            sent = time.time()
            try:
                connection.request("POST", "/v1/bookings", body=body, headers={
                    "Authorization": "Bearer " + key, "Content-Type": "application/json"})
                response = connection.getresponse()
                answer = response.read()
                status = str(response.status)
                if response.status >= 400:  # a refusal names its problem code
                    try:
                        status += " " + json.loads(answer).get("code", "?")
                    except ValueError:
                        pass
            except Exception as error:  # a failed request is recorded, not retried
                status = "error:" + type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            with lock:
                results.append("%.6f\t%s\t%s\t%.6f\n" % (sent, email, status, time.time() - sent))

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    t0 = time.time() + 0.5
    for index in range(count):
        work.put((index, t0 + index / rate))
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join()
    with open(out, "w") as f:
        f.writelines(results)
    elapsed = max(float(r.split("\t")[0]) for r in results) - t0
    print("sent %d bookings in %.2f s (%.1f/s)" % (count, elapsed, count / max(elapsed, 1e-9)))


if __name__ == "__main__":
    main()
