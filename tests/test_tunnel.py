# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""VXLAN tunnel ports against peers no one here wrote: Linux's own VXLAN, and vsw itself.

usage: test_tunnel.py CASE   (as root)

  kernel     vsw's underlay bridge (internal port vxphy0 with the local endpoint,
             a net_tap "physical" port whose interface sits in namespace PEER) and
             overlay bridge (vxlan port vx0, key 42; a net_tap port into namespace
             TEN). In PEER, a Linux vxlan device (id 42, dstport 4789) over the
             physical interface. TEN and PEER ping each other across the tunnel and
             send 10 MB of TCP each way (SHA-256 compared); every packet counted.
  malformed  the same, then PEER writes VXLAN frames by hand to the local endpoint:
             one good, then truncated, a bad IPv4 checksum, a wrong UDP length, the
             VXLAN I flag clear, a bad UDP checksum, an IP length past the frame
             (each dropped and counted tunnel_bad_header), an unknown VNI
             (tunnel_unknown), and one to UDP port 4790 (not VXLAN here: through the
             underlay bridge, never decapsulated); the tunnel still carries pings;
             frames longer than the underlay MTU less 50 are counted tunnel_mtu.
  routes     the same with a probe every millisecond through the tunnel: a neighbour
             change in the kernel (the remote's MAC replaced by a bogus one, then
             back) is followed within 10 ms, a route withdrawal within 50 ms (the
             remote's route removed: the probes stop; put back: they resume).
  flow       vx0 with remote-ip and key "flow": rules set tun_dst and tun_id on the
             way out and match tun_id and tun_src on the way in (pings, TCP); a
             packet no rule gave a tun_dst is dropped and counted.
  churn      10,000 changes of the remote's neighbour entry under traffic: the heap
             and file descriptors stay as they were, the tunnel still works.
  remotes    flow-based remotes over time beyond the next-hop table's 256: rules send
             UDP port 7000+i to remote 10.93.x.y (i), routed through the internal
             port, each a permanent neighbour; 200 remotes in use, then 200 others,
             then the first 200 again: PEER sees VXLAN frames to every one of each
             set (the idle set's entries make room); heap and file descriptors the
             same after each set.
  reload     live reloads around a running tunnel: changing vx0's remote-ip is
             refused (and nothing changes), adding a second vxlan port before vx0
             and removing it again are taken; the tunnel carries pings throughout.
  switches   two vswitchd, each in its own network namespace, their physical
             ports joined by a Linux bridge: a namespace behind each overlay
             pings the other and sends 10 MB of TCP each way.
"""

import hashlib
import os
import socket
import struct
import subprocess
import sys
import threading
import time

from pcaplib import csum
from vswtest import OFCTL, Switch, check, ofctl, run_cases

VNI = 42
PY = sys.executable
HERE = os.path.abspath(__file__)


def sh(*args, ns=None, check_rc=True):
    """Run a command (in namespace ns); its stdout."""
    argv = (["ip", "netns", "exec", ns] if ns else []) + list(args)
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if check_rc and p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)}: {p.stderr.strip()}")
    return p.stdout


def topology(tag, local="10.99.0.1", remote="10.99.0.2", key=VNI):
    return f"""dpdk: {{file-prefix: {{prefix}}, socket-mem: 128, extra: [--no-pci]}}
pmd-cores: [1]
bridges:
  - name: brphy
    fail-mode: standalone
    ports:
      - {{name: {tag}i, type: internal, addresses: [{local}/24]}}
      - {{name: phy, type: dpdk, devargs: "net_tap0,iface={tag}p"}}
  - name: brint
    fail-mode: standalone
    ports:
      - {{name: vx0, type: vxlan, remote-ip: {remote}, local-ip: {local}, key: {key}}}
      - {{name: ten, type: dpdk, devargs: "net_tap1,iface={tag}t"}}
"""


class KernelPeer:
    """vsw on the kernel's side: namespaces PEER (Linux vxlan) and TEN (behind vsw)."""

    def __init__(self, sw, net="10.99.0", flow=False):
        """net: the underlay's /24; flow: vx0 takes its remote and VNI from the rules."""
        self.tag = f"vx{os.getpid() % 100000}"
        self.peer, self.ten = f"{self.tag}-peer", f"{self.tag}-ten"
        self.sw = sw
        sw.cleanups.append(self.close)
        sw.write_config(topology(self.tag, f"{net}.1", "flow" if flow else f"{net}.2",
                                 "flow" if flow else VNI))
        sw.start()
        t = self.tag
        sh("ip", "netns", "add", self.peer)
        sh("ip", "netns", "add", self.ten)
        for ns in (self.peer, self.ten):  # no IPv6 chatter: the counts are the test's
            sh("sh", "-c", "echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && "
               "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6", ns=ns)
        sh("ip", "link", "set", f"{t}p", "netns", self.peer)
        sh("ip", "addr", "add", f"{net}.2/24", "dev", f"{t}p", ns=self.peer)
        sh("ip", "link", "set", f"{t}p", "up", ns=self.peer)
        sh("ip", "link", "add", "vxk", "type", "vxlan", "id", str(VNI), "remote", f"{net}.1",
           "local", f"{net}.2", "dstport", "4789", "dev", f"{t}p", ns=self.peer)
        sh("ip", "addr", "add", "192.168.77.2/24", "dev", "vxk", ns=self.peer)
        sh("ip", "link", "set", "vxk", "up", ns=self.peer)
        sh("ip", "link", "set", f"{t}t", "netns", self.ten)
        sh("ip", "addr", "add", "192.168.77.1/24", "dev", f"{t}t", ns=self.ten)
        sh("ip", "link", "set", f"{t}t", "mtu", "1450", "up", ns=self.ten)

    def close(self):
        for ns in (self.peer, self.ten):
            subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)

    def port(self, name):
        return self.sw.probe()["port"][name]


def ping(ns, addr, count=5):
    out = sh("ping", "-c", str(count), "-i", "0.2", "-W", "2", addr, ns=ns, check_rc=False)
    check(f" {count} received" in out, f"ping {addr} from {ns}: {out[-300:]}")


def tcp_transfer(server_ns, client_ns, addr, port, n=10_000_000):
    """n random bytes from client_ns to addr:port in server_ns; both SHA-256s equal."""
    srv = subprocess.Popen(["ip", "netns", "exec", server_ns, PY, HERE, "_serve", str(port)],
                           stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        sent = sh(PY, HERE, "_send", addr, str(port), str(n), ns=client_ns).split()
        got = srv.communicate(timeout=60)[0].split()
    finally:
        srv.kill()
        srv.wait()
    check(sent == got and sent[0] == str(n), f"TCP {client_ns} -> {server_ns}: sent {sent}, "
          f"received {got}")
    return sent[1]


def case_kernel():
    with Switch("vxk") as sw:
        k = KernelPeer(sw)
        ping(k.ten, "192.168.77.2")
        ping(k.peer, "192.168.77.1")
        ports = source_ports(k)
        h1 = tcp_transfer(k.peer, k.ten, "192.168.77.2", 5001)
        h2 = tcp_transfer(k.ten, k.peer, "192.168.77.1", 5002)
        vx = k.port("vx0")
        check(int(vx["rx_packets"]) > 7000 and int(vx["tx_packets"]) > 7000,
              f"the tunnel port's counters: {vx}")
        check(sw.stop() == 0, "clean stop")
    print(f"kernel: pings both ways, 10 MB TCP each way through the tunnel (SHA-256 "
          f"{h1[:12]}.., {h2[:12]}.. equal); vx0 rx {vx['rx_packets']}, tx {vx['tx_packets']}; "
          f"64 inner flows left in {ports} outer UDP source ports, all in 49152-65535")


def source_ports(k, flows=64):
    """Datagrams of `flows` inner flows (destination ports) from TEN through the tunnel:
    the outer UDP source ports PEER sees spread them (RFC 7348: a hash of the inner
    headers, in 49152-65535). Returns how many distinct ports."""
    sniff = subprocess.Popen(["ip", "netns", "exec", k.peer, PY, HERE, "_sniff", f"{k.tag}p",
                              "2", "10.99.0.1", "sport"], stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        sh(PY, HERE, "_udp_spray", "192.168.77.2", str(flows), ns=k.ten)
        got = [int(x) for x in sniff.communicate(timeout=30)[0].split()]
    finally:
        sniff.kill()
        sniff.wait()
    check(len(got) >= flows, f"{flows} datagrams through the tunnel: PEER saw {len(got)}")
    check(all(49152 <= p <= 65535 for p in got), f"outer source ports out of range: {got}")
    distinct = len(set(got))
    # 64 hashes into 16,384 ports: all distinct but for a rare collision or two.
    check(distinct >= flows * 3 // 4, f"{flows} inner flows, {distinct} outer source ports: "
          f"{sorted(set(got))}")
    return distinct


def case_flow():
    with Switch("vxf") as sw:
        k = KernelPeer(sw, "10.96.0", flow=True)
        flows = ("in_port=2,actions=set_field:42->tun_id,set_field:10.96.0.2->tun_dst,output:1\n"
                 "in_port=1,tun_id=42,tun_src=10.96.0.2,actions=output:2\n")
        p = subprocess.run([OFCTL, "--prefix", sw.prefix,
                            "add-flows", "brint", "-"], input=flows, capture_output=True,
                           text=True, timeout=30)
        check(p.returncode == 0, f"the flow-based rules: {p.stderr}")
        ping(k.ten, "192.168.77.2")
        ping(k.peer, "192.168.77.1")
        h = tcp_transfer(k.peer, k.ten, "192.168.77.2", 5005)
        # A rule that sets no remote: dropped and counted, not sent anywhere.
        p = subprocess.run([OFCTL, "--prefix", sw.prefix,
                            "add-flow", "brint", "priority=40000,in_port=2,actions=output:1"],
                           capture_output=True, text=True, timeout=30)
        before = int(k.port("vx0")["drop.tunnel_no_nexthop"])
        sh("ping", "-c", "2", "-i", "0.2", "-W", "1", "192.168.77.2", ns=k.ten, check_rc=False)
        unset = int(k.port("vx0")["drop.tunnel_no_nexthop"]) - before
        check(p.returncode == 0 and unset >= 2, f"no tun_dst: counted tunnel_no_nexthop ({unset})")
        check(sw.stop() == 0, "clean stop")
    print(f"flow: remote-ip and key from set_field (tun_dst, tun_id), matched on tun_id and "
          f"tun_src coming back: pings both ways, 10 MB TCP (SHA-256 {h[:12]}.. equal); without "
          f"a tun_dst, counted tunnel_no_nexthop")


def vxlan_frame(dst_mac, src_mac, vni=VNI, dport=4789, ip_csum_bad=False, udp_len_delta=0,
                flags=0x08, udp_csum_bad=False, ip_len_delta=0, cut=0):
    """An outer frame from 10.99.0.2 to 10.99.0.1 carrying an ICMP echo 192.168.77.2 -> .1."""
    icmp = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"x" * 32
    icmp = icmp[:2] + struct.pack("!H", csum(icmp)) + icmp[4:]
    iip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0, 64, 1, 0,
                      socket.inet_aton("192.168.77.2"), socket.inet_aton("192.168.77.1"))
    iip = iip[:10] + struct.pack("!H", csum(iip)) + iip[12:]
    inner = bytes.fromhex("02aaaaaaaaaa02bbbbbbbbbb0800") + iip + icmp
    vx = struct.pack("!B3xI", flags, vni << 8) + inner
    udp = struct.pack("!HHHH", 50000, dport, 8 + len(vx) + udp_len_delta, 0) + vx
    if udp_csum_bad:
        udp = udp[:6] + b"\x12\x34" + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp) + ip_len_delta, 0, 0x4000, 64, 17, 0,
                     socket.inet_aton("10.99.0.2"), socket.inet_aton("10.99.0.1"))
    ip = ip[:10] + struct.pack("!H", csum(ip) ^ (0x1111 if ip_csum_bad else 0)) + ip[12:]
    frame = dst_mac + src_mac + b"\x08\x00" + ip + udp
    return frame[:len(frame) - cut] if cut else frame


def mac_of(ifname, ns=None):
    return bytes.fromhex(sh("cat", f"/sys/class/net/{ifname}/address", ns=ns).strip()
                         .replace(":", ""))


def case_malformed():
    with Switch("vxm") as sw:
        k = KernelPeer(sw)
        ping(k.ten, "192.168.77.2", 2)
        dst, src = mac_of(f"{k.tag}i"), mac_of(f"{k.tag}p", k.peer)
        bad = {
            "truncated": vxlan_frame(dst, src, cut=40),
            "bad IPv4 checksum": vxlan_frame(dst, src, ip_csum_bad=True),
            "wrong UDP length": vxlan_frame(dst, src, udp_len_delta=-4),
            "VXLAN I flag clear": vxlan_frame(dst, src, flags=0),
            "bad UDP checksum": vxlan_frame(dst, src, udp_csum_bad=True),
            "IP length past the frame": vxlan_frame(dst, src, ip_len_delta=30),
        }
        before = k.port("phy")
        vx_before = int(k.port("vx0")["rx_packets"])
        frames = [vxlan_frame(dst, src)] + list(bad.values()) + [
            vxlan_frame(dst, src, vni=43), vxlan_frame(dst, src, dport=4790)]
        sh(PY, HERE, "_inject", f"{k.tag}p", *[f.hex() for f in frames], ns=k.peer)
        time.sleep(0.5)
        after = k.port("phy")
        d = {r: int(after[f"drop.{r}"]) - int(before[f"drop.{r}"])
             for r in ("tunnel_bad_header", "tunnel_unknown")}
        vx_rx = int(k.port("vx0")["rx_packets"]) - vx_before
        check(d["tunnel_bad_header"] == len(bad), f"{len(bad)} malformed frames counted "
              f"tunnel_bad_header: {d}")
        check(d["tunnel_unknown"] == 1, f"the unknown VNI counted tunnel_unknown: {d}")
        # The good frame and the echo replies the pings below bring; port 4790's never.
        check(vx_rx == 1, f"only the good frame decapsulated: vx0 took {vx_rx}")
        ping(k.ten, "192.168.77.2", 3)
        # Too long for the underlay (MTU 1,500 less VXLAN's 50): dropped, never fragmented.
        sh("ip", "link", "set", f"{k.tag}t", "mtu", "1500", ns=k.ten)
        mtu0 = int(k.port("vx0")["drop.tunnel_mtu"])
        sh("ping", "-c", "2", "-i", "0.2", "-W", "1", "-M", "do", "-s", "1460", "192.168.77.2",
           ns=k.ten, check_rc=False)
        big = int(k.port("vx0")["drop.tunnel_mtu"]) - mtu0
        check(big == 2, f"two 1,502-byte frames counted tunnel_mtu: {big}")
        check(sw.stop() == 0, "clean stop")
    print(f"malformed: {len(bad)} malformed outer headers ({', '.join(bad)}) dropped and "
          f"counted tunnel_bad_header, a wrong VNI tunnel_unknown, UDP port 4790 left to the "
          f"underlay; pings after; frames too long for the underlay counted tunnel_mtu")


def case_reload():
    with Switch("vxl") as sw:
        k = KernelPeer(sw)
        ping(k.ten, "192.168.77.2", 2)
        base = open(sw.config).read()
        sw.write_config(base.replace("remote-ip: 10.99.0.2", "remote-ip: 10.99.0.3"))
        rc, _, err = ofctl(sw, "reload")
        check(rc != 0 and "vx0" in err, f"a changed vxlan port refused: rc {rc}, {err!r}")
        ping(k.ten, "192.168.77.2", 2)
        extra = ("      - {name: vx1, type: vxlan, remote-ip: 10.99.0.9, local-ip: 10.99.0.1, "
                 "key: 7}\n")
        sw.write_config(base.replace("      - {name: vx0", extra + "      - {name: vx0"))
        rc, _, err = ofctl(sw, "reload")
        check(rc == 0, f"a vxlan port added: rc {rc}, {err!r}")
        ping(k.ten, "192.168.77.2", 2)
        sw.write_config(base)
        rc, _, err = ofctl(sw, "reload")
        check(rc == 0, f"the vxlan port removed: rc {rc}, {err!r}")
        ping(k.ten, "192.168.77.2", 2)
        check(sw.stop() == 0, "clean stop")
    print("reload: a changed vxlan port refused, one added and removed; pings throughout")


def case_churn():
    """The kernel's tables changed 2,000 times under traffic: the switch's heap and file
    descriptors where they were (each change makes the control thread look again)."""
    import test_soak
    with Switch("vxc") as sw:
        k = KernelPeer(sw, "10.95.0")
        ping(k.ten, "192.168.77.2", 2)
        real = sh("cat", f"/sys/class/net/{k.tag}p/address", ns=k.peer).strip()
        heap0, fds0 = test_soak.heap(sw), test_soak.fds(sw)
        batch = os.path.join(sw.dir, "neigh.batch")
        with open(batch, "w") as f:
            for i in range(1000):
                f.write(f"neigh replace 10.95.0.2 lladdr 02:00:00:00:{i >> 8:02x}:{i & 255:02x} "
                        f"dev {k.tag}i nud permanent\n"
                        f"neigh replace 10.95.0.2 lladdr {real} dev {k.tag}i nud permanent\n")
        churn = subprocess.Popen(["sh", "-c", f"for i in 1 2 3 4 5; do ip -batch {batch}; "
                                  "sleep 0.2; done"])
        try:
            h = tcp_transfer(k.peer, k.ten, "192.168.77.2", 5006)
        finally:
            churn.wait(timeout=120)
        check(churn.returncode == 0, f"ip -batch exited {churn.returncode}")
        time.sleep(1.5)  # the once-a-second look, too
        ping(k.ten, "192.168.77.2", 3)
        heap1, fds1 = test_soak.heap(sw), test_soak.fds(sw)
        check(heap1 == heap0, f"heap {heap0} -> {heap1}")
        check(fds1 == fds0, f"file descriptors {len(fds0)} -> {len(fds1)}")
        check(sw.stop() == 0, "clean stop")
    print(f"churn: 10,000 neighbour changes and 10 MB of TCP (SHA-256 {h[:12]}..): heap "
          f"{heap0} and {len(fds0)} file descriptors unchanged; pings after")


REMOTES = 200  # in use at once; two sets of them outnumber the next-hop table (256)


def remote_of(i):
    """The i-th flow-based remote of case_remotes."""
    return f"10.93.{(i + 1) >> 8}.{(i + 1) & 255}"


def remotes_reached(k, first):
    """Send to REMOTES flow-based remotes from `first` on for 7.5 s; the outer
    destinations PEER sees in the last 2.5 s. Before: up to 2 s until the other
    set's entries have been idle over a second, then asks, lookups, the kernel."""
    spray = subprocess.Popen(["ip", "netns", "exec", k.ten, PY, HERE, "_spray_ports",
                              "192.168.77.2", str(7000 + first), str(REMOTES), "7.5"])
    try:
        time.sleep(4.5)
        seen = set(sh(PY, HERE, "_sniff", f"{k.tag}p", "2.5", "10.94.0.1", "dst",
                      ns=k.peer).split())
    finally:
        spray.wait(timeout=30)
    return seen


def case_remotes():
    import test_soak
    with Switch("vxn") as sw:
        k = KernelPeer(sw, "10.94.0", flow=True)
        t = k.tag
        peer_mac = sh("cat", f"/sys/class/net/{t}p/address", ns=k.peer).strip()
        sh("ip", "route", "add", "10.93.0.0/16", "dev", f"{t}i")
        batch = os.path.join(sw.dir, "neigh.batch")
        with open(batch, "w") as f:
            f.writelines(f"neigh replace {remote_of(i)} lladdr {peer_mac} dev {t}i nud permanent\n"
                         for i in range(2 * REMOTES))
        sh("ip", "-batch", batch)
        rules = "".join(f"in_port=2,udp,tp_dst={7000 + i},actions=set_field:42->tun_id,"
                        f"set_field:{remote_of(i)}->tun_dst,output:1\n"
                        for i in range(2 * REMOTES))
        p = subprocess.run([OFCTL, "--prefix", sw.prefix, "add-flows", "brint", "-"],
                           input=rules, capture_output=True, text=True, timeout=30)
        check(p.returncode == 0, f"the rules: {p.stderr}")
        # TEN's datagrams need no ARP answer from across the tunnel.
        sh("ip", "neigh", "replace", "192.168.77.2", "lladdr", "02:00:00:00:77:02", "dev",
           f"{t}t", "nud", "permanent", ns=k.ten)
        held = []
        for first in (0, REMOTES, 0):
            seen = remotes_reached(k, first)
            missing = [remote_of(i) for i in range(first, first + REMOTES)
                       if remote_of(i) not in seen]
            check(not missing, f"remotes {remote_of(first)}..: PEER saw no VXLAN frame to "
                  f"{len(missing)} of {REMOTES}: {missing[:5]}...")
            held.append((test_soak.heap(sw), test_soak.fds(sw)))
        forgotten = sw.stderr().count("forgotten (idle")
        check(forgotten >= 2 * (2 * REMOTES - 256), f"{forgotten} idle remotes forgotten")
        check(held[2] == held[1] == held[0], "heap and file descriptors after each set: "
              f"{[(h, len(f)) for h, f in held]}")
        check(sw.stop() == 0, "clean stop")
    print(f"remotes: {REMOTES} flow-based remotes at a time, three sets (the first again), "
          f"through a next-hop table of 256: PEER saw frames to every one; {forgotten} idle "
          f"ones forgotten to make room; heap {held[0][0]} and {len(held[0][1])} file "
          f"descriptors the same after each set")


class Probes:
    """UDP probes from TEN to PEER every millisecond; PEER's arrival times (monotonic)."""

    def __init__(self, k):
        self.rx = subprocess.Popen(["ip", "netns", "exec", k.peer, PY, HERE, "_probe_rx"],
                                   stdout=subprocess.PIPE, text=True)
        time.sleep(0.3)
        self.tx = subprocess.Popen(["ip", "netns", "exec", k.ten, PY, HERE, "_probe_tx"])
        self.times = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.rx.stdout:
            self.times.append(float(line))

    def between(self, a, b):
        return [t for t in self.times if a <= t < b]

    def close(self):
        for p in (self.tx, self.rx):
            p.kill()
            p.wait()


def timed(*args):
    """Run a command; the monotonic time just after it returned."""
    sh(*args)
    return time.monotonic()


def case_routes():
    with Switch("vxr") as sw:
        k = KernelPeer(sw)
        ping(k.ten, "192.168.77.2", 2)
        real = sh("cat", f"/sys/class/net/{k.tag}p/address", ns=k.peer).strip()
        ifc = f"{k.tag}i"
        pr = Probes(k)
        sw.cleanups.insert(0, pr.close)
        try:
            time.sleep(1)
            check(len(pr.between(time.monotonic() - 0.5, time.monotonic())) > 200,
                  f"probes arrive: {len(pr.times)}")
            # A neighbour change: the remote's MAC replaced by one nobody has.
            t0 = timed("ip", "neigh", "replace", "10.99.0.2", "lladdr", "02:00:00:00:00:99",
                       "dev", ifc, "nud", "permanent")
            time.sleep(0.5)
            late = pr.between(t0, t0 + 0.5)
            stop_ms = (late[-1] - t0) * 1000 if late else 0.0
            t1 = timed("ip", "neigh", "replace", "10.99.0.2", "lladdr", real, "dev", ifc, "nud",
                       "permanent")
            time.sleep(0.5)
            back = pr.between(t1, t1 + 0.5)
            back_ms = (back[0] - t1) * 1000 if back else 1e9
            # A withdrawal: the route to the remote removed, then put back.
            t2 = timed("ip", "route", "del", "10.99.0.0/24", "dev", ifc)
            time.sleep(0.5)
            late = pr.between(t2, t2 + 0.5)
            wd_ms = (late[-1] - t2) * 1000 if late else 0.0
            t3 = timed("ip", "route", "add", "10.99.0.0/24", "dev", ifc, "src", "10.99.0.1")
            time.sleep(0.5)
            again = pr.between(t3, t3 + 0.5)
        finally:
            pr.close()
        check(stop_ms <= 10, f"a neighbour change followed within 10 ms: probes arrived "
              f"{stop_ms:.1f} ms after it")
        check(back_ms <= 10, f"the MAC put back followed within 10 ms: {back_ms:.1f} ms")
        check(wd_ms <= 50, f"a route withdrawal followed within 50 ms: {wd_ms:.1f} ms")
        check(len(again) > 100, f"the route back: probes arrive again ({len(again)})")
        check(sw.stop() == 0, "clean stop")
    print(f"routes: neighbour change followed in {stop_ms:.1f} ms, its return in {back_ms:.1f} "
          f"ms; route withdrawal in {wd_ms:.1f} ms; probes again after the route came back")


def case_switches():
    tag = f"vs{os.getpid() % 100000}"
    spaces = {s: f"{tag}-{s}" for s in ("a", "b", "wire", "ta", "tb")}
    with Switch("vxa") as a, Switch("vxb") as b:
        def close():
            for ns in spaces.values():
                subprocess.run(["ip", "netns", "del", ns], stderr=subprocess.DEVNULL)
        a.cleanups.append(close)
        for ns in spaces.values():
            sh("ip", "netns", "add", ns)
        sh("ip", "link", "add", "name", "wire", "type", "bridge", ns=spaces["wire"])
        sh("ip", "link", "set", "wire", "up", ns=spaces["wire"])
        for sw, me, other, side in ((a, "10.98.0.1", "10.98.0.2", "a"),
                                    (b, "10.98.0.2", "10.98.0.1", "b")):
            t = f"{tag}{side}"
            sw.write_config(topology(t, me, other))
            sw.netns = spaces[side]
            sw.start()
            sh("ip", "link", "set", f"{t}p", "netns", spaces["wire"], ns=spaces[side])
            sh("ip", "link", "set", f"{t}p", "master", "wire", "up", ns=spaces["wire"])
            ten = spaces["t" + side]
            sh("ip", "link", "set", f"{t}t", "netns", ten, ns=spaces[side])
            sh("ip", "addr", "add", f"192.168.78.{1 if side == 'a' else 2}/24", "dev", f"{t}t",
               ns=ten)
            sh("ip", "link", "set", f"{t}t", "mtu", "1450", "up", ns=ten)
        ping(spaces["ta"], "192.168.78.2")
        ping(spaces["tb"], "192.168.78.1")
        h1 = tcp_transfer(spaces["tb"], spaces["ta"], "192.168.78.2", 5003)
        h2 = tcp_transfer(spaces["ta"], spaces["tb"], "192.168.78.1", 5004)
        check(a.stop() == 0 and b.stop() == 0, "clean stops")
    print(f"switches: two vswitchd tunnel to each other: pings both ways, 10 MB TCP each way "
          f"(SHA-256 {h1[:12]}.., {h2[:12]}.. equal)")


def helper(argv):
    """The processes the cases run inside namespaces."""
    if argv[1] == "_serve":
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(argv[2])))
        s.listen(1)
        s.settimeout(30)
        c, _ = s.accept()
        h, n = hashlib.sha256(), 0
        while b := c.recv(65536):
            h.update(b)
            n += len(b)
        print(n, h.hexdigest())
    elif argv[1] == "_send":
        data = os.urandom(int(argv[4]))
        c = socket.create_connection((argv[2], int(argv[3])), timeout=30)
        c.sendall(data)
        c.close()
        print(len(data), hashlib.sha256(data).hexdigest())
    elif argv[1] == "_inject":
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((argv[2], 0))
        for f in argv[3:]:
            s.send(bytes.fromhex(f))
            time.sleep(0.01)
    elif argv[1] == "_sniff":  # IFACE SECONDS SRC sport|dst: of each VXLAN frame from SRC,
        # its outer UDP source port or its outer destination address
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
        s.bind((argv[2], 0))
        end = time.monotonic() + float(argv[3])
        while (left := end - time.monotonic()) > 0:
            s.settimeout(left)
            try:
                f = s.recv(2048)
            except socket.timeout:
                break
            if (len(f) >= 42 and f[12:14] == b"\x08\x00" and f[23] == 17 and
                    f[26:30] == socket.inet_aton(argv[4])):
                ihl = (f[14] & 15) * 4
                sport, dport = struct.unpack("!HH", f[14 + ihl:18 + ihl])
                if dport == 4789:
                    print(sport if argv[5] == "sport" else socket.inet_ntoa(f[30:34]),
                          flush=True)
    elif argv[1] == "_udp_spray":  # ADDR FLOWS: one datagram to each of FLOWS ports
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i in range(int(argv[3])):
            s.sendto(b"spray", (argv[2], 7000 + i))
            time.sleep(0.002)
    elif argv[1] == "_spray_ports":  # ADDR FIRST N SECONDS: datagrams to ports FIRST..+N-1
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        end, i = time.monotonic() + float(argv[5]), 0
        while time.monotonic() < end:
            s.sendto(b"remote", (argv[2], int(argv[3]) + i))
            i = (i + 1) % int(argv[4])
            time.sleep(0.0005)
    elif argv[1] == "_probe_rx":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", 9999))
        while True:
            s.recv(64)
            print(f"{time.monotonic():.6f}", flush=True)
    elif argv[1] == "_probe_tx":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        while True:
            s.sendto(b"probe", ("192.168.77.2", 9999))
            time.sleep(0.001)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        helper(sys.argv)
    else:
        sys.exit(run_cases(globals(), sys.argv))
