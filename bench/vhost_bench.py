#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vhost_bench: vhost-user forwarding rate of one PMD core (a benchmark, not a test).

Scenarios, at 64 and 1518-byte frames:
  phy->vhost    net_pcap replaying forever -> vm1 -> a guest that discards
  vhost->phy    a guest sending forever -> vm1 -> net_null (no-rx=1)
  vhost->vhost  guest 1 sending forever -> vm1 -> vm2 -> guest 2 discarding
Guests are tests/vhost_peer (net_virtio_user in its own DPDK primary) on CPU
0; the switch's PMD is on CPU 1. The rate is what the switch forwarded, from
its shared counters over 2 s after a 1 s warm-up; cycles per packet are the
PMD's busy cycles over those packets. Median of 3 runs.

usage: bench/vhost_bench.py [BUILD_DIR]   (default build; run as root)
"""

import statistics
import struct
import sys
import time

import benchlib  # noqa: F401 (the build and the tests' helpers)
import pcaplib  # noqa: E402
import test_vhost  # noqa: E402
from vswtest import Switch, topology, vhost_port  # noqa: E402

def frames(size, n=64):
    """n UDP frames of size bytes (FCS excluded), distinct flows."""
    out = []
    for i in range(n):
        payload = bytes(size - 42)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, size - 14, 0, 0, 64, 17, 0,
                         bytes([10, 0, 0, i + 1]), bytes([10, 0, 1, 1]))
        out.append(bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0]) + ip +
                   struct.pack("!HHHH", 1000 + i, 2000, size - 34, 0) + payload)
    return out


def measure(sw, port, counter):
    def totals():
        s = sw.probe()
        return int(s["port"][port][counter]), int(s["pmd"][0]["busy_cycles"])
    time.sleep(1.0)
    p0, c0 = totals()
    t0 = time.monotonic()
    time.sleep(2.0)
    p1, c1 = totals()
    dt = time.monotonic() - t0
    pkts = p1 - p0
    return pkts / dt / 1e6, (c1 - c0) / pkts if pkts else float("nan")


def run(scenario, size):
    f = frames(size)
    with Switch("vb-" + scenario.replace("->", "-")[:8]) as sw:
        pcaplib.write_pcap(sw.path("gen.pcap"), f)
        # The phy port replays a capture, or only transmits (net_null drops).
        replay, sink = f"net_pcap0,rx_pcap={sw.dir}/gen.pcap,infinite_rx=1", "net_null0,no-rx=1"
        if scenario == "phy->vhost":
            flows, a_dev = ["in_port=a,actions=output:vm1"], replay
        elif scenario == "vhost->phy":
            flows, a_dev = ["in_port=vm1,actions=output:a"], sink
        else:
            flows, a_dev = ["in_port=vm1,actions=output:vm2"], sink
        sw.write_config(topology([("a", a_dev), vhost_port("vm1", "{dir}/vm1.sock"),
                                  vhost_port("vm2", "{dir}/vm2.sock")], flows, socket_mem=256))
        sw.start()
        if scenario == "phy->vhost":
            test_vhost.Peer(sw, "sink", sw.path("vm1.sock"), extra=["--sink"])
            result = measure(sw, "vm1", "tx_packets")
        elif scenario == "vhost->phy":
            test_vhost.Peer(sw, "gen", sw.path("vm1.sock"), f, infinite=True,
                            extra=["--delay-ms", "300"])
            result = measure(sw, "a", "tx_packets")
        else:
            test_vhost.Peer(sw, "sink", sw.path("vm2.sock"), extra=["--sink"])
            time.sleep(0.5)
            test_vhost.Peer(sw, "gen", sw.path("vm1.sock"), f, infinite=True,
                            extra=["--delay-ms", "300"])
            result = measure(sw, "vm2", "tx_packets")
        sw.stop()
    return result


def main():
    print("| scenario | frame | Mpps | cycles/pkt |\n|---|---|---|---|")
    for scenario in ("phy->vhost", "vhost->phy", "vhost->vhost"):
        for size in (64, 1518):
            runs = [run(scenario, size - 4) for _ in range(3)]
            mpps = statistics.median(r[0] for r in runs)
            cyc = statistics.median(r[1] for r in runs)
            print(f"| {scenario} | {size} | {mpps:.2f} | {cyc:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
