#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""openflow_bench: flow-mods over the OpenFlow channel, vsw and OVS-DPDK 3.1 side by side
(a benchmark, not a test).

Each switch is started as bench/run starts it (memif ports a and b, PMD on
CPU 1, everything else on CPU 0; OVS-DPDK from Debian's
openvswitch-switch-dpdk under a temporary directory), with no flows, and
driven by the same clients, on CPU 0 like the rest:
  ovs-ofctl    `ovs-ofctl -O OpenFlow13 add-flows` of a file of N flows over
               the bridge's unix socket. ovs-ofctl sends each flow_mod with a
               barrier of its own and waits for the barrier's reply before
               the next (its vconn_transact_noreply): a round trip per flow.
  pipelined    N flow_mods written back to back on one connection, then one
               barrier; timed until the barrier's reply (a controller's way:
               the channel's own rate).
  --bundle     `ovs-ofctl -O OpenFlow13 --bundle add-flows` of the same file:
               the flow_mods in one bundle (ONF's extension), no barrier
               between them, committed as one change.
The flows are `priority=100,ip,nw_src=10.X.Y.Z,actions=output:2` (N distinct
/32 sources, one mask). For ovs-ofctl, the time of the first and of the last
100,000 flows is measured too (a second ovs-ofctl adds the last 100,000 into
the N - 100,000 already there). Each figure is the median of the runs, the
switches alternated run by run; the table has each switch's rate and vsw's
ratio to OVS.

usage: bench/openflow_bench.py [--build DIR] [--runs N] [--flows N,N]
       (default: build, 3 runs, 100000,1000000; run as root)
"""

import argparse
import importlib.machinery
import importlib.util
import os
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))


def load_run():
    """bench/run as a module: its Vsw and Ovs switches."""
    loader = importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


# The one rule each switch starts with (bench/run's classes install a file of rules).
BASE_RULE = "table=200,priority=0,arp,actions=drop\n"


def flow_text(i):
    return f"priority=100,ip,nw_src=10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255},actions=output:2\n"


def flow_mod(i):
    """The OpenFlow 1.3 FLOW_MOD of flow_text(i) (the bytes ovs-ofctl sends for it)."""
    oxms = (struct.pack("!HBB", 0x8000, 5 << 1, 2) + b"\x08\x00" +
            struct.pack("!HBBI", 0x8000, 11 << 1, 4, 0x0a000000 | (i & 0xffffff)))
    match = struct.pack("!HH", 1, 4 + len(oxms)) + oxms
    match += b"\0" * (-len(match) % 8)
    actions = struct.pack("!HHIH6x", 0, 16, 2, 0)
    inst = struct.pack("!HH4x", 4, 8 + len(actions)) + actions
    body = struct.pack("!QQBBHHHIIIH2x", 0, 0, 0, 0, 0, 0, 100, 0xffffffff, 0xffffffff,
                       0xffffffff, 0) + match + inst
    return struct.pack("!BBHI", 4, 14, 8 + len(body), i + 16) + body


def pipelined(path, n):
    """Seconds from the first flow_mod written to the barrier's reply, n flow_mods."""
    data = b"".join(flow_mod(i) for i in range(n)) + struct.pack("!BBHI", 4, 20, 8, 0xfffffff0)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.sendall(bytes.fromhex("04000010000000010001000800000010"))
    buf = b""
    t0 = time.monotonic()
    t = threading.Thread(target=s.sendall, args=(data,))  # written while replies are read
    t.start()
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            raise RuntimeError("the switch closed the connection")
        buf += chunk
        while len(buf) >= 8 and len(buf) >= struct.unpack("!H", buf[2:4])[0]:
            n_msg = struct.unpack("!H", buf[2:4])[0]
            msg, buf = buf[:n_msg], buf[n_msg:]
            if msg[1] == 1:
                raise RuntimeError(f"an error: {msg[:16].hex()}")
            if msg[1] == 21 and msg[4:8] == struct.pack("!I", 0xfffffff0):
                dt = time.monotonic() - t0
                t.join()
                s.close()
                return dt


def ofctl_add(target, path, *opts):
    t0 = time.monotonic()
    subprocess.run(["taskset", "-c", "0", "ovs-ofctl", "-O", "OpenFlow13", "--timeout=3600"] +
                   list(opts) + ["add-flows", target, path], check=True, capture_output=True)
    return time.monotonic() - t0


def count(target):
    out = subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "dump-aggregate", target],
                         check=True, capture_output=True, text=True).stdout
    return int(out.split("flow_count=")[1].split()[0])


def one_run(run, cls, build, n, d, tag):
    """{figure: seconds} of one switch for n flows."""
    sw = cls(build, "memif-memif", BASE_RULE, n, tag)
    try:
        unix = (sw.sw.of_target()[len("unix:"):] if cls.name == "vsw"
                else os.path.join(sw.dir, "br0.mgmt"))
        target = "unix:" + unix
        first, rest = os.path.join(d, f"first{n}"), os.path.join(d, f"last{n}")
        res = {"ofctl": ofctl_add(target, os.path.join(d, f"all{n}"))}
        if count(target) != n + 1:
            raise RuntimeError(f"{cls.name}: {count(target)} flows, not {n} + 1")
        subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, "table=0"],
                       check=True)
        res["first"] = ofctl_add(target, first)
        subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "add-flows", target, rest + "-head"],
                       check=True, capture_output=True)
        res["last"] = ofctl_add(target, rest)
        subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, "table=0"],
                       check=True)
        res["bundle"] = ofctl_add(target, os.path.join(d, f"all{n}"), "--bundle")
        if count(target) != n + 1:
            raise RuntimeError(f"{cls.name}: {count(target)} flows after the bundle")
        subprocess.run(["ovs-ofctl", "-O", "OpenFlow13", "del-flows", target, "table=0"],
                       check=True)
        res["pipelined"] = pipelined(unix, n)
        if count(target) != n + 1:
            raise RuntimeError(f"{cls.name}: {count(target)} flows after the pipelined run")
        return res
    finally:
        sw.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(HERE, "..", "build"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--flows", default="100000,1000000")
    args = ap.parse_args()
    run = load_run()
    run.ensure_ovs()
    with tempfile.TemporaryDirectory() as d:
        for n in map(int, args.flows.split(",")):
            for name, rng in ((f"all{n}", range(n)), (f"first{n}", range(min(n, 100000))),
                              (f"last{n}-head", range(max(0, n - 100000))),
                              (f"last{n}", range(max(0, n - 100000), n))):
                with open(os.path.join(d, name), "w") as f:
                    f.writelines(flow_text(i) for i in rng)
            res = {"vsw": [], "ovs": []}
            for r in range(args.runs):
                for cls in (run.Vsw, run.Ovs):
                    res[cls.name].append(one_run(run, cls, args.build, n, d, f"{r}"))
                    print(f"run {r} {cls.name} {n}: " + ", ".join(
                        f"{k} {v:.2f} s" for k, v in res[cls.name][-1].items()), flush=True)
            print(f"\n{n:,} flow_mods (median of {args.runs}):")
            print(f"{'client':<28}{'vsw':>14}{'OVS-DPDK':>14}{'vsw/OVS':>9}")
            for key, what, per in (("ofctl", f"ovs-ofctl add-flows ({n:,})", n),
                                   ("first", "  its first 100,000", min(n, 100000)),
                                   ("last", "  its last 100,000", min(n, 100000)),
                                   ("bundle", f"ovs-ofctl --bundle ({n:,})", n),
                                   ("pipelined", "pipelined, then a barrier", n)):
                v = statistics.median(x[key] for x in res["vsw"])
                o = statistics.median(x[key] for x in res["ovs"])
                print(f"{what:<28}{per / v:>11,.0f}/s{per / o:>11,.0f}/s{o / v:>8.2f}x"
                      f"   ({v:.2f} s vs {o:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
