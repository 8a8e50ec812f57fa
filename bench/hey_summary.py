"""hey_summary.py NAME CSV...: one line of latency figures from `hey -o csv` files.

Prints NAME, the number of answers, p50 and p99 in milliseconds, the answers
by status and the errors (anything but 2xx and 409). Used by bench/api and
bench/notifications.
"""
import collections
import csv
import sys

times, codes = [], collections.Counter()
for name in sys.argv[2:]:
    for row in csv.reader(open(name)):
        if row and row[0] != 'response-time':
            times.append(float(row[0]) * 1000)
            codes[row[6]] += 1
times.sort()


def pct(p):
    return times[min(len(times) - 1, int(p / 100 * len(times)))] if times else float('nan')


errors = sum(n for c, n in codes.items() if not c.startswith(('2', '409')))
print(f"{sys.argv[1]:<13} n={len(times):<6} p50={pct(50):7.2f} ms  p99={pct(99):7.2f} ms  "
      f"statuses={dict(sorted(codes.items()))}  errors={errors}")
