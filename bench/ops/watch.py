#!/usr/bin/python3
"""One operator with the overview open: signs in, then loads GET /ops once a
second until killed (the page's own script refreshes every 5 s; ten of these
are ten people refreshing by hand). Usage: watch.py BASE_URL NAME PASSWORD"""
import sys
import time

from console_client import Console

console = Console(sys.argv[1])
console.sign_in(sys.argv[2], sys.argv[3])
next_at = time.monotonic()
while True:
    status, _, _ = console.call("GET", "/ops")
    assert status == 200, status
    next_at += 1
    time.sleep(max(0, next_at - time.monotonic()))
