#!/usr/bin/python3
"""sink_count.py SPOOL[:SPOOL…] PREFIX: messages in smtp_peer.py's spools whose recipient
starts with PREFIX. Prints "total distinct" (distinct by Message-ID, which the
daemon derives from the job, so a resent message has the same one)."""
import base64, json, os, re, sys

spools, prefix = sys.argv[1].split(":"), sys.argv[2]
total, ids = 0, set()
for name in sorted(os.path.join(d, n) for d in spools for n in os.listdir(d)):
    if not name.endswith(".json"):
        continue
    try:
        with open(name) as f:
            record = json.load(f)
    except (OSError, ValueError):
        continue
    if not any(r.startswith(prefix) for r in record["rcpt_tos"]):
        continue
    total += 1
    head = base64.b64decode(record["data"]).split(b"\r\n\r\n", 1)[0]
    m = re.search(rb"(?im)^message-id:\s*(\S+)", head)
    ids.add(m.group(1) if m else name.encode())
print(total, len(ids))
