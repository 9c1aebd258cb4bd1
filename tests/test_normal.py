# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""NORMAL, the learning switch with VLANs, on bridges with no flows at all.

Every port is a net_tap device, so the test writes chosen frames into one
port's kernel interface and reads exactly what each other port sent
(taplib). The MAC table is checked through vsw-ofctl fdb-show, drops through
dump-ports.

usage: test_normal.py CASE   (meson runs each case as its own test)
"""

import os
import re
import sys
import time

import taplib
from taplib import frame
from vswtest import Switch, check, dpdk_port, ofctl, poll, run_cases, topology, vhost_port

A, B, C = "02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c"
BCAST, MCAST = "ff:ff:ff:ff:ff:ff", "01:00:5e:00:00:01"


class Lan:
    """A running vswitchd whose ports are taps, and a socket on each."""

    def __init__(self, sw, ports, bridge_keys=""):
        """ports: [(name, extra YAML keys)]; bridge_keys: extra bridge keys (topology())."""
        self.sw = sw
        self.names = [p for p, _ in ports]
        tag = os.getpid() % 100000
        self.ifnames = [f"v{tag}n{i}" for i in range(len(ports))]
        sw.write_config(topology([dpdk_port(p, f"net_tap{i},iface={self.ifnames[i]}", extra)
                                  for i, (p, extra) in enumerate(ports)],
                                 fail_mode=None, socket_mem=128, bridge_keys=bridge_keys))
        sw.start()
        check(taplib.wait_interfaces(self.ifnames), "tap interfaces exist")
        for n in self.ifnames:
            taplib.quiet(n)
        self.taps = [taplib.Tap(n) for n in self.ifnames]
        sw.cleanups.insert(0, self.close)
        time.sleep(0.3)
        ofctl(sw, "fdb-flush", "br0")  # forget what the kernel's own frames taught
        self.drain()

    def close(self):
        for t in self.taps:
            t.close()
        self.taps = []

    def drain(self):
        return {self.names[i]: t.drain() for i, t in enumerate(self.taps)}

    def send(self, port, data, settle=0.25):
        """Send one frame into port; {port: [(name, vlan)]} of what every port sent."""
        self.drain()
        self.taps[self.names.index(port)].send(data)
        time.sleep(settle)
        return {p: got for p, got in self.drain().items() if got}

    def fdb(self):
        """fdb-show as {(port, vlan, mac): age}."""
        rc, out, err = ofctl(self.sw, "--names", "fdb-show", "br0")
        check(rc == 0 and out.startswith(" port  VLAN  MAC                Age\n"),
              f"fdb-show: {rc} {out!r} {err!r}")
        rows = {}
        for line in out.splitlines()[1:]:
            port, vlan, m, age = line.split()
            rows[(port, int(vlan), m)] = int(age)
        return rows

    def wait_learned(self, port, vlan, m, timeout=5):
        return poll(self.fdb, lambda f: (port, vlan, m) in f, f"{m} learned on {port}", timeout)

    def drops(self, port):
        rc, out, err = ofctl(self.sw, "dump-ports", "br0", port)
        check(rc == 0, f"dump-ports: {err}")
        return {k: int(v) for k, v in re.findall(r"^\s+drop (\w+)=(\d+) \(.+\)$", out, re.M)}


def expect(got, want, what):
    """got: {port: [(name, vlan)]}; want: {port: vlan or None} each getting frame `what` once."""
    want_full = {p: [(what, v)] for p, v in want.items()}
    check(got == want_full, f"{what}: want {want_full}, got {got}")


def case_learning():
    """Flood unknown, forward known, broadcast and multicast, a move, no hairpin, flush."""
    with Switch("nl-learn") as sw:
        lan = Lan(sw, [("p1", ""), ("p2", ""), ("p3", "")])
        expect(lan.send("p1", frame(B, A, None, "a-to-b")), {"p2": None, "p3": None},
               "a-to-b")
        lan.wait_learned("p1", 0, A)
        expect(lan.send("p2", frame(A, B, None, "b-to-a")), {"p1": None}, "b-to-a")
        lan.wait_learned("p2", 0, B)
        expect(lan.send("p1", frame(B, A, None, "a-to-b-2")), {"p2": None}, "a-to-b-2")
        expect(lan.send("p1", frame(BCAST, A, None, "bcast")), {"p2": None, "p3": None},
               "bcast")
        expect(lan.send("p2", frame(MCAST, B, None, "mcast")), {"p1": None, "p3": None},
               "mcast")
        fdb = lan.fdb()
        check(set(fdb) == {("p1", 0, A), ("p2", 0, B)} and all(a < 5 for a in fdb.values()),
              f"fdb-show: {fdb}")
        # A moves to p3: the next frame from there teaches it, and B's replies follow.
        expect(lan.send("p3", frame(B, A, None, "moved")), {"p2": None}, "moved")
        lan.wait_learned("p3", 0, A)
        check(("p1", 0, A) not in lan.fdb(), "the old place is gone")
        expect(lan.send("p2", frame(A, B, None, "to-moved")), {"p3": None}, "to-moved")
        # Never back out of the input port: C on p3 writes to A, also on p3.
        before = lan.drops("p3").get("normal_in_port", 0)
        check(lan.send("p3", frame(A, C, None, "hairpin")) == {}, "hairpin sent nowhere")
        poll(lambda: lan.drops("p3").get("normal_in_port", 0), lambda n: n == before + 1,
             "normal_in_port counted", 5)
        rc, out, err = ofctl(sw, "fdb-flush", "br0")
        check(rc == 0 and out.startswith("table successfully flushed"), f"fdb-flush: {out}")
        check(lan.fdb() == {}, "flushed")
        expect(lan.send("p2", frame(A, B, None, "after-flush")), {"p1": None, "p3": None},
               "after-flush")
        check(sw.stop() == 0, "clean stop")
    print("learning: unknown unicast, broadcast, multicast flood (never to the input port); "
          "known unicast to its port; a move followed within one frame; hairpin dropped and "
          "counted; fdb-flush forgets")


def case_aging():
    """mac-aging: 2 forgets a silent MAC within a few seconds; a talking one stays."""
    with Switch("nl-age") as sw:
        lan = Lan(sw, [("p1", ""), ("p2", ""), ("p3", "")], bridge_keys="mac-aging: 2")
        lan.send("p1", frame(B, A, None, "a1"))
        lan.send("p2", frame(A, B, None, "b1"))
        lan.wait_learned("p1", 0, A)
        t0 = time.monotonic()
        # B keeps talking, A is silent.
        while time.monotonic() - t0 < 4.5:
            lan.send("p2", frame(C, B, None, "b-alive"), settle=0.3)
        fdb = lan.fdb()
        check(("p1", 0, A) not in fdb and ("p2", 0, B) in fdb, f"after 4.5 s: {fdb}")
        expect(lan.send("p2", frame(A, B, None, "b-to-aged")), {"p1": None, "p3": None},
               "b-to-aged")
        check(sw.stop() == 0, "clean stop")
    print("aging: with mac-aging 2 a silent MAC was gone after 4.5 s and frames to it "
          "flooded again; a MAC seen every 0.3 s stayed")


VLAN_PORTS = [("acc10", "tag: 10"),
              ("acc20", "vlan-mode: access, tag: 20"),
              ("trunk", "trunks: [10, 30-40]"),
              ("nu10", "vlan-mode: native-untagged, tag: 10"),
              ("nt20", "vlan-mode: native-tagged, tag: 20")]


def case_vlans():
    """Access, trunk and native ports: who gets what, tagged or not; what is dropped."""
    h1, h3 = "02:00:00:00:01:01", "02:00:00:00:01:03"
    with Switch("nl-vlan") as sw:
        lan = Lan(sw, VLAN_PORTS)
        # Untagged into access 10: tagged out of trunks, untagged out of native-untagged 10.
        expect(lan.send("acc10", frame(BCAST, h1, None, "u10")),
               {"trunk": 10, "nu10": None, "nt20": 10}, "u10")
        # Tagged 10 from the trunk: untagged to access 10 and native 10.
        expect(lan.send("trunk", frame(BCAST, h3, 10, "t10")),
               {"acc10": None, "nu10": None, "nt20": 10}, "t10")
        # Untagged into native-tagged 20 is VLAN 20; the trunk does not carry it.
        expect(lan.send("nt20", frame(BCAST, C, None, "u20")), {"acc20": None, "nu10": 20},
               "u20")
        # VLAN 35 (in the trunk's range) from native-untagged: tagged both ways.
        expect(lan.send("nu10", frame(BCAST, C, 35, "t35")), {"trunk": 35, "nt20": 35}, "t35")
        # Tagged in, untagged out and back, by learned unicast.
        lan.wait_learned("acc10", 10, h1)
        lan.wait_learned("trunk", 10, h3)
        expect(lan.send("acc10", frame(h3, h1, None, "h1-h3")), {"trunk": 10}, "h1-h3")
        expect(lan.send("trunk", frame(h1, h3, 10, "h3-h1")), {"acc10": None}, "h3-h1")
        # The same MAC in two VLANs is two entries.
        lan.send("nu10", frame(BCAST, h1, 30, "h1-in-30"))
        lan.wait_learned("nu10", 30, h1)
        check(("acc10", 10, h1) in lan.fdb(), "h1 stays known in VLAN 10")
        # Frames of a VLAN the input port does not carry: dropped, counted.
        for port, data in [("acc10", frame(BCAST, A, 10, "tagged-into-access")),
                           ("trunk", frame(BCAST, A, 20, "t20-into-trunk")),
                           ("trunk", frame(BCAST, A, None, "untagged-into-trunk"))]:
            before = lan.drops(port).get("vlan_not_carried", 0)
            check(lan.send(port, data) == {}, f"{port}: sent nowhere")
            poll(lambda: lan.drops(port).get("vlan_not_carried", 0),
                 lambda n: n == before + 1, f"{port}: vlan_not_carried counted", 5)
        check(sw.stop() == 0, "clean stop")
    print("vlans: access, trunk (10,30-40), native-untagged and native-tagged ports flood "
          "within their VLAN, tags pushed and popped as each port's mode says, learned "
          "unicast across access and trunk both ways, one MAC in two VLANs, three kinds of "
          "frames of an uncarried VLAN dropped and counted as vlan_not_carried")


def case_table_full():
    """mac-table-size 16: 32 source MACs leave the 16 seen last."""
    with Switch("nl-full") as sw:
        lan = Lan(sw, [("p1", ""), ("p2", "")], bridge_keys="mac-table-size: 16")
        first = [f"02:00:00:00:10:{i:02x}" for i in range(16)]
        second = [f"02:00:00:00:20:{i:02x}" for i in range(16)]
        for i, m in enumerate(first):
            lan.taps[0].send(frame(BCAST, m, None, f"f{i}"))
        poll(lambda: len(lan.fdb()), lambda n: n == 16, "16 entries", 5)
        time.sleep(1.1)  # a second later: the first 16 are the oldest
        for i, m in enumerate(second):
            lan.taps[0].send(frame(BCAST, m, None, f"s{i}"))
        fdb = poll(lan.fdb, lambda f: {k[2] for k in f} == set(second), "the second 16", 5)
        check(len(fdb) == 16, f"16 entries: {len(fdb)}")
        check(sw.stop() == 0, "clean stop")
    print("table full: mac-table-size 16 held 16 MACs; 16 newer ones evicted the 16 older")


def case_vlans_pcap():
    """Byte for byte over pcap ports: untagged frames from an access port, flooded."""
    import pcaplib
    frames = [bytes.fromhex("ffffffffffff" if i % 2 else "0a0b0c0d0e0f") +
              bytes([2, 0, 0, 0, 0x30, i]) + bytes.fromhex("0800") +
              bytes([0x45]) + bytes(19 + i) for i in range(60)]
    ports = [("a", "tag: 10", True), ("t", "trunks: [10]", False), ("o", "tag: 20", False),
             ("n", "vlan-mode: native-untagged, tag: 10", False),
             ("nt", "vlan-mode: native-tagged, tag: 30", False)]
    with Switch("nl-vpcap") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), frames)
        pcaplib.write_pcap(sw.path("empty.pcap"), [])
        lines = []
        for i, (name, extra, rx) in enumerate(ports):
            dev = (f"net_pcap{i},rx_pcap={sw.dir}/{'a-in' if rx else 'empty'}.pcap,"
                   f"tx_pcap={sw.dir}/{name}-out.pcap")
            lines.append(dpdk_port(name, dev, extra))
        sw.write_config(topology(lines, fail_mode=None, socket_mem=128))
        sw.start()
        sw.wait_for(lambda s: s["port"]["a"]["rx_packets"] == "60", "60 frames in")
        time.sleep(0.3)
        check(sw.stop() == 0, "clean stop")
        tag10 = [f[:12] + bytes.fromhex("8100000a") + f[12:] for f in frames]
        out = {name: pcaplib.read_pcap(sw.path(f"{name}-out.pcap")) for name, _, _ in ports}
        check(out["t"] == tag10, f"trunk: every frame tagged 10 ({len(out['t'])})")
        check(out["n"] == frames, f"native-untagged 10: every frame as it was ({len(out['n'])})")
        check(out["nt"] == tag10, f"native-tagged 30 carries 10 tagged ({len(out['nt'])})")
        check(out["o"] == [] and out["a"] == [], "access 20 and the input port got nothing")
    print("vlans over pcap: 60 untagged frames (broadcast and unknown unicast) from access "
          "port 10 came out of the trunk and the native-tagged port with an 802.1Q tag 10 "
          "(TPID 0x8100, PCP 0) and out of native-untagged 10 as they were, byte for byte; "
          "nothing to access 20 or back")


def case_reload():
    """A reload moves a port to another VLAN, forgets learned MACs, refuses mac-table-size."""
    ports = [("p1", "tag: 10"), ("p2", "tag: 10"), ("p3", "tag: 20")]
    with Switch("nl-reload") as sw:
        lan = Lan(sw, ports)
        expect(lan.send("p1", frame(BCAST, A, None, "before")), {"p2": None}, "before")
        lan.wait_learned("p1", 10, A)
        text = open(sw.config).read()
        open(sw.config, "w").write(text.replace("tag: 20", "tag: 10"))
        rc, out, err = ofctl(sw, "reload")
        check(rc == 0, f"reload: {rc} {err}")
        check(lan.fdb() == {}, "learned MACs forgotten by the switch-over")
        expect(lan.send("p1", frame(BCAST, A, None, "after")), {"p2": None, "p3": None},
               "after")
        open(sw.config, "w").write(text.replace("    ports:", "    mac-table-size: 64\n    ports:"))
        rc, out, err = ofctl(sw, "reload")
        check(rc == 1 and "mac-table-size: that needs a restart" in err and
              err.count("\n") == 1, f"mac-table-size refused: {rc} {err!r}")
        expect(lan.send("p1", frame(BCAST, A, None, "still")), {"p2": None, "p3": None},
               "still")
        check(sw.stop() == 0, "clean stop")
    print("reload: a port moved from VLAN 20 to 10 got VLAN 10's floods at once, the MAC "
          "table was emptied, and a mac-table-size change was refused, changing nothing")


def case_vhost_guest():
    """A vhost-user guest and a physical port find each other through NORMAL."""
    from test_vhost import Peer
    with Switch("nl-vhost") as sw:
        sock = sw.path("vm1.sock")
        tag = os.getpid() % 100000
        phy_if, guest_if = f"v{tag}p", f"v{tag}g"
        sw.write_config(topology([("phy", f"net_tap0,iface={phy_if}"), vhost_port("vm1", sock),
                                  vhost_port("vm2", sw.path("vm2.sock"))],
                                 fail_mode=None, socket_mem=128))
        sw.start()
        Peer(sw, "g1", sock, port1=f"net_tap0,iface={guest_if}")
        check(taplib.wait_interfaces([phy_if, guest_if]), "tap interfaces exist")
        taplib.quiet(phy_if)
        taplib.quiet(guest_if)
        phy, guest = taplib.Tap(phy_if), taplib.Tap(guest_if)
        sw.cleanups.insert(0, lambda: (phy.close(), guest.close()))
        # The guest's link comes up when its virtio device starts; until then frames wait.
        got = poll(lambda: (phy.send(frame(BCAST, A, None, "hello")), time.sleep(0.2),
                            guest.drain())[2],
                   lambda g: ("hello", None) in g, "the guest to hear the phy port", 20)
        ofctl(sw, "fdb-flush", "br0")
        guest.send(frame(A, B, None, "guest-to-phy"))
        time.sleep(0.3)
        check(phy.drain() == [("guest-to-phy", None)], "guest -> phy (flooded)")
        poll(lambda: ofctl(sw, "fdb-show", "br0")[1], lambda o: B in o, "guest MAC learned", 5)
        phy.send(frame(B, A, None, "phy-to-guest"))
        time.sleep(0.3)
        check(guest.drain() == [("phy-to-guest", None)], "phy -> guest")
        poll(lambda: ofctl(sw, "fdb-show", "br0")[1],
             lambda o: re.search(rf"^\s+2\s+0\s+{B}\s+\d+$", o, re.M) and
             re.search(rf"^\s+1\s+0\s+{A}\s+\d+$", o, re.M), "fdb-show: both MACs", 5)
        rc, out, _ = ofctl(sw, "dump-flows", "br0")
        check(re.search(r"priority=0 actions=NORMAL$", out.strip()) and out.count("\n") == 1,
              f"no flows but the default: {out}")
        check(sw.stop() == 0, "clean stop")
    print("vhost guest: phy and a vhost-user guest (vhost_peer, net_virtio_user) reached "
          "each other through NORMAL with no flows, flooded first, then by learned MAC")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
