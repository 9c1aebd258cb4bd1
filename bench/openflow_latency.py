#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""openflow_latency: from a flow_mod's barrier reply to the first packet the new rule forwards
(a benchmark, not a test).

vswitchd (PMD on CPU 1) has two TAP ports a (ofport 1) and b (2) whose kernel
sides this program holds raw sockets on, a secure bridge with no rule for the
probes, and, with --load, a net_pcap port replaying 64-byte frames forever into
net_null through the same PMD (the PMD forwarding at full rate). N times: a
flow_mod over the OpenFlow channel (unix socket) adds `in_port=1,dl_dst=D,
actions=output:2` for a destination D never used before, then a barrier; right
after the barrier's reply a probe frame to D goes into port a's kernel side,
and the time until it comes out of port b's is measured. A probe that does not
come within 100 ms is counted lost (the rule was not in effect). The same is
measured with the rule already there (the path alone). Prints p50, p99 and the
maximum of both, and the losses.

usage: bench/openflow_latency.py [BUILD_DIR] [--n N] [--load]   (run as root)
"""

import os
import select
import socket
import statistics
import struct
import subprocess
import sys
import time

from benchlib import pcap_to_null  # noqa: F401 (puts tests/ on the path, points at BUILD)
import pcaplib  # noqa: E402
from vswtest import Switch, dpdk_port, topology  # noqa: E402

N = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 1000
LOAD = "--load" in sys.argv
HELLO13 = bytes.fromhex("04000010000000010001000800000010")
ETHERTYPE = 0x88b5  # local experimental: nothing else sends it


def flow_mod(dst, xid):
    oxms = (struct.pack("!HBBI", 0x8000, 0, 4, 1) +  # in_port=1
            struct.pack("!HBB", 0x8000, 3 << 1, 6) + dst)
    match = struct.pack("!HH", 1, 4 + len(oxms)) + oxms
    match += b"\0" * (-len(match) % 8)
    actions = struct.pack("!HHIH6x", 0, 16, 2, 0)
    inst = struct.pack("!HH4x", 4, 8 + len(actions)) + actions
    body = struct.pack("!QQBBHHHIIIH2x", 0, 0, 0, 0, 0, 0, 100, 0xffffffff, 0xffffffff,
                       0xffffffff, 0) + match + inst
    return struct.pack("!BBHI", 4, 14, 8 + len(body), xid) + body


def main():
    tag = f"{os.getpid() % 100000}"
    ta, tb = f"vl{tag}a", f"vl{tag}b"
    with Switch("oflat") as sw:
        ports = [dpdk_port("a", f"net_tap0,iface={ta}", "ofport: 1"),
                 dpdk_port("b", f"net_tap1,iface={tb}", "ofport: 2")]
        flows = []
        if LOAD:
            frame = bytes.fromhex("020000000001020000000002080045000032000000004011") + bytes(40)
            pcaplib.write_pcap(sw.path("load.pcap"), [frame[:64]] * 64)
            ports += [dpdk_port("l", "net_pcap0,rx_pcap={dir}/load.pcap,infinite_rx=1",
                                "ofport: 3"), dpdk_port("n", "net_null0,no-rx=1", "ofport: 4")]
            flows = ["in_port=3,actions=output:4"]
        sw.write_config(topology(ports, flows, socket_mem=128))
        sw.start()
        for t in (ta, tb):
            subprocess.run(["ip", "link", "set", t, "up"], check=True)
        tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        tx.bind((ta, 0))
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETHERTYPE))
        rx.bind((tb, 0))
        of = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        of.connect(sw.of_target()[len("unix:"):])
        of.sendall(HELLO13)
        of.recv(64)
        src = bytes.fromhex("020000aaaaaa")

        def probe(dst):
            """Send a probe to dst into a; seconds until it leaves b, or None."""
            t0 = time.perf_counter()
            tx.send(dst + src + struct.pack("!H", ETHERTYPE) + bytes(50))
            while True:
                left = 0.1 - (time.perf_counter() - t0)
                if left <= 0 or not select.select([rx], [], [], left)[0]:
                    return None
                f = rx.recv(2048)
                if f[:6] == dst:
                    return time.perf_counter() - t0

        after_mod, path, lost = [], [], 0
        for i in range(N):
            dst = bytes([2, 0x11, 0, i >> 16 & 255, i >> 8 & 255, i & 255])
            of.sendall(flow_mod(dst, 2 * i + 2) + struct.pack("!BBHI", 4, 20, 8, 2 * i + 3))
            buf = b""
            while struct.pack("!I", 2 * i + 3) not in buf:
                buf += of.recv(4096)
            t = probe(dst)
            if t is None:
                lost += 1
            else:
                after_mod.append(t)
            t = probe(dst)  # the rule is there now: the path alone
            if t is not None:
                path.append(t)
        sw.stop()

    def figures(xs):
        xs = sorted(xs)
        return (f"p50 {statistics.median(xs) * 1e6:.0f} us, p99 {xs[int(len(xs) * 0.99)] * 1e6:.0f}"
                f" us, max {xs[-1] * 1e6:.0f} us")
    print(f"{N} flow_mods{' under load (64 B at full rate through the same PMD)' if LOAD else ''}")
    print(f"  barrier reply -> probe forwarded by the new rule: {figures(after_mod)}; "
          f"{lost} probes lost")
    print(f"  the path alone (the rule already there):        {figures(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
