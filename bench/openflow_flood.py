#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""openflow_flood: what a packet-in flood costs vsw's forwarding when nothing but the PMD
limits it (a benchmark, not a test).

bench/openflow_packetin.py measures the flood with vsw-pktgen as the source,
which shares CPU 0 with vswitchd's control thread and the controller: what they
spend on packet-ins the generator loses, and the forwarded rate falls with it
while the PMD idles. Here the frames come from a net_pcap port replaying them
forever inside the PMD (CPU 1), so the forwarded rate is what the PMD can do,
and the control thread and the controller (this program's sink, on CPU 0, as
in openflow_packetin.py) take nothing from it. 1,000 UDP flows of 64-byte
frames from port a to net_null z (in_port=1,actions=output:2); above that, a
rule for the 16 flows of 10.0.0.0/28 (1.6% of the frames) with actions=drop
(base) or actions=controller (flood, under the bridge's controller-rate-limit:
--rate, default vsw's default), alternated run by run. Prints each run and the
medians: forwarded Mpps, the PMD's cycles per packet, the packet-ins the
controller read a second and those the limiter or the rings dropped; and the
median of the runs' paired ratios (flood run r / base run r), which a noisy
machine's odd run moves less than it moves a median of either side.

--spin-cpu0 keeps CPU 0 busy (a process spinning there) through both kinds of
run: what the control thread and the controller do on CPU 0 in a flood then
changes nothing else for the PMD's CPU, which on a VM may share a physical
core or its caches with CPU 0; the difference left is the PMD's own cost.

usage: bench/openflow_flood.py [BUILD_DIR] [--runs N] [--seconds S] [--rate N] [--spin-cpu0]
       (as root)
"""

import os
import statistics
import struct
import subprocess
import sys
import time

from benchlib import BUILD  # puts tests/ on the path
from openflow_packetin import Sink
import pcaplib  # noqa: E402
from vswtest import Switch, topology  # noqa: E402

RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
SECONDS = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 5
RATE = sys.argv[sys.argv.index("--rate") + 1] if "--rate" in sys.argv else None
FLOWS = 1000
RULES = {"base": "actions=drop", "flood": "actions=controller"}


def frames():
    """64-byte UDP frames from 10.0.0.0 .. 10.0.3.231, one a flow."""
    out = []
    for i in range(FLOWS):
        udp = struct.pack("!HHHH", 1000, 2000, 8 + 18, 0) + bytes(18)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0,
                         bytes([10, 0, i >> 8, i & 255]), bytes([10, 1, 0, 1]))
        ip = ip[:10] + struct.pack("!H", pcaplib.csum(ip)) + ip[12:]
        out.append(bytes.fromhex("020000000002020000000001") + b"\x08\x00" + ip + udp)
    return out


def one_run(kind):
    """(forwarded Mpps, PMD cycles a packet, packet-ins read a second, lost a second)."""
    ctl = Sink()
    count = ctl.count
    try:
        with Switch("flood") as sw:
            pcaplib.write_pcap(sw.path("in.pcap"), frames())
            sw.write_config(topology(
                [("a", "net_pcap0,rx_pcap={dir}/in.pcap,infinite_rx=1"), ("z", "net_null0,no-rx=1")],
                ["priority=10,in_port=1,actions=output:2",
                 f"priority=20,udp,in_port=1,nw_src=10.0.0.0/28,{RULES[kind]}"], socket_mem=256,
                bridge_keys=f'controllers: ["tcp:127.0.0.1:{ctl.port}"]' +
                (f",controller-rate-limit: {RATE}" if RATE else "")))
            sw.start()
            time.sleep(2)  # connected, caches warm

            def sample():
                p = sw.probe()
                pmd = p["pmd"][0]
                return (time.monotonic(), int(p["port"]["z"]["tx_packets"]),
                        int(pmd["busy_cycles"]), int(pmd["packets"]),
                        int(pmd["packet_ins_lost"]), count.value)
            t0, z0, c0, n0, l0, i0 = sample()
            time.sleep(SECONDS)
            t1, z1, c1, n1, l1, i1 = sample()
            sw.stop()
        dt = t1 - t0
        return ((z1 - z0) / dt / 1e6, (c1 - c0) / max(n1 - n0, 1), (i1 - i0) / dt,
                (l1 - l0) / dt)
    finally:
        ctl.close()


def main():
    res = {k: [] for k in RULES}
    spin = None
    if "--spin-cpu0" in sys.argv:
        spin = subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                preexec_fn=lambda: os.sched_setaffinity(0, {0}))
    try:
        for r in range(RUNS):
            for kind in RULES:
                x = one_run(kind)
                res[kind].append(x)
                print(f"run {r} {kind}: forwarded {x[0]:.2f} Mpps, {x[1]:.1f} cycles/packet, "
                      f"{x[2]:,.0f} packet-ins/s read, {x[3]:,.0f} lost/s", flush=True)
    finally:
        if spin:
            spin.kill()
            spin.wait()
    med = {k: [statistics.median(x[i] for x in v) for i in range(4)] for k, v in res.items()}
    b, f = med["base"], med["flood"]
    print(f"\nmedians of {RUNS} runs of {SECONDS:.0f} s, 64 B, net_pcap in the PMD -> net_null"
          f"{', CPU 0 kept busy' if spin else ''}:")
    print(f"forwarded {b[0]:.2f} Mpps without the flood, {f[0]:.2f} with it "
          f"({100 * (1 - f[0] / b[0]):.2f}% less); PMD {b[1]:.1f} vs {f[1]:.1f} cycles/packet; "
          f"{f[2]:,.0f} packet-ins/s read, {f[3]:,.0f}/s dropped by the limiter or the rings")
    pair = [statistics.median(y[i] / x[i] for x, y in zip(res["base"], res["flood"]))
            for i in range(2)]
    print(f"paired: forwarded {100 * (1 - pair[0]):.2f}% less, "
          f"cycles/packet {100 * (pair[1] - 1):+.2f}% (medians of {RUNS} flood/base ratios)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
