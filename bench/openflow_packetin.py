#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""openflow_packetin: packet-ins to a controller, and what a packet-in flood costs the
forwarding, vsw and OVS-DPDK 3.1 side by side (a benchmark, not a test).

Each switch is started as bench/run starts it (memif ports a and b, PMD on
CPU 1, everything else on CPU 0; vsw with its default packet-in limiter,
100,000 a second, burst 20,000; OVS-DPDK as it comes, no limiter), with a
controller: this program's sink, a process on CPU 0 listening on
127.0.0.1 that says HELLO (OpenFlow 1.3), answers echo requests and counts
the PACKET_IN messages it reads. vsw-pktgen sends 64-byte UDP frames of
1,000 flows (sources 10.0.0.0 to 10.0.3.231) into port a at its full rate.
  rate      one rule, in_port=1,actions=controller: every frame is a
            packet-in candidate; the figure is the packet-ins a second the
            controller reads (vsw's limiter and rings drop the rest, counted).
  cost      in_port=1,actions=output:2, and above it a rule for the 16 flows
            of 10.0.0.0/28 (1.6% of the frames, about 100,000 a second):
            actions=drop (base) or actions=controller (flood), alternated.
            The figures are the forwarded rate (frames out of port b) with the
            flood against without it, the generator's own rate, and the PMD's
            cycles per packet and idle share: what the flood costs the PMD
            apart from what it costs CPU 0.
Each figure is the median of the runs, the switches alternated run by run.
The controller shares CPU 0 with the generator: what it spends reading
packet-ins is taken from the generator too, and counts in the cost.

usage: bench/openflow_packetin.py [--build DIR] [--runs N]   (default build, 3; as root)
"""

import argparse
import multiprocessing
import os
import socket
import statistics
import struct
import sys
import time

from openflow_bench import load_run

HELLO13 = bytes.fromhex("04000010000000010001000800000010")
OFPT_ECHO_REQUEST, OFPT_ECHO_REPLY, OFPT_PACKET_IN = 2, 3, 10
FLOWS = 1000
FORWARD = "priority=10,in_port=1,actions=output:2\n"
RULES = {
    "rate": "priority=10,in_port=1,actions=controller\n",
    "base": FORWARD + "priority=20,udp,in_port=1,nw_src=10.0.0.0/28,actions=drop\n",
    "flood": FORWARD + "priority=20,udp,in_port=1,nw_src=10.0.0.0/28,actions=controller\n",
}


def sink(listener, count, stop):
    """The controller: accept one switch, count its packet-ins into count until stop."""
    os.sched_setaffinity(0, {0})
    listener.settimeout(60)
    conn, _ = listener.accept()
    conn.sendall(HELLO13)
    conn.settimeout(0.2)
    buf, n = b"", 0
    while not stop.is_set():
        try:
            data = conn.recv(1 << 20)
        except socket.timeout:
            continue
        if not data:
            break
        buf += data
        off = 0
        while len(buf) - off >= 8:
            length = struct.unpack_from("!H", buf, off + 2)[0]
            if length < 8 or len(buf) - off < length:
                break
            kind = buf[off + 1]
            if kind == OFPT_PACKET_IN:
                n += 1
            elif kind == OFPT_ECHO_REQUEST:
                conn.sendall(bytes([buf[off], OFPT_ECHO_REPLY]) + buf[off + 2:off + length])
            off += length
        buf = buf[off:]
        count.value = n
    conn.close()


class Sink:
    """sink() in a process of its own, listening on 127.0.0.1:port; count: the packet-ins it
    read so far. close() stops it."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.count = multiprocessing.Value("Q", 0, lock=False)
        self.stop = multiprocessing.Event()
        self.proc = multiprocessing.Process(target=sink,
                                            args=(self.listener, self.count, self.stop))
        self.proc.start()

    def close(self):
        self.stop.set()
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
        self.listener.close()


def start_switch(run, cls, build, rules, tag, port):
    """The switch of cls with the sink on port as its controller, and rules."""
    target = f"tcp:127.0.0.1:{port}"
    if cls is run.Vsw:
        cls.bridge_keys = f'controllers: ["{target}"]'
        return cls(build, "memif-memif", rules, FLOWS, tag)
    sw = cls(build, "memif-memif", "", FLOWS, tag)
    try:
        # OVS flushes the flow table when a bridge gets its first controller: rules after.
        sw.vsctl("set-controller", "br0", target, "--", "set", "controller", "br0",
                 "connection-mode=out-of-band")
        path = os.path.join(sw.dir, "rules.txt")
        with open(path, "w") as f:
            f.write(rules)
        run.sh(["ovs-ofctl", "add-flows", "br0", path], sw.env)
    except Exception:
        sw.close()
        raise
    return sw


def one_run(run, cls, build, kind, tag):
    """{"rx": forwarded Mpps, "tx": the generator's Mpps, "pin": packet-ins a second, "cpp":
    PMD cycles a packet, "idle": PMD idle %, "lost": vsw's packet-ins lost a second} of one
    switch with the rules of kind."""
    ctl = Sink()
    count = ctl.count
    sw, gen, mark = None, None, {}
    try:
        sw = start_switch(run, cls, build, RULES[kind], tag, ctl.port)

        def on_warm():
            sw.clear()
            mark["t"], mark["n"] = time.monotonic(), count.value

        g, gen = run.generate(build, sw.dir, sw.gen, FLOWS, 64, tag, on_warm, cls.memif_txq)
        seconds = time.monotonic() - mark["t"]
        cpp, idle, _ = sw.pmd_stats()
        res = {"rx": g["rx"], "tx": g["tx"], "pin": (count.value - mark["n"]) / seconds,
               "cpp": cpp, "idle": idle, "lost": float("nan")}
        if cls is run.Vsw:
            text = sw.ofctl("pmd-stats-show")
            res["lost"] = run.number(r"packet-ins lost: (\d+)", text) / seconds
        return res
    finally:
        ctl.stop.set()
        if sw is not None:
            sw.close()
        if gen is not None:
            run.release(gen)
        ctl.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "build"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    run = load_run()
    run.ensure_ovs()
    res = {(c, k): [] for c in ("vsw", "ovs") for k in RULES}
    for r in range(args.runs):
        for kind in RULES:
            for cls in (run.Vsw, run.Ovs):
                x = one_run(run, cls, args.build, kind, f"{r}")
                res[cls.name, kind].append(x)
                print(f"run {r} {cls.name} {kind}: sent {x['tx']:.2f} Mpps, forwarded "
                      f"{x['rx']:.2f}, {x['pin']:,.0f} packet-ins/s, {x['cpp']:.1f} "
                      f"cycles/packet, PMD idle {x['idle']:.1f}%"
                      + (f", {x['lost']:,.0f} lost/s" if x["lost"] == x["lost"] else ""),
                      flush=True)
    med = {key: {f: statistics.median(x[f] for x in v) for f in v[0]} for key, v in res.items()}
    print(f"\nmedians of {args.runs} runs, 64 B, memif-memif:")
    print(f"{'':<34}{'vsw':>12}{'OVS-DPDK':>12}{'vsw/OVS':>9}")
    v, o = med["vsw", "rate"], med["ovs", "rate"]
    print(f"{'packet-ins/s, every frame to it':<34}{v['pin']:>12,.0f}{o['pin']:>12,.0f}"
          f"{v['pin'] / max(o['pin'], 1):>8.2f}x   (vsw lost {v['lost']:,.0f}/s)")
    for name in ("vsw", "ovs"):
        b, f = med[name, "base"], med[name, "flood"]
        print(f"{name}: forwarded {b['rx']:.2f} Mpps without the flood, {f['rx']:.2f} with it "
              f"({100 * (1 - f['rx'] / b['rx']):.1f}% less; generator {b['tx']:.2f} vs "
              f"{f['tx']:.2f} Mpps), {f['pin']:,.0f} packet-ins/s; PMD {b['cpp']:.1f} vs "
              f"{f['cpp']:.1f} cycles/packet ({100 * (f['cpp'] / b['cpp'] - 1):+.1f}%), idle "
              f"{b['idle']:.1f}% vs {f['idle']:.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
