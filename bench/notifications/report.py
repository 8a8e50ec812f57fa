#!/usr/bin/python3
"""Figures of the notification benchmark from the sinks' logs (run.sh).

  report.py burst DUE_EPOCH N SMTP_LOG... -- SMS_LOG
      lateness (sink acceptance − due instant) of the burst's recipients
      ("burst<i>@bench.invalid", "+1555<i>"), per channel and together.
  report.py confirm DRIVER_OUT SMTP_LOG... -- SMS_LOG
      POST send time → the sink's acceptance of that customer's first message.
"""
import sys


def pct(values, p):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def read(paths, column):
    rows = []
    for path in paths:
        for line in open(path):
            fields = line.rstrip("\n").split("\t")
            rows.append((float(fields[0]), fields[column]))
    return rows


def split_args(args):
    cut = args.index("--")
    return args[:cut], args[cut + 1:]


def summary(label, values):
    if not values:
        return "%s: none" % label
    return "%s: n=%d p50=%.3f s p99=%.3f s max=%.3f s" % (
        label, len(values), pct(values, 50), pct(values, 99), max(values))


def burst(args):
    due, n = float(args[0]), int(args[1])
    smtp_logs, sms_logs = split_args(args[2:])
    channels = {
        "email": [r for r in read(smtp_logs, 1) if r[1].startswith("burst")],
        "sms": [r for r in read(sms_logs, 1) if r[1].startswith("+1555")],
    }
    every = []
    for name, rows in channels.items():
        first = {}
        for at, who in rows:
            first[who] = min(at, first.get(who, at))
        late = [at - due for at in first.values()]
        every += late
        span = max(first.values()) - min(first.values()) if first else 0
        print("%s: %d of %d recipients, %d duplicates; %s; %.0f msg/s from first to last, %.0f msg/s from due to last"
              % (name, len(first), n, len(rows) - len(first), summary("lateness", late),
                 len(first) / span if span else 0, len(first) / (max(first.values()) - due) if first else 0))
    print("all: %d of %d; %s" % (len(every), 2 * n, summary("lateness", every)))
    print("first_arrival_after_due=%.3f last=%.3f" % (min(every), max(every)))


def confirm(args):
    smtp_logs, sms_logs = split_args(args[1:])
    sent = {}
    statuses = {}
    for line in open(args[0]):
        at, email, status, _ = line.rstrip("\n").split("\t")
        statuses[status] = statuses.get(status, 0) + 1
        if status == "201":
            sent[email] = float(at)
    print("POST answers: %s" % ", ".join("%s × %d" % kv for kv in sorted(statuses.items())))
    email_first = {}
    for at, who in read(smtp_logs, 1):
        email_first[who] = min(at, email_first.get(who, at))
    latency = [email_first[e] - t for e, t in sent.items() if e in email_first]
    print("email confirmations: %d of %d booked; %s" % (len(latency), len(sent), summary("POST → SMTP sink", latency)))
    phone_of = {}
    for email in sent:
        index = int(email.split("@")[0].rsplit("-", 1)[1])
        phone_of["+1666%07d" % index] = email
    sms_first = {}
    for at, who in read(sms_logs, 1):
        if who in phone_of:
            sms_first[who] = min(at, sms_first.get(who, at))
    sms_latency = [at - sent[phone_of[p]] for p, at in sms_first.items()]
    print("sms confirmations: %d of %d booked; %s" % (len(sms_latency), len(sent), summary("POST → SMS sink", sms_latency)))


if __name__ == "__main__":
    {"burst": burst, "confirm": confirm}[sys.argv[1]](sys.argv[2:])
