# SPDX-License-Identifier: BSD-3-Clause
# Copyright(c) 2026 vsw authors
"""Every action over pcaps: input pcap + flows -> expected pcap on every port.

usage: test_actions.py CASE   (meson runs each case as its own test)

A real vswitchd with three net_pcap ports (a receives the input; a, b and c
write what they send) runs the case's flows, from the topology file, over 90
frames of every kind (IPv4 TCP/UDP/ICMP/SCTP with valid checksums, UDP
without one, a fragment, IPv6 TCP/UDP, ARP; untagged, 802.1Q and 802.1ad
tagged; some with TTL 1). tests/pktmodel.py computes what each port must
send, rewriting the obvious way and recomputing checksums from scratch; the
outputs must match byte for byte, every checksum in them must verify, and
the drops must be counted under the right names.
"""

import sys

import pcaplib
import pktmodel as pm
from vswtest import Switch, TestFailure, check, parse_exit_counters, topology

PORTS = [("a", "net_pcap0,rx_pcap={dir}/a-in.pcap,tx_pcap={dir}/a-out.pcap"),
         ("b", "net_pcap1,rx_pcap={dir}/empty.pcap,tx_pcap={dir}/b-out.pcap"),
         ("c", "net_pcap2,rx_pcap={dir}/empty.pcap,tx_pcap={dir}/c-out.pcap")]


def ip4(f):
    return pm.layout(f)[1] == 0x0800


def ip6(f):
    return pm.layout(f)[1] == 0x86DD


def l4_proto(f):
    l3, t, _ = pm.layout(f)
    return f[l3 + 9] if t == 0x0800 else f[l3 + 6] if t == 0x86DD else None


def dec_ttl_case(f):
    out, dropped = pm.dec_ttl(f)
    if dropped:
        return {}, "ttl_expired"
    return ({"b": [out]}, None) if ip4(f) or ip6(f) else ({"c": [f]}, None)


def registers_case(f):
    """load, move both ways, write_metadata, matches on them across goto_table."""
    out = pm.set_mac(f, "src", f[6:11] + f[5:6])
    return ({"b": [out]}, None) if f[5] & 1 == 0 else ({"c": [out]}, None)


# name: (flows, model: frame -> ({port: [frames]}, drop reason, (reason, count) or None))
CASES = {
    "output": (["in_port=a,actions=output:b"], lambda f: ({"b": [f]}, None)),
    "in-port": (["in_port=a,actions=in_port"], lambda f: ({"a": [f]}, None)),
    "output-to-input-dropped": (["in_port=a,actions=output:a"],
                                lambda f: ({}, "action_drop")),
    "flood": (["in_port=a,actions=flood"], lambda f: ({"b": [f], "c": [f]}, None)),
    "all": (["in_port=a,actions=all"], lambda f: ({"b": [f], "c": [f]}, None)),
    "normal": (["in_port=a,actions=normal"], lambda f: ({"b": [f], "c": [f]}, None)),
    "drop": (["in_port=a,actions=drop"], lambda f: ({}, "action_drop")),
    "table-miss": (["in_port=b,actions=output:c"], lambda f: ({}, "table_miss")),
    "mod-vlan-vid": (["in_port=a,actions=mod_vlan_vid:9,output:b"],
                     lambda f: ({"b": [pm.mod_vlan(f, vid=9)]}, None)),
    "mod-vlan-pcp": (["in_port=a,actions=mod_vlan_pcp:5,output:b"],
                     lambda f: ({"b": [pm.mod_vlan(f, pcp=5)]}, None)),
    "strip-vlan": (["in_port=a,actions=strip_vlan,output:b"],
                   lambda f: ({"b": [pm.strip_vlan(f)]}, None)),
    "push-vlan": (["in_port=a,actions=push_vlan:0x88a8,output:b"],
                  lambda f: ({"b": [pm.push_vlan(f, 0x88A8)]}, None)),
    "set-field-vlan": (["in_port=a,vlan_tci=0x1000/0x1000,"
                        "actions=set_field:4173->vlan_vid,set_field:6->vlan_pcp,output:b",
                        "priority=0,in_port=a,actions=output:c"],
                       lambda f: ({"b": [pm.mod_vlan(f, vid=77, pcp=6)]} if pm.layout(f)[2]
                                  else {"c": [f]}, None)),
    "set-field-vlan-tci": (["in_port=a,actions=set_field:0x3005->vlan_tci,output:b,"
                            "set_field:0->vlan_tci,output:c"],
                           lambda f: ({"b": [pm.mod_vlan(f, vid=5, pcp=1)],
                                       "c": [pm.strip_vlan(pm.mod_vlan(f, vid=5, pcp=1))]}, None)),
    "mod-dl": (["in_port=a,actions=mod_dl_src:0a:00:00:00:00:01,mod_dl_dst:0a:00:00:00:00:02,output:b"],
               lambda f: ({"b": [pm.set_mac(pm.set_mac(f, "src", bytes.fromhex("0a0000000001")),
                                            "dst", bytes.fromhex("0a0000000002"))]}, None)),
    "mod-nw": (["ip,in_port=a,actions=mod_nw_src:192.0.2.1,mod_nw_dst:198.51.100.7,output:b",
                "priority=0,in_port=a,actions=output:c"],
               lambda f: ({"b": [pm.set_ip4(pm.set_ip4(f, "src", bytes([192, 0, 2, 1])), "dst",
                                            bytes([198, 51, 100, 7]))]}, None)
               if ip4(f) else ({"c": [f]}, None)),
    "mod-nw-tos": (["ip,in_port=a,actions=mod_nw_tos:184,output:b",
                    "ipv6,in_port=a,actions=mod_nw_tos:32,output:b",
                    "priority=0,in_port=a,actions=output:c"],
                   lambda f: ({"b": [pm.set_tos(f, 184 if ip4(f) else 32)]}, None)
                   if ip4(f) or ip6(f) else ({"c": [f]}, None)),
    "mod-tp": (["tcp,in_port=a,actions=mod_tp_src:1111,mod_tp_dst:2222,output:b",
                "udp,in_port=a,actions=mod_tp_src:1111,mod_tp_dst:2222,output:b",
                "sctp,in_port=a,actions=mod_tp_src:1111,mod_tp_dst:2222,output:b",
                "tcp6,in_port=a,actions=mod_tp_src:1111,mod_tp_dst:2222,output:b",
                "udp6,in_port=a,actions=mod_tp_src:1111,mod_tp_dst:2222,output:b",
                "priority=0,in_port=a,actions=output:c"],
               lambda f: ({"b": [pm.set_port(pm.set_port(f, "src", 1111), "dst", 2222)]}, None)
               if l4_proto(f) in (6, 17, 132) else ({"c": [f]}, None)),
    "dec-ttl": (["ip,in_port=a,actions=dec_ttl,output:b",
                 "ipv6,in_port=a,actions=dec_ttl,output:b",
                 "priority=0,in_port=a,actions=output:c"], dec_ttl_case),
    "set-field-masked": (["ip,in_port=a,actions=set_field:172.0.0.0/255.0.0.0->ip_src,output:b",
                          "priority=0,in_port=a,actions=output:c"],
                         lambda f: ({"b": [pm.set_ip4(f, "src", bytes([172]) + pm_src(f)[1:])]},
                                    None) if ip4(f) else ({"c": [f]}, None)),
    "order": (["in_port=a,actions=output:b,mod_dl_dst:0a:0b:0c:0d:0e:0f,output:c"],
              lambda f: ({"b": [f], "c": [pm.set_mac(f, "dst", bytes.fromhex("0a0b0c0d0e0f"))]},
                         None)),
    "resubmit": (["in_port=a,actions=mod_vlan_vid:7,resubmit(,1)",
                  "table=1,dl_vlan=7,actions=output:b",
                  "table=1,priority=0,actions=output:c"],
                 lambda f: ({"b": [pm.mod_vlan(f, vid=7)]}, None)),
    "goto-table": (["in_port=a,actions=strip_vlan,goto_table:2",
                    "table=2,vlan_tci=0,actions=output:c"],
                   lambda f: ({"c": [pm.strip_vlan(f)]}, None)),
    "resubmit-loop": (["in_port=a,actions=resubmit(,0)"], lambda f: ({}, "resubmit_limit")),
    # Pipeline state: eth_dst's low byte into reg1 and back out into eth_src's; reg0,
    # reg1 and metadata decide the tables taken.
    "registers": (["in_port=a,actions=load:0x2->reg0[0..3],move:eth_dst[0..7]->reg1[0..7],"
                   "write_metadata:0x5/0xff,goto_table:1",
                   "table=1,reg0=0x2/0xf,metadata=0x5/0xff,"
                   "actions=move:reg1[0..7]->eth_src[0..7],resubmit(,2)",
                   "table=1,priority=0,actions=drop",
                   "table=2,reg1=0/0x1,actions=output:b",
                   "table=2,priority=0,xreg0=0x200000000/0xf00000000,actions=output:c"],
                  registers_case),
    "move-ip": (["ip,in_port=a,actions=move:nw_src->reg2,move:reg2->nw_dst,output:b",
                 "priority=0,in_port=a,actions=output:c"],
                lambda f: ({"b": [pm.set_ip4(f, "dst", pm_src(f))]}, None)
                if ip4(f) else ({"c": [f]}, None)),
    # 80 outputs of one packet: 64 (two per port of the switch) go, 16 are counted.
    "output-limit": (["in_port=a,actions=resubmit(,1)," + ",".join(["output:b"] * 40),
                      "table=1,actions=" + ",".join(["output:b"] * 40)],
                     lambda f: ({"b": [f] * 64}, ("output_limit", 16))),
}


def pm_src(f):
    l3 = pm.layout(f)[0]
    return f[l3 + 12:l3 + 16]


def run(name):
    flows, model = CASES[name]
    frames = pm.frames(seed=len(name))
    want = {"a": [], "b": [], "c": []}
    drops = {}
    for f in frames:
        outs, reason = model(f)
        for port, fs in outs.items():
            want[port] += fs
        if reason:  # a drop reason, or (reason, how many drops of this frame)
            reason, n = reason if isinstance(reason, tuple) else (reason, 1)
            drops[reason] = drops.get(reason, 0) + n
    with Switch("act-" + name[:10]) as sw:
        pcaplib.write_pcap(sw.path("a-in.pcap"), frames)
        pcaplib.write_pcap(sw.path("empty.pcap"), [])
        sw.write_config(topology(PORTS, flows))
        sw.start()
        sw.wait_for(lambda s: s["port"]["a"]["rx_packets"] == str(len(frames)),
                    f"{len(frames)} frames in")
        check(sw.stop() == 0, "clean stop")
        counters = parse_exit_counters(sw.stdout())
        for port in "abc":
            got = pcaplib.read_pcap(sw.path(f"{port}-out.pcap"))
            check(len(got) == len(want[port]),
                  f"port {port}: {len(got)} frames out, model says {len(want[port])}")
            for i, (g, w) in enumerate(zip(got, want[port])):
                check(g == w, f"port {port} frame {i}: differs from the model\n got  {g.hex()}"
                              f"\n want {w.hex()}")
                check(pm.verify(g), f"port {port} frame {i}: a checksum does not verify")
        check(counters["a"]["drops"] == drops, f"drops {counters['a']['drops']}, model {drops}")
    n_out = sum(len(v) for v in want.values())
    print(f"{name}: {len(frames)} frames in, {n_out} out byte-identical to the model, "
          f"checksums verified, drops {drops or 'none'}")


def main(argv):
    if len(argv) != 2 or argv[1] not in CASES:
        print(f"usage: {argv[0]} CASE ({', '.join(CASES)})", file=sys.stderr)
        return 2
    try:
        run(argv[1])
    except TestFailure as e:
        print(f"FAIL {argv[1]}: {e}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
