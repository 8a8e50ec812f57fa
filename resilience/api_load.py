#!/usr/bin/python3
"""api_load.py KEY PORTS SECONDS OUT: 4 threads calling GET /v1/services (which
needs the database: the key is looked up) on the daemons' PORTS in turn until
the file OUT.stop exists, for at most SECONDS, each request with a 5 s timeout. Writes one line per request to OUT:
start (epoch s), latency (s), status (or error name), content type."""
import http.client, os, sys, threading, time

key, ports, seconds, out = sys.argv[1], [int(p) for p in sys.argv[2].split(",")], float(sys.argv[3]), sys.argv[4]
lines, lock, end = [], threading.Lock(), time.time() + seconds


def worker(n):
    i = n
    while time.time() < end and not os.path.exists(out + ".stop"):
        port, i = ports[i % len(ports)], i + 1
        t = time.time()
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            c.request("GET", "/v1/services", headers={"Authorization": "Bearer " + key})
            r = c.getresponse()
            r.read()
            status, ctype = str(r.status), r.getheader("Content-Type", "-")
        except (OSError, http.client.HTTPException) as e:
            status, ctype = "error:" + type(e).__name__, "-"
        finally:
            c.close()
        with lock:
            lines.append("%.3f\t%.3f\t%s\t%s" % (t, time.time() - t, status, ctype))
        time.sleep(0.05)


threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
