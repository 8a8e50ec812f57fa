#!/usr/bin/python3
"""Open-loop driver for the page benchmark (bench/pages/run.sh).

Usage: drive.py BASE RATE REQUESTS_FILE OUT_CSV
REQUESTS_FILE holds one request per line as JSON: {"method", "path", "body"?,
"cookie"?}. Requests start at RATE per second whatever the answers (an open
loop: a slow answer does not slow the next start), each on a keep-alive
connection of a pool; the latency is measured from the scheduled start, so
queueing behind slow answers counts. Writes method,path-kind,status,ms rows.
"""
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

base, rate, requests_file, out_csv = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
target = urllib.parse.urlsplit(base)
requests = [json.loads(line) for line in open(requests_file) if line.strip()]
work = queue.Queue()
results = []
lock = threading.Lock()


def worker():
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    while True:
        item = work.get()
        if item is None:
            return
        scheduled, request = item
        headers = {"Origin": base, "Sec-Fetch-Site": "same-origin"}
        body = request.get("body")
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if request.get("cookie"):
            headers["Cookie"] = request["cookie"]
        try:
            connection.request(request["method"], request["path"], body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except Exception:
            connection.close()
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
            status = 0
        elapsed = (time.monotonic() - scheduled) * 1000
        with lock:
            results.append((request["method"], request.get("kind", ""), status, elapsed))


threads = [threading.Thread(target=worker, daemon=True) for _ in range(64)]
for thread in threads:
    thread.start()
start = time.monotonic()
for index, request in enumerate(requests):
    scheduled = start + index / rate
    delay = scheduled - time.monotonic()
    if delay > 0:
        time.sleep(delay)
    work.put((scheduled, request))
for _ in threads:
    work.put(None)
for thread in threads:
    thread.join()
achieved = len(requests) / (time.monotonic() - start)
with open(out_csv, "w") as out:
    out.write("method,kind,status,ms\n")
    for method, kind, status, ms in results:
        out.write(f"{method},{kind},{status},{ms:.3f}\n")
print(f"{len(results)} requests, {achieved:.1f}/s achieved", file=sys.stderr)
