#!/usr/bin/python3
"""SMTP sink of the notification benchmark (BENCHMARKS.md, "Notifications").

Usage: /usr/bin/python3 smtp_sink.py LOG [--port 0] [--delay-ms 50] [--processes 2] [--max-seconds 1800]

aiosmtpd on 127.0.0.1: every message waits --delay-ms (asyncio.sleep, so the
connections wait side by side, as at a provider) before its 250, then one line
per recipient is appended to LOG.<process>: "<unix seconds when 250 was
sent>\t<rcpt>\t<Message-ID>". --processes event loops (forked) accept from one
listening socket, so the sink is not limited to one core of Python.
Prints the bound port on stdout's first line; exits after --max-seconds.
"""
import argparse
import asyncio
import email.parser
import os
import signal
import socket
import sys
import time

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, log, delay):
        self.log = log
        self.delay = delay
        self.headers = email.parser.BytesHeaderParser()

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        head = envelope.original_content.split(b"\r\n\r\n", 1)[0]
        message_id = (self.headers.parsebytes(head + b"\r\n\r\n").get("Message-ID") or "-").strip()
        now = time.time()
        for rcpt in envelope.rcpt_tos:
            self.log.write("%.6f\t%s\t%s\n" % (now, rcpt, message_id))
        self.log.flush()
        return "250 2.0.0 OK"


async def serve(args, sock, index):
    log = open("%s.%d" % (args.log, index), "w", buffering=1 << 16)
    handler = Handler(log, args.delay_ms / 1000.0)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="sink.bench.invalid", data_size_limit=None), sock=sock)
    try:
        await asyncio.sleep(args.max_seconds)
    finally:
        server.close()
        log.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("log")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay-ms", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--max-seconds", type=int, default=1800)
    args = parser.parse_args()
    # SO_REUSEPORT: each process listens on its own socket and the kernel spreads
    # connections across them (one shared socket lets one process take them all).
    # The parent's socket only reserves the port; it never listens.
    reserve = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    reserve.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    reserve.bind(("127.0.0.1", args.port))
    port = reserve.getsockname()[1]
    sockets = []
    for _ in range(args.processes):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(1024)
        sock.setblocking(False)
        sockets.append(sock)
    print(port, flush=True)
    children = []
    for index in range(args.processes):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            try:
                asyncio.run(serve(args, sockets[index], index))
            finally:
                os._exit(0)
        children.append(pid)

    def stop(*_):
        for child in children:
            os.kill(child, signal.SIGTERM)
    signal.signal(signal.SIGTERM, stop)
    for child in children:
        os.waitpid(child, 0)


if __name__ == "__main__":
    sys.exit(main())
