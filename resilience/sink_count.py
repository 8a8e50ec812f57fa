#!/usr/bin/python3
"""sink_count.py SPOOL PREFIX: messages in smtp_peer.py's spool whose recipient
starts with PREFIX. Prints "total distinct" (distinct by Message-ID, which the
daemon derives from the job, so a resent message has the same one)."""
import base64, json, os, re, sys

spool, prefix = sys.argv[1], sys.argv[2]
total, ids = 0, set()
seen_file = os.path.join(spool, ".index-" + prefix)
for name in sorted(os.listdir(spool)):
    if not name.endswith(".json"):
        continue
    try:
        with open(os.path.join(spool, name)) as f:
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
