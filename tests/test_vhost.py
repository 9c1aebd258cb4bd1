# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""vhost-user ports with no VM: real DPDK peers (tests/vhost_peer, a
net_virtio_user device in its own DPDK primary) stand in for guests.

usage: test_vhost.py CASE   (meson runs each case as its own test)
"""

import os
import socket
import subprocess
import sys
import time

import pcaplib
from vswtest import run_cases, poll, Switch, check, parse_exit_counters, topology, vhost_port

PEER = os.environ.get("VHOST_PEER", "build/tests/vhost_peer")

def small_frames(n, seed):
    """Frames a pcap port can replay forever (single segment, Ethernet header present)."""
    return [f for f in pcaplib.make_frames(n * 2, seed=seed) if 14 <= len(f) <= 1514][:n]


class Peer:
    """One vhost_peer process: a guest on a vhost-user socket."""

    def __init__(self, sw, name, sock, frames=(), server=False, queues=1, infinite=False,
                 extra=(), port1=None):
        """port1: the guest side's other device (devargs); default a pcap pair."""
        self.status = sw.path(f"{name}.status")
        self.out = sw.path(f"{name}-out.pcap")
        inp = sw.path(f"{name}-in.pcap")
        pcaplib.write_pcap(inp, list(frames))
        # A 1024-entry ring: test guests share one CPU, and a burst must fit while one waits.
        virtio = (f"net_virtio_user0,path={sock},queues={queues},queue_size=1024" +
                  (",server=1" if server else ""))
        pcap = port1 or (f"net_pcap0,rx_pcap={inp},tx_pcap={self.out}" +
                         (",infinite_rx=1" if infinite else ""))
        self.prefix = f"{sw.prefix}-{name}"
        self.proc = subprocess.Popen(
            [PEER, "-l", "0", f"--file-prefix={self.prefix}", "--in-memory",
             "--single-file-segments", "--no-pci", "--log-level=.*:error", f"--vdev={virtio}",
             f"--vdev={pcap}", "--", self.status] + list(extra),
            stdout=subprocess.DEVNULL, stderr=open(sw.path(f"{name}.err"), "w"))
        sw.cleanups.append(self.kill)

    def counts(self):
        try:
            with open(self.status) as f:
                return {k: int(v) for k, v in (kv.split("=") for kv in f.read().split())}
        except (FileNotFoundError, ValueError):
            return {"sent": 0, "received": 0}

    def wait(self, pred, what, timeout=20):
        return poll(self.counts, pred, f"peer: {what}", timeout, self.proc,
                    lambda: f"peer exited {self.proc.returncode} waiting for {what}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
        return pcaplib.read_pcap(self.out) if os.path.exists(self.out) else []

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def phy_vhost(sw, ports, flows, a_opts=""):
    """A secure bridge: port a on pcaps (a-in.pcap, a-out.pcap; a_opts: more devargs), then
    ports (vhost_port() mappings)."""
    sw.write_config(topology([("a", "net_pcap0,rx_pcap={dir}/a-in.pcap,tx_pcap={dir}/a-out.pcap"
                                    + a_opts)] + ports, flows, socket_mem=128))


def rx(sw, port):
    return int(sw.probe()["port"][port]["rx_packets"])


def case_phy_vhost_phy():
    """a (pcap, repeating) -> vm1 -> guest; guest -> vm1 -> a, frame for frame."""
    to_guest, from_guest = small_frames(40, 1), small_frames(200, 2)
    with Switch("vh-pvp") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), to_guest)
        sock = sw.path("run/vm1.sock")
        phy_vhost(sw, [vhost_port("vm1", sock, extra=', socket-mode: "0660"')],
                 ["in_port=a,actions=output:vm1", "in_port=vm1,actions=output:a"],
                 a_opts=",infinite_rx=1")
        sw.start()
        check(oct(os.stat(sock).st_mode & 0o777) == "0o660", "socket-mode applied")
        peer = Peer(sw, "g1", sock, from_guest, extra=["--delay-ms", "500"])
        peer.wait(lambda c: c["sent"] == 200 and c["received"] > 1000, "traffic both ways")
        got = peer.stop()
        check(sw.stop() == 0, "clean stop")
        check(all(f in to_guest for f in got), "the guest got only frames a sent")
        out = pcaplib.read_pcap(sw.path("a-out.pcap"))
        check(out == from_guest, f"a got the guest's 200 frames in order ({len(out)})")
    print(f"phy -> vhost: {len(got)} frames to the guest, all from a; vhost -> phy: 200 of 200 "
          "frames in order")


def case_vhost_vhost():
    """guest 1 -> vm1 -> vm2 -> guest 2, frame for frame."""
    frames = small_frames(300, 3)
    with Switch("vh-vv") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), [])
        s1, s2 = sw.path("vm1.sock"), sw.path("vm2.sock")
        phy_vhost(sw, [vhost_port("vm1", s1), vhost_port("vm2", s2)],
                 ["in_port=vm1,actions=output:vm2", "in_port=vm2,actions=output:vm1"])
        sw.start()
        g2 = Peer(sw, "g2", s2)
        g2.wait(lambda c: True, "guest 2 up")
        g1 = Peer(sw, "g1", s1, frames, extra=["--delay-ms", "1000"])
        g1.wait(lambda c: c["sent"] == 300, "guest 1 sent 300")
        g2.wait(lambda c: c["received"] == 300, "guest 2 received 300")
        g1.stop()
        got = g2.stop()
        check(got == frames, f"guest 2 got the 300 frames in order ({len(got)})")
        check(sw.stop() == 0, "clean stop")
    print("vhost -> vhost: 300 of 300 frames in order")


def case_client_mode_and_restart():
    """vhost-user-client: the guest owns the socket; vswitchd restarts, traffic resumes."""
    frames = small_frames(40, 4)
    with Switch("vh-cli") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), [])
        sock = sw.path("guest.sock")
        phy_vhost(sw, [vhost_port("vm1", sock, kind="vhost-user-client")],
                 ["in_port=vm1,actions=output:a"])
        guest = Peer(sw, "g1", sock, frames, server=True, infinite=True)
        guest.wait(lambda c: True, "guest up")
        sw.start()
        first = sw.wait_for(lambda s: int(s["port"]["vm1"]["rx_packets"]) > 1000,
                            "traffic from the guest")
        check(sw.stop() == 0, "clean stop")
        before = guest.counts()["sent"]
        sw.start()  # the same guest process: no operator action on its side
        second = sw.wait_for(lambda s: int(s["port"]["vm1"]["rx_packets"]) > 1000,
                             "traffic again after the restart")
        check(guest.proc.poll() is None, "the guest kept running")
        check(guest.counts()["sent"] > before, "the guest kept sending")
        check(sw.stop() == 0, "clean stop")
        guest.stop()
    print(f"client mode: {first['port']['vm1']['rx_packets']} packets before a vswitchd "
          f"restart, {second['port']['vm1']['rx_packets']} after, guest untouched")


def case_guest_reconnect():
    """A guest goes away mid-traffic and comes back; the switch carries on."""
    with Switch("vh-rec") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), small_frames(20, 5))
        sock = sw.path("vm1.sock")
        phy_vhost(sw, [vhost_port("vm1", sock)], ["in_port=a,actions=output:vm1",
                                                 "in_port=vm1,actions=output:a"],
                 a_opts=",infinite_rx=1")
        sw.start()
        g = Peer(sw, "g1", sock, small_frames(20, 6), infinite=True)
        g.wait(lambda c: c["received"] > 1000 and c["sent"] > 1000, "traffic both ways")
        g.kill()  # no goodbye: as a crashed VM
        time.sleep(0.5)
        dropped = int(sw.probe()["port"]["vm1"]["drop.tx_ring_full"])
        a_rx = rx(sw, "a")
        sw.wait_for(lambda s: int(s["port"]["a"]["rx_packets"]) > a_rx + 1000,
                    "the PMD forwarding on with the guest gone")
        g2 = Peer(sw, "g2", sock, small_frames(20, 7), infinite=True)
        g2.wait(lambda c: c["received"] > 1000 and c["sent"] > 1000, "traffic with the new guest")
        s = sw.probe()
        check(int(s["port"]["vm1"]["drop.tx_ring_full"]) >= dropped, "drops counted meanwhile")
        g2.stop()
        check(sw.stop() == 0, "clean stop")
    print("guest killed mid-traffic: switch kept forwarding (drops counted as tx_ring_full); "
          "a new guest on the same socket got traffic at once")


def case_two_queue_pairs():
    """A guest with 2 queue pairs on a port with rxq: 2."""
    frames = small_frames(400, 8)
    with Switch("vh-mq") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), [])
        sock = sw.path("vm1.sock")
        phy_vhost(sw, [vhost_port("vm1", sock, extra=", rxq: 2")], ["in_port=vm1,actions=output:a"])
        sw.start()
        s = sw.probe()
        check(s["pmd"][0]["rxq"] == "3", f"the PMD polls a's queue and vm1's two: {s['pmd']}")
        g = Peer(sw, "g1", sock, frames, queues=2, extra=["--delay-ms", "500"])
        g.wait(lambda c: c["sent"] == 400, "400 frames sent over 2 queues")
        s = sw.wait_for(lambda s: s["port"]["vm1"]["rx_packets"] == "400", "400 frames received")
        per_q = [int(q["rx_packets"]) for q in s["queue"] if q["port"] == "vm1"]
        check(len(per_q) == 2 and sum(per_q) == 400 and min(per_q) > 0,
              f"both queues carried traffic, counted per queue: {per_q}")
        g.stop()
        check(sw.stop() == 0, "clean stop")
        out = pcaplib.read_pcap(sw.path("a-out.pcap"))
        check(sorted(out) == sorted(frames), "every frame arrived (order is per queue)")
    print(f"2 queue pairs: 400 of 400 frames, per rx queue {per_q}")


def case_guest_never_ready():
    """A guest that connects but never enables its rings does not hold up the PMD."""
    with Switch("vh-nr") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), small_frames(20, 9))
        sock = sw.path("vm1.sock")
        phy_vhost(sw, [vhost_port("vm1", sock)], ["in_port=a,actions=output:vm1"],
                 a_opts=",infinite_rx=1")
        sw.start()
        g = Peer(sw, "g1", sock, extra=["--no-start"])
        g.wait(lambda c: True, "guest attached")
        time.sleep(0.5)
        s1 = sw.probe()
        s2 = sw.wait_for(lambda s: int(s["port"]["a"]["rx_packets"]) >
                         int(s1["port"]["a"]["rx_packets"]) + 100000, "a keeps flowing")
        drops = int(s2["port"]["vm1"]["drop.tx_ring_full"])
        check(drops > 100000 and s2["port"]["vm1"]["tx_packets"] == "0",
              f"everything for vm1 dropped and counted: {s2['port']['vm1']}")
        g.stop()
        check(sw.stop() == 0, "clean stop")
    print(f"a guest that never enables its rings: {drops} packets dropped and counted, the PMD "
          "never waits")


def case_socket_errors():
    """A stale socket is replaced; a path that is not a socket is an error at its place."""
    with Switch("vh-err") as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), [])
        sock = sw.path("vm1.sock")
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(sock)
        stale.close()  # the file stays, nobody listens: a crash's leftover
        phy_vhost(sw, [vhost_port("vm1", sock)], ["in_port=vm1,actions=output:a"])
        sw.start()
        check(sw.stop() == 0, "started over a stale socket and stopped")
        phy_vhost(sw, [vhost_port("vm1", "/proc/vsw-test/vm1.sock")], ["in_port=vm1,actions=output:a"])
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and f"{sw.config}:8:9: port vm1: cannot create the socket in /proc/vsw-test "
              "as root" in err, f"unwritable: {rc} {err!r}")
        phy_vhost(sw, [vhost_port("vm1", sock)], ["in_port=vm1,actions=output:a"])
        with open(sock, "w") as f:
            f.write("not a socket")
        rc, out, err = sw.run(["--config", sw.config])
        check(rc == 1 and f"{sw.config}:8:9: port vm1: {sock} exists and is not a socket" in err,
              f"{rc} {err!r}")
    print("stale socket removed; a regular file in the way: exit 1 naming FILE:LINE:COL")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
