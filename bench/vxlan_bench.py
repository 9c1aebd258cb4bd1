#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vxlan_bench: VXLAN encapsulation and decapsulation, vsw and OVS-DPDK 3.1 side by side
(a benchmark, not a test).

Both switches get the same shape, OVS-DPDK's userspace tunnelling as its
documentation builds it: an underlay bridge (NORMAL, or with --underlay flows
two in_port rules between the internal port and the physical one) with the physical port
(memif server m1) and the local endpoint 10.99.0.1/24 on its internal port
(vsw: an internal port; OVS: the bridge's LOCAL interface), and an overlay
bridge with a VM port (memif server m0) and a vxlan port to 10.99.0.2, key
42, joined by in_port rules both ways. The remote's MAC is set by hand
(vsw: a permanent neighbour in the kernel; OVS: tnl/arp/set). One PMD on
CPU 1; vsw-pktgen on CPU 0, 1,000 flows:
  encap  plain frames into m0; the generator counts what comes out of m1,
         VXLAN-wrapped (its magic number 50 bytes further in);
  decap  VXLAN frames (--vxlan: to the underlay's MAC, VNI 42, 10.99.0.2 to
         10.99.0.1) into m1; the generator counts the inner frames out of m0;
  both   the two at once (--both): plain frames into m0 and VXLAN into m1, the
         sum of what comes out of both (the one PMD encapsulates one way and
         decapsulates the other).
Sizes are the inner frame's: 64 B (114 on the underlay) and 1464 B, the
largest that fits an underlay MTU of 1,500 with VXLAN's 50 bytes (1,514 on
the underlay, a 1518-byte Ethernet frame with its FCS). DPDK 22.11's memif
takes no MTU past 1,500, and vsw never fragments: larger inner frames would
be dropped (tunnel_mtu) where OVS sends them oversized.
The switches alternate run by run; medians of the Mpps the generator
received and of the PMD's cycles per packet, read in windows of 0.5 s: each
run's median window, and its best (this VM has spells in which everything
runs ~2.7x slower: see DISTURBANCE).

With --floor each run also measures DPDK's testpmd forwarding between the
same two memif ports in io mode (frames unchanged: no encapsulation, so
encap's frames leave 50 bytes shorter than a tunnel's), as bench/run's
floor: what the ports' drivers alone cost. OVS's cycles over the floor's
bound the ratio any switch on these ports could show against OVS.

usage: bench/vxlan_bench.py [--build DIR] [--runs N] [--sizes 64,1464] [--underlay normal|flows]
                           [--floor]   (as root)
"""

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time

from openflow_bench import load_run

FLOWS = 1000
LOCAL, REMOTE, REMOTE_MAC = "10.99.0.1", "10.99.0.2", "02:00:00:00:00:09"
OVERLAY_RULES = "in_port=1,actions=output:2\nin_port=2,actions=output:1\n"
WAYS = ("encap", "decap", "both")
DURATION = 4.0  # seconds measured per run
WINDOW = 0.5    # seconds per window of PMD counters
# DISTURBANCE: this VM has spells, seconds to minutes long, in which everything runs
# about 2.7x slower (a run's windows flip between ~195 and ~600 cycles/packet,
# vsw and OVS alike), so medians of whole runs depend on when the spells
# fell. Each run's best window is what the switch costs undisturbed; when a
# spell covers whole runs, only the best run's is. The spells are the VM's:
# they begin with nothing started (a memory-latency probe with no switch
# running sees them too), and touch vsw, OVS and testpmd alike. vsw's windows
# are read from its telemetry socket, OVS's by ovs-appctl, neither switch's
# counters cleared: no DPDK process (vsw-ofctl) starts while a PMD is measured.
UNDERLAY = {"normal": None, "flows": "in_port=1,actions=output:2\nin_port=2,actions=output:1\n"}


def memif(d, n):
    return f"net_memif{n},role=server,socket={d}/m{n}.sock"


def gen_vdevs(d):
    return [f"net_memif{n},role=client,socket={d}/m{n}.sock,zero-copy=yes" for n in (0, 1)]


def mac_of(ifname):
    with open(f"/sys/class/net/{ifname}/address") as f:
        return f.read().strip()


def make_vsw(run, underlay):
    class VswTunnel(run.Vsw):
        """vsw with an underlay bridge brphy and an overlay bridge brint."""

        def __init__(self, build, tag):
            from vswtest import Switch
            self.ofctl_bin = os.path.join(build, "ofctl/vsw-ofctl")
            self.sw = Switch(f"benchvx{tag}", os.path.join(build, "vswitchd/vswitchd"))
            self.dir = d = self.sw.dir
            self.gen = gen_vdevs(d)
            self.internal = f"vbi{tag}"[:15]
            try:
                self.sw.write_config(f"""dpdk: {{file-prefix: {{prefix}}, socket-mem: 512, extra: [--no-pci]}}
pmd-cores: [1]
bridges:
  - name: brphy
    fail-mode: {"standalone" if underlay is None else "secure"}
    ports:
      - {{name: {self.internal}, type: internal, addresses: [{LOCAL}/24], ofport: 1}}
      - {{name: phy, type: dpdk, devargs: "{memif(d, 1)}", ofport: 2}}
  - name: brint
    fail-mode: secure
    ports:
      - {{name: vm, type: dpdk, devargs: "{memif(d, 0)}", ofport: 1}}
      - {{name: vx0, type: vxlan, remote-ip: {REMOTE}, local-ip: {LOCAL}, key: 42, ofport: 2}}
""")
                self.telemetry = None
                self.sw.start()
                run.sh(["ip", "neigh", "replace", REMOTE, "lladdr", REMOTE_MAC, "dev",
                        self.internal, "nud", "permanent"])
                path = os.path.join(d, "flows.txt")
                with open(path, "w") as f:
                    f.write(OVERLAY_RULES)
                self.ofctl("add-flows", "brint", path)
                if underlay is not None:
                    with open(path, "w") as f:
                        f.write(underlay)
                    self.ofctl("add-flows", "brphy", path)
                self.underlay_mac = mac_of(self.internal)
                time.sleep(0.5)  # the neighbour's notification followed
            except Exception:
                self.close()
                raise

        def ask(self, command):
            """The answer to a command on DPDK's telemetry socket of its vswitchd."""
            if self.telemetry is None:
                self.telemetry = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
                self.telemetry.settimeout(10)
                self.telemetry.connect(f"/var/run/dpdk/{self.sw.prefix}/dpdk_telemetry.v2")
                self.telemetry.recv(16384)  # the greeting
            self.telemetry.send(command.encode())
            return json.loads(self.telemetry.recv(65536))[command.split(",")[0]]

        def cumulative(self):
            """(busy cycles, packets) of its PMD so far."""
            pmd = self.ask("/vsw/pmd,1")
            return pmd["busy_cycles"], pmd["packets"]

        def ports(self):
            """Each port's counters, the drops not zero, one line each."""
            return "\n".join(f"{name}: " + " ".join(f"{k}={v}" for k, v in
                                                   self.ask(f"/vsw/port,{name}").items()
                                                   if v and k not in ("bridge", "ofport"))
                             for name in self.ask("/vsw/ports"))

        def close(self):
            if getattr(self, "telemetry", None) is not None:
                self.telemetry.close()
            super().close()

    return VswTunnel


def make_ovs(run, underlay):
    class OvsTunnel(run.Ovs):
        """OVS-DPDK with br-phy (LOCAL has the endpoint) and br-int, as its userspace
        tunnelling guide builds them."""

        def __init__(self, build, tag):
            self.phy = phy = f"bp{tag}"[:15]
            self.start_daemons(tag)
            d = self.dir
            self.gen = gen_vdevs(d)
            try:
                self.vsctl("add-br", phy, "--", "set", "bridge", phy, "datapath_type=netdev",
                           "--", "add-port", phy, "phy", "--", "set", "Interface", "phy",
                           "type=dpdk", f"options:dpdk-devargs={memif(d, 1)}",
                           "ofport_request=2")
                self.vsctl("add-br", "br-int", "--", "set", "bridge", "br-int",
                           "datapath_type=netdev", "fail-mode=secure",
                           "--", "add-port", "br-int", "vm", "--", "set", "Interface", "vm",
                           "type=dpdk", f"options:dpdk-devargs={memif(d, 0)}",
                           "ofport_request=1",
                           "--", "add-port", "br-int", "vx0", "--", "set", "Interface", "vx0",
                           "type=vxlan", f"options:remote_ip={REMOTE}", "options:key=42",
                           "ofport_request=2")
                run.sh(["ip", "addr", "replace", f"{LOCAL}/24", "dev", phy])
                run.sh(["ip", "link", "set", phy, "up"])
                time.sleep(0.5)  # OVS's route table follows the kernel's
                self.appctl("tnl/arp/set", phy, REMOTE, REMOTE_MAC)
                path = os.path.join(d, "flows.txt")
                with open(path, "w") as f:
                    f.write(OVERLAY_RULES)
                run.sh(["ovs-ofctl", "add-flows", "br-int", path], self.env)
                if underlay is not None:  # the internal port is LOCAL in OVS
                    with open(path, "w") as f:
                        f.write(underlay.replace("=1,", "=LOCAL,").replace(":1", ":LOCAL"))
                    run.sh(["ovs-ofctl", "del-flows", phy], self.env)
                    run.sh(["ovs-ofctl", "add-flows", phy, path], self.env)
                self.underlay_mac = mac_of(phy)
            except Exception:
                self.close()
                raise

        def ports(self):
            """ovs-ofctl dump-ports of both bridges."""
            return "\n".join(run.sh(["ovs-ofctl", "dump-ports", b], self.env)
                             for b in (self.phy, "br-int"))

        def cumulative(self):
            """(processing cycles, packets) of its PMD so far."""
            text = self.appctl("dpif-netdev/pmd-stats-show")
            return (run.number(r"processing cycles: (\d+)", text),
                    run.number(r"packets received: (\d+)", text))

        def close(self):
            super().close()
            subprocess.run(["ip", "link", "del", self.phy], stderr=subprocess.DEVNULL)

    return OvsTunnel


def make_floor(run):
    class FloorTunnel(run.Floor):
        """testpmd io forwarding between the memif ports the switches get."""
        underlay_mac = "02:00:00:00:00:01"  # the generator's --vxlan (testpmd ignores it)

        def __init__(self, build, tag):
            super().__init__(build, "memif-memif", "", FLOWS, tag)

    return FloorTunnel


class Windows:
    """The PMD's cycles per packet in windows of WINDOW seconds while the generator
    measures (a thread reads the switch's PMD counters, sw.cumulative(), and takes
    the differences)."""

    def __init__(self, sw):
        self.sw, self.cpp, self.stop = sw, [], threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def start(self):
        self.last = self.sw.cumulative()
        self.thread.start()

    def sample(self):
        while not self.stop.wait(WINDOW):
            now = self.sw.cumulative()
            cycles, packets = (now[i] - self.last[i] for i in (0, 1))
            self.last = now
            if packets > 0:
                self.cpp.append(cycles / packets)

    def finish(self):
        self.stop.set()
        self.thread.join()
        return self.cpp


def one_run(run, cls, build, way, size, tag):
    """(Mpps the generator received, the PMD's cycles a packet: the median window's,
    the best window's) of one switch, one way, one size."""
    held = run.hold_hugepages(random.randrange(run.HOLD_PAGES))  # a new placement each run
    sw, gen = None, None
    try:
        sw = cls(build, tag)
        extra = {"encap": [], "decap": ["--tx", "1", "--rx", "0", "--vxlan", sw.underlay_mac],
                 "both": ["--vxlan", sw.underlay_mac, "--both"]}[way]
        if cls.name == "floor":  # testpmd reports its cycles once, when it quits
            g, gen = run.generate(build, sw.dir, sw.gen, FLOWS, size, tag, sw.clear,
                                  cls.memif_txq, extra)
            cpp = sw.pmd_stats()[0]
            return g["rx"], cpp, cpp
        w = Windows(sw)
        try:
            g, gen = run.generate(build, sw.dir, sw.gen, FLOWS, size, tag, w.start,
                                  cls.memif_txq, extra)
        finally:
            cpp = w.finish() or [float("nan")]
        if g["rx"] < 0.01 * g["tx"]:  # say why (seen once in ~100 runs)
            print(f"{cls.name} {way} {size} B: {g}, its ports:\n{sw.ports()}", file=sys.stderr)
        return g["rx"], statistics.median(cpp), min(cpp)
    finally:
        if sw is not None:
            sw.close()
        if gen is not None:
            run.release(gen)
        if held is not None:
            held.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(os.path.dirname(__file__), "..", "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="64,1464")
    ap.add_argument("--underlay", choices=sorted(UNDERLAY), default="normal")
    ap.add_argument("--floor", action="store_true", help="measure testpmd's floor too")
    args = ap.parse_args()
    run = load_run()
    run.ensure_ovs()
    run.DURATION = DURATION
    build = os.path.abspath(args.build)
    underlay = UNDERLAY[args.underlay]
    classes = {"vsw": make_vsw(run, underlay), "ovs": make_ovs(run, underlay)}
    if args.floor:
        classes["floor"] = make_floor(run)
    sizes = [int(s) for s in args.sizes.split(",")]
    res = {}
    for r in range(args.runs):
        for way in WAYS:
            for size in sizes:
                for name, cls in classes.items():
                    x = one_run(run, cls, build, way, size, f"{r}")
                    res.setdefault((name, way, size), []).append(x)
                    print(f"run {r} {name} {way} {size} B: {x[0]:.2f} Mpps, {x[1]:.1f} "
                          f"cycles/packet (best window {x[2]:.1f})", flush=True)
    print(f"\nmedians of {args.runs} runs, one PMD, memif, 1,000 flows, underlay {args.underlay} "
          f"(inner frame sizes; cycles/packet: each run's median window):")
    table(res, sizes, 1)
    print(f"\nthe same with each run's best {WINDOW} s window (undisturbed: see DISTURBANCE):")
    table(res, sizes, 2)
    print("\nthe best run of each (the most Mpps; the fewest cycles in a window): when the "
          "spells last\nlonger than runs, what the switches cost undisturbed:")
    table(res, sizes, 2, best=True)
    if args.floor:
        floor_table(res, sizes)
    return 0


def table(res, sizes, col, best=False):
    """One line per way and size: over the runs, the generator's Mpps and cycles/packet
    column col of one_run's result (medians, or with best the most and the fewest),
    vsw and OVS, and their ratios."""
    print(f"{'':<14}{'vsw Mpps':>10}{'OVS Mpps':>10}{'ratio':>7}{'vsw cyc/p':>11}"
          f"{'OVS cyc/p':>11}{'ratio':>7}")
    stats = (max, min) if best else (statistics.median, statistics.median)
    for way in WAYS:
        for size in sizes:
            v = [stats[k](x[i] for x in res["vsw", way, size]) for k, i in enumerate((0, col))]
            o = [stats[k](x[i] for x in res["ovs", way, size]) for k, i in enumerate((0, col))]
            print(f"{way + ' ' + str(size) + ' B':<14}{v[0]:>10.2f}{o[0]:>10.2f}"
                  f"{v[0] / max(o[0], 1e-9):>7.2f}{v[1]:>11.1f}{o[1]:>11.1f}"
                  f"{o[1] / max(v[1], 1e-9):>7.2f}")


def floor_table(res, sizes):
    """One line per way and size: the floor's Mpps and cycles/packet next to vsw's
    and OVS's, best runs (as the last table), and OVS's cycles over the floor's."""
    print("\nthe floor (testpmd io forwarding, frames unchanged), best runs; OVS/floor: "
          "the most any switch\non these ports could show against OVS:")
    print(f"{'':<14}{'floor Mpps':>11}{'floor cyc/p':>12}{'vsw cyc/p':>11}{'OVS cyc/p':>11}"
          f"{'OVS/floor':>10}")
    for way in WAYS:
        for size in sizes:
            f, v, o = (min(x[2] for x in res[name, way, size]) for name in ("floor", "vsw", "ovs"))
            mpps = max(x[0] for x in res["floor", way, size])
            print(f"{way + ' ' + str(size) + ' B':<14}{mpps:>11.2f}{f:>12.1f}{v:>11.1f}{o:>11.1f}"
                  f"{o / max(f, 1e-9):>10.2f}")


if __name__ == "__main__":
    sys.exit(main())
