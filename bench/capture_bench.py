#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""capture_bench: what packet capture costs the fast path (a benchmark, not a test).

One vswitchd PMD (CPU 1) forwards a net_pcap port replaying 64-byte frames
forever into net_null. Its rate (Mpps, from vsw-top --json over 2 s) and
cycles per packet are measured in three phases, 5 runs each, median:
  before  vswitchd serves capture (rte_pdump_init) but nothing captures;
  during  dpdk-dumpcap captures the output port (copies every packet);
  after   the capture has ended.
"before" and "after" equal within noise is the claim that an inactive
capture costs nothing; "during" shows what an active one costs.

usage: bench/capture_bench.py [BUILD_DIR]   (default build; run as root)
"""

import json
import statistics
import subprocess
import time

from benchlib import binary, pcap_to_null
import pcaplib  # noqa: E402
from vswtest import Switch  # noqa: E402
from vhost_bench import frames  # noqa: E402

TOP = binary("top/vsw-top")


def rate(sw):
    """(Mpps out of z, PMD cycles per packet) over 2 s."""
    p = subprocess.run([TOP, "--prefix", sw.prefix, "--once", "--json", "--interval", "2"],
                       capture_output=True, text=True, check=True)
    data = json.loads(p.stdout)
    z = [x for x in data["ports"] if x["name"] == "z"][0]
    return z["tx_pps"] / 1e6, data["pmds"][0]["cycles_per_packet"]


def phase(sw, runs=5):
    got = [rate(sw) for _ in range(runs)]
    return statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)


def main():
    with Switch("capture-bench") as sw:
        pcaplib.write_pcap(sw.path("in.pcap"), frames(64))
        sw.write_config(pcap_to_null(mem=256, flow="in_port=a,actions=output:z"))
        sw.start()
        time.sleep(1)
        before = phase(sw)
        cap = subprocess.Popen(["dpdk-dumpcap", "--file-prefix", sw.prefix, "-i", "net_null0",
                                "-w", "/dev/null", "-q"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(3)
        during = phase(sw)
        cap.terminate()
        cap.wait(timeout=30)
        time.sleep(1)
        after = phase(sw)
        sw.stop()
    print("64-byte frames, 1 PMD, median of 5 x 2 s:")
    for name, (mpps, cyc) in (("before", before), ("during", during), ("after", after)):
        print(f"  {name:7s} {mpps:6.2f} Mpps  {cyc:6.1f} cycles/packet")
    print(f"after/before: {after[0] / before[0]:.3f}")


if __name__ == "__main__":
    main()
