# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Forwarding against Open vSwitch 3.1: the same flows and frames through both.

Each scenario is a bridge (ports with their VLAN settings, a fail mode,
flows) and a sequence of frames, each into one port. A private OVS
(tests/ovslib.py: the dummy datapath, ports of type dummy writing what they
send to tx_pcap) gets each frame with `ovs-appctl netdev-dummy/receive`,
which returns once the frame is forwarded. A real vswitchd gets the same
bridge on net_tap ports and each frame written into one port's kernel
interface, one frame at a time, so MAC learning sees the same order. After
each frame, what every port sent must be the same bytes in the same order;
any other outcome must be listed in tests/ovs_differences.txt
("forwarding<TAB>SCENARIO/FRAMES<TAB>reason", FRAMES a shell pattern of frame
names), and an entry no frame differs by fails too.

usage: test_fwd_parity.py SCENARIO   (meson runs each as its own test)
"""

import fnmatch
import os
import re
import sys
import time

import pcaplib
import taplib
from framelib import arp, eth, icmp, icmp6, ipv4, ipv6, llc, llc_snap, pad, raw, sctp, tcp, udp
from ovslib import Ovs
from vswtest import Switch, check, dpdk_port, ofctl, poll, run_cases, topology

DIFFERENCES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ovs_differences.txt")
H1, H2, H3, H4 = ("02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03",
                  "02:00:00:00:00:04")
BCAST = "ff:ff:ff:ff:ff:ff"


def listed_differences(scenario):
    """[frame name pattern (fnmatch)] of the forwarding entries listed for scenario."""
    out = []
    with open(DIFFERENCES) as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if cols[0] == "forwarding" and cols[1].startswith(scenario + "/"):
                out.append(cols[1].split("/", 1)[1])
    return out


# A port's settings: (key, its OVS Port column, its vsw topology key); a list
# value is joined with commas. mtu is OVS's Interface column mtu_request (run_ovs).
PORT_SETTINGS = [("mode", "vlan_mode={}", "vlan-mode: {}"), ("tag", "tag={}", "tag: {}"),
                 ("trunks", "trunks={}", "trunks: [{}]"), ("mtu", None, "mtu: {}")]


def setting_text(fmt, value):
    return fmt.format(",".join(map(str, value)) if isinstance(value, list) else value)


def ovs_columns(settings):
    """A port's settings as OVS Port columns."""
    return [setting_text(col, settings[k]) for k, col, _ in PORT_SETTINGS
            if k in settings and col is not None]


def vsw_keys(settings):
    """The same as vsw topology keys."""
    return ", ".join(setting_text(key, settings[k]) for k, _, key in PORT_SETTINGS
                     if k in settings)


def run_ovs(ports, fail_mode, flows, frames):
    """[{port: [frames sent]}] per input frame, from OVS."""
    spec = [(name, n + 1, ovs_columns(vlan)) for n, (name, vlan) in enumerate(ports)]
    out = []
    with Ovs(spec, fail_mode=fail_mode) as ovs:
        for name, settings in ports:
            if "mtu" in settings:
                ovs.vsctl("set", "interface", name, f"mtu_request={settings['mtu']}")
        for flow in flows:  # OpenFlow 1.0 first, then 1.3 (push_vlan), as a user would
            # ovs-ofctl over OpenFlow 1.0 drops write_actions and clear_actions unsaid.
            o13 = "write_actions" in flow or "clear_actions" in flow
            rc, _, err = ovs.ofctl("add-flow", "BRIDGE", flow) if not o13 else (1, "", "")
            if rc != 0:
                rc, _, err = ovs.ofctl("-O", "OpenFlow13", "add-flow", "BRIDGE", flow)
            check(rc == 0, f"ovs-ofctl add-flow {flow}: {err.strip()}")
        seen = {name: 0 for name, _ in ports}
        received = {name: 0 for name, _ in ports}
        for port, _, data in frames:
            ovs.appctl("netdev-dummy/receive", port, data.hex())
            # The reply comes before the main loop polls the port: once the port's rx
            # count shows the frame, that loop has forwarded it.
            received[port] += 1
            poll(lambda: rx_packets(ovs, port), lambda n: n >= received[port],
                 f"OVS to take the frame on {port}", 10)
            sent = {}
            for name, _ in ports:
                got = pcaplib.read_pcap(ovs.path(f"{name}-out.pcap"))
                if len(got) > seen[name]:
                    sent[name] = got[seen[name]:]
                    seen[name] = len(got)
            out.append(sent)
    return out


def rx_packets(ovs, port):
    """OVS's count of frames port received (ovs-ofctl dump-ports)."""
    _, out, _ = ovs.ofctl("dump-ports", "BRIDGE", port)
    m = re.search(r"rx pkts=(\d+)", out)
    return int(m.group(1)) if m else -1


def drain(taps):
    return {name: got for name, got in ((n, t.drain_raw()) for n, t in taps.items()) if got}


def run_vsw(ports, fail_mode, flows, frames, want):
    """The same from vswitchd, frame by frame; want (OVS's) says how long to wait."""
    tag = os.getpid() % 100000
    ifnames = {name: f"v{tag}f{i}" for i, (name, _) in enumerate(ports)}
    out = []
    with Switch("fwdpar") as sw:
        sw.write_config(topology(
            [dpdk_port(name, f"net_tap{i},iface={ifnames[name]}", vsw_keys(vlan))
             for i, (name, vlan) in enumerate(ports)],
            flows=flows, fail_mode=fail_mode, socket_mem=128))
        sw.start()
        check(taplib.wait_interfaces(list(ifnames.values())), "tap interfaces exist")
        for n in ifnames.values():
            taplib.quiet(n)
        taps = {name: taplib.Tap(ifnames[name]) for name, _ in ports}
        sw.cleanups.insert(0, lambda: [t.close() for t in taps.values()])
        time.sleep(0.3)
        ofctl(sw, "fdb-flush", "br0")  # forget what the kernel's own frames taught
        drain(taps)
        for (port, _, data), expect in zip(frames, want):
            taps[port].send(data)
            n_want = sum(len(v) for v in expect.values())
            got, deadline = {}, time.monotonic() + 1.0
            while time.monotonic() < deadline:
                for name, frames_out in drain(taps).items():
                    got.setdefault(name, []).extend(frames_out)
                if sum(len(v) for v in got.values()) >= n_want:
                    break
                time.sleep(0.005)
            time.sleep(0.03 if n_want else 0.06)  # anything more than OVS sent
            for name, frames_out in drain(taps).items():
                got.setdefault(name, []).extend(frames_out)
            out.append(got)
        check(sw.stop() == 0, "clean stop")
    return out


def run_vsw_pcap(ports, fail_mode, flows, frames):
    """The same from vswitchd on pcap ports, which take jumbo frames (net_tap does not):
    one input port only, so what each port sent is compared whole: [{port: [frames]}]."""
    (port,) = {p for p, _, _ in frames}
    with Switch("fwdpcap") as sw:
        pcaplib.write_pcap(sw.path("in.pcap"), [d for _, _, d in frames])
        pcaplib.write_pcap(sw.path("empty.pcap"), [])
        sw.write_config(topology(
            [dpdk_port(name, f"net_pcap{i},rx_pcap={sw.dir}/"
                             f"{'in' if name == port else 'empty'}.pcap,"
                             f"tx_pcap={sw.dir}/{name}-out.pcap", vsw_keys(settings))
             for i, (name, settings) in enumerate(ports)],
            flows=flows, fail_mode=fail_mode, socket_mem=256))
        sw.start()
        sw.wait_for(lambda s: s["port"][port]["rx_packets"] == str(len(frames)),
                    f"{len(frames)} frames in")
        check(sw.stop() == 0, "clean stop")
        return [{name: got for name, got in
                 ((n, pcaplib.read_pcap(sw.path(f"{n}-out.pcap"))) for n, _ in ports) if got}]


def whole(per_frame):
    """Per-frame outputs joined into one list per port."""
    out = {}
    for sent in per_frame:
        for name, frames_out in sent.items():
            out.setdefault(name, []).extend(frames_out)
    return [out]


def show(sent):
    return {p: [f.hex() for f in fs] for p, fs in sent.items()}


def compare(scenario, ports, frames, flows=(), fail_mode="secure", pcap=False):
    """Run both, compare frame by frame (pcap: port by port, all frames together), print
    the counts; fail on an unlisted difference."""
    want, n_frames = run_ovs(ports, fail_mode, flows, frames), len(frames)
    if pcap:
        want, got = whole(want), run_vsw_pcap(ports, fail_mode, flows, frames)
        frames = [(frames[0][0], "all", b"")]
    else:
        got = run_vsw(ports, fail_mode, flows, frames, want)
    listed = listed_differences(scenario)
    same, seen, bad, listed_hit = 0, set(), [], set()
    for (port, name, data), o, v in zip(frames, want, got):
        pattern = next((p for p in listed if fnmatch.fnmatchcase(name, p)), None)
        if o == v:
            same += 1
        elif pattern is not None:
            seen.add(name)
            listed_hit.add(pattern)
        else:
            bad.append(f"{name} (into {port}: {data.hex()})\n  ovs: {show(o)}\n  vsw: {show(v)}")
    bad += [f"{p}: listed, but no frame differs" for p in listed if p not in listed_hit]
    same = n_frames if pcap and same else same
    print(f"{scenario}: {n_frames} frames: {same} forwarded identically, "
          f"{len(seen)} listed differences ({len(listed)} entries)")
    check(not bad, "differences from OVS:\n" + "\n".join(bad))


# ---- frames ----

def ip_frames(dst=H2, src=H1, tags=()):
    """One frame of each IPv4/IPv6/ARP kind, valid: (name, bytes)."""
    def e(t, p, name):
        return (name, eth(dst, src, t, p, tags))
    return [
        e(0x0800, ipv4("192.168.1.1", "10.1.2.3", tcp(4660, 80)), "tcp-syn-80"),
        e(0x0800, ipv4("172.16.0.1", "10.0.0.9", tcp(0x1234, 443, 0x10)), "tcp-ack-443"),
        e(0x0800, ipv4("10.9.9.9", "10.0.0.53", udp(5353, 53)), "udp-53"),
        e(0x0800, ipv4("10.9.9.9", "10.0.0.7", udp(1000, 2000)), "udp"),
        e(0x0800, ipv4("10.9.9.9", "10.0.0.7", sctp(7, 9)), "sctp"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", icmp(8, 0)), "icmp-echo"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", icmp(3, 1)), "icmp-unreach"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", raw(47)), "gre"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", udp(1, 2), ttl=1), "ttl-1"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", udp(1, 2), tos=0xb9), "dscp-46-ecn"),
        e(0x0800, ipv4("10.0.0.1", "10.0.0.2", udp(1, 2), tos=0x20), "tos-32"),
        e(0x0806, arp(1, H1, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2"), "arp-request"),
        e(0x0806, arp(2, "02:00:00:00:00:0a", "10.0.0.2", H1, "10.0.0.1"), "arp-reply"),
        e(0x8035, arp(3, H1, "0.0.0.0", H1, "0.0.0.0"), "rarp"),
        e(0x86DD, ipv6("2001:db8::1", "2001:db8::2", tcp(1, 443)), "tcp6-443"),
        e(0x86DD, ipv6("fe80::2", "fe80::1", icmp6(135, 0)), "icmp6-ns"),
        e(0x86DD, ipv6("2001:db9::1", "fe80::1", udp(1, 2), hlim=1), "udp6-hlim-1"),
    ]


def odd_frames(dst=H2, src=H1):
    """Frames a parser must not be fooled by."""
    ok_ip = ipv4("10.0.0.1", "10.1.2.3", tcp(4660, 80))
    ok_sctp = ipv4("10.0.0.1", "10.1.2.3", sctp(7, 9))  # its CRC32c at bytes 32..35
    return [
        ("lldp", eth("01:80:c2:00:00:0e", src, 0x88CC, b"\x02\x07\x04" + b"\0" * 40)),
        ("unknown-type", eth(dst, src, 0x88B5, b"\0" * 46)),
        ("multicast-dst", eth("01:00:5e:00:00:01", src, 0x0800,
                              ipv4("10.0.0.1", "224.0.0.1", udp(1, 2)))),
        ("vlan10", eth(dst, src, 0x0800, ok_ip, [(0x8100, 10)])),
        ("vlan20-pcp5", eth(dst, src, 0x0800, ok_ip, [(0x8100, 5 << 13 | 20)])),
        ("vlan0-priority", eth(dst, src, 0x0800, ok_ip, [(0x8100, 3 << 13)])),
        ("qinq", eth(dst, src, 0x0800, ok_ip, [(0x88A8, 100), (0x8100, 10)])),
        ("qinq-8100-8100", eth(dst, src, 0x0800, ok_ip, [(0x8100, 100), (0x8100, 10)])),
        ("llc-snap-ip", llc_snap(dst, src, 0x0800, ok_ip)),
        ("llc-stp", llc("01:80:c2:00:00:00", src)),
        ("frag-first", eth(dst, src, 0x0800,
                           ipv4("10.0.0.1", "10.1.2.3", tcp(4660, 80), frag=0x2000))),
        ("frag-later", eth(dst, src, 0x0800,
                           ipv4("10.0.0.1", "10.1.2.3", tcp(4660, 80), frag=0x0010))),
        ("frag-last", eth(dst, src, 0x0800,
                          ipv4("10.0.0.1", "10.1.2.3", udp(1, 53), frag=0x0020))),
        ("ip-options", eth(dst, src, 0x0800,
                           ipv4("10.0.0.1", "10.1.2.3", tcp(4660, 80), options=b"\x01" * 4))),
        ("ip-truncated", eth(dst, src, 0x0800, ok_ip[:12])),
        ("tcp-truncated", eth(dst, src, 0x0800, ok_ip[:24])),
        ("ip-bad-ihl", eth(dst, src, 0x0800, bytes([0x43]) + ok_ip[1:])),
        ("ip-bad-version", eth(dst, src, 0x0800, bytes([0x65]) + ok_ip[1:])),
        ("ip-short-total", eth(dst, src, 0x0800, ok_ip[:2] + b"\x00\x10" + ok_ip[4:])),
        ("ip6-truncated", eth(dst, src, 0x86DD,
                              ipv6("2001:db8::1", "2001:db8::2", tcp(1, 443))[:30])),
        ("arp-truncated", eth(dst, src, 0x0806,
                              arp(1, src, "10.0.0.1", "00:00:00:00:00:00", "10.0.0.2")[:10])),
        ("eth-only", eth(dst, src, 0x0800, b"")),
        ("padded-udp", pad(eth(dst, src, 0x0800, ipv4("10.0.0.1", "10.1.2.3", udp(1, 53, b""))))),
        ("sctp-bad-crc", eth(dst, src, 0x0800, ok_sctp[:32] + b"\xde\xad\xbe\xef" + ok_sctp[36:])),
        ("max-1514", eth(dst, src, 0x0800,
                         ipv4("10.0.0.1", "10.1.2.3", udp(9, 53, b"\xab" * 1472)))),
    ]


def into(port, named):
    return [(port, name, data) for name, data in named]


# ---- scenarios ----

PLAIN = [("p1", {}), ("p2", {}), ("p3", {}), ("p4", {})]

MATCHES = [
    "in_port=4", "dl_src=02:00:00:00:00:99", "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00",
    "dl_vlan=10", "dl_vlan_pcp=5", "vlan_tci=0x1000/0x1000", "arp,arp_op=2",
    "arp,arp_spa=10.0.0.0/8,arp_tpa=10.0.0.2", "arp,arp_sha=02:00:00:00:00:0a", "rarp",
    "tcp,tp_dst=80", "tcp,tp_src=0x1000/0xf000", "tcp,tcp_flags=+ack", "udp,tp_dst=53",
    "sctp,tp_dst=9", "icmp,icmp_type=8,icmp_code=0", "icmp,icmp_type=3",
    "ip,nw_src=192.168.0.0/16", "ip,nw_dst=10.1.2.3", "ip,nw_tos=32", "ip,ip_dscp=46",
    "ip,nw_ttl=1", "ip,nw_frag=first", "ip,nw_frag=later", "ip,nw_ecn=1", "ip,nw_proto=47", "tcp6,tp_dst=443", "udp6,tp_dst=2", "sctp6", "icmp6,icmp_type=135",
    "ipv6,ipv6_src=2001:db8::/32", "ipv6,ipv6_dst=fe80::1", "ip", "ipv6", "arp",
    "dl_type=0x88cc",
]


def case_match():
    """Every match field: the rule a frame hits marks its source MAC."""
    flows = [f"priority={200 - i},{m},actions=mod_dl_src:02:00:00:00:01:{i:02x},output:2"
             for i, m in enumerate(MATCHES)] + ["priority=1,actions=output:3"]
    frames = into("p1", ip_frames() + odd_frames())
    frames += into("p4", [("from-p4", ip_frames()[0][1])])
    frames += into("p1", [("src-99", eth(H2, "02:00:00:00:00:99", 0x88B5, b"\0" * 46))])
    compare("match", PLAIN, frames, flows)


ACTIONS = [
    ("", "output:2"), ("", "output:2,output:3"), ("", "in_port"), ("", "output:1"),
    ("", "flood"), ("", "all"), ("", "drop"), ("", "output:9,output:2"),
    ("", "mod_vlan_vid:7,output:2"), ("", "mod_vlan_pcp:3,output:2"),
    ("", "strip_vlan,output:2"), ("", "push_vlan:0x8100,output:2"),
    ("", "push_vlan:0x88a8,mod_vlan_vid:9,output:2"),
    ("", "mod_vlan_vid:5,output:2,strip_vlan,output:3"),
    ("", "set_field:0x3005->vlan_tci,output:2"),
    ("", "mod_dl_src:02:0a:0b:0c:0d:0e,mod_dl_dst:02:01:02:03:04:05,output:2"),
    ("", "set_field:02:00:00:00:00:00/ff:00:00:00:00:00->eth_dst,output:2"),
    ("ip", "mod_nw_src:1.2.3.4,mod_nw_dst:5.6.7.8,output:2"),
    ("ip", "set_field:10.0.0.0/255.0.0.0->ip_src,output:2"),
    ("ip", "mod_nw_tos:32,output:2"), ("ipv6", "mod_nw_tos:32,output:2"),
    ("tcp", "mod_tp_src:1000,mod_tp_dst:2000,output:2"),
    ("udp", "mod_tp_src:1000,mod_tp_dst:2000,output:2"),
    ("ip", "dec_ttl,output:2"), ("ipv6", "dec_ttl,output:2"),
    ("ip", "output:2,resubmit(,2),output:4"),
    ("", "mod_dl_src:02:00:00:00:0e:01,resubmit(,1)"), ("", "goto_table:3"),
    ("", "load:0x5->NXM_NX_REG0[],resubmit(,4)"),
    ("", "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],output:2"),
    ("", "normal"),
    ("ip", "mod_nw_ttl:9,output:2"), ("ipv6", "set_field:7->nw_ttl,output:2"),
    ("ip", "set_field:3->nw_ecn,output:2"),
    ("icmp", "set_field:0->icmp_type,set_field:5->icmp_code,output:2"),
    ("icmp6", "set_field:136->icmpv6_type,output:2"),
    ("arp", "set_field:2->arp_op,set_field:10.9.8.7->arp_spa,"
            "set_field:02:0a:0b:0c:0d:0e->arp_sha,set_field:10.0.0.0/255.0.0.0->arp_tpa,output:2"),
    ("", "load:1->NXM_OF_ETH_DST[40],output:2"),
    ("tcp", "load:0x1234->NXM_OF_TCP_SRC[],output:2"),
    ("", "set_field:0x5/0xf0f->reg0,resubmit(,5)"),
    ("sctp", "set_field:77->sctp_dst,mod_tp_src:5,output:2"),
    ("ipv6", "set_field:2001:db8::99->ipv6_src,set_field:fe80::/ffff::->ipv6_dst,output:2"),
    ("ipv6", "move:NXM_NX_IPV6_SRC[0..31]->NXM_NX_REG0[],resubmit(,6)"),
    ("", "load:0->NXM_OF_IN_PORT[],output:1"), ("", "set_field:3->in_port,in_port"),
    ("", "set_field:2->in_port,flood"), ("", "set_field:4->in_port,resubmit(,7)"),
    # The action set: written, run as the pipeline ends (OpenFlow 1.1+).
    ("", "write_actions(output:2)"), ("", "write_actions(output:2,output:3)"),
    ("ip", "output:3,write_actions(mod_nw_dst:5.6.7.8,dec_ttl,output:2)"),
    ("", "write_actions(output:2),goto_table:8"), ("", "write_actions(output:2),goto_table:10"),
    ("", "resubmit(,9),write_actions(output:2)"), ("", "write_actions(strip_vlan,output:2)"),
    ("", "write_actions(mod_vlan_vid:9,push_vlan:0x8100,output:2)"),
    ("", "write_actions(mod_dl_dst:02:01:02:03:04:05)"),
    ("", "clear_actions,write_actions(mod_dl_src:02:0a:0b:0c:0d:0e,output:2)"),
]
ACTION_TABLES = ["table=1,actions=output:3", "table=2,ip,actions=dec_ttl,output:3",
                 "table=3,priority=10,tcp,actions=output:2", "table=3,priority=0,actions=output:3",
                 "table=4,reg0=5,actions=output:2", "table=4,priority=0,actions=output:3",
                 "table=5,reg0=0x5/0xf0f,actions=output:2", "table=5,priority=0,actions=output:3",
                 "table=6,reg0=1,actions=output:2", "table=6,priority=0,actions=output:3",
                 "table=7,in_port=4,actions=output:2", "table=7,priority=0,actions=output:3",
                 "table=8,actions=write_actions(output:3)", "table=9,actions=output:3",
                 "table=10,actions=clear_actions"]


def case_actions():
    """Every action, on every kind of frame: rule i is chosen by destination MAC."""
    flows = list(ACTION_TABLES)
    for i, (pre, acts) in enumerate(ACTIONS):
        dst = f"02:00:00:00:aa:{i:02x}"
        flows.append(f"priority=200,{pre + ',' if pre else ''}dl_dst={dst},actions={acts}")
        flows.append(f"priority=100,dl_dst={dst},actions=output:4")
    kinds = ["tcp-syn-80", "udp-53", "sctp", "icmp-echo", "ttl-1", "arp-request", "tcp6-443",
             "udp6-hlim-1", "icmp6-ns"]
    odd = ["vlan10", "qinq", "llc-snap-ip", "frag-later", "ip-truncated", "sctp-bad-crc"]
    frames = []
    for i in range(len(ACTIONS)):
        dst = f"02:00:00:00:aa:{i:02x}"
        frames += into("p1", [(f"a{i}-{n}", d) for n, d in ip_frames(dst=dst) if n in kinds])
        frames += into("p1", [(f"a{i}-{n}", d) for n, d in odd_frames(dst=dst) if n in odd])
    compare("actions", PLAIN, frames, flows)


VLAN_PORTS = [("acc10", {"tag": 10}), ("acc20", {"tag": 20}), ("trunk", {}),
              ("trk10", {"trunks": [10]}),
              ("nu10", {"mode": "native-untagged", "tag": 10, "trunks": [10, 30]}),
              ("nt20", {"mode": "native-tagged", "tag": 20, "trunks": [20, 30]})]


def case_normal():
    """NORMAL with VLANs, learning in order, reserved multicast, priority tags."""
    def f(dst, src, vid=None, name=""):
        tags = [] if vid is None else [(0x8100, vid)]
        return eth(dst, src, 0x0800, ipv4("10.0.0.1", "10.0.0.2", udp(1, 2, name.encode())), tags)
    seq = [
        ("acc10", "h1-bcast", f(BCAST, H1)), ("trunk", "h2-bcast-10", f(BCAST, H2, 10)),
        ("acc10", "h1-to-h2", f(H2, H1)), ("trunk", "h2-to-h1", f(H1, H2, 10)),
        ("acc10", "h1-to-unknown", f(H4, H1)), ("acc10", "h1-to-h1-same-port", f(H1, H1)),
        ("trunk", "h3-bcast-30", f(BCAST, H3, 30)), ("nu10", "h4-untagged", f(BCAST, H4)),
        ("nt20", "h4-untagged-20", f(BCAST, H4)), ("nt20", "h3-tagged-30", f(H3, H4, 30)),
        ("acc20", "untagged-20", f(BCAST, "02:00:00:00:00:20")),
        ("acc10", "tagged-into-access", f(BCAST, H1, 10)),
        ("acc10", "priority-tagged", f(BCAST, H1, 0)),
        ("trk10", "untagged-into-trunk10", f(BCAST, H1)),
        ("trk10", "tagged-20-into-trunk10", f(BCAST, H1, 20)),
        ("trunk", "tagged-4095", f(BCAST, H2, 4095)),
        ("acc10", "h1-moves", f(BCAST, H1)), ("trunk", "h2-to-h1-again", f(H1, H2, 10)),
        ("acc10", "src-multicast", f(BCAST, "03:00:00:00:00:01")),
    ]
    for last in (0x00, 0x01, 0x02, 0x0e, 0x10, 0x21):
        seq.append(("acc10", f"reserved-01:80:c2:00:00:{last:02x}",
                    f(f"01:80:c2:00:00:{last:02x}", H1)))
    seq.append(("acc10", "llc-stp", llc("01:80:c2:00:00:00", H1)))
    compare("normal", VLAN_PORTS, seq, fail_mode="standalone")


def case_jumbo():
    """Ports of MTU 9000: frames up to 9014 bytes forwarded, rewritten, tagged, flooded."""
    jumbo = [("p1", {"mtu": 9000}), ("p2", {"mtu": 9000}), ("p3", {"mtu": 9000}),
             ("p4", {"mtu": 9000})]
    flows = ["priority=10,in_port=1,udp,actions=mod_nw_src:1.2.3.4,output:2",
             "priority=10,in_port=1,tcp,actions=mod_vlan_vid:7,output:3",
             "priority=5,in_port=1,actions=flood"]
    frames = []
    for size in (1514, 1518, 2000, 4000, 9014):
        pay = size - 14 - 20
        frames += into("p1", [
            (f"udp-{size}", eth(H2, H1, 0x0800,
                                ipv4("10.0.0.1", "10.1.2.3", udp(1, 53, b"\x5a" * (pay - 8))))),
            (f"tcp-{size}", eth(H2, H1, 0x0800,
                                ipv4("10.0.0.1", "10.1.2.3", tcp(1, 80, 0x10, b"\xa5" * (pay - 20))))),
            (f"other-{size}", eth(H2, H1, 0x88B5, b"\x11" * (size - 14)))])
    compare("jumbo", jumbo, frames, flows, pcap=True)


def case_fail_modes():
    """secure: no flows, nothing passes; standalone: flows first, NORMAL beneath."""
    frames = into("p1", ip_frames()[:6])
    compare("fail-secure", PLAIN, frames, fail_mode="secure")
    compare("fail-standalone", PLAIN, frames, ["priority=10,tcp,actions=output:3"],
            fail_mode="standalone")


if __name__ == "__main__":
    sys.exit(run_cases(globals(), sys.argv))
