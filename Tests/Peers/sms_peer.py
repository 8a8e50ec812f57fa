#!/usr/bin/python3
"""SMS provider test peer for DeliveryTests (stdlib only).

Usage: python3 sms_peer.py PORT LOGDIR [--auth SID:TOKEN]
PORT 0 picks a free port; the bound port is printed on stdout's first line.
Answers POST .../Accounts/{sid}/Messages.json (form) and POST /webhook (JSON)
by the last five digits of the To number:
  21211 21610 21614 21602  400 with that provider code
  00429                    429 with Retry-After: 7
  00500                    500
  00401                    401 (code 20003)
  00555                    answers after 5 s
  00666                    closes the connection without answering
  anything else            201 with {"sid": "SM<n>"}
With --auth, a Messages.json request without the right basic credentials gets 401.
Every request is logged to LOGDIR/<n>.json (method, path, headers, body).
Connections are counted in LOGDIR/connections.log.
"""
import base64
import itertools
import json
import os
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTER = itertools.count(1)
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real providers do

    def setup(self):
        super().setup()
        with LOCK, open(os.path.join(self.server.logdir, "connections.log"), "a") as f:
            f.write("connection\n")

    def log_message(self, *args):
        pass

    def answer(self, status, obj, headers=()):
        body = json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        n = next(COUNTER)
        record = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()),
                  "body": body.decode("utf-8", "replace")}
        with open(os.path.join(self.server.logdir, "%06d.json" % n), "w") as f:
            json.dump(record, f)
        webhook = self.path.endswith("/webhook")
        if webhook:
            to = json.loads(body or b"{}").get("to", "")
        else:
            to = urllib.parse.parse_qs(body.decode()).get("To", [""])[0]
        # The webhook is signed, not authenticated: the test checks its signature headers.
        if self.server.auth and not webhook and self.headers.get("Authorization") != self.server.auth:
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        tail = to[-5:]
        if tail in ("21211", "21610", "21614", "21602"):
            return self.answer(400, {"code": int(tail), "message": "provider error %s" % tail, "status": 400})
        if tail == "00429":
            return self.answer(429, {"code": 20429, "message": "Too Many Requests"}, [("Retry-After", "7")])
        if tail == "00500":
            return self.answer(500, {"message": "internal error"})
        if tail == "00401":
            return self.answer(401, {"code": 20003, "message": "Authenticate", "status": 401})
        if tail == "00555":
            time.sleep(5)
        if tail == "00666":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.answer(201, {"sid": "SM%032d" % n, "status": "queued", "to": to})

    # PUT answers as POST does: the HTTP client's tests alternate methods on one connection.
    do_PUT = do_POST


def main():
    port, logdir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(logdir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.logdir = logdir
    server.auth = None
    if len(sys.argv) > 4 and sys.argv[3] == "--auth":
        server.auth = "Basic " + base64.b64encode(sys.argv[4].encode()).decode()
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
