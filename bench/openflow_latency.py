#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""openflow_latency: from a flow_mod's barrier reply to the first packet the new rule forwards,
vsw and OVS-DPDK 3.1 side by side (a benchmark, not a test).

Each switch (PMD on CPU 1; OVS-DPDK started as bench/run starts it) has two
net_tap ports, A and B, whose kernel sides this program holds raw sockets
on, a secure bridge with no rule for the probes, and, with --load, a
net_pcap port replaying 64-byte frames forever into net_null through the
same PMD (the PMD forwarding at full rate). N times: a flow_mod over the
bridge's unix socket (OpenFlow 1.3) adds `in_port=A,dl_dst=D,
actions=output:B` for a destination D never used before, then a barrier;
right after the barrier's reply a probe frame to D goes into A's kernel
side, and the time until it comes out of B's is measured. A probe that
does not come within 100 ms is counted lost (the rule was not in effect).
The same is measured with the rule already there (the path alone). Prints
p50, p99 and the maximum of both for each switch, and the losses.

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

from benchlib import BUILD  # puts tests/ on the path
from openflow_bench import load_run
import pcaplib  # noqa: E402
from vswtest import Switch, dpdk_port, topology  # noqa: E402

N = int(sys.argv[sys.argv.index("--n") + 1]) if "--n" in sys.argv else 1000
LOAD = "--load" in sys.argv
HELLO13 = bytes.fromhex("04000010000000010001000800000010")
ETHERTYPE = 0x88b5  # local experimental: nothing else sends it


LOAD_FRAME = bytes.fromhex("020000000001020000000002080045000032000000004011") + bytes(40)


def flow_mod(dst, xid, a, b):
    """OFPT_FLOW_MOD adding in_port=a,dl_dst=dst,actions=output:b at priority 100."""
    oxms = (struct.pack("!HBBI", 0x8000, 0, 4, a) +
            struct.pack("!HBB", 0x8000, 3 << 1, 6) + dst)
    match = struct.pack("!HH", 1, 4 + len(oxms)) + oxms
    match += b"\0" * (-len(match) % 8)
    actions = struct.pack("!HHIH6x", 0, 16, b, 0)
    inst = struct.pack("!HH4x", 4, 8 + len(actions)) + actions
    body = struct.pack("!QQBBHHHIIIH2x", 0, 0, 0, 0, 0, 0, 100, 0xffffffff, 0xffffffff,
                       0xffffffff, 0) + match + inst
    return struct.pack("!BBHI", 4, 14, 8 + len(body), xid) + body


def measure(unix, ta, tb, a, b):
    """(seconds from each barrier reply to its probe's arrival, seconds of each probe
    through the rule already there, probes lost) over the switch whose OpenFlow socket is
    unix and whose ports a and b are the TAP ports ta and tb."""
    for t in (ta, tb):
        subprocess.run(["ip", "link", "set", t, "up"], check=True)
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((ta, 0))
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETHERTYPE))
    rx.bind((tb, 0))
    of = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    of.connect(unix)
    of.sendall(HELLO13)
    of.recv(64)
    src = bytes.fromhex("020000aaaaaa")

    def probe(dst):
        """Send a probe to dst into ta; seconds until it leaves tb, or None."""
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
        of.sendall(flow_mod(dst, 2 * i + 2, a, b) + struct.pack("!BBHI", 4, 20, 8, 2 * i + 3))
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
    for s in (tx, rx, of):
        s.close()
    return after_mod, path, lost


def vsw(tag):
    ta, tb = f"vl{tag}a", f"vl{tag}b"
    with Switch("oflat") as sw:
        ports = [dpdk_port("a", f"net_tap0,iface={ta}", "ofport: 1"),
                 dpdk_port("b", f"net_tap1,iface={tb}", "ofport: 2")]
        flows = []
        if LOAD:
            pcaplib.write_pcap(sw.path("load.pcap"), [LOAD_FRAME[:64]] * 64)
            ports += [dpdk_port("l", "net_pcap0,rx_pcap={dir}/load.pcap,infinite_rx=1",
                                "ofport: 3"), dpdk_port("n", "net_null0,no-rx=1", "ofport: 4")]
            flows = ["in_port=3,actions=output:4"]
        sw.write_config(topology(ports, flows, socket_mem=128))
        sw.start()
        res = measure(sw.of_target()[len("unix:"):], ta, tb, 1, 2)
        sw.stop()
        return res


def ovs(tag):
    """OVS-DPDK as bench/run starts it (its memif ports 1 and 2 have no peer here), with
    the TAP ports as 3 and 4 and the load as 5 into 6."""
    run = load_run()
    run.ensure_ovs()
    ta, tb = f"vo{tag}a", f"vo{tag}b"
    sw = run.Ovs(BUILD, "memif-memif", "table=200,priority=0,arp,actions=drop\n", 1, tag)
    try:
        # net_tap wants as many rx queues as tx queues (OVS's: one per PMD, plus one)
        ports = [("ta", f"net_tap0,iface={ta}", 3, "options:n_rxq=2"),
                 ("tb", f"net_tap1,iface={tb}", 4, "options:n_rxq=2")]
        if LOAD:
            pcaplib.write_pcap(os.path.join(sw.dir, "load.pcap"), [LOAD_FRAME[:64]] * 64)
            ports += [("l", f"net_pcap0,rx_pcap={sw.dir}/load.pcap,infinite_rx=1", 5, ""),
                      ("n", "net_null0,no-rx=1", 6, "")]
        args = []
        for name, dev, ofport, more in ports:
            args += ["--", "add-port", "br0", name, "--", "set", "Interface", name, "type=dpdk",
                     f"options:dpdk-devargs={dev}", f"ofport_request={ofport}"] + \
                ([more] if more else [])
        sw.vsctl(*args[1:])
        if LOAD:
            run.sh(["ovs-ofctl", "add-flow", "br0", "in_port=5,actions=output:6"], sw.env)
        return measure(os.path.join(sw.dir, "br0.mgmt"), ta, tb, 3, 4)
    finally:
        sw.close()


def figures(xs):
    xs = sorted(xs)
    return (f"p50 {statistics.median(xs) * 1e6:.0f} us, p99 {xs[int(len(xs) * 0.99)] * 1e6:.0f}"
            f" us, max {xs[-1] * 1e6:.0f} us")


def main():
    tag = f"{os.getpid() % 100000}"
    print(f"{N} flow_mods{' under load (64 B at full rate through the same PMD)' if LOAD else ''}")
    for name, side in (("vsw", vsw), ("OVS-DPDK", ovs)):
        after_mod, path, lost = side(tag)
        print(f"{name}:\n  barrier reply -> probe forwarded by the new rule: {figures(after_mod)}"
              f"; {lost} probes lost\n  the path alone (the rule already there):        "
              f"{figures(path)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
