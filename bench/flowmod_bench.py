#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""flowmod_bench: how fast vsw-ofctl changes a running switch's flows (a benchmark, not a test).

One vswitchd (PMD on CPU 1) forwards a net_pcap port replaying forever into
net_null the whole time. For N flows (default 1,000,000; /32 destinations,
one mask) it times, with the wall clock around the vsw-ofctl process:
  add-flows     the N flows from a file into an empty table 1
  replace-flows the same file again (every flow unchanged: nothing to do)
  del-flows     table=1 (every one of them)
and checks that packets were forwarded while each ran (the input port's
counter grew) and that the table holds N rules after the add. Median of 3
runs; the rate is N over the median time. A single add-flow call is timed
too (median of 20).

usage: bench/flowmod_bench.py [BUILD_DIR] [N]   (default build, 1000000; run as root)
"""

import os
import statistics
import subprocess
import sys
import time

from benchlib import binary, pcap_to_null
import pcaplib  # noqa: E402
from vswtest import Switch  # noqa: E402

N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
OFCTL = binary("ofctl/vsw-ofctl")


def ofctl(sw, *args):
    t0 = time.monotonic()
    p = subprocess.run([OFCTL, "--prefix", sw.prefix, "--timeout", "300"] + list(args),
                       capture_output=True, text=True)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"vsw-ofctl {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return dt, p.stdout


def rx(sw):
    return int(sw.probe()["port"]["a"]["rx_packets"])


def timed(sw, *args):
    """Run one vsw-ofctl command; its time and the packets forwarded meanwhile."""
    before = rx(sw)
    dt, _ = ofctl(sw, *args)
    return dt, rx(sw) - before


def main():
    with Switch("flowmod-bench") as sw:
        pcaplib.write_pcap(sw.path("in.pcap"), pcaplib.make_frames(64, seed=3)[:1] * 64)
        path = sw.path("flows.txt")
        with open(path, "w") as f:
            f.write("priority=1,actions=output:z\n")  # the forwarding rule stays as it is
            for i in range(N):
                f.write(f"table=1,priority=10,ip,nw_dst=10.{i >> 16 & 255}.{i >> 8 & 255}."
                        f"{i & 255},actions=drop\n")
        size = os.path.getsize(path)
        sw.write_config(pcap_to_null(mem=1792, flow="priority=1,actions=output:z"))
        sw.start()
        results = {"add-flows": [], "replace-flows": [], "del-flows": []}
        moved = []
        for _ in range(3):
            dt, fwd = timed(sw, "add-flows", "br0", path)
            results["add-flows"].append(dt)
            moved.append(fwd)
            _, out = ofctl(sw, "dump-tables", "br0")
            if f"table 1: active={N}" not in out:
                raise SystemExit(f"table 1 should hold {N} rules: {out}")
            dt, fwd = timed(sw, "replace-flows", "br0", path)
            results["replace-flows"].append(dt)
            moved.append(fwd)
            dt, fwd = timed(sw, "del-flows", "br0", "table=1")
            results["del-flows"].append(dt)
            moved.append(fwd)
        one = [ofctl(sw, "add-flow", "br0", f"priority=5,udp,tp_dst={i},actions=drop")[0]
               for i in range(20)]
        sw.stop()
    print(f"{N} flows ({size / 1e6:.1f} MB of text), vsw-ofctl wall clock, median of 3:")
    for cmd, times in results.items():
        med = statistics.median(times)
        print(f"  {cmd:14s} {med:6.2f} s  {N / med / 1e6:5.2f} M flows/s   "
              f"(runs: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"  add-flow (one) {statistics.median(one) * 1000:6.1f} ms (median of 20)")
    print(f"packets forwarded while each command ran: min {min(moved)}, "
          f"max {max(moved)}")


if __name__ == "__main__":
    main()
