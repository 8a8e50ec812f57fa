#!/usr/bin/python3
"""sms_429.py PORT LOGFILE PREFIX WINDOW RETRY_AFTER: a Twilio-style SMS endpoint
on 127.0.0.1 for resilience/run's sms429 scenario (stdlib only).

POST .../Messages.json (form): a To number starting with PREFIX gets
429 with Retry-After: RETRY_AFTER until WINDOW seconds after the first such
request, then 201 {"sid": …}; any other number gets 201 at once.
PORT 0 picks a free port; the bound port is printed on stdout's first line.
Every answer appends "epoch_seconds<TAB>status<TAB>To" to LOGFILE."""
import itertools
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTER = itertools.count(1)
LOCK = threading.Lock()
FIRST = [None]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        to = urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("To", [""])[0]
        now = time.time()
        status, headers = 201, []
        if to.startswith(self.server.prefix):
            with LOCK:
                if FIRST[0] is None:
                    FIRST[0] = now
            if now < FIRST[0] + self.server.window:
                status, headers = 429, [("Retry-After", str(self.server.retry_after))]
        n = next(COUNTER)
        obj = {"sid": "SM%032d" % n, "status": "queued", "to": to} if status == 201 else \
              {"code": 20429, "message": "Too Many Requests", "status": 429}
        out = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(out)
        with LOCK, open(self.server.logfile, "a") as f:
            f.write("%.3f\t%d\t%s\n" % (now, status, to))


def main():
    port, logfile, prefix, window, retry_after = sys.argv[1:6]
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.daemon_threads = True
    server.logfile, server.prefix = logfile, prefix
    server.window, server.retry_after = float(window), int(retry_after)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
