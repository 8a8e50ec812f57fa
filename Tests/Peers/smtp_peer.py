#!/usr/bin/python3
"""SMTP test peer for DeliveryTests: a real aiosmtpd server on loopback.

Usage: /usr/bin/python3 smtp_peer.py PORT SPOOL [--auth USER:PASSWORD] [--tls]
PORT 0 picks a free port; the bound port is printed on stdout's first line.

Behaviour is chosen by the recipient's local part:
  accept@  (and anything else)   250, message spooled
  r451@ / r550@ / r552@ / r553@  that reply to RCPT TO
  flaky@                         451 to the first two RCPT TO of the address, then 250
  once550@                       550 to the first RCPT TO of the address, then 250 (a mailbox fixed since)
  r554@                          554 to the end of DATA
  stall@                         no reply to DATA for 60 s
  drop@                          the connection is closed at RCPT TO
With --auth, AUTH PLAIN/LOGIN is offered and required; a wrong password gets 535.
With --tls, STARTTLS is offered and required, with a throwaway self-signed
certificate for 127.0.0.1 written to SPOOL/cert.pem (the client's CA file).
Every accepted connection appends a line to SPOOL/connections.log; every
message is written to SPOOL/<n>.json with its envelope and base64 data.
"""
import asyncio
import base64
import json
import os
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult

REPLIES = {"r451": "451 4.3.0 Try again later", "r550": "550 5.1.1 No such user",
           "r552": "552 5.3.4 Mailbox full", "r553": "553 5.1.3 Bad address"}


class Handler:
    def __init__(self, spool):
        self.spool = spool
        self.count = 0
        self.refusals = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local in REPLIES:
            return REPLIES[local]
        if local == "flaky":
            self.refusals[address] = self.refusals.get(address, 0) + 1
            if self.refusals[address] <= 2:
                return REPLIES["r451"]
        if local == "once550":
            self.refusals[address] = self.refusals.get(address, 0) + 1
            if self.refusals[address] == 1:
                return REPLIES["r550"]
        if local == "drop":
            session.peer_dropped = True
            server.transport.abort()
            return "421 4.4.2 dropped"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = [a.split("@")[0].lower() for a in envelope.rcpt_tos]
        if "stall" in locals_:
            await asyncio.sleep(60)
        if "r554" in locals_:
            return "554 5.6.0 Message rejected"
        self.count += 1
        name = os.path.join(self.spool, "%06d.json" % self.count)
        record = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                  "data": base64.b64encode(envelope.original_content).decode("ascii")}
        with open(name + ".tmp", "w") as f:
            json.dump(record, f)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 OK queued as Q%06d" % self.count


class CountingSMTP(SMTP):
    def connection_made(self, transport):
        with open(os.path.join(self.event_handler.spool, "connections.log"), "a") as f:
            f.write("connection\n")
        super().connection_made(transport)


def main():
    port, spool = int(sys.argv[1]), sys.argv[2]
    credentials = None
    options = sys.argv[3:]
    if "--auth" in options:
        user, password = options[options.index("--auth") + 1].split(":", 1)
        credentials = (user.encode(), password.encode())
    os.makedirs(spool, exist_ok=True)
    tls_context = None
    if "--tls" in options:
        cert, key = os.path.join(spool, "cert.pem"), os.path.join(spool, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                        "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True)
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(cert, key)
    handler = Handler(spool)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = credentials is not None and (auth_data.login, auth_data.password) == credentials
        return AuthResult(success=ok, handled=False)

    def factory():
        kwargs = dict(decode_data=False, enable_SMTPUTF8=False, hostname="peer.test")
        if credentials:
            kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=tls_context is not None)
        if tls_context:
            kwargs.update(tls_context=tls_context, require_starttls=True)
        return CountingSMTP(handler, **kwargs)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", port))
    print(server.sockets[0].getsockname()[1], flush=True)
    loop.run_forever()


if __name__ == "__main__":
    main()
