#!/usr/bin/env python3
"""Follow latency of a log streamer: a writer appends stamped lines to a file, a reader gets the
streamer's output on stdin and measures, for each line, the time from its write to its arrival.

  latency.py write FILE COUNT INTERVAL_MS   append COUNT lines "LAT <ns>", one every INTERVAL_MS
  latency.py read COUNT                      read lines until COUNT stamped ones came; print
                                             "p50 p99 max" in ms (other lines are ignored)
"""
import os
import sys
import time


def write(path, count, interval_ms):
    with open(path, "a", buffering=1) as log:
        for i in range(count):
            log.write("LAT %d %d\n" % (time.time_ns(), i))
            log.flush()
            time.sleep(interval_ms / 1000.0)


def read(count):
    delays = []
    for line in sys.stdin.buffer:
        now = time.time_ns()
        fields = line.split()
        if len(fields) >= 2 and fields[0] == b"LAT":
            delays.append((now - int(fields[1])) / 1e6)
            if len(delays) == count:
                break
    if len(delays) < count:
        sys.exit("only %d of %d lines arrived" % (len(delays), count))
    delays.sort()
    pick = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))]
    print("%.1f %.1f %.1f" % (pick(0.50), pick(0.99), delays[-1]))
    sys.stdout.flush()
    os._exit(0)  # do not wait for the streamer, which follows on


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        read(int(sys.argv[2]))
